"""Ad rules are read when the workspace loads: a wrong rule is reported with its line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.backtest import run_backtest
from bot.cli import main
from bot.config.errors import ConfigError
from bot.config.loading import load_workspace
from bot.engine_setup import ad_rules
from bot.smm.rules import BUILTIN_RULES

REPO = Path(__file__).resolve().parents[1]

BROKEN_RULE = """\
brands:
  - id: acme
    name: Acme
rules:
  - name: CPAHigh
    expr: cpa > 1.3 * target over 3d
  - name: CTRLow
    expr: ctr <<< 0.5 * baseline_14d
"""


def write(folder: Path, text: str) -> Path:
    path = folder / "workspace.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_broken_rule_expression_is_reported_by_the_loader_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, BROKEN_RULE)

    with pytest.raises(ConfigError) as caught:
        load_workspace(path)

    [problem] = caught.value.problems
    assert (problem.file, problem.key, problem.line) == (str(path), "rules[1].expr", 8)
    assert "right-hand side" in problem.message and problem.message.endswith("(CTRLow)")


def test_check_config_names_the_file_line_and_key_of_a_broken_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOCIALPULSE_WORKSPACE", raising=False)
    monkeypatch.setenv("SOCIALPULSE_DB_PATH", str(tmp_path / "cli.db"))
    monkeypatch.chdir(REPO)
    path = write(tmp_path, BROKEN_RULE)

    code = main(
        ["--env-file", str(tmp_path / "none.env"), "--workspace", str(path), "check-config"]
    )

    err = " ".join(capsys.readouterr().err.split())
    assert code == 3
    assert f"{path}:8: rules[1].expr: right-hand side" in err


def test_wrong_rules_are_reported_with_the_other_problems_of_the_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        brands:
          - {id: acme, name: Acme, voice: loud}
        rules:
          - {name: A, expr: cpz > 3}
          - {name: B, expr: cpa > 3, min: {clickz: 10}}
          - {name: C, expr: cpa > 3, sevrity: info}
        """,
    )

    with pytest.raises(ConfigError) as caught:
        load_workspace(path)

    found = [(problem.key, problem.line) for problem in caught.value.problems]
    assert found == [
        ("brands[0].voice", 2),
        ("rules[0].expr", 4),
        ("rules[1].min.clickz", 5),
        ("rules[2].sevrity", 6),
    ]


def test_a_name_used_twice_is_reported_at_the_second(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        brands: [{id: acme, name: Acme}]
        rules:
          - {name: A, expr: cpa > 3}
          - {name: A, expr: cpa > 4}
        """,
    )

    with pytest.raises(ConfigError) as caught:
        load_workspace(path)

    [problem] = caught.value.problems
    assert (problem.key, problem.line) == ("rules[1].name", 4)
    assert "already used by rules[0]" in problem.message


def test_a_loaded_rule_keeps_its_keys_as_written_and_the_rule_it_reads_as(
    tmp_path: Path,
) -> None:
    workspace = load_workspace(write(tmp_path, BROKEN_RULE.replace("<<<", "<")))

    assert workspace.rules[1] == {"name": "CTRLow", "expr": "ctr < 0.5 * baseline_14d"}
    [cpa, ctr] = workspace.ad_rules
    assert (cpa.metric, cpa.reference, ctr.metric, ctr.reference) == (
        "cpa",
        "target",
        "ctr",
        "baseline",
    )
    assert ad_rules(workspace) == [*BUILTIN_RULES, cpa, ctr]


def test_the_backtest_reads_the_workspace_through_the_loader(tmp_path: Path) -> None:
    # A misspelt target used to be skipped by the backtest's own reader, which then judged
    # the campaign without one; the loader refuses it as the bot does.
    (tmp_path / "manifest.yaml").write_text("incidents: []\n", encoding="utf-8")
    path = write(
        tmp_path,
        """\
        brands: [{id: acme, name: Acme}]
        campaigns:
          - {platform: meta, account: a, campaign: C, brand: acme, target_cap: 20}
        """,
    )

    with pytest.raises(ConfigError) as caught:
        run_backtest(tmp_path, replay_days=1)

    [problem] = caught.value.problems
    assert (problem.file, problem.key, problem.line) == (str(path), "campaigns[0].target_cap", 3)
    assert "did you mean 'target_cpa'?" in problem.message
