"""The review lifecycle in the store: drafts queued for review, decided once, published once."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bot.draft_review import InvalidTransition, UnfitDecision
from bot.models import Analysis, Draft, DraftStatus, Engagement, Evidence
from bot.publisher import OutboxFilePublisher, publish_approved
from bot.review_message import review_payload
from bot.store import Store
from tests.conftest import NOW
from tests.store.test_feeds import comment


def engagement(n: int, receiver: str | None = "console") -> Engagement:
    c = comment(n, "Where is my order #4411? Two weeks now.")
    analysis = Analysis(
        comment_key=c.key,
        sentiment="negative",
        sentiment_score=-0.4,
        intents=("complaint", "support_request"),
        priority=72.0,
        priority_reason="negative complaint",
        evidence=(Evidence("support_request", "order number #4411"),),
    )
    draft = Draft(comment_key=c.key, brand=c.brand, platform=c.platform, text="So sorry!")
    return Engagement(c, analysis, draft, receiver)


def on_platform(item: Engagement, platform: str) -> Engagement:
    """The same engagement for a comment on another platform."""
    comment = replace(item.comment, platform=platform)
    assert item.draft is not None
    return replace(
        item,
        comment=comment,
        analysis=replace(item.analysis, comment_key=comment.key),
        draft=replace(item.draft, comment_key=comment.key, platform=platform),
    )


def drafted(
    n: int, action: str, platform: str = "instagram", receiver: str | None = "console"
) -> Engagement:
    """A draft that is not a reply: `human` (answer by hand), `hide` or `hide_and_escalate`,
    with no text, as the drafter makes them."""
    item = on_platform(engagement(n, receiver), platform)
    assert item.draft is not None
    return replace(item, draft=replace(item.draft, action=action, text=""))


async def queued(store: Store, item: Engagement) -> int:
    await store.feeds.ingest([item.comment])
    [notice] = await store.drafts.save_engagement([item], review_payload)
    return int(notice.subject)


def published(outbox: Path) -> list[dict[str, object]]:
    lines = outbox.read_text(encoding="utf-8").splitlines() if outbox.exists() else []
    return [json.loads(line) for line in lines]


async def test_engagement_saves_draft_queues_review_and_marks_comment_done(store: Store) -> None:
    items = [engagement(1), engagement(2, receiver=None)]
    await store.feeds.ingest([i.comment for i in items])
    assert len(await store.drafts.unprocessed()) == 2
    notices = await store.drafts.save_engagement(items, review_payload)
    assert await store.drafts.unprocessed() == []
    assert [n.kind for n in notices] == ["draft"]
    assert notices[0].data["comment"]["text"] == "Where is my order #4411? Two weeks now."
    statuses = await store.drafts.count_by_status()
    assert statuses == {"pending_review": 1, "new": 1}
    # Saving the same engagement again (a retry after a crash) adds nothing.
    assert await store.drafts.save_engagement(items, review_payload) == []
    assert await store.outbox.depth() == 1


async def test_a_draft_is_decided_once_and_audited(store: Store) -> None:
    item = engagement(1)
    await store.feeds.ingest([item.comment])
    [notice] = await store.drafts.save_engagement([item], review_payload)
    draft_id = int(notice.subject)
    decided = await store.drafts.decide(
        draft_id,
        DraftStatus.EDITED,
        "ana (slack)",
        text="Sorry! DM us the order number.",
        notify=["console"],
    )
    assert decided.status is DraftStatus.EDITED
    assert decided.text == "Sorry! DM us the order number."
    assert decided.decided_by == "ana (slack)"
    with pytest.raises(InvalidTransition, match="already edited by ana"):
        await store.drafts.decide(draft_id, DraftStatus.REJECTED, "ben (telegram)")
    audit = await store.db.fetchall("SELECT actor, action FROM audit_log")
    assert [(r[0], r[1]) for r in audit] == [("ana (slack)", "draft.edited")]
    kinds = await store.db.fetchall("SELECT kind FROM notifications ORDER BY id")
    assert [r[0] for r in kinds] == ["draft", "decision"]


async def test_published_only_once(store: Store) -> None:
    item = engagement(1)
    await store.feeds.ingest([item.comment])
    [notice] = await store.drafts.save_engagement([item], review_payload)
    await store.drafts.decide(int(notice.subject), DraftStatus.APPROVED, "ana")
    [ready] = await store.drafts.publishable()
    await store.drafts.mark_published(ready.id)
    await store.drafts.mark_published(ready.id)
    assert await store.drafts.publishable() == []
    assert (await store.drafts.get(ready.id)).status is DraftStatus.PUBLISHED
    published = await store.db.scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'draft.published'"
    )
    assert published == 1


async def test_outbox_gives_up_only_after_the_allowed_attempts(store: Store) -> None:
    item = engagement(1)
    await store.feeds.ingest([item.comment])
    [notice] = await store.drafts.save_engagement([item], review_payload)
    [due] = await store.outbox.due()
    assert due.id is not None and due.subject == notice.subject
    await store.outbox.mark_failed(due.id, "timeout", give_up_after=None)
    await store.outbox.mark_failed(due.id, "bad request", give_up_after=3)
    assert len(await store.outbox.due()) == 1
    await store.outbox.mark_failed(due.id, "bad request", give_up_after=3)
    assert await store.outbox.due() == []
    assert await store.outbox.counts() == {"failed": 1}


async def test_a_draft_to_answer_by_hand_is_not_approved_without_a_reply(
    store: Store, tmp_path: Path
) -> None:
    draft_id = await queued(store, drafted(1, "human"))

    with pytest.raises(UnfitDecision, match="no reply to approve"):
        await store.drafts.decide(draft_id, DraftStatus.APPROVED, "ana", notify=["console"])

    assert (await store.drafts.get(draft_id)).status is DraftStatus.PENDING_REVIEW
    assert await store.db.scalar("SELECT COUNT(*) FROM audit_log") == 0
    assert await store.db.scalar("SELECT COUNT(*) FROM notifications") == 1  # the review only
    outbox = tmp_path / "outbox.jsonl"
    assert await publish_approved(store.drafts, OutboxFilePublisher(outbox)) == 0
    assert published(outbox) == []


async def test_a_reply_written_for_a_draft_to_answer_by_hand_is_published_as_a_reply(
    store: Store, tmp_path: Path
) -> None:
    draft_id = await queued(store, drafted(1, "human"))

    decided = await store.drafts.decide(
        draft_id, DraftStatus.EDITED, "ana", text="Hi! DM us your order number.", notify=["x"]
    )

    assert decided.action == "reply"
    outbox = tmp_path / "outbox.jsonl"
    assert await publish_approved(store.drafts, OutboxFilePublisher(outbox)) == 1
    [line] = published(outbox)
    assert (line["action"], line["text"]) == ("reply", "Hi! DM us your order number.")
    decision = await store.outbox.find("decision", str(draft_id))
    assert decision is not None and decision.data["action"] == "reply"


@pytest.mark.parametrize("action", ["hide", "hide_and_escalate"])
async def test_a_hide_takes_no_text_and_is_published_as_a_hide(
    store: Store, tmp_path: Path, action: str
) -> None:
    draft_id = await queued(store, drafted(1, action))

    with pytest.raises(UnfitDecision, match="takes no reply"):
        await store.drafts.decide(draft_id, DraftStatus.EDITED, "ana", text="Go away")
    assert (await store.drafts.get(draft_id)).status is DraftStatus.PENDING_REVIEW

    await store.drafts.decide(draft_id, DraftStatus.APPROVED, "ana", notify=["console"])
    outbox = tmp_path / "outbox.jsonl"
    assert await publish_approved(store.drafts, OutboxFilePublisher(outbox)) == 1
    [line] = published(outbox)
    assert line["action"] == "hide"
    assert "text" not in line
    decision = await store.outbox.find("decision", str(draft_id))
    assert decision is not None and decision.data["action"] == action


async def test_an_empty_reply_approved_by_an_older_version_is_never_published(
    store: Store, tmp_path: Path
) -> None:
    draft_id = await queued(store, drafted(1, "human"))
    # What older versions let through: an answer-by-hand draft approved with no reply.
    await store.db.execute_many(
        "UPDATE drafts SET status = 'approved', decided_by = 'ana' WHERE id = ?", [(draft_id,)]
    )
    outbox = tmp_path / "outbox.jsonl"

    assert await publish_approved(store.drafts, OutboxFilePublisher(outbox)) == 0

    assert published(outbox) == []
    assert (await store.drafts.get(draft_id)).status is DraftStatus.APPROVED


async def test_drafts_waiting_are_read_only_when_created_before_the_cutoff(store: Store) -> None:
    items = [engagement(1), engagement(2)]
    await store.feeds.ingest([i.comment for i in items])
    await store.drafts.save_engagement(items, review_payload)
    assert await store.drafts.waiting_unreminded(created_before=NOW) == []
    later = NOW + timedelta(microseconds=1)
    assert [d.id for d in await store.drafts.waiting_unreminded(created_before=later)] == [1, 2]
    assert [d.id for d in await store.drafts.waiting_unreminded()] == [1, 2]
