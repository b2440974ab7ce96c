"""`socialpulse quarantine`: what was refused, where and why, inert in a terminal; one in full."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import REPO

HOSTILE = '{"text": "\x1b[31m[red]boom[/] :warning: \u202eevil", "id": "h1", "platform": "x"}\n'


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("SOCIALPULSE_WORKSPACE", "SLACK_BOT_TOKEN", "TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SOCIALPULSE_DB_PATH", str(tmp_path / "cli.db"))
    monkeypatch.setenv("SOCIALPULSE_OUTBOX_PATH", str(tmp_path / "outbox.jsonl"))
    monkeypatch.chdir(REPO)


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--env-file", str(tmp_path / "none.env"), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def quarantined(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Five bad comment lines from the samples, then one hostile line of our own."""
    assert _run(tmp_path, capsys, "ingest", str(REPO / "samples/bad/comments.bad.jsonl"))[0] == 5
    hostile = tmp_path / "comments.hostile.jsonl"
    hostile.write_text(HOSTILE, encoding="utf-8")
    assert _run(tmp_path, capsys, "ingest", str(hostile))[0] == 5
    return hostile


@pytest.mark.parametrize(
    "command", [["quarantine"], ["quarantine", "list"], ["quarantine", "show"]], ids=" ".join
)
def test_quarantine_commands_have_help(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    assert "usage: socialpulse quarantine" in capsys.readouterr().out


@pytest.mark.slow
def test_the_list_says_where_and_why_newest_first_and_stays_inert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], quarantined: Path
) -> None:
    code, out, _ = _run(tmp_path, capsys, "quarantine", "list")
    assert code == 0
    assert "Quarantined: 6 shown, most recent first" in out
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if "comments.hostile.jsonl:1" in line)
    last = next(i for i, line in enumerate(lines) if "comments.bad.jsonl:2" in line)
    assert first < last  # the newest first
    assert "comments.bad.jsonl:3  author: missing" in out
    assert "invalid JSON at column" in lines[first]
    # The record as read, on one line: controls and bidi overrides gone, markup shown as text.
    preview = lines[first + 1]
    assert preview == '      {"text": "[31m[red]boom[/] :warning: evil", "id": "h1", "pl…'
    assert "\x1b" not in out and "\u202e" not in out
    assert "socialpulse quarantine show ID" in out


@pytest.mark.slow
def test_the_list_filters_by_file_time_and_count_and_speaks_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], quarantined: Path
) -> None:
    code, out, _ = _run(tmp_path, capsys, "quarantine", "list", "--source", "hostile", "--json")
    [record] = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and "\x1b" not in out  # escaped as \u001b
    assert record["source"] == str(quarantined.resolve()) and record["line"] == 1
    assert record["raw"] == HOSTILE.rstrip("\n")
    assert set(record) == {"id", "source", "line", "reason", "raw", "quarantined_at"}
    out = _run(tmp_path, capsys, "quarantine", "list", "--since", "1h", "--limit", "2")[1]
    assert "2 shown" in out
    code, out, _ = _run(tmp_path, capsys, "quarantine", "list", "--since", "2099-01-01")
    assert code == 0 and out.startswith("Nothing quarantined since 2099-01-01 00:00")
    with pytest.raises(SystemExit) as refused:
        main(["quarantine", "list", "--since", "last week"])
    assert refused.value.code == 2
    assert "give a day (2026-11-24) or how far back to look" in capsys.readouterr().err


@pytest.mark.slow
def test_show_prints_one_record_in_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], quarantined: Path
) -> None:
    listed = _run(tmp_path, capsys, "quarantine", "list", "--json", "--source", "bad")[1]
    cut_off = next(
        json.loads(line) for line in listed.splitlines() if json.loads(line)["line"] == 2
    )
    code, out, _ = _run(tmp_path, capsys, "quarantine", "show", str(cut_off["id"]))
    assert code == 0
    assert f"file:   {REPO / 'samples/bad/comments.bad.jsonl'}" in out
    assert "line:   2" in out and "reason: invalid JSON at column" in out
    assert cut_off["raw"] in out  # the whole record, not the preview
    code, _, err = _run(tmp_path, capsys, "quarantine", "show", "999")
    assert code == 1 and "no quarantined record has the id 999" in err
