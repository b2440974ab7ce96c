"""What the engines found, in the team's words: how sure, what to do, since when, the tone and
the language of a comment.

The figures behind each phrase (a test's z and p, a sentiment score, a detector's
probability) stay in the evidence for whoever asks for the details; a chat message says it the
way the team talks.
"""

from __future__ import annotations

from datetime import date, datetime

__all__ = [
    "ACTION_TITLES",
    "LANGUAGE_NAMES",
    "NOISE_BANDS",
    "READER_LABELS",
    "WATCH",
    "action_title",
    "fmt_day",
    "how_sure",
    "language_name",
    "tone",
]


NOISE_BANDS: tuple[tuple[float, str], ...] = (
    (0.001, "very unlikely to be noise"),
    (0.01, "unlikely to be noise"),
)
"""(p below this, the words): one in a thousand, one in a hundred; anything weaker is
`WATCH` — the detector's own minimum already decided it is worth a message."""
WATCH = "worth watching"

ACTION_TITLES: dict[str, str] = {
    "boost_post": "Boost an organic post",
    "broaden_audience": "Broaden the audience",
    "cap_frequency": "Cap the frequency",
    "check_delivery": "Check what holds delivery back",
    "check_feed": "Check the data feed",
    "check_offer": "Check the feed, prices and promotions",
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
    "set_cost_cap": "Set a cost cap",
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


# --- comments -------------------------------------------------------------------------------


LANGUAGE_NAMES: dict[str, str] = {
    "ar": "Arabic",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "ms": "Malay",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sv": "Swedish",
    "th": "Thai",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
    "zh": "Chinese",
}
"""Every language the detector may name, and the common ones a platform reports."""

READER_LABELS: frozenset[str] = frozenset({"language", "positive", "negative", "neutral"})
"""Evidence labels the readers give (the language and the tone): their figures are details;
the other evidence is a cue quoted from the comment, shown as it is."""

# How strongly a comment reads as positive or negative, by the size of its score in [-1, 1].
_STRENGTHS: tuple[tuple[float, str], ...] = ((0.6, "strong"), (0.3, "clear"))


def tone(label: str, score: float, language: str | None = None) -> str:
    """The sentiment as the team says it: ("negative", -0.78) → "reads as negative (strong)".

    The sentiment reader knows English words only; in another language a tone comes from the
    comment's own cues (a complaint, praise), and with none it is not read at all.
    """
    if label not in ("positive", "negative"):
        if language and language.split("-")[0].lower() != "en":
            return f"tone not read in {language_name(language)}"
        return f"reads as {label or 'neutral'}"
    strength = next((word for least, word in _STRENGTHS if abs(score) >= least), "mild")
    return f"reads as {label} ({strength})"


def language_name(code: str | None) -> str:
    """``ja`` → "Japanese", ``pt-BR`` → "Portuguese (BR)"; an unknown code is shown as it is."""
    if not code:
        return ""
    base, _, region = code.replace("_", "-").partition("-")
    name = LANGUAGE_NAMES.get(base.lower())
    if name is None:
        return code
    return f"{name} ({region.upper()})" if region else name
