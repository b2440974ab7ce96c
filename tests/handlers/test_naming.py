"""Decision lines name people one way: the workspace person's name, whichever account acted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.config.loading import load_workspace
from bot.config.workspace import Workspace
from bot.models import Alert, AlertState
from bot.notices import Notice
from bot.rendering import Renderer
from bot.store import Store
from handlers.actions import Actions, Actor
from handlers.console import ConsoleChannel
from handlers.slack.messages import Messages, slack_renderer
from handlers.telegram.channel import telegram_renderer
from handlers.telegram.formatting import escape
from tests.store.test_drafts import engagement, queued

WORKSPACE = """\
brands:
  - {id: alpenglow, name: Alpenglow}
receivers:
  - {name: console, kind: console}
people:
  - {name: Ana Lopez, console: ana, slack: U0ANA, telegram: 1001, role: approver}
"""
# The same person as each platform knows her: a login, a Slack username, a Telegram full name.
ACCOUNTS = (
    Actor("console", "ana", "ana"),
    Actor("slack", "U0ANA", "ana.l"),
    Actor("telegram", "1001", "Ana L."),
)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    path = tmp_path / "ws.yaml"
    path.write_text(WORKSPACE, encoding="utf-8")
    return load_workspace(path)


def lines(notice: Notice, workspace: Workspace) -> dict[str, str]:
    context: dict[str, Any] = {**notice.data, "brand_name": "Alpenglow"}
    blocks = Messages(slack_renderer(), workspace).notice(notice).blocks
    return {
        "console": ConsoleChannel(Renderer()).render(notice),
        "slack": json.dumps([b.to_dict() for b in blocks], ensure_ascii=False),
        "telegram": telegram_renderer().render(f"telegram/{notice.kind}.j2", context, escape),
    }


@pytest.mark.parametrize("actor", ACCOUNTS, ids=lambda a: a.platform)
async def test_a_decision_names_the_workspace_person_on_every_channel(
    store: Store, workspace: Workspace, actor: Actor
) -> None:
    draft_id = await queued(store, engagement(1))
    await store.outbox.mark_sent((await store.outbox.due())[0].id or 0, None)
    record = await Actions(store, workspace).approve(draft_id, actor)
    assert record.decided_by == "Ana Lopez"
    # The decision goes to every receiver that showed the draft; here, told directly.
    decision = Notice(
        "decision",
        "console",
        str(draft_id),
        "d",
        {
            "draft_id": draft_id,
            "status": "approved",
            "action": "reply",
            "by": record.decided_by,
            "at": record.decided_at,
            "text": record.text,
            "reason": None,
            "brand": record.brand,
            "platform": record.platform,
            "author": record.author,
            "comment_text": record.comment_text,
        },
    )
    for channel, text in lines(decision, workspace).items():
        assert "by Ana Lopez" in text or "by *Ana Lopez*" in text, (channel, text)
        for other in (actor.user_id, actor.display, f"({actor.platform})"):
            assert other not in text, (channel, other, text)


@pytest.mark.parametrize("actor", ACCOUNTS, ids=lambda a: a.platform)
async def test_an_acknowledge_and_a_snooze_name_the_workspace_person(
    store: Store, workspace: Workspace, actor: Actor
) -> None:
    alert = Alert(labels={"alertname": "CPASpike", "campaign": "Shoes"}, summary="CPA up")
    async with store.db.transaction() as conn:
        await store.alerts.save(conn, alert, AlertState.FIRING)
    actions = Actions(store, workspace)
    assert (await actions.ack(alert.fingerprint[:8], actor)).acked_by == "Ana Lopez"
    silence = await actions.snooze(alert.fingerprint[:8], "24h", actor)
    assert silence.created_by == "Ana Lopez"
