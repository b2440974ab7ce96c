"""Every slash command, sent by a person in the team's group and answered by the real bot."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.alerting.manager import AlertManager
from bot.config.workspace import Workspace
from bot.models import Alert, DraftStatus
from bot.store import Store
from handlers.actions import Actor
from handlers.telegram import TelegramChannel
from handlers.telegram.formatting import CAPTION_LIMIT
from handlers.telegram.listeners import COMMANDS
from handlers.views import Views
from tests.alerting.test_lifecycle import cpa_alert
from tests.conftest import NOW
from tests.handlers.telegram.conftest import ANA, BO, TEAM, VIC, Pump, review_request
from tests.handlers.telegram.emulator import Emulator, eventually
from tests.store.test_drafts import engagement

pytestmark = pytest.mark.slow


class Source:
    def __init__(self, alerts: Sequence[Alert]) -> None:
        self.alerts = list(alerts)

    async def __call__(self, now: datetime) -> Sequence[Alert]:
        return self.alerts


async def fire(store: Store, workspace: Workspace, *alerts: Alert) -> None:
    await AlertManager(store, workspace.routing_tree, Source(alerts), {})(NOW)


async def test_commands_are_registered_at_start(
    emulator: Emulator, channel: TelegramChannel
) -> None:
    registered = await emulator.commands()
    assert [c["command"] for c in registered["default|"]] == [c.name for c in COMMANDS]
    assert [c.name for c in COMMANDS] == [
        "start",
        "help",
        "summary",
        "alerts",
        "drafts",
        "approve",
        "reject",
        "ack",
        "snooze",
        "status",
        "hashtags",
    ]


async def test_start_and_help_say_what_the_bot_does_and_who_you_are(
    emulator: Emulator, channel: TelegramChannel
) -> None:
    await emulator.command(ANA, TEAM, "/start")
    hello = await emulator.reply_in(TEAM, "Hello Ana")
    assert "you are an approver for alpenglow" in hello["text"]
    assert "/snooze <alert> <duration>" in hello["text"]

    # In a group, /command@botname is how clients send commands.
    await emulator.command(VIC, TEAM, "/help@TestNameBot")
    help_text = await emulator.reply_in(TEAM, "Hello Vic")
    assert "you are a viewer" in help_text["text"]
    for command in COMMANDS:
        assert f"/{command.name}" in help_text["text"]


async def test_drafts_lists_the_waiting_replies_most_urgent_first(
    emulator: Emulator, channel: TelegramChannel, store: Store
) -> None:
    calm = engagement(1, receiver="team")
    urgent = engagement(2, receiver="team")
    urgent = replace(
        urgent,
        analysis=replace(urgent.analysis, priority=95.0),
        comment=replace(urgent.comment, text="Your jacket <ripped> on day one & nobody answers"),
    )
    first = await review_request(store, calm)
    second = await review_request(store, urgent)

    await emulator.command(ANA, TEAM, "/drafts")

    listing = await emulator.reply_in(TEAM, "waiting for review")
    text = listing["text"]
    assert text.startswith("2 replies waiting for review")
    assert text.index(f"#{second}") < text.index(f"#{first}")
    assert "Your jacket <ripped> on day one & nobody answers" in text
    assert f"/approve {first}" in text


async def test_approve_and_reject_commands_decide_and_edit_the_review_message(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    one = await review_request(store, engagement(1, receiver="team"))
    two = await review_request(store, engagement(2, receiver="team"))
    await pump.deliver()
    reviews = await emulator.messages(TEAM)

    await emulator.command(ANA, TEAM, f"/approve {one}")
    await emulator.reply_in(TEAM, f"Draft #{one} approved.")
    await emulator.command(BO, TEAM, f"/reject@TestNameBot #{two} off-topic spam")
    await emulator.reply_in(TEAM, f"Draft #{two} rejected.")

    assert (await store.drafts.get(one)).status is DraftStatus.APPROVED
    rejected = await store.drafts.get(two)
    assert (rejected.status, rejected.reason) == (DraftStatus.REJECTED, "off-topic spam")
    first = await emulator.edited(TEAM, reviews[0]["message_id"])
    second = await emulator.edited(TEAM, reviews[1]["message_id"])
    assert "approved by Ana" in first["text"]
    assert "rejected by Bo" in second["text"]
    assert "Reason: off-topic spam" in second["text"]


async def test_approve_without_a_usable_id_explains_itself(
    emulator: Emulator, channel: TelegramChannel, store: Store
) -> None:
    await emulator.command(ANA, TEAM, "/approve")
    await emulator.reply_in(TEAM, "Use it like this: /approve 12")
    await emulator.command(ANA, TEAM, "/approve 99")
    missing = await emulator.reply_in(TEAM, "no draft")
    assert missing["text"] == "Sorry Ana, no draft with id 99."
    await emulator.command(ANA, TEAM, "/reject")
    await emulator.reply_in(TEAM, "Use it like this: /reject 12 off-topic")
    await emulator.command(ANA, TEAM, f"/approve {2**63}")  # past SQLite's largest id
    await emulator.reply_in(TEAM, "Use it like this: /approve 12", after=3)


async def test_alerts_lists_what_is_firing(
    emulator: Emulator, channel: TelegramChannel, store: Store, workspace: Workspace
) -> None:
    await emulator.command(ANA, TEAM, "/alerts")
    await emulator.reply_in(TEAM, "No firing alerts.")

    shells, boots = cpa_alert("Winter Shells"), cpa_alert("Trail <Boots> & Co")
    await fire(store, workspace, shells, boots)
    await emulator.command(VIC, TEAM, "/alerts")

    listing = await emulator.reply_in(TEAM, "Firing alerts")
    assert f"{shells.fingerprint[:8]} CPASpike · meta · Winter Shells" in listing["text"]
    assert f"{boots.fingerprint[:8]} CPASpike · meta · Trail <Boots> & Co" in listing["text"]
    assert "CPA of Winter Shells is 2.1× target" in listing["text"]


async def test_snooze_command_silences_an_alert(
    emulator: Emulator, channel: TelegramChannel, store: Store, workspace: Workspace
) -> None:
    alert = cpa_alert("Winter Shells")
    await fire(store, workspace, alert)

    # Viewers may acknowledge, not snooze: a silence hides the alert from everyone.
    await emulator.command(VIC, TEAM, f"/snooze {alert.fingerprint[:8]} 24h")
    await emulator.reply_in(TEAM, "only approvers and admins may snooze alerts")
    assert await store.alerts.active_silences(NOW) == []

    await emulator.command(ANA, TEAM, f"/snooze {alert.fingerprint[:8]} 24h")

    answer = await emulator.reply_in(TEAM, "snoozed")
    assert answer["text"] == (
        f"💤 {alert.fingerprint[:8]} snoozed 24h, until 2026-11-26 08:00 UTC."
    )
    [silence] = await store.alerts.active_silences(NOW)
    assert silence.ends_at == (NOW + timedelta(hours=24)).isoformat()
    assert silence.created_by == "Ana"

    await emulator.command(ANA, TEAM, f"/snooze {alert.fingerprint[:8]} until-resolved")
    await emulator.reply_in(TEAM, "until it resolves")
    for nonsense in ("forever", "0s", "1000000000d", "400d"):
        before = len(await emulator.messages(TEAM))
        await emulator.command(ANA, TEAM, f"/snooze {alert.fingerprint[:8]} {nonsense}")
        await emulator.reply_in(TEAM, "Use it like this: /snooze 1a2b3c4d 24h", after=before)
    await emulator.command(ANA, TEAM, "/snooze ffffffff 7d")
    await emulator.reply_in(TEAM, "Sorry Ana, no alert matches 'ffffffff'.")
    assert len(await store.alerts.active_silences(NOW)) == 2


async def test_status_counts_drafts_alerts_and_the_outbox(
    emulator: Emulator, channel: TelegramChannel, store: Store, workspace: Workspace
) -> None:
    await review_request(store)
    await fire(store, workspace, cpa_alert())

    await emulator.command(ANA, TEAM, "/status")

    status = await emulator.reply_in(TEAM, "socialpulse status")
    assert "Drafts: 1 waiting for review · 0 approved" in status["text"]
    assert "Alerts: 1 firing" in status["text"]
    assert "Outbox: 2 queued · 0 sent · 0 failed" in status["text"]


async def test_summary_sends_the_stand_up_with_its_charts(
    emulator: Emulator, channel: TelegramChannel, store: Store
) -> None:
    await review_request(store)

    await emulator.command(ANA, TEAM, "/summary")

    async def sent() -> list[dict[str, Any]]:
        found = await emulator.messages(TEAM)
        return found if len(found) == 2 else []

    first, second = await eventually(sent, "the stand-up and its two charts")
    # A short stand-up rides as the first chart's caption (under Telegram's 1,024 characters).
    assert first["photo"] and second["photo"]
    assert first["caption"].startswith("Stand-up · Tue 24 Nov")  # yesterday, in UTC
    assert "Waiting for review" in first["caption"]
    assert len(first["caption"]) <= CAPTION_LIMIT
    assert second["caption"].startswith("Comments by sentiment, ")  # its title, not a file name


async def test_a_long_summary_goes_as_text_then_the_charts(
    emulator: Emulator,
    channel: TelegramChannel,
    store: Store,
    workspace: Workspace,
    pump: Pump,
    tmp_path: Path,
) -> None:
    ana = Actor("telegram", str(ANA.id), "Ana", chat=str(TEAM.id))
    notice = await Views(store, workspace, chart_dir=tmp_path / "charts").summary(ana, "2026-11-24")
    step = {"head": "Pause ad set & rotate <creative>", "detail": "d" * 60, "effect": "e" * 40}
    notice.data["show"]["today"] = [step] * 20
    await store.outbox.queue(replace(notice, dedupe_key="long-summary"))

    assert (await pump.deliver()).sent == 1

    messages = await emulator.messages(TEAM)
    assert [bool(m.get("photo")) for m in messages] == [False, True, True]
    assert messages[0]["text"].startswith("Stand-up · Tue 24 Nov")
    assert "20. Pause ad set & rotate <creative>" in messages[0]["text"]
    assert [m["caption"].split(",")[0] for m in messages[1:]] == [
        "Spend and ROAS",
        "Comments by sentiment",
    ]


async def test_summary_of_a_day_not_over_or_not_a_day_explains_what_to_ask(
    emulator: Emulator, channel: TelegramChannel
) -> None:
    await emulator.command(ANA, TEAM, "/summary 2026-11-25")
    await emulator.reply_in(TEAM, "is not over yet")
    await emulator.command(ANA, TEAM, "/summary <soon>")
    answer = await emulator.reply_in(TEAM, "is not a date")
    assert "'<soon>' is not a date" in answer["text"]
    assert "Use it like this: /summary" in answer["text"]


async def test_unknown_commands_get_a_hint_and_other_bots_commands_are_left_alone(
    emulator: Emulator, channel: TelegramChannel
) -> None:
    await emulator.command(ANA, TEAM, "/status@SomeOtherBot")
    await emulator.command(ANA, TEAM, "/frobnicate")
    await emulator.reply_in(TEAM, "I don't know that command; /help lists what I can do.")
    # Updates are handled in order: once the hint is there, the other bot's command was seen.
    assert len(await emulator.messages(TEAM)) == 1


async def test_hashtags_suggests_tags_for_a_planned_post(
    emulator: Emulator, channel: TelegramChannel, store: Store
) -> None:
    from bot.models import OrganicPost

    await store.feeds.ingest(
        [
            OrganicPost(
                id=f"p{n}",
                platform="instagram",
                brand="alpenglow",
                published_at=NOW - timedelta(days=3 + n),
                format="image",
                text="Out on the trail" if n % 2 else "Coffee at camp",
                hashtags=("trailboots", "hiking") if n % 2 else ("camplife",),
                impressions=1000,
                likes=80 if n % 2 else 20,
                comments=5,
            )
            for n in range(20)
        ]
    )
    await emulator.command(VIC, TEAM, "/hashtags alpenglow New trail boots <b>for</b> mud")
    answer = await emulator.reply_in(TEAM, "Hashtags for this alpenglow post")
    assert "#trailboots" in answer["text"]
    await emulator.command(VIC, TEAM, "/hashtags")
    usage = await emulator.reply_in(TEAM, "Use it like this")
    assert "/hashtags alpenglow" in usage["text"]
