"""docs/connectors.md says what the code reads: its example loads, its table lists every key."""

from __future__ import annotations

from pathlib import Path

from bot.config.ads_in import AdAccount, AdsIn
from bot.config.comments_in import CommentAccount, CommentsIn, HookSource, MetaApp
from bot.config.loading import load_workspace
from tests.test_docs import REPO, YAML_BLOCK, section, table_rows

DOC = REPO / "docs" / "connectors.md"


def test_the_example_section_loads_as_documented(tmp_path: Path) -> None:
    [example] = YAML_BLOCK.findall(section(DOC, "## The workspace section"))
    path = tmp_path / "workspace.yaml"
    path.write_text("brands:\n  - {id: alpenglow, name: Alpenglow}\n" + example, encoding="utf-8")
    loaded = load_workspace(path).comments_in
    assert [a.platform for a in loaded.accounts] == ["facebook", "instagram", "youtube"]
    assert loaded.poll_every.total_seconds() == 300
    assert loaded.source("zapier") is not None


def test_the_table_lists_every_key_with_its_default() -> None:
    rows = table_rows(section(DOC, "## The workspace section"))
    documented = {row[0].strip("`"): row[1].strip("`") for row in rows}
    expected = {f"meta.{name}" for name in MetaApp.model_fields}
    expected |= {name for name in CommentsIn.model_fields if name not in {"meta"}} - {
        "accounts",
        "sources",
    }
    expected |= {f"accounts[].{name}" for name in CommentAccount.model_fields}
    expected |= {f"sources[].{name}" for name in HookSource.model_fields}
    assert sorted(documented) == sorted(expected)
    defaults = CommentsIn()
    assert documented["meta.graph_url"] == str(defaults.meta.graph_url)
    assert documented["youtube_url"] == str(defaults.youtube_url)
    assert documented["youtube_daily_quota"] == str(defaults.youtube_daily_quota)
    assert documented["meta.app_secret_env"] == defaults.meta.app_secret_env


def test_the_ads_in_example_loads_and_its_table_lists_every_key(tmp_path: Path) -> None:
    text = section(DOC, "## Ad metrics in")
    [example] = YAML_BLOCK.findall(text)
    path = tmp_path / "workspace.yaml"
    path.write_text("brands:\n  - {id: alpenglow, name: Alpenglow}\n" + example, encoding="utf-8")
    loaded = load_workspace(path).ads_in
    assert [a.label for a in loaded.accounts] == ["Alpenglow EU", "1234567890"]
    documented = {row[0].strip("`"): row[1].strip("`") for row in table_rows(text)}
    expected = {name for name in AdsIn.model_fields if name != "accounts"}
    expected |= {f"accounts[].{name}" for name in AdAccount.model_fields}
    assert sorted(documented) == sorted(expected)
    defaults = AdsIn()
    assert documented["graph_url"] == str(defaults.graph_url)
    assert documented["repull_days"] == str(defaults.repull_days)
    assert documented["backfill_days"] == str(defaults.backfill_days)
