"""The engine's shortcuts give what the long way gives: cues, emojis, replies, repeats, VADER."""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import emoji
import pytest
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
)

from bot.models import Comment
from bot.smo import lexicon
from bot.smo.brand import BrandProfile
from bot.smo.cues import CueScanner, _prefixes
from bot.smo.drafting import ReplyContext, TemplateLibrary, default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.smo.entities import extract_entities
from bot.smo.guardrails import Readings, unhappy
from bot.smo.intents import IntentClassifier, RepeatTracker
from bot.smo.language import LanguageDetector
from bot.smo.memo import REMEMBER_UP_TO, by_text
from bot.smo.sentiment import SentimentScorer
from bot.smo.vader import CompoundScorer

LABELLED = Path(__file__).with_name("labelled.jsonl")
T0 = datetime(2026, 10, 5, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def scanner() -> CueScanner:
    return CueScanner(
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
        }
    )


def labelled_texts() -> list[str]:
    with LABELLED.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


@pytest.mark.slow
def test_cue_scan_finds_what_each_set_finds(scanner: CueScanner) -> None:
    texts = labelled_texts()
    variants = [v for t in texts for v in (t, t.upper(), t.title(), t.replace(" ", "/"))]
    found = 0
    for text in variants:
        hits = scanner.scan(text)
        assert hits == scanner.scan_per_set(text), text
        found += sum(map(len, hits.values()))
    assert found > len(texts)


@pytest.mark.parametrize(
    "text",
    [
        "ſo helpful, the ſupport team",  # long s matches s ignoring case, but lowers to itself
        "İ'll take two, İ love it",  # dotted capital I lowers to two characters
        "ı'd buy it",  # dotless i matches i ignoring case
        "\u212aeep going up, the price\u212a",  # Kelvin sign lowers to k
        "SO HELPFUL",
        "so",
        "s",
        "never heard back",
        "wow/never heard back",
        "price",
        "for the price",
        "10k followers",
        "fuuuck you",
        "🖕",
        "",
    ],
)
def test_cue_scan_on_awkward_characters(scanner: CueScanner, text: str) -> None:
    assert scanner.scan(text) == scanner.scan_per_set(text)


def test_cue_starts_read_from_patterns() -> None:
    assert _prefixes("(?:has|have)n'?t (?:moved|reached)") == frozenset({"has", "hav"})
    assert _prefixes("(?:customer )?(?:service|support) is") == frozenset({"cus", "ser", "sup"})
    assert _prefixes("(?<!for the )price(?:s|d)?") == frozenset({"pri"})
    assert _prefixes("(?:1|2|10)k followers") == frozenset({"1k ", "2k ", "10k"})
    assert _prefixes("ab|cd") == frozenset({"ab", "cd"})
    assert _prefixes("a[)|]b|c") == frozenset({"a", "c"})
    assert _prefixes("colou?r") == frozenset({"col"})
    assert _prefixes("ab?c") == frozenset({"a"})
    assert _prefixes("f+u+c+k+") == frozenset({"f"})
    assert _prefixes(r"\$\d") == frozenset({"$"})
    assert _prefixes(r"#\d{4,}") == frozenset({"#"})
    for unreadable in (r"\w+", "(?:x)+y", "[ab]c", "a?b", "(?:|a)", "(a)b", ".b"):
        assert _prefixes(unreadable) is None, unreadable


@pytest.mark.parametrize(
    "text",
    [
        "love it 😍😍 👍🏽 🇩🇪🇺🇸 #️⃣ 1⃣ ❤️ ❤︎ © ®",
        "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f england",
        "🏴\U000e0067\U000e0062 cut short",
        "👨‍👩‍👧 family, 🏳️‍🌈 flag, ❤️‍🔥 heart, 👩🏽‍💻 coder",
        "🏳️‍x broken joiner, ‍ lone joiner, 👍‍",
        "👩‍x joiner to nothing, 👍‍👍 joined thumbs",
        "🇺 half a flag, 🇺🇸🇬 and a half",
        "日本語のコメント 👍 — “quoted” …",
        "Größe 40 passt nicht 😕",
    ],
)
def test_emoji_spans_match_the_emoji_package(text: str) -> None:
    expected = [(i["match_start"], i["match_end"]) for i in emoji.emoji_list(text)]
    entities = extract_entities(text)
    assert entities.emojis == tuple(text[a:b] for a, b in expected)
    # Each emoji becomes one space in the plain text, where the package finds it.
    ends = [0, *(end for _, end in expected)]
    starts = [*(start for start, _ in expected), len(text)]
    assert entities.plain == " ".join(text[a:b] for a, b in zip(ends, starts, strict=True))


def context(addressee: str, **changes: str | None) -> ReplyContext:
    fields: dict[str, str | None] = {
        "author": addressee,
        "brand": "Alpenglow",
        "sign_off": "— Mia",
        "voice": "friendly",
        "platform": "instagram",
        "language": "en",
        "product": "Summit shell",
        "issue": "delay",
        "topic": "shipping",
        "faq_question": "Do you ship to Canada?",
        "faq_answer": "Yes.",
        "link": "https://alpenglow.example/shop",
        "private": "DM",
        "contact": None,
    }
    fields.update(changes)
    return ReplyContext(addressee=addressee, **fields)  # type: ignore[arg-type]


def rendered_in_turn(library: TemplateLibrary, name: str, ctx: ReplyContext) -> list[str]:
    return list(library.render_in_turn(name, 1, ctx))


def rotated(texts: list[str]) -> list[str]:
    return texts[1:] + texts[:1]


# Renders every template in every language twice per context: a second or more each.
@pytest.mark.slow
@pytest.mark.parametrize(
    "ctx",
    [
        context("@anna"),
        context("Bob"),
        context("@sam", brand="Sam's"),
        context("!bang"),
        context(""),
        context("tab\tname"),
        context("\ue000odd"),
        context("@anna", brand="Alpen\ue000glow"),
    ],
)
def test_replies_rendered_once_per_situation_read_as_rendered_afresh(ctx: ReplyContext) -> None:
    library = TemplateLibrary(default_templates_dir())
    for name in library.names:
        # Twice: the second time comes from what the first remembered.
        for _ in range(2):
            assert rendered_in_turn(library, name, ctx) == rotated(library.render(name, ctx))


def test_a_template_that_does_more_than_print_the_name_is_rendered_afresh(
    tmp_path: Path,
) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "praise.j2").write_text(
        "{% macro v1(c) %}Thanks {{ c.addressee | upper }}!{% endmacro %}\n"
        "{% macro v2(c) %}Thanks {{ c.author }}!{% endmacro %}\n",
        encoding="utf-8",
    )
    library = TemplateLibrary(tmp_path)
    assert list(library.render_in_turn("en/praise.j2", 0, context("anna"))) == [
        "Thanks ANNA!",
        "Thanks anna!",
    ]
    assert list(library.render_in_turn("en/praise.j2", 0, context("bob"))) == [
        "Thanks BOB!",
        "Thanks bob!",
    ]


def _renders(library: TemplateLibrary, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates ``library`` renders from now on, one per variant rendered."""
    rendered: list[str] = []
    render = library._render

    def counted(name: str, index: int, ctx: ReplyContext) -> str:
        rendered.append(name)
        return render(name, index, ctx)

    monkeypatch.setattr(library, "_render", counted)
    return rendered


def test_a_template_that_prints_the_name_as_is_is_rendered_once_beside_one_that_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "praise.j2").write_text(
        "{% macro v1(c) %}Thanks {{ c.addressee | upper }}!{% endmacro %}\n", encoding="utf-8"
    )
    (tmp_path / "en" / "question.j2").write_text(
        "{% macro v1(c) %}Hi {{ c.addressee }}, yes.{% endmacro %}\n", encoding="utf-8"
    )
    library = TemplateLibrary(tmp_path)
    rendered = _renders(library, monkeypatch)
    for name in ("anna", "bob"):
        assert list(library.render_in_turn("en/question.j2", 0, context(name))) == [
            f"Hi {name}, yes."
        ]
        assert list(library.render_in_turn("en/praise.j2", 0, context(name))) == [
            f"Thanks {name.upper()}!"
        ]
    assert rendered == ["en/question.j2", "en/praise.j2", "en/praise.j2"]


def test_shared_macros_that_do_more_than_print_the_name_render_every_template_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "_phrases.j2").write_text(
        "{% macro hi(c) %}Hi {{ c.addressee | upper }}{% endmacro %}\n", encoding="utf-8"
    )
    (tmp_path / "en" / "question.j2").write_text(
        '{% import "en/_phrases.j2" as p %}'
        "{% macro v1(c) %}{{ p.hi(c) }}, yes {{ c.addressee }}.{% endmacro %}\n",
        encoding="utf-8",
    )
    library = TemplateLibrary(tmp_path)
    rendered = _renders(library, monkeypatch)
    for name in ("anna", "bob"):
        assert list(library.render_in_turn("en/question.j2", 0, context(name))) == [
            f"Hi {name.upper()}, yes {name}."
        ]
    assert rendered == ["en/question.j2", "en/question.j2"]


@pytest.mark.slow
def test_same_text_from_two_people_greets_each_by_name() -> None:
    brand = BrandProfile(id="alpen", name="Alpenglow", review_receiver="community")
    engine = EngagementEngine([brand], default_templates_dir())
    comments = [
        Comment(
            id=f"c{n}",
            platform="instagram",
            brand="alpen",
            post_id="p1",
            author=author,
            text="Love the new jacket!!",
            created_at=T0,
        )
        for n, author in enumerate(("anna", "bob"))
    ]
    first, second = engine.run(comments, T0 + timedelta(hours=1))
    assert first.draft is not None and "@anna" in first.draft.text
    assert (
        second.draft is not None and "@bob" in second.draft.text and "anna" not in second.draft.text
    )


def test_repeat_counts_leave_out_what_is_outside_the_window() -> None:
    tracker = RepeatTracker(window=timedelta(days=7))
    key = "the same long text from several accounts"
    for author, post, days in (
        ("ann", "p1", 0),
        ("bob", "p1", 5),
        ("cyd", "p1", 9),
        ("ann", "p2", 8),
    ):
        tracker.add(key, author, post, T0 + timedelta(days=days))
    # An author counts at their latest time (ann: day 8); each of ann's posts at its own.
    assert tracker.counts(key, "ann", T0) == (1, 1)
    assert tracker.counts(key, "ann", T0 + timedelta(days=3)) == (3, 2)
    assert tracker.counts(key, "ann", T0 + timedelta(days=8)) == (3, 1)
    assert tracker.counts(key, "ann", T0 + timedelta(days=20)) == (0, 0)
    assert tracker.counts(key, "dan", T0 + timedelta(days=3)) == (3, 0)


def test_memory_keeps_short_texts_only() -> None:
    calls: list[str] = []

    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    remembered = by_text(length, size=2)
    short, long = "first!", "x" * (REMEMBER_UP_TO + 1)
    assert [remembered(short), remembered(short), remembered(long), remembered(long)] == [
        6,
        6,
        REMEMBER_UP_TO + 1,
        REMEMBER_UP_TO + 1,
    ]
    assert calls == [short, long, long]


SAMPLES = Path(__file__).parents[2] / "samples" / "comments.jsonl"


def corpus() -> list[str]:
    lines = [
        *LABELLED.read_text("utf-8").splitlines(),
        *SAMPLES.read_text("utf-8").splitlines(),
    ]
    return [json.loads(line)["text"] for line in lines if line.strip()]


def tricky(count: int, seed: int = 1) -> list[str]:
    """Sentences made of what VADER's rules look at: lexicon words, boosters, negations,
    idioms, "but", "least", "kind of", capitals, emoticons, emojis and punctuation."""
    analyzer = SentimentIntensityAnalyzer()
    rng = random.Random(seed)
    vocabulary = [
        *list(analyzer.lexicon)[:3000:7],
        *BOOSTER_DICT,
        *NEGATE,
        *(word for case in SPECIAL_CASES for word in case.split()),
        *[
            "but",
            "BUT",
            "kind",
            "of",
            "no",
            "or",
            "nor",
            "least",
            "at",
            "very",
            "never",
            "so",
            "this",
            "without",
            "doubt",
        ],
        *[":)", ":-(", "!!", "??", "GREAT", "Bad", "the", "a", "x", "😍", "💘", "🙂"],
    ]
    texts = []
    for _ in range(count):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 12)))
        if rng.random() < 0.3:
            text = text.upper()
        if rng.random() < 0.3:
            text += rng.choice(["!", "!!!", "?", "???", "?!", " :)", "..."])
        texts.append(text)
    return texts


@pytest.mark.slow
def test_compound_is_vaders_own() -> None:
    analyzer = SentimentIntensityAnalyzer()
    ours = CompoundScorer(analyzer)
    for text in [*corpus(), *tricky(20_000), "", "   ", "no", "BUT", "kind of", "meh 😀!!"]:
        found = analyzer.polarity_scores(text)
        assert ours.compound(text) == found["compound"], text
        want = (found["compound"], found["pos"], found["neg"], found["neu"])
        assert tuple(ours.scores(text)) == want, text


@pytest.mark.parametrize("authors, posts", [(0, 0), (2, 2), (3, 0), (7, 1), (0, 3), (1, 9)])
@pytest.mark.slow
def test_repeats_count_as_the_long_way_counts_them(authors: int, posts: int) -> None:
    classifier = IntentClassifier()
    scorer = SentimentScorer()
    for text in corpus()[:400]:
        entities = extract_entities(text)
        score = scorer.compound(text, entities.emojis)
        reading = classifier.read(text, entities, score)
        assert reading.result(authors, posts) == classifier.classify(
            text, entities, score, repeat_authors=authors, repeat_posts=posts
        )


def test_a_situation_holding_the_name_slot_character_is_rendered_in_full(
    tmp_path: Path,
) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "praise.j2").write_text(
        "{% macro v1(c) %}Thanks {{ c.addressee }}, from {{ c.brand }}!{% endmacro %}\n",
        encoding="utf-8",
    )
    library = TemplateLibrary(tmp_path)
    assert rendered_in_turn(library, "en/praise.j2", context("anna")) == [
        "Thanks anna, from Alpenglow!"
    ]
    # A brand or product name carrying the private-use slot character must not have the
    # reader's name substituted into it later.
    odd = context("anna", brand="Alpen\ue000glow")
    assert rendered_in_turn(library, "en/praise.j2", odd) == ["Thanks anna, from Alpen\ue000glow!"]


@pytest.mark.slow
def test_languages_guessed_together_are_the_guesses_one_by_one() -> None:
    detector = LanguageDetector()
    awkward = [
        "",
        "short one",
        "ALL CAPS TEXT IS LOWERED FIRST BY THE IDENTIFIER",
        "İstanbul ıı ſhip straße ÄÖÜ and more words",
        "lone \ud800 surrogate in a sentence of words",
        "日本語のテキストです。とても長いテキストです",
        "Ça va très bien, merci beaucoup pour votre aide",
        "word " * 900,
    ]
    texts = [*corpus(), *awkward]
    for start in range(0, len(texts), 300):
        batch = texts[start : start + 300]
        detector.prepare(batch)
        for text in batch:
            assert detector.detect(text) == detector._guess(text), text
    detector.prepare([])
    assert detector.detect("Ça va très bien, merci beaucoup") == detector._guess(
        "Ça va très bien, merci beaucoup"
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "and",
        "Thanks, and",
        "We will look into it with",
        "We will look into it, ",
        "Sorry about that…",
        "Sorry about that...\n",
        "Sorry about that. Best, Team",
        "stand-",
        "the\u00a0",
        "Brandon",
        "a b c d e f g -\t\n ",
        "x" * 300 + " of",
    ],
)
def test_cut_ending_looked_for_at_the_end_is_the_search_everywhere(text: str) -> None:
    from bot.smo.guardrails import _CUT_ENDING, _cut_ending

    assert _cut_ending(text) == (_CUT_ENDING.search(text) is not None)


def test_unhappy_remembered_tells_minus_zero_from_zero() -> None:
    praise = ("question",)
    # Negative but above the cut-off, so only the label makes it unhappy; the score is printed.
    minus = unhappy("where is it", Readings("negative", -0.0, praise))
    plus = unhappy("where is it", Readings("negative", 0.0, praise))
    assert minus == "the comment reads negative (-0.00)"
    assert plus == "the comment reads negative (+0.00)"


def test_repeat_key_collapses_whitespace_as_the_pattern_did() -> None:
    # The patterns the key was once made with: marks and underscores, then whitespace runs.
    non_word = re.compile(r"[^\w\s]|_")
    spaces = re.compile(r"\s+")
    texts = [
        *corpus(),
        "  tabs\tand\nnewlines\r\nand\x1cseparators\u2028here  ",
        "no\u00a0break\u3000ideographic\u2003em space, still the same words!!",
        "_under_scores_ and -- dashes -- and 😀 emoji 😀 between them all",
    ]
    for text in texts:
        entities = extract_entities(text)
        flat = spaces.sub(" ", non_word.sub(" ", text.lower())).strip()
        expected = flat if len(flat) >= RepeatTracker.MIN_CHARS else None
        if entities.emoji_only:
            continue
        assert RepeatTracker.normalise(text, entities) == expected, text


@pytest.mark.slow
def test_a_question_opener_without_sentence_marks_is_only_at_the_start() -> None:
    from bot.smo.intents import _SENTENCE_MARKS

    classifier = IntentClassifier()
    extra = ["hi, how do I return it", "  what time do you open", "Is it in stock", "¿dónde está"]
    tried = 0
    for text in [*corpus(), *extra]:
        stripped = text.replace("?", "").replace("¿", "")
        if not _SENTENCE_MARKS.isdisjoint(stripped):
            continue
        tried += 1
        searched = classifier._opener.search(stripped)
        matched = classifier._opener.match(stripped)
        assert (searched and searched.span()) == (matched and matched.span()), text
    assert tried > 100


def test_bytes_walked_together_count_features_as_one_by_one() -> None:
    from py3langid.langid import visit_counts

    detector = LanguageDetector()
    identifier = detector._identifier
    texts = [identifier._encode(t) for t in corpus()[:500]]
    texts += [b"", b"a", b"", "ümlaut and ß".encode(), b"x" * 3000]
    walked = detector._visits(texts)
    for text, visits in zip(texts, walked, strict=True):
        alone = visit_counts(
            identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, text
        )
        # Same counts, met in the same order: the scores are summed in that order.
        assert list(visits.items()) == list((alone or {}).items())
