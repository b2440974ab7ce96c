"""What the customer's reply gives in answer to our own question: a link, or their device."""

from __future__ import annotations

import re

from bot.smo.situations import given_details

__all__ = ["answered_ask"]

# Our reply asked for a link ("send us the song link", "can you share the URL?").
_LINK_ASKED = re.compile(r"(?<!\w)(?:links?|urls?)(?!\w)", re.I)
# Our reply asked which device, system or version they use.
_DEVICE_ASKED = re.compile(
    r"(?<!\w)(?:device|os|operating system|model|(?:app |software |ios |android )?version"
    r"|browser|phone you'?re using|what (?:phone|computer|laptop|tablet))(?!\w)",
    re.I,
)
# Our reply asked something: a question, or "tell us / send us / let us know".
_ASKS = re.compile(
    r"\?|(?<!\w)(?:tell us|send us|share|let us know|dm us|pass (?:us|along)|give us)(?!\w)", re.I
)
_LINK = re.compile(r"https?://\S+")


def answered_ask(ours: str, theirs: str) -> str | None:
    """What ``theirs`` gives in answer to our reply ``ours``: "link" (the link we asked for)
    or "device" (the device, system or version we asked about), else None."""
    if _ASKS.search(ours) is None:
        return None
    if _LINK_ASKED.search(ours) and _LINK.search(theirs):
        return "link"
    given = given_details(theirs).split(",")
    if _DEVICE_ASKED.search(ours) and ("device" in given or "version" in given):
        return "device"
    return None
