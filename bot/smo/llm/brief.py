"""What a language-model drafter is given to rewrite one template reply draft."""

from __future__ import annotations

from dataclasses import dataclass

from bot.models import Analysis, Comment, Draft
from bot.smo.brand import BrandProfile
from bot.smo.guardrails import Readings
from bot.smo.thread import Turn

__all__ = ["DraftBrief"]


@dataclass(frozen=True, slots=True)
class DraftBrief:
    """A reply draft the templates wrote, with what the engine read to write it.

    Made by the engine (pure) for each reply draft when a language-model drafter is
    configured; the drafter at the pipeline's edge turns it into a prompt, and checks the
    answer with the same guardrails (``readings``, ``brand``) the template draft passed.
    """

    comment: Comment
    analysis: Analysis
    draft: Draft
    brand: BrandProfile
    readings: Readings
    parent: Turn | None = None
