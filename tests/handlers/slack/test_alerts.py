"""Alerts in Slack: routed by the tree, grouped in one message, acknowledged, snoozed, resolved."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.models import AlertState
from bot.store import Store
from tests.conftest import NOW
from tests.handlers.slack.fake_slack import Message
from tests.handlers.slack.rig import ADS, REVIEW, Rig, alert


async def alert_message(rig: Rig, *alerts: object) -> Message:
    await rig.fire(*(alerts or (alert(),)))  # type: ignore[arg-type]
    assert (await rig.deliver()).sent == 1
    return rig.fake.posts(ADS)[-1]


def body(message: Message) -> str:
    return json.dumps(message.blocks, ensure_ascii=False)


async def status_line(rig: Rig, message: Message, edits: int = 1) -> str:
    await rig.fake.wait_for(lambda: message.edits >= edits, "the alert message to be updated")
    [status] = [b for b in message.blocks if b.get("block_id") == "status"]
    return str(status["elements"][0]["text"])


async def test_an_alert_goes_to_its_routed_channel_with_evidence_and_suggestions(rig: Rig) -> None:
    message = await alert_message(rig)
    assert message.channel == ADS and not rig.fake.posts(REVIEW)
    text = body(message)
    assert "CPA 41.20 is 37% above the 30.00 target on Winter Shells" in text
    assert "target cpa: *30.00*" in text
    assert "Cut budget 20%" in text and "CPA −8%" in text
    actions = next(b for b in message.blocks if b["type"] == "actions")
    assert [e["type"] for e in actions["elements"]] == ["button", "static_select", "button"]
    assert [o["text"]["text"] for o in actions["elements"][1]["options"]] == [
        "24 hours",
        "7 days",
        "until resolved",
    ]


async def test_acknowledge_records_who_and_says_so_on_the_message(rig: Rig, store: Store) -> None:
    message = await alert_message(rig)
    await rig.press(message, "alert_ack", user="U0VIC")
    line = await status_line(rig, message)
    assert line.startswith("✓ `") and "acknowledged by *Vic*" in line
    [record] = await store.alerts.select((AlertState.FIRING,))
    assert record.acked_by == "Vic"
    acks = await store.db.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'alert.ack'")
    assert acks == 1
    # The buttons stay: someone may still snooze it.
    assert any(b["type"] == "actions" for b in message.blocks)


async def test_snooze_silences_the_alert_for_the_chosen_time(rig: Rig, store: Store) -> None:
    message = await alert_message(rig)
    await rig.press(message, "alert_snooze", user="U0ANA", option="24h:")
    line = await status_line(rig, message)
    assert "snoozed by *Ana* until 2026-11-26 08:00 UTC" in line
    [silence] = await store.alerts.active_silences(NOW + timedelta(hours=23))
    assert silence.created_by == "Ana"
    assert await store.alerts.active_silences(NOW + timedelta(hours=25)) == []
    await rig.press(message, "alert_snooze", user="U0MAX", option="until-resolved:")
    line = await status_line(rig, message, edits=2)
    assert line.split("\n")[0].endswith("UTC") and "snoozed by *Max* until resolved" in line
    assert "snoozed by *Ana*" in line


async def test_someone_unknown_may_not_acknowledge(rig: Rig, store: Store) -> None:
    message = await alert_message(rig)
    answer = await rig.response(await rig.press(message, "alert_ack", user="U0EVE"))
    assert answer["response_type"] == "ephemeral"
    assert "not on this workspace's list of people" in answer["text"]
    [record] = await store.alerts.select((AlertState.FIRING,))
    assert record.acked_by is None
    assert message.edits == 0


async def test_grouped_alerts_arrive_as_one_message_with_a_menu_each(
    rig: Rig, store: Store
) -> None:
    message = await alert_message(
        rig, alert(adset="Hikers 25-44"), alert(adset="Runners", name="ctr_drop")
    )
    assert len(rig.fake.posts(ADS)) == 1
    menus = [b for b in message.blocks if b.get("accessory", {}).get("type") == "overflow"]
    assert len(menus) == 2
    fingerprint = menus[1]["block_id"].removeprefix("alert:")
    name = await rig.press(
        message, "alert_menu", user="U0VIC", option="ack:", block=menus[1]["block_id"]
    )
    line = await status_line(rig, message)
    assert f"`{fingerprint[:8]}` acknowledged by *Vic*" in line
    acked = {a.fingerprint: a.acked_by for a in await store.alerts.select((AlertState.FIRING,))}
    assert acked[fingerprint] == "Vic"
    assert sorted(v or "" for v in acked.values()) == ["", "Vic"]
    assert not any(n == name for n, _ in rig.fake.responses)


async def test_resolution_edits_the_message_and_replies_in_its_thread(
    rig: Rig, store: Store
) -> None:
    message = await alert_message(rig)
    await rig.fire()  # nothing is true any more: the alert resolves
    assert (await rig.deliver()).sent == 1
    assert message.edits == 1
    assert not any(b["type"] == "actions" for b in message.blocks)
    assert "✅ Resolved: cpa above target" in body(message)
    [reply] = rig.fake.posts(ADS, thread=True)
    assert reply.thread_ts == message.ts
    assert reply.text == "✅ Resolved: cpa above target (Winter Shells)"
    assert len(rig.fake.posts(ADS, thread=False)) == 1


@pytest.mark.slow
async def test_a_group_too_big_for_one_message_is_cut_by_us(rig: Rig) -> None:
    many = [alert(adset=f"Ad set {n:02d}") for n in range(40)]
    message = await alert_message(rig, *many)
    assert rig.fake.refused_blocks == []
    assert len(message.blocks) <= 49  # one left for a status line
    shown = [b for b in message.blocks if str(b.get("block_id", "")).startswith("alert:")]
    assert 5 <= len(shown) < 40
    assert f"…and {40 - len(shown)} more alerts not shown here" in body(message)
    [ack, details] = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert len(ack["value"].split(",")) == len(shown)
    assert details["value"] == ack["value"]
    # Acknowledging fills the slot kept free, and Slack still takes it.
    await rig.press(message, "alert_ack", user="U0VIC")
    await status_line(rig, message)
    assert len(message.blocks) <= 50
    assert rig.fake.refused_blocks == []


async def test_details_shows_the_figures_behind_the_words_to_whoever_asks(
    rig: Rig, store: Store
) -> None:
    message = await alert_message(
        rig,
        replace(
            alert(),
            evidence={
                "confidence": "very unlikely to be noise",
                "test": "z=5.1, p=1.9e-07 (quasi-Poisson on counts)",
                "baseline": "30.00 (weekday-seasonal, 28d before)",
            },
        ),
    )
    shown = body(message)
    assert "How sure: *very unlikely to be noise*" in shown
    assert "z=5.1" not in shown and "weekday-seasonal" not in shown
    answer = await rig.response(await rig.press(message, "alert_details", user="U0VIC"))
    assert answer["response_type"] == "ephemeral"
    details = json.dumps(answer["blocks"], ensure_ascii=False)
    assert "test: z=5.1, p=1.9e-07 (quasi-Poisson on counts)" in details
    assert "baseline: 30.00 (weekday-seasonal, 28d before)" in details
    assert message.edits == 0
    refused = await rig.response(await rig.press(message, "alert_details", user="U0EVE"))
    assert "not on this workspace's list of people" in refused["text"]
