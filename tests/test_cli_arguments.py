"""Arguments as the README shows them: global options before or after the command, --quiet
and --verbose, wrong arguments exit 2 naming what is accepted, exit statuses documented."""

from __future__ import annotations

import os
import re
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
    monkeypatch.setenv("SOCIALPULSE_OUTBOX_PATH", str(tmp_path / "outbox.jsonl"))
    monkeypatch.chdir(REPO)


def socialpulse(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` as a shell runs it, with no settings but the arguments."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SOCIALPULSE_", "SLACK_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=REPO,
        env={**env, "COLUMNS": "80", "SOCIALPULSE_OUTBOX_PATH": str(tmp_path / "outbox.jsonl")},
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        check=False,
    )


@pytest.mark.slow
def test_global_options_work_after_the_command_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "after.db"
    workspace = REPO / "samples" / "workspace.yaml"
    code = main(
        [
            "ingest",
            str(COMMENTS),
            "--env-file",
            str(tmp_path / "none.env"),
            "--workspace",
            str(workspace),
            "--db",
            str(db),
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert db.is_file()  # --db after the command was heeded
    # Two levels down (`drafts list`), and mixed with the command's own options.
    code = main(["drafts", "list", "--limit", "1", "--db", str(db), "--env-file", "none.env"])
    assert code == 0
    assert "Drafts pending_review (0 shown): none." in capsys.readouterr().out
    # Before the command, as ever; one given before is not reset by the command's parser.
    code = main(["--db", str(db), "--env-file", "none.env", "alerts", "list"])
    assert code == 0


@pytest.mark.slow
def test_quiet_prints_only_errors_and_verbose_logs_what_happens(tmp_path: Path) -> None:
    base = ["--env-file", "none.env", "--db", str(tmp_path / "q.db")]
    quiet = socialpulse(tmp_path, "ingest", str(COMMENTS), *base, "--quiet")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout == "" and quiet.stderr == ""

    bad = tmp_path / "comments.bad.jsonl"
    bad.write_text('{"id": 1}\n', encoding="utf-8")
    quiet = socialpulse(tmp_path, "-q", "ingest", str(bad), *base)
    assert quiet.returncode == 5 and quiet.stdout == ""
    assert "1 record(s) refused and quarantined" in quiet.stderr  # problems are still told

    loud = socialpulse(tmp_path, "ingest", "-v", str(REPO / "samples" / "ads" / "daily.csv"), *base)
    assert loud.returncode == 0, loud.stderr
    assert " INFO bot.ingest.dropfolder export imported source=" in loud.stderr
    assert "Import" in loud.stdout

    both = socialpulse(tmp_path, "-q", "drafts", "list", "-v", *base)
    assert both.returncode == 2
    assert "--quiet and --verbose ask for opposite things" in both.stderr


@pytest.mark.parametrize("duration", ["3", "0", "24 h", "forever"])
def test_a_snooze_without_a_unit_is_a_usage_error_naming_the_forms(
    duration: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["alerts", "snooze", "7dbaf545", duration])
    assert done.value.code == Exit.USAGE == 2
    err = capsys.readouterr().err
    assert "argument duration:" in err
    assert "24h" in err and "7d" in err and "until-resolved" in err


@pytest.mark.slow
def test_the_readme_documents_every_exit_status() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Command line", 1)[1].split("\n## ", 1)[0]
    table = dict(re.findall(r"^\| (\d) \| (.+?) \|$", section, flags=re.MULTILINE))
    assert sorted(int(code) for code in table) == [int(code) for code in Exit]
    assert "refused" in table["5"] and "database" in table["4"]
    help_text = subprocess.run(
        [sys.executable, "-m", "bot", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        check=False,
    ).stdout
    assert "5 input partly refused" in help_text
