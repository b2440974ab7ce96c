"""Configuration problems that name the file, the key path and what is wrong."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.redaction import redact

__all__ = ["ConfigError", "ConfigProblem", "Loc", "format_key"]

# A key path in a configuration source: section names, keys and list indexes.
Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One thing wrong in one configuration source.

    `file` is a path or "environment"; `key` is a dotted path with indexes such as
    `brands[1].voice` (empty when the problem is with the whole file); `line` is 1-based
    when known. A token-shaped value in the key or the message is masked here, whoever
    wrote the message: a problem report is printed, logged and pasted into chats.
    """

    file: str
    key: str
    message: str
    line: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", redact(self.key))
        object.__setattr__(self, "message", redact(self.message))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if not self.key:
            return f"{where}: {self.message}"
        return f"{where}: {self.key}: {self.message}"


class ConfigError(Exception):
    """Configuration could not be loaded; holds every problem found, not just the first."""

    def __init__(self, problems: Iterable[ConfigProblem]) -> None:
        self.problems: list[ConfigProblem] = list(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        count = len(self.problems)
        if count == 1:
            return f"configuration problem: {self.problems[0]}"
        lines = [f"{count} configuration problems:"]
        lines.extend(f"  - {problem}" for problem in self.problems)
        return "\n".join(lines)


def format_key(path: Sequence[str | int]) -> str:
    """Write a key path as `route.routes[0].receiver`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif text:
            text += f".{part}"
        else:
            text = part
    return text
