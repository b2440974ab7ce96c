"""Small English wording rules drafts and notes share: possessives, counted nouns, sentences."""

from __future__ import annotations

import re
from datetime import timedelta

__all__ = [
    "URGENT",
    "count_of",
    "drop_time_promises",
    "duration",
    "first_upper",
    "fix_wording",
    "note_without_draft",
    "possessive",
    "sentences",
    "tidy",
    "time_promises",
    "wording_problems",
]

# A note that starts with this marks a draft a person must see first (safety, legal).
URGENT = "URGENT"

_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.!?;:])")
_DOUBLE_POSSESSIVE = re.compile(r"\b(\w*[sS])['’]s\b")
# "1 results", "1 days": one of something never takes the plural (but "1 glass", "1 bus").
_ONE_PLURAL = re.compile(r"(?<![\d.,])\b1 ([A-Za-z]{2,}?)(ies|es|s)\b")
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "os")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
# A follow-up promised by a time ("we'll get back to you shortly", "reply within 24 hours"):
# nothing reminds the team to keep it, so a reply says what happens, never when.
_TIME_PROMISE = re.compile(
    r"(?i)(?<!\w)(?:(?:get|come) back to (?:you|u)|reply|respond|answer|update (?:you|u)"
    r"|be in touch|follow up|hear from us|contact (?:you|u)|reach out|let (?:you|u) know"
    r"|message (?:you|u)|dm (?:you|u)|call (?:you|u))"
    # The time must end the clause and belong to the follow-up: not "reply today to keep your
    # booking" (the customer's deadline), "answer: the sale ends today" or "not until tomorrow".
    r"(?:[^.!?:;\n]{0,40}?)(?<!until)(?<!before)(?<!after)(?<!from)"
    r"(?P<when>,? (?:very |really )?(?:shortly|soon|right away|straight away"
    r"|asap|as soon as (?:we can|possible|we know|we have)|within (?:the |an |a |\d+ |one |two"
    r"|a few |twenty-four )?(?:hours?|minutes?|mins?|days?|business days?|working days?)"
    r"|in (?:the )?next (?:\d+ |few |couple of )?(?:hours?|minutes?|days?)"
    r"|later today|today|tonight|by tomorrow|tomorrow|by (?:the )?end of (?:the )?day))(?!\w)"
    r"(?=\s*(?:[.!?,;)]|$))"
)


def possessive(name: str) -> str:
    """``Alpenglow Outfitters'`` and ``Mia's``: a name that ends in s takes the apostrophe only."""
    name = name.strip()
    if not name:
        return name
    return f"{name}'" if name[-1] in "sS" else f"{name}'s"


def count_of(count: int, singular: str, plural: str | None = None) -> str:
    """``1 result``, ``2 results``; ``plural`` when adding an s is wrong."""
    return f"{count:,} {singular if count == 1 else (plural or singular + 's')}"


def _singular(stem: str, ending: str) -> str | None:
    word = stem + ending
    if any(word.lower().endswith(e) for e in _NOT_PLURAL_ENDINGS):
        return None
    if ending == "ies":
        return stem + "y"
    if ending == "es":
        # boxes, matches, wishes; but "minutes", "notes", "times" lose only the s.
        return stem if stem.lower().endswith(("x", "ch", "sh", "ss", "z")) else stem + "e"
    return stem


def wording_problems(text: str) -> list[str]:
    """What reads wrong in ``text``: a doubled possessive ("Outfitters's"), a plural after 1."""
    if "s's" not in text and "s’s" not in text and "1 " not in text and "S's" not in text:
        return []
    found = [
        f'"{m.group(0)}" should be "{m.group(1)}\'"' for m in _DOUBLE_POSSESSIVE.finditer(text)
    ]
    for match in _ONE_PLURAL.finditer(text):
        singular = _singular(match.group(1), match.group(2))
        if singular is not None:
            found.append(f'"{match.group(0)}" should be "1 {singular}"')
    return found


def fix_wording(text: str) -> str:
    """``text`` with the problems ``wording_problems`` names corrected."""
    text = _DOUBLE_POSSESSIVE.sub(lambda m: m.group(1) + "'", text)

    def one(match: re.Match[str]) -> str:
        singular = _singular(match.group(1), match.group(2))
        return match.group(0) if singular is None else f"1 {singular}"

    return _ONE_PLURAL.sub(one, text)


def time_promises(text: str) -> list[str]:
    """The times ``text`` promises a follow-up by ("shortly", "within 24 hours")."""
    return [m.group("when").strip(" ,") for m in _TIME_PROMISE.finditer(text)]


def drop_time_promises(text: str) -> str:
    """``text`` with the times it promises a follow-up by left out (the follow-up stays)."""
    return _TIME_PROMISE.sub(lambda m: m.group(0)[: m.start("when") - m.start()], text)


def sentences(text: str) -> list[str]:
    """``text`` split after each sentence's closing punctuation."""
    return [part for part in _SENTENCE_END.split(text.strip()) if part]


def first_upper(text: str) -> str:
    """``text`` with its first letter in capitals."""
    return text[:1].upper() + text[1:]


def tidy(text: str) -> str:
    """A rendered template on one line: blank lines and runs of spaces closed up."""
    lines = [_SPACES.sub(" ", line).strip() for line in _BLANK_LINES.split(text.strip())]
    return _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(line for line in lines if line))


def duration(delta: timedelta) -> str:
    """How long ``delta`` is, as a reviewer reads it ("40 min", "5 h", "3 days")."""
    hours = abs(delta.total_seconds()) / 3600
    if hours < 1:
        return f"{max(1, round(hours * 60))} min"
    if hours < 48:
        return f"{round(hours)} h"
    return f"{round(hours / 24)} days"


# A reviewer note's words about the suggested text, and what they say when there is none
# (no template in the comment's language): the reviewer is told what to write instead.
_SUGGESTED = (
    (re.compile(r"the suggested text is a holding reply that"), "write a holding reply that"),
    (re.compile(r"the suggested text is a holding reply"), "write a holding reply"),
    (re.compile(r"the suggested holding reply admits"), "write a holding reply that admits"),
    (re.compile(r"the suggested text promises"), "promise"),
    (re.compile(r"check the suggested reply"), "write the reply"),
    (re.compile(r"the suggested (?:text|reply)"), "your reply"),
)


def note_without_draft(note: str) -> str:
    """``note`` for a reviewer who got no suggested text: what it says of the suggested text
    ("the suggested text is a holding reply that promises no time") becomes what to write
    ("write a holding reply that promises no time"), so the note never speaks of a text that
    is not there."""
    for pattern, instead in _SUGGESTED:
        note = pattern.sub(instead, note)
    return note
