"""One open draft per customer thread, end to end: a feed, the pipeline, a SQLite store, the
review messages on a channel and the reply published."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from bot.config.loading import load_workspace
from bot.config.workspace import Workspace
from bot.delivery import Deliverer
from bot.ingest.follower import FileFollower
from bot.models import DraftStatus
from bot.notices import Notice
from bot.pipeline import Pipeline
from bot.publisher import OutboxFilePublisher
from bot.rendering import Renderer
from bot.smo.brand import BrandProfile
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.store import Store
from handlers.console import ConsoleChannel
from handlers.slack.messages import Messages, slack_renderer
from handlers.telegram.channel import telegram_renderer
from handlers.telegram.formatting import escape
from tests.conftest import NOW

BRAND = BrandProfile(
    id="wirely",
    name="Wirely",
    handles={"x": "wirelyhelp"},
    industry="telco",
    review_receiver="console",
    sign_off="",
)


@dataclass
class Rig:
    store: Store
    pipeline: Pipeline
    feed: Path
    screen: io.StringIO
    outbox: Path

    def write(self, *comments: dict[str, Any]) -> None:
        with self.feed.open("a", encoding="utf-8") as handle:
            for c in comments:
                handle.write(json.dumps(c) + "\n")

    def shown(self) -> str:
        return self.screen.getvalue()


def tweet(
    n: int, text: str, author: str = "dana", parent: int | None = None, minutes: int = 0
) -> dict[str, Any]:
    """A tweet to the brand: on X a reply is a post of its own, joined to the thread by its
    parent (the brand's answer, or the customer's own earlier tweet)."""
    return {
        "id": f"t{n}",
        "platform": "x",
        "brand": "wirely",
        "post_id": f"post-{n}",
        "parent_id": f"t{parent}" if parent is not None else None,
        "author": author,
        "author_followers": 120,
        "text": text,
        "created_at": (NOW - timedelta(hours=2) + timedelta(minutes=minutes)).isoformat(),
        "url": None,
    }


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[Rig]:
    store = await Store.open(tmp_path / "bot.db", clock=lambda: NOW)
    feed = tmp_path / "comments.jsonl"
    feed.write_text("", encoding="utf-8")
    screen = io.StringIO()
    console = ConsoleChannel(Renderer(), Console(file=screen, width=200, color_system=None))
    pipeline = Pipeline(
        store=store,
        followers=[FileFollower(feed, "comments", store.feeds)],
        drop_folder=None,
        engagement=EngagementEngine([BRAND], default_templates_dir()),
        deliverer=Deliverer(store.outbox, {"console": console}),
        publisher=OutboxFilePublisher(tmp_path / "published.jsonl"),
        clock=lambda: NOW,
        engine_process=False,
    )
    try:
        yield Rig(store, pipeline, feed, screen, tmp_path / "published.jsonl")
    finally:
        await pipeline.close()
        await store.close()


@pytest.mark.slow
async def test_a_follow_up_in_the_reply_chain_updates_the_open_draft_and_its_message(
    rig: Rig,
) -> None:
    rig.write(tweet(1, "@wirelyhelp my broadband has been down since this morning"))
    await rig.pipeline.step()
    [first] = await rig.store.drafts.select()
    assert first.comment_text.endswith("down since this morning")
    assert "message 1" in rig.shown() and "Updated" not in rig.shown()

    # The brand's agent answered (no draft for its own tweet); the customer answers that, and
    # another customer writes meanwhile.
    rig.write(
        tweet(2, "@dana sorry to hear that, is the router light red?", "wirelyhelp", 1, 5),
        tweet(3, "@wirelyhelp yes the light is red and it keeps rebooting", parent=2, minutes=9),
        tweet(4, "@wirelyhelp my bill doubled this month, why?", "eli", minutes=10),
    )
    await rig.pipeline.step()
    drafts = await rig.store.drafts.select(limit=10)
    assert sorted(d.author for d in drafts) == ["dana", "eli"]
    dana = next(d for d in drafts if d.author == "dana")
    assert dana.id == first.id and dana.comment_key == "x:t3"
    assert "keeps rebooting" in dana.comment_text
    assert "my broadband has been down since this morning" in dana.note
    assert dana.status is DraftStatus.PENDING_REVIEW

    shown = rig.shown()
    # The first message no longer offers the draft it showed: it says it was updated ...
    assert f"↳ message 1 updated: draft #{first.id}" in shown
    assert "review the newer message for this draft" in shown
    # ... and the new message shows the new comment, the earlier one and the current reply.
    newest = shown[shown.index("↳ message 1 updated") :]
    assert "Updated: the customer wrote again" in newest
    assert "keeps rebooting" in newest and "down since this morning" in newest
    assert dana.text[:40] in newest

    # Approved, the reply answers the newest comment of the thread.
    await rig.store.drafts.decide(dana.id, DraftStatus.APPROVED, "mia")
    await rig.pipeline.step()
    published = [json.loads(line) for line in rig.outbox.read_text().splitlines()]
    assert [p["comment"] for p in published if p.get("draft_id") == dana.id] == ["x:t3"]


@pytest.mark.slow
async def test_a_request_not_yet_sent_is_replaced_not_sent_stale(rig: Rig) -> None:
    """The review channel was down when the customer wrote again: one message goes out, with
    the draft as it is now."""
    rig.write(tweet(1, "@wirelyhelp no signal at all in Leeds since yesterday"))
    await rig.pipeline.take_in()
    rig.write(tweet(2, "@wirelyhelp still no signal, now I can't call anyone", parent=1))
    await rig.pipeline.step()
    [draft] = await rig.store.drafts.select()
    assert draft.comment_key == "x:t2"
    shown = rig.shown()
    assert shown.count(f"draft #{draft.id}") == 1 and "updated:" not in shown
    assert "The customer wrote more than once" in shown and "since yesterday" in shown


@pytest.mark.slow
async def test_a_thread_in_one_batch_and_another_author_stay_apart(rig: Rig) -> None:
    rig.write(
        tweet(1, "@wirelyhelp the app won't let me log in"),
        tweet(2, "@wirelyhelp and now it says my account is locked", parent=1, minutes=1),
        tweet(3, "@wirelyhelp the app won't let me log in", "fay", minutes=2),
    )
    await rig.pipeline.step()
    drafts = await rig.store.drafts.select(limit=10)
    assert sorted((d.author, d.comment_key) for d in drafts) == [
        ("dana", "x:t2"),
        ("fay", "x:t3"),
    ]


def test_the_updated_message_and_request_render_on_every_channel(tmp_path: Path) -> None:
    path = tmp_path / "ws.yaml"
    path.write_text(
        "brands:\n  - {id: wirely, name: Wirely}\nreceivers:\n  - {name: console, kind: console}\n",
        encoding="utf-8",
    )
    workspace: Workspace = load_workspace(path)
    updated = Notice(
        "decision",
        "console",
        "7",
        "updated:7:x:t3",
        {
            "draft_id": 7,
            "status": "updated",
            "action": "reply",
            "by": "",
            "at": NOW.isoformat(),
            "text": "Sorry about that.",
            "reason": None,
            "brand": "wirely",
            "platform": "x",
            "author": "dana",
            "comment_text": "<b>still</b> down",
        },
    )
    blocks = Messages(slack_renderer(), workspace).notice(updated).blocks
    slack = json.dumps([b.to_dict() for b in blocks], ensure_ascii=False)
    assert "Draft updated" in slack and "newer message for draft #7" in slack
    assert '"actions"' not in slack
    context = {**updated.data, "brand_name": "Wirely"}
    telegram = telegram_renderer().render("telegram/decision.j2", context, escape)
    assert "Draft #7 updated" in telegram and "newer message" in telegram
    assert "&lt;b&gt;still&lt;/b&gt; down" in telegram


@pytest.mark.slow
async def test_the_drafts_list_marks_a_draft_the_customer_updated(rig: Rig, tmp_path: Path) -> None:
    rig.write(
        tweet(1, "@wirelyhelp my broadband has been down since this morning"),
        tweet(2, "@wirelyhelp hello?? still nothing here", parent=1, minutes=30),
        tweet(3, "@wirelyhelp my bill doubled this month, why?", "eli", minutes=31),
    )
    await rig.pipeline.take_in()
    rig.write(tweet(4, "@wirelyhelp and now the phone line is dead too", parent=2, minutes=40))
    await rig.pipeline.take_in()
    records = await rig.store.drafts.select(limit=10)
    assert len(records) == 2
    path = tmp_path / "ws.yaml"
    path.write_text(
        "brands:\n  - {id: wirely, name: Wirely}\nreceivers:\n  - {name: console, kind: console}\n",
        encoding="utf-8",
    )
    rows = [dict(asdict(r), status=r.status.value) for r in records]
    slack = Messages(slack_renderer(), load_workspace(path)).answer(
        "command_drafts", {"drafts": rows, "brand": ""}
    )
    telegram = telegram_renderer().render(
        "telegram/drafts.j2", {"drafts": rows, "total": len(rows)}, escape
    )
    for shown in (json.dumps(slack.text + str(slack.blocks), ensure_ascii=False), telegram):
        assert shown.count("updated: the customer wrote again") == 1, shown
