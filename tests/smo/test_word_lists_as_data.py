"""The drafter's word lists are data: the situation and topic readers hold no list of literal
patterns in code, and every list their phrase files hold is read."""

from __future__ import annotations

import ast
import re

import pytest
import yaml

from bot.smo import lexicon
from tests.conftest import REPO

READERS = {
    "bot/smo/situations.py": "situation_words.yaml",
    "bot/smo/topics.py": "topic_words.yaml",
}
FOLDER = REPO / "bot" / "smo" / lexicon.PHRASES


def literal_lists(source: str) -> list[int]:
    """The lines where ``source`` builds a whole-words pattern (``_words``) from literal
    patterns only: a word list that belongs in a phrase file."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_words"
        and node.args
        and all(isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in node.args)
    ]


@pytest.mark.parametrize("module", sorted(READERS))
def test_the_readers_hold_no_literal_word_list(module: str) -> None:
    lines = literal_lists((REPO / module).read_text(encoding="utf-8"))
    assert not lines, f"{module}: word lists in code at lines {lines}"


def test_a_literal_word_list_is_found() -> None:
    assert literal_lists('X = _words(r"crew", r"pilots?")\n') == [1]
    assert literal_lists('X = (("a", _words(r"crew")),)\n') == [1]
    # Read from a file, or built around a shared fragment: not a list to move.
    assert literal_lists('X = _words(*pattern_list("topics.yaml", "promo"))\n') == []
    assert literal_lists('X = _words(_WHO, r"crew")\n') == []


@pytest.mark.parametrize(("module", "name"), sorted(READERS.items()))
def test_every_list_in_the_file_is_read_by_its_module(module: str, name: str) -> None:
    lists = yaml.safe_load((FOLDER / name).read_text(encoding="utf-8"))
    named = set(
        re.findall(
            rf'pattern_list\(\s*"{re.escape(name)}",\s*"(\w+)"\s*\)',
            (REPO / module).read_text("utf-8"),
        )
    )
    assert set(lists) == named
    for key in lists:
        # Every pattern loads as the lexicon checks it (a valid expression, none empty).
        assert lexicon.pattern_list(name, key) == tuple(lists[key])
