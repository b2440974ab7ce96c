"""Alerts are ranked by the money they put at stake: chat, `alerts list` and the stand-up."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.alerting.ranking import ranked
from bot.models import Alert, AlertState, Suggestion
from bot.notices import alert_words
from bot.store import Store
from bot.summary.content import compute_summary
from bot.summary.queries import load_inputs
from tests.conftest import NOW
from tests.summary.builders import workspace


def _alert(campaign: str, severity: str, stake: str | None) -> Alert:
    evidence = {"money": f"{stake} so far", "at_stake": stake} if stake is not None else {}
    return Alert(
        labels={"alertname": "CPASpike", "platform": "meta", "campaign": campaign},
        summary=f"CPA up on {campaign}",
        severity=severity,
        evidence=evidence,
        suggestions=(Suggestion(action="pause_ad", detail=f"Pause {campaign}"),),
    )


async def _fill(store: Store) -> None:
    # Saved oldest first: started_at alone would list them in this order.
    for alert in (
        _alert("Small", "warning", "120.00"),
        _alert("Nothing said", "warning", None),
        _alert("Large", "warning", "4,310.50"),
        _alert("Outage", "critical", "80.00"),
        _alert("Medium", "warning", "950.00"),
    ):
        async with store.db.transaction() as conn:
            await store.alerts.save(conn, alert, AlertState.FIRING)


async def test_chat_and_alerts_list_rank_by_severity_then_money(store: Store) -> None:
    await _fill(store)
    records = ranked(await store.alerts.select((AlertState.FIRING,)))
    assert [r.labels["campaign"] for r in records] == [
        "Outage",
        "Large",
        "Medium",
        "Small",
        "Nothing said",
    ]


async def test_the_stand_up_ranks_suggestions_by_money(store: Store) -> None:
    await _fill(store)
    day = NOW.date()
    inputs = await load_inputs(store, NOW, NOW, day, day, None)
    ws = workspace()
    picked = compute_summary(inputs, ws, ZoneInfo("UTC"), day, NOW)["ads"]["suggestions"]
    assert [p["campaign"] for p in picked] == ["Outage", "Large", "Medium"]
    assert picked[1]["at_stake"] == 4310.5


def test_an_alert_message_says_the_money_first_and_keeps_the_amount_for_ranking() -> None:
    context = alert_words(
        {
            "evidence": {
                "confidence": "very unlikely to be noise",
                **_alert("A", "warning", "9.00").evidence,
            }
        }
    )
    assert context["said"][0] == ["Money", "9.00 so far"]
    assert all(name != "at_stake" for name, _ in context["said"])
    assert context["details"]["at_stake"] == "9.00"
