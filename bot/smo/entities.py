"""Hashtags, mentions, URLs and emojis pulled out of a comment's text."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import emoji

__all__ = [
    "URL_RE",
    "Entities",
    "extract_entities",
    "is_emoji_only",
    "strip_emojis",
]

URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+"
    r"|(?<![\w@.])(?:[a-z0-9-]+\.)+(?:com|net|org|io|ly|co|me|shop|store|link|xyz|info|biz|app|gg|to|de|es)"
    r"(?:/[^\s<>\"]*)?(?![\w@])",
    re.IGNORECASE,
)
HASHTAG_RE = re.compile(r"(?<![\w&#/])#(\w*[^\W\d_]\w*)")
MENTION_RE = re.compile(r"(?<![\w@/])@(\w(?:[\w.]*\w)?)")
_TRAILING_PUNCT = ".,!?;:)]}'\""
_ZERO_WIDTH_JOINER = "\u200d"


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
    # Each pattern needs a character most comments lack; looking for it first is much cheaper.
    urls: tuple[str, ...] = ()
    without_urls = text
    if "." in text or "://" in text:
        urls = tuple(m.group(0).rstrip(_TRAILING_PUNCT) for m in URL_RE.finditer(text))
        if urls:
            without_urls = URL_RE.sub(" ", text)
    emojis: tuple[str, ...] = ()
    plain = text
    if not text.isascii():
        found = _emoji_spans(text)
        if found:
            emojis = tuple(text[start:end] for start, end in found)
            parts: list[str] = []
            last = 0
            for start, end in found:
                parts.append(text[last:start])
                parts.append(" ")
                last = end
            parts.append(text[last:])
            plain = "".join(parts)
    hashtags: tuple[str, ...] = ()
    if "#" in without_urls:
        hashtags = tuple(m.group(1) for m in HASHTAG_RE.finditer(without_urls))
    mentions: tuple[str, ...] = ()
    if "@" in without_urls:
        mentions = tuple(m.group(1) for m in MENTION_RE.finditer(without_urls))
    return Entities(
        hashtags=hashtags,
        mentions=mentions,
        urls=urls,
        emojis=emojis,
        plain=plain,
        # The first character usually settles it, without starting a scan.
        emoji_only=bool(emojis) and not (plain[:1].isalnum() or any(ch.isalnum() for ch in plain)),
    )


def _emoji_spans(text: str) -> list[tuple[int, int]]:
    """Where ``emoji.emoji_list`` finds emojis, as (start, end).

    Its tokenizer steps through every character in Python, which dominated reading a comment.
    Without a zero-width joiner (whose sequences it re-splits) it is a walk down a tree of the
    package's emojis from each character that can start one, as deep as the text follows, and a
    match where the walk ends on a whole emoji; that walk is done here from only those
    characters, found in C. Text with a joiner goes to the package.
    """
    if _ZERO_WIDTH_JOINER in text:
        return [(item["match_start"], item["match_end"]) for item in emoji.emoji_list(text)]
    tree, starts = _emoji_tree()
    spans: list[tuple[int, int]] = []
    end = 0
    for found in starts.finditer(text):
        start = found.start()
        if start < end:
            continue
        node = tree.get(text[start])
        if node is None:
            continue
        walked = start + 1
        while walked < len(text) and text[walked] in node:
            node = node[text[walked]]
            walked += 1
        if _WHOLE in node:
            spans.append((start, walked))
            end = walked
    return spans


_WHOLE = ""  # marks a node where an emoji ends; never a character of text


@functools.cache
def _emoji_tree() -> tuple[dict[str, Any], re.Pattern[str]]:
    """The emoji package's emojis as a tree of characters, and a regex for the characters that
    may start one: those below U+2000 one by one, then everything from the lowest other one on
    (a class of every first character is slow for the regex engine to test)."""
    tree: dict[str, Any] = {}
    for item in emoji.EMOJI_DATA:
        node = tree
        for char in item:
            node = node.setdefault(char, {})
        node[_WHOLE] = True
    low = "".join(re.escape(char) for char in sorted(tree) if char < "\u2000")
    high = min(char for char in tree if char >= "\u2000")
    return tree, re.compile(f"[{low}{re.escape(high)}-\U0010ffff]")


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
