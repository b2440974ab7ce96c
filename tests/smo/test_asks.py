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
        "season 3 of Quiet Meadows only goes to ep 9 but season 4 is already up",
        "only 5 episodes of season 1 on here?",
        "season 2 only runs to episode 7 and the rest stopped being available",
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
        # Playback going wrong, or a count that differs between the customer's devices.
        "season 4 only plays through ep 6 then it freezes every time",
        "series 1 only shows 3 episodes",
        "season three only goes up to episode 5 on my xbox, then it buffers and buffers",
        "s1 only has 4 episodes on my ipad though my telly has the lot",
        "why only 7 episodes of series 2 on my apple tv? all there on the website",
        "season 2 only goes to ep 8 and then the picture is a black screen",
        "season 5 only runs to episode 2, after that it just stops",
    ],
)
def test_no_catalogue_gap(text: str) -> None:
    assert catalogue_gap(text) is None
