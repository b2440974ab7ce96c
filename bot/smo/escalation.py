"""A customer about to leave or let down by support already: the cues and what they are."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.smo.lexicon import pattern_list
from bot.text.whole_words import gated_words as _words

__all__ = ["Escalation", "find_escalation", "find_let_down", "find_unanswered"]


@dataclass(frozen=True, slots=True)
class Escalation:
    """Why a comment needs more than a request for details: ``kind`` is "gone" (the customer
    has left or chosen another company already), "missed" (the chance to buy has passed: "too
    late now"), "churn" (they say they will leave) or "failed support" (they asked us before
    and got nowhere) or "return" (they left, or are leaving, and ask to come back)."""

    kind: str
    cue: str


# A customer gone or going who asks to come back: a win-back, not a fault.
_RETURN = _words(*pattern_list("escalation.yaml", "return"))
# The customer says they will take their business elsewhere.
_CHURN = _words(
    *pattern_list("escalation.yaml", "churn"), *pattern_list("escalation.yaml", "churn_de_es")
)
# The customer has left already, or taken the business to another company: no pitch, no
# cheer and no "before you decide". A company named by its handle ("switched to @x") counts
# only where the comment tags another handle too: a comment tags the brand it speaks to, so
# a switch to the only handle tagged is a switch to the brand (see ``find_escalation``).
_GONE = _words(*pattern_list("escalation.yaml", "gone"))
# The chance to buy has passed: a sales push or a pre-order offer would read as not listening.
_MISSED = _words(*pattern_list("escalation.yaml", "missed"))
# The customer already asked us (or tried what we suggested) and is no better off.
_FAILED = _words(*pattern_list("escalation.yaml", "failed_support"))


@functools.lru_cache(maxsize=1024)
def find_escalation(text: str, own: frozenset[str] = frozenset()) -> Escalation | None:
    """A request to come back, a churn threat or a complaint about support that already failed
    in ``text``, or None (a win-back first, unless the customer refuses it or says they are
    leaving; then churn: it is the one to answer first). ``own`` holds the brand's handles (lower
    case, without "@"): a move to one of them is a customer coming to the brand."""
    text = text.replace("\u2019", "'").lower()
    back = _win_back(text, own)
    if back is not None:
        return back
    for kind, pattern in (
        ("gone", _GONE),
        ("missed", _MISSED),
        ("churn", _CHURN),
        ("failed support", _FAILED),
    ):
        for match in pattern.finditer(text):
            if _another_company(text, match, own):
                return Escalation(kind, match.group(0))
    return None


# Words that turn a win-back cue into a refusal or a condition when they come before it in
# its clause: "you'll never win me back", "nothing you can do to win me back", "if I come back".
_REFUSED = re.compile(
    r"(?<![\w'-])(?:never|nothing|no way|won'?t|wont|will not|can'?t|cannot|can not|"
    r"not going to|if|unless)(?![\w'-])"
)
# Where a clause ends: a stop, comma or dash, or a "but" that turns the sentence.
_CLAUSE_END = re.compile(r"[.!?;:,\n]|\s[-\u2013\u2014]\s|(?<!\w)but(?!\w)")


def _win_back(text: str, own: frozenset[str]) -> Escalation | None:
    """A request to come back in lowercased ``text``, or None: none where the customer refuses
    or only supposes it, and none where they also say they are leaving (a churn threat is the
    one to answer, not a welcome)."""
    if any(_another_company(text, m, own) for m in _CHURN.finditer(text)):
        return None
    for match in _RETURN.finditer(text):
        before = text[: match.start()]
        clause = before[max((m.end() for m in _CLAUSE_END.finditer(before)), default=0) :]
        if not _REFUSED.search(clause):
            return Escalation("return", match.group(0))
    return None


def find_let_down(text: str) -> str | None:
    """The words in ``text`` saying support already failed the customer ("nobody has
    answered", "still no reply"), or None, whatever else the comment reads as."""
    match = _FAILED.search(text.replace("\u2019", "'").lower())
    return match.group(0) if match else None


_HANDLE = re.compile(r"@\w+")


def _another_company(text: str, match: re.Match[str], own: frozenset[str]) -> bool:
    """Whether the handle a cue names ("switching to @x"), if any, is not the brand's own
    and not the only one the comment tags."""
    named = next((g for g in match.groups() if g), None)
    if named is None:
        return True
    return named.lstrip("@") not in own and any(h != named for h in _HANDLE.findall(text))


# The customer says our earlier reply did not answer what they asked: another request for a DM
# would deflect them again, so a person answers.
_UNANSWERED = _words(*pattern_list("escalation.yaml", "unanswered"))


@functools.lru_cache(maxsize=1024)
def find_unanswered(text: str) -> str | None:
    """The words in ``text`` saying our reply did not answer the customer's question, or None."""
    match = _UNANSWERED.search(text.replace("\u2019", "'").lower())
    return match.group(0) if match else None
