"""Phrase banks as one pattern that matches any phrase as whole words (a hyphen joins words)."""

from __future__ import annotations

import re

from bot.text.gate import gated

__all__ = ["gated_words", "whole_words"]


def whole_words(*patterns: str) -> str:
    """One pattern for ``patterns``: any of them, from the start of a word to a word's end, so
    "late" finds nothing in "chocolate" or "late-night"."""
    return r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])"


def gated_words(*patterns: str) -> re.Pattern[str]:
    """``whole_words`` compiled behind a gate, for a large bank searched in lowercased text (a
    case-blind pattern this size costs twice as much)."""
    return gated(re.compile(whole_words(*patterns)))
