"""One snooze rule for every channel: more than 0, at most 365 days, or until the alert resolves."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.alerting.manager import AlertManager
from bot.config.loading import load_workspace
from bot.models import UNTIL_RESOLVED
from bot.snooze import LONGEST_SNOOZE, BadSnooze, Snooze, parse_snooze, snoozed_until
from bot.store import Store
from handlers.actions import Actions, Actor
from tests.conftest import NOW
from tests.handlers.test_console_and_actions import Firing, cpa_alert, workspace


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("24h", Snooze("24h", timedelta(hours=24))),
        (" 7D ", Snooze("7d", timedelta(days=7))),
        ("1h30m", Snooze("1h30m", timedelta(minutes=90))),
        ("365d", Snooze("365d", LONGEST_SNOOZE)),
        ("until-resolved", Snooze("until-resolved", None)),
        ("Until_Resolved", Snooze("until-resolved", None)),
        ("resolved", Snooze("until-resolved", None)),
    ],
)
def test_a_snooze_length_the_rule_accepts(text: str, read: Snooze) -> None:
    assert parse_snooze(text) == read


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("0", "'0' is no time at all: a snooze must be longer than 0"),
        ("0s", "'0s' is no time at all: a snooze must be longer than 0"),
        ("-1d", "'-1d' is negative: a snooze must be longer than 0"),
        ("-5", "'-5' is negative: a snooze must be longer than 0"),
        ("366d", "'366d' is too long: a snooze lasts at most 365 days"),
        ("53w", "'53w' is too long: a snooze lasts at most 365 days"),
        ("1000000000d", "'1000000000d' is too long: a snooze lasts at most 365 days"),
        ("forever", "'forever' is not a duration; use 24h, 7d or until-resolved"),
        ("1h1h", "'1h1h' is not a duration"),
        ("", "no snooze length given; use 24h, 7d or until-resolved"),
    ],
)
def test_a_snooze_length_the_rule_refuses_is_named(text: str, said: str) -> None:
    with pytest.raises(BadSnooze) as refused:
        parse_snooze(text)
    assert str(refused.value).startswith(said)
    # Each channel quotes the value its own way.
    assert refused.value.explain(lambda v: f"[{v}]").startswith(
        said.replace(f"'{text}'", f"[{text}]")
    )


async def test_actions_refuse_a_zero_or_too_long_snooze_and_keep_nothing(
    store: Store, tmp_path: Path
) -> None:
    ws = load_workspace(workspace(tmp_path))
    alert = cpa_alert("Winter Shells", brand="alpenglow")
    await AlertManager(store, ws.routing_tree, Firing(alert), {})(NOW)
    actions = Actions(store, ws)
    ana = Actor("console", "ana", "Ana")

    for length in ("0", "-2h", "400d", "3650d"):
        with pytest.raises(BadSnooze, match=f"'{length}'"):
            await actions.snooze(alert.fingerprint[:8], length, ana)
    assert await store.db.scalar("SELECT COUNT(*) FROM silences") == 0

    longest = await actions.snooze(alert.fingerprint[:8], "365d", ana)
    assert longest.ends_at == (NOW + timedelta(days=365)).isoformat()
    for_good = await actions.snooze(alert.fingerprint[:8], "Resolved", ana)
    assert (for_good.ends_at, for_good.comment) == (UNTIL_RESOLVED, "snoozed until-resolved")


def test_a_silence_is_said_to_hold_until_its_end_in_utc_or_until_the_alert_resolves() -> None:
    assert snoozed_until(UNTIL_RESOLVED) == "until it resolves"
    assert snoozed_until("2026-03-09T14:05:59+00:00") == "until 2026-03-09 14:05 UTC"
