"""Community engagement (SMO): understand each comment and draft an on-brand reply or action."""

from __future__ import annotations

from bot.smo.brand import VOICES, BrandProfile, Voice
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.smo.intents import INTENTS

__all__ = [
    "INTENTS",
    "VOICES",
    "BrandProfile",
    "EngagementEngine",
    "Voice",
    "default_templates_dir",
]
