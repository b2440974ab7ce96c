"""What the customer's reply does with our own question: gives the link or the device we asked
about, or chases us with nothing new ("hello??")."""

from __future__ import annotations

import re

from bot.smo.situations import given_details

__all__ = [
    "answered_ask",
    "email_asked",
    "error_unshown",
    "only_chases",
    "problem_named",
    "when_and_who_told",
]

# Our reply asked for a link ("send us the song link", "can you share the URL?", "el enlace").
_LINK_ASKED = re.compile(r"(?<!\w)(?:links?|urls?|enlaces?)(?!\w)", re.I)
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


# Nothing but a chase: "hello???", "anyone there?", "what's going on??", "any update?".
_CHASE = re.compile(
    r"(?:(?:hello|hi|hey|helloo+|anyone|anybody|any ?one (?:there|home)|anyone there|is anyone"
    r" there|what'?s going on|what is going on|what'?s happening|any (?:update|news|reply)s?"
    r"|still waiting|waiting|well|so|and)[\s?!.,]*){1,4}",
    re.I,
)
_MENTIONS = re.compile(r"^\s*(?:\.?@\w+[\s,:]*)+")
_EMAIL_ASKED = re.compile(r"(?<!\w)e-?mail(?: address)?(?!\w)", re.I)


def only_chases(text: str) -> bool:
    """Whether ``text`` only chases us ("Hello??? What's going on????"), with a question
    mark, and says nothing new about the matter."""
    said = _MENTIONS.sub("", text.replace("\u2019", "'")).strip()
    return "?" in said and _CHASE.fullmatch(said) is not None


def email_asked(ours: str) -> bool:
    """Whether our reply ``ours`` asked for the customer's email address."""
    return _EMAIL_ASKED.search(ours) is not None


# A problem that shows an error: an error, a crash, or something that will not load, open,
# play or let them sign in. Only there is "what error do you see?" the next step.
_FAILURE = re.compile(
    r"(?<!\w)(?:errors?|crash\w*|won'?t (?:load|open|play|start|sign|log)|can'?t (?:load|open"
    r"|play|sign|log)|(?:not|isn'?t|doesn'?t|unable to) (?:load|open|play|sign|log)\w*"
    r"|fail\w* to (?:load|open|play|sign|log)|sign(?:ing)? in|log(?:ging)? in)(?!\w)",
    re.I,
)
# The error is already shown: quoted ("error playing this video"), a message named, or a
# screenshot or link sent.
_SHOWN = re.compile(
    r"(?<!\w)(?:error|message|says|screenshots?|screen ?shot|pic|photo)(?!\w)|https?://\S+",
    re.I,
)


def error_unshown(ours: str, theirs: str) -> bool:
    """Whether the problem our reply ``ours`` and their answer ``theirs`` speak of is an error,
    a crash or a failure to load or sign in, and ``theirs`` shows no error text or screenshot."""
    return _FAILURE.search(f"{ours} {theirs}") is not None and _SHOWN.search(theirs) is None


# The problem named in our reply or their answer, as a reply may name it back: only the
# few that read the same in any sentence, each named whole ("the battery drain" only where
# the battery drains; a battery that will not charge is "the battery problem").
_PROBLEMS = (
    (
        re.compile(
            r"(?<!\w)battery(?!\w)"
            r"(?=.*(?<!\w)(?:drain\w*|life|dies|dying|died|runs? (?:out|down)))",
            re.I,
        ),
        "the battery drain",
    ),
    (re.compile(r"(?<!\w)battery(?!\w)", re.I), "the battery problem"),
    (re.compile(r"(?<!\w)(?:captions?|subtitles?)(?!\w)", re.I), "the captions"),
    (re.compile(r"(?<!\w)out of sync(?!\w)", re.I), "the sync problem"),
    (re.compile(r"(?<!\w)autocorrect\w*(?!\w)", re.I), "the autocorrect problem"),
    (re.compile(r"(?<!\w)shuffle(?!\w)", re.I), "the shuffle problem"),
    (re.compile(r"(?<!\w)(?:volume|too quiet)(?!\w)", re.I), "the volume problem"),
    (re.compile(r"(?<!\w)(?:slow|slowness|lag|lags|lagging|laggy)(?!\w)", re.I), "the slowness"),
)
# A clause of their answer that tells of a problem: a part of the problem named back would
# leave the rest out ("out of sync, and a blank picture with sound, or no sound at all").
_SYMPTOM = re.compile(
    r"(?<!\w)(?:no|not|never|without|blank|black|frozen|freez\w*|crash\w*|stops?|stopped"
    r"|stopping|keeps?|won'?t|can'?t|cannot|doesn'?t|isn'?t|errors?|missing|broken|disappear\w*"
    r"|fail\w*|drops?|dropping|skips?|skipping|glitch\w*|wrong)(?!\w)|\w+n't(?!\w)",
    re.I,
)
_CLAUSES = re.compile(r"[.;!?,\n]+|(?<!\w)(?:and|but|also|plus|or)(?!\w)", re.I)


def problem_named(ours: str, theirs: str) -> str | None:
    """The customer's problem as a reply may name it ("the battery drain"), where exactly one
    of the few we can name is spoken of in ``ours`` or ``theirs`` and their answer tells of no
    other problem beside it; else None, and the reply names none rather than a part."""
    text = f"{ours} {theirs}".replace("\u2019", "'")
    named = {name for pattern, name in _PROBLEMS if pattern.search(text)}
    if "the battery drain" in named:
        named.discard("the battery problem")  # one battery, named the closer way
    if len(named) != 1:
        return None
    others = [
        clause
        for clause in _CLAUSES.split(theirs.replace("\u2019", "'"))
        if _SYMPTOM.search(clause) and not any(p.search(clause) for p, _ in _PROBLEMS)
    ]
    return None if others else named.pop()


# Our reply asked who served them ("what was my colleague's name?", "can you describe them?")
# or when they came ("when were you in our store?", "what time did you visit?"): a visit or a
# colleague, never a description of the problem or the time a fault happens.
_WHO_ASKED = re.compile(
    r"(?<!\w)(?:(?:colleague|staff member|team member|member of staff|employee|driver|agent)'?s?"
    r" name|(?:give|provide)(?: us)? a description(?! of the (?:problem|issue|fault))|describe"
    r" (?:them|him|her|the (?:person|colleague|staff member|member of staff|driver|agent))"
    r"|what did (?:they|he|she) look like|who (?:served|helped|spoke to|dealt with) you)(?!\w)",
    re.I,
)
_WHEN_ASKED = re.compile(
    r"(?<!\w)(?:when (?:were|was) you (?:in|at|there|here)|when did you (?:visit|come|go|call"
    r"|pop|stop)|what time (?:was it|were you|did you (?:visit|come|go|call|pop))|which day"
    r" (?:was it|were you|did you)|date and time of (?:your|the) visit)(?!\w)",
    re.I,
)
# A time the customer gives ("about 15:10", "this evening at 9.30pm", "yesterday morning").
_TIME_TOLD = re.compile(
    r"(?<![\w.:])\d{1,2}[:.]\d\d(?!\d)|(?<!\w)\d{1,2}\s?[ap]\.?m(?!\w)|(?<!\w)(?:this|yesterday"
    r"|last|on \w+day) (?:morning|afternoon|evening|night)(?!\w)|(?<!\w)(?:yesterday|last night"
    r"|tonight|(?:mon|tues|wednes|thurs|fri|satur|sun)day)(?!\w)",
    re.I,
)
# Someone described ("tall lady, blonde hair", "the checkout girl", "her name was Jo"): a
# person, not a thing ("the glasses were cracked").
_PERSON = r"(?:lady|man|woman|guy|girl|lad|gentleman|bloke|chap|fella|boy|person)"
_PERSON_TOLD = re.compile(
    r"(?<!\w)(?:(?:blonde?|brown|dark|black|red|ginger|grey|gray|long|short|curly) hair"
    r"|(?:tall|short|slim|young|older|old|blonde?|bald) "
    + _PERSON
    + r"|(?:he|she|they) (?:was|were"
    r"|had) (?:wearing|glasses|a beard|tall|short)|(?:with|wearing|in) (?:glasses|a beard|a \w+"
    r" (?:top|shirt|jumper|jacket|uniform|lanyard|hat))|(?:his|her|their) name (?:was|is)"
    r"|name ?badge|(?:till|checkout|counter|desk|door) " + _PERSON[:-1] + r"|assistant)"
    r"|" + _PERSON + r" (?:on|at|behind) the (?:till|checkout|counter|desk|door))(?!\w)",
    re.I,
)
# What else our reply asked for, which a time or a person does not give: an order or account
# number, the store, a model, an email address.
_ELSE_ASKED = (
    (
        re.compile(
            r"(?<!\w)(?:order|booking|account|reference|receipt|confirmation|case|ticket)"
            r" (?:number|no|#|ref\w*)",
            re.I,
        ),
        re.compile(r"\d{4,}|[A-Z]{2,}-?\d{3,}"),
    ),
    (
        re.compile(
            r"(?<!\w)(?:which|what) (?:\w+ )?(?:store|branch|shop|restaurant|location)", re.I
        ),
        re.compile(
            r"(?<!\w)[A-Z][a-z]+(?: [A-Z][a-z]+)* (?:store|branch|shop|high street|road|street"
            r"|lane|centre|mall|retail park)|(?<!\w)(?:in|at) (?!the\b)[A-Z][a-z]{2,}"
        ),
    ),
    (
        re.compile(r"(?<!\w)(?:which|what) (?:\w+ )?(?:model|device|router|phone)", re.I),
        re.compile(r"(?<!\w)[A-Za-z]*\d+[A-Za-z\d-]*(?!\w)"),
    ),
    (_EMAIL_ASKED, re.compile(r"@\w")),
)


def when_and_who_told(ours: str, theirs: str) -> str | None:
    """What ``theirs`` gives in answer to our reply ``ours``, which asked who served them or
    when they came: "who it was and when", "who it was" or "when it was", where it gives
    everything our reply asked for, so nothing is asked again; else None."""
    asked = ours.replace("\u2019", "'")
    if "?" not in asked:
        return None
    who, when = _WHO_ASKED.search(asked) is not None, _WHEN_ASKED.search(asked) is not None
    if not (who or when):
        return None
    person = _PERSON_TOLD.search(theirs) is not None
    time = _TIME_TOLD.search(theirs) is not None
    if (who and not person) or (when and not time):
        return None
    if any(ask.search(asked) and not given.search(theirs) for ask, given in _ELSE_ASKED):
        return None
    if person and time:
        return "who it was and when"
    return "who it was" if person else "when it was"
