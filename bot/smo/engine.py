"""The community-engagement engine: understand each comment, then draft what to do about it."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path

from bot.models import Analysis, Comment, Engagement, Evidence
from bot.smo.agents import is_brands_own
from bot.smo.brand import BrandProfile
from bot.smo.drafting import GOES_PRIVATE, URGENT, Drafter, ReplyPlan, TemplateLibrary
from bot.smo.entities import Entities, extract_entities
from bot.smo.faq import FaqIndex, FaqMatch
from bot.smo.intents import (
    CueReading,
    IntentClassifier,
    IntentResult,
    RepeatTracker,
    telling_repeats,
)
from bot.smo.language import UNSURE, LanguageDetector
from bot.smo.lexicon import CUE_LANGUAGES
from bot.smo.llm.brief import DraftBrief
from bot.smo.memo import by_text
from bot.smo.platforms import REPLY_WINDOWS
from bot.smo.priority import score_priority
from bot.smo.readers.aim import aimed
from bot.smo.readers.intents import IntentRead, IntentReader, combine
from bot.smo.readers.model import MODELS_DIR, Readers, Reading
from bot.smo.readers.verdict import (
    addressed,
    apply_readers,
    grievance,
    mark_offensive,
    promoting,
    swearing,
)
from bot.smo.sentiment import UNKNOWN, Sentiment, SentimentScorer
from bot.smo.sentiment import read as read_sentiment
from bot.smo.vader import VaderScores

__all__ = ["MAX_ANALYSED_CHARS", "EngagementEngine", "EngineRecipe"]

# Longer comments are read up to here: VADER's cost grows with length (10 kB takes ~60 ms).
MAX_ANALYSED_CHARS = 4000
_NO_TIME = timedelta(0)
_MENTIONS_AND_URLS = re.compile(r"(?:https?://|www\.)\S+|@\w[\w.]*|#\w+")
# The languages the readers were trained on; a comment of unknown language is read when its
# letters are mostly Latin ones.
READ_LANGUAGES = frozenset({"en"})
_LATIN_UP_TO = 0x24F
# Contact details given in a comment: an email address (or one an export redacted, as
# "__email__"), a phone or account number.
_DETAILS = re.compile(r"[\w.+-]+@[\w-]+\.\w|(?<!\w)__[a-z_]+__(?!\w)|\+?\d[\d ()/.-]{5,}\d")


@dataclass(frozen=True, slots=True)
class _Meaning:
    """What a text says for a brand, whoever wrote it and whenever: all of its Analysis but
    the priority, given the repeat counts that matter (``telling_repeats``)."""

    language: str | None
    sentiment: Sentiment
    result: IntentResult
    product: str | None
    evidence: tuple[Evidence, ...]


# Compared by identity: nothing looks one up by its contents.
@dataclass(frozen=True, slots=True, eq=False)
class _Text:
    """Everything about a comment's text that does not depend on who wrote it or when: worked
    out once per text, brand, stated language and whether the brand wrote it."""

    entities: Entities
    repeat_key: str | None
    language: str | None
    language_cue: Evidence
    vader: VaderScores  # the readers' dense inputs; ``score`` is its compound
    cues: CueReading | None  # None for the brand's own comment: it is not classified
    product: str | None
    readable: bool  # in a language the readers cover

    @property
    def own(self) -> bool:
        return self.cues is None

    @property
    def score(self) -> float:
        """VADER's compound score."""
        return self.vader.compound


_OWN = IntentResult(("other",), (Evidence("other", "the brand's own comment"),))


@dataclass(frozen=True, slots=True)
class EngineRecipe:
    """What an engine is built from, in a form another process can receive and build from."""

    brands: tuple[BrandProfile, ...]
    templates_dir: Path
    readers_dir: Path = MODELS_DIR
    intents_dir: Path | None = MODELS_DIR
    briefs: bool = False

    def build(self) -> EngagementEngine:
        return EngagementEngine(
            self.brands,
            self.templates_dir,
            readers_dir=self.readers_dir,
            intents_dir=self.intents_dir,
            briefs=self.briefs,
        )


class EngagementEngine:
    """Analyses comments and drafts replies or moderation actions for each brand.

    Pure but for two memories it owns: texts seen recently (spam repeated across authors) and
    the last reply drafted for each author (so nobody gets the same words twice in a row).

    The models, lexicons and templates (about a second's work) are loaded on first use, so an
    engine handed to a worker process (see ``recipe``) costs its maker nothing.
    """

    def __init__(
        self,
        brands: Sequence[BrandProfile],
        templates_dir: Path,
        *,
        readers_dir: Path = MODELS_DIR,
        intents_dir: Path | None = MODELS_DIR,
        briefs: bool = False,
    ) -> None:
        if not templates_dir.is_dir():
            raise FileNotFoundError(f"reply templates folder not found: {templates_dir}")
        self._templates_dir = templates_dir
        self._readers_dir = readers_dir
        # The learned intent reader, when ``intents_dir`` holds one (see its model card).
        self._intents_dir = intents_dir
        # Whether a reply draft comes with what a language-model drafter needs to rewrite it.
        self._briefs = briefs
        self._brands = {brand.id: brand for brand in brands}
        # Worked out once per brand: ``own_handles`` builds a new set on every call.
        self._own_handles = {brand.id: brand.own_handles for brand in brands}
        self._own_domains = {brand.id: _domains(brand) for brand in brands}
        self._products = {brand.id: _product_pattern(brand.products) for brand in brands}
        self._text = by_text(self._read_text)
        self._entities = by_text(extract_entities)
        self._repeats = RepeatTracker()
        self._unknown_brands: dict[str, BrandProfile] = {}

    @property
    def recipe(self) -> EngineRecipe:
        # Handles may be a read-only mapping proxy, which does not pickle.
        brands = tuple(replace(b, handles=dict(b.handles)) for b in self._brands.values())
        return EngineRecipe(
            brands, self._templates_dir, self._readers_dir, self._intents_dir, self._briefs
        )

    @cached_property
    def _faq(self) -> dict[str, FaqIndex]:
        return {brand.id: FaqIndex(brand.faq) for brand in self._brands.values()}

    @cached_property
    def _sentiment(self) -> SentimentScorer:
        return SentimentScorer()

    @cached_property
    def _readers(self) -> Readers:
        return Readers.load(self._readers_dir)

    @cached_property
    def _intent_reader(self) -> IntentReader | None:
        return None if self._intents_dir is None else IntentReader.load(self._intents_dir)

    @cached_property
    def _words(self) -> Callable[[str, str], tuple[str, ...]]:
        """The evidence words of a text for a label, remembered by text."""
        return by_text(self._readers.evidence)

    @cached_property
    def _language(self) -> LanguageDetector:
        return LanguageDetector()

    @cached_property
    def _intents(self) -> IntentClassifier:
        return IntentClassifier()

    @cached_property
    def _drafter(self) -> Drafter:
        return Drafter(TemplateLibrary(self._templates_dir))

    @property
    def templates(self) -> TemplateLibrary:
        return self._drafter.library

    def warm_up(self) -> None:
        """Load the models, lexicons and templates now rather than for the first comment."""
        # The intent cues before the language model: each passes through a peak of memory
        # while it loads, and the cues' is lower with the model not yet held (about 35 MB).
        parts = (self._faq, self._sentiment, self._readers, self._intents, self._language)
        for part in (*parts, self._drafter):
            assert part is not None
        _ = self._intent_reader

    def run(
        self,
        comments: Sequence[Comment],
        now: datetime,
        *,
        post_impressions: Mapping[str, int] | None = None,
    ) -> list[Engagement]:
        """One Engagement per comment, in order; ``post_impressions`` maps post keys
        (``platform:id``) to how often the post was seen, when known."""
        texts: list[str] = []
        reads: list[_Text] = []
        authors: list[str] = []
        # The languages the platforms did not state, guessed for the whole batch at once.
        self._language.prepare(
            [self._plain(c.text[:MAX_ANALYSED_CHARS]) for c in comments if not c.lang]
        )
        for comment in comments:
            text = comment.text[:MAX_ANALYSED_CHARS]
            author = comment.author.lower()
            own = self._is_own(comment)
            read = self._text(text, comment.lang, comment.brand, own)
            # A later reply in the thread reads it, in the language it was written in.
            self._drafter.threads.add(comment, own, read.language)
            if read.repeat_key is not None:
                self._repeats.add(read.repeat_key, author, comment.post_id, comment.created_at)
            texts.append(text)
            reads.append(read)
            authors.append(author)

        # The readers take the whole batch in one pass; a text in a language they do not
        # cover is not read.
        readable = [i for i, read in enumerate(reads) if read.readable]
        readings: list[Reading | None] = [None] * len(reads)
        found = self._readers.read([texts[i] for i in readable], [reads[i].vader for i in readable])
        for i, reading in zip(readable, found, strict=True):
            readings[i] = reading
        # The words behind each polar reading, also for the whole batch at once.
        polar = [(i, r.sentiment_label) for i, r in zip(readable, found, strict=True)]
        polar = [(i, label) for i, label in polar if label != "neutral"]
        words: list[tuple[str, ...]] = [()] * len(reads)
        said = self._readers.evidence_many(
            [texts[i] for i, _ in polar], [label for _, label in polar]
        )
        for (i, _), phrases in zip(polar, said, strict=True):
            words[i] = phrases
        intent_reads = self._read_intents(texts, reads, readable)
        # Counted once every comment of the batch is in: a text repeated within it counts
        # for all of its comments.
        meanings = [
            self._meaning(text, read, reading, phrases, author, comment.created_at, intent_read)
            for comment, text, read, reading, phrases, author, intent_read in zip(
                comments, texts, reads, readings, words, authors, intent_reads, strict=True
            )
        ]
        faq = self._match_faq(comments, texts, meanings)

        results: list[Engagement] = []
        for comment, read, meaning, match in zip(comments, reads, meanings, faq, strict=True):
            brand = self._brands.get(comment.brand)
            analysis = self._analysis(comment, read, meaning, now, post_impressions)
            draft = brief = None
            if not read.own:
                result = meaning.result
                plan = ReplyPlan(
                    # Abuse the reader is unsure of is flagged, not proposed for hiding.
                    intents=tuple(
                        i for i in result.intents if not (result.abuse_unsure and i == "abuse")
                    ),
                    language=meaning.language,
                    issue=result.issue,
                    topic=result.topic,
                    product=meaning.product,
                    sarcasm=result.sarcasm,
                    faq=match,
                    sentiment=meaning.sentiment.label,
                    score=meaning.sentiment.score,
                )
                profile = brand or self._unknown_brand(comment.brand)
                draft = self._drafter.draft(comment, profile, plan, now, known=brand is not None)
                if draft is not None and draft.note.startswith(URGENT):
                    analysis = replace(analysis, priority=100.0, priority_reason=draft.note)
                if self._briefs and draft is not None and draft.action == "reply" and draft.text:
                    parent = self._drafter.threads.parent(comment)
                    brief = DraftBrief(comment, analysis, draft, profile, plan.readings(), parent)
            results.append(
                Engagement(
                    comment=comment,
                    analysis=analysis,
                    draft=draft,
                    review_receiver=brand.review_receiver if brand else None,
                    brief=brief,
                )
            )
        return results

    def _read_intents(
        self, texts: Sequence[str], reads: Sequence[_Text], readable: Sequence[int]
    ) -> list[IntentRead | None]:
        """The intent reader's reading of each customer's text it reads, the batch at once."""
        found: list[IntentRead | None] = [None] * len(reads)
        reader = self._intent_reader
        if reader is None:
            return found
        asked = [(i, cues) for i in readable if (cues := reads[i].cues) is not None]
        said = reader.read(
            [texts[i] for i, _ in asked],
            [reads[i].score for i, _ in asked],
            [cues.found for _, cues in asked],
        )
        for (i, _), intent_read in zip(asked, said, strict=True):
            found[i] = intent_read
        return found

    def _is_own(self, comment: Comment) -> bool:
        handles = self._own_handles.get(comment.brand, frozenset())
        return is_brands_own(comment.author, comment.text, handles, comment.brand)

    def _unknown_brand(self, brand_id: str) -> BrandProfile:
        profile = self._unknown_brands.get(brand_id)
        if profile is None:
            profile = self._unknown_brands[brand_id] = BrandProfile(id=brand_id, name=brand_id)
        return profile

    def _plain(self, text: str) -> str:
        """What the language of ``text`` is guessed from: its words, without mentions,
        hashtags, URLs and emojis."""
        plain = self._entities(text).plain
        if "@" in plain or "#" in plain or "://" in plain or "www." in plain:
            plain = _MENTIONS_AND_URLS.sub(" ", plain)
        return plain

    def _read_text(self, text: str, lang: str | None, brand_id: str, own: bool) -> _Text:
        found = self._entities(text)
        language = lang.lower() if lang else None
        if language:
            language_cue = Evidence("language", f"{language} from the platform")
        else:
            guess = self._language.detect(self._plain(text))
            language = guess.code
            reason = guess.reason
            if language == UNSURE and _DETAILS.search(text) is not None:
                # "Tan Khai Wah, tan@example.com": a name given with contact details says
                # nothing of the comment's language.
                language, reason = None, f"{reason}; a name with contact details, read as before"
            language_cue = Evidence("language", f"{language or 'unknown'}: {reason}")
        vader = self._sentiment.scores(text, found.emojis)
        score = vader.compound
        cues = None
        if not own:
            cues = self._intents.read(
                text,
                found,
                score,
                own_handles=self._own_handles.get(brand_id, frozenset()),
                own_domains=self._own_domains.get(brand_id, frozenset()),
                vader_reliable=language in (None, "en"),
            )
        product = self._product(brand_id, text)
        return _Text(
            entities=found,
            repeat_key=None if own else RepeatTracker.normalise(text, found),
            language=language,
            language_cue=language_cue,
            vader=vader,
            cues=cues,
            product=product,
            readable=language in READ_LANGUAGES or (language is None and _latin(found.plain)),
        )

    def _meaning(
        self,
        text: str,
        read: _Text,
        reading: Reading | None,
        words: tuple[str, ...],
        author: str,
        at: datetime,
        intent_read: IntentRead | None = None,
    ) -> _Meaning:
        if read.cues is None:
            result = _OWN
        elif read.repeat_key is None:
            result = read.cues.unrepeated
        else:
            counts = telling_repeats(*self._repeats.counts(read.repeat_key, author, at))
            result = read.cues.result(*counts)
        if reading is None:
            sentiment = read_sentiment(
                None, sarcasm=result.sarcasm, language=read.language, intents=result.intents
            )
        else:
            reader = self._intent_reader
            if intent_read is not None and reader is not None:
                result = combine(result, intent_read, reader.thresholds)
            if read.cues is not None:
                readers = self._readers

                def telling_words(label: str) -> tuple[str, ...]:
                    return self._words(text, label)

                result = apply_readers(
                    result,
                    reading,
                    readers.thresholds,
                    telling_words,
                    to_someone=addressed(text),
                    aimed=aimed(text),
                    grieving=grievance(result, text),
                    promotes=promoting(text),
                )
                result = mark_offensive(
                    result,
                    reading,
                    readers.thresholds,
                    telling_words,
                    swears=swearing(text),
                )
            sentiment = read_sentiment(
                reading,
                sarcasm=result.sarcasm,
                language=read.language,
                abuse="abuse" in result.intents,
                intents=result.intents,
                words=words,
            )
        evidence = [read.language_cue, Evidence(sentiment.label, sentiment.cue), *result.evidence]
        if read.product is not None:
            evidence.append(Evidence("product", read.product))
        return _Meaning(read.language, sentiment, result, read.product, tuple(evidence))

    def _analysis(
        self,
        comment: Comment,
        read: _Text,
        meaning: _Meaning,
        now: datetime,
        post_impressions: Mapping[str, int] | None,
    ) -> Analysis:
        evidence = meaning.evidence
        if len(comment.text) > MAX_ANALYSED_CHARS:
            cut = Evidence("length", f"read the first {MAX_ANALYSED_CHARS} characters")
            evidence = (cut, *evidence)
        result = meaning.result
        score = meaning.sentiment.score

        window = REPLY_WINDOWS.get(comment.platform)
        window_left = None
        if window is not None and not GOES_PRIVATE.isdisjoint(result.intents):
            window_left = comment.created_at + window.length - now
        impressions = None
        if post_impressions:
            impressions = post_impressions.get(f"{comment.platform}:{comment.post_id}")
        priority = score_priority(
            result.intents,
            score,
            comment.author_followers,
            max(_NO_TIME, now - comment.created_at),
            post_impressions=impressions,
            window_left=window_left,
            unread=_unread(meaning),
        )
        found = read.entities
        return Analysis(
            comment_key=comment.key,
            sentiment=meaning.sentiment.label,
            sentiment_score=round(score, 4),
            intents=result.intents,
            priority=priority.score,
            priority_reason=priority.reason,
            language=meaning.language,
            evidence=evidence,
            hashtags=found.hashtags,
            mentions=found.mentions,
            urls=found.urls,
            emojis=found.emojis,
        )

    def _product(self, brand_id: str, text: str) -> str | None:
        pattern = self._products.get(brand_id)
        if pattern is None:
            return None
        match = pattern.search(text)
        if match is None:
            return None
        brand = self._brands[brand_id]
        spoken = match.group(0).lower()
        return next((p for p in brand.products if p.lower() == spoken), match.group(0))

    def _match_faq(
        self, comments: Sequence[Comment], texts: Sequence[str], meanings: Sequence[_Meaning]
    ) -> list[FaqMatch | None]:
        """Best FAQ entry for each question, one vectorised pass per brand."""
        matches: list[FaqMatch | None] = [None] * len(comments)
        wanted: dict[str, list[int]] = {}
        for i, (comment, meaning) in enumerate(zip(comments, meanings, strict=True)):
            intents = meaning.result.intents
            if "question" in intents and "spam" not in intents and "abuse" not in intents:
                wanted.setdefault(comment.brand, []).append(i)
        for brand_id, rows in wanted.items():
            index = self._faq.get(brand_id)
            if index is None or not len(index):
                continue
            found = index.match([texts[i] for i in rows])
            for i, match in zip(rows, found, strict=True):
                matches[i] = match
        return matches


def _unread(meaning: _Meaning) -> str | None:
    """Why no reader read the comment's tone, if none did, or why its cues say too little:
    in a language they do not cover a stray word ("merci", "bellissimo") is all they read,
    and a person has to read it all the same."""
    language = meaning.language
    if language == UNSURE:
        return "no reader for its language (unsure, not English)"
    if meaning.sentiment.label == UNKNOWN:
        return f"no reader for {language or 'its script'}"
    if language is not None and language not in CUE_LANGUAGES:
        return f"no cues read in {language}"
    return None


def _latin(text: str) -> bool:
    """Whether most letters of ``text`` are Latin ones (or it has none)."""
    if text.isascii():
        return True
    letters = [c for c in text if c.isalpha()]
    latin = sum(1 for c in letters if ord(c) <= _LATIN_UP_TO)
    return latin * 2 >= len(letters)


def _product_pattern(products: Sequence[str]) -> re.Pattern[str] | None:
    if not products:
        return None
    names = sorted((re.escape(p) for p in products if p.strip()), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(names)})(?!\w)", re.IGNORECASE)


def _domains(brand: BrandProfile | None) -> frozenset[str]:
    if brand is None or not brand.shop_url:
        return frozenset()
    host = re.sub(r"^[a-z]+://", "", brand.shop_url.lower()).split("/")[0]
    return frozenset({host.removeprefix("www.")})
