"""The rules Telegram shares with Slack and the console: one snooze rule, one word for "until
resolved", one "already decided" answer, one refusal for someone who may not decide."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config.workspace import Workspace
from bot.models import UNTIL_RESOLVED, DraftStatus
from bot.store import Store
from handlers.telegram import TelegramChannel
from tests.alerting.test_lifecycle import cpa_alert
from tests.conftest import NOW
from tests.handlers.telegram.conftest import ANA, BO, LEE, MALLORY, TEAM, Pump, review_request
from tests.handlers.telegram.emulator import Emulator, buttons
from tests.handlers.telegram.test_commands import fire

# Each test drives the bot through the telegram-test-api emulator (a node process).
pytestmark = pytest.mark.slow


async def test_a_snooze_is_more_than_0_and_at_most_365_days_and_a_refusal_names_it(
    emulator: Emulator, channel: TelegramChannel, store: Store, workspace: Workspace
) -> None:
    alert = cpa_alert("Winter Shells")
    await fire(store, workspace, alert)
    short = alert.fingerprint[:8]

    for length, problem in (
        ("0", "0 is no time at all: a snooze must be longer than 0"),
        ("-1d", "-1d is negative: a snooze must be longer than 0"),
        ("400d", "400d is too long: a snooze lasts at most 365 days"),
        ("3650D", "3650D is too long: a snooze lasts at most 365 days"),
    ):
        before = len(await emulator.messages(TEAM))
        await emulator.command(ANA, TEAM, f"/snooze {short} {length}")
        answer = await emulator.reply_in(TEAM, problem, after=before)
        assert "Use it like this: /snooze 1a2b3c4d 24h" in answer["text"]
    assert await store.db.scalar("SELECT COUNT(*) FROM silences") == 0

    await emulator.command(ANA, TEAM, f"/snooze {short} 365d")
    answer = await emulator.reply_in(TEAM, "snoozed 365d")
    assert answer["text"] == f"💤 {short} snoozed 365d, until 2027-11-25 08:00 UTC."
    [silence] = await store.alerts.active_silences(NOW)
    assert silence.ends_at == (NOW + timedelta(days=365)).isoformat()


async def test_every_until_resolved_word_snoozes_until_the_alert_resolves(
    emulator: Emulator, channel: TelegramChannel, store: Store, workspace: Workspace
) -> None:
    shells, boots = cpa_alert("Winter Shells"), cpa_alert("Trail Boots")
    await fire(store, workspace, shells, boots)

    for alert, word in ((shells, "resolved"), (boots, "Until_Resolved")):
        before = len(await emulator.messages(TEAM))
        await emulator.command(ANA, TEAM, f"/snooze {alert.fingerprint[:8]} {word}")
        answer = await emulator.reply_in(TEAM, "snoozed", after=before)
        assert answer["text"] == (
            f"💤 {alert.fingerprint[:8]} snoozed until-resolved, until it resolves."
        )
    silences = await store.alerts.active_silences(NOW)
    assert [(s.ends_at, s.comment) for s in silences] == [
        (UNTIL_RESOLVED, "snoozed until-resolved")
    ] * 2


async def test_a_late_decision_is_told_in_the_words_every_channel_uses(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id = await review_request(store)
    await pump.deliver()
    [review] = await emulator.messages(TEAM)
    keys = buttons(review)
    await emulator.press(ANA, TEAM, review["message_id"], keys["✅ Approve"])
    await emulator.edited(TEAM, review["message_id"])
    late = (
        f"Draft #{draft_id} was already approved by Ana at 2026-11-25 08:00 UTC; nothing changed."
    )

    for key in ("✅ Approve", "❌ Reject", "✏️ Edit"):
        answer = await emulator.answered(
            await emulator.press(BO, TEAM, review["message_id"], keys[key])
        )
        assert (answer["show_alert"], answer["text"]) == (True, late), key
    await emulator.command(BO, TEAM, f"/reject {draft_id}")
    said = await emulator.reply_in(TEAM, "was already")
    assert said["text"] == late
    assert (await store.drafts.get(draft_id)).status is DraftStatus.APPROVED


async def test_someone_who_may_not_decide_is_refused_the_editor_as_the_decision(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id = await review_request(store)
    await pump.deliver()
    [review] = await emulator.messages(TEAM)
    keys = buttons(review)

    other_brand = await emulator.press(LEE, TEAM, review["message_id"], keys["✏️ Edit"])
    deciding = await emulator.press(LEE, TEAM, review["message_id"], keys["✅ Approve"])
    stranger = await emulator.press(MALLORY, TEAM, review["message_id"], keys["❌ Reject"])

    refusal = "Sorry Lee, you may not decide replies for brand alpenglow."
    assert (await emulator.answered(other_brand))["text"] == refusal
    assert (await emulator.answered(deciding))["text"] == refusal
    assert (await emulator.answered(stranger))["text"].startswith(
        "Sorry, only people on this team's list can use socialpulse."
    )
    assert len(await emulator.messages(TEAM)) == 1  # no edit prompt, no word to the group
    assert (await store.drafts.get(draft_id)).status is DraftStatus.PENDING_REVIEW
    refused = await store.db.fetchall(
        "SELECT actor, action, subject FROM audit_log WHERE action LIKE 'refused.%' ORDER BY id"
    )
    # Opening the editor is a read: only the decision and the stranger are kept.
    assert [tuple(r) for r in refused] == [
        ("Lee (telegram)", "refused.approved", f"draft:{draft_id}"),
        ("Mallory (telegram)", "refused.button", f"telegram:{TEAM.id}"),
    ]
