"""German and Spanish comments read by the intent cues: complaints in words the English-only
banks miss, regrets after praise, thanks for nothing, and questions without a "?"."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.smo.entities import extract_entities
from bot.smo.intents import IntentClassifier, IntentResult
from bot.smo.sentiment import SentimentScorer

Read = Callable[[str], IntentResult]


@pytest.fixture(scope="module")
def read() -> Read:
    classifier = IntentClassifier()
    scorer = SentimentScorer()

    def reading(text: str) -> IntentResult:
        found = extract_entities(text)
        score = scorer.compound(text, found.emojis)
        return classifier.classify(text, found, score, vader_reliable=False)

    return reading


@pytest.mark.parametrize(
    ("text", "issue"),
    [
        ("Das Spiel stürzt nach dem Patch dauernd ab", "defect"),
        ("Mein Router funktioniert schon wieder nicht", "defect"),
        ("Seit Montag lässt sich die Tür nicht mehr öffnen", "defect"),
        ("Der Laptop hängt sich beim Hochfahren auf", "defect"),
        ("Auf meine Mail kam bis heute keine Reaktion", "delay"),
        ("Niemand kümmert sich um mein Anliegen", "no answer"),
        ("Ich warte seit Freitag auf einen Rückruf", "no answer"),
        ("Mir wurde der Betrag doppelt abgebucht", "billing"),
        ("Nach zwei Wochen ist immer noch nichts passiert", "delay"),
        ("Ganz schöne Tasche, nur schade, dass der Reißverschluss klemmt", "experience"),
        ("Mi router sigue sin conexión desde el lunes", "outage"),
        ("La web no me deja pagar con tarjeta", "defect"),
        ("Llevo tres semanas esperando el paquete", "delay"),
        ("Nadie me atiende en la tienda", "no answer"),
        ("Me cobraron la suscripción sin avisar", "billing"),
        ("La caja vino rota y mojada", "damage"),
        ("La app se cuelga cada vez que la abro", "defect"),
        ("Bonita chaqueta, qué pena que se descosiera al primer lavado", "experience"),
    ],
)
def test_a_german_or_spanish_complaint_is_read_with_its_issue(
    read: Read, text: str, issue: str
) -> None:
    result = read(text)
    assert "complaint" in result.intents and "praise" not in result.intents, result.evidence
    assert result.issue == issue, result.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Tolle Jacke, aber die Nähte halten keinen Regen ab",
        "Me encanta el diseño, pero la batería no dura nada",
        "Danke für überhaupt nichts, ich warte weiter",
        "Gracias por nada, como siempre",
    ],
)
def test_praise_words_in_a_complaint_are_not_praise(read: Read, text: str) -> None:
    result = read(text)
    assert "complaint" in result.intents and "praise" not in result.intents, result.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Funktioniert super, danke!",
        "Kein Problem, alles gut angekommen",
        "Sin duda el mejor café de la ciudad",
        "No puedo esperar a probarlo",
        "Ich liebe eure Sommerkollektion",
    ],
)
def test_praise_and_chatter_with_negations_are_no_complaint(read: Read, text: str) -> None:
    assert "complaint" not in read(text).intents


@pytest.mark.parametrize(
    "text",
    [
        "Könnt ihr mir sagen, ab wann der Laden offen hat",
        "Weiß jemand, ob es die Schuhe auch in Blau gibt",
        "Alguien sabe si hay descuento para estudiantes",
        "Me podéis confirmar el horario del sábado",
    ],
)
def test_a_question_without_a_question_mark_is_a_question(read: Read, text: str) -> None:
    assert "question" in read(text).intents


@pytest.mark.parametrize(
    "text",
    [
        "Is there a toll free number I can ring about my order?",
        "Which toll road gets me to your outlet store fastest?",
        "Does the delivery fee include the bridge tolls?",
    ],
)
def test_an_english_toll_is_no_german_praise(read: Read, text: str) -> None:
    assert "praise" not in read(text).intents


@pytest.mark.parametrize("text", ["Das ist wirklich toll!", "Toller Service, danke", "tolle Jacke"])
def test_german_toll_is_still_praise(read: Read, text: str) -> None:
    assert "praise" in read(text).intents
