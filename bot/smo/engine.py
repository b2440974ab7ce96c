"""The community-engagement engine: understand each comment, then draft what to do about it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.models import Analysis, Comment, Engagement, Evidence
from bot.smo.brand import BrandProfile
from bot.smo.drafting import GOES_PRIVATE, Drafter, ReplyPlan, TemplateLibrary
from bot.smo.entities import Entities, extract_entities
from bot.smo.faq import FaqIndex, FaqMatch
from bot.smo.intents import IntentClassifier, IntentResult, RepeatTracker
from bot.smo.language import LanguageDetector
from bot.smo.memo import by_text
from bot.smo.platforms import REPLY_WINDOWS
from bot.smo.priority import score_priority
from bot.smo.sentiment import Sentiment, SentimentScorer, decide

__all__ = ["MAX_ANALYSED_CHARS", "EngagementEngine"]

# Longer comments are read up to here: VADER's cost grows with length (10 kB takes ~60 ms).
MAX_ANALYSED_CHARS = 4000
_NO_TIME = timedelta(0)
_MENTIONS_AND_URLS = re.compile(r"(?:https?://|www\.)\S+|@\w[\w.]*|#\w+")


# Compared by identity: it is a key of the memory of meanings, where hashing its contents
# would cost more than it saves, and a text's reading is remembered as one object.
@dataclass(frozen=True, slots=True, eq=False)
class _Reading:
    """What a comment's text says whoever wrote it: read once per distinct text."""

    entities: Entities
    repeat_key: str | None
    language_text: str


def _read(text: str) -> _Reading:
    found = extract_entities(text)
    return _Reading(
        entities=found,
        repeat_key=RepeatTracker.normalise(text, found),
        language_text=_MENTIONS_AND_URLS.sub(" ", found.plain),
    )


@dataclass(frozen=True, slots=True)
class _Meaning:
    """What a text says for a brand, whoever wrote it and whenever: all of its Analysis but
    the priority, worked out once per text, brand, stated language and repeat counts."""

    language: str | None
    sentiment: Sentiment
    result: IntentResult
    product: str | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class _Understood:
    analysis: Analysis
    result: IntentResult
    product: str | None


class EngagementEngine:
    """Analyses comments and drafts replies or moderation actions for each brand.

    Pure but for two memories it owns: texts seen recently (spam repeated across authors) and
    the last reply drafted for each author (so nobody gets the same words twice in a row).
    """

    def __init__(self, brands: Sequence[BrandProfile], templates_dir: Path) -> None:
        self._brands = {brand.id: brand for brand in brands}
        # Worked out once per brand: ``own_handles`` builds a new set on every call.
        self._own_handles = {brand.id: brand.own_handles for brand in brands}
        self._own_domains = {brand.id: _domains(brand) for brand in brands}
        self._faq = {brand.id: FaqIndex(brand.faq) for brand in brands}
        self._products = {brand.id: _product_pattern(brand.products) for brand in brands}
        self._sentiment = SentimentScorer()
        self._language = LanguageDetector()
        self._read = by_text(_read)
        self._meaning = by_text(self._mean)
        self._intents = IntentClassifier()
        self._repeats = RepeatTracker()
        self._drafter = Drafter(TemplateLibrary(templates_dir))

    @property
    def templates(self) -> TemplateLibrary:
        return self._drafter.library

    def run(
        self,
        comments: Sequence[Comment],
        now: datetime,
        *,
        post_impressions: Mapping[str, int] | None = None,
    ) -> list[Engagement]:
        """One Engagement per comment, in order; ``post_impressions`` maps post keys
        (``platform:id``) to how often the post was seen, when known."""
        texts = [c.text[:MAX_ANALYSED_CHARS] for c in comments]
        readings = [self._read(t) for t in texts]
        own = [self._is_own(c) for c in comments]
        keys: list[str | None] = []
        for comment, reading, mine in zip(comments, readings, own, strict=True):
            key = None if mine else reading.repeat_key
            if key is not None:
                self._repeats.add(key, comment.author.lower(), comment.post_id, comment.created_at)
            keys.append(key)

        understood = [
            self._understand(c, t, r, k, m, now, post_impressions)
            for c, t, r, k, m in zip(comments, texts, readings, keys, own, strict=True)
        ]
        faq = self._match_faq(comments, texts, understood)

        results: list[Engagement] = []
        for comment, item, match, mine in zip(comments, understood, faq, own, strict=True):
            brand = self._brands.get(comment.brand)
            draft = None
            if not mine:
                plan = ReplyPlan(
                    intents=item.analysis.intents,
                    language=item.analysis.language,
                    issue=item.result.issue,
                    topic=item.result.topic,
                    product=item.product,
                    sarcasm=item.result.sarcasm,
                    faq=match,
                )
                profile = brand or BrandProfile(id=comment.brand, name=comment.brand)
                draft = self._drafter.draft(comment, profile, plan, now, known=brand is not None)
            results.append(
                Engagement(
                    comment=comment,
                    analysis=item.analysis,
                    draft=draft,
                    review_receiver=brand.review_receiver if brand else None,
                )
            )
        return results

    def _is_own(self, comment: Comment) -> bool:
        handles = self._own_handles.get(comment.brand)
        return handles is not None and comment.author.lstrip("@").lower() in handles

    def _understand(
        self,
        comment: Comment,
        text: str,
        reading: _Reading,
        repeat_key: str | None,
        own: bool,
        now: datetime,
        post_impressions: Mapping[str, int] | None,
    ) -> _Understood:
        authors, posts = (0, 0)
        if not own and repeat_key is not None:
            authors, posts = self._repeats.counts(
                repeat_key, comment.author.lower(), comment.created_at
            )
        meaning = self._meaning(text, reading, comment.lang, comment.brand, own, authors, posts)
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
        )
        found = reading.entities
        analysis = Analysis(
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
        return _Understood(analysis, result, meaning.product)

    def _mean(
        self,
        text: str,
        reading: _Reading,
        lang: str | None,
        brand_id: str,
        own: bool,
        repeat_authors: int,
        repeat_posts: int,
    ) -> _Meaning:
        found = reading.entities
        evidence: list[Evidence] = []
        language = lang.lower() if lang else None
        if language:
            evidence.append(Evidence("language", f"{language} from the platform"))
        else:
            guess = self._language.detect(reading.language_text)
            language = guess.code
            evidence.append(Evidence("language", f"{guess.code or 'unknown'}: {guess.reason}"))

        score = self._sentiment.compound(text, found.emojis)
        if own:
            result = IntentResult(("other",), (Evidence("other", "the brand's own comment"),))
        else:
            result = self._intents.classify(
                text,
                found,
                score,
                repeat_authors=repeat_authors,
                repeat_posts=repeat_posts,
                own_handles=self._own_handles.get(brand_id, frozenset()),
                own_domains=self._own_domains.get(brand_id, frozenset()),
                vader_reliable=language in (None, "en"),
            )

        sentiment = decide(score, sarcasm=result.sarcasm, language=language, intents=result.intents)
        evidence.append(Evidence(sentiment.label, sentiment.cue))
        evidence.extend(result.evidence)
        product = self._product(brand_id, text)
        if product is not None:
            evidence.append(Evidence("product", product))
        return _Meaning(language, sentiment, result, product, tuple(evidence))

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
        self, comments: Sequence[Comment], texts: Sequence[str], understood: Sequence[_Understood]
    ) -> list[FaqMatch | None]:
        """Best FAQ entry for each question, one vectorised pass per brand."""
        matches: list[FaqMatch | None] = [None] * len(comments)
        wanted: dict[str, list[int]] = {}
        for i, (comment, item) in enumerate(zip(comments, understood, strict=True)):
            intents = item.analysis.intents
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
