"""`/socialpulse` over signed HTTP requests; requests with a bad or stale signature are refused."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier

from bot.review_message import review_payload
from bot.store import Store
from handlers.slack.commands import UsageError, parse_command
from tests.conftest import NOW
from tests.handlers.slack.rig import ADS, REVIEW, SECRET, Rig, alert, command_form
from tests.store.test_drafts import engagement


def shown(answer: dict[str, object]) -> str:
    """Everything the person sees: the fallback text and the blocks."""
    return json.dumps([answer.get("text"), answer.get("blocks")], ensure_ascii=False)


@pytest.mark.parametrize("text", ["", "help", "HELP"])
async def test_help_lists_every_subcommand_only_to_the_caller(rig: Rig, text: str) -> None:
    answer = await rig.command(text)
    assert answer["response_type"] == "ephemeral"
    for usage in (
        "/socialpulse summary [yesterday|YYYY-MM-DD]",
        "/socialpulse alerts [all]",
        "/socialpulse drafts [brand]",
        "/socialpulse snooze &lt;alert id&gt; &lt;24h|7d|until-resolved&gt;",
        "/socialpulse status",
    ):
        assert usage in shown(answer)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("frobnicate", "unknown command `frobnicate`"),
        ("snooze", "give an alert id and a duration — usage: `/socialpulse snooze"),
        ("snooze 1a2b3c4d", "give an alert id and a duration"),
        ("snooze 1a2b3c4d soon", "`soon` is not a duration; use 24h, 7d or until-resolved"),
        ("snooze <!channel> 24h", "`&lt;!channel&gt;` is not an alert id"),
        ("summary 2026-13-45", "`2026-13-45` is not a real date"),
        ("summary last-week", "is not a day"),
        ("summary today", "`today` is not a day; use yesterday or 2026-11-24"),
        ("alerts everything", "the only option is `all`"),
        ("status now", "`status` takes no arguments"),
    ],
)
async def test_wrong_arguments_get_a_helpful_usage(rig: Rig, text: str, problem: str) -> None:
    answer = await rig.command(text)
    assert answer["response_type"] == "ephemeral"
    assert problem in shown(answer)
    assert "/socialpulse alerts [all]" in shown(answer)
    assert rig.fake.special_syntax == []


async def test_alerts_lists_firing_alerts(rig: Rig) -> None:
    assert "No firing alerts" in shown(await rig.command("alerts", user="U0VIC"))
    await rig.fire(alert(), alert("Summer & Sun <@U123>"))
    answer = await rig.command("alerts", user="U0VIC")
    assert "*2 firing alerts*" in shown(answer)
    assert "Summer &amp; Sun &lt;@U123&gt;" in shown(answer)
    assert rig.fake.special_syntax == []


async def test_drafts_lists_drafts_waiting_for_review(rig: Rig) -> None:
    items = [engagement(n, receiver="review") for n in (1, 2)]
    await rig.store.feeds.ingest([i.comment for i in items])
    await rig.store.drafts.save_engagement(items, review_payload)
    answer = await rig.command("drafts")
    assert "*2 drafts waiting for review*" in shown(answer)
    assert "*user1*: Where is my order #4411?" in shown(answer)
    assert "No reply drafts waiting for review for lumora" in shown(
        await rig.command("drafts lumora")
    )


async def test_snooze_by_command(rig: Rig, store: Store) -> None:
    await rig.fire(alert())
    [record] = await store.alerts.active()
    # Viewers may acknowledge, not snooze: a silence hides the alert from everyone.
    answer = await rig.command(f"snooze {record.fingerprint[:8]} 7d", user="U0VIC")
    assert "only approvers and admins may snooze alerts" in answer["text"]
    answer = await rig.command(f"snooze {record.fingerprint[:8]} 7d", user="U0ANA")
    assert (
        answer["text"] == f"🔕 Alert `{record.fingerprint[:8]}` snoozed until 2026-12-02 08:00 UTC."
    )
    [silence] = await store.alerts.active_silences(NOW + timedelta(days=6))
    assert silence.created_by == "Ana"
    answer = await rig.command("snooze 0000ffff until-resolved", user="U0ANA")
    assert "no alert matches '0000ffff'" in answer["text"]
    assert "`/socialpulse alerts` lists the alert ids" in answer["text"]


async def test_status(rig: Rig) -> None:
    await rig.fire(alert())
    answer = await rig.command("status", user="U0VIC")
    assert "Alerts: 1 firing" in shown(answer)
    assert "Outbox: 1 queued" in shown(answer)
    assert "review (&lt;#C0REVIEW&gt;)" not in shown(answer)
    assert "review (<#C0REVIEW>)" in shown(answer)


@pytest.mark.slow
async def test_summary_of_a_finished_day_is_shown_to_the_caller(rig: Rig) -> None:
    answer = await rig.command("summary yesterday", user="U0VIC")
    assert answer["response_type"] == "ephemeral"
    assert "*Engagement*" in shown(answer)
    assert rig.fake.refused_blocks == []
    answer = await rig.command("summary 2026-11-25", user="U0VIC")
    assert "2026-11-25 is not over yet" in shown(answer)
    assert "usage: `/socialpulse summary [yesterday|YYYY-MM-DD]`" in shown(answer)


async def test_people_not_on_the_list_are_refused_and_audited(rig: Rig, store: Store) -> None:
    for text in ("alerts", "drafts", "status", "snooze 1a2b3c4d 24h"):
        answer = await rig.command(text, user="U0EVE")
        assert "Sorry — you are not on this workspace's list of people" in answer["text"]
    refused = await store.db.fetchall(
        "SELECT actor, action FROM audit_log WHERE action LIKE 'refused.%' ORDER BY id"
    )
    assert [tuple(r) for r in refused] == [
        ("eve (slack)", "refused.view.alerts"),
        ("eve (slack)", "refused.view.drafts"),
        ("eve (slack)", "refused.view.status"),
        ("eve (slack)", "refused.snooze"),
    ]


async def test_a_request_with_a_bad_signature_is_refused(rig: Rig) -> None:
    body = urlencode(command_form("status", "U0VIC", REVIEW, rig.fake.response_url("x")))
    status, _ = await rig.post(body, signature="v0=" + "0" * 64)
    assert status == 401
    stamp = int(time.time())
    signed = SignatureVerifier(SECRET).generate_signature(timestamp=str(stamp), body=body)
    forged = body.replace("U0VIC", "U0MAX")
    status, _ = await rig.post(forged, timestamp=stamp, signature=signed)
    assert status == 401
    status, _ = await rig.post(body, timestamp=stamp, signature=signed)
    assert status == 200
    await rig.response("x")
    assert len(rig.fake.responses) == 1


async def test_a_stale_request_is_refused_even_when_signed(rig: Rig, store: Store) -> None:
    body = urlencode(command_form("status", "U0VIC", REVIEW, rig.fake.response_url("late")))
    status, _ = await rig.post(body, timestamp=int(time.time()) - 6 * 60)
    assert status == 401
    assert rig.fake.responses == []
    assert not rig.fake.calls_to("auth.test")


def test_parse_command_reads_each_subcommand() -> None:
    assert parse_command("").name == "help"
    assert parse_command("  Alerts   all ").args == ("all",)
    assert parse_command("snooze 1A2B3C4D Until-Resolved").args == ("1a2b3c4d", "until-resolved")
    assert parse_command("summary 2026-11-24").args == ("2026-11-24",)
    with pytest.raises(UsageError, match="longer than 0"):
        parse_command("snooze 1a2b3c4d 0")


async def test_hashtags_for_a_planned_post(rig: Rig, store: Store) -> None:
    from bot.models import OrganicPost

    posts = [
        OrganicPost(
            id=f"p{n}",
            platform="instagram",
            brand="alpenglow",
            published_at=NOW - timedelta(days=3 + n),
            format="image",
            text="Out on the trail" if n % 2 else "Morning coffee at camp",
            hashtags=("trailboots", "hiking") if n % 2 else ("camplife",),
            impressions=1000,
            likes=80 if n % 2 else 20,
            comments=5,
        )
        for n in range(20)
    ]
    await store.feeds.ingest(posts)
    answer = await rig.command("hashtags alpenglow New trail boots for muddy hikes", user="U0VIC")
    assert answer["response_type"] == "ephemeral"
    assert "#trailboots" in shown(answer)
    missing = await rig.command("hashtags nobrand some text", user="U0VIC")
    assert "unknown brand 'nobrand'" in shown(missing)
    assert "usage: `/socialpulse hashtags &lt;brand&gt; &lt;post text&gt;`" in missing["text"]
    short = await rig.command("hashtags alpenglow", user="U0VIC")
    assert "give a brand and the text of the planned post" in shown(short)


async def test_ack_and_snooze_by_command_edit_the_alert_message(rig: Rig, store: Store) -> None:
    await rig.fire(alert())
    assert (await rig.deliver()).sent == 1
    message = rig.fake.posts(ADS)[-1]
    [record] = await store.alerts.active()
    short = record.fingerprint[:8]
    answer = await rig.command(f"ack {short}", user="U0VIC")
    assert answer["text"] == f"✓ Alert `{short}` acknowledged."
    await rig.fake.wait_for(lambda: message.edits >= 1, "the alert message to be edited")
    shown = json.dumps(message.blocks, ensure_ascii=False)
    assert "✓ acknowledged by *Vic*" in shown
    # Still the same alert message, with its buttons: someone may still snooze it.
    assert "CPA 41.20 is 37% above the 30.00 target" in shown
    assert any(b["type"] == "actions" for b in message.blocks)
    await rig.command(f"snooze {short} 24h", user="U0ANA")
    await rig.fake.wait_for(lambda: message.edits >= 2, "the alert message to be edited again")
    shown = json.dumps(message.blocks, ensure_ascii=False)
    assert "✓ acknowledged by *Vic*" in shown
    assert "🔕 snoozed by *Ana* until 2026-11-26 08:00 UTC" in shown
    assert len(rig.fake.posts(ADS)) == 1


async def test_ack_by_command_needs_an_alert_id(rig: Rig) -> None:
    answer = await rig.command("ack", user="U0VIC")
    assert "give one alert id" in shown(answer)
    answer = await rig.command("ack 0000ffff", user="U0VIC")
    assert "no alert matches '0000ffff'" in answer["text"]
