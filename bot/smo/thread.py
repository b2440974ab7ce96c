"""The conversation a comment belongs to: the comment it answers and how it answers the brand."""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, replace

from bot.models import Comment
from bot.smo.brand import BrandProfile
from bot.smo.lexicon import PAID_NOT_GIVEN, THANKS_FOR_NOTHING, alternatives, pattern_list

__all__ = [
    "DM_CASE",
    "LEADING_TAGS",
    "MENTIONS",
    "NOT_WORDS",
    "ThreadMemory",
    "Turn",
    "addressed",
    "answer_to",
    "asks_for_dm",
    "bare_done",
    "bystander",
    "chased",
    "demands_fix",
    "follow_up_kind",
    "names_problem",
    "ongoing_dm",
    "place_answer",
    "quoted",
    "reply_chain_only",
    "said_before",
    "says_resolved",
    "says_sent",
    "speaks_of_trouble",
    "to_the_brand",
    "tried_steps",
]


@dataclass(frozen=True, slots=True)
class Turn:
    """An earlier comment in the thread: who wrote it, what it said, whether the brand did;
    ``earlier``: what the customer now answering it wrote higher up the same thread, oldest
    first (their first tweet, above our reply), so a reply does not ask for it again;
    ``language``: the one it was read in, where known."""

    author: str
    text: str
    own: bool
    earlier: tuple[str, ...] = ()
    language: str | None = None


# How a customer answers the brand's reply. Checked in this order: "working again" is resolved
# (the "again" is not a complaint), "nope, still down, thanks" is unresolved, not thanks.
_RESOLVED = re.compile(
    # "until it's fixed", "once the issue is resolved": a wish, not news that it works.
    r"(?<!\w)(?<!until )(?<!till )(?<!once )(?<!when )(?<!unless )(?<!if )"
    r"(?:(?<!not )(?<!n't )(?:working|works|fine) (?:again|now)|(?:it'?s|its|it is|that'?s"
    r"|all|everything(?:'?s| is)?|problem(?:'?s| is| has been| was)?|issue(?:'?s| is| has been"
    r"| was)?|(?:has|have) been) (?:now )?(?:sorted|fixed|resolved|solved|working)"
    r"|(?:got|have) it (?:working|sorted|fixed)|(?:that|it) (?:worked|did the trick|helped"
    r"|(?:fixed|sorted|solved) it)"
    r"|all good(?: now)?|never ?mind|(?:i'?m|i am) happy with|back (?:up|on|online) now"
    r"|(?:i|we) (?:managed|was able|were able) to|(?:got|get) it to work)(?!\w)",
)
# The matter in hand: the customer got through to us and was told what happens next.
_WORDS = "thread_words.yaml"
_IN_HAND = re.compile(rf"(?<!\w){alternatives(pattern_list(_WORDS, 'in_hand'))}(?!\w)")
# A sharp demand that the fault be fixed ("needs fixing, permanently, now").
_DEMAND = re.compile(rf"(?<!\w){alternatives(pattern_list(_WORDS, 'demand'))}(?!\w)")
# "Until this issue is fixed", "hoping everything is sorted": what comes before a "fixed" that
# makes it a wish.
_WISH = re.compile(
    r"(?<!\w)(?:until|till|once|unless|if|whether|hop\w*|wish\w*|want\w*|need\w*|expect\w*"
    r"|make sure|ensure|pray\w*)(?: \w+){0,2} $"
)
# Words that mean something is still wrong, whatever else the follow-up says.
_STILL_WRONG = re.compile(r"(?<!\w)(?:but|still|not|n't|no longer|again and again|keeps?)(?!\w)")
_UNRESOLVED = re.compile(
    # "Thanks for nothing" is no thanks: the customer is no better off.
    rf"(?<!\w)(?:{THANKS_FOR_NOTHING}"
    r"|still|again|nope|no luck|didn'?t (?:work|help)|doesn'?t (?:work|help)"
    r"|not (?:working|fixed|resolved|yet|sorted)|same (?:problem|issue|thing)|any (?:update|news)"
    r"|already (?:did|tried|done|have)|tried (?:that|it|everything)|no (?:reply|response|answer)"
    r"|nothing (?:yet|happened|has changed)|wtf|seriously|\?\?)(?!\w)",
)
# "Again" and "seriously" that are gratitude, not a fault come back ("thank you again",
# "seriously, thank you", "fly with you again").
_WARM_AGAIN = re.compile(
    r"(?<!\w)(?:(?:thanks?|thank you|thx)(?: (?:so|very) much)? again"
    r"|seriously,? (?:thank(?:s| you)?(?: (?:so|very) much)?(?: again)?"
    r"|amazing|the best|love|great|good|awesome|grateful)|(?:see|fly|book|visit|travel|stay)"
    r"(?: \w+){0,2} again"
    # Politeness before a new question: "sorry to bother you again", "hi again".
    r"|(?:bother|trouble|disturb|pester)(?:ing)? (?:you|u)(?: \w+)? again"
    r"|(?:me|hi|hello|hey) again)(?!\w)"
)
# The customer says they sent us a message: "I've sent you a DM", "DM'd you", "check your DMs".
# Someone else sending ("they sent me a link", "you emailed me") is no message to us.
_SENT = re.compile(
    r"(?<!\w)(?<!they )(?<!you )(?<!u )(?<!he )(?<!she )(?<!it )(?<!who )(?<!which )"
    r"(?<!that )(?<!was )(?<!were )(?<!been )(?<!be )(?<!get )(?<!got )(?<!you've )"
    r"(?<!they've )(?<!you have )(?<!they have )"
    r"(?:(?:just |have |i'?ve |i )?(?:sent|dm'?d|dm'?ed|dm(?= u | you )|messaged|replied"
    r"|emailed|inboxed|pm'?d)(?! (?:me|us|him|her|them|my|our)(?!\w))(?: you| u)?"
    r"(?: (?:a|the|my))? ?(?:dm|message|details|email|pm)?"
    r"|check (?:your|ur) (?:dms?|inbox|messages))(?!\w)",
)
# A bare "done", "followed!" or "done, please check" to our request: it was done as asked.
_DONE = re.compile(
    r"(?:(?:hi|hey|hello|yes|yep|yeah|ok(?:ay)?)(?: \w+)?[\s,.!]+)?(?:i(?:'?ve| have)? |just |all "
    r"|already )*(?:done|followed(?: (?:you|u|y'?all))?)(?:[\s,.!]+(?:please check|pls check"
    r"|check|thanks|thank you|thx|ty|now|cheers))*[\s,.!\U0001f44d\u2705]*"
)
# A bare "ok", "will do", "sounds good": the customer agrees to what we asked, nothing more.
_AGREED = re.compile(
    r"(?:(?:ok(?:ay)?|k|sure|cool|great|perfect|alright|all right|sounds good|will do|got it"
    r"|noted|understood|fair enough|no worries|no problem|roger|gotcha|brilliant|lovely)"
    r"(?:[\s,.!]+|$)(?:(?:then|thanks|thank you|thx|ty|cheers|man|mate|guys|will do|i will"
    r"|cool|great|sure)(?:[\s,.!]+|$))*)+",
)
# "I did", "yes, done", "already sent it": the customer did what we asked (sent the message).
_DID_IT = re.compile(
    r"(?:yes|yeah|yep|yup)?[\s,.!]*(?:i (?:already |just )?(?:did|have)(?: (?:it|that|so|now))?"
    r"|(?:i |i'?ve |i have )?(?:already |just )?(?:sent|done|did) (?:it|that|them|this)"
    r"|(?:already|all) (?:done|sent)|done it)(?:[\s,.!]+(?:man|mate|thanks|thank you|thx|ty"
    r"|cheers|guys|now))*[\s,.!]*",
)
# "I just did.. hope to get a resolution soon": done, in a sentence of its own, then more.
_DID_IT_FIRST = re.compile(
    r"(?:i (?:already |just )?(?:did|have)(?: (?:it|that|so|now))?"
    r"|(?:i |i'?ve |i have )?(?:already |just )?(?:sent|done|did) (?:it|that|them|this)"
    r"|(?:already|all) (?:done|sent)|done it) ?[.!]"
)
_THANKS = re.compile(r"(?<!\w)(?:thanks|thank you|thx|ty|cheers|appreciate it|great, thanks)(?!\w)")
# A grievance beside a thanks: what went wrong, or a plea, rather than a close. Plain negations
# are left out: grateful customers say "not even your flight, thank you so much".
_GRIEVANCE = re.compile(
    r"(?<!\w)(?:crash\w*|error|fail\w*|broken|worst|terrible|awful|horrible|useless|ridiculous"
    r"|unacceptable|disappoint\w*|frustrat\w*|annoy\w*|outage|excuses?|wrong|stuck|missing"
    r"|fought|suck\w*|please help|help me|nothing (?:loads|works|happen\w*)"
    r"|(?:won'?t|wont|will not|didn'?t|did not|haven'?t|have not|not|never) (?:give|receive\w*"
    r"|get|got|heard?|help\w*|work\w*|load\w*)"
    # "Thanks. I paid extra for a window seat and got the middle one": no close.
    rf"|{PAID_NOT_GIVEN})(?!\w)"
)
# "Thank you but …", "thanks for the reply, however …": what follows the thanks is the point.
_BUT_AFTER = re.compile(r"(?<!\w)(?:but|however)(?! (?:thanks?|thank you|ty)(?!\w))(?!\w)")


def _resolved(lowered: str) -> bool:
    # Any mention of it working with nothing wrong said after it: the customer's last word on
    # the problem ("got it to work, but I'm on macOS … anyway, it's working now") decides.
    return any(
        not _STILL_WRONG.search(lowered[resolved.end() :])
        and not _WISH.search(lowered[max(0, resolved.start() - 30) : resolved.start()])
        for pattern in (_RESOLVED, _IN_HAND)
        for resolved in pattern.finditer(lowered)
    )


def demands_fix(text: str) -> bool:
    """Whether ``text`` demands sharply that the fault be fixed ("it needs fixing. For good.
    Now."): a sorry, never a thanks, however neutral its words read."""
    return _DEMAND.search(text.replace("\u2019", "'").lower()) is not None


def says_resolved(text: str) -> bool:
    """Whether ``text`` says the customer's problem is sorted now ("it's fixed", "all sorted
    now", "my problem has been resolved"), with nothing still wrong said after it."""
    return _resolved(text.replace("\u2019", "'").lower())


def follow_up_kind(text: str, asked_dm: bool = False) -> str:
    """How ``text`` answers the brand: "resolved" (it works now), "unresolved", "sent"
    (details sent privately), "thanks", "agreed" (a bare "ok", "will do") or "info" (more about
    the problem). ``asked_dm``: our reply asked for a private message, so a bare "I did" sent it."""
    # Lowercased: the patterns here are written in lower case, and a case-blind search costs
    # twice as much.
    text = text.replace("\u2019", "'").lower()
    said = _ADDRESSED.sub("", text).strip()
    if asked_dm and (_DID_IT.fullmatch(said) or _DID_IT_FIRST.match(said)):
        return "sent"
    if said and _AGREED.fullmatch(said) and (asked_dm or _THANKS.search(said) is None):
        return "agreed"  # "ok thanks" to anything but a request for a DM is a close
    if _resolved(text):
        return "resolved"
    if _UNRESOLVED.search(_WARM_AGAIN.sub(" ", text)):
        return "unresolved"
    if _SENT.search(text) or _DONE.fullmatch(said):
        return "sent"
    thanks = _THANKS.search(text)
    # A thanks with a question after it ("thank you, will it be on general sale?") asks more,
    # and one beside a grievance ("thank you but they still won't …", a list of what went
    # wrong signed "thanks") closes nothing: only a pure close is answered as one.
    if (
        thanks is not None
        and "?" not in text[thanks.end() :]
        and _GRIEVANCE.search(text) is None
        and _BUT_AFTER.search(text, thanks.end()) is None
    ):
        return "thanks"
    return "info"


# The brand asked whether the customer tried or has something ("Have you updated to 4.1?").
_TRY_QUESTION = re.compile(
    r"(?<!\w)(?:have|had|did|could|can|do) (?:you|u) (?:\w+ ){0,2}?(?:tried|try|updated?|updating"
    r"|restart\w*|reboot\w*|reset\w*|reinstall\w*|install\w*|checked?|cleared?|turn\w* (?:it )?off"
    r"|log\w* (?:out|in)|sign\w* (?:out|in)|removed?|re-?added?|signed)(?!\w)"
)
_NO = re.compile(r"^(?:no+|nope|nah|not yet|i haven'?t|haven'?t|i didn'?t|didn'?t|negative)(?!\w)")
_YES = re.compile(
    r"^(?:yes|yeah|yep|yup|i have|i did|did that|done|already|tried (?:that|it|everything|all)"
    r"|of course|sure did)(?!\w)"
)
# Steps the customer says they already took ("tried resetting", "restarted my phone").
_TRIED = re.compile(
    r"(?<!\w)(?:tried|already (?:did|done|have)|restarted|rebooted|reset|reinstalled|updated"
    r"|cleared|logged out|signed out|turned (?:it )?off"
    r"|followed (?:the|this|your|that|a) (?:doc|docs|documentation|guide|tutorial|steps"
    r"|instructions))(?!\w)"
)
_ADDRESSED = re.compile(r"^\s*(?:\.?@\w+[\s,:]*)+")
_DM_ASK = re.compile(
    r"(?<!\w)(?:dms?|direct message|private message|pm|inbox)(?!\w)|https?://t\.co/\S+\s*$",
    re.IGNORECASE,
)
# Words of the problem, or of troubleshooting it, in the brand's earlier reply ("captions
# should stay on", "which iOS version?", "any steps tried?"): the brand knows what is wrong,
# so the reply does not ask again.
_PROBLEM_KNOWN = re.compile(
    r"(?<!\w)(?:issue|problem|trouble|error|happening|happens|crash\w*|freez\w*|stay on|working"
    r"|not (?:loading|playing|connecting)|outage|delay\w*|fault|symptoms?|started|devices?"
    r"|versions?|operating system|ios|android|model|steps|tried|updated?|restart\w*|reset\w*"
    r"|3g|4g|wi-?fi)(?!\w)",
    re.IGNORECASE,
)
# The customer says the brand did not do what it said it would ("you haven't reached out").
_CHASED = re.compile(
    r"(?<!\w)(?:(?:you|u|they|nobody|no one|no-one) (?:still )?(?:haven'?t|have not|hasn'?t|never"
    r"|didn'?t|did not) (?:\W?\w+ ){0,2}?\W?(?:reached out|replied|responded|got back|gotten back"
    r"|contacted|called|followed up|messaged|answered)|still (?:no|waiting for (?:a|your))"
    r" (?:reply|response|call|message|dm)"
    r"|(?:no|nobody|no one) (?:has )?(?:reached out|followed up))(?!\w)",
    re.IGNORECASE,
)


def bare_done(text: str) -> bool:
    """Whether ``text`` only says the customer did what we asked ("I did", "already sent it")."""
    said = _ADDRESSED.sub("", text.replace("\u2019", "'").lower()).strip()
    return _DID_IT.fullmatch(said) is not None


# The brand asks leave to act on the customer's account or equipment ("is it alright if I send
# a refresh to your equipment?", "would you like us to reset it?").
_PERMISSION_QUESTION = re.compile(
    r"(?<!\w)(?:is it (?:alright|all right|ok(?:ay)?|fine) (?:if|for) (?:i|we|me|us)"
    r"|(?:may|can|could|shall) (?:i|we) (?:\w+ ){0,2}?(?:send|refresh|reset|reboot|restart|run"
    r"|resend|re-send|push|remote|access|reprovision|re-provision)"
    r"|would you like (?:me|us) to|do (?:i|we) have your (?:permission|ok|okay))(?!\w)"
)
# A short yes to that: "you may", "yes please", "go ahead".
_PERMIT = re.compile(
    r"(?:you may|yes|yeah|yep|yup|sure|ok(?:ay)?|go ahead|please do|please go ahead|do it"
    r"|go for it|of course|absolutely|by all means|that'?s fine|fine|alright|all right)"
    r"(?:[\s,.!]+(?:please|thanks|thank you|thx|go ahead|do it|you may))*[\s,.!]*"
)
# The customer will take the step now ("so ima go ahead and do that", "I'll try that now").
_WILL_TRY = re.compile(
    r"(?<!\w)(?<!n't )(?<!not )(?:i'?ll|i will|ima|i'?m gonna|i am going to|i'?m going to|let me)"
    r" (?:go ahead and )?"
    r"(?:do|try|install|update|download|restart|reboot|reset|give) (?:that|it|this|now|them"
    r"|it a (?:go|try)|that a (?:go|try))(?!\w)"
)


# A yes to our suggestion with a word on reporting back ("Yes I can. I will update you!", "sure,
# will let you know"): the step is still to take, not taken.
_WILL_LATER = re.compile(
    r"(?<!\w)(?:(?:i|we) (?:can|will|could)(?= *[.!,]| *$)|(?:(?:i|we)'?ll|(?:i|we) will|will)"
    r" (?:update (?:you|u)|let (?:you|u) know|keep (?:you|u) (?:posted|updated)"
    r"|get back to (?:you|u)|report back))(?!\w)"
)
# Words that tell the step was taken already ("yes I did", "done that").
_TAKEN = re.compile(r"(?<!\w)(?:did|done|have|had|was|were)(?!\w)")


def answer_to(parent: str, text: str) -> str | None:
    """How ``text`` answers the brand in ``parent``: "permitted" (yes to our asking leave to
    act), "will try" (the customer takes the step now), "not tried" (no to "have you tried
    …?"), "tried" (yes, done), or None when it answers no such thing."""
    asked = parent.replace("\u2019", "'").lower()
    said = _ADDRESSED.sub("", text.replace("\u2019", "'")).strip().lower()
    if _PERMISSION_QUESTION.search(asked) and _PERMIT.fullmatch(said):
        return "permitted"
    if (
        "?" not in said
        and _GRIEVANCE.search(said) is None
        and (
            _WILL_TRY.search(said)
            or (
                "?" in asked
                and _WILL_LATER.search(said)
                and _TAKEN.search(said) is None
                and _TRIED.search(said) is None
            )
        )
    ):
        return "will try"
    if _TRY_QUESTION.search(asked) is None:
        return None
    if _NO.match(said):
        return "not tried"
    if _YES.match(said) or _TRIED.search(said):
        return "tried"
    return None


# The brand asked where it happened: which store, branch or restaurant, or whether it was
# bought in a store at all ("was this purchased in store or home delivered?").
_PLACE_QUESTION = re.compile(
    r"(?<!\w)(?:(?:which|what) (?:\w+ )?(?:store|shop|branch|location|restaurant|station"
    r"|airport)|where (?:did|do|was|were) (?:you|u|this|these|it|they) (?:\w+ ){0,2}?"
    r"(?:buy|bought|purchas\w*|get|got)|in[- ]?store or"
    r"|or (?:in[- ]?store|in (?:a|the|one of our) (?:store|shop)))(?!\w)"
)
# A place in the answer: a store's own words, a street, or a capitalised name after "in", "at",
# "on" or "from" ("the one on Harbour Road", "in the Dunmore store", "Mill lane, Leeds").
_PLACE_WORDS = re.compile(
    r"(?<!\w)(?:store|shop|branch|superstore|outlet|restaurant|rd|road|st|street|ave|avenue"
    r"|lane|ln|way|retail park|shopping (?:centre|center)|mall)(?!\w)"
)
_NAMED_PLACE = re.compile(r"(?<!\w)(?:in|at|on|from) (?:the )?[A-Z][a-z]+")
# An answer of where is short: a long one tells more than the place.
_PLACE_ANSWER_WORDS = 20


def place_answer(parent: str, text: str) -> bool:
    """Whether ``text`` answers the brand's question in ``parent`` of where it happened (which
    store, branch or restaurant) with the place, and asks nothing."""
    if "?" not in parent or _PLACE_QUESTION.search(parent.replace("\u2019", "'").lower()) is None:
        return False
    said = _ADDRESSED.sub("", MENTIONS.sub(" ", text)).strip()
    return (
        "?" not in said
        and len(said.split()) <= _PLACE_ANSWER_WORDS
        and (_PLACE_WORDS.search(said.lower()) is not None or _NAMED_PLACE.search(said) is not None)
    )


def tried_steps(text: str) -> bool:
    """Whether ``text`` tells steps the customer already took ("restarted my phone")."""
    return _TRIED.search(text.replace("\u2019", "'").lower()) is not None


def addressed(text: str) -> bool:
    """Whether a comment opens by naming someone (``@handle``): a reply to one person, not a
    post to everyone such as a campaign prompt or a service update."""
    return _ADDRESSED.match(text) is not None


def asks_for_dm(text: str) -> bool:
    """Whether the brand's earlier reply already asked for a private message."""
    return _DM_ASK.search(text) is not None


def names_problem(text: str) -> bool:
    """Whether the brand's earlier reply speaks of the problem itself."""
    return _PROBLEM_KNOWN.search(text) is not None


# A turn about a problem: an apology or a fault named (ours), or a grievance (a customer's).
# Help merely offered ("let us know if we can be of assistance") is no problem.
_TROUBLE_TURN = re.compile(
    r"(?<!\w)(?:sorry|apologi[sz]\w*|inconvenience|frustrat\w*|damage\w*|issues?|problems?"
    r"|trouble\w*|outage|fault\w*|investigat\w*|delay\w*|cancell?ed|broken"
    r"|hung up|hang up|on hold|(?:was|were)(?:n'?t| not) (?:any )?help\w*|no help)(?!\w)",
    re.IGNORECASE,
)


def speaks_of_trouble(turn: Turn) -> bool:
    """Whether a turn of the thread is about a problem: the brand's reply apologises or names
    one, or a customer's tweet complains. An answer under it is no occasion for "Love that!"."""
    text = turn.text.replace("\u2019", "'")
    if _TROUBLE_TURN.search(text) is not None:
        return True
    return not turn.own and _GRIEVANCE.search(text.lower()) is not None


def chased(text: str) -> bool:
    """Whether ``text`` says the brand did not get back as it said it would."""
    return (
        _CHASED.search(text.replace("\u2019", "'").replace("\u201c", "").replace("\u201d", ""))
        is not None
    )


def said_before(comment: Comment, parent: Turn | None) -> tuple[str, ...]:
    """What the commenting customer wrote earlier in the thread, oldest first: the turns
    above the one answered, and that one too where it is their own tweet."""
    if parent is None:
        return ()
    own_tweet = not parent.own and parent.author.lower() == comment.author.lower()
    return (*parent.earlier, parent.text) if own_tweet else parent.earlier


# How many turns above the one answered are read for what the customer told already.
_TURNS_UP = 6


class ThreadMemory:
    """The last comments seen, by key, so a reply can read the comment it answers; bounded."""

    def __init__(self, size: int = 50_000) -> None:
        self._turns: OrderedDict[str, Turn] = OrderedDict()
        # The key of the comment each remembered one answers, to walk up a thread.
        self._above: dict[str, str] = {}
        self._size = size

    def add(self, comment: Comment, own: bool, language: str | None = None) -> None:
        self._turns[comment.key] = Turn(comment.author, comment.text, own, language=language)
        if comment.parent_id:
            self._above[comment.key] = f"{comment.platform}:{comment.parent_id}"
        if len(self._turns) > self._size:
            gone, _ = self._turns.popitem(last=False)
            self._above.pop(gone, None)

    def parent(self, comment: Comment) -> Turn | None:
        """The turn ``comment`` answers, with what its author wrote above that turn."""
        if not comment.parent_id:
            return None
        key = f"{comment.platform}:{comment.parent_id}"
        turn = self._turns.get(key)
        if turn is None:
            return None
        earlier = self._said_above(key, comment.author)
        return replace(turn, earlier=earlier) if earlier else turn

    def _said_above(self, key: str, author: str) -> tuple[str, ...]:
        """What ``author`` (a customer) wrote in the turns above the one at ``key``, oldest
        first; a few turns up at most, as a thread on X is read."""
        said: list[str] = []
        seen = {key}
        above = self._above.get(key)
        while above is not None and above not in seen and len(seen) <= _TURNS_UP:
            seen.add(above)
            turn = self._turns.get(above)
            if turn is None:
                break
            if not turn.own and turn.author.lower() == author.lower():
                said.append(turn.text)
            above = self._above.get(above)
        return tuple(reversed(said))


MENTIONS = re.compile(r"(?:^|\s)@\w+")
# The thread already has a case open in private messages (a named agent, "in my DMs").
DM_CASE = re.compile(
    r"(?<!\w)(?:(?i:(?:in|via|over|through|on|check(?:ing)?) (?:my|your|the|our|ur)"
    r" (?:dms?|direct messages?|inbox|pms?)|replied (?:to )?(?:your|my) dm"
    r"|(?:i|i'?ve|i have|just|already) (?:sent|dm'?e?d) (?:you|u|y'?all)(?: guys| all)?"
    r" (?:a |an )?(?:dm|direct message|message|pm)"
    # "I've sent a DM about a charge": a DM sent, with no "you" said.
    r"|(?:i['\u2019]?ve|i have|i just|i already|i) (?:just |already )?sent (?:a |an )?(?:dm|direct"
    r" message|pm)"
    # "DM'd you an hour ago", "sent you a DM": said plainly, with no "I" before it.
    r"|dm'?e?d (?:you|u|y'?all)|sent (?:you|u|y'?all) (?:a |an )?(?:dm|direct message|pm)"
    r"|we(?:'ve| have)? (?:replied|responded) (?:to you )?in dms?)"
    r"|(?i:talking|speaking|chatting) (?i:to|with) [A-Z][a-z]+"
    r"|[A-Z][a-z]+ (?i:in|from) (?i:dms?|your team))(?!\w)"
)
# The brand's earlier reply says a private conversation is under way ("I've sent you a DM",
# "we have received your DM and will follow up there").
_DM_OPEN = re.compile(
    r"(?<!\w)(?:(?:sent|send|sending) (?:you|u) (?:a |an )?(?:dm|direct message|private message"
    r"|message)|(?:received|got|have|seen|see|saw) your (?:dm|direct message|private message)"
    r"|(?:follow(?:ing)? up|respond(?:ing)?|repl(?:y|ying)|continue) (?:with you )?"
    r"(?:there|in (?:the |your )?dms?))(?!\w)",
    re.IGNORECASE,
)
LEADING_TAGS = re.compile(r"^\s*(?:\.?@\w+[\s,:]*){4,}")
_LINK = re.compile(r"https?://", re.IGNORECASE)


def reply_chain_only(comment: Comment) -> bool:
    """Whether a reply's many tags are all the handles it opens with (the thread's reply chain
    on X), with no link: no mention bomb."""
    opening = LEADING_TAGS.match(comment.text)
    if comment.parent_id is None or opening is None:
        return False
    rest = comment.text[opening.end() :]
    return "@" not in rest and _LINK.search(rest) is None


# A short notice with no link: room for "done, check your DMs", never for a lure.
_SENT_NOTICE_WORDS = 12
# What a spammer's "check your DMs" dangles: a prize, money, a follow.
_LURE = re.compile(
    r"(?<!\w)(?:win\w*|won|prizes?|free|giveaways?|gift|cash|money|earn\w*|crypto|bitcoin|invest\w*"
    r"|promo\w*|deals?|offers?|follow (?:me|back)|collab\w*|dollars|\$\d)(?!\w)",
    re.IGNORECASE,
)


def says_sent(text: str) -> bool:
    """Whether ``text`` only tells the brand the customer sent a private message ("done,
    check your DMs", "just DM'd you")."""
    said = MENTIONS.sub(" ", text)
    return (
        _LINK.search(said) is None
        and _LURE.search(said) is None
        and len(said.split()) <= _SENT_NOTICE_WORDS
        and follow_up_kind(said) == "sent"
    )


def ongoing_dm(text: str, parent: Turn | None) -> bool:
    """Whether the comment or the brand's earlier reply shows a case open in private messages."""
    if DM_CASE.search(text):
        return True
    return (
        parent is not None
        and parent.own
        and (DM_CASE.search(parent.text) is not None or _DM_OPEN.search(parent.text) is not None)
    )


_FIRST_MENTION = re.compile(r"^\s*\.?@(\w+)")
# A comment that opens by tagging someone, after a greeting at most ("Hi @brand. I pay for…").
_OPENS_WITH_TAG = re.compile(r"^\s*(?:(?:hi|hey|hello|dear|yo|ok(?:ay)?)[\s,]+)?\.?@\w+", re.I)
NOT_WORDS = re.compile(r"(?:@|#)\w+|https?://\S+")


def to_the_brand(text: str) -> bool:
    """Whether ``text`` opens by tagging someone and says something (three words or more)."""
    return _OPENS_WITH_TAG.match(text) is not None and len(NOT_WORDS.sub(" ", text).split()) >= 3


def bystander(comment: Comment, parent: Turn | None, brand: BrandProfile) -> bool:
    """Whether ``comment`` is someone's remark to another customer in that customer's thread:
    it answers a customer's tweet by someone else, and opens by naming a person, not the brand
    ("@dana @brand welcome to Denver!")."""
    if parent is None or parent.own or parent.author == comment.author:
        return False
    first = _FIRST_MENTION.match(comment.text)
    return first is not None and first.group(1).lower() not in brand.own_handles


def quoted(turn: Turn) -> str:
    """``turn``'s words in quotation marks on one line, cut to 120 characters."""
    text = " ".join(turn.text.split())
    return f"\u201c{text[:117] + '…' if len(text) > 120 else text}\u201d"
