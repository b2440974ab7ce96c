"""Hashtags, mentions, URLs and emojis pulled out of a comment's text."""

from __future__ import annotations

import re
from dataclasses import dataclass

import emoji

__all__ = ["Entities", "extract_entities", "is_emoji_only", "strip_emojis"]

URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+"
    r"|(?<![\w@.])(?:[a-z0-9-]+\.)+(?:com|net|org|io|ly|co|me|shop|store|link|xyz|info|biz|app|gg|to|de|es)"
    r"(?:/[^\s<>\"]*)?(?![\w@])",
    re.IGNORECASE,
)
HASHTAG_RE = re.compile(r"(?<![\w&#/])#(\w*[^\W\d_]\w*)")
MENTION_RE = re.compile(r"(?<![\w@/])@(\w(?:[\w.]*\w)?)")
_TRAILING_PUNCT = ".,!?;:)]}'\""


@dataclass(frozen=True, slots=True)
class Entities:
    """What a comment links to, tags and shows, in order of appearance.

    ``plain`` is the text with emojis blanked out and ``emoji_only`` says whether nothing but
    emojis (and punctuation) was written; both come from the one emoji scan.
    """

    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    emojis: tuple[str, ...] = ()
    plain: str = ""
    emoji_only: bool = False


def extract_entities(text: str) -> Entities:
    """Hashtags and mentions without their sign, URLs as written, emojis as sequences."""
    urls = tuple(m.group(0).rstrip(_TRAILING_PUNCT) for m in URL_RE.finditer(text))
    without_urls = URL_RE.sub(" ", text) if urls else text
    emojis: tuple[str, ...] = ()
    plain = text
    if not text.isascii():
        found = emoji.emoji_list(text)
        if found:
            emojis = tuple(item["emoji"] for item in found)
            parts: list[str] = []
            last = 0
            for item in found:
                parts.append(text[last : item["match_start"]])
                parts.append(" ")
                last = item["match_end"]
            parts.append(text[last:])
            plain = "".join(parts)
    return Entities(
        hashtags=tuple(m.group(1) for m in HASHTAG_RE.finditer(without_urls)),
        mentions=tuple(m.group(1) for m in MENTION_RE.finditer(without_urls)),
        urls=urls,
        emojis=emojis,
        plain=plain,
        emoji_only=bool(emojis) and not any(ch.isalnum() for ch in plain),
    )


def strip_emojis(text: str) -> str:
    """The text with every emoji sequence replaced by a space."""
    if text.isascii():
        return text
    return emoji.replace_emoji(text, " ")


def is_emoji_only(text: str) -> bool:
    """True for a comment made of emojis alone (whitespace and punctuation aside)."""
    if not text.strip() or text.isascii():
        return False
    rest = strip_emojis(text)
    return not any(ch.isalnum() for ch in rest)
