"""The calibration and benchmark scripts read a workspace file as the bot does: checked, with
each problem's file, line and key, never as raw YAML whose mistakes pass unnoticed."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.ads_heldout import Tally, score_folder
from benchmarks.adsynth import generate, write
from bot.config.errors import ConfigError
from bot.config.loading import load_workspace
from training.calibrate import sample_brands


def test_calibration_reads_brands_through_the_workspace_loader(tmp_path: Path) -> None:
    path = tmp_path / "workspace.yaml"
    path.write_text(
        "brands:\n  - id: alpenglow\n    name: Alpenglow\n    voise: formal\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        sample_brands(path)
    assert f"{path}:4: brands[0].voise: unknown key; did you mean 'voice'?" in str(caught.value)


def test_calibration_brands_are_the_ones_the_bot_loads() -> None:
    path = Path(__file__).resolve().parents[1] / "samples" / "workspace.yaml"
    brands = load_workspace(path).brands
    profiles = sample_brands(path)
    assert [p.id for p in profiles] == [b.id for b in brands]
    assert [p.handles for p in profiles] == [dict(b.handles) for b in brands]


def test_the_held_out_scoring_reads_targets_through_the_workspace_loader(tmp_path: Path) -> None:
    (tmp_path / "manifest.yaml").write_text("incidents: []\nadsets: []\n", encoding="utf-8")
    workspace = tmp_path / "workspace.yaml"
    workspace.write_text(
        "brands: [{id: heldout, name: Held-out}]\ncampaigns:\n"
        "  - {platform: meta, account: a1, campaign: C1, brand: heldout, target_cpa: -4}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        score_folder(tmp_path, True, Tally())
    assert f"{workspace}:3: campaigns[0].target_cpa" in str(caught.value)


@pytest.mark.slow
def test_a_generated_held_out_folder_is_a_workspace_the_bot_loads(tmp_path: Path) -> None:
    write(generate(101), tmp_path)
    workspace = load_workspace(tmp_path / "workspace.yaml")
    assert workspace.campaigns and {c.brand for c in workspace.campaigns} == {"heldout"}
