"""Gated word patterns answer exactly as the patterns themselves, and skip texts fast."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.smo import escalation, situations, topics
from bot.text.gate import Gated, gated, match_beginnings

# Shaped like the word patterns of the drafting modules: a word start, alternatives with
# optional parts, classes, repeats and a lookahead, searched in lowercased text.
WORDS = re.compile(
    r"(?<![\w-])(?:(?:switch(?:ing)?|mov(?:e|ing)) (?:over )?to (?P<who>@\w+|another)"
    r"|(?:no|never) (?:\w+ ){0,1}?help(?:ful|ed)?|[0-9]+ (?:calls|emails)|[ck]ancel(?! not)"
    r"|keep (?:asking|chasing)+)(?![\w-])"
)
TEXTS = [
    "",
    "switching to @rival now",
    "moving over to another bank!",
    "never got help, 3 calls later",
    "kancel it. cancel not. cancel",
    "re-cancel -switching to another",
    "keep asking keep chasing",
    "no really helpful",
    "nothing to see here",
    "12 emails and 4 calls",
]


def test_beginnings_of_a_word_pattern() -> None:
    found = match_beginnings(WORDS)
    assert found is not None
    # Every match starts with one of them, and they are literal text.
    assert {
        "switchin",
        "move ove",
        "no ",
        "never ",
        "0",
        "9",
        "cancel",
        "kancel",
        "keep ask",
    } <= (found)


@pytest.mark.parametrize(
    "pattern",
    [r"\w+ help", r"(?:refund)?", r"(?i)refund", r".*refund", r"[^a]bc", r"(?:a|\w)c"],
)
def test_no_gate_where_a_match_may_start_anywhere(pattern: str) -> None:
    assert match_beginnings(re.compile(pattern)) is None
    # Ungated, it still answers as the pattern does.
    text = "xbc a refund help c"
    assert Gated(re.compile(pattern)).findall(text) == re.compile(pattern).findall(text)


def _same(pattern: re.Pattern[str], text: str) -> None:
    gate = gated(pattern)

    def span(m: re.Match[str] | None) -> tuple[int, int] | None:
        return None if m is None else m.span()

    assert span(gate.search(text)) == span(pattern.search(text))
    assert span(gate.search(text, 3)) == span(pattern.search(text, 3))
    assert span(gate.match(text)) == span(pattern.match(text))
    assert span(gate.fullmatch(text)) == span(pattern.fullmatch(text))
    assert gate.findall(text) == pattern.findall(text)
    assert [m.span() for m in gate.finditer(text)] == [m.span() for m in pattern.finditer(text)]
    assert gate.sub("<>", text) == pattern.sub("<>", text)
    assert gate.split(text) == pattern.split(text)


# Not tied to a word start, or starting with a sign: gated by a search for the beginnings.
ANYWHERE = re.compile(r"(?:cancel|refund)s? (?:my|the) order|#switch\w*|@rival")


@pytest.mark.parametrize("text", TEXTS)
def test_answers_as_the_pattern(text: str) -> None:
    _same(WORDS, text)
    _same(ANYWHERE, text)
    _same(ANYWHERE, f"un{text} refunds the order #switching")


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "switch",
                "ing",
                "to",
                "@x",
                "another",
                "no",
                "never",
                "help",
                "ful",
                "3",
                "calls",
                "cancel",
                "kancel",
                "not",
                "keep",
                "asking",
                "-",
                " ",
                "  ",
                ",",
                "e",
                "mov",
            ]
        ),
        max_size=14,
    )
)
def test_answers_as_the_pattern_on_any_text(parts: list[str]) -> None:
    _same(WORDS, "".join(parts))
    _same(ANYWHERE, "".join(parts))


def test_drafting_word_patterns_are_gated() -> None:
    # The large patterns the drafter searches most: each must have a gate to be worth it.
    # (escalation._FAILED is not: one of its branches begins with a number of any script.)
    for pattern in (escalation._CHURN, situations._STOP_MAIL, topics._STAFF):
        assert isinstance(pattern, Gated)
        assert match_beginnings(re.compile(pattern.pattern)) is not None


@pytest.mark.parametrize("text", ["on hold for ４５ minutes", "٤٥ minutes on hold", "3 calls"])
def test_a_digit_of_any_script_is_a_digit(text: str) -> None:
    # Was: \d gated as 0-9 only, so a full-width or Arabic-Indic number was never searched.
    _same(re.compile(r"(?<!\w)\d+ (?:minutes|calls)"), text)
    _same(re.compile(r"(?<!\w)[\d#]+ (?:minutes|calls)"), text)
