"""Slack mrkdwn escaping: untrusted text can never become a mention, a link or a control code."""

from __future__ import annotations

import re

from bot.rendering import strip_controls

__all__ = ["escape_mrkdwn", "safe_url", "to_plain_text", "trim_escaped"]

_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,3}$")


def escape_mrkdwn(text: str) -> str:
    """Escape `&`, `<` and `>` (Slack's only special characters) and drop control codes."""
    text = strip_controls(text)
    for raw, entity in _ENTITIES:
        text = text.replace(raw, entity)
    return text


def to_plain_text(escaped: str) -> str:
    """Undo the escaping for a `plain_text` object, which Slack shows literally and never parses."""
    for raw, entity in reversed(_ENTITIES):
        escaped = escaped.replace(entity, raw)
    return escaped


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
