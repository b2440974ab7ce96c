"""German and Spanish complaint and support replies: a sorry rather than thanks to an upset
customer, in every variant and voice, and the details asked for are the brand's own."""

from __future__ import annotations

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from tests.smo.drafting_kit import Talk

LANGUAGES = ("de", "es", "en")
BRANDS = (
    BrandProfile(id="netz", name="Funkwerk", languages=LANGUAGES, industry="telco"),
    BrandProfile(
        id="netz_sie", name="Funkwerk", voice="formal", languages=LANGUAGES, industry="telco"
    ),
    BrandProfile(id="app", name="Notiva", languages=LANGUAGES, industry="software"),
    BrandProfile(
        id="app_usted", name="Notiva", voice="formal", languages=LANGUAGES, industry="software"
    ),
)
talk = Talk(BRANDS, "dees")
engine = talk.engine_fixture()
THANKS = ("danke", "dank", "gracias", "💛")

GERMAN = (
    "Das Internet bricht seit gestern ständig ab, so kann ich nicht arbeiten",
    "Mein Anschluss ist seit drei Tagen tot und niemand meldet sich",
    "Schon wieder kein Netz im ganzen Haus, echt mies",
)
SPANISH = (
    "La app se cuelga cada vez que intento guardar una nota",
    "Desde la última versión no me deja sincronizar, es un desastre",
    "Sigo sin poder entrar en mi cuenta y nadie me contesta",
)


@pytest.mark.slow
@pytest.mark.parametrize("brand", ["netz", "netz_sie"])
def test_a_german_telco_complaint_is_met_with_a_sorry_and_asks_for_the_line(
    engine: EngagementEngine, brand: str
) -> None:
    for text in GERMAN:
        draft = talk.draft_for(engine, text, brand)
        lowered = draft.text.lower()
        assert draft.action == "reply", (text, draft.note)
        assert not any(word in lowered for word in THANKS), draft.text
        assert "leid" in lowered or "entschuldig" in lowered, draft.text
        assert "bestellnummer" not in lowered, draft.text
        assert ("Sie " in draft.text) == (brand == "netz_sie"), draft.text


@pytest.mark.slow
@pytest.mark.parametrize("brand", ["app", "app_usted"])
def test_a_spanish_software_complaint_is_met_with_a_sorry_and_asks_for_the_account(
    engine: EngagementEngine, brand: str
) -> None:
    for text in SPANISH:
        draft = talk.draft_for(engine, text, brand)
        lowered = draft.text.lower()
        assert draft.action == "reply", (text, draft.note)
        assert not any(word in lowered for word in THANKS), draft.text
        assert any(w in lowered for w in ("sentimos", "lamentamos", "disculpa")), draft.text
        assert "número de pedido" not in lowered and "producto" not in lowered, draft.text
