"""Reading the workspace file: every problem found, each with its file, line and key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from bot.config.errors import ConfigError, ConfigProblem, Loc, format_key
from bot.config.fields import secret_message
from bot.config.receivers import RECEIVER_KINDS
from bot.config.translate import ErrorSource, suggest_key, translate
from bot.config.workspace import Workspace
from bot.config.yaml_file import duplicate_keys, line_for, parse_yaml
from bot.redaction import secret_kind, shown

__all__ = ["load_workspace", "workspace_warnings"]

_TOP = "(top level)"


def load_workspace(path: Path) -> Workspace:
    """Read and check the workspace file; raises ConfigError listing every problem found."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([ConfigProblem(file, "", "file not found")]) from None
    except IsADirectoryError:
        raise ConfigError([ConfigProblem(file, "", "is a folder, not a YAML file")]) from None
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text (byte {error.start})"
        raise ConfigError([ConfigProblem(file, "", message)]) from None
    except OSError as error:
        message = f"cannot read: {error.strerror or error}"
        raise ConfigError([ConfigProblem(file, "", message)]) from None

    root, data = parse_yaml(text, file)
    problems = [
        ConfigProblem(file, key, message, line) for key, message, line in duplicate_keys(root)
    ]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        found = type(data).__name__
        problems.append(
            ConfigProblem(file, _TOP, f"expected a mapping of sections (brands, …), got {found}")
        )
        raise ConfigError(problems)
    secrets = [
        ConfigProblem(file, format_key(loc) or _TOP, message, line_for(root, loc))
        for loc, message in _secret_values(data)
    ]
    problems.extend(secrets)
    try:
        workspace = Workspace.model_validate(data, context={"base_dir": path.parent})
    except ValidationError as error:
        # A secret's own report says all there is to say about that key.
        flagged = {problem.key for problem in secrets}
        problems.extend(
            p for p in translate(error, _FileErrors(file, root)) if p.key not in flagged
        )
        raise ConfigError(problems) from None
    if problems:
        raise ConfigError(problems)
    return workspace


def workspace_warnings(path: Path, workspace: Workspace, replies_dir: Path) -> list[ConfigProblem]:
    """What `check-config` points out in a valid file without refusing it.

    A reply language with no templates makes every comment in that language one to write by
    hand; a watched file or drop folder that is not there yet is waited for (an exporter may
    create it after the bot starts), and a file where a folder belongs is never read.
    """
    file = str(path)
    root, _ = parse_yaml(path.read_text(encoding="utf-8"), file)
    found: list[tuple[Loc, str]] = []
    have = sorted(d.name for d in replies_dir.iterdir() if d.is_dir() and any(d.glob("*.j2")))
    for index, brand in enumerate(workspace.brands):
        for position, language in enumerate(brand.languages):
            if language not in have:
                found.append(
                    (
                        ("brands", index, "languages", position),
                        f"no reply templates for {language!r} ({replies_dir.parent.name}/"
                        f"{replies_dir.name}/ has {', '.join(have) or 'none'}): every "
                        f"{language} comment for {brand.name} becomes one to write by hand",
                    )
                )
    for index, watched in enumerate(workspace.feeds.watch):
        where = watched.path
        if where.is_dir():
            message = f"{where} is a folder, not a file: nothing will be read from it"
        elif not where.exists():
            folder = "" if where.parent.is_dir() else f", nor does its folder {where.parent}"
            message = f"{where} does not exist{folder}; the bot waits and reads it once it appears"
        else:
            continue
        found.append((("feeds", "watch", index, "path"), message))
    drop = workspace.feeds.drop_folder
    if drop is not None and not drop.is_dir():
        message = (
            f"{drop} is a file, not a folder: nothing will be imported from it"
            if drop.exists()
            else f"{drop} does not exist; exports are imported once it does"
        )
        found.append((("feeds", "drop_folder"), message))
    return [ConfigProblem(file, format_key(loc), text, line_for(root, loc)) for loc, text in found]


def _secret_values(
    data: Any, loc: Loc = (), seen: set[int] | None = None
) -> Iterator[tuple[Loc, str]]:
    """Every token-shaped key or value anywhere in the file, public text or not.

    The workspace file is read by people, mounted into containers and kept in git; a token
    in it is a leak whichever key holds it. `seen` stops at YAML anchors that refer to
    themselves.
    """
    seen = set() if seen is None else seen
    if isinstance(data, dict | list):
        if id(data) in seen:
            return
        seen.add(id(data))
    if isinstance(data, dict):
        for key, value in data.items():
            kind = secret_kind(key) if isinstance(key, str) else None
            if kind is not None:
                # The key is masked when the problem is made; the path still shows where.
                yield (*loc, key), f"this key {secret_message(kind)}"
                continue
            yield from _secret_values(value, (*loc, key), seen)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _secret_values(item, (*loc, index), seen)
    elif isinstance(data, str):
        kind = secret_kind(data)
        if kind is not None:
            yield loc, secret_message(kind)


class _FileErrors(ErrorSource):
    """The workspace file as the translator sees it: keys with lines, the file's wording."""

    def __init__(self, file: str, root: yaml.Node | None) -> None:
        self.file = file
        self.root = root

    def problem(self, loc: Loc, message: str) -> ConfigProblem:
        return ConfigProblem(self.file, format_key(loc) or _TOP, message, line_for(self.root, loc))

    def location(self, detail: ErrorDetails) -> Loc:
        loc = _clean_loc(tuple(detail["loc"]))
        if detail["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc = (*loc, "kind")
        return loc

    def message(self, detail: ErrorDetails) -> str:
        return _message(detail, tuple(detail["loc"]))


def _clean_loc(loc: Loc) -> Loc:
    """Drop pydantic's bookkeeping parts: union tags and the `[key]` marker of dict keys."""
    cleaned: list[str | int] = []
    for index, part in enumerate(loc):
        if part == "[key]":
            continue
        is_tag = (
            index >= 2
            and loc[index - 2] == "receivers"
            and isinstance(loc[index - 1], int)
            and part in RECEIVER_KINDS
        )
        if not is_tag:
            cleaned.append(part)
    return tuple(cleaned)


def _message(detail: ErrorDetails, loc: Loc) -> str:
    kind: str = detail["type"]
    ctx: dict[str, Any] = detail.get("ctx") or {}
    given = detail.get("input")
    if kind == "missing":
        return "missing required key"
    if kind == "extra_forbidden":
        return "unknown key" + suggest_key(Workspace, loc)
    if kind == "union_tag_invalid":
        return f"must be one of {', '.join(RECEIVER_KINDS)} (got {shown(ctx.get('tag'))})"
    if kind == "union_tag_not_found":
        return f"missing required key (one of {', '.join(RECEIVER_KINDS)})"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list, got {_describe(given)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping, got {_describe(given)}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')} (got {shown(given)})"
    if kind == "value_error":
        return str(ctx.get("error", detail["msg"]))
    text = str(detail["msg"])
    if isinstance(given, str | int | float | bool) or given is None:
        text += f" (got {shown(given)})"
    return text[0].lower() + text[1:]


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return shown(value)
