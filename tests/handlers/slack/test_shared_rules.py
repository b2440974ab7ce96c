"""The rules Slack shares with Telegram and the console: one snooze rule, one word for "until
resolved", one "already decided" answer, one refusal for someone who may not decide."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import timedelta

from bot.models import UNTIL_RESOLVED, DraftStatus
from bot.store import Store
from tests.conftest import NOW
from tests.handlers.slack.fake_slack import Message
from tests.handlers.slack.rig import Rig, alert
from tests.handlers.slack.test_alerts import alert_message
from tests.handlers.slack.test_review import edited, review_message


def shown(answer: dict[str, object]) -> str:
    return json.dumps([answer.get("text"), answer.get("blocks")], ensure_ascii=False)


def with_snooze_option(message: Message, value: str) -> Message:
    """The alert message as a client could send it back, its snooze menu offering `value`."""
    blocks = copy.deepcopy(message.blocks)
    for block in blocks:
        for element in block.get("elements") or []:
            if element.get("action_id") == "alert_snooze":
                element["options"] = [
                    {"text": {"type": "plain_text", "text": "forged"}, "value": value}
                ]
    return replace(message, blocks=blocks)


async def test_a_snooze_by_command_is_more_than_0_and_at_most_365_days(
    rig: Rig, store: Store
) -> None:
    await rig.fire(alert())
    [record] = await store.alerts.active()
    short = record.fingerprint[:8]

    for length, problem in (
        ("0", "`0` is no time at all: a snooze must be longer than 0"),
        ("-1d", "`-1d` is negative: a snooze must be longer than 0"),
        ("400d", "`400d` is too long: a snooze lasts at most 365 days"),
        ("3650D", "`3650D` is too long: a snooze lasts at most 365 days"),
    ):
        answer = await rig.command(f"snooze {short} {length}", user="U0ANA")
        assert problem in shown(answer), length
        assert "usage: `/socialpulse snooze" in shown(answer)
    assert await store.db.scalar("SELECT COUNT(*) FROM silences") == 0

    answer = await rig.command(f"snooze {short} 365d", user="U0ANA")
    assert answer["text"] == f"🔕 Alert `{short}` snoozed until 2027-11-25 08:00 UTC."
    [silence] = await store.alerts.active_silences(NOW)
    assert silence.ends_at == (NOW + timedelta(days=365)).isoformat()


async def test_a_snooze_from_the_menu_follows_the_same_rule(rig: Rig, store: Store) -> None:
    message = await alert_message(rig)
    [record] = await store.alerts.active()
    forged = with_snooze_option(message, f"0:{record.fingerprint}")

    answer = await rig.response(await rig.press(forged, "alert_snooze", option="0:"))

    assert answer["response_type"] == "ephemeral"
    assert answer["text"] == (
        "Sorry — `0` is no time at all: a snooze must be longer than 0; "
        "use 24h, 7d or until-resolved."
    )
    assert await store.db.scalar("SELECT COUNT(*) FROM silences") == 0
    assert message.edits == 0


async def test_every_until_resolved_word_snoozes_until_the_alert_resolves(
    rig: Rig, store: Store
) -> None:
    await rig.fire(alert("Winter Shells"), alert("Summer Sun"))
    records = await store.alerts.active()
    for record, word in zip(records, ("resolved", "Until_Resolved"), strict=True):
        answer = await rig.command(f"snooze {record.fingerprint[:8]} {word}", user="U0ANA")
        assert answer["text"] == f"🔕 Alert `{record.fingerprint[:8]}` snoozed until it resolves."
    silences = await store.alerts.active_silences(NOW)
    assert [(s.ends_at, s.comment) for s in silences] == [
        (UNTIL_RESOLVED, "snoozed until-resolved")
    ] * 2


async def test_a_late_decision_is_told_in_the_words_every_channel_uses(
    rig: Rig, store: Store
) -> None:
    draft_id, message = await review_message(rig)
    stale = replace(message, blocks=list(message.blocks))
    await rig.press(message, "draft_approve", user="U0ANA")
    await edited(rig, message)
    late = (
        f"Draft #{draft_id} was already approved by Ana at 2026-11-25 08:00 UTC; nothing changed."
    )

    for button in ("draft_approve", "draft_reject", "draft_edit"):
        answer = await rig.response(await rig.press(stale, button, user="U0MAX"))
        assert answer["text"] == late, button
    assert not rig.fake.calls_to("views.open")
    assert (await store.drafts.get(draft_id)).status is DraftStatus.APPROVED


async def test_someone_who_may_not_decide_is_refused_the_editor_as_the_decision(
    rig: Rig, store: Store
) -> None:
    draft_id, message = await review_message(rig)

    other_brand = await rig.response(await rig.press(message, "draft_edit", user="U0LEE"))
    stranger = await rig.response(await rig.press(message, "draft_reject", user="U0EVE"))
    deciding = await rig.response(await rig.press(message, "draft_approve", user="U0LEE"))

    assert other_brand["text"] == "Sorry — you may not decide replies for brand alpenglow."
    assert deciding["text"] == other_brand["text"]
    assert stranger["text"] == "Sorry — you are not on this workspace's list of people."
    assert not rig.fake.calls_to("views.open")
    assert (await store.drafts.get(draft_id)).status is DraftStatus.PENDING_REVIEW
    refused = await store.db.fetchall(
        "SELECT actor, action, subject FROM audit_log WHERE action LIKE 'refused.%' ORDER BY id"
    )
    # Opening a form is a read: only the stranger (as for any read) and the decision are kept.
    assert [tuple(r) for r in refused] == [
        ("eve (slack)", "refused.rejected", f"draft:{draft_id}"),
        ("Lee (slack)", "refused.approved", f"draft:{draft_id}"),
    ]
