"""The command line: every command has help, wrong arguments and bad config say what is wrong."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import REPO

# A guard against a hung child process, not a performance limit.
HANG_GUARD_S = 120.0

COMMANDS = [
    ["summary"],
    ["insights"],
    ["hashtags"],
    ["run"],
    ["demo"],
    ["ingest"],
    ["drafts"],
    ["drafts", "list"],
    ["drafts", "show"],
    ["drafts", "approve"],
    ["drafts", "edit"],
    ["drafts", "reject"],
    ["alerts"],
    ["alerts", "list"],
    ["alerts", "show"],
    ["alerts", "ack"],
    ["alerts", "snooze"],
    ["check-config"],
    ["backup"],
    ["restore"],
    ["backtest"],
    ["analyze"],
]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "SOCIALPULSE_WORKSPACE",
        "SOCIALPULSE_DB_PATH",
        "SLACK_BOT_TOKEN",
        "TELEGRAM_BOT_TOKEN",
        "SOCIALPULSE_OUTBOX_PATH",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SOCIALPULSE_DB_PATH", str(tmp_path / "cli.db"))
    monkeypatch.setenv("SOCIALPULSE_OUTBOX_PATH", str(tmp_path / "outbox.jsonl"))
    monkeypatch.chdir(REPO)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    assert "usage: socialpulse" in capsys.readouterr().out


def test_wrong_arguments_exit_2_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["drafts", "approve", "twelve"])
    assert done.value.code == 2
    assert "invalid draft id: 'twelve'" in capsys.readouterr().err


def test_check_config_names_file_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "ws.yaml"
    bad.write_text("brands:\n  - {id: alpenglow, name: A, voise: friendly}\n", encoding="utf-8")
    code = main(["--env-file", str(tmp_path / "none.env"), "--workspace", str(bad), "check-config"])
    err = capsys.readouterr().err
    assert code == 3
    assert f"{bad}" in err and "brands[0]" in err and "voise" in err


def test_run_refuses_to_start_on_a_bad_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "ws.yaml"
    bad.write_text(
        "brands: []\nreceivers:\n  - {name: team, kind: slack, channel: C0123ABCD}\n",
        encoding="utf-8",
    )
    code = main(["--env-file", str(tmp_path / "none.env"), "--workspace", str(bad), "run"])
    assert code == 3
    assert "brands" in capsys.readouterr().err


@pytest.mark.slow
def test_ingest_reports_counts_and_refuses_unknown_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_comments = tmp_path / "comments.bad.jsonl"
    shutil.copy(REPO / "samples" / "bad" / "comments.bad.jsonl", bad_comments)
    stray = tmp_path / "notes.txt"
    stray.write_text("hello", encoding="utf-8")
    env = ["--env-file", str(tmp_path / "none.env")]
    code = main(
        [*env, "ingest", str(REPO / "samples" / "comments.jsonl"), str(bad_comments), str(stray)]
    )
    captured = capsys.readouterr()
    assert code == 5  # stored what it could; a file and some lines were refused
    assert "notes.txt: cannot tell which feed this is" in captured.err
    assert "5 record(s) refused and quarantined (comments.bad.jsonl" in captured.err
    assert "2,009" in captured.out
    again = main([*env, "ingest", str(REPO / "samples" / "comments.jsonl")])
    assert again == 0
    assert "2,009" in capsys.readouterr().out  # now all duplicates


@pytest.mark.slow
def test_analyze_prints_one_stable_json_object_per_comment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    code = main(
        [
            "--env-file",
            str(tmp_path / "none.env"),
            "analyze",
            "comments",
            str(REPO / "samples" / "bad" / "comments.bad.jsonl"),
            "--json",
        ]
    )
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert code == 1  # the bad lines are reported, the good ones analysed
    assert "comments.bad.jsonl:3: author: missing" in captured.err
    assert lines and all(
        set(item)
        == {
            "schema",
            "id",
            "platform",
            "brand",
            "sentiment",
            "intents",
            "language",
            "priority",
            "flags",
            "entities",
            "draft",
            "no_draft_reason",
        }
        for item in lines
    )
    assert all(item["intents"] and "evidence" in item["intents"][0] for item in lines)


@pytest.mark.slow
def test_backup_copies_the_database_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    env = ["--env-file", str(tmp_path / "none.env")]
    assert main([*env, "ingest", str(REPO / "samples" / "comments.jsonl")]) == 0
    target = tmp_path / "copies" / "backup.db"
    assert main([*env, "backup", str(target)]) == 0
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT COUNT(*) FROM comments").fetchone()[0] == 2009
    copy.close()
    assert main([*env, "backup", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err


@pytest.mark.slow
def test_demo_replays_the_samples_and_deletes_only_what_it_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "demo"
    (folder / "charts").mkdir(parents=True)
    mine = {
        "my-notes.txt": "keep me",
        "outbox.jsonl": '{"draft_id": 7}\n',
        "charts/q3-spend-roas.png": "my chart",
    }
    for name, text in mine.items():
        (folder / name).write_text(text, encoding="utf-8")
    env = ["--env-file", str(tmp_path / "none.env")]
    assert main([*env, "demo", "--dir", str(folder)]) == 0
    assert all((folder / name).read_text(encoding="utf-8") == text for name, text in mine.items())
    out = capsys.readouterr().out
    assert "comments analysed" in out and "2,009" in out
    assert "TrackingOutage" in out and "CPASpike" in out
    assert (folder / "demo-outbox.jsonl").read_text(encoding="utf-8").count("\n") == 1
    assert list((folder / "demo-charts").glob("*.png"))

    from bot.commands import clear_demo

    clear_demo(folder)  # what the next demo run does first
    left = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert left == sorted(mine)
    assert all((folder / name).read_text(encoding="utf-8") == text for name, text in mine.items())


def test_demo_leaves_a_demo_db_it_did_not_make(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "demo.db").write_text("my own demo database notes", encoding="utf-8")
    code = main(["--env-file", str(tmp_path / "none.env"), "demo", "--dir", str(folder)])
    err = capsys.readouterr().err
    assert code == 4
    assert f"{folder / 'demo.db'} is not a database socialpulse made" in err
    assert (folder / "demo.db").read_text(encoding="utf-8") == "my own demo database notes"


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.slow
def test_restore_puts_a_backup_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    env = ["--env-file", str(tmp_path / "none.env")]
    assert main([*env, "ingest", str(REPO / "samples" / "posts.jsonl")]) == 0
    assert main([*env, "backup", str(tmp_path / "b.db")]) == 0
    assert main([*env, "ingest", str(REPO / "samples" / "comments.jsonl")]) == 0
    capsys.readouterr()

    assert main([*env, "restore", str(tmp_path / "b.db")]) == 0
    out = capsys.readouterr().out
    assert "0 comments" in out and "cli.db.before-restore-" in out
    conn = sqlite3.connect(tmp_path / "cli.db")
    assert conn.execute("SELECT COUNT(*) FROM comments").fetchone()[0] == 0
    conn.close()

    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    assert main([*env, "restore", str(tmp_path / "notes.txt")]) == 1
    line = one_line(capsys.readouterr().err)
    assert f"the backup {tmp_path / 'notes.txt'} is not a sound socialpulse database" in line


@pytest.mark.slow
def test_a_missing_database_where_one_was_kept_is_refused_until_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    env = ["--env-file", str(tmp_path / "none.env")]
    db = tmp_path / "cli.db"
    assert main([*env, "ingest", str(REPO / "samples" / "comments.jsonl")]) == 0
    capsys.readouterr()
    db.unlink()

    assert main([*env, "drafts", "list"]) == 4
    line = one_line(capsys.readouterr().err)
    assert f"the database {db} is missing, but one was kept there" in line
    assert "socialpulse restore BACKUP" in line and "--init-db" in line
    assert not db.exists()

    assert main([*env, "--init-db", "drafts", "list"]) == 0
    assert db.stat().st_size > 0
    assert "initialising a new database as asked" in capsys.readouterr().err

    db.write_bytes(b"")
    assert main([*env, "alerts", "list"]) == 4
    assert "is empty (0 bytes)" in one_line(capsys.readouterr().err)
    monkeypatch.setenv("SOCIALPULSE_DB_INIT", "1")
    assert main([*env, "alerts", "list"]) == 0


def test_published_replies_show_a_database_was_kept_before_the_marker_existed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "outbox.jsonl").write_text('{"draft_id": 3}\n', encoding="utf-8")
    assert main(["--env-file", str(tmp_path / "none.env"), "drafts", "list"]) == 4
    assert f"{tmp_path / 'outbox.jsonl'} holds what it already did" in one_line(
        capsys.readouterr().err
    )
    assert not (tmp_path / "cli.db").exists()


def test_a_damaged_database_is_one_line_with_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.db"
    db.write_bytes(b"\x00garbage, not SQLite" * 400)
    assert main(["--env-file", str(tmp_path / "none.env"), "drafts", "list"]) == 4
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"socialpulse: the database {db} is damaged (file is not a database)")
    assert "socialpulse restore BACKUP" in line


@pytest.mark.slow
def test_a_locked_database_is_one_line_with_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = ["--env-file", str(tmp_path / "none.env")]
    assert main([*env, "drafts", "list"]) == 0
    capsys.readouterr()
    db = tmp_path / "cli.db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"conn = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
            "conn.execute('PRAGMA locking_mode=EXCLUSIVE')\n"
            "conn.execute('BEGIN EXCLUSIVE')\n"
            'conn.execute("INSERT INTO audit_log (at, actor, action, subject, detail)'
            " VALUES ('t', 'a', 'b', 'c', '{}')\")\n"
            "print('held', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        code = main([*env, "drafts", "list"])
    finally:
        holder.communicate(timeout=HANG_GUARD_S)
    assert code == 4
    line = one_line(capsys.readouterr().err)
    assert f"the database {db} is locked by another process" in line


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """`path` made unwritable for this process: by its mode, or for root (who writes any
    file) with the immutable attribute."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        yield
        return
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot make a file read-only for root here: {made.stderr!r}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.mark.slow
def test_a_read_only_database_is_one_line_with_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = ["--env-file", str(tmp_path / "none.env")]
    assert main([*env, "ingest", str(REPO / "samples" / "comments.jsonl")]) == 0
    capsys.readouterr()
    db = tmp_path / "cli.db"
    with read_only(db):
        code = main([*env, "ingest", str(REPO / "samples" / "posts.jsonl")])
    assert code == 4
    line = one_line(capsys.readouterr().err)
    assert line.startswith(
        f"socialpulse: the database {db} cannot be written (attempt to write a readonly database)"
    )
    assert "let the user socialpulse runs as write the file and its folder" in line


@pytest.mark.slow
def test_run_refuses_to_start_on_a_damaged_database(tmp_path: Path) -> None:
    import sqlite3

    env = ["--env-file", str(tmp_path / "none.env")]
    assert main([*env, "ingest", str(REPO / "samples" / "comments.jsonl")]) == 0
    db = tmp_path / "cli.db"
    conn = sqlite3.connect(db)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'comments'").fetchone()
    (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    with db.open("r+b") as handle:  # garble the cell pointers of the comments table's root
        handle.seek((root - 1) * page_size + 12)
        handle.write(b"\xff" * 32)
    done = subprocess.run(
        [sys.executable, "-m", "bot", *env, "run"],
        cwd=REPO,
        env={**os.environ, "SOCIALPULSE_HTTP_PORT": "0"},
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        check=False,
    )
    assert done.returncode == 4, done.stderr
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith(f"socialpulse: the database {db} is damaged (SQLite's quick check: ")
    assert "socialpulse restore BACKUP" in line
    assert "Traceback" not in done.stderr
