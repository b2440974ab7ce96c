"""Meta webhooks on the bot's HTTP server: the handshake, signatures on the raw body, and
comment adds, edits and removals stored once whatever the order or number of deliveries."""

from __future__ import annotations

import json

from bot.models import Analysis, Draft, DraftStatus, Engagement
from bot.review_message import review_payload
from bot.store import Store
from tests.connectors.conftest import (
    APP_SECRET,
    VERIFY_TOKEN,
    Hooks,
    fb_comment,
    ig_comment,
)


async def comments(store: Store) -> list[tuple[str, str]]:
    rows = await store.db.fetchall("SELECT key, text FROM comments ORDER BY key")
    return [(r[0], r[1]) for r in rows]


async def pending_draft(store: Store, key: str) -> int:
    """Analyse the stored comment and queue its reply draft for review."""
    [comment] = [c for c in await store.drafts.unprocessed() if c.key == key]
    analysis = Analysis(comment.key, "neutral", 0.0, ("question",), 50.0, "question")
    draft = Draft(comment.key, comment.brand, comment.platform, "Yes, in blue too!")
    [notice] = await store.drafts.save_engagement(
        [Engagement(comment, analysis, draft, "console")], review_payload
    )
    return int(notice.subject)


async def test_the_handshake_answers_the_challenge_only_for_the_verify_token(
    hooks: Hooks,
) -> None:
    query = {
        "hub.mode": "subscribe",
        "hub.verify_token": VERIFY_TOKEN,
        "hub.challenge": "1158201444",
    }
    async with hooks.session.get(f"{hooks.url}/hooks/meta", params=query) as response:
        assert response.status == 200
        assert response.content_type == "text/plain"
        assert await response.text() == "1158201444"
    wrong = {**query, "hub.verify_token": "guess"}
    async with hooks.session.get(f"{hooks.url}/hooks/meta", params=wrong) as response:
        assert response.status == 403
        assert "1158201444" not in await response.text()
    unsubscribe = {**query, "hub.mode": "unsubscribe"}
    async with hooks.session.get(f"{hooks.url}/hooks/meta", params=unsubscribe) as response:
        assert response.status == 403


async def test_a_signed_page_comment_is_stored_before_the_answer(
    hooks: Hooks, store: Store
) -> None:
    response = await hooks.meta(fb_comment("1"))
    assert response.status == 200
    assert await comments(store) == [("facebook:77_1", "Does it come in blue?")]
    row = await store.db.fetchone("SELECT brand, post_id, author, parent_id, source FROM comments")
    assert row is not None
    assert tuple(row) == ("alpenglow", "1020304050_77", "Jane Doe", None, "webhook:meta")


async def test_an_instagram_comment_is_stored(hooks: Hooks, store: Store) -> None:
    assert (await hooks.meta(ig_comment("1790001"))).status == 200
    assert await comments(store) == [("instagram:1790001", "Love it!")]


async def test_forged_and_changed_bodies_are_refused_and_nothing_is_stored(
    hooks: Hooks, store: Store
) -> None:
    forged = await hooks.meta(fb_comment("1"), secret="not-the-app-secret")
    assert forged.status == 403
    body = json.dumps(fb_comment("2")).encode()
    from bot.connectors.signatures import sign

    signature = sign(APP_SECRET, body)
    changed = body.replace(b"Does it come in blue?", b"Does it come in gold?")
    for sent, header in ((changed, signature), (body, None), (body, "sha256=" + "0" * 64)):
        headers = {"X-Hub-Signature-256": header} if header else {}
        async with hooks.session.post(
            f"{hooks.url}/hooks/meta", data=sent, headers=headers
        ) as response:
            assert response.status == 403
    assert await comments(store) == []


async def test_duplicate_deliveries_store_one_comment(hooks: Hooks, store: Store) -> None:
    for _ in range(3):
        assert (await hooks.meta(fb_comment("1"))).status == 200
    assert await comments(store) == [("facebook:77_1", "Does it come in blue?")]
    counts = hooks.connectors.report()["connector:webhook:meta"]
    assert (counts["stored"], counts["duplicate"]) == (1, 2)


async def test_an_edit_updates_the_record_and_withdraws_its_pending_draft(
    hooks: Hooks, store: Store
) -> None:
    await hooks.meta(fb_comment("1", time=1_795_000_000))
    draft_id = await pending_draft(store, "facebook:77_1")
    edited = fb_comment("1", "Does it come in red?", verb="edited", time=1_795_000_100)
    assert (await hooks.meta(edited)).status == 200
    assert await comments(store) == [("facebook:77_1", "Does it come in red?")]
    draft = await store.drafts.get(draft_id)
    assert draft.status is DraftStatus.REJECTED
    assert draft.decided_by == "connector"
    assert draft.reason is not None and "edited" in draft.reason
    assert "Does it come in red?" in draft.reason


async def test_a_removal_withdraws_the_pending_draft_with_that_reason(
    hooks: Hooks, store: Store
) -> None:
    await hooks.meta(fb_comment("1"))
    draft_id = await pending_draft(store, "facebook:77_1")
    assert (await hooks.meta(fb_comment("1", verb="remove", time=1_795_000_200))).status == 200
    draft = await store.drafts.get(draft_id)
    assert draft.status is DraftStatus.REJECTED
    assert draft.reason == "withdrawn: the comment was removed on facebook"


async def test_an_older_edit_arriving_late_changes_nothing(hooks: Hooks, store: Store) -> None:
    await hooks.meta(fb_comment("1"))
    await hooks.meta(fb_comment("1", "second words", verb="edited", time=1_795_000_200))
    await hooks.meta(fb_comment("1", "first words", verb="edited", time=1_795_000_100))
    assert await comments(store) == [("facebook:77_1", "second words")]


async def test_a_removal_before_its_add_keeps_the_comment_out(hooks: Hooks, store: Store) -> None:
    await hooks.meta(fb_comment("1", verb="remove", time=1_795_000_200))
    await hooks.meta(fb_comment("1"))
    await hooks.meta(fb_comment("1", "edited later", verb="edited", time=1_795_000_100))
    assert await comments(store) == []


async def test_an_edit_before_its_add_stores_the_edited_text_once(
    hooks: Hooks, store: Store
) -> None:
    await hooks.meta(fb_comment("1", "edited words", verb="edited", time=1_795_000_100))
    await hooks.meta(fb_comment("1"))
    assert await comments(store) == [("facebook:77_1", "edited words")]


async def test_a_removed_comment_not_yet_analysed_gets_no_draft(hooks: Hooks, store: Store) -> None:
    await hooks.meta(fb_comment("1"))
    await hooks.meta(fb_comment("1", verb="remove", time=1_795_000_200))
    assert await store.drafts.unprocessed() == []


async def test_unreadable_items_are_quarantined_with_the_reason_and_the_rest_stored(
    hooks: Hooks, store: Store
) -> None:
    good = fb_comment("1")
    bad = fb_comment("2")
    del bad["entry"][0]["changes"][0]["value"]["comment_id"]
    stranger = fb_comment("3")
    stranger["entry"][0]["id"] = "999"
    good["entry"] += bad["entry"] + stranger["entry"]
    assert (await hooks.meta(good)).status == 200
    assert await comments(store) == [("facebook:77_1", "Does it come in blue?")]
    reasons = [q.reason for q in await store.feeds.quarantined()]
    assert sorted(reasons) == [
        "comment_id: missing",
        "facebook account '999' is not in comments_in.accounts",
    ]


async def test_other_page_changes_are_ignored(hooks: Hooks, store: Store) -> None:
    reaction = fb_comment("1")
    reaction["entry"][0]["changes"][0]["value"]["item"] = "reaction"
    assert (await hooks.meta(reaction)).status == 200
    assert await comments(store) == []
    assert await store.feeds.quarantined() == []
