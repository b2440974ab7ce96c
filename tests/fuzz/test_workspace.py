"""Fuzzing the workspace YAML, its durations and its ad rules: any file loads or raises a
ConfigError whose every problem names the file, the key and what is wrong."""

from __future__ import annotations

import copy
import re
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from bot.alerting.routing import describe_route
from bot.config.errors import ConfigError
from bot.config.loading import load_workspace
from bot.config.workspace import Workspace
from bot.durations import LONGEST, format_duration, parse_duration
from bot.engine_setup import ad_rules
from tests.conftest import REPO
from tests.fuzz.strategies import (
    any_text,
    duration_parts,
    durations,
    file_text,
    fuzz,
    huge_durations,
    json_values,
    written_duration,
)

pytestmark = pytest.mark.slow

REAL_FILES = {
    "samples": REPO / "samples" / "workspace.yaml",
    "deploy": REPO / "deploy" / "workspace.example.yaml",
}
REAL: dict[str, Any] = {
    name: yaml.safe_load(path.read_text(encoding="utf-8")) for name, path in REAL_FILES.items()
}
DURATION_KEYS = frozenset(
    {"group_wait", "group_interval", "repeat_interval", "reply_sla", "poll_interval", "for"}
)
# Mappings whose keys are data (platforms, label names), not fields of a section.
FREE_FORM = frozenset({"handles", "match", "match_re", "labels", "min"})
REFERENCE_MESSAGES = re.compile(r"no [a-z ]+ named|duplicate ")


# --- durations ---------------------------------------------------------------------------

duration_like = st.one_of(
    durations,
    any_text,
    st.sampled_from(["0", "-5m", "5", "5 m", "1h 30m", "1.5h", "PT5M", "5M", "1m1h", "1s1s", ""]),
    st.integers(min_value=0, max_value=10**6).map(str),
)


@fuzz(400)
@given(text=duration_like)
def test_parse_duration_reads_or_raises_value_error(text: str) -> None:
    try:
        value = parse_duration(text)
    except ValueError as error:
        message = str(error)
        assert ("invalid duration" in message and "unit" in message) or "too long" in message
    else:
        assert timedelta(0) <= value <= LONGEST
        assert parse_duration(format_duration(value)) == value


@fuzz(300)
@given(parts=duration_parts, padding=st.sampled_from(["", " ", "\t", "\n "]))
def test_every_written_duration_reads_as_its_sum(parts: dict[str, int], padding: str) -> None:
    text, expected = written_duration(parts)
    if expected <= LONGEST:
        assert parse_duration(f"{padding}{text}{padding}") == expected
    else:
        with pytest.raises(ValueError, match="too long"):
            parse_duration(f"{padding}{text}{padding}")


@fuzz(100)
@example(text="1000000000d")
@given(text=huge_durations)
def test_durations_past_the_calendar_are_value_errors(text: str) -> None:
    with pytest.raises(ValueError, match="too long"):
        parse_duration(text)


@fuzz(200)
@given(value=json_values.filter(lambda value: not isinstance(value, str)))
def test_parse_duration_refuses_what_is_not_text(value: Any) -> None:
    with pytest.raises(ValueError, match="invalid duration"):
        parse_duration(value)


# --- workspace files ---------------------------------------------------------------------


def write_workspace(text: str | bytes) -> Path:
    """A workspace file with exactly these contents, alone in a fresh folder."""
    folder = Path(tempfile.mkdtemp(prefix="socialpulse-fuzz-"))
    path = folder / "workspace.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load(text: str | bytes) -> Workspace | ConfigError:
    """Load a workspace written to a fresh file; check what every caller relies on."""
    path = write_workspace(text)
    try:
        try:
            workspace = load_workspace(path)
        except ConfigError as error:
            # YAML also breaks lines at NEL, LS and PS, as str.splitlines does (and more).
            lines = len(path.read_text(encoding="utf-8", errors="replace").splitlines()) + 1
            assert error.problems, "a ConfigError without problems"
            for problem in error.problems:
                assert problem.file == str(path)
                assert problem.message.strip()
                assert problem.line is None or 1 <= problem.line <= lines, problem
            assert str(error).strip()
            return error
        describe_route(workspace.routing_tree)
        for brand in workspace.brands:
            workspace.review_receiver_for(brand.id)
        for schedule in workspace.schedules:
            workspace.schedule_zone(schedule)
        try:
            ad_rules(workspace)
        except ConfigError as error:
            assert all(problem.message and problem.key for problem in error.problems)
        return workspace
    finally:
        path.unlink()
        path.parent.rmdir()


# The characters PyYAML's reader refuses outright; text holding one is the xfail case below.
YAML_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
REFUSED_BY_YAML = [
    chr(code)
    for code in (*range(0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF)
    if YAML_UNPRINTABLE.match(chr(code))
]


def _printable(data: str | bytes) -> bool:
    """False for text YAML's reader refuses; bytes that are not UTF-8 never reach it."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            return True
    return YAML_UNPRINTABLE.search(data) is None


@fuzz(300)
@given(text=file_text.filter(_printable))
def test_any_text_loads_or_says_what_is_wrong(text: str) -> None:
    load(text)


@fuzz(200)
@given(data=st.binary().filter(_printable))
def test_any_bytes_load_or_say_what_is_wrong(data: bytes) -> None:
    load(data)


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


# A YAML document of the workspace's own words, nested at random.
FIELD_NAMES = sorted(
    {
        *(key for data in REAL.values() for key in _keys(data)),
        "rules",
        "telegram_chats",
        "mute_windows",
        "shop_url",
        "products",
        "slack_groups",
        "expr",
        "for",
        "severity",
        "level",
        "objective",
        "confidence",
        "min",
        "labels",
    }
)
yaml_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats()
    | file_text
    | durations
    | st.sampled_from(["console", "slack", "telegram", "UTC", "Europe/Berlin", "08:30", "en"])
)
yaml_documents = st.recursive(
    yaml_scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(FIELD_NAMES) | file_text, inner, max_size=4)
    ),
    max_leaves=15,
)


@fuzz(300)
@given(document=st.dictionaries(st.sampled_from(FIELD_NAMES), yaml_documents, max_size=6))
def test_documents_of_workspace_words_load_or_say_what_is_wrong(document: dict[str, Any]) -> None:
    result = load(yaml.safe_dump(document, allow_unicode=True))
    if isinstance(result, ConfigError):
        assert all(problem.key for problem in result.problems)


# --- the real workspace files, one key or value changed ----------------------------------

Path_ = tuple[str | int, ...]


def _paths(value: Any, at: Path_ = ()) -> Iterator[Path_]:
    """Every key path in a YAML document, depth first."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*at, key)
            yield from _paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*at, index)
            yield from _paths(item, (*at, index))


def _parent(data: Any, path: Path_) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _format(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


time_zones = (
    st.sampled_from(
        [
            "UTC",
            "Europe/Berlin",
            "Asia/Singapore",
            "utc",
            "Mars/Olympus",
            "../../etc/passwd",
            "",
            "Europe/",
            "/usr/share/zoneinfo/UTC",
            "Etc/GMT+5",
            "EST5EDT",
            "\x00",
            "a" * 300,
        ]
    )
    | file_text
)
regexes = st.sampled_from(["(", "[a-", "*", "a{2,1}", "(?P<x>", "\\", "meta|google", ".*"]) | (
    file_text
)
clocks = st.sampled_from(["08:30", "8:30", "24:00", "23:60", "08:30:00", "1110", "noon"]) | (
    file_text
)


@st.composite
def mutated_workspaces(draw: st.DrawFn) -> tuple[str, Path_, str]:
    """(YAML text, the path changed, how): a real workspace with one key or value changed."""
    data = copy.deepcopy(REAL[draw(st.sampled_from(sorted(REAL)))])
    path: Path_ = draw(st.sampled_from(list(_paths(data))))
    parent, last = _parent(data, path), path[-1]
    how = draw(st.sampled_from(["delete", "retype", "unknown key", "text", "special"]))
    if how == "delete":
        del parent[last]
    elif how == "retype":
        parent[last] = draw(yaml_documents)
    elif how == "unknown key":
        new_key = "zz" + draw(st.text(st.characters(codec="ascii", categories=["L"]), max_size=6))
        if isinstance(parent[last], dict):
            parent[last][new_key] = draw(yaml_scalars)
            path = (*path, new_key)
        elif isinstance(parent, dict):
            parent[new_key] = draw(yaml_scalars)
            path = (*path[:-1], new_key)
        else:
            data[new_key] = draw(yaml_scalars)
            path = (new_key,)
    elif how == "text":
        parent[last] = draw(file_text)
    else:
        parent[last] = draw(_special_for(str(last), _parent_name(path)))
    return yaml.safe_dump(data, allow_unicode=draw(st.booleans())), path, how


def _parent_name(path: Path_) -> str:
    names = [part for part in path[:-1] if isinstance(part, str)]
    return names[-1] if names else ""


def _special_for(key: str, parent: str) -> st.SearchStrategy[Any]:
    """The odd values a person types for this kind of key."""
    if key in DURATION_KEYS:
        return duration_like
    if key == "timezone":
        return time_zones
    if parent == "match_re":
        return regexes
    if key == "at":
        return clocks
    if key in ("chat_id", "telegram"):
        return st.integers() | st.sampled_from(["-100123", "@chat", "1e3"])
    if key in ("channel", "slack"):
        return st.sampled_from(["#growth", "C0", "c05growth1", "U05ANA0001", "<#C123|x>"])
    return yaml_scalars


@fuzz(250)
@given(mutation=mutated_workspaces())
def test_real_workspaces_with_one_change_load_or_name_the_key(
    mutation: tuple[str, Path_, str],
) -> None:
    text, path, how = mutation
    result = load(text)
    if not isinstance(result, ConfigError):
        return
    keys = [problem.key for problem in result.problems]
    assert all(keys), f"a problem without a key path: {result}"
    inside_free_form = any(part in FREE_FORM for part in path) or path[0] == "rules"
    if how == "unknown key" and not inside_free_form:
        assert any(
            key == _format(path) and problem.message.startswith("unknown key")
            for key, problem in zip(keys, result.problems, strict=True)
        ), f"the unknown key {_format(path)} is not named: {result}"
    section = str(path[0])
    assert any(
        key.split(".")[0].split("[")[0] == section or REFERENCE_MESSAGES.search(problem.message)
        for key, problem in zip(keys, result.problems, strict=True)
    ), f"{how} at {_format(path)}, but no problem names {section}: {result}"


def test_the_real_workspaces_load() -> None:
    for name, data in REAL.items():
        result = load(yaml.safe_dump(data, allow_unicode=True))
        assert isinstance(result, Workspace), f"{name}: {result}"


# --- ad rules in the workspace -----------------------------------------------------------

VALID_RULE: dict[str, Any] = {
    "name": "CPAHigh",
    "expr": "cpa > 1.3 * target over 3d",
    "for": "2h",
    "min": {"clicks": 100},
    "confidence": 0.95,
    "severity": "warning",
    "labels": {"team": "growth"},
    "level": "campaign",
    "objective": "purchases",
}
exprs = st.one_of(
    st.builds(
        "{} {} {}{}".format,
        st.sampled_from(["cpa", "roas", "ctr", "spend", "clicks", "CPA", "nope"]),
        st.sampled_from([">", ">=", "<", "<=", "=", "=>"]),
        st.sampled_from(
            [
                "3",
                "1.3 * target",
                "0.7 * baseline_14d",
                "baseline",
                "2 * 3",
                "target * target",
                "1e999",
                "-1",
                "nan * baseline",
            ]
        ),
        st.sampled_from(["", " over 3d", " over 24h", " over 15d", " over 0d", " over 90m"]),
    ),
    file_text,
)
rule_values = st.one_of(yaml_scalars, exprs, durations, yaml_documents)


@st.composite
def rule_lists(draw: st.DrawFn) -> list[Any]:
    rules: list[Any] = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        rule = dict(VALID_RULE, expr=draw(exprs))
        key = draw(st.sampled_from(sorted(VALID_RULE)) | file_text)
        if draw(st.booleans()):
            rule.pop(key, None)
        else:
            rule[key] = draw(rule_values)
        rules.append(rule)
    return rules


@fuzz(300)
@given(rules=rule_lists())
def test_workspace_rules_load_or_name_the_rule(rules: list[Any]) -> None:
    text = "brands:\n  - {id: a, name: A}\n" + yaml.safe_dump({"rules": rules}, allow_unicode=True)
    load(text)


@fuzz(100)
@example(key="group_wait", text="1000000000d")
@given(
    key=st.sampled_from(["group_wait", "group_interval", "repeat_interval", "reply_sla", "for"]),
    text=huge_durations,
)
def test_huge_durations_in_a_workspace_are_config_errors(key: str, text: str) -> None:
    document: dict[str, Any] = {"brands": [{"id": "a", "name": "A"}]}
    if key == "reply_sla":
        document["brands"][0]["reply_sla"] = text
    elif key == "for":
        document["rules"] = [{"name": "X", "expr": "cpa > 3", "for": text}]
    else:
        document["route"] = {key: text}
    result = load(yaml.safe_dump(document))
    # Rules are read by the loader too: a rule's `for` is reported like any other duration.
    assert isinstance(result, ConfigError)
    assert any(problem.key.endswith(key) for problem in result.problems), result
    if key == "for":
        assert "too long" in result.problems[0].message
        assert (result.problems[0].key, result.problems[0].line) == ("rules[0].for", 6)


# --- crashes found: the lead fixes the product, then these markers come off ----------------


@fuzz(50)
@example(text="\x00")
@given(text=st.tuples(file_text, st.sampled_from(REFUSED_BY_YAML), file_text).map("".join))
def test_characters_yaml_refuses_are_config_errors(text: str) -> None:
    result = load(text)
    assert isinstance(result, ConfigError)
    assert "character" in str(result)
