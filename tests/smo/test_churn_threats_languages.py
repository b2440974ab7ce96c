"""German and Spanish threats to cancel or to go to another company, put the ways customers
put them: read as churn and as a complaint, and met with the language's holding reply for a
customer about to leave, as an English churn threat is; plan changes, questions and everyday
phrases with the same verbs are none."""

from __future__ import annotations

import re

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.smo.escalation import find_escalation
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
