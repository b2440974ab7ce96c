"""How a reply opens: the reader's name, their own greeting, owning the wait they count."""

from __future__ import annotations

import re

from bot.smo.platforms import REPLY_LIMITS, USES_HANDLES, reply_length
from bot.smo.reply_plan import ReplyContext
from bot.smo.wording import first_upper

__all__ = ["OWNS_WAIT_IN", "addressee_for", "owning_wait", "with_greeting"]


def addressee_for(author: str, platform: str) -> str:
    """How a reply names ``author``: a first name, or the @handle where the platform uses them."""
    name = author.strip().lstrip("@")
    if " " in name:
        return name.split()[0]
    return f"@{name}" if platform in USES_HANDLES else name


# A reply that already owns the wait in its first sentence.
_OWNS_WAIT = re.compile(
    r"(?<!\w)(?:wait\w*|chas\w*|hear from us|answer from us|more than once|ask again|delay\w*)"
    r"(?!\w)",
    re.IGNORECASE,
)
# The replies to a problem, where a wait the customer counts is owned first.
OWNS_WAIT_IN = frozenset(
    {"complaint", "support", "escalation", "concern", "follow_up", "by_hand", "outage"}
)
_FIRST_SENTENCE = re.compile(r"(?P<first>.+?[.!?])(?:\s+(?P<rest>.*))?$", re.DOTALL)
_GREETING_WORDS = r"(?:(?:Hi|Hello|Hey|Good morning|Good afternoon|Good evening) )?"
_SORRY = re.compile(r"^(?:we'?re |we are )?(?:really |so |very )?sorry (?P<what>.+)$", re.I)


def owning_wait(text: str, context: ReplyContext, platform: str) -> str:
    """``text`` opening by owning the wait the customer counts ("Sorry for the wait, @sam, and
    sorry about …") or the asking again, where its first sentence does not already."""
    match = _FIRST_SENTENCE.match(text)
    if not context.waited or match is None or _OWNS_WAIT.search(match.group("first")):
        return text
    name = context.addressee
    opener = "Sorry you've had to ask again" if context.waited == "again" else "Sorry for the wait"
    body = re.sub(rf"^{_GREETING_WORDS}{re.escape(name)}, ", "", match.group("first"), count=1)
    body = body.replace(f", {name}", "", 1)
    if name in body:
        return text
    sorry = _SORRY.match(body)
    first = (
        f"{opener}, {name}, and sorry {sorry.group('what')}"
        if sorry
        else f"{opener}, {name}. {first_upper(body)}"
    )
    owned = f"{first} {match.group('rest') or ''}".strip()
    limit = REPLY_LIMITS.get(platform)
    return owned if limit is None or reply_length(owned, platform) <= limit else text


def with_greeting(text: str, context: ReplyContext, platform: str) -> str:
    """``text`` opening with the customer's own greeting ("Good morning @sam, …") where they
    greeted with the time of day and the reply opens with their name, room allowing."""
    if not context.greeting or not text.startswith(f"{context.addressee},"):
        return text
    greeted = f"{context.greeting} {text}"
    limit = REPLY_LIMITS.get(platform)
    return greeted if limit is None or reply_length(greeted, platform) <= limit else text
