"""The command line: every command has help, wrong arguments and bad config say what is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import REPO

COMMANDS = [
    ["summary"],
    ["insights"],
    ["hashtags"],
    ["run"],
    ["demo"],
    ["ingest"],
    ["drafts"],
    ["drafts", "list"],
    ["drafts", "approve"],
    ["drafts", "edit"],
    ["drafts", "reject"],
    ["alerts"],
    ["alerts", "list"],
    ["alerts", "ack"],
    ["alerts", "snooze"],
    ["check-config"],
    ["backup"],
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


def test_demo_replays_the_samples_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--env-file", str(tmp_path / "none.env"), "demo", "--dir", str(tmp_path / "demo")])
    out = capsys.readouterr().out
    assert code == 0
    assert "comments analysed" in out and "2,009" in out
    assert "TrackingOutage" in out and "CPASpike" in out
    assert (tmp_path / "demo" / "outbox.jsonl").read_text(encoding="utf-8").count("\n") == 1


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
    assert code == 1
    assert "not a feed this importer knows" in captured.err
    assert "2,009" in captured.out
    again = main([*env, "ingest", str(REPO / "samples" / "comments.jsonl")])
    assert again == 0
    assert "2,009" in capsys.readouterr().out  # now all duplicates


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
