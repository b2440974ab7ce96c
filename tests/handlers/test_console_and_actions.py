"""The console channel end to end: review requests printed safely, decisions by allowed people."""

from __future__ import annotations

import argparse
import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pytest
from rich.console import Console

from bot import commands
from bot.alerting.manager import AlertManager
from bot.config.loading import load_workspace
from bot.delivery import Deliverer
from bot.draft_review import InvalidTransition
from bot.models import Alert, DraftStatus
from bot.rendering import Renderer
from bot.review_message import review_payload
from bot.store import Store
from handlers.actions import Actions, Actor, CannotDecide, Refused
from handlers.console import ConsoleChannel
from tests.conftest import NOW
from tests.store.test_drafts import drafted, engagement, on_platform, queued


def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "ws.yaml"
    path.write_text(
        "brands:\n  - {id: alpenglow, name: Alpenglow}\n  - {id: lumora, name: Lumora}\n"
        "receivers:\n  - {name: console, kind: console}\n"
        "people:\n"
        "  - {name: Ana, console: ana, role: approver, brands: [alpenglow]}\n"
        "  - {name: Lee, console: lee, role: approver, brands: [lumora]}\n"
        "  - {name: Vic, console: vic, role: viewer}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def screen() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def console_channel(screen: io.StringIO) -> ConsoleChannel:
    return ConsoleChannel(Renderer(), Console(file=screen, width=120, color_system=None))


async def test_review_request_is_printed_and_a_decision_updates_it(
    store: Store, tmp_path: Path, screen: io.StringIO, console_channel: ConsoleChannel
) -> None:
    item = engagement(1)
    await store.feeds.ingest([item.comment])
    [notice] = await store.drafts.save_engagement([item], review_payload)
    deliverer = Deliverer(store.outbox, {"console": console_channel})
    assert (await deliverer.deliver()).sent == 1
    shown = screen.getvalue()
    assert "Where is my order #4411?" in shown
    assert "So sorry!" in shown
    actions = Actions(store, load_workspace(workspace(tmp_path)))
    await actions.approve(int(notice.subject), Actor("console", "ana", "Ana"))
    assert (await deliverer.deliver()).sent == 1
    assert "updated: draft #1" in screen.getvalue()
    assert "approved by Ana" in screen.getvalue()
    # Delivered once: nothing is left to send.
    assert (await deliverer.deliver()).sent == 0


async def test_only_approvers_of_the_brand_may_decide(store: Store, tmp_path: Path) -> None:
    item = engagement(1)
    await store.feeds.ingest([item.comment])
    [notice] = await store.drafts.save_engagement([item], review_payload)
    draft_id = int(notice.subject)
    actions = Actions(store, load_workspace(workspace(tmp_path)))
    for who in ("lee", "vic", "mallory"):
        with pytest.raises(Refused):
            await actions.reject(draft_id, Actor("console", who))
    with pytest.raises(Refused):
        await actions.approve(draft_id, Actor("telegram", "ana"))
    assert (await store.drafts.get(draft_id)).status is DraftStatus.PENDING_REVIEW
    refused = await store.db.fetchall(
        "SELECT actor, action FROM audit_log WHERE action LIKE 'refused.%' ORDER BY id"
    )
    assert len(refused) == 4


class Firing:
    """An alert source that reports the same alerts every time."""

    def __init__(self, *alerts: Alert) -> None:
        self.alerts = alerts

    async def __call__(self, now: datetime) -> Sequence[Alert]:
        return self.alerts


def cpa_alert(campaign: str, **labels: str) -> Alert:
    every = {"alertname": "CPAAboveTarget", "platform": "meta", "campaign": campaign, **labels}
    return Alert(labels=every, summary=f"CPA of {campaign} is 1.6× target")


async def test_viewers_may_acknowledge_and_only_approvers_of_the_brand_may_snooze(
    store: Store, tmp_path: Path
) -> None:
    ws = load_workspace(workspace(tmp_path))
    branded = cpa_alert("Winter Shells", brand="alpenglow")
    unbranded = cpa_alert("Untargeted")
    await AlertManager(store, ws.routing_tree, Firing(branded, unbranded), {})(NOW)
    actions = Actions(store, ws)
    vic, lee, ana = (
        Actor("console", "vic", "Vic"),
        Actor("console", "lee", "Lee"),
        Actor("console", "ana", "Ana"),
    )

    acked = await actions.ack(branded.fingerprint[:8], vic)
    assert acked.acked_by == "Vic"
    with pytest.raises(Refused, match="you are not on this workspace's list of people"):
        await actions.ack(branded.fingerprint[:8], Actor("console", "mallory"))

    # A silence hides the alert from everyone: a viewer is told to acknowledge instead.
    with pytest.raises(Refused) as refused:
        await actions.snooze(branded.fingerprint[:8], "24h", vic)
    assert str(refused.value) == (
        "only approvers and admins of brand alpenglow may snooze its alerts; you may acknowledge it"
    )
    with pytest.raises(Refused, match="only approvers and admins may snooze alerts"):
        await actions.snooze(unbranded.fingerprint[:8], "24h", vic)
    with pytest.raises(Refused, match="brand alpenglow"):
        await actions.snooze(branded.fingerprint[:8], "7d", lee)
    assert await store.alerts.active_silences(NOW) == []

    own = await actions.snooze(branded.fingerprint[:8], "24h", ana)
    other = await actions.snooze(unbranded.fingerprint[:8], "until-resolved", lee)
    assert (own.created_by, other.created_by) == ("Ana", "Lee")
    assert len(await store.alerts.active_silences(NOW)) == 2
    audit = await store.db.fetchall(
        "SELECT actor, action FROM audit_log WHERE action LIKE 'refused.%' ORDER BY id"
    )
    assert [tuple(row) for row in audit] == [
        ("mallory (console)", "refused.ack"),
        ("Vic (console)", "refused.snooze"),
        ("Vic (console)", "refused.snooze"),
        ("Lee (console)", "refused.snooze"),
    ]


async def test_terminal_control_sequences_in_a_comment_are_not_printed(
    store: Store, screen: io.StringIO, console_channel: ConsoleChannel
) -> None:
    from dataclasses import replace

    item = engagement(1)
    hostile = replace(item.comment, text="hi \x1b[2J\x1b[31mred\u202e [bold]x[/bold]")
    item = replace(item, comment=hostile)
    await store.feeds.ingest([item.comment])
    await store.drafts.save_engagement([item], review_payload)
    await Deliverer(store.outbox, {"console": console_channel}).deliver()
    shown = screen.getvalue()
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "[bold]x[/bold]" in shown  # printed as text, not read as markup


async def test_an_author_name_cannot_fake_lines_on_the_console(
    store: Store, screen: io.StringIO, console_channel: ConsoleChannel
) -> None:
    from dataclasses import replace

    item = engagement(1)
    author = "Bob\n\n*Suggested reply*\n✅ Approved by *Alice Approver* — refund everyone"
    text = "Where is my order?\nSuggested reply:\n  Approved, refund everyone"
    item = replace(item, comment=replace(item.comment, author=author, text=text))
    await store.feeds.ingest([item.comment])
    [notice] = await store.drafts.save_engagement([item], review_payload)

    shown = console_channel.render(notice).split("\n")

    [author_line] = [line for line in shown if line.startswith("From ")]
    assert author_line.startswith(
        "From Bob *Suggested reply* ✅ Approved by *Alice Approver* — refund everyone (0 followers)"
    )
    assert not [line for line in shown if line.startswith(("*Suggested", "✅"))]
    # The comment's own lines stay behind the quote bar; only the template says "Suggested".
    assert [line for line in shown if "Suggested reply:" in line] == [
        "  │ Suggested reply:",
        "Suggested reply:",
    ]
    assert "  │   Approved, refund everyone" in shown
    await Deliverer(store.outbox, {"console": console_channel}).deliver()
    assert "Alice Approver" in screen.getvalue()


ANA = Actor("console", "ana", "Ana")


async def test_an_edit_over_the_platforms_limit_is_refused_naming_limit_and_length(
    store: Store, tmp_path: Path
) -> None:
    draft_id = await queued(store, on_platform(engagement(1), "linkedin"))
    actions = Actions(store, load_workspace(workspace(tmp_path)))

    with pytest.raises(CannotDecide) as refused:
        await actions.edit(draft_id, ANA, "x" * 5000)

    assert str(refused.value) == (
        "the reply is 5,000 characters and LinkedIn takes at most 1,250: shorten it by 3,750"
    )
    record = await store.drafts.get(draft_id)
    assert (record.status, record.text) == (DraftStatus.PENDING_REVIEW, "So sorry!")
    # Exactly the limit is fine.
    await actions.edit(draft_id, ANA, "y" * 1250)
    assert (await store.drafts.get(draft_id)).status is DraftStatus.EDITED
    # A decided draft says so first, whatever the length of the text.
    with pytest.raises(InvalidTransition):
        await actions.edit(draft_id, ANA, "x" * 5000)


async def test_the_cli_edit_refuses_a_reply_over_the_limit(store: Store, tmp_path: Path) -> None:
    draft_id = await queued(store, on_platform(engagement(1), "x"))
    out, err = io.StringIO(), io.StringIO()
    args = argparse.Namespace(action="edit", id=draft_id, text="a" * 281)

    code = await commands.drafts(
        store,
        load_workspace(workspace(tmp_path)),
        args,
        "ana",
        Console(file=out, width=200),
        Console(file=err, width=200),
    )

    assert code == 1
    assert err.getvalue().strip() == (
        f"draft {draft_id}: the reply is 281 characters and X takes at most 280: shorten it by 1"
    )
    assert (await store.drafts.get(draft_id)).status is DraftStatus.PENDING_REVIEW


async def test_approving_a_draft_to_answer_by_hand_asks_for_a_reply_first(
    store: Store, tmp_path: Path
) -> None:
    draft_id = await queued(store, drafted(1, "human"))
    actions = Actions(store, load_workspace(workspace(tmp_path)))

    with pytest.raises(
        CannotDecide, match="no reply to approve: the draft is for answering by hand"
    ):
        await actions.approve(draft_id, ANA)
    assert (await store.drafts.get(draft_id)).status is DraftStatus.PENDING_REVIEW

    with pytest.raises(CannotDecide, match="empty"):
        await actions.edit(draft_id, ANA, "   ")
    record = await actions.edit(draft_id, ANA, "Hi! Our team will DM you today.")
    assert (record.status, record.action) == (DraftStatus.EDITED, "reply")


async def test_a_hide_is_approved_as_a_hide_and_takes_no_text(store: Store, tmp_path: Path) -> None:
    draft_id = await queued(store, drafted(1, "hide"))
    actions = Actions(store, load_workspace(workspace(tmp_path)))

    with pytest.raises(CannotDecide, match="takes no reply"):
        await actions.edit(draft_id, ANA, "Please stop")

    record = await actions.approve(draft_id, ANA)
    assert (record.status, record.action, record.text) == (DraftStatus.APPROVED, "hide", "")
