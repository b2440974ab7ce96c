"""Checks every reply draft passes before a reviewer sees it, whoever wrote it, and their fixes.

``check`` names what is wrong with a draft's text for a comment; ``fix`` repairs what can be
repaired without changing what the reply says (emoji, wording, length by whole sentences);
what cannot be fixed sends the comment to a person. A template drafter and a language-model
drafter both pass their text through here.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from bot.models import Comment
from bot.smo.brand import BrandProfile
from bot.smo.faq import FAQ_THRESHOLD, FaqMatch
from bot.smo.lexicon import alternatives, pattern_list
from bot.smo.platforms import REPLY_LIMITS, reply_length
from bot.smo.safety import Hazard, find_hazard
from bot.smo.wording import (
    drop_time_promises,
    fix_wording,
    sentences,
    time_promises,
    wording_problems,
)

__all__ = [
    "FIXABLE",
    "Problem",
    "Readings",
    "check",
    "compose_within",
    "ends_on_praise",
    "fix",
    "harmless_removed",
    "has_emoji",
    "is_real_question",
    "negative_clause",
    "only_reservations",
    "plain_quotes",
    "playful_allowed",
    "strip_emoji",
    "tweet_gripe",
    "unhappy",
]


@dataclass(frozen=True, slots=True)
class Readings:
    """What the engine read in a comment that a reply must agree with."""

    sentiment: str
    score: float
    intents: tuple[str, ...]
    sarcasm: bool = False
    faq: FaqMatch | None = None
    # The comment's language (ISO 639-1), when known: its own negative clauses count too.
    language: str | None = None
    # The words in which the customer tells of a reference of their own they lost ("lost my
    # booking number"), lowercased: no fault of ours, so kind words beside it are thanked.
    own_loss: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a draft: a short code and what a reviewer should know, in words."""

    code: str
    message: str


# Problems ``fix`` repairs; any other keeps the draft from being offered as it is.
FIXABLE: frozenset[str] = frozenset({"emoji", "wording", "promise", "length", "cut"})

# A clause that says something is wrong, even inside praise ("reps are super nice — but…").
_NEGATIVE_CLAUSE = re.compile(
    r"(?<!\w)(?:but|however|though|although|except|unfortunately|sadly|yet)(?!\w)"
    r"|(?<!\w)(?:still (?:not|no|waiting|down|broken|nothing|stuck|haven'?t|hasn'?t|can'?t|won'?t)"
    r"|again|nobody|no one|never|nothing|can'?t|cannot|couldn'?t|won'?t|wouldn'?t"
    r"|isn'?t|aren'?t|wasn'?t|doesn'?t|didn'?t|don'?t|not|no longer|outage|broken|crash\w*"
    r"|(?:is|was|are|were|been|be|went|goes|going|still|it'?s|its|keeps? going) down"
    r"|down (?:again|for|since|all|every|right now|now)"
    r"|error|fail\w*|unable|worst|terrible|awful|horrible|useless|ridiculous|disappoint\w*"
    r"|frustrat\w*|annoy\w*|angry|furious|unacceptable|rubbish|joke|waiting|waited|late|lost"
    r"|missing|stuck|wrong|refund|cancel\w*|switch(?:ing)? to|leaving|unsubscrib\w*"
    r"|close my account|done with|suck(?:s|ed|ing)?|sucky)(?!\w)",
    re.IGNORECASE,
)
# The same in the other languages the cues read: a turn ("aber", "pero"), a regret ("leider",
# "lástima"), a negation, something still or again wrong, a fault, a wait. Kept apart from the
# English words: Spanish "no" and "sin" or German "nie" say nothing in an English comment.
_NEGATIVE_CLAUSE_IN: dict[str, re.Pattern[str]] = {
    "de": re.compile(
        r"(?<!\w)(?:aber|jedoch|allerdings|leider|schade|trotzdem|nur (?:leider|schade)"
        r"|nicht|kein(?:e[nmrs]?)?|nie(?:mals)?|niemand|keiner|nichts|immer noch|noch immer"
        r"|schon wieder|wieder mal|seit (?:\w+ ){0,2}(?:tag|tagen|woche|wochen|monat|monaten)"
        r"|kaputt|defekt\w*|hinüber|fehler\w*|st(?:ü|ue)rzt\w*|abst(?:ü|ue)rz\w*|abbr(?:ü|ue)ch\w*"
        r"|hängt sich|ausfall\w*|störung\w*|enttäusch\w*|ärger\w*|katastroph\w*|schlecht\w*"
        r"|mies\w*|miserabel\w*|frechheit|unverschämt\w*|unterirdisch\w*|witz|warte\w*"
        # The wait told afterwards: "drei Wochen auf eine Antwort gewartet".
        # A short wait told warmly ("kurz gewartet, dann lief alles") is none.
        r"|(?:tage|tagen|wochen|monate|monaten|stunden|ewig|lange?)(?: lang)?"
        r" (?:auf (?:\w+ ){0,3}?)?gewartet|lange wartezeit(?:en)?"
        r"|warteschleife|verspät\w*|storn\w*|kündig\w*|reklamation\w*|beschwerde\w*"
        r"|rückerstattung|erstattung|abgebucht|doppelt belastet|falsch\w*"
        r"|reicht(?:'?s)? mir)(?!\w)",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"(?<!\w)(?:pero|aunque|sin embargo|lástima|qué pena|una pena|lamentablemente"
        r"|por desgracia|no|nunca|jamás|nadie|nada|ningún|ninguna|sin|todavía no|aún no"
        r"|sig(?:o|ue|uen|uimos) (?:sin|esperando)|otra vez|de nuevo|una vez más|tercera vez"
        r"|rot[oa]s?|dañad[oa]s?|defectuos[oa]s?|mal estado|error(?:es)?|fall(?:o|a|as|an|ando)"
        r"|problemas?|queja|reclamación|reclamo|reembolso|devolución|cancel\w*|tard(?:ó|aron"
        r"|a|an|ando|anza)|retraso|esperando|pésim[oa]|horrible|desastre|vergüenza|decepci\w*"
        r"|hart[oa]s?|estafa|abuso|timo|fatal|imposible)(?!\w)",
        re.IGNORECASE,
    ),
}
# "Issue" as an edition of a magazine ("the latest issue", "this Paris issue").
_EDITION_WORDS = alternatives(pattern_list("thread_words.yaml", "edition"))
_EDITION = re.compile(rf"(?<!\w){_EDITION_WORDS}(?!\w)", re.IGNORECASE)
# What those words say in praise ("kein Problem", "nicht nur", "no puedo esperar", "de nada").
_HARMLESS_IN: dict[str, re.Pattern[str]] = {
    "de": re.compile(
        r"kein(?:e|erlei)? (?:problem|sorge|wunder|witz)\w*|nicht nur"
        r"|nichts zu (?:meckern|bemängeln)|nicht schlecht|kann es (?:kaum|nicht) erwarten"
        r"|nie (?:enttäuscht|schlecht)",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"(?:sin|ningún|no hay) problemas?|de nada|no solo|nada mal|no puedo esperar"
        r"|no (?:me )?(?:lo )?puedo creer|nunca (?:me |nos |te )?(?:falla|decepciona)\w*"
        r"|no tiene precio",
        re.IGNORECASE,
    ),
}
# Negations that do not make a clause negative ("can't wait", "not only", "no problem").
_HARMLESS = re.compile(
    r"can'?t wait|cannot wait|not only|no problem|no worries|never disappoint\w*|not bad"
    r"|couldn'?t be happier|can'?t stop|don'?t stop|never stop|nothing but"
    # Wonder, not a fault: "can't believe I'm about to leave", "can't believe how good it was".
    r"|can'?t believe (?:i'?m|i am|we'?re|we are|it'?s (?:over|been)|how (?:good|great|nice|lovely"
    r"|fast|quick|easy|kind|amazing))"
    # "see you all again soon", "fly with you again": looking forward, not a repeat fault.
    r"|(?:see|fly|visit|stay|come|be back|do it|book|travel)(?: \w+){0,2} again|again soon"
    r"|all over again"
    # Delight put with negative words, and coming back for more: "never had a better coffee",
    # "nothing beats it", "can't get enough", "we're going again tomorrow".
    r"|(?:never|not once) (?:had|tasted|seen|been to|found|tried) (?:a |an |any )?(?:better"
    r"|nicer|tastier|finer|\w+er than)|nothing (?:beats|compares|better)|nothing like (?:it|this"
    r"|that|them)|can'?t (?:get enough|go wrong|beat)|don'?t ever (?:disappoint\w*|let (?:me|us)"
    r" down)|never (?:fails? to (?:amaze|impress|delight)|lets? (?:me|us) down)"
    r"|(?:going|coming|order(?:ing)?|buy(?:ing)?|visit(?:ing)?|do (?:this|that)) again"
    r"|(?:we|i) went again"
    # Something special, not a fault: "it isn't every day you get…", "not every day you see…".
    r"|(?:isn'?t|is not|not) (?:every ?day|every night|often)(?= (?:you|that|we|i|one)\b)"
    # Praise said again: "once again you set the bar", "nailed it again", "again the best".
    r"|^\W*once again(?= @\w+ (?:you|ur|u) )"
    r"|(?:did it|done it|nailed it|killed it|smashed it|outdone yourselves|outdid yourselves"
    r"|set the bar|came through|come through|delivered|wins?|won) again"
    r"|again (?:the best|you (?:set|nailed|killed|smashed|outdid|came through))"
    # A thanks softened, not a fault: "but thank you for replying", "thanks anyway".
    r"|but (?:thanks?|thank you|ty)|(?:thanks?|thank you)(?: \w+){0,3} (?:though|anyway)"
    r"|no trouble|so (?:i|we) (?:don'?t|won'?t) (?:have|need) to"
    # Politeness before a new question: "sorry to bother you again", "hi again".
    r"|(?:bother|trouble|disturb|pester)(?:ing)? (?:you|u)(?: \w+)? again"
    r"|(?:me|hi|hello|hey) again"
    # A plan of ours the customer means to move to, not a move to another company.
    r"|switch(?:ing)? to (?:the|a|an) (?:\w+ ){0,2}?(?:plan|tariff|package|bundle|tier"
    r"|subscription)"
    # The hour, not a delay: "on this late Saturday night", "a late-night snack".
    r"|late[- ](?:night|evening|afternoon|morning|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)"
    # Opening hours, not a delay: "open late tonight", "do you stay open late?".
    r"|(?:open|opened|opening|close|closes|closing|stay(?:s|ing)? open) (?:un)?til(?:l)? late"
    r"|(?:open|stay(?:s|ing)? open|close|closes|closing|trading|serving) late",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    r"^(?:how|what|when|where|which|who|why|is|are|do|does|did|can|could|will|would|should"
    r"|may|any|anyone)\b",
    re.IGNORECASE,
)
# A question that follows a greeting or a comma rather than opening the sentence.
_INNER_QUESTION = re.compile(
    r"[,;:]\s*(?:what'?s|what is|is it|is there|are there|are you|do you|does it|can (?:i|you|we)"
    r"|how (?:do|can|long|much)|when (?:is|will|does)|where (?:is|can|do))\b",
    re.IGNORECASE,
)
# Thanks and praise a reply must not open with when the customer is unhappy.
# What a sentence may open with before its question word: mentions, a greeting.
_OPENING = re.compile(r"^(?:\s*(?:@\w+|#\w+|hi|hello|hey|dear|ok|so|and|but|um)\b[\s,.!:]*)*", re.I)
_THANKS = re.compile(
    r"(?<!\w)(?:thank(?:s| you)?(?! for your patience)|so happy|so glad|glad you|happy you"
    r"|love (?:it|that|you|this)|made our (?:day|week)|you'?re the best|great choice"
    r"|excellent taste|good question|good one|delighted|appreciate your (?:feedback|kind)"
    r"|kind words|yess+|aww+|ooh+"
    # German and Spanish thanks and cheer ("wir würden uns freuen", "nos encantaría tenerte de
    # vuelta" welcome someone back, as "we'd love to have you back" does).
    r"|danke\w*|vielen dank|freut uns|(?:den|unseren) tag versüßt"
    r"|gracias|nos alegra(?:n|mos)?|nos encanta(?:n)?|alegrado el día)(?!\w)",
    re.IGNORECASE,
)
# Words that admit fault or promise an outcome, which only a person may say on a safety or
# legal matter.
_ADMITS = re.compile(
    r"(?<!\w)(?:that'?s on us|our fault|our mistake|we messed up|we got it wrong|we'?re to blame"
    r"|we are to blame|liable|responsible for|make it right|compensat\w*|refund you"
    r"|won'?t happen again|will never happen)(?!\w)",
    re.IGNORECASE,
)
# Words that say the team already did something for the customer ("we've sent you a DM",
# "check your inbox"): no draft can know that, so the reply asks the customer to write instead.
_CLAIMED = re.compile(
    r"(?<!\w)(?:(?:we|i)(?:'?ve| have)? (?:just |already )?(?:sent|dm'?e?d|messaged|emailed"
    r"|e-mailed|texted|called|rung|rang|refunded|credited|replied to|reached out to|contacted)"
    r" (?:you|u)|(?:we|i)(?:'?ve| have) (?:just |already )?(?:sent|dropped|followed up"
    r"|replied|responded)(?: (?:to )?(?:you|u))? (?:in|via|by|over) (?:dms?|direct messages?"
    r"|private messages?|email|e-mail|pms?)|(?:check|see) (?:your|ur) (?:dms?|inbox"
    r"|direct messages|private messages|email|e-mail)|(?:sent|dropped) (?:you|u) (?:a |an )?"
    r"(?:dm|direct message|private message|pm|message|email))(?!\w)",
    re.IGNORECASE,
)
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\ufe0f\u200d]+")
_CUT_ENDING = re.compile(r"(?:…|\.\.\.|[,;:\-—]|\b(?:and|or|the|a|to|with|for|of|we|you))\s*$")
# The longest ending ``_CUT_ENDING`` reads, before the whitespace it allows at the end.
_CUT_ENDING_CHARS = 4


def _cut_ending(text: str) -> bool:
    """Whether ``text`` ends mid-sentence: ``_CUT_ENDING`` looked for only where its match
    can start (it ends where the trailing whitespace begins, no more than four characters
    later), not tried at every position of the text."""
    start = max(0, len(text.rstrip()) - _CUT_ENDING_CHARS)
    return _CUT_ENDING.search(text, start) is not None


def plain_quotes(text: str) -> str:
    """``text`` with typographic apostrophes made plain, as the patterns here spell them."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


@functools.lru_cache(maxsize=1024)
def negative_clause(text: str, language: str | None = None) -> str | None:
    """The first words in ``text`` that say something is wrong, or None; in German or
    Spanish (``language``) their words count as well as the English ones."""
    cleaned = _HARMLESS.sub(" ", plain_quotes(text))
    match = _NEGATIVE_CLAUSE.search(cleaned)
    if match is None and (own := _NEGATIVE_CLAUSE_IN.get(language or "")) is not None:
        match = own.search(harmless_removed(text, language))
    return match.group(0) if match else None


def tweet_gripe(text: str, language: str | None) -> str | None:
    """The words in a tweet that say something is wrong, as a comment in ``language`` is
    judged, its idioms of praise aside ("killer", "sick"); or None."""
    return negative_clause(_PRAISE_IDIOM.sub(" ", text), language)


def harmless_removed(text: str, language: str | None) -> str:
    """``text`` (quotes made plain) without the phrases whose words of a fault say none: an
    English "issue" that is an edition of a magazine, German or Spanish (``language``) "kein
    Problem", "nunca me decepcionan"."""
    plain = plain_quotes(text)
    if language in (None, "en"):
        # "Dig into the spring issue": an edition of a magazine, no fault.
        plain = _EDITION.sub(" ", plain)
    harmless = _HARMLESS_IN.get(language or "")
    return harmless.sub(" ", plain) if harmless is not None else plain


# The words of a negative clause that only qualify what is said ("but", "nothing short of",
# "don't know who won yet"): praise with a reservation, not a report of a fault.
_RESERVATION = frozenset(
    {
        "but",
        "however",
        "though",
        "although",
        "except",
        "yet",
        "not",
        "never",
        "nothing",
        "nobody",
        "no one",
        "can't",
        "cannot",
        "couldn't",
        "won't",
        "wouldn't",
        "isn't",
        "aren't",
        "wasn't",
        "doesn't",
        "didn't",
        "don't",
    }
)


def only_reservations(text: str) -> bool:
    """Whether every negative clause in ``text`` is only a reservation ("but", "wasn't
    expecting"), with no word of a fault ("broken", "late", "again") among them."""
    cleaned = _HARMLESS.sub(" ", plain_quotes(text))
    words = [m.group(0).lower() for m in _NEGATIVE_CLAUSE.finditer(cleaned)]
    return bool(words) and all(w in _RESERVATION for w in words)


# Clear praise or thanks ("so shoutout to you", "thank you!", "they've been great").
_PRAISE_WORDS = re.compile(
    r"(?<!\w)(?:thank\w*|thx|kudos|grateful|shout ?-?outs?|appreciate\w*|great|love\w*|amazing"
    r"|awesome|excellent|brilliant|fantastic|best|superb|well done|good to (?:me|us)"
    r"|(?:so|really|such|great|super) fun|wonderful|lovely|perfect|enjoy\w*)(?!\w)"
    r"|[\U0001f44f\U0001f64c\u2764\U0001f499\U0001f60d\U0001f970\U0001f44d]",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
# A negation in the words after a turn ("but it's no fun", "but not great"): no praise.
_TAIL_NEGATED = re.compile(r"(?<!\w)(?:not|no|never|nothing|hardly)(?!\w)|n'?t(?!\w)", re.I)
_TURN = re.compile(r"(?<!\w)(?:but|though|however|although|except|yet)(?!\w)", re.IGNORECASE)


def ends_on_praise(text: str) -> bool:
    """Whether the comment's last sentence is praise or thanks: a reservation before it
    ("ups and downs, but lately great — shoutout") leaves it praise to thank."""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    if not sentences:
        return False
    # Within the last sentence, what follows its last "but": "lovely, but the queue was long".
    parts = _TURN.split(sentences[-1])
    tail = parts[-1]
    turned = len(parts) > 1
    return _PRAISE_WORDS.search(tail) is not None and not (
        turned and _TAIL_NEGATED.search(tail) is not None
    )


@functools.lru_cache(maxsize=256)
def is_real_question(text: str) -> bool:
    """Whether ``text`` asks something: a question mark, a sentence opening like a question, or
    a question after a greeting ("hi all, what's the news on Sunday")."""
    if "?" in text:
        return True
    if _INNER_QUESTION.search(text):
        return True
    return any(_QUESTION_START.match(_OPENING.sub("", part)) for part in sentences(text))


# Words of delight that a word-by-word sentiment reading takes as negative ("dangerously good",
# "addictive", "to die for", "killing it", "obsessed").
_PRAISE_IDIOM = re.compile(
    r"(?<![\w-])(?:dangerous(?:ly)?(?: \w+)?|(?:so |totally |seriously |very )?addict(?:ive|ed)"
    r"|to die for|killing it|killed it|kill(?:s|ed)? it|obsessed(?: with)?|sinful(?:ly)?"
    r"|(?:wicked|insanely|crazy|stupid|ridiculously|unreal|sick(?:ly)?) (?:good|tasty|delicious)"
    r"|can'?t get enough|hooked|guilty pleasure|to kill for)(?![\w-])",
    re.IGNORECASE,
)


def _praise_idioms_only(comment_text: str, readings: Readings) -> bool:
    """Praise whose only negative words are idioms of delight: not a complaint."""
    if "praise" not in readings.intents or {"complaint", "support", "abuse"} & set(
        readings.intents
    ):
        return False
    if _PRAISE_IDIOM.search(comment_text) is None:
        return False
    return negative_clause(_PRAISE_IDIOM.sub(" ", comment_text)) is None


def unhappy(comment_text: str, readings: Readings) -> str | None:
    """Why a reply must not thank or cheer: a negative clause, or readings that disagree."""
    # The drafter asks first, then the guardrails once or twice for the same comment. The
    # score's sign is part of the key: -0.0 equals 0.0 but prints as "-0.00".
    score = readings.score
    return _unhappy(
        comment_text,
        readings.sentiment,
        score,
        math.copysign(1.0, score),
        readings.intents,
        readings.sarcasm,
        readings.language,
    )


@functools.lru_cache(maxsize=256)
def _unhappy(
    comment_text: str,
    sentiment: str,
    score: float,
    _sign: float,
    intents: tuple[str, ...],
    sarcasm: bool,
    language: str | None,
) -> str | None:
    readings = Readings(sentiment, score, intents, sarcasm, language=language)
    # A question the reader leans negative on but is unsure of was already read as neutral.
    if (
        readings.sentiment == "negative"
        or (readings.sentiment != "neutral" and readings.score <= -0.3)
    ) and not _praise_idioms_only(comment_text, readings):
        return f"the comment reads negative ({readings.score:+.2f})"
    if readings.sarcasm:
        return "the comment reads as sarcasm"
    bad = {"complaint", "abuse"} & set(readings.intents)
    if bad:
        return "the comment is a complaint" if "complaint" in bad else "the comment reads abusive"
    clause = tweet_gripe(comment_text, readings.language)
    if clause is not None:
        return f'the comment has a negative clause ("{clause}")'
    return None


def playful_allowed(comment_text: str, readings: Readings) -> bool:
    """A playful voice (emoji, exclamations of delight) only answers praise and chat."""
    if unhappy(comment_text, readings) is not None:
        return False
    return not ({"support", "complaint"} & set(readings.intents))


def has_emoji(text: str) -> bool:
    return _EMOJI.search(text) is not None


def strip_emoji(text: str) -> str:
    stripped = _EMOJI.sub("", text)
    return re.sub(r"\s+([,.!?;:])", r"\1", re.sub(r"[ \t]{2,}", " ", stripped)).strip()


# A gap left for a person to fill ("[answer: …]", "{{ name }}", "<insert date>", "TODO"): a
# public reply must be sendable as it is, whoever wrote it.
_PLACEHOLDER = re.compile(
    r"\[[^\]\n]{1,120}\]|\{\{|\}\}|<(?:insert|add|your|name|date)[^>\n]{0,60}>"
    r"|(?<!\w)(?:TODO|TBD|XXX)(?!\w)",
    re.IGNORECASE,
)


def check(
    draft_text: str,
    comment: Comment,
    readings: Readings,
    brand: BrandProfile,
    platform: str,
) -> list[Problem]:
    """What is wrong with ``draft_text`` as the brand's public reply to ``comment``."""
    problems: list[Problem] = []
    text = draft_text.strip()
    if not text:
        return [Problem("empty", "the reply is empty")]
    hazard = find_hazard(plain_quotes(comment.text))
    if hazard is not None:
        problems.extend(_safety_problems(text, hazard))
    why = unhappy(comment.text, readings)
    if (
        why is not None
        and not _praise_at_the_end(comment.text, readings)
        and not _praise_beside_own_loss(comment.text, readings)
    ):
        thanks = _THANKS.search(text)
        if thanks is not None:
            problems.append(Problem("thanks", f'"{thanks.group(0)}" in the reply, but {why}'))
    if (why is not None or hazard is not None or brand.voice == "formal") and has_emoji(text):
        problems.append(Problem("emoji", "emoji in a reply to an unhappy or serious comment"))
    faq = readings.faq
    if faq is not None and faq.answer and faq.answer in text:
        if faq.score < FAQ_THRESHOLD:
            problems.append(
                Problem("faq", f'FAQ "{faq.question}" scored {faq.score:.2f} < {FAQ_THRESHOLD}')
            )
        elif not is_real_question(comment.text):
            problems.append(Problem("faq", f'FAQ "{faq.question}" answers no question asked'))
        elif why is not None:
            problems.append(Problem("faq", f'FAQ "{faq.question}" answers a problem ({why})'))
    limit = REPLY_LIMITS.get(platform)
    if limit is not None and reply_length(text, platform) > limit:
        length = reply_length(text, platform)
        problems.append(Problem("length", f"{length} characters, over the limit of {limit}"))
    if _cut_ending(text) and not text.endswith(brand.sign_off or "\0"):
        problems.append(Problem("cut", "the reply ends mid-sentence"))
    for wrong in wording_problems(text):
        problems.append(Problem("wording", wrong))
    for when in time_promises(text):
        problems.append(Problem("promise", f'promises a follow-up by a time ("{when}")'))
    if (claim := _CLAIMED.search(text)) is not None:
        problems.append(
            Problem(
                "claim",
                f'says the team already acted ("{claim.group(0)}"), which it has not — ask the'
                " customer to message us instead",
            )
        )
    if (gap := _PLACEHOLDER.search(text)) is not None:
        problems.append(Problem("placeholder", f'a gap left to fill ("{gap.group(0)}")'))
    return problems


def _praise_at_the_end(comment_text: str, readings: Readings) -> bool:
    """Praise whose only negative clauses are reservations and whose last sentence is praise
    ("ups and downs, but lately great. Shoutout to you!"): thanks are welcome."""
    text = plain_quotes(comment_text)
    return (
        readings.sentiment == "positive"
        and not readings.sarcasm
        and not {"complaint", "abuse"} & set(readings.intents)
        and only_reservations(text)
        and ends_on_praise(text)
    )


def _praise_beside_own_loss(comment_text: str, readings: Readings) -> bool:
    """Praise or thanks beside the customer's own lost reference ("love you guys, lost my
    booking number though"): with the loss left out, no complaint, no negative reading and
    no negative clause but a reservation; thanks are welcome."""
    loss = readings.own_loss
    if not loss or readings.sarcasm or {"complaint", "abuse"} & set(readings.intents):
        return False
    if readings.sentiment == "negative" or readings.score <= -0.3:
        return False
    rest = plain_quotes(comment_text).lower().replace(loss, " ")
    if rest == plain_quotes(comment_text).lower() or _PRAISE_WORDS.search(rest) is None:
        return False
    return negative_clause(rest, readings.language) is None or only_reservations(rest)


def _safety_problems(text: str, hazard: Hazard) -> list[Problem]:
    problems = [
        Problem("safety", f'{hazard.topic} ("{hazard.cue}"): a person must answer this, urgently')
    ]
    admits = _ADMITS.search(text)
    if admits is not None:
        problems.append(Problem("admits", f'"{admits.group(0)}" admits fault or promises'))
    return problems


def fix(text: str, problems: list[Problem], platform: str, keep_last: str = "") -> str | None:
    """``text`` with its fixable problems repaired, or None when one of them cannot be; any
    problem outside ``FIXABLE`` is left for the caller (which sends the comment to a person)."""
    codes = {p.code for p in problems}
    if "emoji" in codes:
        text = strip_emoji(text)
    if "wording" in codes:
        text = fix_wording(text)
    if "promise" in codes:
        text = drop_time_promises(text)
    if "length" in codes or "cut" in codes:
        composed = compose_within(text, platform, keep_last)
        if composed is None or _cut_ending(composed.removesuffix(keep_last).strip()):
            return None
        text = composed
    return text


def compose_within(text: str, platform: str, keep_last: str = "") -> str | None:
    """``text`` made to fit the platform by leaving out whole sentences, never by cutting one:
    the sign-off (``keep_last``) first, then the middle sentences from the end; the opening
    sentence and the one that says what to do next stay. None when even those do not fit."""
    limit = REPLY_LIMITS.get(platform)
    if limit is None or reply_length(text, platform) <= limit:
        return text
    body = text.removesuffix(keep_last).strip() if keep_last else text
    parts = sentences(body)
    if reply_length(body, platform) <= limit:
        return body
    # Keep the first sentence and the last one that asks for something; drop others from the end.
    keep_tail = next((i for i in range(len(parts) - 1, 0, -1) if "?" in parts[i]), len(parts) - 1)
    middle = [i for i in range(1, len(parts)) if i != keep_tail]
    chosen = list(range(len(parts)))
    for index in reversed(middle):
        chosen.remove(index)
        candidate = " ".join(parts[i] for i in chosen)
        if reply_length(candidate, platform) <= limit:
            return candidate
    for candidate in (" ".join(parts[i] for i in chosen[-1:]), parts[0]):
        if reply_length(candidate, platform) <= limit and candidate[-1:] in ".!?":
            return candidate
    return None
