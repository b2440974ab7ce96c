"""The docs say what the code does: settings, ad rules and chat commands, checked against it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from telegram.ext import ApplicationBuilder, CommandHandler

from bot.config.loading import load_workspace
from bot.config.workspace import Workspace
from bot.engine_setup import ad_rules
from bot.models import AdMetricRow, Alert
from bot.notices import Notice
from bot.rendering import Renderer
from bot.settings import Settings
from bot.smm.engine import evaluate
from bot.smm.frame import LEVELS
from bot.smm.rules import BUILTIN_RULE_SPECS, METRIC_NAMES, RULE_KEYS, SEVERITIES, Rule
from bot.smm.settings import EngineSettings
from bot.store import Store
from handlers.actions import Actions
from handlers.slack.commands import SUBCOMMANDS
from handlers.telegram.listeners import COMMANDS, Listeners
from handlers.views import Views
from tests.smm.helpers import NOW, Shape, daily, hourly, target

REPO = Path(__file__).resolve().parents[1]
CONFIGURATION = REPO / "docs" / "configuration.md"
RULES_ONLY = EngineSettings(detectors=frozenset({"rules"}))
YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.S | re.M)


def section(path: Path, heading: str) -> str:
    """The text under `heading` up to the next heading of the same or a higher level."""
    text = path.read_text(encoding="utf-8")
    level = heading.split(" ", 1)[0]
    start = text.index(f"\n{heading}\n")
    ends = [text.find(f"\n{'#' * n} ", start + 1) for n in range(1, len(level) + 1)]
    end = min((e for e in ends if e != -1), default=len(text))
    return text[start:end]


def table_rows(text: str) -> list[list[str]]:
    """The cells of every Markdown table row in `text`, header and rule lines left out."""
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("|") or set(line) <= {"|", "-", " "}:
            continue
        rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip("|"))])
    return rows[1:] if rows else rows


# --- settings ------------------------------------------------------------------------------


def test_the_settings_table_lists_every_setting_with_its_default() -> None:
    rows = table_rows(section(CONFIGURATION, "## Settings (environment and `.env`)"))
    documented = {row[0].strip("`"): row[1] for row in rows}
    defaults = Settings.model_construct().redacted()

    assert sorted(documented) == sorted(defaults)
    for name, shown in documented.items():
        expected = defaults[name]
        written = shown.strip("`")
        if re.fullmatch(r"\d+(\.\d+)?", expected):
            assert float(written) == float(expected), name
        else:
            assert written.lower() == expected.lower(), name


# --- ad rules ------------------------------------------------------------------------------


def rules_section() -> str:
    return section(CONFIGURATION, "### `rules`")


def rule_examples() -> list[str]:
    return YAML_BLOCK.findall(rules_section())


def load_example(tmp_path: Path, text: str) -> tuple[Workspace, list[Rule]]:
    """The example as the bot reads it: a workspace file, then its rules with the built-ins."""
    data = yaml.safe_load(text)
    brands = "" if "brands" in data else "brands:\n  - {id: acme, name: Acme}\n"
    path = tmp_path / "workspace.yaml"
    path.write_text(text + brands, encoding="utf-8")
    workspace = load_workspace(path)
    return workspace, ad_rules(workspace)


def example(tmp_path: Path, name: str) -> Rule:
    for text in rule_examples():
        _, rules = load_example(tmp_path, text)
        found = [rule for rule in rules if rule.name == name]
        if found and any(entry["name"] == name for entry in yaml.safe_load(text)["rules"]):
            return found[0]
    raise AssertionError(f"no example rule named {name} in docs/configuration.md")


def fired(rule: Rule, rows: list[AdMetricRow], **targets: Any) -> list[Alert]:
    return evaluate(rows, [target(**targets)], [rule], NOW, settings=RULES_ONLY)


def test_the_rule_format_is_documented_with_examples() -> None:
    text = rules_section()
    keys = {row[0].strip("`") for row in table_rows(text)}

    assert "reserved" not in text
    assert keys == set(RULE_KEYS)
    for word in (*METRIC_NAMES, *LEVELS, *SEVERITIES, ">=", "<=", "baseline_<N>d", "target"):
        assert f"{word}" in text, word
    for spec in BUILTIN_RULE_SPECS:
        assert f"`{spec['name']}` (`{spec['expr']}`" in " ".join(text.split()), spec["name"]
    assert 3 <= len(rule_examples()) <= 6


@pytest.mark.parametrize("index", range(len(rule_examples())))
def test_every_rule_example_loads_through_the_workspace(tmp_path: Path, index: int) -> None:
    text = rule_examples()[index]
    written = yaml.safe_load(text)["rules"]

    workspace, rules = load_example(tmp_path, text)

    assert list(workspace.rules) == written
    by_name = {rule.name: rule for rule in rules}
    for entry in written:
        rule = by_name[entry["name"]]
        assert rule.expr == entry["expr"]
        assert rule.severity == entry.get("severity", "warning")
        assert dict(rule.labels) == entry.get("labels", {})


def test_the_worked_cpa_example_gives_the_figures_the_docs_quote(tmp_path: Path) -> None:
    rule = example(tmp_path, "CPAHigh")
    text = rules_section()

    [alert] = fired(rule, daily(seed=1), target_cpa=8.0)

    assert f"`{alert.summary}`" in " ".join(text.split())
    assert alert.summary == "CPA 14.07 > 1.3 × target 8.00 over 3d on meta/acct-1/Shoes"
    assert alert.labels["team"] == "growth"
    assert (alert.evidence["current"], alert.evidence["threshold"]) == ("14.07", "10.40")
    assert alert.evidence["volume"].endswith("clicks 1,178, results 67")
    assert "spend 942.40" in alert.evidence["volume"]
    assert alert.evidence["confidence"] == "unlikely to be noise"
    assert alert.evidence["test"].startswith("z=2.5,")
    for quoted in ("1,178 clicks, 67 purchases for 942.40", "(CPA 14.07)", "over 10.40", "2.5"):
        assert quoted in " ".join(text.split()), quoted
    assert fired(rule, daily(seed=1), target_cpa=16.0) == []


def test_the_other_examples_fire_on_what_they_describe(tmp_path: Path) -> None:
    worn = daily(adset="s1", ad="a1", effect=lambda age: {"ctr": 0.5} if age <= 3 else {})
    ctr = example(tmp_path, "AdCTRDrop")
    assert [a.labels["ad"] for a in fired(ctr, worn)] == ["a1"]
    assert fired(ctr, daily(adset="s1", ad="a1")) == []

    broken = hourly(effect=lambda age: {"cvr": 0.0} if age <= 6 else {})
    tracking = example(tmp_path, "NoConversions")
    [alert] = fired(tracking, broken)
    assert (alert.labels["severity"], alert.labels["team"]) == ("critical", "tracking")
    assert fired(tracking, hourly()) == []

    overspend = example(tmp_path, "DailyOverspend")  # about 320 a day
    assert len(fired(overspend, daily(), daily_budget=200.0)) == 1
    assert fired(overspend, daily(), daily_budget=400.0) == []
    assert fired(overspend, daily()) == []  # no daily budget: not judged

    ceiling = example(tmp_path, "CPLOverCeiling")
    costly = daily(shape=Shape(cvr=0.01))  # about 80 a lead
    assert len(fired(ceiling, costly, objective="leads")) == 1
    assert fired(ceiling, costly, objective="purchases") == []


def test_the_retuned_builtin_example_replaces_the_builtin_rule(tmp_path: Path) -> None:
    [text] = [t for t in rule_examples() if "name: CPAAboveTarget" in t]
    _, rules = load_example(tmp_path, text)

    [cpa] = [rule for rule in rules if rule.name == "CPAAboveTarget"]
    assert (cpa.factor, cpa.length) == (1.5, 7)
    assert "ROASBelowTarget" in {rule.name for rule in rules}


# --- chat commands -------------------------------------------------------------------------


def slack_documented() -> set[str]:
    rows = table_rows((REPO / "docs" / "slack.md").read_text(encoding="utf-8"))
    return {
        name
        for row in rows
        if row[0].startswith("`/socialpulse")
        for name in re.findall(r"`/socialpulse (\w+)", row[0])
    }


async def telegram_registered(store: Store, workspace: Workspace) -> set[str]:
    """The commands the Telegram listeners put on a real Application."""

    async def show(chat: int, notice: Notice, reply_to: int | None) -> None:
        raise AssertionError("nothing is shown while registering")

    application = ApplicationBuilder().token("123456:ABCdefGHIjkl").updater(None).build()
    listeners = Listeners(
        Actions(store, workspace), Views(store, workspace), Renderer(), lambda: None, show
    )
    listeners.register(application)
    return {
        command
        for handlers in application.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }


def test_the_slack_command_table_lists_every_subcommand() -> None:
    names = {name for name, _, _ in SUBCOMMANDS}
    who = section(REPO / "docs" / "slack.md", "## Who may do what")

    assert slack_documented() == names
    for name in names - {"help"}:
        assert f"`{name}`" in who or f"`/socialpulse {name}`" in who, name


@pytest.mark.slow
async def test_the_telegram_command_table_lists_every_registered_command(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "workspace.yaml"
    path.write_text("brands:\n  - {id: acme, name: Acme}\n", encoding="utf-8")
    registered = await telegram_registered(store, load_workspace(path))
    rows = table_rows(section(REPO / "docs" / "telegram.md", "## 4. What the team sees"))
    documented = {name for row in rows for name in re.findall(r"`/(\w+)", row[0])}

    assert registered == {command.name for command in COMMANDS}
    assert documented == registered


def test_the_readme_names_every_chat_command() -> None:
    text = section(REPO / "README.md", "## In Slack and Telegram")

    for name, _, _ in SUBCOMMANDS:
        assert re.search(rf"/socialpulse [\w|]*\b{name}\b", text), name
    for command in COMMANDS:
        assert f"/{command.name} " in text or f"/{command.name}`" in text, command.name
