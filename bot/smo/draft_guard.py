"""How a draft ends: its text through the guardrails, or no text and a note for a person."""

from __future__ import annotations

from bot.models import Comment, Draft
from bot.smo.brand import BrandProfile
from bot.smo.guardrails import FIXABLE, Problem, Readings, check, fix
from bot.smo.wording import note_without_draft

__all__ = ["guarded", "without_text"]


def guarded(
    comment: Comment,
    text: str,
    readings: Readings,
    brand: BrandProfile,
    sign_off: str,
    notes: list[str],
    by_hand: bool,
) -> Draft:
    """The draft of ``text`` once the guardrails have fixed what they can; a person's if
    problems remain or ``by_hand``."""
    text, problems = guard(text, comment, readings, brand, sign_off)
    if problems:
        notes.append("guardrails: " + "; ".join(p.message for p in problems))
        return without_text(comment, "human", notes)
    return Draft(
        comment_key=comment.key,
        brand=comment.brand,
        platform=comment.platform,
        text=text,
        action="human" if by_hand else "reply",
        note="; ".join(notes),
    )


def guard(
    text: str, comment: Comment, readings: Readings, brand: BrandProfile, sign_off: str
) -> tuple[str, list[Problem]]:
    """``text`` with what the guardrails can fix fixed, and the problems left."""
    problems = check(text, comment, readings, brand, comment.platform)
    if not problems:
        return text, []
    fixed = fix(text, problems, comment.platform, sign_off)
    if fixed is None:
        return text, [p for p in problems if p.code in ("length", "cut")] or problems
    left = [p for p in check(fixed, comment, readings, brand, comment.platform)]
    return fixed, [p for p in left if p.code not in FIXABLE or p.code == "length"]


def without_text(comment: Comment, action: str, notes: list[str]) -> Draft:
    """A draft with no suggested text: ``action`` for a person, the notes saying why."""
    return Draft(
        comment_key=comment.key,
        brand=comment.brand,
        platform=comment.platform,
        text="",
        action=action,
        # No suggested text: the note says what to write, never what a text does.
        note=note_without_draft("; ".join(notes)),
    )
