"""Intents of a comment from lexicon cues, with negation, quoting and spam signals as evidence."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from bot.models import Evidence
from bot.smo import lexicon
from bot.smo.cues import CueScanner, Hit
from bot.smo.entities import Entities
from bot.smo.guardrails import plain_quotes
from bot.smo.lexicon import CueSpec
from bot.smo.memo import by_text
from bot.smo.service_asks import reference_lost

__all__ = [
    "INTENTS",
    "REPEATS_FROM",
    "SPAM_THRESHOLD",
    "TONE_COMPLAINT",
    "CueReading",
    "IntentClassifier",
    "IntentResult",
    "RepeatTracker",
    "telling_repeats",
]

INTENTS: tuple[str, ...] = (
    "abuse",
    "spam",
    "complaint",
    "support",
    "purchase_intent",
    "question",
    "praise",
    "other",
)
SPAM_THRESHOLD = 3
# The same text from this many authors (or on this many posts by one author) is a spam signal.
REPEATS_FROM = 3
# VADER alone names a complaint or praise only when it is this sure (no lexicon cue fired).
STRONG_NEGATIVE = -0.5
# How the evidence of a complaint read from VADER's tone alone begins (no complaint cue fired).
TONE_COMPLAINT = "strongly negative"
STRONG_POSITIVE = 0.6
MIXED_PRAISE = 0.5
MIXED_COMPLAINT = -0.2
# A comment that thanks and still reads this negative: the thanks is a formula or a jibe.
NEGATIVE_THANKS = -0.3
POSITIVE_EMOJI = 2.0
NEGATIVE_EMOJI = -2.5
SHORTENERS: frozenset[str] = frozenset(
    {"bit.ly", "tinyurl.com", "goo.gl", "cutt.ly", "t.ly", "is.gd", "rb.gy", "linktr.ee", "ow.ly"}
)

_CLAUSE_END = re.compile(r"[.!?;,:\n]|\b(?:but|aber|pero|mais)\b", re.I)
_TOKEN = re.compile(r"[\w']+")
_QUOTED = re.compile(r"[\"“„«]([^\"“”«»„]{1,200})[\"”“»]|(?<!\w)'([^'\n]{1,120})'(?!\w)")
_NEGATION_EXCEPTIONS = re.compile(r"\b(?:nothing but|not only|no doubt|never not)\b", re.I)
_HELP = re.compile(
    r"(?<!\w)(?:help|please|pls|plz|assist|fix|sort (?:it|this) out|need to|want to|can someone"
    r"|can you|how (?:do|can) i|hilfe|bitte|ayuda|por favor)(?!\w)",
    re.I,
)
# A damaged or faulty item is a support case once it is the customer's own delivery or account.
_OWN_ITEM = re.compile(
    r"(?<!\w)(?:arrived|received|came|delivered|delivery|box|package|parcel|my order|ordered"
    r"|app|account|log ?in|sign ?in|checkout|lieferung|bestellung|angekommen|pedido|llegó)(?!\w)",
    re.I,
)
_ACCOUNT_WORDS = re.compile(
    r"(?<!\w)(?:app|account|log ?in|sign ?in|password|konto|cuenta)(?!\w)", re.I
)
# Complaint issues that always need someone to act on the customer's order, and the topic.
_ISSUE_TOPIC: dict[str, str | None] = {
    "delay": "shipping",
    "wrong item": "order",
    "billing": "refund",
    "no answer": None,
    "access": "account",
}
# How near the start or end of a request a "thanks" is politeness rather than praise.
_COURTESY_EDGE = 25
# Where the clause after a contrast word ends.
_CLAUSE_TAIL = re.compile(r"[.!?;\n]")
# Words in the clause after a contrast word that make it a negative one.
_TROUBLE: frozenset[str] = frozenset(
    {"issue", "issues", "problem", "problems", "pending", "await", "awaiting", "waiting",
     "missing", "wish", "too", "lacking", "lacks", "slow", "late", "broken", "wrong"}
)  # fmt: skip
# A hashtag that puns on the name of an account the comment tags with a jibe ("@acme ...
# #AcmCon", "#AcmeFail"): a public complaint. The name must keep this many letters.
_JIBES = ("con", "scam", "fail", "fails", "ripoff", "sucks", "lies", "joke")
_PUN_LETTERS = 3
_BRAND_JIBE = CueSpec("#brand jibe", "experience", negatable=False)
# A comment VADER alone reads cheerful turns negative at one of these (see ``_cheer_turned``),
# within a comment no longer than a tweet (a long review weighs both sides).
_CHEER_TURN = re.compile(
    r"(?<!anything )(?<!nothing )(?<!all )(?<!\w)(?:but|however|though|although)(?!\w)", re.I
)
_CHEER_CHARS = 280
_NEGATED_PRAISE = re.compile(
    r"(?:not|n't|ain'?t) (?:as |that |too |so )?bad|n't (?:be|have been) better|n't complain"
    r"|n't (?:stop|wait)|no (?:problem|issue|complaint)s?|never disappoint",
    re.I,
)
# Where ``IntentClassifier._opener`` can start past the beginning of a text.
_SENTENCE_MARKS = frozenset(".!?;\n¿")
_NON_WORD = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACES = re.compile(r"\s+")


def _tokens_before(text: str, start: int, count: int = 3) -> list[str]:
    """The last ``count`` words of the clause that ends where a cue starts."""
    window = text[max(0, start - 60) : start]
    clause = _CLAUSE_END.split(window)[-1]
    return _TOKEN.findall(clause.lower())[-count:]


def _negated(text: str, start: int) -> bool:
    before = _tokens_before(text, start)
    if not before:
        return False
    if _NEGATION_EXCEPTIONS.search(text[max(0, start - 30) : start]):
        return False
    return any(t in lexicon.NEGATORS or t.endswith("n't") for t in before)


# What may stand between a complaint word and the insult it qualifies: nothing but spaces, or
# one more word ("useless little clown", "incompetent bunch of idiots" is two and stays).
_BEFORE_INSULT = re.compile(r"\s+(?:[\w']+\s+)?")


def _qualifies_insult(text: str, hit: Hit, insults: list[Hit]) -> bool:
    """Whether the complaint word ``hit`` is an adjective of one of the ``insults`` ("you
    useless clown"): name-calling, not a fault the brand could fix."""
    end = hit.start + len(hit.text)
    return any(
        i.start >= end and _BEFORE_INSULT.fullmatch(text, end, i.start) is not None for i in insults
    )


_QUOTES = frozenset("\"“„«'")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    if _QUOTES.isdisjoint(text):
        return []
    return [m.span() for m in _QUOTED.finditer(text)]


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    return any(a < position < b for a, b in spans)


@dataclass(frozen=True, slots=True)
class IntentResult:
    """The intents of one comment, in ``INTENTS`` order, with the cues behind them."""

    intents: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    sarcasm: bool = False
    issue: str | None = None
    topic: str | None = None
    spam_score: int = 0
    mixed: bool = False
    # Abuse read by the learned reader below ``thresholds["abuse_hide"]``, or in a comment aimed
    # at no one (``bot.smo.readers.aim``): flagged for a person, but no reason on its own to
    # propose hiding the comment instead of answering it.
    abuse_unsure: bool = False


def telling_repeats(authors: int, posts: int) -> tuple[int, int]:
    """Repeat counts as far as classifying goes: below ``REPEATS_FROM`` neither counts, so
    results for a text can be shared by everyone who wrote it until it looks like spam."""
    if authors < REPEATS_FROM and posts < REPEATS_FROM:
        return 0, 0
    return authors, posts


def _intent_result(
    evidence: list[Evidence],
    spam_score: int,
    found: set[str],
    sarcasm: bool,
    issue: str | None,
    topic: str | None,
    mixed: bool = False,
) -> IntentResult:
    if spam_score >= SPAM_THRESHOLD:
        found.add("spam")
    if "spam" in found:
        found &= _SPAM_KEEPS
        dropped = _ALL_INTENTS - found
        evidence = [e for e in evidence if e.label not in dropped]
    if not found:
        found.add("other")
        evidence.append(Evidence("other", "no cue fired"))
    return IntentResult(
        _in_order(frozenset(found)), tuple(evidence), sarcasm, issue, topic, spam_score, mixed
    )


_ALL_INTENTS = frozenset(INTENTS)
_SPAM_KEEPS = frozenset({"spam", "abuse"})


@functools.lru_cache(maxsize=256)
def _in_order(found: frozenset[str]) -> tuple[str, ...]:
    """``found`` in ``INTENTS`` order (remembered: there are only so many combinations)."""
    return tuple(i for i in INTENTS if i in found)


@dataclass(frozen=True, slots=True)
class CueReading:
    """What the cues of a text say before repeats are counted: the evidence either side of
    where repeat evidence goes, the spam score so far and every intent found but spam."""

    before: tuple[Evidence, ...]
    spam_score: int
    after: tuple[Evidence, ...]
    found: frozenset[str]
    sarcasm: bool
    issue: str | None
    topic: str | None
    emoji_only: bool
    unrepeated: IntentResult
    mixed: bool = False

    def result(self, repeat_authors: int, repeat_posts: int) -> IntentResult:
        """The intents once ``repeat_authors`` and ``repeat_posts`` are known."""
        if repeat_authors < REPEATS_FROM and repeat_posts < REPEATS_FROM:
            return self.unrepeated
        if repeat_authors >= REPEATS_FROM:
            # Fans repeat short praise; a row of emojis pasted by many accounts is a bot ring.
            weight = 3 if self.emoji_only else 2
            repeated = Evidence("spam", f"same text from {repeat_authors} authors")
        else:
            weight = 2
            repeated = Evidence("spam", f"same text on {repeat_posts} posts")
        return _intent_result(
            [*self.before, repeated, *self.after],
            self.spam_score + weight,
            set(self.found),
            self.sarcasm,
            self.issue,
            self.topic,
            self.mixed,
        )


@dataclass(slots=True)
class _Seen:
    """Who wrote one text, when, and on which posts; ``earliest`` and ``latest`` bound every
    time in ``authors`` so that counting rarely needs to look at each author."""

    earliest: datetime
    latest: datetime
    authors: dict[str, datetime] = field(default_factory=dict)
    posts: dict[str, dict[str, datetime]] = field(default_factory=dict)


class RepeatTracker:
    """Remembers normalised comment texts to spot the same text from many authors or posts.

    State lives here (owned by the engine) so the classifier stays a function of its inputs.
    """

    MIN_CHARS = 25
    MIN_EMOJIS = 5

    def __init__(self, window: timedelta = timedelta(days=7), max_texts: int = 200_000) -> None:
        self._window = window
        self._max_texts = max_texts
        self._seen: dict[str, _Seen] = {}

    @classmethod
    def normalise(cls, text: str, entities: Entities) -> str | None:
        """The text as compared across authors, or None when too short to mean anything."""
        if entities.emoji_only:
            return "".join(entities.emojis) if len(entities.emojis) >= cls.MIN_EMOJIS else None
        # Whitespace runs made one space and the ends trimmed, as ``_SPACES`` and ``strip``
        # would: ``split`` splits on the same characters as ``\s``.
        flat = " ".join(_NON_WORD.sub(" ", text.lower()).split())
        return flat if len(flat) >= cls.MIN_CHARS else None

    def add(self, key: str, author: str, post_id: str, at: datetime) -> None:
        if key not in self._seen and len(self._seen) >= self._max_texts:
            self._forget_before(at - self._window)
        seen = self._seen.get(key)
        if seen is None:
            seen = self._seen[key] = _Seen(at, at)
        elif at < seen.earliest:
            seen.earliest = at
        elif at > seen.latest:
            seen.latest = at
        latest = seen.authors.get(author)
        seen.authors[author] = latest if latest is not None and latest > at else at
        seen.posts.setdefault(author, {})[post_id] = at

    def counts(self, key: str, author: str, at: datetime) -> tuple[int, int]:
        """Distinct authors with this text, and posts this author put it on, near ``at``."""
        seen = self._seen.get(key)
        if seen is None:
            return 0, 0
        # Within the window of ``at`` is between these two: cheaper than |t - at| each time.
        low, high = at - self._window, at + self._window
        if seen.earliest >= low and seen.latest <= high:
            authors = len(seen.authors)
        else:
            authors = sum(1 for t in seen.authors.values() if low <= t <= high)
        mine = seen.posts.get(author, {})
        posts = sum(1 for t in mine.values() if low <= t <= high)
        return authors, posts

    def _forget_before(self, cutoff: datetime) -> None:
        stale = [k for k, s in self._seen.items() if max(s.authors.values()) < cutoff]
        for k in stale:
            del self._seen[k]
        # Still full (a burst inside one window): drop the oldest half rather than grow forever.
        if len(self._seen) >= self._max_texts:
            for k in list(self._seen)[: self._max_texts // 2]:
                del self._seen[k]


class IntentClassifier:
    """Lexicon cues compiled once; ``classify`` is a pure function of its arguments. What the
    cues of a text say is remembered by text and the rest of the arguments but the repeat
    counts, which are applied afterwards (a repeated spam text comes back with new counts)."""

    def __init__(self) -> None:
        self._remembered = by_text(self._read)
        self._cues = CueScanner(
            {
                "complaint": lexicon.COMPLAINT,
                "praise": lexicon.PRAISE,
                "purchase": lexicon.PURCHASE,
                "support": lexicon.SUPPORT,
                "spam": lexicon.SPAM_PHRASES,
                "abuse_strong": lexicon.ABUSE_STRONG,
                "abuse_weak": lexicon.ABUSE_WEAK,
                "sarcasm": lexicon.SARCASM,
                "sarcasm_praise": lexicon.SARCASM_PRAISE,
                "service": lexicon.SERVICE_COMPLAINT,
                "help": lexicon.HELP_REQUESTS,
                "questions": lexicon.QUESTION_PHRASES,
            }
        )
        openers = "|".join(re.escape(o) for o in lexicon.QUESTION_OPENERS)
        self._opener = re.compile(rf"(?:^|[.!?;\n]\s*|¿\s*)(?:{openers})(?!\w)", re.IGNORECASE)
        # What a comment may open with before its first words: mentions, hashtags, greetings
        # ("@brand hi, why does ...", ".@brand how do I ...").
        greetings = "|".join(lexicon.GREETINGS)
        self._lead = re.compile(
            rf"(?:[\s.,:;!\-–—]*(?:[@#][\w.]+|(?:{greetings})(?!\w)))*[\s.,:;!\-–—]*",
            re.IGNORECASE,
        )
        self._lead_opener = re.compile(rf"(?:{openers})(?!\w)", re.IGNORECASE)
        self._courtesy = re.compile(
            rf"(?:{'|'.join(re.escape(c) for c in lexicon.COURTESY)})", re.IGNORECASE
        )
        contrast = "|".join(re.escape(c) for c in lexicon.CONTRAST)
        self._contrast = re.compile(rf"(?<!\w)(?:{contrast})(?!\w)", re.IGNORECASE)

    def classify(
        self,
        text: str,
        entities: Entities,
        sentiment: float,
        *,
        repeat_authors: int = 0,
        repeat_posts: int = 0,
        own_handles: frozenset[str] = frozenset(),
        own_domains: frozenset[str] = frozenset(),
        vader_reliable: bool = True,
    ) -> IntentResult:
        """Label ``text``; ``sentiment`` is its VADER compound, the repeats from the tracker.

        ``vader_reliable`` is False for text in a language other than English, where VADER's
        English word list misreads (German "die" is not "to die").
        """
        reading = self._remembered(
            text, entities, sentiment, own_handles, own_domains, vader_reliable
        )
        return reading.result(repeat_authors, repeat_posts)

    def read(
        self,
        text: str,
        entities: Entities,
        sentiment: float,
        *,
        own_handles: frozenset[str] = frozenset(),
        own_domains: frozenset[str] = frozenset(),
        vader_reliable: bool = True,
    ) -> CueReading:
        """What the cues of ``text`` say before repeats are counted, worked out afresh (the
        engine remembers whole meanings instead)."""
        return self._read(text, entities, sentiment, own_handles, own_domains, vader_reliable)

    def _read(
        self,
        text: str,
        entities: Entities,
        sentiment: float,
        own_handles: frozenset[str],
        own_domains: frozenset[str],
        vader_reliable: bool,
    ) -> CueReading:
        evidence: list[Evidence] = []
        found: set[str] = set()
        issue: str | None = None
        topic: str | None = None
        # The cues spell "don't" with a straight apostrophe; phones type a curly one.
        if "’" in text:
            text = text.replace("’", "'")
        hits = self._cues.scan(text)
        quoted = _quoted_spans(text)

        insults = self._abuse(text, hits, quoted, evidence)
        if insults:
            found.add("abuse")

        spam_score = self._spam_score(
            text, hits["spam"], entities, own_handles, own_domains, evidence
        )
        before = tuple(evidence)
        evidence = []

        complaint_hits: list[Hit] = []
        praise_hits: list[Hit] = []
        negated_praise: list[Hit] = []
        for hit in hits["complaint"]:
            if hit.cue.negatable and _negated(text, hit.start):
                evidence.append(Evidence("not complaint", f'negated "{hit.text}"'))
                continue
            if _qualifies_insult(text, hit, insults):
                # "you useless clown": the word is part of the insult, not a fault to fix.
                evidence.append(Evidence("not complaint", f'"{hit.text}" insults someone'))
                continue
            complaint_hits.append(hit)
        complaint_hits = _merged(complaint_hits, hits["service"])
        if entities.hashtags:
            complaint_hits = _merged(complaint_hits, _brand_jibes(text, entities, own_handles))
        # A praise word inside a complaint phrase ("used to be great") is part of the complaint.
        complained = [(h.start - 1, h.start + len(h.text)) for h in complaint_hits]
        for hit in hits["praise"]:
            if _inside(complained, hit.start):
                continue
            if _inside(quoted, hit.start):
                evidence.append(Evidence("not praise", f'quoted "{hit.text}"'))
                continue
            if hit.cue.negatable and _negated(text, hit.start):
                evidence.append(Evidence("not praise", f'negated "{hit.text}"'))
                if sentiment < 0 or not vader_reliable:
                    negated_praise.append(hit)
                continue
            praise_hits.append(hit)

        sarcasm = self._sarcasm_cue(hits, bool(complaint_hits), evidence)
        asks = bool(hits["help"]) or bool(hits["questions"]) or "?" in text
        # "Thanks" next to a complaint, a request or a question is politeness, not praise.
        if complaint_hits or negated_praise or asks:
            # Next to a request only the thanks that opens or closes it ("thanks in advance");
            # "sorted it in a day, thank you Marcus! is the café open?" still thanks someone.
            edge = None if complaint_hits or negated_praise else _COURTESY_EDGE
            courteous = [
                h
                for h in praise_hits
                if self._courtesy.fullmatch(h.text)
                and (edge is None or h.start < edge or len(text) - h.start - len(h.text) < edge)
            ]
            if courteous:
                evidence.append(Evidence("not praise", f'courtesy "{courteous[0].text}"'))
                praise_hits = [h for h in praise_hits if h not in courteous]
        # A thanks in a comment that reads negative all the same is a formula or a jibe
        # ("thanks. sat here two hours again"), not praise: the rest is what it says.
        thanks_only = bool(praise_hits) and all(
            self._courtesy.fullmatch(h.text) for h in praise_hits
        )
        negative_thanks = (
            thanks_only and vader_reliable and sentiment <= NEGATIVE_THANKS and not sarcasm
        )
        if negative_thanks:
            evidence.append(
                Evidence("not praise", f'"{praise_hits[0].text}" in a negative comment')
            )
            praise_hits = []
        # Praise with a complaint is a mixed comment: the complaint is what needs an answer.
        mixed = bool(complaint_hits) and bool(praise_hits) and not sarcasm
        if not complaint_hits and praise_hits and not sarcasm:
            turn = self._contrast_turn(text, praise_hits[0])
            if turn is not None:
                mixed = True
                found.add("complaint")
                issue = "experience"
                evidence.append(Evidence("complaint", f'"{turn}" after praise'))
        if mixed:
            evidence.append(Evidence("mixed", f'praise "{praise_hits[0].text}" with a complaint'))
            # The last clause carries a mixed comment ("nice staff, but still broken"): praise
            # wins only when it comes after every complaint and VADER agrees ("people call it
            # useless, mine is brilliant"); otherwise the complaint is what needs an answer.
            last_complaint = max(h.start for h in complaint_hits) if complaint_hits else -1
            if praise_hits[-1].start > last_complaint >= 0 and sentiment >= MIXED_PRAISE:
                evidence.append(
                    Evidence("not complaint", f"outweighed by praise ({sentiment:+.2f})")
                )
                complaint_hits = []
            else:
                evidence.append(Evidence("not praise", "mixed with a complaint"))
                praise_hits = []
        if not complaint_hits and negated_praise:
            found.add("complaint")
            issue = "experience"
            evidence.append(Evidence("complaint", f'negated praise "{negated_praise[0].text}"'))

        if complaint_hits:
            found.add("complaint")
            first = complaint_hits[0]
            issue = first.cue.tag or "experience"
            for hit in complaint_hits[:3]:
                evidence.append(Evidence("complaint", f'"{hit.text}"'))
        elif "complaint" in found:
            pass
        elif sentiment <= STRONG_NEGATIVE and vader_reliable and not insults and not praise_hits:
            found.add("complaint")
            issue = "experience"
            evidence.append(Evidence("complaint", f"{TONE_COMPLAINT} ({sentiment:+.2f})"))
        elif sarcasm:
            found.add("complaint")
            issue = "experience"
            evidence.append(Evidence("complaint", "sarcastic praise"))
        elif negative_thanks and not asks:
            found.add("complaint")
            issue = "experience"
            evidence.append(
                Evidence("complaint", f"negative despite the thanks ({sentiment:+.2f})")
            )
        negative_emoji = [e for e in entities.emojis if _valence(e) <= NEGATIVE_EMOJI]
        if negative_emoji and "complaint" not in found and not insults:
            found.add("complaint")
            issue = issue or "experience"
            evidence.append(Evidence("complaint", f"emoji {negative_emoji[0]}"))

        if not sarcasm and ("complaint" not in found or praise_hits):
            if praise_hits:
                found.add("praise")
                for hit in praise_hits[:3]:
                    evidence.append(Evidence("praise", f'"{hit.text}"'))
            elif "complaint" in found:
                pass
            else:
                positive_emoji = [e for e in entities.emojis if _valence(e) >= POSITIVE_EMOJI]
                if positive_emoji and not asks:
                    found.add("praise")
                    evidence.append(Evidence("praise", f"emoji {positive_emoji[0]}"))
                elif (
                    sentiment >= STRONG_POSITIVE
                    and vader_reliable
                    and not entities.emoji_only
                    and not asks
                ):
                    # VADER's cheer is no praise where a short comment turns to a negated
                    # clause ("happy to chat, but your team won't let me in").
                    turn = self._cheer_turned(text)
                    if turn is None:
                        found.add("praise")
                        evidence.append(Evidence("praise", f"strongly positive ({sentiment:+.2f})"))
                    else:
                        found.add("complaint")
                        issue = "experience"
                        evidence.append(Evidence("complaint", f'"{turn}" then a negative clause'))

        question = self._question_cue(text, entities.urls)
        if question is None and hits["questions"]:
            question = f'asks "{hits["questions"][0].text}"'
        if question is not None:
            found.add("question")
            evidence.append(Evidence("question", question))

        purchase_hits: list[Hit] = []
        for hit in hits["purchase"]:
            if hit.cue.negatable and _negated(text, hit.start):
                evidence.append(Evidence("not purchase_intent", f'negated "{hit.text}"'))
                continue
            purchase_hits.append(hit)
        # A comment with a problem is no lead unless it says in so many words it wants to buy.
        if (
            purchase_hits
            and "complaint" in found
            and all(h.cue.tag != "buy" for h in purchase_hits)
        ):
            evidence.append(
                Evidence("not purchase_intent", f'"{purchase_hits[0].text}" in a complaint')
            )
        elif purchase_hits:
            found.add("purchase_intent")
            evidence.append(Evidence("purchase_intent", f'"{purchase_hits[0].text}"'))

        support_hits: list[Hit] = []
        if hits["support"]:
            support_hits = [
                h for h in hits["support"] if not (h.cue.negatable and _negated(text, h.start))
            ]
        acting = [h for h in hits["service"] if h.cue.tag in lexicon.NEEDS_ACTION]
        if "complaint" in found and issue is not None and not support_hits:
            own = _OWN_ITEM.search(text)
            if issue in _ISSUE_TOPIC:
                found.add("support")
                topic = _ISSUE_TOPIC[issue]
                evidence.append(Evidence("support", f"{issue} needs someone to act"))
            elif issue in ("damage", "defect") and own is not None:
                found.add("support")
                topic = "account" if _ACCOUNT_WORDS.search(text) else "order"
                evidence.append(Evidence("support", f'{issue} of their own "{own.group(0)}"'))
            elif acting:
                found.add("support")
                topic = _ISSUE_TOPIC.get(acting[0].cue.tag)
                evidence.append(Evidence("support", f"{acting[0].cue.tag} needs someone to act"))
        if support_hits:
            asks_help = "question" in found or "complaint" in found or _HELP.search(text)
            if asks_help or hits["help"]:
                found.add("support")
                topic = support_hits[0].cue.tag
                evidence.append(Evidence("support", f'{topic}: "{support_hits[0].text}"'))
                # An order problem is no purchase lead.
                if "purchase_intent" in found and topic in {"order", "shipping", "refund"}:
                    found.discard("purchase_intent")
            else:
                evidence.append(
                    Evidence("not support", f'"{support_hits[0].text}" without a request')
                )
        if hits["help"] and "support" not in found:
            found.add("support")
            evidence.append(Evidence("support", f'asks for help: "{hits["help"][0].text}"'))
        if "support" in found and "purchase_intent" in found and acting:
            found.discard("purchase_intent")
            evidence.append(Evidence("not purchase_intent", "a service problem, not a lead"))

        unrepeated = _intent_result(
            [*before, *evidence], spam_score, set(found), sarcasm, issue, topic, mixed
        )
        return CueReading(
            before,
            spam_score,
            tuple(evidence),
            frozenset(found),
            sarcasm,
            issue,
            topic,
            entities.emoji_only,
            unrepeated,
            mixed,
        )

    def _abuse(
        self,
        text: str,
        hits: Mapping[str, tuple[Hit, ...]],
        spans: list[tuple[int, int]],
        evidence: list[Evidence],
    ) -> list[Hit]:
        """The insults of ``text`` that count as an attack (none: not abusive)."""
        insults: list[Hit] = []
        for cue_set, needs_target in (("abuse_strong", False), ("abuse_weak", True)):
            for hit in hits[cue_set]:
                if _inside(spans, hit.start):
                    evidence.append(Evidence("not abuse", f'quoted "{hit.text}"'))
                    continue
                before = _tokens_before(text, hit.start, 4)
                if any(t in lexicon.REPORTED_SPEECH for t in before):
                    evidence.append(Evidence("not abuse", f'reported "{hit.text}"'))
                    continue
                if _negated(text, hit.start):
                    evidence.append(Evidence("not abuse", f'negated "{hit.text}"'))
                    continue
                if needs_target and not any(t in lexicon.DIRECTED for t in before):
                    continue
                evidence.append(Evidence("abuse", f'"{hit.text}"'))
                insults.append(hit)
        return insults

    def _spam_score(
        self,
        text: str,
        spam_hits: tuple[Hit, ...],
        entities: Entities,
        own_handles: frozenset[str],
        own_domains: frozenset[str],
        evidence: list[Evidence],
    ) -> int:
        """The spam score of the text alone; repeats are added by ``CueReading.result``."""
        score = 0
        for hit in spam_hits:
            score += hit.cue.weight
            evidence.append(Evidence("spam", f'{hit.cue.tag}: "{hit.text}"'))
        foreign = [u for u in entities.urls if _host(u) not in own_domains]
        if foreign:
            short = [u for u in foreign if _host(u) in SHORTENERS]
            bare = not _SPACES.sub("", _strip_all(text, entities.urls))
            weight = 3 if short or bare else 2
            score += weight
            what = "link shortener" if short else ("link only" if bare else "link")
            evidence.append(Evidence("spam", f"{what} {foreign[0]}"))
        # Four tagged accounts at least, so fewer mentions need no set built.
        if len(entities.mentions) >= 4:
            tagged = {m.lower() for m in entities.mentions} - own_handles
            if len(tagged) >= 4:
                score += 3 if len(tagged) >= 5 else 2
                evidence.append(Evidence("spam", f"mention bomb ({len(tagged)} accounts tagged)"))
        if entities.emoji_only and len(entities.emojis) >= 8:
            score += 1
            evidence.append(Evidence("spam", f"emoji flood ({len(entities.emojis)} emojis)"))
        return score

    def _sarcasm_cue(
        self, hits: Mapping[str, tuple[Hit, ...]], complains: bool, evidence: list[Evidence]
    ) -> bool:
        for hit in hits["sarcasm"]:
            evidence.append(Evidence("sarcasm", f'"{hit.text}"'))
            return True
        if complains:
            for hit in hits["sarcasm_praise"]:
                evidence.append(Evidence("sarcasm", f'"{hit.text}" next to a complaint'))
                return True
        return False

    def _question_cue(self, text: str, urls: Sequence[str]) -> str | None:
        stripped = _strip_all(text, urls)
        if "?" in stripped or "¿" in stripped:
            return "question mark"
        # An opener starts the text or follows one of ".!?;\n¿": without those (and "?" and
        # "¿" are not here) only the start is worth trying.
        if _SENTENCE_MARKS.isdisjoint(stripped):
            match = self._opener.match(stripped)
        else:
            match = self._opener.search(stripped)
        if match is None:
            lead = self._lead.match(stripped)
            match = self._lead_opener.match(stripped, lead.end() if lead else 0)
        if match is not None:
            return f'opens with "{match.group(0).strip(" .!?;¿").lower()}"'
        return None

    def _cheer_turned(self, text: str) -> str | None:
        """The "but" after which a tweet-long comment says what is not so ("happy to chat, but
        your team won't let me in"), for a comment VADER alone reads as cheerful; "anything
        but", "not as bad" and "couldn't be better" turn nothing."""
        if len(text) > _CHEER_CHARS:
            return None
        for turn in _CHEER_TURN.finditer(text):
            clause = _CLAUSE_TAIL.split(text[turn.end() : turn.end() + 120], maxsplit=1)[0]
            words = _TOKEN.findall(clause.lower())
            negated = any(w in lexicon.NEGATORS or w.endswith("n't") for w in words)
            if negated and _NEGATED_PRAISE.search(clause) is None:
                return turn.group(0).lower()
        return None

    def _contrast_turn(self, text: str, praise: Hit) -> str | None:
        """The contrast word when a negative clause follows the praise ("love the new menu,
        but no veggie option"): the comment is mixed, not praise."""
        turn = self._contrast.search(text, praise.start + len(praise.text))
        if turn is None:
            return None
        clause = _CLAUSE_TAIL.split(text[turn.end() : turn.end() + 120], maxsplit=1)[0].lower()
        # A reference of their own they lost ("but I can't find my booking number") is theirs
        # to look up, no fault of ours.
        lost = reference_lost(clause)
        if lost is not None:
            clause = plain_quotes(clause).replace(lost, " ")
        words = _TOKEN.findall(clause)
        if any(w in lexicon.NEGATORS or w.endswith("n't") or w in _TROUBLE for w in words):
            return turn.group(0).lower()
        return None


def _brand_jibes(text: str, entities: Entities, own_handles: frozenset[str]) -> list[Hit]:
    """Hashtags that pun on a tagged account's name with a jibe (see ``_JIBES``)."""
    names = {_flat(m) for m in entities.mentions} | {_flat(h) for h in own_handles}
    found = []
    for tag in entities.hashtags:
        flat = _flat(tag)
        if flat in names:
            continue  # the brand's own hashtag
        for jibe in _JIBES:
            stem = flat[: -len(jibe)]
            if flat.endswith(jibe) and len(stem) >= _PUN_LETTERS:
                if any(n.startswith(stem) or stem.startswith(n) for n in names if n):
                    found.append(Hit(_BRAND_JIBE, f"#{tag}", max(0, text.find(f"#{tag}"))))
                break
    return found


def _flat(name: str) -> str:
    return name.lower().lstrip("@#").replace("_", "")


def _merged(first: list[Hit], second: Sequence[Hit]) -> list[Hit]:
    """Hits of two cue sets in order of position, a hit of ``second`` that overlaps one of
    ``first`` left out (the same words read twice)."""
    if not second:
        return first
    taken = [(h.start, h.start + len(h.text)) for h in first]
    extra = [
        h for h in second if not any(a < h.start + len(h.text) and h.start < b for a, b in taken)
    ]
    return sorted([*first, *extra], key=lambda h: h.start)


def _strip_all(text: str, urls: Sequence[str]) -> str:
    for url in urls:
        text = text.replace(url, " ")
    return text


def _host(url: str) -> str:
    if "://" not in url:
        url = "//" + url
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _valence(item: str) -> float:
    value = lexicon.EMOJI_VALENCE.get(item)
    if value is None:
        value = lexicon.EMOJI_VALENCE.get(item.rstrip("\ufe0f"), 0.0)
    return value
