"""One open draft per customer thread: a new comment in the thread updates the draft."""

from __future__ import annotations

from dataclasses import replace

from bot.models import DraftStatus, Engagement
from bot.review_message import review_payload
from bot.store import Store
from tests.store.test_drafts import engagement


def in_thread(n: int, text: str, reply: str, author: str = "robin") -> Engagement:
    """An engagement for comment ``n`` by ``author`` on post p1, with the reply ``reply``."""
    item = engagement(n)
    comment = replace(item.comment, author=author, text=text)
    assert item.draft is not None
    return replace(item, comment=comment, draft=replace(item.draft, text=reply))


async def test_a_second_comment_in_a_thread_updates_its_open_draft(store: Store) -> None:
    first = in_thread(1, "my parcel is late", "Sorry about the delay, DM us your order number.")
    await store.feeds.ingest([first.comment])
    [notice] = await store.drafts.save_engagement([first], review_payload)
    second = in_thread(2, "hello?? still nothing", "Sorry it's still not sorted, DM us.")
    await store.feeds.ingest([second.comment])
    [update] = await store.drafts.save_engagement([second], review_payload)

    assert update.subject == notice.subject  # the same draft, shown again to the reviewer
    assert update.dedupe_key != notice.dedupe_key
    [record] = await store.drafts.select()
    assert record.id == int(notice.subject)
    assert (
        record.comment_key == second.comment.key and record.comment_text == "hello?? still nothing"
    )
    assert record.text == "Sorry it's still not sorted, DM us."
    assert "my parcel is late" in record.note  # the context of the thread
    assert await store.drafts.count_by_status() == {"pending_review": 1}
    # The first request was never sent: the second, with the thread's context, replaces it.
    assert update.data["thread"] == {"earlier": "my parcel is late", "updated": False}
    assert [n.dedupe_key for n in await store.outbox.due()] == [update.dedupe_key]


async def test_comments_of_one_thread_in_one_batch_make_one_draft(store: Store) -> None:
    items = [
        in_thread(1, "order not here", "Sorry, DM us."),
        in_thread(2, "also the app logs me out", "Sorry about both, DM us."),
        in_thread(3, "someone else's problem", "Hi, DM us.", author="sky"),
    ]
    await store.feeds.ingest([i.comment for i in items])
    notices = await store.drafts.save_engagement(items, review_payload)
    records = await store.drafts.select()
    assert sorted(r.author for r in records) == ["robin", "sky"]
    robin = next(r for r in records if r.author == "robin")
    assert robin.text == "Sorry about both, DM us." and "order not here" in robin.note
    assert len(notices) == 2 and await store.outbox.depth() == 2


async def test_a_decided_draft_is_not_reopened_by_a_new_comment(store: Store) -> None:
    first = in_thread(1, "my parcel is late", "Sorry, DM us.")
    await store.feeds.ingest([first.comment])
    [notice] = await store.drafts.save_engagement([first], review_payload)
    await store.drafts.decide(int(notice.subject), DraftStatus.APPROVED, "mia")
    second = in_thread(2, "thanks, got it", "You're welcome.")
    await store.feeds.ingest([second.comment])
    [fresh] = await store.drafts.save_engagement([second], review_payload)
    assert fresh.subject != notice.subject
    assert (await store.drafts.get(int(notice.subject))).status is DraftStatus.APPROVED
