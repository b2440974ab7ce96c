"""The review lifecycle in the store: drafts queued for review, decided once, published once."""

from __future__ import annotations

import pytest

from bot.models import Analysis, Draft, DraftStatus, Engagement, Evidence
from bot.store import Store
from bot.store.drafts import InvalidTransition
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


async def test_engagement_saves_draft_queues_review_and_marks_comment_done(store: Store) -> None:
    items = [engagement(1), engagement(2, receiver=None)]
    await store.feeds.ingest([i.comment for i in items])
    assert len(await store.drafts.unprocessed()) == 2
    notices = await store.drafts.save_engagement(items)
    assert await store.drafts.unprocessed() == []
    assert [n.kind for n in notices] == ["draft"]
    assert notices[0].data["comment"]["text"] == "Where is my order #4411? Two weeks now."
    statuses = await store.drafts.count_by_status()
    assert statuses == {"pending_review": 1, "new": 1}
    # Saving the same engagement again (a retry after a crash) adds nothing.
    assert await store.drafts.save_engagement(items) == []
    assert await store.outbox.depth() == 1


async def test_a_draft_is_decided_once_and_audited(store: Store) -> None:
    item = engagement(1)
    await store.feeds.ingest([item.comment])
    [notice] = await store.drafts.save_engagement([item])
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
    [notice] = await store.drafts.save_engagement([item])
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
    [notice] = await store.drafts.save_engagement([item])
    [due] = await store.outbox.due()
    assert due.id is not None and due.subject == notice.subject
    await store.outbox.mark_failed(due.id, "timeout", give_up_after=None)
    await store.outbox.mark_failed(due.id, "bad request", give_up_after=3)
    assert len(await store.outbox.due()) == 1
    await store.outbox.mark_failed(due.id, "bad request", give_up_after=3)
    assert await store.outbox.due() == []
    assert await store.outbox.counts() == {"failed": 1}
