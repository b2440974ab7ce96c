"""Alert groups in Telegram: one message per group, acknowledged and snoozed in place, resolved."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.alerting.manager import AlertManager
from bot.config.workspace import Workspace
from bot.store import Store
from handlers.telegram import TelegramChannel
from handlers.telegram.callbacks import CALLBACK_DATA_LIMIT
from tests.alerting.test_lifecycle import cpa_alert
from tests.conftest import NOW
from tests.handlers.telegram.conftest import ANA, TEAM, VIC, Pump
from tests.handlers.telegram.emulator import Emulator, buttons, keyboard
from tests.handlers.telegram.test_commands import Source

pytestmark = pytest.mark.slow


async def test_an_alert_group_is_acknowledged_snoozed_and_resolved_in_one_message(
    emulator: Emulator, channel: TelegramChannel, store: Store, workspace: Workspace, pump: Pump
) -> None:
    shells, boots = cpa_alert("Winter Shells"), cpa_alert("Trail Boots")
    source = Source([shells, boots])
    manager = AlertManager(store, workspace.routing_tree, source, {})
    await manager(NOW)
    assert (await pump.deliver()).sent == 1

    [message] = await emulator.messages(TEAM)
    assert "CPASpike" in message["text"]
    assert "CPA of Winter Shells is 2.1× target" in message["text"]
    assert "CPA of Trail Boots is 2.1× target" in message["text"]
    rows = keyboard(message)
    assert [[label for label, _ in row] for row in rows] == [
        [f"✔ {shells.fingerprint[:8]}", "💤 24 h", "💤 7 days", "📊 Details"],
        [f"✔ {boots.fingerprint[:8]}", "💤 24 h", "💤 7 days", "📊 Details"],
    ]
    assert all(len(data.encode()) <= CALLBACK_DATA_LIMIT for row in rows for _, data in row)

    ack = await emulator.press(VIC, TEAM, message["message_id"], rows[0][0][1])
    acked = await emulator.edited(TEAM, message["message_id"])
    assert await emulator.answered(ack)
    assert f"✔ {shells.fingerprint[:8]} acknowledged by Vic · 2026-11-25 08:00 UTC" in acked["text"]
    assert "CPA of Trail Boots is 2.1× target" in acked["text"]
    assert [[label for label, _ in row] for row in keyboard(acked)] == [
        [f"✔ {boots.fingerprint[:8]}", "💤 24 h", "💤 7 days", "📊 Details"]
    ]
    assert (await store.alerts.get(shells.fingerprint)).acked_by == "Vic"

    snooze = await emulator.press(ANA, TEAM, message["message_id"], keyboard(acked)[0][2][1])
    snoozed = await emulator.edited(TEAM, message["message_id"], edits=2)
    assert await emulator.answered(snooze)
    assert (
        f"💤 {boots.fingerprint[:8]} snoozed 7d, until 2026-12-02 08:00 UTC, by Ana"
        in snoozed["text"]
    )
    assert "reply_markup" not in snoozed
    [silence] = await store.alerts.active_silences(NOW)
    assert silence.ends_at == (NOW + timedelta(days=7)).isoformat()

    source.alerts = []
    await manager(NOW + timedelta(minutes=10))
    assert (await pump.deliver()).sent == 1
    resolved = await emulator.edited(TEAM, message["message_id"], edits=3)
    assert resolved["text"].startswith("✅ Resolved")
    assert "Winter Shells" in resolved["text"]
    assert "Trail Boots" in resolved["text"]
    assert len(await emulator.messages(TEAM)) == 1


async def test_a_single_alert_has_plain_button_labels(
    emulator: Emulator, channel: TelegramChannel, store: Store, workspace: Workspace, pump: Pump
) -> None:
    await AlertManager(store, workspace.routing_tree, Source([cpa_alert()]), {})(NOW)
    await pump.deliver()
    [message] = await emulator.messages(TEAM)
    assert list(buttons(message)) == ["✔ Acknowledge", "💤 24 h", "💤 7 days", "📊 Details"]


async def test_ack_and_snooze_by_command_edit_the_alert_message(
    emulator: Emulator, channel: TelegramChannel, store: Store, workspace: Workspace, pump: Pump
) -> None:
    shells, boots = cpa_alert("Winter Shells"), cpa_alert("Trail Boots")
    await AlertManager(store, workspace.routing_tree, Source([shells, boots]), {})(NOW)
    assert (await pump.deliver()).sent == 1
    [message] = await emulator.messages(TEAM)

    await emulator.command(VIC, TEAM, f"/ack {shells.fingerprint[:8]}")
    await emulator.reply_in(TEAM, f"✔ {shells.fingerprint[:8]} acknowledged.")
    acked = await emulator.edited(TEAM, message["message_id"])
    assert "✔ acknowledged by Vic" in acked["text"]
    assert "CPA of Trail Boots is 2.1× target" in acked["text"]
    # The acknowledged alert has no buttons left; the other keeps its own.
    assert [[label for label, _ in row] for row in keyboard(acked)] == [
        ["✔ Acknowledge", "💤 24 h", "💤 7 days", "📊 Details"]
    ]

    await emulator.command(ANA, TEAM, f"/snooze {boots.fingerprint[:8]} 24h")
    snoozed = await emulator.edited(TEAM, message["message_id"], edits=2)
    assert "✔ acknowledged by Vic" in snoozed["text"]
    assert "💤 snoozed by Ana until 2026-11-26 08:00 UTC" in snoozed["text"]
    assert "reply_markup" not in snoozed
    assert len([m for m in await emulator.messages(TEAM) if "CPASpike" in m["text"]]) == 1


async def test_details_answers_with_the_figures_behind_the_words(
    emulator: Emulator, channel: TelegramChannel, store: Store, workspace: Workspace, pump: Pump
) -> None:
    shells = replace(
        cpa_alert("Winter Shells"),
        evidence={
            "confidence": "very unlikely to be noise",
            "test": "z=5.1, p=1.9e-07 (quasi-Poisson on counts)",
            "baseline": "30.00 (weekday-seasonal, 28d before)",
        },
    )
    await AlertManager(store, workspace.routing_tree, Source([shells]), {})(NOW)
    assert (await pump.deliver()).sent == 1
    [message] = await emulator.messages(TEAM)
    assert "How sure: very unlikely to be noise" in message["text"]
    assert "z=5.1" not in message["text"]

    details = buttons(message)["📊 Details"]
    press = await emulator.press(VIC, TEAM, message["message_id"], details)
    assert await emulator.answered(press)
    shown = await emulator.reply_in(TEAM, "📊 CPASpike")
    assert "test: z=5.1, p=1.9e-07 (quasi-Poisson on counts)" in shown["text"]
    assert "baseline: 30.00 (weekday-seasonal, 28d before)" in shown["text"]
    assert (await emulator.messages(TEAM))[0]["edits"] == 0
