"""Declarative alert rules from the workspace YAML: parsing, the built-in pack, evaluation."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import NormalDist
from typing import Any, Literal

import numpy as np

from bot.durations import format_duration, parse_duration
from bot.labels import fmt_day, how_sure
from bot.models import Alert, Suggestion
from bot.smm.context import Context, LevelView, bucket_start, make_alert
from bot.smm.frame import (
    CLICKS,
    IMPRESSIONS,
    LEVELS,
    RESULTS,
    REVENUE,
    SPEND,
    BoolArray,
    FloatArray,
    Level,
)
from bot.smm.kpis import KPI_NAMES, VOLUME_INDEX, kpi
from bot.smm.money import for_rule
from bot.smm.suggestions import for_cost, for_ctr_drop
from bot.smm.text import fmt_count, fmt_kpi, fmt_money

__all__ = [
    "BUILTIN_RULES",
    "BUILTIN_RULE_SPECS",
    "METRIC_NAMES",
    "RULE_KEYS",
    "SEVERITIES",
    "Rule",
    "RuleError",
    "evaluate_rule",
    "expected_count",
    "parse_rule",
    "parse_rules",
    "significance",
    "with_builtin_pack",
]

SEVERITIES: tuple[str, ...] = ("info", "warning", "critical")
Comparison = Literal[">", ">=", "<", "<="]
Reference = Literal["constant", "target", "baseline"]

METRIC_NAMES: tuple[str, ...] = KPI_NAMES + tuple(VOLUME_INDEX)
_TARGETED = {"cpa": "target_cpa", "cpl": "target_cpa", "roas": "target_roas", "spend": ""}
_COST_KPIS = frozenset({"cpa", "cpl", "cpc", "cpm"})
_CONVERSION_METRICS = frozenset(
    {"cvr", "cpa", "cpl", "roas", "conversions", "results", "leads", "revenue"}
)
_RESERVED_LABELS = frozenset(
    {"alertname", "severity", "platform", "account", "campaign", "adset", "ad", "brand"}
)
RULE_KEYS = ("name", "expr", "for", "min", "confidence", "severity", "labels", "level", "objective")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_LABEL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_EXPR = re.compile(
    r"\s*(?P<metric>[A-Za-z_]+)\s*(?P<op><=|>=|<|>)\s*(?P<rhs>.*?)"
    r"(?:\s+over\s+(?P<window>\S+))?\s*"
)
_BASELINE = re.compile(r"baseline(?:_(?P<window>\S+))?")
_EXAMPLE = "like 'cpa > 1.3 * target over 3d' or 'ctr < 0.7 * baseline_14d'"
_DEFAULT_BASELINE = timedelta(days=14)


class RuleError(ValueError):
    """A rule in the workspace could not be read; names the rule's index and what is wrong."""

    def __init__(self, index: int, message: str, *, name: str | None = None, key: str = "") -> None:
        self.index = index
        self.name = name
        self.key = key
        self.message = message
        super().__init__(str(self))

    @property
    def path(self) -> str:
        """The key path in the workspace file, e.g. ``rules[2].expr``."""
        return f"rules[{self.index}]" + (f".{self.key}" if self.key else "")

    def __str__(self) -> str:
        who = f" ({self.name})" if self.name else ""
        return f"{self.path}{who}: {self.message}"


@dataclass(frozen=True, slots=True)
class Rule:
    """``<metric> <op> [factor *] <reference> [over <window>]`` at one level, with volumes.

    ``reference`` is a constant (``factor`` is its value), the campaign's ``target`` (target
    CPA/CPL or ROAS; for spend, the daily budget over the window) or ``baseline``: the same
    metric over ``baseline_window`` just before the rule's window, as a ratio of sums.
    """

    name: str
    expr: str
    metric: str
    op: Comparison
    reference: Reference
    factor: float
    window: timedelta = timedelta(days=1)
    baseline_window: timedelta | None = None
    pending_for: timedelta = timedelta(0)
    min_volume: tuple[tuple[str, float], ...] = ()
    severity: str = "warning"
    labels: tuple[tuple[str, str], ...] = ()
    level: Level = "campaign"
    objective: str | None = None
    hourly: bool = False
    confidence: float | None = None

    @property
    def length(self) -> int:
        """The window in buckets of the frame it reads (hours or days)."""
        unit = timedelta(hours=1) if self.hourly else timedelta(days=1)
        return self.window // unit


def _window(text: str, index: int, name: str | None, what: str) -> tuple[timedelta, bool]:
    """A window and whether it is counted in hours ("24h" is the last 24 complete hours)."""
    try:
        value = parse_duration(text)
    except ValueError as exc:
        raise RuleError(index, f"{what}: {exc}", name=name, key="expr") from None
    if value <= timedelta(0) or value % timedelta(hours=1):
        raise RuleError(
            index, f"{what} {text!r} must be whole hours or days", name=name, key="expr"
        )
    hourly = "h" in text or value % timedelta(days=1) != timedelta(0)
    if hourly and value > timedelta(days=14):
        raise RuleError(index, f"{what} {text!r}: hourly windows go up to 14d", name=name)
    return value, hourly


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _parse_expr(
    expr: str, index: int, name: str | None, level: Level
) -> tuple[str, Comparison, Reference, float, timedelta, bool, timedelta | None]:
    match = _EXPR.fullmatch(expr)
    if match is None:
        raise RuleError(
            index,
            f"expr {expr!r} is not '<metric> <op> <value> [over <window>]', {_EXAMPLE}",
            name=name,
            key="expr",
        )
    metric = match["metric"].lower()
    if metric not in METRIC_NAMES:
        raise RuleError(
            index,
            f"unknown metric {match['metric']!r}; use one of {', '.join(METRIC_NAMES)}",
            name=name,
            key="expr",
        )
    op: Comparison = match["op"]  # type: ignore[assignment]
    window, hourly = timedelta(days=1), False
    if match["window"]:
        window, hourly = _window(match["window"], index, name, "window")
    terms = [t.strip() for t in match["rhs"].split("*")]
    if not match["rhs"].strip() or len(terms) > 2 or not all(terms):
        raise RuleError(
            index,
            f"right-hand side {match['rhs']!r} must be a number, '<factor> * target' or "
            f"'<factor> * baseline_<days>d', {_EXAMPLE}",
            name=name,
            key="expr",
        )
    numbers = [v for v in (_number(t) for t in terms) if v is not None]
    words = [t for t in terms if _number(t) is None]
    if len(words) > 1 or (len(terms) == 2 and len(numbers) != 1):
        raise RuleError(
            index,
            f"right-hand side {match['rhs']!r} must be one factor times one reference",
            name=name,
            key="expr",
        )
    factor = numbers[0] if numbers else 1.0
    if not words:
        return metric, op, "constant", factor, window, hourly, None
    word = words[0].lower()
    if word == "target":
        if metric not in _TARGETED:
            raise RuleError(
                index,
                f"'target' is defined for {', '.join(_TARGETED)} only, not {metric}",
                name=name,
                key="expr",
            )
        if LEVELS.index(level) < LEVELS.index("campaign"):
            raise RuleError(
                index,
                f"'target' needs level campaign, adset or ad (targets are per campaign), "
                f"not {level}",
                name=name,
                key="level",
            )
        return metric, op, "target", factor, window, hourly, None
    baseline = _BASELINE.fullmatch(word)
    if baseline is None:
        raise RuleError(
            index,
            f"unknown reference {words[0]!r}; use a number, 'target' or 'baseline_<days>d'",
            name=name,
            key="expr",
        )
    span = _DEFAULT_BASELINE
    if baseline["window"]:
        span, in_hours = _window(baseline["window"], index, name, "baseline")
        if in_hours:
            raise RuleError(
                index, "a baseline is whole days, like baseline_14d", name=name, key="expr"
            )
    return metric, op, "baseline", factor, window, hourly, span


def parse_rule(raw: object, index: int) -> Rule:
    """Read one entry of the workspace's ``rules:`` list; raise ``RuleError`` if it is wrong."""
    if not isinstance(raw, Mapping):
        raise RuleError(index, f"a rule is a mapping with name and expr, not {type(raw).__name__}")
    entry: Mapping[str, Any] = raw
    name_value = entry.get("name")
    name = name_value if isinstance(name_value, str) else None
    unknown = sorted(str(k) for k in entry if k not in RULE_KEYS)
    if unknown:
        raise RuleError(
            index, f"unknown key {unknown[0]!r}; rules take {', '.join(RULE_KEYS)}", name=name
        )
    if name is None or not _NAME.fullmatch(name):
        raise RuleError(
            index,
            "name must be an alert name of letters, digits and '_' (like CPAHigh)",
            name=name,
            key="name",
        )
    level_value = entry.get("level", "campaign")
    if level_value not in LEVELS:
        raise RuleError(
            index,
            f"level {level_value!r} is not one of {', '.join(LEVELS)}",
            name=name,
            key="level",
        )
    level: Level = level_value
    expr = entry.get("expr")
    if not isinstance(expr, str) or not expr.strip():
        raise RuleError(index, f"expr is required, {_EXAMPLE}", name=name, key="expr")
    metric, op, reference, factor, window, hourly, baseline = _parse_expr(expr, index, name, level)

    pending = timedelta(0)
    if "for" in entry:
        try:
            pending = parse_duration(str(entry["for"]))
        except ValueError as exc:
            raise RuleError(index, str(exc), name=name, key="for") from None

    severity = entry.get("severity", "warning")
    if severity not in SEVERITIES:
        raise RuleError(
            index,
            f"severity {severity!r} is not one of {', '.join(SEVERITIES)}",
            name=name,
            key="severity",
        )

    minimums: list[tuple[str, float]] = []
    raw_min = entry.get("min", {}) or {}
    if not isinstance(raw_min, Mapping):
        raise RuleError(index, "min must map volumes to numbers", name=name, key="min")
    for volume, amount in raw_min.items():
        if volume not in VOLUME_INDEX:
            raise RuleError(
                index,
                f"min: unknown volume {volume!r}; use {', '.join(VOLUME_INDEX)}",
                name=name,
                key=f"min.{volume}",
            )
        if isinstance(amount, bool) or not isinstance(amount, int | float) or amount < 0:
            raise RuleError(
                index, f"min: {volume} must be a number >= 0", name=name, key=f"min.{volume}"
            )
        minimums.append((str(volume), float(amount)))

    labels: list[tuple[str, str]] = []
    raw_labels = entry.get("labels", {}) or {}
    if not isinstance(raw_labels, Mapping):
        raise RuleError(index, "labels must map names to strings", name=name, key="labels")
    for label, text in raw_labels.items():
        if not isinstance(label, str) or not _LABEL.fullmatch(label):
            raise RuleError(index, f"label name {label!r} is not valid", name=name, key="labels")
        if label in _RESERVED_LABELS:
            raise RuleError(
                index, f"label {label!r} is set by the engine", name=name, key=f"labels.{label}"
            )
        if not isinstance(text, str | int | float) or isinstance(text, bool):
            raise RuleError(
                index, f"label {label!r} must be a string", name=name, key=f"labels.{label}"
            )
        labels.append((label, str(text)))

    confidence = entry.get("confidence")
    if confidence is not None and (
        isinstance(confidence, bool)
        or not isinstance(confidence, int | float)
        or not 0.5 <= confidence < 1
    ):
        raise RuleError(
            index,
            "confidence must be a probability from 0.5 to below 1, like 0.95",
            name=name,
            key="confidence",
        )

    objective = entry.get("objective")
    if objective is not None and objective not in ("purchases", "leads"):
        raise RuleError(index, "objective must be purchases or leads", name=name, key="objective")

    return Rule(
        name=name,
        expr=expr.strip(),
        metric=metric,
        op=op,
        reference=reference,
        factor=factor,
        window=window,
        baseline_window=baseline,
        pending_for=pending,
        min_volume=tuple(minimums),
        severity=severity,
        labels=tuple(labels),
        level=level,
        objective=objective,
        hourly=hourly,
        confidence=None if confidence is None else float(confidence),
    )


def parse_rules(raw: Sequence[object] | None) -> list[Rule]:
    """Read the workspace's ``rules:`` list; the first wrong rule raises ``RuleError``."""
    if raw is None:
        return []
    if isinstance(raw, str | bytes) or not isinstance(raw, Sequence):
        raise RuleError(0, "rules must be a list of rules")
    rules = [parse_rule(entry, i) for i, entry in enumerate(raw)]
    seen: dict[tuple[str, Level], int] = {}
    for i, rule in enumerate(rules):
        first = seen.setdefault((rule.name, rule.level), i)
        if first != i:
            raise RuleError(
                i,
                f"name {rule.name!r} at level {rule.level} is already used by rules[{first}]",
                name=rule.name,
                key="name",
            )
    return rules


BUILTIN_RULE_SPECS: tuple[dict[str, Any], ...] = (
    {
        "name": "CPAAboveTarget",
        "expr": "cpa > 1.3 * target over 3d",
        "for": "2h",
        "min": {"clicks": 100},
        "confidence": 0.95,
        "severity": "warning",
    },
    {
        "name": "ROASBelowTarget",
        "expr": "roas < 0.7 * target over 3d",
        "for": "2h",
        "min": {"conversions": 10},
        "confidence": 0.95,
        "severity": "warning",
    },
)
"""The pack every workspace starts with, in the same syntax the workspace uses."""

BUILTIN_RULES: tuple[Rule, ...] = tuple(parse_rules(list(BUILTIN_RULE_SPECS)))


def with_builtin_pack(rules: Sequence[Rule]) -> list[Rule]:
    """The built-in pack plus the workspace's rules; a workspace rule with a built-in rule's
    name and level replaces it (to retune or silence it with an impossible condition)."""
    own = {(r.name, r.level) for r in rules}
    return [*(r for r in BUILTIN_RULES if (r.name, r.level) not in own), *rules]


def _compare(op: Comparison, left: FloatArray, right: FloatArray) -> BoolArray:
    with np.errstate(invalid="ignore"):
        if op == ">":
            return np.greater(left, right)
        if op == ">=":
            return np.greater_equal(left, right)
        if op == "<":
            return np.less(left, right)
        return np.less_equal(left, right)


def _rule_metric(metric: str, sums: FloatArray) -> FloatArray:
    """The metric as a rule judges it: a cost with spend but no results is infinite."""
    value = kpi(metric, sums)
    if metric in _COST_KPIS:
        spend = sums[SPEND]
        per = {"cpa": RESULTS, "cpl": RESULTS, "cpc": CLICKS, "cpm": IMPRESSIONS}[metric]
        value = np.where((sums[per] <= 0) & (spend > 0), np.inf, value)
    return value


def _reference(rule: Rule, view: LevelView) -> tuple[FloatArray, FloatArray]:
    """The threshold per group and the reference value it was scaled from."""
    size = len(view)
    if rule.reference == "constant":
        base = np.full(size, rule.factor)
        return base, base
    if rule.reference == "target":
        if rule.metric == "spend":
            days = rule.window / timedelta(days=1)
            base = view.target("daily_budget") * days
        else:
            base = view.target(_TARGETED[rule.metric])
        return rule.factor * base, base
    assert rule.baseline_window is not None
    unit = timedelta(hours=1) if rule.hourly else timedelta(days=1)
    span = rule.baseline_window // unit
    past = view.window(span, offset=rule.length)
    base = kpi(rule.metric, past)
    if rule.metric in VOLUME_INDEX:
        base = base * (rule.length / span)
    return rule.factor * base, base


_COUNTS: dict[str, tuple[int, int, float, bool]] = {
    # metric: (count, exposure, scale, whether the metric is count per exposure)
    "cpa": (RESULTS, SPEND, 1.0, False),
    "cpl": (RESULTS, SPEND, 1.0, False),
    "cpc": (CLICKS, SPEND, 1.0, False),
    "cpm": (IMPRESSIONS, SPEND, 1000.0, False),
    "ctr": (CLICKS, IMPRESSIONS, 1.0, True),
    "cvr": (RESULTS, CLICKS, 1.0, True),
}


def _order_value(sums: FloatArray, fallback: FloatArray) -> FloatArray:
    results = sums[RESULTS]
    out: FloatArray = np.where(
        results > 0, sums[REVENUE] / np.where(results > 0, results, 1), fallback
    )
    return out


def expected_count(metric: str, sums: FloatArray, threshold: FloatArray) -> FloatArray:
    """The count the window would hold if the metric sat on the threshold: results for a
    CPA, clicks for a CTR or CPC, orders for a ROAS. Infinite for metrics that are not
    counts (nothing to test)."""
    safe = np.where(np.isfinite(threshold) & (threshold > 0), threshold, np.nan)
    if metric in _COUNTS:
        _, exposure, scale, per_exposure = _COUNTS[metric]
        out: FloatArray = sums[exposure] * safe if per_exposure else sums[exposure] * scale / safe
    elif metric == "roas":
        out = sums[SPEND] * safe / _order_value(sums, safe)
    else:
        out = np.full(sums.shape[1], np.inf)
    return np.nan_to_num(out, nan=0.0)


def significance(
    metric: str, op: Comparison, sums: FloatArray, threshold: FloatArray
) -> FloatArray:
    """Poisson z that the true metric is beyond the threshold in the rule's direction.

    The threshold gives the count to expect (results for a CPA, clicks for a CTR …); a rule
    holds with confidence when the observed count is far enough from it. Metrics that are
    not counts (spend, reach, frequency) are not tested (z is infinite).
    """
    beyond_high = op in (">", ">=")
    safe = np.where(np.isfinite(threshold) & (threshold > 0), threshold, np.nan)
    if metric in _COUNTS:
        count, exposure, scale, per_exposure = _COUNTS[metric]
        if per_exposure:
            expected = sums[exposure] * safe
            high = sums[count] - expected
        else:
            expected = sums[exposure] * scale / safe
            high = expected - sums[count]
        spread = np.sqrt(np.where(expected > 0, expected, np.nan))
    elif metric == "roas":
        expected = sums[SPEND] * safe
        high = sums[REVENUE] - expected
        spread = np.sqrt(np.where(expected > 0, expected * _order_value(sums, safe), np.nan))
    else:
        return np.full(sums.shape[1], np.inf)
    z = (high if beyond_high else -high) / spread
    out: FloatArray = np.nan_to_num(z, nan=0.0, posinf=np.inf, neginf=-np.inf)
    return out


def evaluate_rule(rule: Rule, ctx: Context) -> list[Alert]:
    """The alerts a rule raises now: one per object at its level where it holds."""
    view = ctx.view(rule.level, "hour" if rule.hourly else "day")
    if view is None or len(view) == 0:
        return []
    sums = view.window(rule.length)
    value = _rule_metric(rule.metric, sums)
    threshold, base = _reference(rule, view)
    holds = _compare(rule.op, value, threshold) & view.active
    if rule.metric in _CONVERSION_METRICS:
        late = _rule_metric(rule.metric, view.window_late(rule.length))
        holds &= _compare(rule.op, late, threshold)
    for volume, amount in rule.min_volume:
        holds &= sums[VOLUME_INDEX[volume]] >= amount
    if rule.confidence is not None:
        counted = view.window_late(rule.length) if rule.metric in _CONVERSION_METRICS else sums
        needed = NormalDist().inv_cdf(rule.confidence)
        holds &= significance(rule.metric, rule.op, counted, threshold) >= needed
        # A test on a handful of results says little about a target: three days that should
        # have brought eight results and brought two happen by chance somewhere every week.
        holds &= expected_count(rule.metric, counted, threshold) >= ctx.settings.rule_min_expected
    if rule.objective is not None:
        holds &= np.array([t is not None and t.objective == rule.objective for t in view.targets])
    alerts: list[Alert] = []
    for g in np.flatnonzero(holds).tolist():
        alerts.append(_alert(rule, ctx, view, g, sums[:, g], float(value[g]), float(base[g])))
    return alerts


def _suggest(rule: Rule, ctx: Context, view: LevelView, g: int) -> tuple[Suggestion, ...]:
    """Cost and click rules get the same concrete suggestions as the detectors."""
    if rule.hourly or (rule.reference == "constant" and rule.metric not in ("cpa", "cpl")):
        return ()
    if rule.metric in ("cpa", "cpl", "roas"):
        reference = float(view.target("target_cpa")[g]) if rule.metric != "roas" else None
        return for_cost(ctx, view, g, rule.length, 0, rule.metric, reference)
    if rule.metric == "ctr":
        return for_ctr_drop(ctx, view, g, rule.length, 0)
    return ()


def _alert(
    rule: Rule,
    ctx: Context,
    view: LevelView,
    g: int,
    sums: FloatArray,
    value: float,
    base: float,
) -> Alert:
    labels = view.labels(g)
    where = "/".join(v for k, v in labels.items() if k != "brand")
    window_text = format_duration(rule.window)
    # A constant reference is the threshold itself (its "factor" is its value).
    threshold = base if rule.reference == "constant" else rule.factor * base
    none_since = _none_since(view, g, rule.metric) if math.isinf(value) else None
    shown = none_since or fmt_kpi(rule.metric, value)
    reference = {
        "constant": fmt_kpi(rule.metric, rule.factor),
        "target": f"{rule.factor:g} × target {fmt_kpi(rule.metric, base)}",
        "baseline": f"{rule.factor:g} × baseline {fmt_kpi(rule.metric, base)}",
    }[rule.reference]
    evidence = {
        "rule": rule.expr,
        "metric": rule.metric,
        "current": shown,
        "threshold": fmt_kpi(rule.metric, threshold),
        "window": f"{view.span(g, rule.length)} ({window_text})",
        "volume": (
            f"spend {fmt_money(sums[SPEND])}, impressions {fmt_count(sums[IMPRESSIONS])}, "
            f"clicks {fmt_count(sums[CLICKS])}, results {fmt_count(sums[RESULTS])}"
        ),
        **_confidence(rule, sums, threshold),
    }
    if rule.hourly:
        evidence["granularity"] = "hourly rows"
    if rule.reference == "baseline" and rule.baseline_window is not None:
        evidence["baseline"] = (
            f"{fmt_kpi(rule.metric, base)} over the {format_duration(rule.baseline_window)} before"
        )
    elif rule.reference == "target":
        evidence["target"] = fmt_kpi(rule.metric, base)
    per, _ = _PAID_PER.get(rule.metric, (RESULTS, "results"))
    money = for_rule(
        rule.metric,
        float(sums[SPEND]),
        float(sums[per]),
        float(sums[REVENUE]),
        base,
        rule.length,
        "hour" if rule.hourly else "day",
        usual=rule.reference == "baseline",
    )
    # A cost held below a floor or a ROAS above a ceiling loses no money by crossing it.
    costly = (rule.op in (">", ">=")) != (rule.metric == "roas")
    evidence.update(money.evidence() if money is not None and costly else {})
    summary = (
        f"{none_since[0].upper()}{none_since[1:]} on {where} ({rule.metric.upper()} {rule.op} "
        f"{reference} over {window_text})"
        if none_since
        else f"{rule.metric.upper()} {shown} {rule.op} {reference} over {window_text} on {where}"
    )
    return make_alert(
        rule.name,
        labels,
        summary,
        severity=rule.severity,
        value=value if math.isfinite(value) else None,
        baseline=base,
        evidence=evidence,
        suggestions=_suggest(rule, ctx, view, g),
        pending_for=rule.pending_for,
        extra=dict(rule.labels),
    )


def _confidence(rule: Rule, sums: FloatArray, threshold: float) -> dict[str, str]:
    """How surprising the counts would be if the true value sat on the threshold: in words
    (`confidence`) and as the test's numbers (`test`)."""
    z = float(significance(rule.metric, rule.op, sums[:, None], np.array([threshold]))[0])
    if math.isinf(z):
        return {
            "confidence": "the rule's limit is crossed",
            "test": "none: the rule's own limit (not a count-based metric)",
        }
    p = 0.5 * math.erfc(z / math.sqrt(2))
    return {
        "confidence": how_sure(p),
        "test": f"z={z:.1f}, p={p:.1e} that the true {rule.metric} is not beyond the threshold",
    }


# What a cost is paid per, for a cost with spend and none of it: "no results since …".
_PAID_PER: dict[str, tuple[int, str]] = {
    "cpa": (RESULTS, "results"),
    "cpl": (RESULTS, "leads"),
    "cpc": (CLICKS, "clicks"),
    "cpm": (IMPRESSIONS, "impressions"),
}
# How far back "since" looks: a quarter of days, or two weeks of hours.
_SINCE_LOOKBACK = {"day": 92, "hour": 14 * 24}


def _none_since(view: LevelView, g: int, metric: str) -> str:
    """A cost with spend and nothing to divide it by, as the team says it: "no results since
    Sun 22 Nov while spending 469.42" (from the first bucket after the last one with any)."""
    per, noun = _PAID_PER.get(metric, (RESULTS, "results"))
    end = int(view.end[g])
    start = max(end - _SINCE_LOOKBACK[view.granularity], 0)
    counts = view.groups.values[per, g, start:end]
    spend = view.groups.values[SPEND, g, start:end]
    some = np.flatnonzero(counts > 0)
    empty_from = int(some[-1]) + 1 if some.size else 0
    bucket = view.origin + start + empty_from
    if view.granularity == "day":
        day = fmt_day(date.fromordinal(bucket))
    else:
        day = fmt_day(bucket_start("hour", bucket))
    back = "" if some.size else " (as far back as the data goes)"
    spent = fmt_money(float(spend[empty_from:].sum()))
    return f"no {noun} since {day}{back} while spending {spent}"
