"""The stand-up's figures as short phrases, the same for every channel's template."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.labels import action_title
from bot.smm.text import fmt_money

__all__ = ["currency_prefix", "display", "duration", "money", "percent_change"]

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
_MINUS = "−"
_NAME_WIDTH = 34
_DETAIL_WIDTH = 110


def _signed(value: float, text: str) -> str:
    if text.startswith("0"):
        return "±" + text
    return (_MINUS if value < 0 else "+") + text


def percent_change(change: float | None) -> str | None:
    """+6%, −27%, ×11 for a rise over tenfold; None when there is nothing to compare with."""
    if change is None:
        return None
    if change >= 9.0:
        return f"×{change + 1:.0f}"
    return _signed(change, f"{abs(change) * 100:.0f}%")


def _points(change: float | None) -> str | None:
    return None if change is None else _signed(change, f"{abs(change) * 100:.0f} pts")


def currency_prefix(currency: str) -> str:
    """What goes before an amount: `$`, `€`, `CHF `, or nothing for no currency."""
    return _SYMBOLS.get(currency, f"{currency} " if currency else "")


def money(value: float | None, currency: str) -> str:
    """$4,210 or $45.80: cents only where they matter."""
    if value is None:
        return "—"
    symbol = currency_prefix(currency)
    amount = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"
    return f"{symbol}{amount}"


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    # Sums of float rows land a hair off whole numbers (46.99999…).
    value = round(value, 1)
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def duration(minutes: float | None) -> str:
    """45 min, 2 h 10 min, 3 d 4 h."""
    if minutes is None:
        return "—"
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    hours, rest = divmod(whole, 60)
    if hours < 24:
        return f"{hours} h {rest:02d} min" if rest else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def _short(name: str, width: int = _NAME_WIDTH) -> str:
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"


def _clip(text: str, width: int) -> str:
    """Cut at a word boundary so a long suggestion keeps the summary readable."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > width // 2 else cut).rstrip(" ,;:") + "…"


def _day_label(text: str) -> str:
    return f"{date.fromisoformat(text):%a %d %b}"


def _versus(t: dict[str, Any], names: tuple[str, str], render: Any = percent_change) -> str:
    parts = []
    for key, name in zip(("vs_previous", "vs_baseline"), names, strict=True):
        shown = render(t[key])
        if shown is not None:
            parts.append(f"{shown} vs {name}")
    return f" ({', '.join(parts)})" if parts else ""


def _engagement(e: dict[str, Any], names: tuple[str, str]) -> dict[str, str]:
    mix = e["sentiment"]["shares"]
    themes = e["themes"]

    def listed(items: list[dict[str, Any]]) -> str:
        return " · ".join(f"{i['theme']} {i['count']}" for i in items) or "none"

    response = e["response_rate"]["value"]
    first = e["first_response_minutes"]
    first_base = first["previous"] if first["baseline"] is None else first["baseline"]
    waiting = e["waiting"]
    oldest = waiting["oldest_comment_hours"]
    hashtags = " · ".join(
        f"#{h['tag']} ×{h['lift']:.1f} ({h['posts']} posts)" for h in e["hashtags"]
    )
    return {
        "comments": f"{_number(e['received']['value'])}{_versus(e['received'], names)}",
        "answered": (
            f"{_number(e['answered']['value'])} of {e['needing_answer']:,}"
            + (f" ({_share(response)})" if response is not None else "")
        ),
        "first_response": (
            duration(first["value"])
            + (f" (usually {duration(first_base)})" if first_base is not None else "")
            if first["value"] is not None
            else "—"
        ),
        "sentiment": (
            f"{_share(mix['positive'])} positive · {_share(mix['neutral'])} neutral · "
            f"{_share(mix['negative'])} negative"
            + _versus(e["sentiment"]["negative"], names, _points).replace(" (", " (negative ", 1)
        ),
        "questions": listed(themes["questions"]),
        "complaints": listed(themes["complaints"]),
        "waiting": (
            f"{_plural(waiting['drafts'], 'draft')} · {waiting['past_sla']:,} past the reply SLA"
            + (f" · oldest comment {duration(oldest * 60)} old" if oldest is not None else "")
        ),
        "leads": f"{_number(e['leads']['value'])}{_versus(e['leads'], names)}",
        "hashtags": hashtags or "none stood out",
    }


def _target(actual: float | None, target: float | None, text: str) -> str:
    return f" (target {text})" if target is not None and actual is not None else ""


def _currency_lines(group: dict[str, Any], names: tuple[str, str]) -> dict[str, str]:
    code = group["currency"]
    spend = group["spend"]
    targets = group["targets"]
    cpa = group["cpa"]["value"]
    roas = group["roas"]["value"]
    line = (
        f"spend {money(spend['value'], code)}{_versus(spend, names)} · "
        f"{_number(group['results']['value'])} results · CPA {money(cpa, code)}"
        + _target(targets["cpa"], targets["target_cpa"], money(targets["target_cpa"], code))
        + f" · ROAS {_ratio(roas)}"
        + _target(targets["roas"], targets["target_roas"], _ratio(targets["target_roas"]))
    )
    platforms = []
    for p in group["platforms"]:
        t = p["targets"]
        mark = {True: " ✓", False: " ✗", None: ""}[p["on_target"]]
        if t["target_roas"] is not None:
            kpi = f"ROAS {_ratio(t['roas'])}/{_ratio(t['target_roas'])}"
        elif t["target_cpa"] is not None:
            kpi = f"CPA {money(t['cpa'], code)}/{money(t['target_cpa'], code)}"
        else:
            kpi = f"ROAS {_ratio(p['roas'])}"
        platforms.append(f"{p['platform']} {money(p['spend'], code)} {kpi}{mark}")
    return {"head": code or "spend", "line": line, "platforms": " · ".join(platforms)}


def _top(item: dict[str, Any]) -> str:
    code = item["currency"]
    if item["target_roas"] and item["roas"] is not None:
        kpi = f"ROAS {_ratio(item['roas'])} vs {_ratio(item['target_roas'])}"
    else:
        kpi = f"CPA {money(item['cpa'], code)} vs {money(item['target_cpa'], code)}"
    return f"{_short(item['campaign'])} {kpi} ({percent_change(item['index'] - 1)})"


def _mover(item: dict[str, Any], usual: str) -> str:
    arrow = "▲" if item["score"] > 0 else "▼"
    change = percent_change(item["change"])
    return (
        f"{arrow} {_short(item['campaign'])} ({item['platform']}): "
        f"{_number(round(item['results'], 1))} results vs "
        f"{_number(round(item['expected_results'], 1))}"
        f" {usual}"
        + (f" ({change})" if change else "")
        + f" · spend {money(item['spend'], item['currency'])}"
    )


def _pacing(pacing: dict[str, Any]) -> str:
    parts = [f"day {pacing['day_of_month']}/{pacing['days_in_month']}"]
    for key, word in (("over", "over"), ("under", "under")):
        items = pacing[key]
        if items:
            named = ", ".join(
                f"{_short(i['campaign'], 28)} {i['ratio'] * 100:.0f}%" for i in items[:2]
            )
            more = f" +{len(items) - 2} more" if len(items) > 2 else ""
            parts.append(f"{word}: {named}{more}")
    parts.append(f"{pacing['on_track']} on track")
    return " · ".join(parts)


def _alerts(alerts: dict[str, Any]) -> str:
    firing = alerts["firing"]
    text = " · ".join(f"{n} {severity}" for severity, n in firing.items() if n) or "none"
    extras = []
    if alerts["acked"]:
        extras.append(f"{alerts['acked']} acknowledged")
    if alerts["pending"]:
        extras.append(f"{alerts['pending']} pending")
    return text + (f" ({', '.join(extras)})" if extras else "")


def _suggestion(item: dict[str, Any]) -> dict[str, str]:
    action = action_title(item["action"])
    where = _short(item["campaign"]) if item["campaign"] else item["alertname"]
    stake = item.get("at_stake") or 0.0
    money = f" · {fmt_money(stake)} at stake" if stake > 0 else ""
    return {
        "head": f"{action} · {where}{money}",
        "detail": _clip(item["detail"], _DETAIL_WIDTH),
        "effect": _clip(item["expected_effect"], _DETAIL_WIDTH),
    }


def _quarantine(q: dict[str, Any] | None, zone: ZoneInfo, weekly: bool) -> str:
    """`4 records and 1 whole file since Tue 24 Nov 08:30: clicks (2) · …`; empty when none."""
    if not q or not (q["records"] or q["files"]):
        return ""
    counts = []
    if q["records"]:
        counts.append(_plural(q["records"], "record"))
    if q["files"]:
        counts.append(_plural(q["files"], "whole file"))
    if q["to_now"]:
        window = f"since {datetime.fromisoformat(q['since']).astimezone(zone):%a %d %b %H:%M}"
    else:
        window = "that week" if weekly else "that day"
    reasons = " · ".join(f"{r['reason']} ({r['count']:,})" for r in q["reasons"])
    more = f" +{_plural(q['other_reasons'], 'other reason')}" if q["other_reasons"] else ""
    return f"{' and '.join(counts)} {window}: {reasons}{more}"


def display(
    figures: dict[str, Any],
    *,
    late: bool = False,
    scheduled_for: datetime | None = None,
) -> dict[str, Any]:
    """Phrases for the templates; every number is already formatted for reading aloud."""
    weekly = figures["kind"] == "weekly"
    period = figures["period"]
    if weekly:
        title = f"Weekly stand-up · {_day_label(period['start'])} – {_day_label(period['end'])}"
        names = ("last week", "")
        subtitle = f"{figures['zone']} · week over week"
        usual = "the week before"
    else:
        title = f"Stand-up · {_day_label(period['end'])}"
        names = (f"{date.fromisoformat(figures['previous']['end']):%a}", "7-day avg")
        subtitle = f"{figures['zone']} · vs the day before and the 7-day average"
        usual = "usual"
    late_note = ""
    if late:
        planned = (
            f" {scheduled_for.astimezone(ZoneInfo(figures['zone'])):%a %H:%M}"
            if scheduled_for is not None
            else ""
        )
        late_note = f"Sent late: planned for{planned or ' earlier'}; the bot was not running then."
    ads = figures["ads"]
    missing = ", ".join(f"{m['platform']}/{m['account']}" for m in ads["missing_accounts"])
    return {
        "title": title,
        "subtitle": subtitle,
        "late": late_note,
        "engagement": _engagement(figures["engagement"], names),
        "ads": {
            "currencies": [_currency_lines(g, names) for g in ads["currencies"]],
            "top": " · ".join(_top(i) for i in ads["top_campaigns"]) or "none with enough results",
            "movers": [_mover(i, usual) for i in ads["movers"]],
            "pacing": _pacing(ads["pacing"]),
            "alerts": _alerts(ads["alerts"]),
            "missing": f"no rows yet for {missing}" if missing else "",
        },
        "today": [_suggestion(i) for i in ads["suggestions"]],
        "quarantine": _quarantine(figures.get("quarantine"), ZoneInfo(figures["zone"]), weekly),
    }
