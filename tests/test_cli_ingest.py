"""`socialpulse ingest` and `backtest`: what was stored, refused or is too little, told in
words and in the exit status; files named anyhow; drafts made at once with --process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.exits import Exit
from tests.conftest import REPO

# A guard against a hung child process, not a performance limit.
HANG_GUARD_S = 120.0
COMMENTS = REPO / "samples" / "comments.jsonl"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.upper().startswith(("SOCIALPULSE_", "SLACK_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SOCIALPULSE_DB_PATH", str(tmp_path / "cli.db"))
    monkeypatch.setenv("SOCIALPULSE_OUTBOX_PATH", str(tmp_path / "outbox.jsonl"))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.chdir(REPO)


def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--env-file", str(tmp_path / "none.env"), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def some_comments(path: Path, count: int = 40) -> Path:
    lines = COMMENTS.read_text(encoding="utf-8").splitlines()[:count]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_quarantined_lines_exit_5_with_the_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "comments.bad.jsonl"
    shutil.copy(REPO / "samples" / "bad" / "comments.bad.jsonl", bad)
    code, out, err = cli(tmp_path, capsys, "ingest", str(bad))
    assert code == Exit.REFUSED == 5
    assert "stored 2 comments" in out
    assert "5 record(s) refused and quarantined (comments.bad.jsonl" in err
    assert "socialpulse quarantine list" in err


@pytest.mark.slow
def test_a_refused_export_exits_5_and_a_missing_file_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "radio.csv"
    odd.write_text("Week,Channel\n1,Radio\n", encoding="utf-8")
    code, out, err = cli(
        tmp_path, capsys, "ingest", str(odd), str(some_comments(tmp_path / "a.comments.jsonl"))
    )
    assert code == 5
    assert (
        "1 record(s) refused and quarantined (radio.csv; a whole file refused counts once)" in err
    )
    assert "stored 40 comments" in out

    code, _, err = cli(tmp_path, capsys, "ingest", str(tmp_path / "nowhere.jsonl"))
    assert code == Exit.FAILED == 1
    assert "nowhere.jsonl: no such file" in err


@pytest.mark.slow
def test_a_file_named_anyhow_is_read_by_its_first_record_or_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = some_comments(tmp_path / "export-2026-11.jsonl")
    code, out, err = cli(tmp_path, capsys, "ingest", str(export))
    assert code == 0, err
    assert "comments (by first record)" in out and "stored 40 comments" in out

    posts = tmp_path / "from-the-agency.ndjson"
    shutil.copy(REPO / "samples" / "posts.jsonl", posts)
    code, out, err = cli(tmp_path, capsys, "ingest", str(posts))
    assert code == 0, err
    assert "posts (by first record)" in out

    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n", encoding="utf-8")
    code, _, err = cli(tmp_path, capsys, "ingest", str(notes))
    assert code == 5
    assert "cannot tell which feed this is" in err and "--kind comments|posts|profiles" in err

    # --kind says what a file holds whatever it looks like: its bad lines are quarantined.
    code, out, err = cli(tmp_path, capsys, "ingest", "--kind", "profiles", str(notes))
    assert code == 5
    assert "profiles (by --kind)" in out and "1 record(s) refused" in err


@pytest.mark.slow
def test_ingest_says_how_drafts_come_and_process_makes_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    comments = some_comments(tmp_path / "c.comments.jsonl")
    code, out, err = cli(tmp_path, capsys, "ingest", str(comments))
    assert code == 0, err
    assert "a running `socialpulse run` picks them up" in out
    assert "`socialpulse ingest --process FILE…`" in out
    assert cli(tmp_path, capsys, "drafts", "list", "--json")[1] == ""  # nothing analysed yet

    code, out, err = cli(tmp_path, capsys, "ingest", str(comments), "--process")
    assert code == 0, err
    assert "analysed 40 comment(s):" in out and "review request(s) queued" in out
    drafts = [
        json.loads(line)
        for line in cli(tmp_path, capsys, "drafts", "list", "--json")[1].splitlines()
    ]
    assert drafts and all(d["status"] == "pending_review" for d in drafts)
    # Processed once: a second --process finds nothing new to analyse.
    code, out, _ = cli(tmp_path, capsys, "ingest", str(comments), "--process")
    assert code == 0 and "analysed 0 comment(s)" in out


@pytest.mark.slow
def test_hostile_comment_text_stays_inert_in_the_list_and_in_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = {
        "id": "h1",
        "platform": "instagram",
        "brand": "alpenglow",
        "post_id": "p1",
        "author": "[bold]mallory[/]",
        "text": "Where is my order #123? \x1b[31m[red]boom[/] :warning: \u202eevil",
        "created_at": "2026-11-24T10:00:00+00:00",
    }
    feed = tmp_path / "hostile.comments.jsonl"
    feed.write_text(json.dumps(hostile) + "\n", encoding="utf-8")
    assert cli(tmp_path, capsys, "ingest", str(feed), "--process")[0] == 0
    [draft] = [
        json.loads(line)
        for line in cli(tmp_path, capsys, "drafts", "list", "--json")[1].splitlines()
    ]
    assert draft["comment"]["text"] == hostile["text"]  # JSON keeps it, escaped
    for args in (["drafts", "list"], ["drafts", "show", str(draft["id"])]):
        code, out, _ = cli(tmp_path, capsys, *args)
        assert code == 0
        assert "[red]boom[/]" in out and ":warning:" in out and "[bold]mallory[/]" in out
        assert "\x1b" not in out and "\u202e" not in out and "⚠" not in out


@pytest.mark.slow
def test_backtest_says_how_many_days_it_needs_and_has(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    daily = (REPO / "samples" / "ads" / "daily.csv").read_text(encoding="utf-8").splitlines()
    days = sorted({line.split(",", 1)[0] for line in daily[1:]})
    short = tmp_path / "short.csv"
    short.write_text(
        "\n".join([daily[0], *(line for line in daily[1:] if line.split(",", 1)[0] in days[:5])])
        + "\n",
        encoding="utf-8",
    )
    for extra in ([], ["--json"]):
        code, out, err = cli(tmp_path, capsys, "backtest", str(short), *extra)
        assert code == 1
        assert out == ""
        assert "needs a day to judge, 15 days in all; the files hold 5 day(s)" in err
        assert f"({days[0]} to {days[4]})" in err

    empty = tmp_path / "empty.csv"
    empty.write_text(daily[0] + "\n", encoding="utf-8")
    code, _, err = cli(tmp_path, capsys, "backtest", str(empty))
    assert code == 1 and "no ad-metric rows to replay" in err


@pytest.mark.slow
def test_the_exit_status_reaches_the_shell(tmp_path: Path) -> None:
    bad = tmp_path / "comments.bad.jsonl"
    shutil.copy(REPO / "samples" / "bad" / "comments.bad.jsonl", bad)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ingest", str(bad), "--env-file", str(tmp_path / "none.env")],
        cwd=REPO,
        env={**os.environ, "COLUMNS": "80"},
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        check=False,
    )
    assert done.returncode == 5, done.stderr
    assert "5 record(s) refused and quarantined" in done.stderr
    assert "Traceback" not in done.stderr
