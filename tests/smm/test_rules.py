"""Declarative rules: the syntax, precise errors, and what a rule fires on."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.smm.engine import evaluate
from bot.smm.rules import (
    BUILTIN_RULES,
    Rule,
    RuleError,
    parse_rule,
    parse_rules,
    with_builtin_pack,
)
from bot.smm.settings import EngineSettings

from .helpers import NOW, Shape, daily, hourly, names, target

RULES_ONLY = EngineSettings(detectors=frozenset({"rules"}))


def rule(**entry: Any) -> Rule:
    entry.setdefault("name", "Test")
    return parse_rule(entry, 0)


def test_target_rule_with_window_volumes_and_labels() -> None:
    r = rule(
        name="CPAHigh",
        expr="cpa > 1.3 * target over 3d",
        **{"for": "2h"},
        min={"conversions": 5, "clicks": 100},
        severity="critical",
        labels={"team": "growth"},
    )
    assert (r.metric, r.op, r.reference, r.factor) == ("cpa", ">", "target", 1.3)
    assert r.window == timedelta(days=3) and not r.hourly and r.length == 3
    assert r.pending_for == timedelta(hours=2)
    assert r.min_volume == (("conversions", 5.0), ("clicks", 100.0))
    assert r.labels == (("team", "growth"),)
    assert r.level == "campaign"


@pytest.mark.parametrize(
    ("expr", "reference", "factor", "baseline_days"),
    [
        ("ctr < 0.7 * baseline_14d", "baseline", 0.7, 14),
        ("ctr < baseline * 0.5", "baseline", 0.5, 14),
        ("roas <= 0.8*target over 7d", "target", 0.8, None),
        ("spend >= 500", "constant", 500.0, None),
        ("frequency > 3 over 1w", "constant", 3.0, None),
    ],
)
def test_right_hand_sides(
    expr: str, reference: str, factor: float, baseline_days: int | None
) -> None:
    r = rule(expr=expr)
    assert (r.reference, r.factor) == (reference, factor)
    if baseline_days is None:
        assert r.baseline_window is None
    else:
        assert r.baseline_window == timedelta(days=baseline_days)


def test_hour_windows_read_the_hourly_frame() -> None:
    assert rule(expr="spend > 100 over 6h").hourly
    assert rule(expr="spend > 100 over 24h").length == 24
    assert not rule(expr="spend > 100 over 1d").hourly


@pytest.mark.parametrize(
    ("entry", "message", "key"),
    [
        ({"expr": "cpx > 3"}, "unknown metric 'cpx'", "expr"),
        ({"expr": "cpa >> 3"}, "unknown reference '> 3'", "expr"),
        ({"expr": "cpa 3"}, "is not '<metric> <op> <value>", "expr"),
        ({"expr": "cpa > 1.3 * target over 3m"}, "whole hours or days", "expr"),
        ({"expr": "cpa > 1.3 * target over soon"}, "invalid duration", "expr"),
        ({"expr": "ctr < 0.7 * target"}, "'target' is defined for", "expr"),
        ({"expr": "cpa > 2 * target", "level": "account"}, "needs level campaign", "level"),
        ({"expr": "ctr < 0.7 * median_14d"}, "unknown reference", "expr"),
        ({"expr": "ctr < 0.7 * baseline_6h"}, "a baseline is whole days", "expr"),
        ({"expr": "ctr < 2 * 3"}, "one factor times one reference", "expr"),
        ({"expr": "cpa > 2", "for": "soon"}, "invalid duration", "for"),
        ({"expr": "cpa > 2", "severity": "page"}, "severity 'page'", "severity"),
        ({"expr": "cpa > 2", "min": {"likes": 3}}, "unknown volume 'likes'", "min.likes"),
        ({"expr": "cpa > 2", "min": {"clicks": -1}}, "must be a number >= 0", "min.clicks"),
        ({"expr": "cpa > 2", "labels": {"campaign": "x"}}, "set by the engine", "labels.campaign"),
        ({"expr": "cpa > 2", "level": "brand"}, "level 'brand'", "level"),
        ({"expr": "cpa > 2", "confidence": 1.5}, "confidence must be", "confidence"),
        ({"expr": "cpa > 2", "objective": "sales"}, "objective must be", "objective"),
        ({"expr": ""}, "expr is required", "expr"),
        ({"expr": "cpa > 2", "sevrity": "info"}, "unknown key 'sevrity'", ""),
    ],
)
def test_errors_name_the_rule_the_key_and_the_problem(
    entry: dict[str, Any], message: str, key: str
) -> None:
    entry = {"name": "CPAHigh", **entry}
    with pytest.raises(RuleError) as caught:
        parse_rules([{"name": "Fine", "expr": "cpa > 1"}, entry])
    error = caught.value
    assert error.index == 1
    assert message in str(error)
    assert str(error).startswith(f"rules[1]{'.' + key if key else ''} (CPAHigh): ")


def test_a_rule_needs_a_name_and_a_mapping() -> None:
    with pytest.raises(RuleError, match=r"rules\[0\]\.name: name must be"):
        parse_rule({"expr": "cpa > 1"}, 0)
    with pytest.raises(RuleError, match="a rule is a mapping"):
        parse_rule("cpa > 1", 0)
    with pytest.raises(RuleError, match="must be a list"):
        parse_rules("cpa > 1")


def test_duplicate_names_at_one_level_are_refused() -> None:
    with pytest.raises(RuleError, match=r"rules\[1\]\.name .*already used by rules\[0\]"):
        parse_rules([{"name": "A", "expr": "cpa > 1"}, {"name": "A", "expr": "ctr < 1"}])
    assert (
        len(
            parse_rules(
                [{"name": "A", "expr": "cpa > 1"}, {"name": "A", "expr": "cpa > 1", "level": "ad"}]
            )
        )
        == 2
    )


def test_the_builtin_pack_parses_with_the_workspace_syntax() -> None:
    assert {r.name for r in BUILTIN_RULES} == {"CPAAboveTarget", "ROASBelowTarget"}
    assert all(r.confidence == 0.95 for r in BUILTIN_RULES)


def test_a_workspace_rule_replaces_the_builtin_of_the_same_name() -> None:
    mine = parse_rules([{"name": "CPAAboveTarget", "expr": "cpa > 2 * target over 7d"}])
    combined = with_builtin_pack(mine)
    assert [r.name for r in combined] == ["ROASBelowTarget", "CPAAboveTarget"]
    assert combined[-1].factor == 2.0
    assert len(with_builtin_pack([])) == len(BUILTIN_RULES)


def run(rows: list[Any], rules: list[Rule], **targets: Any) -> list[Any]:
    return evaluate(rows, [target(**targets)], rules, NOW, settings=RULES_ONLY)


def test_a_target_rule_fires_with_labels_and_evidence() -> None:
    r = rule(name="CPAHigh", expr="cpa > 1.3 * target over 3d", labels={"team": "growth"})
    alerts = run(daily(seed=1), [r], target_cpa=8.0)  # CPA is about 16
    assert names(alerts) == ["CPAHigh"]
    a = alerts[0]
    assert a.labels == {
        "alertname": "CPAHigh",
        "severity": "warning",
        "platform": "meta",
        "account": "acct-1",
        "campaign": "Shoes",
        "brand": "acme",
        "team": "growth",
    }
    assert a.baseline == 8.0 and a.value is not None and a.value > 1.3 * 8.0
    assert a.evidence["window"].startswith("2026-11-22..2026-11-24")
    assert {"current", "threshold", "volume", "confidence", "target"} <= set(a.evidence)
    assert a.evidence["test"].startswith("z=") and "noise" in a.evidence["confidence"]
    assert run(daily(seed=1), [r], target_cpa=16.0) == []


def test_min_volumes_and_confidence_keep_low_volume_quiet() -> None:
    small = daily(seed=2, shape=Shape(impressions=800))  # ~1 purchase a day
    loose = rule(expr="cpa > 1.1 * target over 3d")
    strict = rule(expr="cpa > 1.1 * target over 3d", min={"clicks": 100})
    sure = rule(expr="cpa > 1.1 * target over 3d", confidence=0.95)
    assert names(run(small, [loose], target_cpa=8.0)) == ["Test"]
    assert run(small, [strict], target_cpa=8.0) == []
    assert run(small, [sure], target_cpa=8.0) == []


def test_a_baseline_rule_compares_with_the_days_before_its_window() -> None:
    r = rule(name="CTRLow", expr="ctr < 0.7 * baseline_14d over 2d")
    dropped = daily(effect=lambda age: {"ctr": 0.5} if age <= 2 else {})
    assert names(run(dropped, [r])) == ["CTRLow"]
    assert run(daily(), [r]) == []


def test_conversion_rules_allow_for_late_conversions_on_fresh_days() -> None:
    r = rule(expr="cpa > 1.3 * target over 1d")
    # Yesterday reported 88 % of its purchases: CPA 18.18 looks over 1.3 × target (16.25),
    # which the 15 % late-conversion allowance can still explain.
    late = daily(noise=False, effect=lambda age: {"cvr": 0.88} if age == 1 else {})
    assert run(late, [r], target_cpa=12.5) == []
    collapsed = daily(noise=False, effect=lambda age: {"cvr": 0.4} if age == 1 else {})
    assert names(run(collapsed, [r], target_cpa=16.0)) == ["Test"]


def test_an_hourly_rule_reads_the_last_complete_hours() -> None:
    r = rule(expr="spend < 1 over 3h", level="campaign")
    quiet = hourly(effect=lambda age: {"impressions": 0.0} if age <= 3 else {})
    assert names(run(quiet, [r])) == ["Test"]
    assert run(hourly(), [r]) == []


def test_rules_can_be_restricted_to_an_objective_and_a_level() -> None:
    rows = daily(adset="s1", ad="a1")
    by_ad = rule(expr="cpa > 1 * target over 3d", level="ad", objective="purchases")
    alerts = run(rows, [by_ad], target_cpa=5.0)
    assert [a.labels["ad"] for a in alerts] == ["a1"]
    leads_only = rule(expr="cpa > 1 * target over 3d", objective="leads")
    assert run(rows, [leads_only], target_cpa=5.0) == []


def test_cost_rules_carry_the_cost_suggestions() -> None:
    rows = [
        *daily(adset="A", ad="good", seed=1),
        *daily(adset="A", ad="waste", seed=2, shape=Shape(cvr=0.005, impressions=40_000)),
    ]
    r = rule(expr="cpa > 1.3 * target over 3d")
    alerts = run(rows, [r], target_cpa=16.0)
    assert [s.action for s in alerts[0].suggestions][:1] == ["pause_ad"]


def test_a_confident_rule_needs_enough_results_expected_at_its_threshold() -> None:
    """Three days that should bring ~7 results at 1.3 × target bring none: a 95 % Poisson
    test passes, but among dozens of campaigns judged every morning that is chance somewhere
    every week. The same drop where ~30 were due is a breach."""
    r = rule(expr="cpa > 1.3 * target over 3d", confidence=0.95, min={"clicks": 100})
    dry = {"cvr": 0.0}
    thin = daily(shape=Shape(impressions=3_000), effect=lambda age: dry if age <= 3 else {})
    assert run(thin, [r], target_cpa=16.0) == []
    broad = daily(shape=Shape(impressions=12_000), effect=lambda age: dry if age <= 3 else {})
    assert names(run(broad, [r], target_cpa=16.0)) == ["Test"]


def test_a_constant_rule_says_its_own_threshold_and_tests_against_it() -> None:
    # CPC 1.60 for three days against a limit of 1.20: the evidence names 1.20, and the test
    # asks whether the clicks are fewer than the spend buys at 1.20 (1,440 of 1,920 spent).
    rows = daily(
        shape=Shape(weekend=1.0), noise=False, effect=lambda a: {"cpc": 2.0} if a <= 3 else {}
    )
    [a] = run(rows, [rule(expr="cpc > 1.2 over 3d")])
    assert a.evidence["threshold"] == "1.20"
    assert "1.20" in a.summary
    # 1,200 clicks bought where 1,600 would be at 1.20: z = 400 / sqrt(1,600) = 10.
    assert a.evidence["test"].startswith("z=10.0,")
