"""`socialpulse learn replies FILE`: proposals from past replies, printed as workspace YAML."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from bot.exits import Exit
from bot.smo.learn import MIN_COUNT, learn, parse_pairs, to_yaml

__all__ = ["add_learn_parser", "learn_command"]


def add_learn_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "learn",
        help="propose voice, sign-offs and FAQ entries from a brand's past replies",
        description="Read past comment → reply pairs (JSON Lines; docs/cli.md) and print what "
        "they suggest for each brand of the workspace: its voice, the openers and sign-offs "
        "its team uses, and FAQ candidates (a question asked again and again with the answer "
        "the team kept giving), as workspace YAML for a person to accept. Nothing is changed.",
    )
    parser.add_argument("what", choices=["replies"], help="what the file holds")
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument(
        "--comments",
        type=Path,
        metavar="COMMENTS",
        help="comments JSONL (id, text) to look up the comment of each real_replies line",
    )
    parser.add_argument("--brand", help="the brand of lines that name none")
    parser.add_argument(
        "--min-count",
        type=int,
        default=MIN_COUNT,
        metavar="N",
        help=f"answers given at least N times to alike questions become FAQ candidates "
        f"(default {MIN_COUNT})",
    )


def _comments(path: Path, err: Console) -> dict[str, str]:
    """Comment texts by id; a line without both is reported and skipped."""
    found: dict[str, str] = {}
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                err.print(f"{path}:{number}: not JSON ({exc.msg})", markup=False)
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                err.print(f'{path}:{number}: no "id" and "text"', markup=False)
                continue
            found[str(record.get("id"))] = record["text"]
    return found


def learn_command(args: argparse.Namespace, err: Console) -> int:
    for path in (args.file, args.comments):
        if path is not None and not path.is_file():
            err.print(f"{path}: no such file", markup=False)
            return Exit.FAILED
    if args.min_count < 2:
        err.print("--min-count must be 2 or more", markup=False)
        return Exit.USAGE
    comments = _comments(args.comments, err) if args.comments is not None else None
    with args.file.open(encoding="utf-8", errors="replace") as lines:
        pairs, problems = parse_pairs(lines, str(args.file), comments, args.brand)
    for problem in problems:
        err.print(problem, markup=False)
    if not pairs:
        err.print(f"{args.file}: no reply to learn from", markup=False)
        return Exit.FAILED
    proposals = learn(pairs, args.min_count)
    heading = [
        f"Proposed by `socialpulse learn replies` from {len(pairs)} replies in "
        f"{args.file.name} ({len(problems)} lines reported on stderr).",
        "Nothing has been changed: copy what you accept into the brands of your workspace.",
    ]
    sys.stdout.write(to_yaml(proposals, heading))
    return Exit.OK
