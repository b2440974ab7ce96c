"""Whether a comment is aimed at someone: what the abuse reader needs before it proposes a hide."""

from __future__ import annotations

import functools
import re

from bot.smo import lexicon

__all__ = ["aimed"]

_TOKEN = re.compile(r"[\w']+")
# A sentence that opens with one of these speaks of "you" as anyone ("you know when you wait
# all day for a parcel…"): a story or a gripe everyone shares, its "you" aimed at no one.
_GENERIC = re.compile(
    r"(?:^|(?<=[.!?…\n]))\s*(?:(?:and|but|so|like)\s+)?"
    r"(?:(?:ya|you)\s+know\s+(?:when|how)|(?:that|the)\s+(?:feeling|moment)\s+when"
    r"|(?:do(?:n't|\s+not)\s+you|you|ya)\s+(?:just\s+)?(?:hate|love)\s+(?:it\s+)?when"
    r"|(?:have\s+you\s+|do\s+you\s+)?ever\s+notice[d]?\s+how|nothing\s+(?:worse|better)\s+than\s+when)"
    r"[^.!?…\n]*",
    re.IGNORECASE,
)


@functools.cache
def _second_person() -> frozenset[str]:
    return lexicon.DIRECTED | lexicon.ADDRESSEE


@functools.cache
def _insult() -> re.Pattern[str]:
    patterns = "|".join(c.pattern for c in (*lexicon.ABUSE_STRONG, *lexicon.ABUSE_WEAK))
    return re.compile(rf"(?<!\w)(?:{patterns})(?!\w)", re.IGNORECASE)


def aimed(text: str) -> bool:
    """Whether ``text`` speaks to someone (a second-person word: "you", "your", "du") or holds
    an insult of the abuse cues ("idiots", "pathetic"), wherever it stands. The "you" of a
    sentence that tells of anyone ("you know when you…", "don't you hate it when…") speaks to
    no one.

    A comment with neither tells of something ("a man pushed in front of me") or sounds off
    about a thing: the reader's probability there comes from angry words about a third party,
    not from an attack on the brand, its staff or its readers."""
    words = {w.lower().strip("'") for w in _TOKEN.findall(_GENERIC.sub(" ", text))}
    return not words.isdisjoint(_second_person()) or _insult().search(text) is not None
