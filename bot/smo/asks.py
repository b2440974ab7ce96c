"""What a comment asks that decides whether a fault question fits: none for a catalogue gap,
parts cut from a title, a lost code, a how-to or a plea; and, the other way, "how can I fix
this?" under a fault told (``fix_asked``), which is the fault, not a how-to."""

from __future__ import annotations

import functools
import re

from bot.text.whole_words import whole_words

__all__ = [
    "bare_plea",
    "catalogue_gap",
    "code_missing",
    "content_cut",
    "direct_question",
    "fix_asked",
    "how_to_ask",
]


def _words(*patterns: str) -> re.Pattern[str]:
    # Searched in lowercased text.
    return re.compile(whole_words(*patterns))


_TITLES = (
    r"(?:albums?|songs?|tracks?|releases?|discography|singles?|eps|episodes?|seasons?|series"
    r"|shows?|films?|movies?|titles?|podcasts?|audiobooks?|artists?|soundtracks?|music videos?)"
)
# A title missing from the catalogue or not offered where the customer is: which songs or
# shows are on the service is a licensing matter for the team, not a fault on a device.
_GAP = _words(
    _TITLES + r" (?:[\w']+ ){0,8}?(?:(?:is|are|was|were|went|all|now|still|seem to be|got) )*"
    r"(?:missing|gone|unavailable|not available|no longer available|not playable|greyed out"
    r"|grayed out|removed|taken down|pulled)",
    _TITLES + r" (?:\w+ ){0,6}?(?:is|are|was|were)(?:n'?t| not) (?:on|in) (?:here|the app|your"
    r" (?:app|service|site|catalogue|catalog|library)|spotify|\w+ anymore)",
    _TITLES + r" (?:\w+ ){0,6}?(?:(?:is|are)(?:n'?t| not)|not) available (?:in|for) (?:my|our"
    r" |the )?\w+",
    r"(?:why|how come) (?:\w+ ){0,4}?(?:can'?t|cannot|couldn'?t) (?:i |we )?(?:find|get|stream"
    r"|play|watch|listen to) (?:\w+ ){0,4}?" + _TITLES,
    r"(?:missing|unavailable) " + _TITLES,
    r"(?:add|upload|put) (?:\w+ ){0,4}?" + _TITLES + r" (?:\w+ ){0,3}?(?:to|on) (?:the app|your"
    r" (?:app|service|catalogue|catalog)|spotify|here)",
    # A season cut short ("season two only goes to ep17", "series 3 only has 6 episodes up"):
    # the episodes on the service, not the customer's device.
    r"(?:seasons?|series|s\d+) (?:\w+ ){0,5}?only (?:goes|go|runs|run|has|have)"
    r" (?:up )?(?:to |through )?(?:(?:ep|eps|episodes?|e) ?\d+|\d+ (?:eps|episodes))",
    r"only (?:\d+|\w+) (?:eps|episodes) (?:of|from|in|for) (?:\w+ ){0,3}?(?:seasons?|series)",
)
# Words of the customer's own library or a fault in playing: a fault after all.
_OWN_LIBRARY = _words(
    r"my (?:library|playlists?|songs|music|downloads?|liked|saved|queue)",
    r"download\w*",
    r"(?:won'?t|doesn'?t|can'?t|cannot|not) (?:load|open|start|sync|connect)\w*",
    r"crash\w*",
    r"error\w*",
    r"(?:app|player) (?:\w+ )?(?:is |keeps )?(?:broken|crash\w*|freez\w*)",
    # Playback going wrong, or the count differing between the customer's devices: the
    # episodes are on the service, the customer's player is what fails.
    r"freez\w*|froze|frozen|buffer\w*|black screen|screen goes black|goes blank|stalls?"
    r"|no sound|(?:then|it|just) stop(?:s|ped)(?! being)",
    r"on (?:my|the|our) (?:tv|smart tv|telly|firestick|fire stick|fire tv|roku|chromecast|apple tv"
    r"|phone|iphone|android|ipad|tablet|laptop|pc|mac|console|xbox|playstation|ps\d)",
)


@functools.lru_cache(maxsize=1024)
def catalogue_gap(text: str) -> str | None:
    """The words that say a title is missing from the catalogue or not offered where the
    customer is, or None (also None where the customer's own library or a fault is meant)."""
    lowered = text.replace("\u2019", "'").lower()
    match = _GAP.search(lowered)
    if match is None or _OWN_LIBRARY.search(lowered):
        return None
    return match.group(0)


# A title on the service with parts of it missing ("the episodes are not complete", "whole
# scenes are missing", "episode 4 has a chunk missing"): the content as the service received
# it, for the team who look after it to check, not a fault on the customer's device.
_PARTS = (
    r"(?:parts?|scenes?|bits|chunks?|minutes|sections?|the (?:end|ending|beginning|start|opening))"
)
_CUT = _words(
    _TITLES + r" (?:[\w']+ ){0,8}?(?:is|are|was|were)(?:n'?t| not) (?:complete|whole|full)",
    _TITLES + r" (?:[\w']+ ){0,8}?(?:is|are|was|were|seems?|seem) (?:\w+ )?(?:incomplete"
    r"|cut short|censored)",
    r"(?:incomplete|censored) " + _TITLES,
    _TITLES
    + r" (?:[\w']+ ){0,6}?(?:has|have|had) (?:a |an |some |whole |several |\d+ )?(?:\w+ ){0,3}?"
    + _PARTS
    + r" (?:\w+ )?missing",
    r"missing "
    + _PARTS
    + r" (?:of|from|in) (?:the |an? |this |that |these |those )?(?:\w+ ){0,3}?"
    + _TITLES,
)
# Not parts cut from a title: an opinion ("not complete without Dave", "the ending is missing
# something"), a wait ("not complete yet"), or whole tracks, episodes or seasons gone, which
# is the catalogue's ("3 tracks missing", "you removed season 3").
_NO_CUT = _words(
    r"(?:complete|whole|full) without",
    r"missing something",
    r"(?:complete|whole|full|incomplete) (?:\w+ )?(?:yet|until|because|since|cos|as you)",
    r"removed|taken (?:off|down)|pulled",
    r"(?:\d+|some|several|a few|two|three|four|five) (?:of the )?(?:tracks?|songs?|episodes?"
    r"|seasons?)(?: \w+)? (?:are |is |were |was |have gone |went )?missing",
    r"(?:tracks?|songs?) (?:are |is |were |was )?missing",
)
# Parts said to be missing, where a title is spoken of elsewhere ("I compared them and parts
# are missing").
_PARTS_MISSING = _words(
    _PARTS + r" (?:\w+ ){0,4}?(?:is|are|was|were|got) (?:\w+ )?(?:missing|cut out)"
)
_A_TITLE = _words(_TITLES)


@functools.lru_cache(maxsize=1024)
def content_cut(text: str) -> str | None:
    """The words that say a title on the service has parts missing or is not whole, or None
    (also None where playing it fails on the customer's side: a freeze, an error, their TV)."""
    lowered = text.replace("\u2019", "'").lower()
    if _NO_CUT.search(lowered):
        return None
    match = _CUT.search(lowered) or (
        _PARTS_MISSING.search(lowered) if _A_TITLE.search(lowered) else None
    )
    if match is None or _OWN_LIBRARY.search(lowered):
        return None
    return match.group(0)


_CODE = r"(?:vouchers?|coupons?|codes?|gift ?cards?|promo\w*|e-?gift\w*)"
# A code the customer lost or never got: there is no error message to ask about.
_MISSING = _words(
    r"(?:lost|misplaced|threw away|deleted|can'?t find|cannot find|couldn'?t find) (?:\w+ ){0,4}?"
    + _CODE,
    _CODE + r" (?:\w+ ){0,4}?(?:lost|misplaced|went missing|never (?:came|arrived))",
    r"(?:never|didn'?t|did not|haven'?t|have not|not) (?:\w+ ){0,2}?(?:got|get|gotten|received"
    r"|receive|been sent|sent) (?:\w+ ){0,5}?" + _CODE,
    _CODE + r" (?:\w+ ){0,6}?(?:(?:i|we) )?(?:never|didn'?t|did not|haven'?t|have not)"
    r" (?:\w+ ){0,2}?(?:got|get|received|receive|arrived?|come|came)",
    r"(?:resend|re-send|send (?:me|us) (?:\w+ ){0,2}?(?:again|new)) (?:\w+ ){0,3}?" + _CODE,
    r"(?:resend|re-send) (?:me|us|it)",
    r"(?:didn'?t|did not|never) (?:\w+ ){0,2}?(?:receive|get) (?:an?|the|any) (?:e-?mail|text)",
)


def code_missing(text: str) -> bool:
    """Whether ``text`` says a code, voucher or gift card was lost or never arrived."""
    return _MISSING.search(text.replace("\u2019", "'").lower()) is not None


_NOISE = re.compile(r"\.?@\w+|#\w+|https?://\S+|[^\w\s']")
# Nothing but a plea for help ("I need help", "help please", "can someone help me?").
_PLEA = re.compile(
    r"(?:(?:hi|hello|hey|yo)\s+)?(?:(?:i|we)\s+(?:really\s+|urgently\s+)?need\s+(?:some\s+|your\s+"
    r"|a\s+little\s+)?help|need\s+(?:some\s+)?help|help|please\s+help|pls\s+help|plz\s+help"
    r"|(?:can|could)\s+(?:you|u|someone|somebody|anyone|anybody)\s+(?:please\s+)?help)"
    r"(?:\s+(?:me|us))?(?:\s+(?:please|pls|plz|asap|now|here|urgently|guys|thanks|thank you"
    r"|with something))*"
)


def bare_plea(text: str) -> bool:
    """Whether ``text`` says nothing but that the customer needs help."""
    said = " ".join(_NOISE.sub(" ", text.replace("\u2019", "'").lower()).split())
    return bool(said) and _PLEA.fullmatch(said) is not None


# A question how to get or find something of ours (an invoice, the help centre, a contact):
# it wants an answer, not an apology or a question about what went wrong.
_HOW_TO = _words(
    r"how (?:do|can|could|would|should) (?:i|we) (?:\w+ ){0,2}?(?:get|find|request|download"
    r"|obtain|print|contact|reach|get in touch with|speak to|talk to|report|apply for|claim"
    r"|order|set ?up|sign up for|register for) (?:a |an |the |my |our |your |some |in )?"
    r"(?:\w+ ){0,3}?"
    r"(?:invoices?|receipts?|statements?|facturas?|copy|help ?cent(?:re|er)|help pages?"
    r"|support|contacts?|someone|somebody|a person|an agent|phone number|email address|address"
    r"|form|certificate|documents?|letter|records?|history|refund form|lost property|touch)",
    # "How can I change my work account back to a personal one?": a setting of the customer's
    # own to change, which no device or version bears on.
    r"how (?:do|can|could|would|should) (?:i|we) (?:\w+ ){0,2}?(?:change|switch|convert|move"
    r"|turn|transfer|merge|link|unlink|delete|remove|cancel|downgrade|upgrade|reset|recover"
    r"|rename|add|update|edit|set ?up|enable|disable|stop|hide|opt out of|get rid of)"
    r" (?:(?:my|our|the|a|an|this|that|your) )?(?:\w+ ){0,2}?(?:accounts?|plans?"
    r"|subscriptions?|memberships?|profiles?|settings?|preferences|e-?mail(?: address)?|usernames?"
    r"|passwords?|region|country|language|payment (?:method|details)|cards?|billing"
    r"|address|names?|phone number|notifications?|emails|newsletters?|auto[- ]?renew\w*)",
    # "Any way to block this one ad?", "is there a way to turn off autoplay?": a setting.
    r"(?:any|is there (?:a|any)|there'?s no) ?way (?:to|i can|we can|of) (?:\w+ ){0,2}?(?:block"
    r"|hide|turn off|switch off|disable|stop|remove|mute|skip|change|switch|get rid of|opt out)",
    r"help (?:with|regarding|about|on) (?:the |a |my )?(?:\w+ )?(?:region|country|email|name"
    r"|plan|account|subscription|payment method|billing) (?:change|switch|transfer|update)",
    r"(?:do you have|is there|where(?:'s| is| are| can i find| do i find)|which) (?:an? |the |your"
    r" |any )?(?:\w+ ){0,2}?(?:help ?cent(?:re|er)s?|help pages?|support (?:page|site|number|email)"
    r"|faqs?|contact (?:number|details|form|page|email)|phone number|lost property)",
)


def how_to_ask(text: str) -> bool:
    """Whether ``text`` asks how to get or find something of the brand's (an invoice, the help
    centre, a way to reach someone) or how to change a setting of the customer's own (an
    account, a plan, an email address)."""
    return _HOW_TO.search(text.replace("\u2019", "'").lower()) is not None


# How to fix the trouble told ("how can I fix this?", "what can I do to stop it?"): a fault
# put as a question, not a how-to with an answer to write.
_FIX = _words(
    r"how (?:can|do|could|should|would|to) (?:i |we |you )?(?:\w+ )?(?:fix|solve|sort|resolve"
    r"|repair|stop) (?:this|it|that|the (?:problem|issue)|these|them)",
    r"what (?:can|should|do) (?:i|we) do (?:to )?(?:fix|solve|sort|resolve|stop) (?:this|it|that)",
)


def fix_asked(text: str) -> bool:
    """Whether ``text`` asks how to fix the trouble it tells ("how can I fix this?")."""
    return _FIX.search(text.replace("\u2019", "'").lower()) is not None


# A sentence that asks the brand something it can answer or act on ("can I downgrade?", "who
# do we contact to change it?", "what happened to the preview feature?"), not a jibe.
_DIRECT = re.compile(
    r"(?:^|[:;,-]\s*)(?:(?:hi|hello|hey|ok|okay|so|and|also|but|then|please|pls|thanks|thank you)"
    r"[\s,!]+){0,4}"
    r"(?:can|could|may|will|would|do|does|did|is|are|should|how|what|where|when|who|which|any"
    r"(?: way| chance)?|is there)(?!\w)[^?]{3,300}\?"
    r"|(?:please |pls |can you |could you )?(?:let (?:me|us) know|tell (?:me|us)) (?:who|how|where"
    r"|when|what|whether|if)(?!\w)"
)
# Questions that only make a point ("do you expect us to …?", "are you serious?", "is this a
# joke?", "do you even care?"), and suggestions put as questions ("can you add …?").
_NOT_DIRECT = re.compile(
    r"(?:do|did|does) (?:you|u|they) (?:\w+ )?(?:expect|think|want|care|realise|realize|know how)"
    r"|are (?:you|u) (?:serious|kidding|joking|for real)|is (?:this|that|it) (?:a joke|for real"
    r"|normal|acceptable|okay|ok)|(?:can|could|would|will) (?:you|u) (?:please )?(?:add|make|put"
    r"|bring|give|consider|think about|remove|get rid of|take away|drop)|how about|what about"
    r"|what'?s the point|who (?:thought|decided|designed)"
    r"|how (?:hard|difficult) is it|(?:do|does|did) (?:you|u|anyone) even|what (?:the|is) (?:hell"
    r"|heck|fuck)|how (?:is|was) (?:this|that) (?:ok|okay|acceptable|fair|possible)"
    r"|how come|to piss (?:me|us) off|what'?s (?:going on|happening|the (?:status|update|hold ?up))"
    r"|any (?:update|news|word|luck)"
)


def direct_question(text: str) -> str | None:
    """The first sentence of ``text`` that asks the brand something to answer or act on, or
    None (also None for a question that only makes a point or suggests a change)."""
    plain = re.sub(r"(?:^|\s)\.?@\w+|https?://\S+|#", " ", text.replace("\u2019", "'"))
    for part in re.split(r"(?<=[.!?])\s+", " ".join(plain.split())):
        lowered = part.lower().strip()
        if _DIRECT.search(lowered) and _NOT_DIRECT.search(lowered) is None:
            return part.strip()
    return None
