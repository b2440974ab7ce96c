"""Token-shaped values: one place that recognises them, so they are never shown or posted."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["MASK", "redact", "secret_kind", "shown"]

MASK = "**********"

# What a token is called and its shape. The look-behinds keep a prefix inside a longer word
# ("desk-…", "task-…") from matching. Slack and Meta shapes need a digit after the prefix so
# a sign-off like "xoxo-from-the-crew" stays what it is. Case is ignored: a validator may
# have lower- or upper-cased the value before an error message quotes it.
_EDGE = r"(?<![A-Za-z0-9])"
_DIGIT_AHEAD = r"(?=[A-Za-z0-9_-]*\d)"
_SHAPE_TEXT: tuple[tuple[str, str], ...] = (
    ("Slack token", _EDGE + r"xox[abposre]-" + _DIGIT_AHEAD + r"[A-Za-z0-9-]{10,}"),
    ("Slack app token", _EDGE + r"xapp-" + _DIGIT_AHEAD + r"[A-Za-z0-9-]{10,}"),
    ("Slack webhook URL", r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{10,}"),
    ("Telegram bot token", r"(?<![0-9])\d{6,}:[A-Za-z0-9_-]{30,}"),
    ("Meta access token", _EDGE + r"EAA" + _DIGIT_AHEAD + r"[A-Za-z0-9]{30,}"),
    ("Google OAuth token", _EDGE + r"ya29\.[A-Za-z0-9_-]{20,}"),
    ("Google API key", _EDGE + r"AIza[A-Za-z0-9_-]{35}"),
    # Old keys are sk-<48 letters and digits>; project keys sk-proj-<…> have long runs too.
    ("OpenAI API key", _EDGE + r"sk-[A-Za-z0-9_-]*[A-Za-z0-9]{20,}[A-Za-z0-9_-]*"),
    ("Stripe key", _EDGE + r"[rs]k_(?:live|test)_[A-Za-z0-9]{16,}"),
    ("GitHub token", _EDGE + r"(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})"),
    ("AWS access key", _EDGE + r"(?:AKIA|ASIA)" + _DIGIT_AHEAD + r"[0-9A-Z]{16}(?![A-Za-z0-9])"),
    ("JSON web token", r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    ("private key", r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
)
_SHAPES = tuple((kind, re.compile(text, re.IGNORECASE)) for kind, text in _SHAPE_TEXT)

# Secrets of no known shape (signing secrets, app secrets, API keys of other services) are
# long runs of random letters and digits; names and words, however long, are not.
_RUN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{32,}(?![A-Za-z0-9])")
_HEX_RUN = re.compile(r"[0-9a-f]+|[0-9A-F]+")
_WORDS = re.compile(r"[A-Z][a-z]{2,}|[a-z]{3,}|[A-Z]{4,}")
# Random base-62 text is rarely more than this share words; CamelCaseNames are mostly words.
_MAX_WORD_SHARE = 0.6
_MIN_HEX_DIGITS = 4
_MIN_HEX_LETTERS = 4
_GENERIC = "random-looking key"


def _is_random(run: str) -> bool:
    """True for a run of letters and digits that reads like a key rather than a name."""
    digits = sum(char.isdigit() for char in run)
    letters = len(run) - digits
    if _HEX_RUN.fullmatch(run):
        return digits >= _MIN_HEX_DIGITS and letters >= _MIN_HEX_LETTERS
    if not (digits and any(c.isupper() for c in run) and any(c.islower() for c in run)):
        return False
    worded = sum(len(word) for word in _WORDS.findall(run))
    return worded < _MAX_WORD_SHARE * len(run)


def secret_kind(text: str) -> str | None:
    """What the first token-shaped value in `text` looks like ("Slack token"…), else None."""
    for kind, shape in _SHAPES:
        if shape.search(text):
            return kind
    if any(_is_random(match.group()) for match in _RUN.finditer(text)):
        return _GENERIC
    return None


def redact(text: str, known: Iterable[str] = ()) -> str:
    """`text` with every token-shaped value and every `known` secret replaced by MASK.

    Known secrets shorter than six characters are left alone: they would mask ordinary words.
    """
    for secret in sorted((s for s in known if len(s) >= 6), key=len, reverse=True):
        text = re.sub(re.escape(secret), MASK, text, flags=re.IGNORECASE)
    for _kind, shape in _SHAPES:
        text = shape.sub(MASK, text)
    return _RUN.sub(lambda match: MASK if _is_random(match.group()) else match.group(), text)


def shown(value: object) -> str:
    """How an error message quotes a value: its repr, unless it holds something token-shaped."""
    if isinstance(value, str):
        kind = secret_kind(value)
        if kind is not None:
            return f"what looks like a {kind}, not shown"
        return repr(value)
    return redact(repr(value))
