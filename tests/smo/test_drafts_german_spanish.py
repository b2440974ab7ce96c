"""German and Spanish complaint and support replies: a sorry rather than thanks to an upset
customer, in every variant and voice, and the details asked for are the brand's own."""

from __future__ import annotations

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from tests.smo.drafting_kit import NOW, Talk

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
    BrandProfile(id="shop_en", name="Acme"),
    BrandProfile(id="shop", name="Acme", languages=("en", "es", "de")),
)
talk = Talk(BRANDS, "dees")
engine = talk.engine_fixture()
THANKS = ("danke", "dank", "gracias", "💛")
SORRY = ("leid", "entschuldig", "sentimos", "lamentamos", "disculpa", "sorry")

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


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # The wait told afterwards, with a clap: sarcasm, not thanks.
        ("Super Service, drei Wochen auf eine Antwort gewartet 👏", "de"),
        ("Toll, zwei Wochen auf mein Paket gewartet", "de"),
    ],
)
def test_a_german_wait_told_afterwards_is_met_with_a_sorry(
    engine: EngagementEngine, text: str, language: str
) -> None:
    draft = talk.draft_for(engine, text, "shop")
    lowered = draft.text.lower()
    assert draft.action == "reply", (text, draft.note)
    assert not any(word in lowered for word in THANKS), draft.text
    assert any(word in lowered for word in SORRY), draft.text


@pytest.mark.parametrize(
    "text",
    [
        "Kein Problem, hat alles geklappt, danke!",
        "Hab kurz gewartet, dann lief alles, danke!",
        "Nunca me decepcionan, los mejores",
        "Nunca nos falla, muchas gracias por todo el trabajo",
        "No hay problema, todo perfecto, gracias",
    ],
)
def test_german_or_spanish_thanks_that_names_no_fault_is_thanked(
    engine: EngagementEngine, text: str
) -> None:
    draft = talk.draft_for(engine, text, "shop")
    lowered = draft.text.lower()
    assert draft.action == "reply", (text, draft.note)
    assert any(word in lowered for word in THANKS), draft.text
    assert not any(word in lowered for word in SORRY), draft.text


# English comments that name a person, a dish or a weather pattern in Spanish or German.
ENGLISH_WITH_A_NAME = (
    "Toño loves it",
    "Mi niño loves it",
    "Piña colada flavour plz",
    "El Niño is coming",
    "Jalapeño poppers are back!",
    "Noch eins please",
)


@pytest.mark.parametrize("brand", ["shop_en", "shop"])
@pytest.mark.parametrize("text", ENGLISH_WITH_A_NAME)
def test_an_english_comment_with_a_spanish_or_german_name_is_answered_in_english(
    engine: EngagementEngine, text: str, brand: str
) -> None:
    result = engine.run([talk.comment(text, brand)], NOW)[0]
    assert result.analysis.language in (None, "en"), text
    if result.draft is not None:
        assert "language" not in result.draft.note, (text, result.draft.note)
        lowered = result.draft.text.lower()
        assert not any(word in lowered for word in ("gracias", "hola", "danke", "dein")), lowered
