"""Fuzzing the command line: any argv of real subcommands and stray tokens ends in an exit
status (0-5) or argparse's SystemExit 0/2, never in a traceback. `run` and `demo` are left out:
they serve or replay for seconds, and their arguments are the global ones fuzzed here."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.cli import main
from bot.config.loading import load_workspace
from bot.engine_setup import engagement_engine
from bot.feeds.jsonl import parse_comment
from bot.models import Alert, AlertState, Comment
from bot.review_message import review_payload
from bot.store import Store
from tests.conftest import NOW, REPO
from tests.fuzz.strategies import durations, fuzz, huge_durations

pytestmark = pytest.mark.slow

OWN_PREFIXES = ("SOCIALPULSE_", "SLACK_", "TELEGRAM_")
EXIT_CODES = {0, 1, 2, 3, 4, 5}  # bot/exits.py


@dataclass(frozen=True)
class Sandbox:
    """A folder with a workspace, small feed files and a store holding drafts and an alert."""

    folder: Path
    workspace: Path
    db: Path
    env_file: Path
    files: tuple[str, ...]
    draft_ids: tuple[str, ...]
    alert_ids: tuple[str, ...]


async def _seed(db: Path, workspace: Path, comments: list[Comment]) -> tuple[list[int], str]:
    store = await Store.open(db, clock=lambda: NOW)
    try:
        await store.feeds.ingest(comments)
        results = engagement_engine(load_workspace(workspace)).run(comments, NOW)
        notices = await store.drafts.save_engagement(results, review_payload)
        alert = Alert(
            labels={"alertname": "CPAAboveTarget", "campaign": "KC | Search | Coffee Beans"},
            summary="CPA 31.20 GBP is 1.6x the 20.00 GBP target",
        )
        async with store.db.transaction() as conn:
            await store.alerts.save(conn, alert, AlertState.FIRING)
        return [int(notice.subject) for notice in notices], alert.fingerprint
    finally:
        await store.close()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    folder = tmp_path_factory.mktemp("cli")
    workspace = folder / "workspace.yaml"
    shutil.copy(REPO / "samples" / "workspace.yaml", workspace)
    lines = (REPO / "samples" / "comments.jsonl").read_text(encoding="utf-8").splitlines()[:6]
    (folder / "some.comments.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    daily = (REPO / "samples" / "ads" / "daily.csv").read_text(encoding="utf-8").splitlines()
    (folder / "daily.csv").write_text("\n".join(daily[:30]) + "\n", encoding="utf-8")
    shutil.copy(
        REPO / "samples" / "exports" / "google-kettlecrumb-google-2026-11.csv",
        folder / "google-kettlecrumb-google-2026-11.csv",
    )
    (folder / "bad.posts.jsonl").write_text('{"id": 1}\nnot json\n', encoding="utf-8")
    (folder / "notes.txt").write_text("hello\n", encoding="utf-8")
    comments = [parse_comment(line, "seed", n) for n, line in enumerate(lines, start=1)]
    db = folder / "cli.db"
    draft_ids, fingerprint = asyncio.run(
        _seed(db, workspace, [c for c in comments if isinstance(c, Comment)])
    )
    return Sandbox(
        folder=folder,
        workspace=workspace,
        db=db,
        env_file=folder / "absent.env",
        files=(
            "some.comments.jsonl",
            "daily.csv",
            "google-kettlecrumb-google-2026-11.csv",
            "bad.posts.jsonl",
            "notes.txt",
            "missing.csv",
            str(workspace),
        ),
        draft_ids=tuple(str(i) for i in draft_ids),
        alert_ids=(fingerprint, fingerprint[:8], fingerprint[:4]),
    )


# --- argv --------------------------------------------------------------------------------

# Stray tokens: no "/" or "~", so no token can name a path outside the sandbox folder.
stray = st.text(
    st.characters(codec="utf-8", exclude_characters="/~\\\x00") | st.sampled_from(list("-=: ")),
    max_size=12,
).filter(lambda token: token not in ("run", "demo"))
options = st.sampled_from(
    [
        "--help",
        "-h",
        "--version",
        "--json",
        "--all",
        "--by",
        "--reason",
        "--status",
        "--limit",
        "--brand",
        "--at",
        "--manifest",
        "--config",
        "--",
        "-",
        "--nope",
        "--by=demo",
        "--limit=-1",
    ]
)
# Ids and limits stay inside SQLite's range; beyond it is an xfail test at the end.
numbers = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(str),
    st.sampled_from(["0", "1", "2", "-1", "007", "1e3", "twelve", "", " 3 "]),
)
snoozes = st.one_of(
    st.sampled_from(["24h", "7d", "until-resolved", "until_resolved", "resolved", "0", "1h30m"]),
    st.sampled_from(["-1h", "1.5h", "forever", "", "24 h", "1000d", "3650d", "3651d"]),
    durations,
    huge_durations,
    stray,
)


@st.composite
def commands(draw: st.DrawFn, box: Sandbox) -> list[str]:
    """A command as someone would type it, right or nearly right."""
    names = st.sampled_from(["demo", "Ana", "ana", "mallory", "", "Demo Reviewer"])
    drafts = st.sampled_from(box.draft_ids) | numbers
    alerts = st.sampled_from(box.alert_ids) | stray
    files = st.sampled_from(box.files) | stray
    word = draw(
        st.sampled_from(
            ["ingest", "drafts", "alerts", "check-config", "analyze", "backtest", "--help"]
        )
    )
    argv = [word]
    if word == "ingest":
        argv += draw(st.lists(files, min_size=0, max_size=3))
    elif word == "drafts":
        action = draw(st.sampled_from(["list", "approve", "edit", "reject", "show", ""]))
        argv.append(action)
        if action == "list":
            if draw(st.booleans()):
                argv += ["--status", draw(st.sampled_from(["approved", "rejected", "x", ""]))]
            if draw(st.booleans()):
                argv += ["--limit", draw(numbers)]
            if draw(st.booleans()):
                argv += ["--brand", draw(st.sampled_from(["alpenglow", "nope", ""]) | stray)]
        elif action in ("approve", "edit", "reject"):
            argv.append(draw(drafts))
            if action == "edit":
                argv.append(draw(st.text(max_size=40)))
            if action == "reject" and draw(st.booleans()):
                argv += ["--reason", draw(st.text(max_size=40))]
            if draw(st.booleans()):
                argv += ["--by", draw(names)]
    elif word == "alerts":
        action = draw(st.sampled_from(["list", "ack", "snooze", "silence"]))
        argv.append(action)
        if action == "list" and draw(st.booleans()):
            argv.append("--all")
        if action in ("ack", "snooze"):
            argv.append(draw(alerts))
        if action == "snooze":
            argv.append(draw(snoozes))
        if action in ("ack", "snooze") and draw(st.booleans()):
            argv += ["--by", draw(names)]
    elif word == "analyze":
        argv += [draw(st.sampled_from(["comments", "posts"])), draw(files)]
        if draw(st.booleans()):
            argv.append("--json")
    elif word == "backtest":
        argv += draw(st.lists(files, min_size=1, max_size=2))
        if draw(st.booleans()):
            argv += ["--at", draw(st.sampled_from(["08:00", "25:00", "8", "noon"]) | stray)]
        if draw(st.booleans()):
            argv.append("--json")
    return argv


@st.composite
def argvs(draw: st.DrawFn, box: Sandbox) -> list[str]:
    """Global options pointed at the sandbox, a command, and perhaps a few tokens moved."""
    argv = [
        "--env-file",
        str(box.env_file),
        "--workspace",
        str(box.workspace),
        "--db",
        str(box.db),
        *draw(commands(box)),
    ]
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):
        at = draw(st.integers(min_value=6, max_value=len(argv)))
        how = draw(st.sampled_from(["insert", "insert", "drop", "option"]))
        if how == "insert":
            argv.insert(at, draw(stray | numbers))
        elif how == "option":
            argv.insert(at, draw(options))
        elif at < len(argv):
            del argv[at]
    return argv


# --- running main() ----------------------------------------------------------------------


@contextlib.contextmanager
def isolated(box: Sandbox) -> Iterator[io.StringIO]:
    """main() in the sandbox: our variables cleared, stderr captured, logging put back after."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in logging.root.manager.loggerDict}
    stderr = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.upper().startswith(OWN_PREFIXES):
                patch.delenv(name)
        patch.setenv("SOCIALPULSE_OUTBOX_PATH", str(box.folder / "outbox.jsonl"))
        patch.setenv("SOCIALPULSE_USER", "demo")
        patch.setenv("COLUMNS", "120")
        patch.chdir(box.folder)
        try:
            with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
                yield stderr
        finally:
            root.handlers[:] = handlers
            root.setLevel(level)
            for name, saved in levels.items():
                logging.getLogger(name).setLevel(saved)


def run_cli(box: Sandbox, argv: list[str]) -> int:
    """Run one command line and check how it ended: an exit status, never a traceback."""
    with isolated(box) as stderr:
        try:
            code = main(argv)
        except SystemExit as done:
            assert done.code in (0, 2), f"argparse exited {done.code!r}"
            code = int(done.code or 0)
        else:
            assert isinstance(code, int) and code in EXIT_CODES, code
    assert "Traceback (most recent call last)" not in stderr.getvalue(), stderr.getvalue()
    return code


@fuzz(150)
@given(data=st.data())
def test_any_command_line_ends_in_an_exit_status(sandbox: Sandbox, data: st.DataObject) -> None:
    run_cli(sandbox, data.draw(argvs(sandbox)))


@fuzz(200)
@given(tokens=st.lists(stray | options | numbers, max_size=6))
def test_any_tokens_end_in_an_exit_status(sandbox: Sandbox, tokens: list[str]) -> None:
    argv = ["--env-file", str(sandbox.env_file), "--workspace", str(sandbox.workspace)]
    run_cli(sandbox, [*argv, "--db", str(sandbox.db), *tokens])


def test_the_sandbox_reaches_the_decisions(sandbox: Sandbox) -> None:
    """The fuzzed commands act on real drafts and alerts, not only on 'not found'."""
    assert sandbox.draft_ids, "seeding made no drafts"
    base = ["--env-file", str(sandbox.env_file), "--workspace", str(sandbox.workspace)]
    base += ["--db", str(sandbox.db)]
    assert run_cli(sandbox, [*base, "alerts", "snooze", sandbox.alert_ids[1], "24h"]) == 0
    assert run_cli(sandbox, [*base, "drafts", "list"]) == 0
    assert run_cli(sandbox, [*base, "ingest", "some.comments.jsonl", "daily.csv"]) == 0


@fuzz(30)
@example(days=3_000_000)
@given(days=st.integers(min_value=3_651, max_value=10**12))
def test_snoozing_past_the_calendar_is_refused(sandbox: Sandbox, days: int) -> None:
    argv = ["--env-file", str(sandbox.env_file), "--workspace", str(sandbox.workspace)]
    argv += ["--db", str(sandbox.db), "alerts", "snooze", sandbox.alert_ids[0], f"{days}d"]
    assert run_cli(sandbox, argv) == 2  # refused as a wrong argument, before the store is opened


# --- crashes found: the lead fixes the product, then these markers come off ----------------


@fuzz(30)
@example(command="approve", number=2**63)
@given(
    command=st.sampled_from(["approve", "reject", "edit", "list"]),
    number=st.integers(min_value=2**63, max_value=10**30),
)
def test_draft_ids_beyond_sqlite_range_are_refused(
    sandbox: Sandbox, command: str, number: int
) -> None:
    argv = ["--env-file", str(sandbox.env_file), "--workspace", str(sandbox.workspace)]
    argv += ["--db", str(sandbox.db), "drafts", command]
    if command == "list":
        argv += ["--limit", str(number)]
    else:
        argv += [str(number), *(["new text"] if command == "edit" else []), "--by", "demo"]
    assert run_cli(sandbox, argv) in (1, 2)
