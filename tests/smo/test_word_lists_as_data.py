"""The drafter's word lists are data: the situation, topic, missed-visit, product-fact and
service-ask readers hold no list of literal patterns in code, and every list their phrase files
hold is read."""

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
    "bot/smo/missed_visit.py": "visit_words.yaml",
    "bot/smo/product_facts.py": "product_words.yaml",
    "bot/smo/service_asks.py": "service_ask_words.yaml",
}
# Readers whose patterns are all built from their phrase files: no text in them lists words
# as alternatives at all, whatever builds it.
ALL_DATA = ("bot/smo/missed_visit.py", "bot/smo/product_facts.py", "bot/smo/service_asks.py")
# Words given as alternatives in a pattern: "visit|call", "(?:train|bus".
_ALTERNATIVE_WORDS = re.compile(r"[a-z'?]{2}\|(?:\(\?:)?[a-z]{2}")
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


def alternated_words(source: str) -> list[int]:
    """The lines where ``source`` holds text (not a docstring) that gives words as alternatives
    of a pattern: a word list built in code."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and _ALTERNATIVE_WORDS.search(node.value)
    ]


@pytest.mark.parametrize("module", ALL_DATA)
def test_the_readers_build_no_word_list_in_code(module: str) -> None:
    lines = alternated_words((REPO / module).read_text(encoding="utf-8"))
    assert not lines, f"{module}: words given as alternatives in code at lines {lines}"


def test_words_given_as_alternatives_are_found() -> None:
    assert alternated_words('_VISIT = r"(?:install|tech(?:nician)?s?)"\n') == [1]
    assert alternated_words('X = re.compile(_V + r" (?:was|were) late")\n') == [1]
    # A docstring, a structure with no words, and a list read from a file are no word list.
    assert alternated_words('"""Staff|crew."""\nX = re.compile(r"\\d|x")\n') == []
    assert alternated_words('X = _words(*pattern_list("service_ask_words.yaml", "late"))\n') == []


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
            rf'(?:pattern_list|filled)\(\s*"{re.escape(name)}",\s*"(\w+)"',
            (REPO / module).read_text("utf-8"),
        )
    )
    assert set(lists) == named
    for key in lists:
        # Every pattern loads as the lexicon checks it (a valid expression, none empty).
        assert lexicon.pattern_list(name, key) == tuple(lists[key])


def test_a_pattern_builds_on_a_list_of_its_file() -> None:
    visit = lexicon.alternatives(("engineers?", "fitters?"))
    assert visit == "(?:engineers?|fitters?)"
    # A lone entry is grouped too, so a "|" of its own stays inside what surrounds it.
    assert lexicon.alternatives(("still ok|still on",)) == "(?:still ok|still on)"
    still = re.compile(r"(?<!\w)" + lexicon.alternatives(("still ok|still on",)) + r"(?!\w)")
    assert still.search("is it still okay") is None
    # A repeat count is no fragment; a fragment not given is refused.
    missed = lexicon.filled("visit_words.yaml", "missed", visit=visit)
    assert all(
        "{visit}" not in pattern and "(?:engineers?|fitters?)" in pattern for pattern in missed
    )
    with pytest.raises(lexicon.LexiconError, match=r"visit_words\.yaml: missed\[0\]"):
        lexicon.filled("visit_words.yaml", "missed", vehicle="bus")
