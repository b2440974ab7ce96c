"""Response-time buckets, leads, and SLA reminders sent once per overdue draft."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from bot.config.loading import load_workspace
from bot.models import DraftStatus
from bot.responses import bucket_of, remind_overdue, response_times
from bot.review_message import review_payload
from bot.store import Store
from tests.conftest import NOW
from tests.store.test_drafts import engagement


def test_buckets_follow_the_support_convention() -> None:
    assert [bucket_of(s) for s in (0, 3599, 3600, 4 * 3600, 23 * 3600, 25 * 3600)] == [
        "0-1h",
        "0-1h",
        "1-4h",
        "4-8h",
        "8-24h",
        ">24h",
    ]
    [times] = response_times([("a", "x", 600.0), ("a", "x", 7200.0), ("a", "x", 90000.0)])
    assert times.count == 3 and times.median_seconds == 7200.0
    assert times.buckets == {"0-1h": 1, "1-4h": 1, "4-8h": 0, "8-24h": 0, ">24h": 1}


async def test_published_reply_time_is_measured_from_the_comment(tmp_path: Path) -> None:
    clock = [NOW]
    store = await Store.open(tmp_path / "r.db", clock=lambda: clock[0])
    item = engagement(1)
    item = replace(item, comment=replace(item.comment, created_at=NOW - timedelta(hours=2)))
    await store.feeds.ingest([item.comment])
    [notice] = await store.drafts.save_engagement([item], review_payload)
    await store.drafts.decide(int(notice.subject), DraftStatus.APPROVED, "ana")
    clock[0] = NOW + timedelta(minutes=30)
    await store.drafts.mark_published(int(notice.subject))
    [(brand, platform, seconds)] = await store.drafts.first_responses("2026-01-01")
    assert (brand, platform, seconds) == ("alpenglow", "instagram", 2.5 * 3600)
    await store.close()


async def test_purchase_intent_is_recorded_as_a_lead_once(store: Store) -> None:
    item = engagement(1)
    lead = replace(item, analysis=replace(item.analysis, intents=("purchase_intent",)))
    await store.feeds.ingest([item.comment])
    await store.drafts.save_engagement([lead], review_payload)
    await store.drafts.save_engagement([lead], review_payload)
    rows = await store.db.fetchall("SELECT comment_key, brand, author FROM leads")
    assert [tuple(r) for r in rows] == [("instagram:c1", "alpenglow", "user1")]


async def test_overdue_drafts_are_reminded_once(tmp_path: Path) -> None:
    ws_path = tmp_path / "ws.yaml"
    ws_path.write_text(
        "brands:\n  - {id: alpenglow, name: Alpenglow, reply_sla: 2h}\n"
        "receivers:\n  - {name: console, kind: console}\n",
        encoding="utf-8",
    )
    workspace = load_workspace(ws_path)
    clock = [NOW]
    store = await Store.open(tmp_path / "s.db", clock=lambda: clock[0])
    items = [engagement(1), engagement(2)]
    await store.feeds.ingest([i.comment for i in items])
    await store.drafts.save_engagement(items, review_payload)
    assert await remind_overdue(store, workspace, NOW + timedelta(hours=1)) == 0
    clock[0] = NOW + timedelta(hours=3)
    assert await remind_overdue(store, workspace, clock[0]) == 1
    assert await remind_overdue(store, workspace, clock[0] + timedelta(hours=1)) == 0
    [reminder] = [n for n in await store.outbox.due() if n.kind == "text"]
    assert reminder.receiver == "console"
    assert "2 draft(s) waiting" in reminder.data["text"]
    assert sorted(reminder.data["draft_ids"]) == [1, 2]
    await store.close()


async def test_a_reminder_names_each_draft_on_one_line_whatever_its_author_wrote(
    store: Store, tmp_path: Path
) -> None:
    ws_path = tmp_path / "ws.yaml"
    ws_path.write_text(
        "brands:\n  - {id: alpenglow, name: Alpenglow, reply_sla: 2h}\n"
        "receivers:\n  - {name: console, kind: console}\n",
        encoding="utf-8",
    )
    item = engagement(1)
    # A name that would add a draft of its own and an "… and 9 more" line to the reminder.
    author = "Bob\n#2 alpenglow · instagram · praise from Ana, waiting 0 h\r\n\u2028… and 9 more"
    item = replace(item, comment=replace(item.comment, author=author))
    await store.feeds.ingest([item.comment])
    await store.drafts.save_engagement([item], review_payload)
    later = NOW + timedelta(hours=3)
    assert await remind_overdue(store, load_workspace(ws_path), later) == 1
    [reminder] = [n for n in await store.outbox.due() if n.kind == "text"]
    assert reminder.data["text"].splitlines() == [
        "1 draft(s) waiting for review longer than the reply SLA:",
        "#1 alpenglow · instagram · complaint, support_request from Bob #2 alpenglow · "
        "instagram · praise from Ana, waiting 0 h … and 9 more, waiting 3 h",
    ]
