"""A customer about to leave or let down by support already: the cues and what they are."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = ["Escalation", "find_escalation", "find_unanswered"]


@dataclass(frozen=True, slots=True)
class Escalation:
    """Why a comment needs more than a request for details: ``kind`` is "churn" (the customer
    says they will leave) or "failed support" (they asked us before and got nowhere)."""

    kind: str
    cue: str


def _words(*patterns: str) -> re.Pattern[str]:
    # Searched in lowercased text: a case-blind pattern this size costs twice as much.
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])")


# The customer says they will take their business elsewhere.
_CHURN = _words(
    r"(?:switch(?:ing)?|mov(?:e|ing)|go(?:ing)?|chang(?:e|ing)) (?:over )?to (?:another|a different"
    r"|a new|an? other|some other) (?:provider|company|carrier|bank|airline|network|service|shop"
    r"|store|supermarket|app)",
    r"(?:cancel(?:l?ing)?|clos(?:e|ing)|terminat(?:e|ing)|end(?:ing)?) (?:my|our) (?:account"
    r"|subscription|membership|contract|service|plan|card)",
    r"(?:shop(?:ping)?|bank(?:ing)?|fly(?:ing)?|go(?:ing)?|order(?:ing)?) (?:somewhere|elsewhere"
    r"|with someone else|with another)(?: else)?",
    r"take (?:my|our) (?:business|money|custom) (?:elsewhere|somewhere else)",
    r"(?:never|won'?t|will not|not going to|ain'?t) (?:\w+ ){0,2}?(?:use|fly|shop|order|bank"
    r"|book|buy|stay|travel) (?:\w+ ){0,3}?(?:again|anymore|any more)",
    r"(?:last|final) straw",
    r"(?:i'?m|i am|we'?re|we are) (?:so )?done (?:with (?:you|this|your)|(?:\w+ )?(?:throwing"
    r"|paying|wasting|giving you))",
    r"(?:i|we) can (?:fly|shop|bank|go|order|travel) (?:with|from|at|to) (?:anyone|anybody"
    r"|anywhere|someone else)",
    r"(?:looking for|find(?:ing)?) (?:a )?(?:new|another|different) (?:provider|company|carrier"
    r"|bank|airline|network|service)",
    r"(?:loyal|long[- ]time|regular) customer",
    r"(?:i'?m|i am|we'?re|we are) (?:leaving|switching|cancell?ing)",
)
# The customer already asked us (or tried what we suggested) and is no better off.
_FAILED = _words(
    r"already (?:did|done|tried|spoke|spoken|talked|called|contacted|messaged|dm'?d|dm'?ed"
    r"|sent|emailed|reported|been|have|gave|explained)",
    r"(?:wasn'?t|was not|weren'?t|not|no|never) (?:\w+ ){0,1}?help(?:ful|ed)?",
    r"(?:no|nobody|no one|noone|never) (?:one )?(?:has |have |ever )?(?:got|gets|getting|came"
    r"|comes|called|calls|emailed) back",
    r"(?:no|nobody|no one|noone) (?:has |have |ever )?(?:replied|responded|answered|got back)",
    r"(?:have to |had to )?keep (?:explaining|repeating|chasing|asking)",
    r"(?:\d+\+?|several|multiple|many|countless|numerous) (?:emails|calls|messages|dms|chats)"
    r"(?: deep| later| in| now)?",
    r"(?:no|still no|never got an?|haven'?t (?:had|got|heard)(?: an?)?) (?:reply|response"
    r"|answer|call ?back|update|resolution)",
    r"(?:haven'?t|have not|never|didn'?t) (?:heard|hear) (?:back|from (?:you|anyone|anybody)"
    r"|anything)",
    r"(?:on hold|waiting|been waiting) (?:for )?(?:over |more than |almost |nearly )?"
    r"(?:\d+|an?|one|two|three|four|five|several|many) (?:hours?|hrs?|days?|weeks?|months?"
    r"|mins?|minutes?)",
    r"(?:called|rang|phoned|contacted|emailed|messaged|tweeted|dm'?d|dm'?ed|spoke to|talked to)"
    r" (?:you|your \w+|customer (?:service|support|care)|them|support)?(?: guys)?"
    r" ?(?:\d+|two|three|four|five|six|several|multiple|many|countless|numerous) times",
    r"(?:\d+(?:st|nd|rd|th)?|second|third|fourth|fifth) (?:call|time (?:calling|contacting"
    r"|asking|tweeting))",
    r"(?:awful|terrible|horrible|worst|useless|appalling|shocking|poor|pathetic|rubbish|bad"
    r"|non-?existent) (?:customer (?:service|support|care)|support|care|service team)",
    r"(?:customer )?(?:service|support|care) (?:is|was|has been) (?:awful|terrible|horrible"
    r"|useless|appalling|shocking|poor|pathetic|rubbish|non-?existent|a joke)",
    r"(?:keep|kept) (?:getting )?(?:transferred|passed around|bounced)",
    r"(?:why|what'?s the point in|no point) (?:even )?(?:bother(?:ing)?|trying)",
    r"(?:another|more) (?:empty )?promises?",
    r"generic (?:\S+ )?(?:reply|replh|response|answer)",
    r"same (?:stupid |useless |generic )?(?:answers?|replies|responses)",
    r"(?:reboot|restart|reinstall|reset)\w*(?: and)? (?:did(?:n'?t| not)|does(?:n'?t| not))"
    r" (?:help|work|fix)",
    r"(?:still|tried (?:\w+ ){0,3}?(?:and |but )?(?:it )?(?:still )?)(?:did(?:n'?t| not)"
    r"|does(?:n'?t| not)) (?:help|work|fix (?:it|anything))",
    r"(?:multiple|several|many) times(?:\. | )(?:no|nothing|still)",
)


@functools.lru_cache(maxsize=1024)
def find_escalation(text: str) -> Escalation | None:
    """A churn threat or a complaint about support that already failed in ``text``, or None
    (churn first: it is the one to answer first)."""
    text = text.replace("\u2019", "'").lower()
    for kind, pattern in (("churn", _CHURN), ("failed support", _FAILED)):
        match = pattern.search(text)
        if match is not None:
            return Escalation(kind, match.group(0))
    return None


# The customer says our earlier reply did not answer what they asked: another request for a DM
# would deflect them again, so a person answers.
_UNANSWERED = _words(
    r"(?:that|this|it|which) (?:wasn'?t|was not|isn'?t|is not|doesn'?t answer|does not answer"
    r"|didn'?t answer|did not answer) (?:my|the|what i) (?:question|asked)",
    r"(?:you|u|they|nobody|no one|your \w+) (?:still )?(?:didn'?t|did not|haven'?t|have not"
    r"|never|don'?t|do not|won'?t|will not|can'?t|cannot) (?:even )?answer(?:ed)? (?:my|the)"
    r" (?:question|query)",
    r"(?:not|never) what i (?:asked|was asking)",
    r"answer (?:my|the) (?:actual |damn |bloody )?question",
    r"read my (?:question|tweet|comment) again",
)


@functools.lru_cache(maxsize=1024)
def find_unanswered(text: str) -> str | None:
    """The words in ``text`` saying our reply did not answer the customer's question, or None."""
    match = _UNANSWERED.search(text.replace("\u2019", "'").lower())
    return match.group(0) if match else None
