"""The generic signed webhook: the file feeds' comment JSON, signed with a secret per source,
refused when forged, changed after signing or replayed."""

from __future__ import annotations

import json
from typing import Any

from bot.connectors.generic_webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign_generic
from bot.store import Store
from tests.conftest import NOW
from tests.connectors.conftest import HOOK_SECRET, Hooks

STAMP = str(int(NOW.timestamp()))


def comment(n: int, text: str = "Is the jacket waterproof?", **extra: Any) -> dict[str, Any]:
    return {
        "id": f"z{n}",
        "platform": "tiktok",
        "brand": "alpenglow",
        "post_id": "v1",
        "author": "maria",
        "text": text,
        "created_at": "2026-11-24T10:00:00Z",
        **extra,
    }


async def post(
    hooks: Hooks,
    payload: Any,
    *,
    secret: str = HOOK_SECRET,
    stamp: str = STAMP,
    body: bytes | None = None,
    source: str = "zapier",
) -> tuple[int, str]:
    signed = json.dumps(payload).encode()
    headers = {
        SIGNATURE_HEADER: sign_generic(secret, stamp, signed),
        TIMESTAMP_HEADER: stamp,
        "Content-Type": "application/json",
    }
    url = f"{hooks.url}/hooks/comments/{source}"
    sent = signed if body is None else body
    async with hooks.session.post(url, data=sent, headers=headers) as response:
        return response.status, await response.text()


async def stored(store: Store) -> list[tuple[str, str]]:
    rows = await store.db.fetchall("SELECT key, text FROM comments ORDER BY key")
    return [(r[0], r[1]) for r in rows]


async def test_one_object_or_a_list_is_stored_as_feed_records(hooks: Hooks, store: Store) -> None:
    assert (await post(hooks, comment(1)))[0] == 200
    assert (await post(hooks, [comment(2), comment(3)]))[0] == 200
    assert await stored(store) == [
        ("tiktok:z1", "Is the jacket waterproof?"),
        ("tiktok:z2", "Is the jacket waterproof?"),
        ("tiktok:z3", "Is the jacket waterproof?"),
    ]
    row = await store.db.fetchone("SELECT source FROM comments WHERE key = 'tiktok:z1'")
    assert row is not None and row[0] == "webhook:zapier"


async def test_forged_changed_and_replayed_deliveries_are_refused(
    hooks: Hooks, store: Store
) -> None:
    status, text = await post(hooks, comment(1), secret="another-secret")
    assert status == 403 and HOOK_SECRET not in text
    changed = json.dumps(comment(1, "Is the jacket cheap?")).encode()
    assert (await post(hooks, comment(1), body=changed))[0] == 403
    old = str(int(NOW.timestamp()) - 301)
    status, text = await post(hooks, comment(1), stamp=old)
    assert status == 403 and "replay" in text
    ahead = str(int(NOW.timestamp()) + 301)
    assert (await post(hooks, comment(1), stamp=ahead))[0] == 403
    assert (await post(hooks, comment(1), source="make"))[0] == 404
    assert await stored(store) == []


async def test_a_timestamp_changed_after_signing_is_refused(hooks: Hooks, store: Store) -> None:
    body = json.dumps(comment(1)).encode()
    old = str(int(NOW.timestamp()) - 3600)
    headers = {
        SIGNATURE_HEADER: sign_generic(HOOK_SECRET, old, body),
        TIMESTAMP_HEADER: STAMP,  # a replayer's fresh timestamp on an old signature
    }
    async with hooks.session.post(
        f"{hooks.url}/hooks/comments/zapier", data=body, headers=headers
    ) as response:
        assert response.status == 403
    assert await stored(store) == []


async def test_duplicates_store_once_and_bad_items_are_quarantined_with_why(
    hooks: Hooks, store: Store
) -> None:
    bad_brand = comment(4, brand="elsewhere")
    no_text = comment(5)
    del no_text["text"]
    batch = [comment(1), comment(1), bad_brand, no_text, "not an object"]
    assert (await post(hooks, batch))[0] == 200
    assert (await post(hooks, [comment(1)]))[0] == 200
    assert await stored(store) == [("tiktok:z1", "Is the jacket waterproof?")]
    reasons = sorted(q.reason for q in await store.feeds.quarantined())
    assert reasons == [
        "brand 'elsewhere': this source sends for 'alpenglow' only",
        "expected a JSON object",
        "text: missing",
    ]


async def test_edits_and_removals_by_event(hooks: Hooks, store: Store) -> None:
    await post(hooks, comment(1))
    edit = comment(1, "Is it windproof?", event="edited", changed_at="2026-11-24T11:00:00Z")
    older = comment(1, "stale words", event="edited", changed_at="2026-11-24T10:30:00Z")
    await post(hooks, [edit, older])
    assert await stored(store) == [("tiktok:z1", "Is it windproof?")]
    removal = {
        "event": "remove",
        "platform": "tiktok",
        "id": "z1",
        "changed_at": "2026-11-24T12:00:00Z",
    }
    await post(hooks, removal)
    await post(hooks, comment(1))
    counts = hooks.connectors.report()["connector:webhook:zapier"]
    assert (counts["edited"], counts["removed"], counts["stale"]) == (1, 1, 2)


async def test_a_body_that_is_not_json_is_refused_with_400(hooks: Hooks) -> None:
    body = b"{not json"
    headers = {
        SIGNATURE_HEADER: sign_generic(HOOK_SECRET, STAMP, body),
        TIMESTAMP_HEADER: STAMP,
    }
    async with hooks.session.post(
        f"{hooks.url}/hooks/comments/zapier", data=body, headers=headers
    ) as response:
        assert response.status == 400
