"""The store's whole operations: each is one transaction, all of it or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from bot.models import Alert, AlertState, GroupNotice, Transition
from bot.notices import Notice
from bot.store import Store
from tests.conftest import NOW


def notice(subject: str, data: dict[Any, Any] | None = None) -> Notice:
    return Notice(
        kind="alert",
        receiver="team",
        subject=subject,
        dedupe_key=f"alert:{subject}",
        data=dict(data or {"subject": subject}),
    )


# Keys of two types cannot be sorted: the payload fails to serialise inside the transaction,
# the way a disk that fills up half-way through would fail it.
UNWRITABLE = {1: "one", "two": 2}


@dataclass(frozen=True)
class Send:
    receiver: str
    kind: str
    at: datetime
    local_day: date


def alert(campaign: str) -> Alert:
    return Alert(labels={"alertname": "CPASpike", "campaign": campaign}, summary=campaign)


async def test_group_notices_and_their_log_entries_are_written_together(store: Store) -> None:
    told = [
        GroupNotice("team", "root:a", frozenset({"fa"}), frozenset(), notice("a")),
        GroupNotice("team", "root:b", frozenset({"fb"}), frozenset(), notice("b", UNWRITABLE)),
    ]
    with pytest.raises(TypeError):
        await store.alerts.notify(told)
    assert await store.alerts.notification_log() == {}
    assert await store.outbox.depth() == 0

    quiet = GroupNotice("ops", "root:c", frozenset(), frozenset({"fc"}))
    assert await store.alerts.notify([told[0], quiet]) == 1
    assert await store.alerts.notify([told[0]]) == 0  # queued once, the log moves on
    log = await store.alerts.notification_log()
    assert {key: entry.firing for key, entry in log.items()} == {
        ("team", "root:a"): frozenset({"fa"}),
        ("ops", "root:c"): frozenset(),
    }
    assert log[("team", "root:a")].sent_at == NOW
    assert await store.outbox.depth() == 1


async def test_transitions_are_applied_together(store: Store) -> None:
    shells, boots = alert("Winter Shells"), alert("Scree Boots")
    await store.alerts.apply(
        [
            Transition(shells, shells.fingerprint, AlertState.FIRING),
            Transition(boots, boots.fingerprint, AlertState.PENDING),
        ]
    )
    assert {a.fingerprint: a.state for a in await store.alerts.active()} == {
        shells.fingerprint: AlertState.FIRING,
        boots.fingerprint: AlertState.PENDING,
    }
    await store.alerts.apply([Transition(None, shells.fingerprint, AlertState.RESOLVED)])
    assert [a.fingerprint for a in await store.alerts.active()] == [boots.fingerprint]
    (resolved,) = await store.alerts.select((AlertState.RESOLVED,))
    assert resolved.resolved_at == NOW.isoformat()


async def test_a_scheduled_send_is_claimed_only_with_its_notice(store: Store) -> None:
    assert await store.summary_runs.track([("team", "daily")], NOW - timedelta(days=1)) == 1
    send = Send("team", "daily", NOW, date(2026, 11, 25))
    covered = date(2026, 11, 24)
    with pytest.raises(TypeError):
        await store.summary_runs.send_once(send, covered, False, NOW, notice("s", UNWRITABLE))
    assert (await store.summary_runs.marks())[("team", "daily")].slot_at is None

    assert await store.summary_runs.send_once(send, covered, False, NOW, notice("s"))
    assert not await store.summary_runs.send_once(send, covered, False, NOW, notice("s2"))
    mark = (await store.summary_runs.marks())[("team", "daily")]
    assert (mark.slot_at, mark.sent_at) == (NOW, NOW)
    assert await store.outbox.depth() == 1
