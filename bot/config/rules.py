"""Ad rules of the workspace file: each entry read into the engine's `Rule` when the file loads.

An entry keeps the keys as written (it is a read-only mapping that compares equal to the YAML
it came from) and `rule`, what the ad engine evaluates. A wrong entry is
reported by the loader like any other key, with its file, line and key path.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

from bot.config.errors import Loc
from bot.config.translate import located
from bot.smm.rules import RULE_KEYS, Rule, RuleError, parse_rule, parse_rules

__all__ = ["AdRule", "read_ad_rules"]


class AdRule(Mapping[str, Any]):
    """One entry of `rules:`: the keys as written, and the rule they read as."""

    __slots__ = ("_written", "rule")

    def __init__(self, written: Mapping[str, Any], rule: Rule) -> None:
        self._written: Mapping[str, Any] = MappingProxyType(dict(written))
        self.rule = rule

    def __getitem__(self, key: str) -> Any:
        return self._written[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._written)

    def __len__(self) -> int:
        return len(self._written)

    def __repr__(self) -> str:
        return f"AdRule({dict(self._written)!r})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        # Each entry is first a mapping with text keys (pydantic's own errors for anything
        # else); the whole list is read by `read_ad_rules`, which sees every entry's index.
        return core_schema.no_info_after_validator_function(
            _unread,
            handler(dict[str, Any]),
            serialization=core_schema.plain_serializer_function_ser_schema(dict),
        )


def _unread(value: dict[str, Any]) -> Any:
    # Entries become AdRules in `read_ad_rules`, run on the whole list.
    return value


def read_ad_rules(entries: Sequence[Mapping[str, Any]]) -> tuple[AdRule, ...]:
    """Every entry read into a rule, or one located error listing each wrong entry.

    A name used twice at one level is reported once every entry reads.
    """
    read: list[AdRule] = []
    problems: list[tuple[Loc, str]] = []
    for index, entry in enumerate(entries):
        try:
            read.append(AdRule(entry, parse_rule(dict(entry), index)))
        except RuleError as error:
            problems.append(_problem(error, entry))
    if not problems:
        # The engine's own check across entries: a name used twice at one level.
        try:
            parse_rules(list(entries))
        except RuleError as error:
            problems.append(_problem(error))
    if problems:
        raise located(problems)
    return tuple(read)


def _problem(error: RuleError, entry: Mapping[str, Any] | None = None) -> tuple[Loc, str]:
    """The key path below `rules` and the message, the rule's name after it.

    An unknown key is reported at that key, as unknown keys elsewhere in the file are (and a
    key already reported as a token is not reported twice).
    """
    keys = error.key.split(".") if error.key else []
    if not keys and entry is not None:
        keys = sorted(str(key) for key in entry if key not in RULE_KEYS)[:1]
    loc: Loc = (error.index, *keys)
    name = f" ({error.name})" if error.name else ""
    return loc, error.message + name
