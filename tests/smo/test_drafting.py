"""Reply templates, platform limits, the FAQ index and priority scores, tested directly."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import jinja2
import pytest

from bot.smo.brand import VOICES
from bot.smo.drafting import REPLY_TEMPLATES, ReplyContext, TemplateLibrary, default_templates_dir
from bot.smo.faq import FAQ_THRESHOLD, FaqIndex
from bot.smo.lexicon import CUE_LANGUAGES
from bot.smo.platforms import REPLY_LIMITS, X_URL_LENGTH, fit_to_limit, reply_length
from bot.smo.priority import score_priority
from bot.smo.template_library import template_base

ISSUES = (None, "delay", "damage", "defect", "billing", "wrong item", "no answer", "quality", "x")
TOPICS = (None, "order", "shipping", "refund", "account")


@pytest.fixture(scope="module")
def library() -> TemplateLibrary:
    return TemplateLibrary(default_templates_dir())


def context(**changes: object) -> ReplyContext:
    base = ReplyContext(
        addressee="@ana",
        author="ana",
        brand="Alpenglow",
        sign_off="— Mia",
        voice="friendly",
        platform="instagram",
        language="en",
        product=None,
        issue=None,
        topic=None,
        faq_question=None,
        faq_answer=None,
        link=None,
        private="DM",
        contact=None,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_every_english_intent_and_voice_has_at_least_two_variants(
    library: TemplateLibrary,
) -> None:
    for template in REPLY_TEMPLATES:
        for voice in VOICES:
            name = library.find("en", template, voice, "instagram")
            assert name is not None, (template, voice)
            assert len(library.render(name, context(faq_answer="A."))) >= 2


@pytest.mark.parametrize("language", ["de", "es"])
def test_german_and_spanish_cover_the_reply_intents(
    library: TemplateLibrary, language: str
) -> None:
    for template in ("complaint", "support", "purchase_intent", "praise", "question"):
        for voice in VOICES:
            assert library.find(language, template, voice, "x") is not None, (template, voice)


# Templates written in English only (none now): a comment in another language routed to one goes
# to a person ("no … template for language", by hand) or to the plainer template
# ``find_template`` names (chat and milestone to praise, escalation to complaint, concern to
# the plan's template). The test above checks only the five intent templates, so the holding
# replies for account security, a stranded traveller, a curious question and feedback were
# missed there; this one reads every template English ships, so a new one is translated or
# named here on purpose, never forgotten.
_ENGLISH_ONLY: frozenset[str] = frozenset()


def test_every_shipped_language_has_every_template_but_those_named_english_only(
    library: TemplateLibrary,
) -> None:
    english = {template_base(n) for n in library.names if n.startswith("en/")}
    languages = {n.split("/")[0] for n in library.names} - {"en"}
    assert languages == {"de", "es"}
    for language in sorted(languages):
        for voice in VOICES:
            missing = {t for t in english if library.find(language, t, voice, "x") is None}
            assert missing == _ENGLISH_ONLY, (language, voice, sorted(missing ^ _ENGLISH_ONLY))


@pytest.mark.parametrize("language", ["de", "es"])
@pytest.mark.parametrize(
    ("template", "fields"),
    [
        ("safety", {"issue": "account security"}),
        ("safety", {"issue": "self-harm"}),
        ("safety", {"issue": "privacy"}),
        ("disruption", {"industry": "travel", "domain": "flight"}),
        ("by_hand", {"topic": "question"}),
        ("by_hand", {"topic": "info", "upset": True}),
        ("feedback", {"topic": "suggested"}),
        ("feedback", {"topic": "policy"}),
        ("feedback", {}),
        ("escalation", {"topic": "return", "industry": "telco"}),
        ("escalation", {"topic": "churn", "industry": "software"}),
        ("escalation", {"topic": "failed channel"}),
        ("concern", {"concern": "access", "concern_label": "the PIN or password", "upset": True}),
        ("concern", {"concern": "upgrade", "concern_label": "your plan", "plan_wish": True}),
        ("concern", {"concern": "staff", "industry": "restaurant"}),
        ("follow_up", {"topic": "answered", "answered": "device", "industry": "software"}),
        ("follow_up", {"topic": "unresolved", "industry": "telco"}),
        ("follow_up", {"topic": "chased", "email_asked": True}),
        ("closure", {"topic": "subscription", "issue": "private"}),
        ("chat", {"topic": "greeting"}),
        ("short", {"issue": "delay"}),
        ("milestone", {}),
    ],
)
def test_a_translated_holding_reply_speaks_its_language_in_every_voice(
    library: TemplateLibrary, language: str, template: str, fields: dict[str, object]
) -> None:
    # Words of each language a faithful reply uses, and English words none of them may keep.
    own = {"de": ("wir", "uns"), "es": ("nuestro", "aquí", "equipo", "nos")}[language]
    for voice in VOICES:
        name = library.find(language, template, voice, "x")
        assert name is not None and name.startswith(f"{language}/"), (template, voice)
        for text in library.render(name, context(voice=voice, **fields)):
            lowered = text.lower()
            assert any(w in lowered for w in own), text
            assert not any(w in lowered.split() for w in ("please", "sorry", "we", "your")), text
    if template == "safety" and fields["issue"] == "account security":
        # The warning not to post a PIN is kept in translation.
        first = library.find(language, template, "friendly", "x")
        assert first is not None and "PIN" in library.render(first, context(**fields))[0]


def test_template_languages_are_ones_we_read(library: TemplateLibrary) -> None:
    for template in REPLY_TEMPLATES:
        assert library.languages(template) <= CUE_LANGUAGES


@pytest.mark.slow
def test_every_template_renders_every_combination(library: TemplateLibrary) -> None:
    for name in library.names:
        for issue in ISSUES:
            for topic in TOPICS:
                for extra in (
                    {},
                    {"product": "Summit shell", "link": "https://a.example"},
                    {"private": None, "contact": "help@a.example", "sign_off": ""},
                    {"private": None},
                ):
                    ctx = context(issue=issue, topic=topic, **{"faq_answer": "Yes.", **extra})
                    for text in library.render(name, ctx):
                        assert text and text == text.strip(), name
                        assert "  " not in text and "None" not in text, (name, text)


def test_platform_specific_template_wins(library: TemplateLibrary) -> None:
    assert library.find("en", "complaint", "friendly", "youtube") == (
        "en/complaint.friendly.youtube.j2"
    )
    assert library.find("en", "complaint", "friendly", "x") == "en/complaint.friendly.j2"
    assert library.find("de", "complaint", "playful", "x") == "de/complaint.j2"
    assert library.find("it", "complaint", "friendly", "x") is None


def test_strict_undefined_catches_template_typos(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "praise.j2").write_text("{% macro v1(c) %}Hi {{ c.nmae }}{% endmacro %}")
    library = TemplateLibrary(tmp_path)
    with pytest.raises(jinja2.UndefinedError):
        library.render("en/praise.j2", context())


def test_template_without_variants_is_refused(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "praise.j2").write_text("Thanks!")
    with pytest.raises(ValueError, match="no variant macros"):
        TemplateLibrary(tmp_path)


def test_missing_template_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        TemplateLibrary(tmp_path / "nope")


def test_replies_are_plain_text_not_html_escaped(library: TemplateLibrary) -> None:
    name = library.find("en", "question", "friendly", "instagram")
    assert name is not None
    [first, *_] = library.render(name, context(faq_answer="Tom & Jerry <3 'quotes'"))
    assert "Tom & Jerry <3 'quotes'" in first


def test_x_counts_every_link_as_23() -> None:
    url = "https://example.com/" + "a" * 100
    assert reply_length(f"see {url}", "x") == 4 + X_URL_LENGTH
    assert reply_length(f"see {url}", "instagram") == 4 + len(url)


def test_fit_to_limit_cuts_on_a_word_boundary() -> None:
    text = "word " * 100
    cut, shortened = fit_to_limit(text.strip(), "tiktok")
    assert shortened and len(cut) <= REPLY_LIMITS["tiktok"]
    assert cut.endswith("word…")
    assert fit_to_limit("short", "tiktok") == ("short", False)
    assert fit_to_limit("a" * 400, "tiktok")[0].endswith("…")


def test_faq_index_scores_and_empty_faq() -> None:
    index = FaqIndex([("Do you ship to Canada?", "Yes."), ("Are you vegan?", "Yes, all of it.")])
    [close, far] = index.match(["do you deliver to canada?", "who took this photo"])
    assert close is not None and close.index == 0 and close.score >= FAQ_THRESHOLD
    assert far is not None and far.score < FAQ_THRESHOLD
    assert FaqIndex([]).match(["anything"]) == [None]
    assert index.match([]) == []


def test_priority_reason_and_bounds() -> None:
    angry = score_priority(("complaint",), -0.9, 2_000_000, timedelta(hours=5))
    happy = score_priority(("praise",), 0.9, 50, timedelta(minutes=5))
    assert 0 <= happy.score < angry.score <= 100
    assert "2M followers" in angry.reason and "negative" in angry.reason
    stale = score_priority(("question",), 0.0, 0, timedelta(days=10))
    fresh = score_priority(("question",), 0.0, 0, timedelta(hours=3))
    assert stale.score < fresh.score and "moved on" in stale.reason
    spam = score_priority(("spam",), -0.9, 5_000_000, timedelta(hours=1))
    assert spam.score < 10


@pytest.mark.parametrize(
    ("language", "offer"), [("en", "possible"), ("de", "möglich"), ("es", "posible")]
)
@pytest.mark.parametrize("upset", [True, False])
def test_a_gripe_about_upgrades_is_passed_on_in_every_language(
    library: TemplateLibrary, language: str, offer: str, upset: bool
) -> None:
    for voice in VOICES:
        name = library.find(language, "concern", voice, "x")
        assert name is not None, (language, voice)
        for text in library.render(
            name,
            context(
                language=language,
                concern="upgrade",
                concern_label="your upgrade",
                upgrade_gripe=True,
                upset=upset,
                industry="travel",
            ),
        ):
            assert offer not in text.lower() and "@ana" in text, text
