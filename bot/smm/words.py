"""The ad engine's findings in the team's words: how sure, what to do, since when.

The statistics behind each phrase stay in the alert's evidence (`test`, `baseline`, …) for
whoever asks for the details; the chat message says it the way the team talks.
"""

from __future__ import annotations

from datetime import date, datetime

__all__ = ["ACTION_TITLES", "NOISE_BANDS", "WATCH", "action_title", "fmt_day", "how_sure"]

NOISE_BANDS: tuple[tuple[float, str], ...] = (
    (0.001, "very unlikely to be noise"),
    (0.01, "unlikely to be noise"),
)
"""(p below this, the words): one in a thousand, one in a hundred; anything weaker is
`WATCH` — the detector's own minimum already decided it is worth a message."""
WATCH = "worth watching"

ACTION_TITLES: dict[str, str] = {
    "boost_post": "Boost an organic post",
    "cap_frequency": "Cap the frequency",
    "check_feed": "Check the data feed",
    "check_tracking": "Check the tracking",
    "hold_changes": "Hold changes",
    "narrow_audience": "Exclude a segment",
    "pause_ad": "Pause the ad",
    "pause_adset": "Pause the ad set",
    "pause_campaign": "Pause or cap the campaign",
    "raise_budget": "Raise the budget",
    "refresh_creative": "Refresh the creative",
    "retarget": "Retarget recent clickers",
    "review_budget": "Review the budget",
    "shift_budget": "Move budget",
}
"""What each suggestion's action id is called in a message."""


def how_sure(p: float) -> str:
    """A one-sided p-value as the team says it: ``1.9e-07`` → "very unlikely to be noise"."""
    for below, words in NOISE_BANDS:
        if p < below:
            return words
    return WATCH


def action_title(action: str) -> str:
    """The title of a suggestion: ``check_tracking`` → "Check the tracking"; an action we do
    not know yet reads as its words (``lower_bid`` → "Lower bid")."""
    return ACTION_TITLES.get(action) or action.replace("_", " ").strip().capitalize()


def fmt_day(moment: date | datetime) -> str:
    """A day as a marketer says it: ``Sun 22 Nov``; an hour adds its time, ``Sun 22 Nov
    14:00 UTC``."""
    if isinstance(moment, datetime):
        return f"{moment:%a} {moment.day} {moment:%b %H:%M} UTC"
    return f"{moment:%a} {moment.day} {moment:%b}"
