"""The tone of a comment that decides a reply's: thanks, cheer, chat or a case to answer."""

from __future__ import annotations

import re

from bot.smo.comment_patterns import ASKS
from bot.smo.guardrails import has_emoji
from bot.smo.reply_plan import ReplyPlan
from bot.smo.situations import given_details
from bot.smo.thread import MENTIONS, Turn, speaks_of_trouble
from bot.smo.topics import praised

__all__ = [
    "KUDOS",
    "PLEASANTRY",
    "WARM",
    "asked_details",
    "chatty",
    "cheer_fits",
    "cheerful",
    "good_news",
    "kind_words",
    "light",
    "one_word_answer",
]

# Warm words to the brand: a thank-you with a photo is not spam to hide unseen.
WARM = re.compile(r"(?<!\w)(?:thank\w*|kudos|grateful|shout ?out|appreciate\w*)(?!\w)", re.I)
# Kind words to an answer of ours ("well done, guys", "you rock").
KUDOS = re.compile(
    r"(?<!\w)(?:well done|great (?:job|work|stuff)|good (?:job|work|stuff)|nice (?:one|work)"
    r"|nicely done|you (?:guys )?(?:rock|are the best|'re the best|are amazing|'re amazing)"
    r"|amazing|awesome|brilliant|legends?|kudos|love (?:it|this|you))(?!\w)|\U0001f44d",
    re.IGNORECASE,
)
# An answer to a support question ("yes", "I did", "sure can!"), not chat.
_AFFIRM = re.compile(
    r"(?:yes|yeah|yep|yup|no|nope|sure|ok|okay|done|just did|i (?:sure )?(?:can|did|do|will"
    r"|have|tried))(?!\w)",
    re.IGNORECASE,
)
_NO_WORRIES = re.compile(r"no (?:problem|worries|bother|prob)(?!\w)|not at all(?!\w)", re.I)
_SAD = re.compile(
    "[\U0001f615\U0001f61e\U0001f622\U0001f62d\U0001f621\U0001f620\U0001f641"
    "\u2639\U0001f629\U0001f62b\U0001f624\U0001f926\U0001f612\U0001f611]"
)


def light(text: str, plan: ReplyPlan) -> bool:
    """Whether an answer in a thread says something light: no yes or no, no sad or negative
    words, no details and no question ("I was long gone by then", "love it!")."""
    body = MENTIONS.sub("", text).strip()
    # "No problem!" and "no worries" answer thanks; they say no "no".
    affirm = _AFFIRM.match(body) is not None and _NO_WORRIES.match(body) is None
    if plan.sentiment == "negative" or affirm or _SAD.search(body):
        return False
    # Details for support, not chat.
    return not (any(ch.isdigit() for ch in body) or given_details(body) or ASKS.search(body))


def chatty(text: str, plan: ReplyPlan) -> bool:
    """Whether an answer in a thread is cheerful chat: light words with an exclamation, an
    emoji or a positive reading."""
    body = MENTIONS.sub("", text).strip()
    # U+FE0F after a plain letter ("I️", an old iOS keyboard bug) is no emoji.
    return light(text, plan) and (
        "!" in body or has_emoji(body.replace("\ufe0f", "")) or plan.sentiment == "positive"
    )


# A pleasantry in answer to ours ("my pleasure", "you're welcome"): chat, not information.
PLEASANTRY = re.compile(
    r"(?<!\w)(?:my pleasure|you'?re (?:very )?welcome|no worries|no problem|any ?time|cheers"
    r"|same to you|you too|likewise)(?!\w)",
    re.IGNORECASE,
)


def cheerful(said: str, plan: ReplyPlan) -> bool:
    """Whether an answer to our reply shows cheer itself (praise, thanks, an exclamation, an
    emoji): a plain statement of fact that merely reads positive ("the line is a postpay
    one") is information, never met with "Love that!"."""
    body = MENTIONS.sub("", said)
    return (
        "!" in body
        or has_emoji(body.replace("\ufe0f", ""))
        or "praise" in plan.intents
        or WARM.search(body) is not None
        or KUDOS.search(body) is not None
        or PLEASANTRY.search(body) is not None
    )


# Our earlier reply dealt with a problem or offered help with one: an assessment, help offered
# or sent on (an apology or a fault named is read by ``speaks_of_trouble``).
_HELP_REPLY = re.compile(
    r"(?<!\w)(?:claim|assess\w*|assist\w*|look into|looking into|agent|dm|direct message"
    r"|reach out|resolve\w*|fix\w*)(?!\w)",
    re.IGNORECASE,
)


def cheer_fits(said: str, plan: ReplyPlan, parent: Turn | None) -> bool:
    """Whether a cheerful word back fits an answer in a thread. Under a turn about a problem
    (our apology, a customer's grievance) only thanks in so many words gets one: "that's
    funny, the pilot said it was an engine fault" under our apology is no occasion for "Love
    that!". Under our offer of help, praise or thanks does; other words ("I was long gone by
    then" after "an agent must assess the damage") go on with the case."""
    if parent is None:
        return True
    if speaks_of_trouble(parent):
        return WARM.search(said) is not None
    if "praise" in plan.intents or WARM.search(said) is not None:
        return True
    return not parent.own or _HELP_REPLY.search(parent.text) is None


def good_news(said: str, plan: ReplyPlan, parent: Turn | None, author: str) -> bool:
    """Whether an answer in a thread about a problem is good news with no cheer due ("found the
    letter in my mailbox after all"): positive, with no problem of its own in it."""
    return (
        parent is not None
        and speaks_of_trouble(parent)
        and "praise" in plan.intents
        and plan.sentiment == "positive"
        and "?" not in said
        and not speaks_of_trouble(Turn(author, said, own=False))
    )


# Our earlier reply asked for details (which, since when, have you…): an answer to it is
# information, not chat; "anything else I can help with?" asks for none.
_DETAILS_ASKED = re.compile(
    r"(?<!\w)(?:which|what (?:is|are|was|were|do|does|did|happens|error|kind|type|model|version"
    r"|device|browser|app|time|date)|when did|since when|how long|where (?:are|were|is|was|did)"
    r"|is it|are you|have you|did you|were you|could you (?:tell|send|confirm|let|share|check)"
    r"|can you (?:tell|send|confirm|let|share|check)|are (?:all )?(?:of )?your|is your|does it"
    r"|has it|do you (?:have|see|get)|how can (?:i|we) help|is there anything (?:i|we) can)"
    r"(?!\w)[^?]*\?",
    re.IGNORECASE,
)


def asked_details(ours: str) -> bool:
    return "anything else" not in ours.lower() and _DETAILS_ASKED.search(ours) is not None


def one_word_answer(text: str, plan: ReplyPlan) -> bool:
    """Whether ``text`` is a word or two in answer to a post ("Treat", "Team blue") with no
    problem, detail or request in it: chat, not a case."""
    body = MENTIONS.sub("", text).strip(" .!?,")
    words = body.split()
    if not 0 < len(words) <= 2 or plan.sentiment == "negative" or _AFFIRM.match(body):
        return False
    return not (any(ch.isdigit() for ch in body) or given_details(body) or ASKS.search(body))


def kind_words(said: str, plan: ReplyPlan) -> bool:
    """Whether ``said`` praises the brand (its staff, a product, the service)."""
    if "praise" in plan.intents and plan.sentiment == "positive":
        return True
    warm = WARM.search(said)
    return (warm is not None and warm.group(0).lower() != "thankfully") or (
        plan.sentiment == "positive" and praised(said).kind is not None
    )
