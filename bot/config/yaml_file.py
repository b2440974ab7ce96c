"""YAML read with its line numbers: the parsed data, the node tree, and where a key path is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from bot.config.errors import ConfigError, ConfigProblem, Loc, format_key

__all__ = ["duplicate_keys", "line_for", "parse_yaml"]


def parse_yaml(text: str, file: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for lines) and the data of one YAML document; ConfigError if unreadable."""
    try:
        # The reader checks every character when it is created: control characters fail here.
        loader = yaml.SafeLoader(text)
    except yaml.YAMLError as error:
        raise ConfigError([ConfigProblem(file, "", f"not a YAML text file: {error}")]) from None
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or error.context or "cannot parse"
        if error.context and error.context_mark and error.problem:
            # "while parsing a flow sequence" at its start is where the typo usually is.
            start = error.context_mark
            what = f"{what} ({error.context} started at line {start.line + 1})"
        if mark is None:
            problem = ConfigProblem(file, "", f"YAML syntax error: {what}")
        else:
            line, column = mark.line + 1, mark.column + 1
            message = f"YAML syntax error at line {line}, column {column}: {what}"
            problem = ConfigProblem(file, "", message, line)
        raise ConfigError([problem]) from None
    except yaml.YAMLError as error:
        raise ConfigError([ConfigProblem(file, "", f"YAML error: {error}")]) from None
    finally:
        loader.dispose()
    return root, data


def duplicate_keys(node: yaml.Node | None, loc: Loc = ()) -> Iterator[tuple[str, str, int]]:
    """PyYAML keeps the last of two equal keys silently; a config file should not."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                continue
            line = key_node.start_mark.line + 1
            if key_node.value in seen:
                where = format_key((*loc, key_node.value))
                yield where, f"duplicate key (first at line {seen[key_node.value]})", line
            else:
                seen[key_node.value] = line
            yield from duplicate_keys(value_node, (*loc, key_node.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from duplicate_keys(item, (*loc, index))


def line_for(root: yaml.Node | None, loc: Loc) -> int | None:
    """The line of the deepest part of `loc` present in the file, None if none is."""
    node = root
    line: int | None = None
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                    line, node = key_node.start_mark.line + 1, value_node
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line
