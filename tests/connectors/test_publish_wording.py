"""A review message says plainly whether Approve posts to the platform or only records it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from bot.config.loading import load_workspace
from bot.config.workspace import Workspace
from bot.notices import Notice
from bot.settings import Settings
from bot.store import Store
from handlers.channels import build_channels
from handlers.console import ConsoleChannel
from handlers.slack.messages import Messages, slack_renderer
from handlers.telegram.channel import TelegramChannel
from tests.connectors.fake_platforms import ENV, workspace_yaml

NOT_POSTED = "Approve records the reply (not posted: no connector for instagram)"
NOT_HIDDEN = "Hide records the hide (not hidden: no connector for instagram)"


def workspace(tmp_path: Path, platforms: tuple[str, ...]) -> Workspace:
    path = tmp_path / "workspace.yaml"
    text = (
        workspace_yaml("http://127.0.0.1:9", platforms)
        if platforms
        else (
            "brands:\n  - id: alpenglow\n    name: Alpenglow Outdoor\n"
            "receivers:\n  - name: console\n    kind: console\n"
        )
    )
    path.write_text(text, encoding="utf-8")
    return load_workspace(path)


def draft(action: str = "reply") -> Notice:
    return Notice(
        kind="draft",
        receiver="console",
        subject="7",
        dedupe_key="draft:7",
        data={
            "draft_id": 7,
            "brand": "alpenglow",
            "platform": "instagram",
            "action": action,
            "text": "" if action == "hide" else "So glad you like it!",
            "note": "",
            "comment": {
                "key": "instagram:c1",
                "author": "mia",
                "author_followers": 120,
                "text": "Love it",
                "created_at": "2026-11-25T08:00:00+00:00",
                "url": None,
                "post_id": "p1",
            },
            "analysis": {
                "sentiment": "positive",
                "sentiment_score": 0.6,
                "intents": ["praise"],
                "priority": 20.0,
                "priority_reason": "praise",
                "language": "en",
                "evidence": [],
            },
        },
    )


async def shown(notice: Notice, ws: Workspace, store: Store) -> dict[str, str]:
    """What the console, Slack and Telegram channels built for `ws` show for the notice."""
    screen = io.StringIO()
    console = build_channels(Settings(), ws, store, Console(file=screen))["console"]
    assert isinstance(console, ConsoleChannel)
    blocks = Messages(slack_renderer(), ws).notice(notice).blocks
    telegram = TelegramChannel(
        "123456:" + "A" * 35, ws, store, lambda: None, api_url="http://127.0.0.1:9/bot"
    )
    return {
        "console": console.render(notice),
        "slack": json.dumps([b.to_dict() for b in blocks], ensure_ascii=False),
        "telegram": telegram._render(notice),
    }


@pytest.mark.slow
@pytest.mark.parametrize("action", ["reply", "hide"])
async def test_without_a_connector_every_channel_says_approve_only_records(
    tmp_path: Path, store: Store, action: str
) -> None:
    ws = workspace(tmp_path, ())
    for channel, text in (await shown(draft(action), ws, store)).items():
        expected = NOT_POSTED if action == "reply" else NOT_HIDDEN
        if channel == "console" and action == "hide":
            expected = "Approve records the hide (not hidden: no connector for instagram)"
        assert expected in text, channel
        assert "publishes it as shown" not in text


@pytest.mark.slow
async def test_with_a_connector_every_channel_says_approve_posts_it(
    tmp_path: Path, store: Store
) -> None:
    assert ENV  # the workspace names its secrets; rendering never reads them
    ws = workspace(tmp_path, ("instagram",))
    for channel, text in (await shown(draft(), ws, store)).items():
        assert "not posted" not in text, channel
        assert "posts" in text and "on instagram" in text, channel
