"""A German or Spanish customer about to leave, or gone already, is read as such, and the
reply in their language says so without thanks or cheer."""

from __future__ import annotations

import re

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.smo.escalation import find_escalation
from tests.smo.drafting_kit import Talk

BRANDS = (
    BrandProfile(id="du", name="Wellenreiter", languages=("de", "es", "en"), industry="telco"),
    BrandProfile(
        id="sie",
        name="Wellenreiter",
        voice="formal",
        languages=("de", "es", "en"),
        industry="telco",
    ),
)
talk = Talk(BRANDS, "esc")
engine = talk.engine_fixture()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Wenn das so weitergeht, kündige ich meinen Handyvertrag", "churn"),
        ("Ich wechsle zur Konkurrenz, das reicht jetzt", "churn"),
        ("Haben den Vertrag letzte Woche gekündigt", "gone"),
        ("Si no lo arreglan, me doy de baja mañana", "churn"),
        ("Voy a cancelar mi suscripción este mes", "churn"),
        ("Ya nos dimos de baja, adiós", "gone"),
        ("Me pasé a otra compañía hace un mes", "gone"),
    ],
)
def test_a_german_or_spanish_customer_leaving_is_read(text: str, kind: str) -> None:
    found = find_escalation(text.lower())
    assert found is not None and found.kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "Kann ich meinen Tarif online wechseln?",
        "¿Cómo doy de alta una segunda línea?",
        "Ich habe das Paket gestern gekauft, super Qualität",
    ],
)
def test_a_plain_request_is_no_escalation(text: str) -> None:
    assert find_escalation(text.lower()) is None


@pytest.mark.slow
@pytest.mark.parametrize(
    ("brand", "text", "heard", "address"),
    [
        (
            "du",
            "Seit drei Wochen kein Netz, ich kündige meinen Vertrag",
            "verlieren|tut uns leid",
            " dich ",
        ),
        (
            "sie",
            "Seit drei Wochen kein Netz, ich kündige meinen Vertrag",
            "verlieren|tut uns leid",
            " sie ",
        ),
        ("du", "Llevo un mes sin línea, me doy de baja", "perder|Sentimos", "envíanos"),
        ("sie", "Llevo un mes sin línea, me doy de baja", "perder|Sentimos", "envíenos"),
    ],
)
def test_the_reply_to_a_churn_threat_is_in_their_language_and_voice(
    engine: EngagementEngine, brand: str, text: str, heard: str, address: str
) -> None:
    # On X the whole reply does not fit: the short one still opens on what they said.
    draft = talk.draft_for(engine, text, brand)
    assert draft.action == "reply", draft.note
    assert "churn risk" in draft.note
    first = re.split(r"(?<=[.!?])\s", draft.text)[0]
    assert re.search(heard, first) and address in draft.text.lower(), draft.text
    for cheer in ("Danke", "danke", "Gracias", "gracias", "💛", "!"):
        assert cheer not in draft.text, draft.text
