"""A short Spanish or German comment the detector is unsure of is read as that language when
it writes letters, marks or words that only that language writes."""

from __future__ import annotations

import pytest

from bot.smo.language import MARKED_CONFIDENCE, MIN_CONFIDENCE, LanguageDetector

# The detector is unsure of each (below MIN_CONFIDENCE), leaning to the language named.
MARKED = [
    ("¿Dónde está mi pedido? Llevo dos semanas esperando", "es", "¿"),
    ("Straße gesperrt heute", "de", "ß"),
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


def test_an_unsure_guess_without_marks_or_too_unsure_stays_unknown(
    detector: LanguageDetector,
) -> None:
    plain = detector.detect("Sigue sin funcionar")
    assert plain.code is None and plain.reason.startswith("unsure (es")
    too_unsure = detector.detect("¿Y mi reembolso?")
    assert too_unsure.confidence < MARKED_CONFIDENCE and too_unsure.code is None


def test_guessed_together_the_marked_guesses_are_the_same(detector: LanguageDetector) -> None:
    alone = [detector.detect(text) for text, _, _ in MARKED]
    fillers = [f"comment number {n} about the weather and the trains" for n in range(70)]
    together = LanguageDetector()
    together.prepare([text for text, _, _ in MARKED] + fillers)
    assert [together.detect(text) for text, _, _ in MARKED] == alone
