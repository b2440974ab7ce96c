"""The sample backtest's script: the report it prints and what it exits with."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.ads_backtest import main

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_the_command_prints_a_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SAMPLES), "--replay-days", "3"]) == 0
    out = capsys.readouterr().out
    assert "planted incidents: 6/6 caught" in out
    assert "false positives at now" in out
