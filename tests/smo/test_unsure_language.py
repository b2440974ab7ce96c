"""Short comments of an unsure language: uncovered ones go to a person, es/de and English don't."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.smo.language import UNSURE, LanguageDetector
from bot.smo.priority import UNREAD_FLOOR
from bot.smo.sentiment import UNKNOWN
from tests.smo.drafting_kit import NOW, Talk

BRANDS = (BrandProfile(id="shop", name="Hollow Oak", industry="retail"),)
talk = Talk(BRANDS, "unsure", brand="shop")
engine = talk.engine_fixture()

# Dutch the detector is unsure of (no guess reaches its confidence), each with a word of
# English in some ("service", "super", "help").
DUTCH = (
    "Echt slecht dit",
    "Slechte service",
    "Super service, bedankt!",
    "Help, pakket kwijt!",
    "Nice, echt super",
    "Prima geholpen",
)
# Short English the detector is unsure of, or that is too short for it.
ENGLISH = (
    "still broken lol",
    "my order never came",
    "Top service!",
    "Replied by DM now",
    "ok thanks",
    "no",
    "omgggg love dis",
    "pls restock the nuevo colors",
    "hahahaha yesss",
    "fav brand evaaa",
    "looool same",
)


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.mark.parametrize("text", DUTCH)
def test_unsure_words_that_are_not_english_read_as_an_unsure_language(
    detector: LanguageDetector, text: str
) -> None:
    guess = detector.detect(text)
    assert guess.code == UNSURE, guess


@pytest.mark.parametrize("text", ENGLISH)
def test_short_english_stays_english(detector: LanguageDetector, text: str) -> None:
    guess = detector.detect(text)
    assert guess.code in (None, "en"), guess


@pytest.mark.parametrize("text", DUTCH)
def test_a_comment_of_an_unsure_language_goes_to_a_person_with_no_english_draft(
    engine: EngagementEngine, text: str
) -> None:
    (result,) = engine.run([talk.comment(text)], NOW)
    analysis, draft = result.analysis, result.draft
    assert analysis.language == UNSURE
    assert analysis.sentiment == UNKNOWN, analysis.sentiment
    assert analysis.priority >= UNREAD_FLOOR, analysis.priority_reason
    assert draft is not None and draft.action == "human", draft
    assert draft.text == "", draft.text
    assert "language is unsure" in draft.note, draft.note


@pytest.mark.parametrize(
    "text", ["Nguyen van Thanh, thanh.n@example.com", "Olek Wojtaszek/04417/+48601234567"]
)
def test_a_name_with_contact_details_is_read_as_before(engine: EngagementEngine, text: str) -> None:
    # The name alone reads as of an unsure language; the details say nothing of one.
    (result,) = engine.run([talk.comment(text)], NOW)
    assert result.analysis.language is None, result.analysis.evidence[0]


# A brand that answers in Spanish, and a customer's earlier tweet too short to tell the
# language of: judged in Spanish only where it writes Spanish.
SPANISH_BRAND = BrandProfile(id="tienda", name="Hollow Oak", languages=("es",))


spanish = Talk((SPANISH_BRAND,), "unsure_es", brand="tienda")


@pytest.fixture(scope="module")
def spanish_engine() -> EngagementEngine:
    return spanish.engine()


def _under_their_own(engine: EngagementEngine, first: str, then: str) -> str:
    """The note of the draft for ``then``, the same customer's answer to ``first``."""
    earlier = spanish.comment(first)
    later = replace(
        spanish.comment(then, parent=earlier.id, author=earlier.author), post_id=earlier.post_id
    )
    draft = engine.run([earlier, later], NOW)[1].draft
    assert draft is not None
    return draft.note


@pytest.mark.parametrize("first", ["no", "no thanks", "No way!"])
def test_a_short_english_no_above_holds_no_cheer_for_a_spanish_brand(
    spanish_engine: EngagementEngine, first: str
) -> None:
    note = _under_their_own(spanish_engine, first, "Love it, thanks so much!")
    assert "carries a complaint" not in note, note


@pytest.mark.parametrize("first", ["No funciona", "No sirve para nada", "Sigue sin funcionar"])
def test_a_short_spanish_complaint_above_holds_the_cheer(
    spanish_engine: EngagementEngine, first: str
) -> None:
    note = _under_their_own(spanish_engine, first, "¡Me encanta, muchas gracias!")
    assert "carries a complaint" in note, note


# Short Spanish the detector is unsure of, for a brand that writes Spanish.
SHORT_SPANISH = ("Jajaja me encanta", "talla equivocada", "Mal servicio", "Buen servicio")


@pytest.mark.parametrize("text", SHORT_SPANISH)
def test_short_spanish_for_a_spanish_brand_is_not_an_unsure_language(
    spanish_engine: EngagementEngine, text: str
) -> None:
    (result,) = spanish_engine.run([spanish.comment(text)], NOW)
    assert result.analysis.language != UNSURE, result.analysis.evidence[0]
    assert result.draft is None or "language is unsure" not in result.draft.note


@pytest.mark.parametrize("text", ["Jajaja me encanta", "talla equivocada"])
def test_short_spanish_for_a_spanish_brand_gets_a_spanish_draft(
    spanish_engine: EngagementEngine, text: str
) -> None:
    (result,) = spanish_engine.run([spanish.comment(text)], NOW)
    draft = result.draft
    assert draft is not None and draft.text, draft
    assert re.search(r"[¡¿ñáéíóú]|\b(?:nos|lo|tu|te|gracias)\b", draft.text), draft.text


GERMAN_BRAND = BrandProfile(id="laden", name="Hollow Oak", languages=("de",))
german = Talk((GERMAN_BRAND,), "unsure_de", brand="laden")


@pytest.fixture(scope="module")
def german_engine() -> EngagementEngine:
    return german.engine()


@pytest.mark.parametrize("text", ["Schlechter Service", "Gerlinde Kaltenbrunner"])
def test_short_german_for_a_german_brand_is_not_an_unsure_language(
    german_engine: EngagementEngine, text: str
) -> None:
    (result,) = german_engine.run([german.comment(text)], NOW)
    assert result.analysis.language != UNSURE, result.analysis.evidence[0]
