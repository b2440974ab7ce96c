"""A season cut short read as a catalogue gap, from made-up comments, with look-alikes that are
not one."""

from __future__ import annotations

import pytest

from bot.smo.asks import catalogue_gap


@pytest.mark.parametrize(
    "text",
    [
        "season two of Copperline only goes to ep12? the rest aired months ago",
        "series 3 of Harbour Lights only goes up to episode 6?",
        "why are there only 4 episodes of season 2 of Night Orchard?",
        "s4 only has 8 episodes on here but there were 10",
    ],
)
def test_a_season_cut_short_is_a_catalogue_gap(text: str) -> None:
    assert catalogue_gap(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "my season pass only has 3 days left?",
        "season 2 only plays 5 minutes before it crashes",
        "the series only goes to episode 3 in my downloads",  # their own downloads: a fault
    ],
)
def test_no_catalogue_gap(text: str) -> None:
    assert catalogue_gap(text) is None
