"""A customer about to leave or let down by support already: the cues and what they are."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.text.gate import gated

__all__ = ["Escalation", "find_escalation", "find_unanswered"]


@dataclass(frozen=True, slots=True)
class Escalation:
    """Why a comment needs more than a request for details: ``kind`` is "gone" (the customer
    has left or chosen another company already), "missed" (the chance to buy has passed: "too
    late now"), "churn" (they say they will leave) or "failed support" (they asked us before
    and got nowhere)."""

    kind: str
    cue: str


def _words(*patterns: str) -> re.Pattern[str]:
    # Searched in lowercased text: a case-blind pattern this size costs twice as much.
    return gated(re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])"))


# The customer says they will take their business elsewhere.
# "Switching to the unlimited plan": a change of plan with us, no churn (cancelling is).
_TO_A_PLAN = (
    r"(?! (?:to )?(?:the |a |an |your |our |my )?(?:[\w-]+ ){0,2}?(?:plan|tariff|tier|package"
    r"|bundle|subscription|contract|membership)s?(?!\w))"
)
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
    r"(?:look(?:ing)?|shop(?:ping)?) (?:around )?for (?:a )?(?:new|another|different)"
    r" (?:\w+ ){0,3}?(?:provider|company|carrier|bank|airline|network)",
    r"(?:looking for|find(?:ing)?) (?:a )?(?:new|another|different) (?:provider|company|carrier"
    r"|bank|airline|network|service)",
    r"(?:loyal|long[- ]time|regular) customer",
    r"(?:i'?m|i am|we'?re|we are) (?:leaving|switching" + _TO_A_PLAN + r"|cancell?ing)",
    r"(?:consider\w*|think\w* (?:of|about)|going to|gonna|about to|time to|might|may|will"
    r"|want to) (?:be )?switch(?:ing)? (?:over |back )?(?:to" + _TO_A_PLAN + r"|providers?"
    r"|carriers?|networks?|banks?|airlines?)",
    r"(?:switch|switching|mov(?:e|ing)|port(?:ing)?) (?:over |back )?to (?P<to>@\w+)",
    # Another company held up as better ("no surprises at @other", "cheaper with @other").
    r"(?:no (?:surprises|problems?|issues?|hidden fees)|never (?:an? )?(?:issues?|problems?)"
    r"|better|cheaper|faster|quicker|nicer) (?:at|with|from|on|over at) (?P<rival>@\w+)",
    r"(?:never|won'?t|will not|not going to|ain'?t) (?:\w+ ){0,2}?(?:choose|pick|recommend)"
    r" (?:\w+ ){0,2}?(?:again|anymore|any more)",
    r"(?:in (?:the )?future|from now on),? (?:i|we) (?:am |are |'m |'re )?(?:not going to|won'?t"
    r"|will not|never) (?:\w+ )?(?:use|choose|pick|fly|shop|order|book|buy)",
)
# The customer has left already, or taken the business to another company: no pitch, no
# cheer and no "before you decide". A company named by its handle ("switched to @x") counts
# only where the comment tags another handle too: a comment tags the brand it speaks to, so
# a switch to the only handle tagged is a switch to the brand (see ``find_escalation``).
_GONE = _words(
    r"(?:switched|moved|went|gone|changed|ported) (?:over |back )?to (?:another|a different"
    r"|a new|an? other|some other) (?:provider|company|carrier|bank|airline|network|service|shop"
    r"|store|supermarket|app)",
    r"(?:switched|moved|went|gone|ported) (?:over |back )?to (?P<to>@\w+)",
    r"(?:i'?m|i am|we'?re|we are) (?:now |just )?(?:switching|moving|porting) (?:over )?to"
    r" (?P<now>@\w+)",
    r"(?:taking|using|going with|flying with|shopping at|ordering from|booking with) (?:the |a )?"
    r"(?:bus(?:es)?|trains?|tube|taxis?|cabs?|(?P<from>@\w+)|another \w+|someone else"
    r"|a different \w+) (?:\w+ )?from now on",
    r"(?:going|went|gone|sticking|stuck|staying) with (?P<with>@\w+)",
    r"(?:i|we|i'?ve|we'?ve|i have|we have|just|already|finally) (?:just |already |finally )?"
    r"(?:cancell?ed|closed|terminated|ended|left) (?:my|our) (?:account|subscription|membership"
    r"|contract|service|plan|card)",
    r"(?:lost|losing) (?:me|us|(?:a|another|one|two|three|four|\d+) (?:\w+ )?customers?)"
    r"(?: as (?:a |your )?(?:\w+ )?customers?)?",
    r"#?you ?(?:just )?lost ?(?:a|another|one)? ?(?:new ?|loyal ?)?customer",
    r"(?:i'?m|i am|we'?re|we are|i'?ll|i will|we'?ll|we will) (?:just )?(?:taking|using"
    r"|going to use|flying with|shopping at|ordering from|going with) (?:taxis?|cabs?"
    r"|another \w+|someone else|a different \w+|(?P<using>@\w+))",
    r"(?:bought|ordered|booked|got) (?:it|one|them|mine|ours)? ?(?:elsewhere|somewhere else"
    r"|from (?:someone|somewhere) else)",
    r"(?:only|exclusively) (?:\w+ )?from now on",
    r"#\w+instead",
    r"(?:fly|use|shop at|order from|go with|book with) (?:@\w+|someone else|another \w+) instead",
)
# The chance to buy has passed: a sales push or a pre-order offer would read as not listening.
_MISSED = _words(
    r"(?:it'?s|its|it is|way|bit|much|far) too late (?:now|anyway)",
    r"too late now",
    r"(?:missed|miss) (?:out|it|the (?:deal|sale|offer|boat|window|deadline))(?!\s*\?)",
    r"(?:sold|sells|selling) out (?:already|again|before|in)",
    r"ended up (?:buying|getting|ordering|booking|going)",
    r"already (?:bought|ordered|booked|got) (?:it|one|them|mine)",
)
# The customer already asked us (or tried what we suggested) and is no better off.
_FAILED = _words(
    # "Already tried restarting" is a fix the customer tried, not support that failed them.
    r"already (?:did|done|tried(?! (?:\w+ )?(?:restart|reboot|reset|reinstall|updat|clear"
    r"|unplug|turn|switch|power|log))|spoke|spoken|talked|called|contacted|messaged|dm'?d|dm'?ed"
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
    r"(?:multiple|several|many) times(?:\. | )(?:no|nothing|still)",
)


@functools.lru_cache(maxsize=1024)
def find_escalation(text: str, own: frozenset[str] = frozenset()) -> Escalation | None:
    """A churn threat or a complaint about support that already failed in ``text``, or None
    (churn first: it is the one to answer first). ``own`` holds the brand's handles (lower
    case, without "@"): a move to one of them is a customer coming to the brand."""
    text = text.replace("\u2019", "'").lower()
    for kind, pattern in (
        ("gone", _GONE),
        ("missed", _MISSED),
        ("churn", _CHURN),
        ("failed support", _FAILED),
    ):
        for match in pattern.finditer(text):
            if _another_company(text, match, own):
                return Escalation(kind, match.group(0))
    return None


_HANDLE = re.compile(r"@\w+")


def _another_company(text: str, match: re.Match[str], own: frozenset[str]) -> bool:
    """Whether the handle a cue names ("switching to @x"), if any, is not the brand's own
    and not the only one the comment tags."""
    named = next((g for g in match.groups() if g), None)
    if named is None:
        return True
    return named.lstrip("@") not in own and any(h != named for h in _HANDLE.findall(text))


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
