"""Numbers as ad exports write them in each language: '6,114', '1.234,56', '1 234,56 €', '6.20%'."""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["AmbiguousNumber", "decimal_evidence", "parse_number"]

Mark = Literal[",", "."]

_SPACES = re.compile(r"\s+")
_MISSING = frozenset({"", "--", "-", "—", "–"})
# A currency written before or after the amount: a sign, an ISO code or Brazil's R$.
_CURRENCY = r"(?:[A-Z]{3}|R\$|US\$|[$€£¥₹])"
_LEADING_CURRENCY = re.compile(rf"^{_CURRENCY} ?")
_TRAILING_CURRENCY = re.compile(rf" ?{_CURRENCY}$")
_NUM_DOT = re.compile(
    r"(?P<int>\d+|\d{1,3}(?:(?P<t>[ ,'])\d{3})(?:(?P=t)\d{3})*)(?:\.(?P<frac>\d+))?"
)
_NUM_COMMA = re.compile(
    r"(?P<int>\d+|\d{1,3}(?:(?P<t>[ .'])\d{3})(?:(?P=t)\d{3})*)(?:,(?P<frac>\d+))?"
)
# '1.234' or '1,234': one mark and three digits after it, which groups thousands in one
# language and is a decimal in another ('0.123' groups nothing).
_GROUP_OR_DECIMAL = re.compile(r"[1-9]\d{0,2}[.,]\d{3}")
_NOT_DIGIT = re.compile(r"\D")


class AmbiguousNumber(ValueError):
    """'1.234' in a file that writes decimals both ways: 1234 or 1.234 cannot be told."""


def _bare(text: str) -> tuple[str, bool] | None:
    """The digits and marks of a cell without spaces at the ends, %, currency or sign."""
    value = _SPACES.sub(" ", text).strip()
    if value in _MISSING:
        return None
    value = value.removesuffix("%").rstrip()
    negative = value.startswith(("-", "\u2212"))
    if negative:
        value = value[1:].lstrip()
    value = _TRAILING_CURRENCY.sub("", _LEADING_CURRENCY.sub("", value, count=1), count=1)
    if not negative and value.startswith(("-", "\u2212")):
        negative, value = True, value[1:].lstrip()
    return value, negative


def _decimal_mark(value: str, decimal: Mark, refuse_ambiguous: bool) -> Mark | None:
    """Which mark is the decimal one in ``value``; None when there is no decimal part."""
    commas, dots = value.count(","), value.count(".")
    if commas and dots:
        # '1.234,56' and '1,234.56' say it themselves: the last mark is the decimal one.
        return "," if value.rfind(",") > value.rfind(".") else "."
    if commas > 1:
        return "."
    if dots > 1:
        return ","
    if not (commas or dots):
        return None
    if _GROUP_OR_DECIMAL.fullmatch(value):
        if refuse_ambiguous:
            raise AmbiguousNumber(value)
        return decimal
    # '12.5' is a decimal point in any file (machine-written numbers use it); '12,5' is a decimal
    # comma only where the file writes decimals so: an English '6,11' is a typo, not 6.11.
    if commas and decimal == ".":
        raise ValueError(value)
    return "," if commas else "."


def parse_number(
    text: str, *, decimal_comma: bool = False, refuse_ambiguous: bool = False
) -> float | None:
    """A number as exports write it ('"6,114"', '1 234,56', '6.20%'); None for '', '--'.

    ``decimal_comma`` is the file's convention: it decides '1.234' and '1,234' (one mark, three
    digits), which are 1234 and 1.234 in an English file and 1.234 and 1234 in a comma-decimal
    one; ``refuse_ambiguous`` refuses them instead (AmbiguousNumber). Spaces of any width and
    apostrophes may group thousands; when both ',' and '.' appear the last one is the decimal
    mark. A currency sign or code before or after the amount is ignored. Raises ValueError for
    anything else.
    """
    bare = _bare(text)
    if bare is None:
        return None
    value, negative = bare
    try:
        mark = _decimal_mark(value, "," if decimal_comma else ".", refuse_ambiguous)
    except AmbiguousNumber:
        raise AmbiguousNumber(f"ambiguous number: {text!r}") from None
    except ValueError:
        raise ValueError(f"not a number: {text!r}") from None
    match = (_NUM_COMMA if mark == "," else _NUM_DOT).fullmatch(value)
    if match is None:
        raise ValueError(f"not a number: {text!r}")
    number = float(f"{_NOT_DIGIT.sub('', match['int'])}.{match['frac'] or '0'}")
    return -number if negative else number


def decimal_evidence(text: str) -> Mark | None:
    """The decimal mark a number shows unambiguously ('12,50' → ',', '1,234.5' → '.'), if any."""
    bare = _bare(text)
    if bare is None:
        return None
    value = bare[0]
    if _GROUP_OR_DECIMAL.fullmatch(value):
        return None
    try:
        # With ',' as the file's mark nothing is refused, so every readable form is seen.
        mark = _decimal_mark(value, ",", refuse_ambiguous=False)
    except ValueError:
        return None
    if mark is None or (_NUM_COMMA if mark == "," else _NUM_DOT).fullmatch(value) is None:
        return None
    return mark
