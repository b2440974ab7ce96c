"""Crash drill: a publishing process SIGKILLed 50 times, mostly between a platform carrying out
a reply or hide and the process recording it: no reply is posted twice and none is lost."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import sys
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path

import pytest

from bot.models import DraftStatus
from bot.store import Store
from bot.store.publications import PublicationStore
from tests.conftest import REPO
from tests.connectors.fake_platforms import ENV, FakePlatforms, serving, workspace_yaml
from tests.store.test_drafts import drafted, engagement, on_platform, queued

PLATFORMS = ("facebook", "instagram", "youtube")
REPLIES_PER_PLATFORM = 90
HIDES_PER_PLATFORM = 10
KILLS = 50
# Of the kills, how many strike right after the platform carried out a call (before its
# answer reaches the process); the others at a random moment after the process starts.
KILLS_AFTER_A_CALL = 40
HANG_GUARD_S = 120.0
CHILD = Path(__file__).with_name("publish_child.py")


async def seed(store: Store, n: int = 0) -> tuple[list[int], dict[int, str]]:
    """Approved drafts on every platform, numbered after `n`; returns their ids and the comment
    of each reply."""
    ids: list[int] = []
    replies: dict[int, str] = {}
    for platform in PLATFORMS:
        for index in range(REPLIES_PER_PLATFORM + HIDES_PER_PLATFORM):
            n += 1
            hide = index >= REPLIES_PER_PLATFORM
            item = drafted(n, "hide", platform) if hide else on_platform(engagement(n), platform)
            draft_id = await queued(store, item)
            await store.drafts.decide(draft_id, DraftStatus.APPROVED, "ana")
            ids.append(draft_id)
            if not hide:
                replies[draft_id] = f"c{n}"
    return ids, replies


async def run_child(
    db: Path,
    workspace: Path,
    pid: list[int] | None = None,
    killer: Callable[[int], Awaitable[None]] | None = None,
) -> int:
    """Run the publisher to its end, or until killed (by `killer`, given its pid, or by the
    fake platform through `pid`); returns its exit code."""
    env = {**os.environ, **ENV, "PYTHONPATH": str(REPO)}
    child = await asyncio.create_subprocess_exec(
        sys.executable, str(CHILD), str(db), str(workspace), cwd=str(REPO), env=env
    )
    if pid is not None:
        pid[:] = [child.pid]
    killing = asyncio.ensure_future(killer(child.pid)) if killer is not None else None
    try:
        return await asyncio.wait_for(child.wait(), HANG_GUARD_S)
    finally:
        if killing is not None:
            killing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await killing


async def kill_when_busy(platforms: FakePlatforms, delay: float, pid: int) -> None:
    """Kill the publisher `delay` seconds after its first call to a platform: at a random
    point of its work (a look-up, a call, a write), not while it starts."""
    calls = len(platforms.calls)
    while len(platforms.calls) == calls:
        await asyncio.sleep(0.005)
    await asyncio.sleep(delay)
    _kill(pid)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


@pytest.mark.slow
async def test_fifty_kills_between_the_call_and_the_write_post_nothing_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(19)
    db = tmp_path / "drill.db"
    store = await Store.open(db)
    try:
        ids, replies = await seed(store)
    finally:
        await store.close()
    platforms = FakePlatforms()
    posts_this_run = 0
    kill_at: int | None = None
    pid: list[int] = []

    def after_post() -> None:
        nonlocal posts_this_run
        posts_this_run += 1
        if kill_at is not None and posts_this_run == kill_at and pid:
            _kill(pid[0])

    platforms.after_post = after_post
    kills = runs = after_calls = 0
    async with serving(platforms) as base:
        workspace = tmp_path / "workspace.yaml"
        workspace.write_text(workspace_yaml(base), encoding="utf-8")
        while kills < KILLS:
            runs += 1
            posts_this_run = 0
            left_after_a_call = KILLS_AFTER_A_CALL - after_calls
            after_a_call = rng.random() < left_after_a_call / (KILLS - kills)
            after_calls += after_a_call
            kill_at = rng.randint(1, 4) if after_a_call else None
            delay = rng.uniform(0.0, 0.08)
            killer = None if after_a_call else partial(kill_when_busy, platforms, delay)
            code = await run_child(db, workspace, pid, killer)
            if code == -signal.SIGKILL:
                kills += 1
                continue
            assert code == 0, f"the publisher failed (exit {code})"
            # Everything was published before the kill (a fast machine gets far in a random
            # delay): approve another batch, so every one of the kills strikes work in hand.
            store = await Store.open(db)
            try:
                more_ids, more_replies = await seed(store, len(ids))
            finally:
                await store.close()
            ids += more_ids
            replies.update(more_replies)
        kill_at = None
        assert await run_child(db, workspace) == 0

    store = await Store.open(db)
    try:
        publications = PublicationStore(store.db)
        statuses = [(await store.drafts.get(draft_id)).status for draft_id in ids]
        kept = {draft_id: (await publications.get(draft_id)) for draft_id in replies}
    finally:
        await store.close()
    twice = sum(platforms.reply_count(comment) > 1 for comment in replies.values())
    lost = sum(platforms.reply_count(comment) == 0 for comment in replies.values())
    hides_repeated = sum(count - 1 for count in platforms.hides.values())
    looked = sum(1 for method, _ in platforms.calls if method == "GET")
    with capsys.disabled():
        print(
            f"\npublish-once drill: {kills} kills in {runs} runs ({after_calls}"
            f" right after a platform call), {len(replies)} replies and "
            f"{len(ids) - len(replies)} hides: {twice} replies posted twice, {lost} lost,"
            f" {looked} look-ups, {hides_repeated} hides repeated (harmless)"
        )
    assert twice == 0 and lost == 0
    assert kills == KILLS
    assert all(status is DraftStatus.PUBLISHED for status in statuses)
    for draft_id, comment in replies.items():
        publication = kept[draft_id]
        assert publication is not None
        assert publication.reply_id == platforms.replies[comment][0]["id"]
    hidden = {f"c{n}" for n in range(1, len(ids) + 1)} - set(replies.values())
    assert all(platforms.hides[comment] >= 1 for comment in hidden)
