"""Things said rather than asked: a question that cheers, a check for an outage, an opinion."""

from __future__ import annotations

import functools
import re

from bot.text.whole_words import whole_words

__all__ = ["find_opinion", "outage_gripe", "outage_question", "rhetorical_question"]


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(whole_words(*patterns))


_GOOD = (
    r"(?:good|great|amazing|awesome|cute|tasty|delicious|yummy|lovely|beautiful|gorgeous|nice"
    r"|fun|incredible|perfect|fab|fabulous|brilliant|epic|cool|comfy|comfortable|pretty"
    r"|stunning|adorable|satisfying|addictive|fire|dope|smooth|fresh)"
)
# A question that answers itself with cheer ("how good is this?!", "who else is loving the
# new menu?", "is there anything better than a Friday pizza?"): chat, not a request.
_RHETORICAL = _words(
    # "How good is this?!", "how cute are these": an exclamation put as a question.
    rf"how {_GOOD} (?:is|are|was|were|does|do) (?:this|these|that|those|it|they)",
    rf"how {_GOOD} (?:is|are|was|were) (?:the|your|my|our) (?:\w+ ){{0,3}}?\w+ ?\?!",
    rf"how {_GOOD} (?:is|are|was|were) (?:the|your|my|our) \w[^?\n]*"
    r"(?:[\U0001f600-\U0001f64f\U0001f90c-\U0001f9ff\u2764\u263a\u2728]|!)",
    # "Who else is loving …", "who else stayed up binging …": a cheer for company.
    r"who else (?:\w+ ){0,2}?(?:lov\w*|obsessed|excited|hyped|addicted|enjoy\w*|bing\w*"
    r"|stayed up|staying up|counting down|celebrat\w*|treat\w*|craving|here for|can'?t wait"
    r"|can'?t get enough|can'?t stop|is ready|ready for|grabbed|tried the new|watch\w*"
    r"|listen\w*|playing|jamming|vibing)",
    r"(?:is|was) (?:there )?anything (?:better|more \w+) than",
    r"what'?s (?:better|more \w+) than",
    r"(?:does|can|could) (?:it|life|this|today|friday|the weekend) (?:\w+ )?get (?:any )?better",
    r"who (?:doesn'?t|does not|wouldn'?t|would not) (?:love|like|want|need|enjoy)",
    r"(?:am i|i'?m) the only one (?:who'?s?|that'?s?) (?:\w+ ){0,2}?(?:lov\w*|obsessed|addicted"
    r"|hooked|excited)",
    r"is it (?:just )?me or (?:is|are|was|were) (?:\w+ ){1,4}?(?:the best|so good|amazing"
    r"|incredible|perfect|better than ever)",
    rf"why (?:is|are) (?:\w+ ){{1,4}}?so {_GOOD}",
    rf"how (?:are|do) (?:you|u|y'?all|you guys) (?:\w+ )?(?:so {_GOOD}|this {_GOOD}|do it)",
    r"(?:need i|do i need to) say more",
    r"what more could (?:you|i|anyone) (?:want|ask for)",
    rf"(?:isn'?t|aren'?t) (?:this|these|that|it|they) (?:just )?(?:the best|so {_GOOD}|{_GOOD})",
    r"(?:have you|did you|has anyone|anyone) (?:tried|seen|had) (?:the|your|this) new \w+"
    r"(?: \w+)? yet\?!",
    # "Best part of my Halloween? Free drinks on board": a question the comment answers itself.
    r"(?:^|(?<=[.!] ))(?:\.?@\w+ )*(?:the )?(?:(?:best|favou?rite|greatest) (?:part|thing|bit"
    r"|moment)|highlight) (?:of|about) (?:\w+ ){0,3}?\w+\?(?= *[^\s?])",
    r"(?:guess|you know) what(?:'?s (?:better|best|great|awesome))?\?",
    # "Can I just say that was the best service I've had!": praise, asked leave for.
    r"(?:can|may|could) (?:i|we) just say",
    r"can we (?:just )?talk about how (?:\w+ )?" + _GOOD,
)
# "When you board and they give you a whole row ❤️": a moment of delight, told as a meme.
_MOMENT = re.compile(
    r"^(?:(?:\.?@\w+ )*)(?:that (?:feeling|moment) )?when (?:you|they|the|your|u) \w[^?]*"
    r"(?:[\U0001f600-\U0001f64f\U0001f90c-\U0001f9ff\u2764\u263a\u2728\U0001f389\U0001f64c]|!)"
)
# Words of trouble: a question with these in it is a real one ("who else can't log in?").
_TROUBLE_WORDS = _words(
    r"not|no|never|can'?t(?! wait| get enough| stop)|cannot|won'?t|doesn'?t|isn'?t|aren'?t"
    r"|didn'?t|down|broken|crash\w*|error\w*|issues?|problems?|trouble|outage|charged|refund\w*"
    r"|late|missing|wrong|stuck|slow|worse|worst|terrible|awful|bad|still|again|wait\w*"
    r"|hours?|delay\w*|queue\w*|cold|rude|nothing|nobody|no one|lost|cancel\w*|refund\w*",
)


@functools.lru_cache(maxsize=1024)
def rhetorical_question(text: str) -> str | None:
    """The words of a question that asks nothing but shares delight ("how good is this?!",
    "who else is loving the new menu?"), or None (also None when trouble is spoken of)."""
    lowered = text.replace("\u2019", "'").lower()
    if "?" not in lowered and "who else" not in lowered and "just say" not in lowered:
        moment = _MOMENT.match(lowered)
        if moment is None or _TROUBLE_WORDS.search(lowered):
            return None
        return " ".join(moment.group(0).split()[:6])
    match = _RHETORICAL.search(lowered)
    if match is None or _TROUBLE_WORDS.search(_RHETORICAL.sub(" ", lowered)):
        return None
    return match.group(0)


# "Is it down?", "is the app down for anyone else?", "anyone else having trouble with the
# site?": a check whether a service is out, which a status update answers.
_OUTAGE_ASK = _words(
    r"(?:is|are|r) (?:it|the \w+|your \w+|(?:the |your )?\w+ (?:app|site|website|service"
    r"|servers?|network|system|platform)|(?:the |your )?servers?|you(?: guys)?|u|\w+)"
    r"(?: (?:still|completely|totally|currently|also|just|all))? (?:down|offline"
    r"|having (?:an? )?(?:outage|issues|problems|trouble)|not working|playing up)"
    r"(?: (?:again|right now|now|today|at the moment|atm|for (?:anyone|anybody|everyone"
    r"|everybody|me)(?: else)?|(?:in|near|around) \w+(?: \w+)?))*\s*(?:\?|$|,? or (?:is it )?"
    r"(?:just )?me)",
    r"(?:down|offline|not working|playing up|acting up) for (?:anyone|anybody|everyone"
    r"|everybody|others)(?: else)?",
    r"(?:anyone|anybody|everyone|everybody|someone) else (?:\w+ )?(?:having|getting|seeing"
    r"|experiencing|facing|noticing|with) (?:\w+ ){0,2}?(?:issues?|problems?|trouble|errors?"
    r"|outages?|an outage|the same)",
    r"(?:is|are) there (?:an? |any )?(?:known )?(?:\w+ )?(?:outages?|service (?:issues|problems)"
    r"|problems? with (?:the |your )?(?:app|site|website|service|servers?|network))",
    r"(?:any )?(?:known )?outages? (?:in|near|around|at|right now|today|currently)",
    r"(?:site|website|app|servers?|network|service) down\s*\?",
    r"report (?:an |the |a )?(?:\w+ )?outage",
    r"when (?:\w+ ){0,3}?(?:the |this )?outage",
    r"outage (?:\w+ ){0,4}?(?:resolved|fixed|over|sorted|end|back up)",
)
_ASKED = _words(
    r"(?:anyone|anybody|everyone|everybody|someone) else",
    r"just me",
    r"(?:tell|let) (?:me|us) (?:know )?(?:if|whether)",
    r"(?:wondering|wonder) (?:if|whether)",
    r"^(?:\.?@\w+ )*(?:is|are|r) ",
    r"curious|when (?:will|is|does)",
)
# The same check in Spanish, German and French ("¿está caída la red?", "gibt es eine
# Störung?", "le réseau est en panne ?"): its reply is written in the comment's language.
_OUTAGE_ABROAD = re.compile(
    r"(?<!\w)(?:(?:est[aá]|est[aá]n|se ha|se han) ca[ií]d[oa]s?|ca[ií]da (?:de|del|en)"
    r"|(?:hay|tienen) (?:una )?(?:ca[ií]da|aver[ií]a|incidencia)|sin (?:servicio|internet|se[nñ]al)"
    r"|st[öo]rung|ausgefallen|kein (?:internet|netz|empfang)|(?:ist|sind) (?:\w+ )?down"
    r"|en panne|coupure|pas d'internet|pas de r[ée]seau|hors service)(?!\w)"
)
_OUTAGE_WORDS = ("down", "else", "outage", "working", "offline", "playing up", "having")
# Words of a question about the customer's own order or account, which is no outage check.
_OWN_CASE = _words(
    r"my (?:order|bill|refund|booking|parcel|package|delivery|card|payment)",
    r"charged|refund\w*|cancel\w*|ordered|(?:placed|made|an) order",
    r"[£$€]\d+",
)


@functools.lru_cache(maxsize=1024)
def outage_question(text: str) -> str | None:
    """The words of a question whether the service is down (for everyone), or None."""
    lowered = text.replace("\u2019", "'").lower()
    if "?" in lowered and (abroad := _OUTAGE_ABROAD.search(lowered)) is not None:
        return abroad.group(0)
    if not any(word in lowered for word in _OUTAGE_WORDS):
        return None  # most comments: no search
    # Asked: a question mark, "anyone else", "or is it just me", "tell me if there's …".
    if "?" not in lowered and _ASKED.search(lowered) is None:
        return None
    match = _OUTAGE_ASK.search(lowered)
    if match is None or _OWN_CASE.search(lowered):
        return None
    return match.group(0)


# The service said to be down, off or out, in the customer's words.
_STILL = (
    r" (?:(?:is|are|was|were|has|have|been|went|goes|going|gone|keeps?|still|completely|totally"
    r"|always|all|again|just|now|back|being) ){0,3}"
)
# A service is down, out or dead; a phone or a line only down or out ("my phone is dead" is a
# device fault); "it" or a bare verb only down or offline ("I was out when…", "it's out again!"
# of an album are no outage).
_DOWN = _words(
    r"(?:internet|wi-?fi|service|network|signal|app|site|website|tv|cable|broadband|connection"
    r"|servers?|streaming|data)" + _STILL + r"(?:down|out|offline|off ?line|dead)",
    r"(?:phones?|lines?)" + _STILL + r"(?:down|out|offline|off ?line)",
    r"(?:it|it'?s|is|are|was|were|went|been|goes|gone)" + _STILL + r"(?:down|offline|off ?line)",
    r"(?:down|offline) again",
    r"outages?",
    r"no (?:service|signal|internet|wi-?fi|connection|network|reception|tv|cable)",
)
# "Down" and "out" that are no outage: "let me down", "out for delivery", "sold out".
_NOT_DOWN = _words(
    r"(?:let|turn|turns|turned|turning|put|puts|shot|shoot|shut|calm|slow|count|counting|back"
    r"|step|write|wrote|written|broke|break|track|tracked|hand|handed|water|watered|dumb|dumbed"
    r"|narrow|narrowed) (?:(?:me|us|them|you|her|him|it|this|things|everything) )?down",
    r"out (?:for|of) (?:delivery|stock|date|town|the country|office)",
    r"(?:checked|logged|signed|timed|found|sold|ran|run|running|back"
    r"|try|tried|trying|figured|sort|sorted|sorting|find|work|works|worked|pointed|point|reach"
    r"|reached|reaching|log|sign|check|sell|sells|selling) out",
)
# What makes it a grievance rather than a check: it happens again, or the words are a jibe
# ("great, down again", "love paying for nothing", "really worth the money huh?").
_JIBE = _words(
    r"again",
    r"(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)?|another|umpteenth|nth) (?:time|outage|day)",
    r"as usual|every (?:single )?(?:day|week|night|time|month)|(?:all|every) the time",
    r"love (?:paying|it|this|that)",
    r"paying (?:for|full price for) (?:nothing|this|no service)",
    r"(?:worth|value for) (?:the|my|your|our) money",
    r"thanks? (?:for|4) nothing",
    r"(?:great|nice|fantastic|brilliant|awesome|stellar|excellent|amazing|top) (?:job|work|one"
    r"|service)",
    r"^(?:\.?@\w+ )*(?:great|wow|cool|fantastic|brilliant|awesome|perfect|lovely|nice|oh good)\W",
    r"huh|smh|seriously|ridiculous|joke|#\w*fail\w*|unbelievable|pathetic",
)


@functools.lru_cache(maxsize=1024)
def outage_gripe(text: str) -> str | None:
    """The words of an angry or sarcastic complaint that the service is down ("great, down
    AGAIN, love paying for nothing?"), or None: a grievance to apologise for, not a question
    whether there is an outage, however it ends."""
    lowered = _NOT_DOWN.sub(" ", text.replace("\u2019", "'").lower())
    down = _DOWN.search(lowered)
    if down is None:
        return None
    jibe = _JIBE.search(lowered)
    if jibe is None:
        return None
    return down.group(0)


# An opinion on a change or a matter of taste ("not a fan of the new layout", "I think the
# new logo is worse", "the old recipe was better imo"): feedback for the team, not a fault.
_VERDICT = (
    r"(?:worse|better|ugly|uglier|boring|bland|dull|cheap|cheaper|dated|weird|odd|strange"
    r"|awful|terrible|horrible|bad|meh|confusing|cluttered|busy|childish|tacky|garish|ugh"
    r"|soulless|generic|a downgrade|a step back(?:wards)?|not as good|not great|too \w+"
    r"|(?:not|never) (?:as )?(?:nice|good))"
)
_CHANGED = (
    r"(?:new|old|latest|recent|original|previous|updated|current|redesigned)? ?(?:\w+ )?"
    r"(?:logo|layout|design|redesign|look|interface|ui|menu|recipe|packaging|font|colou?rs?"
    r"|branding|rebrand|theme|icon|website|homepage|app|format|style|uniforms?|ads?|advert"
    r"|campaign|jingle|mascot|flavou?r|taste|size|shape|seats?|cups?|bottle|box|name|ending"
    r"|season|episode|update|version|feature|formula|direction)"
)
_OPINION = _words(
    r"not (?:really |much |that much |exactly )?(?:of )?(?:a |the )?(?:big |huge |massive )?"
    r"fan of",
    r"(?:i )?(?:don'?t|do not|didn'?t|did not) (?:really |much |particularly )?(?:like|love"
    r"|care for|rate|dig) (?:the|this|your|that) " + _CHANGED,
    r"(?:i )?(?:think|feel|reckon|find|found|thought) (?:that )?(?:the|your|this|that) "
    + _CHANGED
    + r" (?:\w+ ){0,2}?(?:is|are|was|were|looks?|feels?|tastes?|seems?|looked|felt|tasted)"
    r" (?:\w+ )?" + _VERDICT,
    r"(?:the|your|this|that) (?:new|old|latest|recent|original|previous|redesigned) (?:\w+ )?"
    r"(?:logo|layout|design|look|interface|ui|menu|recipe|packaging|font|colou?rs?|branding"
    r"|theme|icon|homepage|format|style|uniforms?|mascot|flavou?r|seats?|cups?|bottle|formula)"
    r" (?:is|are|was|were|looks?|feels?|tastes?|seems?) (?:\w+ ){0,2}?" + _VERDICT,
    r"(?:old|original|previous|last) (?:\w+ ){0,2}?(?:was|were|is|looked|tasted|felt) (?:\w+ )?"
    r"(?:better|nicer|cooler|tastier)",
    r"(?:preferred|prefer) the (?:old|original|previous|last)",
    r"imo|imho|in my (?:humble )?opinion|unpopular opinion|hot take|just my (?:opinion|two cents)"
    r"|my two cents|personally,? i (?:think|feel|prefer|don'?t)",
)
# Words of a fault, which make an opinion a problem to help with as well.
_FAULTY = _words(
    r"(?:won'?t|can'?t|cannot|doesn'?t|isn'?t|not) (?:work\w*|load\w*|open\w*|connect\w*"
    r"|log ?in|sign ?in|play\w*|find|see|use)",
    r"crash\w*|frozen|freez\w*|error\w*|broken|bug\w*|glitch\w*",
    r"charged|refund\w*|outage|down|order(?:ed)?|deliver\w*|arrived|missing|late|delay\w*",
    r"help|please fix|how do i|where is|where'?s",
    r"(?:customer )?service|support|staff|wait\w*|queues?|on hold",
)


@functools.lru_cache(maxsize=1024)
def find_opinion(text: str) -> str | None:
    """The words of an opinion on the brand's choices (a redesign, a recipe, an ad), or None
    (also None when a fault or a request for help comes with it)."""
    lowered = text.replace("\u2019", "'").lower()
    match = _OPINION.search(lowered)
    if match is None or _FAULTY.search(lowered):
        return None
    return match.group(0)
