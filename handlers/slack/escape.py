"""Slack mrkdwn escaping: untrusted text never becomes a mention, a link, formatting or a line."""

from __future__ import annotations

import re

from bot.rendering import strip_controls

__all__ = [
    "LINE_BREAK",
    "Link",
    "Mrkdwn",
    "code",
    "escape_mrkdwn",
    "escape_value",
    "finish",
    "inert_mrkdwn",
    "inline_mrkdwn",
    "lines",
    "plain_text",
    "quote",
    "safe_url",
    "to_plain_text",
    "trim_escaped",
    "words",
]

_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,3}$")
# Slack has no escape for its formatting characters. Like jsx-slack's <Escape>, each one in
# untrusted text becomes a look-alike that Slack never reads as formatting.
_LOOKALIKES = {"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"}
_TO_LOOKALIKE = str.maketrans(_LOOKALIKES)
_FROM_LOOKALIKE = str.maketrans({v: k for k, v in _LOOKALIKES.items()})
# `>` opening a line starts a quote; a soft hyphen in front keeps it text (jsx-slack does so too).
_SOFT_HYPHEN = "\u00ad"
_QUOTE_START = re.compile(r"(^|\n)&gt;")
# A line break inside a value, held until a template's `lines` or `quote` filter says where its
# lines go; any left after rendering become spaces. strip_controls removes this character from
# every input, so only escape_value writes it.
LINE_BREAK = "\x1e"
_LEFT_BREAKS = re.compile(rf"[ \t]*{LINE_BREAK}[{LINE_BREAK} \t]*")
_BREAK_OR_NEWLINE = re.compile(rf"{LINE_BREAK}|\n")


class Link(str):
    """A link target `safe_url` accepted: its `_` or `~` belong to the address, so it is only
    entity-escaped (for `<url|label>`), never given look-alikes."""

    __slots__ = ()


class Mrkdwn(str):
    """mrkdwn that socialpulse wrote, every untrusted part already made inert where it was put
    in (as `code` does): a template shows it as it is."""

    __slots__ = ()


def code(text: str) -> str:
    """Untrusted text as an inline code span it cannot close early."""
    return f"`{inline_mrkdwn(text)}`"


def escape_mrkdwn(text: str) -> str:
    """Escape `&`, `<` and `>` (Slack's control characters) and drop control codes."""
    text = strip_controls(text)
    for raw, entity in _ENTITIES:
        text = text.replace(raw, entity)
    return text


def inert_mrkdwn(text: str) -> str:
    """`escape_mrkdwn`, and no formatting: `*_~` and backticks become look-alikes, and a `>`
    opening a line stays text. Shown as written, it can neither mention, link nor format."""
    return _QUOTE_START.sub(rf"\1{_SOFT_HYPHEN}&gt;", escape_mrkdwn(text).translate(_TO_LOOKALIKE))


def inline_mrkdwn(text: str) -> str:
    """`inert_mrkdwn` on one line: line breaks and runs of spaces become one space."""
    return " ".join(inert_mrkdwn(text).split())


def escape_value(value: str) -> str:
    """How every string of a Slack template's context is escaped: inert, and one line unless
    the template shows it with `lines` or `quote` (a name cannot start a line of its own)."""
    if isinstance(value, Mrkdwn):
        return str(value)
    if isinstance(value, Link):
        return escape_mrkdwn(value)
    return inert_mrkdwn(value).replace("\n", LINE_BREAK)


def lines(value: str) -> str:
    """Template filter: a multi-line value with its own line breaks."""
    return value.replace(LINE_BREAK, "\n")


def quote(value: str) -> str:
    """Template filter: a multi-line value as a Slack quote, every line marked as quoted."""
    return "\n".join(f">{line}" for line in _BREAK_OR_NEWLINE.split(value))


def words(value: str) -> str:
    """Template filter: an identifier such as `cpa_above_target` as words."""
    return value.replace("_", " ").replace(_LOOKALIKES["_"], " ")


def finish(rendered: str) -> str:
    """A rendered template with the line breaks no filter placed turned into spaces."""
    return _LEFT_BREAKS.sub(" ", rendered)


def to_plain_text(escaped: str) -> str:
    """Undo `escape_mrkdwn` for a `plain_text` object, which Slack shows literally."""
    for raw, entity in reversed(_ENTITIES):
        escaped = escaped.replace(entity, raw)
    return escaped


def plain_text(rendered: str) -> str:
    """Undo `inert_mrkdwn` too (look-alikes back to the characters they stand for)."""
    return to_plain_text(rendered.replace(_SOFT_HYPHEN + "&gt;", "&gt;")).translate(_FROM_LOOKALIKE)


def trim_escaped(text: str, limit: int, marker: str = "…") -> str:
    """Cut escaped text to at most `limit` characters without splitting an `&amp;` entity."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - len(marker), 0)]
    cut = _PARTIAL_ENTITY.sub("", cut)
    return cut.rstrip() + marker


def safe_url(url: str) -> str:
    """The URL if it is a plain http(s) link that cannot break out of `<url|label>`, else ""."""
    if not url.startswith(("https://", "http://")):
        return ""
    if any(ch in url for ch in "<>|\n\r\t ") or strip_controls(url) != url:
        return ""
    return url
