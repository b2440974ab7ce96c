"""German and Spanish churn threats: read as churn, unlike questions, praise and plan changes."""

from __future__ import annotations

import re

import pytest

from bot.smo import lexicon
from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.smo.escalation import find_escalation
from bot.smo.lexicon import pattern_groups, pattern_list
from tests.smo.drafting_kit import Talk

LANGUAGES = ("de", "es", "en")
BRANDS = (
    BrandProfile(id="netz", name="Wellenreiter", languages=LANGUAGES, industry="telco"),
    BrandProfile(id="laden", name="Krämerei", languages=LANGUAGES, industry="retail"),
)
talk = Talk(BRANDS, "churnde")
engine = talk.engine_fixture()

GERMAN = (
    "Wenn das nicht bald läuft, kündige ich",
    "Ich werde kündigen, wenn das so weitergeht",
    "Ich überlege ernsthaft zu kündigen",
    "Nächsten Monat wechsle ich zu Vodafone",
    "Ich wechsle zu einem anderen Anbieter, das reicht",
    "Jetzt reicht es, ich kündige alles",
    "Noch ein Ausfall und wir wechseln den Anbieter",
    "Ich gehe zur Konkurrenz, da läuft wenigstens das Netz",
    "Bei euch bestelle ich nie wieder",
    "Ich wechsel zu Telekom, mir reicht es",
)
SPANISH = (
    "Cancelo mi contrato mañana mismo",
    "Si sigue así cancelo la línea",
    "Me cambio a Movistar, estoy harto",
    "Me voy con la competencia",
    "Estoy pensando en darme de baja",
    "Voy a cancelar, no aguanto más",
    "Quiero darme de baja ya",
    "Una semana sin internet, pido la baja",
    "No vuelvo a comprar en esta tienda",
    "Me voy a Jazztel, adiós",
    "Cancelaré mi contrato este mes",
    "Dame de baja ya, por favor",
)


@pytest.mark.parametrize("text", GERMAN + SPANISH)
def test_a_threat_to_leave_is_read_as_churn(text: str) -> None:
    found = find_escalation(text)
    assert found is not None and found.kind == "churn", found


@pytest.mark.parametrize(
    "text",
    [
        # A change of plan or a question about cancelling an order: no churn.
        "Ich wechsle zu einem anderen Tarif bei euch, geht das online?",
        "Kann ich die Bestellung noch stornieren?",
        "Me cambio a la tarifa de fibra, ¿cuánto tarda?",
        "¿Cancelo el pedido y lo hago de nuevo?",
        # Said not to leave.
        "Ich kündige nicht, keine Sorge",
        "Nein, ich will nicht kündigen, nur den Tarif ändern",
        "No voy a cancelar, solo quería preguntar",
        "No me doy de baja, tranquilos",
        "No quiero darme de baja, solo cambiar de tarifa",
        # Everyday words with the same verbs.
        "Me voy a dormir, mañana os escribo",
        "Me paso a recogerlo mañana por la tienda",
        "Ich gehe zum Laden um die Ecke und hole es ab",
        "Nunca más me olvido del código, gracias por la ayuda",
        # Questions how to cancel: a request to cancel, below.
        "Wie kann ich den Newsletter kündigen",
        "Kann man das auch online kündigen?",
        "¿Cómo me doy de baja en la web?",
        # Praise, and a plan changed with us.
        "Nie wieder so bequem bestellt, super!",
        "Nunca más compro en otro sitio, sois los mejores",
        "Me paso a Plus este mes",
        "Ich wechsle zu Premium",
        # Not the contract, or not now.
        "Ich kündige ja nicht gleich",
        "Ich will nur die Option kündigen",
        "Quiero pedir la baja por paternidad",
    ],
)
def test_the_same_words_without_a_threat_are_no_churn(text: str) -> None:
    found = find_escalation(text)
    assert found is None or found.kind != "churn", found


@pytest.mark.parametrize(
    ("text", "language"), [(t, "de") for t in GERMAN[:6]] + [(t, "es") for t in SPANISH[:7]]
)
def test_a_threat_to_leave_is_a_complaint_met_with_the_holding_reply(
    engine: EngagementEngine, text: str, language: str
) -> None:
    comment = talk.comment(text, "netz")
    (result,) = engine.run([comment], comment.created_at)
    draft, analysis = result.draft, result.analysis
    assert draft is not None
    assert analysis.language == language, analysis.language
    assert "complaint" in analysis.intents, analysis.intents
    assert analysis.sentiment == "negative", analysis.sentiment
    assert "churn risk" in draft.note, draft.note
    heard = "verlieren" if language == "de" else "perder|sentimos|lamentamos"
    assert re.search(heard, draft.text.lower()), draft.text
    for cheer in ("danke", "gracias", "💛", "!"):
        assert cheer not in draft.text.lower(), draft.text


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("Wie kann ich den Newsletter kündigen", "stop the mailings"),
        ("Kann man das auch online kündigen?", "cancel"),
        ("Wie kann ich meinen Vertrag kündigen?", "cancel"),
        ("¿Cómo me doy de baja en la web?", "cancel"),
        ("¿Cómo puedo cancelar mi cuenta?", "close the account"),
    ],
)
def test_a_question_how_to_cancel_is_a_request_to_cancel(
    engine: EngagementEngine, text: str, what: str
) -> None:
    comment = talk.comment(text, "netz")
    (result,) = engine.run([comment], comment.created_at)
    draft = result.draft
    assert draft is not None and draft.action == "reply", draft
    assert f"a request to {what}" in draft.note, draft.note
    assert "churn risk" not in draft.note, draft.note


def test_the_service_reader_reads_the_same_german_and_spanish_churn_list() -> None:
    listed = pattern_list("escalation.yaml", "churn_de_es")
    service = [cue.pattern for cue in lexicon.SERVICE_COMPLAINT if cue.tag == "churn"]
    assert listed and set(listed) <= set(service)
    own = dict(pattern_groups("service.yaml", "complaint"))["churn"]
    assert not [p for p in own if re.search("[üñ]|baja", p)], "a second copy in service.yaml"


@pytest.mark.parametrize(
    "text",
    ["Nie wieder so bequem bestellt, super!", "Nunca más compro en otro sitio, sois los mejores"],
)
def test_praise_with_never_again_is_no_complaint(engine: EngagementEngine, text: str) -> None:
    comment = talk.comment(text, "laden")
    (result,) = engine.run([comment], comment.created_at)
    assert "complaint" not in result.analysis.intents, result.analysis.intents
    assert result.analysis.sentiment != "negative", result.analysis.sentiment
