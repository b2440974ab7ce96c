"""A short Spanish or German comment the detector is unsure of is read as that language when
it writes a letter or mark of it and everyday words of it; a mark alone (a name, a dish) does
not make an English comment Spanish or German."""

from __future__ import annotations

import pytest

from bot.smo.language import MARKED_CONFIDENCE, MIN_CONFIDENCE, UNSURE, LanguageDetector

# The detector is unsure of each (below MIN_CONFIDENCE), leaning to the language named.
MARKED = [
    ("¿Dónde está mi pedido? Llevo dos semanas esperando", "es", "¿"),
    ("Service top und Qualität mit Abstand top", "de", "ä"),
]
# English comments naming a person, a dish or a weather pattern with a Spanish or German
# mark or word, each leaning to that language at MARKED_CONFIDENCE or more.
ENGLISH = [
    "Toño loves it",
    "Mi niño loves it",
    "Piña colada flavour plz",
    "El Niño is coming",
    "Nuñez la la land",
    "Noch eins please",
    "Shoutout to Señora Peña, es la best",
    "Toño and la familia love the piña colada",
    "Weißbier und Brezel night was great",
]


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.mark.parametrize(("text", "code", "mark"), MARKED)
def test_an_unsure_guess_with_the_languages_own_marks_stands(
    detector: LanguageDetector, text: str, code: str, mark: str
) -> None:
    guess = detector.detect(text)
    assert MARKED_CONFIDENCE <= guess.confidence < MIN_CONFIDENCE
    assert guess.code == code and mark in guess.reason


@pytest.mark.parametrize("text", ENGLISH)
def test_a_mark_or_a_word_alone_does_not_make_an_english_comment_spanish_or_german(
    detector: LanguageDetector, text: str
) -> None:
    guess = detector.detect(text)
    assert MARKED_CONFIDENCE <= guess.confidence < MIN_CONFIDENCE
    assert guess.code is None and guess.reason.startswith("unsure (")


def test_a_mark_without_everyday_words_leaves_german_to_the_brands_language(
    detector: LanguageDetector,
) -> None:
    # German all the same: a language the readers cover, so not one of an unsure language.
    guess = detector.detect("Straße gesperrt heute")
    assert MARKED_CONFIDENCE <= guess.confidence < MIN_CONFIDENCE
    assert guess.code is None, guess


def test_an_unsure_guess_without_marks_or_too_unsure_stays_unknown(
    detector: LanguageDetector,
) -> None:
    # Without a mark it is not read as Spanish, nor as of an unsure language: Spanish is covered.
    plain = detector.detect("Sigue sin funcionar")
    assert plain.code is None and plain.reason.startswith("unsure (es")
    assert detector.detect("Echt slecht dit").code == UNSURE
    too_unsure = detector.detect("¿Y mi reembolso?")
    assert too_unsure.confidence < MARKED_CONFIDENCE and too_unsure.code is None


def test_guessed_together_the_marked_guesses_are_the_same(detector: LanguageDetector) -> None:
    alone = [detector.detect(text) for text, _, _ in MARKED]
    fillers = [f"comment number {n} about the weather and the trains" for n in range(70)]
    together = LanguageDetector()
    together.prepare([text for text, _, _ in MARKED] + fillers)
    assert [together.detect(text) for text, _, _ in MARKED] == alone
