"""Token-shaped values: one place that recognises them, so they are never shown or posted."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["MASK", "redact", "secret_kind", "shown", "url_secrets", "url_userinfo"]

MASK = "**********"

# What a token is called, a piece of text it always holds (lower case) and its shape. The
# piece is a quick test that skips most shapes for most text: every log record comes here.
# The look-behinds keep a prefix inside a longer word ("desk-…", "task-…") from matching.
# Slack and Meta shapes need a digit soon after the prefix, so a sign-off like
# "xoxo-from-the-crew" stays what it is; the look-ahead is bounded so that a long
# "xoxb-xoxb-…" takes linear time. Case is ignored: a validator may have lower- or upper-cased
# the value before an error message quotes it.
_EDGE = r"(?<![A-Za-z0-9])"
_DIGIT_AHEAD = r"(?=[A-Za-z0-9_-]{0,40}\d)"
_SHAPE_TEXT: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Slack token", ("xox",), _EDGE + r"xox[abposre]-" + _DIGIT_AHEAD + r"[A-Za-z0-9-]{10,}"),
    ("Slack app token", ("xapp-",), _EDGE + r"xapp-" + _DIGIT_AHEAD + r"[A-Za-z0-9-]{10,}"),
    (
        "Slack webhook URL",
        ("hooks.slack.com/",),
        r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{10,}",
    ),
    ("Telegram bot token", (":",), r"(?<![0-9])\d{6,}:[A-Za-z0-9_-]{30,}"),
    ("Meta access token", ("eaa",), _EDGE + r"EAA" + _DIGIT_AHEAD + r"[A-Za-z0-9]{30,}"),
    ("Google OAuth token", ("ya29.",), _EDGE + r"ya29\.[A-Za-z0-9_-]{20,}"),
    ("Google API key", ("aiza",), _EDGE + r"AIza[A-Za-z0-9_-]{35}"),
    # Old keys are sk-<48 letters and digits>; newer ones name their kind: sk-proj-<…>.
    (
        "OpenAI API key",
        ("sk-",),
        _EDGE + r"sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{20,})",
    ),
    ("Stripe key", ("k_live_", "k_test_"), _EDGE + r"[rs]k_(?:live|test)_[A-Za-z0-9]{16,}"),
    (
        "GitHub token",
        ("gh", "github_pat_"),
        _EDGE + r"(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})",
    ),
    (
        "AWS access key",
        ("akia", "asia"),
        _EDGE + r"(?:AKIA|ASIA)" + _DIGIT_AHEAD + r"[0-9A-Z]{16}(?![A-Za-z0-9])",
    ),
    (
        "JSON web token",
        ("eyj",),
        r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}",
    ),
    ("private key", ("private key",), r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
)
_SHAPES = tuple((kind, hints, re.compile(text, re.IGNORECASE)) for kind, hints, text in _SHAPE_TEXT)
_HINTS = tuple((hint, kind, shape) for kind, hints, shape in _SHAPES for hint in hints)

# Secrets of no known shape (signing secrets, app secrets, API keys of other services) are
# long runs of random letters and digits; names and words, however long, are not. A leftmost
# greedy match always starts and ends where the run does, so no look-arounds are needed.
_RUN = re.compile(r"[A-Za-z0-9]{32,}")
_HEX_RUN = re.compile(r"[0-9a-f]+|[0-9A-F]+")
_WORDS = re.compile(r"[A-Z][a-z]{2,}|[a-z]{3,}|[A-Z]{4,}")
# Random base-62 text is rarely more than this share words; CamelCaseNames are mostly words.
_MAX_WORD_SHARE = 0.6
_MIN_HEX_DIGITS = 4
_MIN_HEX_LETTERS = 4
_GENERIC = "random-looking key"


def _shapes_in(text: str) -> list[tuple[str, re.Pattern[str]]]:
    """The shapes whose telltale piece occurs in `text`: the only ones worth a search."""
    lowered = text.lower()
    found = [(kind, shape) for hint, kind, shape in _HINTS if hint in lowered]
    return list(dict.fromkeys(found))


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
    for kind, shape in _shapes_in(text):
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
    for _kind, shape in _shapes_in(text):
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


def url_userinfo(url: str) -> tuple[str, str]:
    """The URL's raw user information (before its last ``@``) and what follows it.

    Read from the text itself, not from a parser: a password with an unencoded ``/``, ``@``,
    ``?`` or ``#`` makes a parser split the URL in the wrong place and show part of it.
    """
    rest = url.split("://", 1)[1] if "://" in url else url
    userinfo, at, after = rest.rpartition("@")
    return (userinfo, after) if at else ("", rest)


def url_secrets(url: str) -> list[str]:
    """The parts of a database URL that are secret, for the log's redaction."""
    userinfo, after = url_userinfo(url)
    found = [userinfo.split(":", 1)[1]] if ":" in userinfo else []
    found += re.findall(r"(?:^|[?&])password=([^&#]+)", after.split("?", 1)[-1])
    return [secret for secret in found if secret]
