"""Per-platform reply rules from shared/PLATFORM_FACTS.md: length limits and reply windows."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.models import Comment
from bot.smo.entities import URL_RE
from bot.smo.wording import duration

__all__ = [
    "GOES_PRIVATE",
    "PLATFORM_NAMES",
    "PRIVATE_CHANNEL",
    "REPLY_LIMITS",
    "REPLY_WINDOWS",
    "USES_HANDLES",
    "X_URL_LENGTH",
    "ReplyWindow",
    "fit_to_limit",
    "reply_length",
    "window_notes",
]

PLATFORM_NAMES: dict[str, str] = {
    "instagram": "Instagram",
    "facebook": "Facebook",
    "x": "X",
    "youtube": "YouTube",
    "tiktok": "TikTok",
    "linkedin": "LinkedIn",
}

# Reply length limits in characters.
REPLY_LIMITS: dict[str, int] = {
    "x": 280,
    "tiktok": 150,
    "linkedin": 1250,
    "instagram": 2200,
    "facebook": 8000,
    "youtube": 10000,
}
X_URL_LENGTH = 23  # X counts every link as 23 characters, whatever its length.


@dataclass(frozen=True, slots=True)
class ReplyWindow:
    """How long after a comment the brand may still answer privately, and the rule behind it."""

    length: timedelta
    rule: str
    warn_before: timedelta


# Meta's rules: Instagram allows one private reply to a comment within 7 days; a Facebook Page
# may message a user for 24 h after the user's last message (7 days with the human-agent tag).
REPLY_WINDOWS: dict[str, ReplyWindow] = {
    "instagram": ReplyWindow(
        timedelta(days=7), "Instagram allows one private reply within 7 days", timedelta(hours=24)
    ),
    "facebook": ReplyWindow(
        timedelta(hours=24),
        "Facebook lets a Page message a user for 24 h (7 days with the human-agent tag)",
        timedelta(hours=6),
    ),
}

# Drafts that move the conversation to private messages, where a platform window applies.
GOES_PRIVATE: frozenset[str] = frozenset({"complaint", "support", "purchase_intent", "escalation"})


def window_notes(comment: Comment, template: str, now: datetime) -> list[str]:
    """A note when the private-reply window for a draft of ``template`` closes soon or has
    closed."""
    window = REPLY_WINDOWS.get(comment.platform)
    if window is None or template not in GOES_PRIVATE:
        return []
    left = comment.created_at + window.length - now
    if left <= timedelta(0):
        return [f"private-reply window closed {duration(left)} ago ({window.rule})"]
    if left <= window.warn_before:
        return [f"window closes in {duration(left)} ({window.rule})"]
    return []


# Where a reply greets someone by @handle rather than by name.
USES_HANDLES: frozenset[str] = frozenset({"instagram", "x", "tiktok", "youtube"})

# How a draft asks a person to continue in private, per platform (YouTube has no DMs).
PRIVATE_CHANNEL: dict[str, str] = {
    "instagram": "DM",
    "x": "DM",
    "tiktok": "DM",
    "facebook": "private message",
    "linkedin": "direct message",
}


def reply_length(text: str, platform: str) -> int:
    """The length a platform counts for ``text``."""
    if platform != "x":
        return len(text)
    return _x_length(text)


@functools.lru_cache(maxsize=256)
def _x_length(text: str) -> int:
    # Remembered: a draft's length is asked for while it is picked and again by the guardrails.
    return len(URL_RE.sub("x" * X_URL_LENGTH, text))


_WORD_END = re.compile(r"\s+\S*$")


def fit_to_limit(text: str, platform: str) -> tuple[str, bool]:
    """``text`` cut on a word boundary with an ellipsis if it is over the platform's limit."""
    limit = REPLY_LIMITS.get(platform)
    if limit is None or reply_length(text, platform) <= limit:
        return text, False
    cut = text
    while cut and reply_length(cut + "…", platform) > limit:
        shorter = _WORD_END.sub("", cut)
        cut = shorter if shorter != cut else cut[: len(cut) - 1]
    return cut.rstrip(" ,;:-—") + "…", True
