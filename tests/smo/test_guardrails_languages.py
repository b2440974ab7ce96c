"""Guardrails in German and Spanish: their negative clauses keep thanks out of a reply."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.models import Comment
from bot.smo.brand import BrandProfile
from bot.smo.guardrails import Readings, check, negative_clause, unhappy

NOW = datetime(2026, 10, 5, 12, 0, tzinfo=UTC)
BRAND = BrandProfile(id="sol", name="Solbad", languages=("de", "es", "en"))
PRAISE_READ = ("positive", 0.5, ("praise",))


def said(text: str) -> Comment:
    return Comment("c1", "instagram", "sol", "p1", "gast", text, NOW)


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        ("de", "Schöner Laden, aber die Kasse war ewig zu", "aber"),
        ("de", "Das Essen war lecker, der Kellner leider unfreundlich", "leider"),
        ("de", "Der Drucker zieht immer noch kein Papier ein", "immer noch"),
        ("de", "Hab mich gefreut, bis die zweite Lieferung verspätet kam", "verspätet"),
        ("es", "El hotel es precioso, pero el wifi va fatal", "pero"),
        ("es", "La tienda genial, la web no carga", "no"),
        ("es", "Todo muy rico, otra vez faltaba la salsa", "otra vez"),
        ("es", "Precioso, aunque tardó en llegar", "aunque"),
        (
            "de",
            "Super Service, drei Wochen auf eine Antwort gewartet 👏",
            "Wochen auf eine Antwort gewartet",
        ),
        ("de", "Klasse, ewig gewartet und dann das", "ewig gewartet"),
    ],
)
def test_a_german_or_spanish_negative_clause_is_found(language: str, text: str, words: str) -> None:
    assert negative_clause(text, language) == words


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Kein Problem, die Lieferung war super schnell"),
        ("de", "Nicht nur hübsch, auch bequem"),
        ("de", "Kann es kaum erwarten, die neue Staffel zu sehen"),
        ("es", "Sin problemas, todo perfecto"),
        ("es", "No puedo esperar a probar la nueva carta"),
        ("es", "De nada, ¡a vosotros por el buen trato!"),
        ("de", "Hab kurz gewartet, dann lief alles"),
        ("es", "Nunca me decepcionan, los mejores"),
        ("es", "Nunca nos falla"),
    ],
)
def test_praise_that_uses_a_negation_has_no_negative_clause(language: str, text: str) -> None:
    assert negative_clause(text, language) is None


def test_german_and_spanish_words_count_only_in_their_language() -> None:
    # An English comment's "sin", "no" or "nie" in a name is no fault.
    assert negative_clause("Pero is the best dog, he loves the sin bin toy", "en") is None
    assert negative_clause("Pero is the best dog, he loves the sin bin toy", None) is None
    assert negative_clause("Pero lo mejor fue el postre", "es") == "Pero"


def test_praise_with_a_german_turn_is_unhappy() -> None:
    readings = Readings(*PRAISE_READ, language="de")
    why = unhappy("Super Team, aber der Versand dauert ewig", readings)
    assert why == 'the comment has a negative clause ("aber")'
    assert unhappy("Super Team, der Versand war schnell", readings) is None


@pytest.mark.parametrize(
    ("language", "comment_text", "reply"),
    [
        ("de", "Tolle Farbe, aber nach einer Woche ausgefranst", "Danke dir, Gast!"),
        ("de", "Danke für die Info, nur klappt der Link nicht", "Vielen Dank, Gast!"),
        ("es", "Me encanta, pero llegó con dos semanas de retraso", "¡Gracias, Gast!"),
        ("es", "Muy amables, lástima que nadie sepa cuándo vuelve", "Gast, ¡nos alegra mucho!"),
    ],
)
def test_a_thanks_to_a_negative_german_or_spanish_comment_is_a_problem(
    language: str, comment_text: str, reply: str
) -> None:
    readings = Readings(*PRAISE_READ, language=language)
    problems = check(reply, said(comment_text), readings, BRAND, "instagram")
    assert "thanks" in [p.code for p in problems]


@pytest.mark.parametrize(
    ("language", "comment_text", "reply"),
    [
        ("de", "Ihr seid klasse, weiter so!", "Danke dir, Gast!"),
        ("es", "Sois los mejores, qué buen servicio", "¡Gracias, Gast!"),
    ],
)
def test_a_thanks_to_plain_praise_is_fine(language: str, comment_text: str, reply: str) -> None:
    readings = Readings(*PRAISE_READ, language=language)
    problems = check(reply, said(comment_text), readings, BRAND, "instagram")
    assert "thanks" not in [p.code for p in problems]
