"""A second matter in one comment (another problem, a how-to question), named in the reply."""

from __future__ import annotations

import re

from bot.smo.billing import overcharge
from bot.smo.comment_patterns import TROUBLE
from bot.smo.guardrails import negative_clause
from bot.smo.topics import concern_of, question_gist

__all__ = ["BILLED", "question_beside", "second_matter"]

# A complaint about being billed or charged: a person checks the account; no fault questions.
BILLED = re.compile(
    r"(?<![\w-])(?:(?:still|keep|kept) (?:being |getting )?(?:billed|charged|billing|charging)"
    r"|(?:billed|charged|billing|charging) (?:me|us)|(?:my|our|the) (?:bill|invoice|direct debit)s?"
    r"|overcharg\w*|double[- ]charged)(?![\w-])",
    re.IGNORECASE,
)


# Where a comment turns to a second matter: a new sentence, or "also", "plus", "and my".
_TURN = re.compile(
    r"(?<=[.!?])\s+|(?<!\w)(?:(?:and also|also|plus|as well as|on top of (?:that|this))(?!\w)"
    r"|(?:and|but)(?= (?:my|the|our|i) ))",
    re.IGNORECASE,
)


def second_matter(said: str, cue: str, industry: str) -> tuple[str, str] | None:
    """Another matter in ``said`` than the one its words ``cue`` name, as (kind, phrase):
    ("question", "how to …") for a how-to question, ("issue", "your bill") for another
    problem; None when the comment is about the one matter only."""
    cue = cue.lower()
    rest = " ".join(
        part
        for part in _TURN.split(said)
        if part and cue not in part.lower().replace("\u2019", "'")
    )
    if len(rest.split()) < 3:
        return None
    gist = question_gist(rest)
    if gist is not None:
        return "question", gist
    other = concern_of(rest, industry)
    if other is not None and other.kind != "outage":
        return "issue", other.label
    if overcharge(rest) or BILLED.search(rest.lower()):
        return "issue", "your bill"
    # Unnamed, only where the customer marks it as another matter ("also", "plus"): the rest
    # of an outage report mostly tells the same outage.
    if _ANOTHER.search(said) and (
        TROUBLE.search(rest.lower()) or negative_clause(rest) is not None
    ):
        return "issue", "the other problem you mentioned"
    return None


_ANOTHER = re.compile(
    r"(?<!\w)(?:also|plus|as well|too|on top of (?:that|this)|another thing|one more thing)(?!\w)",
    re.IGNORECASE,
)
# A gist that ends on a word standing for something unseen ("how to report this"): no slot.
_VAGUE_END = re.compile(r"(?<!\w)(?:this|that|it|them|these|those)$")


# "Should I place a new order?": what to do next, asked beside the trouble.
# Only a question that opens with it: "who should I contact?" asks who, not whether.
_SHOULD = re.compile(
    r"^[\s,.!:;-]*(?:(?:so|and|then|or|now)\s+)?(?:should|shall) (?:i|we)"
    r" (?P<rest>[a-z][\w' -]{2,50}?)\s*\?",
    re.I,
)
# The customer's words in the reader's person ("my order" → "your order").
_PERSON = {"i": "you", "me": "you", "my": "your", "we": "you", "us": "you", "our": "your"}
# A trail of dots between thoughts ("reported it...should I"), a break like a full stop.
_TRAIL = re.compile(r"\.{3,}|…")


def next_step_gist(text: str) -> str | None:
    """What a "should I …?" question asks, as "whether to …" in the reader's person, or None."""
    match = _SHOULD.search(re.sub(r"(?:^|\s)@\w+", " ", text))
    if match is None:
        return None
    rest = " ".join(_PERSON.get(w.lower(), w) for w in match.group("rest").split())
    return f"whether to {rest}"


def _gist(part: str) -> str | None:
    return question_gist(part) or next_step_gist(part)


def question_beside(said: str) -> tuple[str, str] | None:
    """A how-to or a what-next question asked beside a complaint ("the app keeps crashing.
    Also, how do I export my playlists?", "got the wrong order... should I place a new one?")
    as ("question", "how to …" or "whether to …"), or None."""
    parts = [part for part in _TURN.split(_TRAIL.sub(". ", said)) if part and part.strip()]
    asked = [part for part in parts if _gist(part) is not None]
    if not asked or len(asked) == len(parts):
        return None
    sore = any(
        negative_clause(part) is not None or TROUBLE.search(part.lower()) is not None
        for part in parts
        if part not in asked
    )
    gist = _gist(asked[0])
    if gist is None or _VAGUE_END.search(gist):
        return None
    return ("question", gist) if sore else None
