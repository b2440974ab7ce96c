"""What the drafter's readings of a given answer must not catch."""

# What the drafter's readings of a given answer must not catch: praise or a happy ending read as
# a refund turned down, the bank's own number or address read as the customer's, a card number
# or a date named as something else, an answer to half our question taken as the whole, an
# opinion or a shop's product read as episodes with parts missing, a route in lower case not
# read as the service named, and a Spanish link sent not thanked in the brand's voice.

from __future__ import annotations

import pytest

from bot.smo.asks_answered import when_and_who_told
from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.smo.shown_in_public import shown_in_public
from bot.smo.topics import refund_refused
from tests.smo.drafting_kit import Talk, words
from tests.smo.test_drafts_given_not_asked_again import BRANDS as GIVEN_BRANDS

BRANDS = (
    *GIVEN_BRANDS,
    BrandProfile(
        id="es", name="Notiva", languages=("es", "en"), industry="software", handles={"x": "notiva"}
    ),
    BrandProfile(
        id="es_bank",
        name="Banco Sol",
        languages=("es",),
        industry="finance",
        handles={"x": "bancosol"},
    ),
    BrandProfile(
        id="es_usted",
        name="Notiva",
        voice="formal",
        languages=("es", "en"),
        industry="software",
        handles={"x": "notiva"},
    ),
)
TALK = Talk(BRANDS, "held")
draft_for = TALK.draft_for
engine = TALK.engine_fixture()


# A refund turned down: only the customer's refund or claim, refused in the same clause, and
# not denied or put right afterwards.

NO_REFUSAL = [
    (
        "shop",
        "@larchco never once needed a refund, and you've never declined a claim of mine."
        " Great shop!",
    ),
    (
        "shop",
        "@larchco I feared my refund would be refused, but it came through in two days, thank you!",
    ),
    (
        "rail",
        "@northline my delay repay claim was rejected at first but your team sorted it,"
        " many thanks",
    ),
    ("shop", "@larchco the advert claims free delivery over £40 but my order didn't qualify?"),
]


@pytest.mark.parametrize(("brand", "text"), NO_REFUSAL)
def test_praise_or_a_happy_ending_is_no_refund_turned_down(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    assert not refund_refused(text)
    assert "turned down" not in words(draft_for(engine, text, brand))


@pytest.mark.parametrize(
    "text",
    [
        "@northline the 07:12 was cancelled, I claimed delay repay and was refused",
        "@larchco you refused my refund claim for the broken toaster",
        "@northline my claim doesn't qualify for compensation?? 40 minutes late",
    ],
)
def test_a_refund_refused_is_still_read(text: str) -> None:
    assert refund_refused(text)


# A bank's own number or address, quoted by its customer, is no detail of theirs to warn about.


@pytest.mark.parametrize(
    "text",
    [
        "@harbourline rang your branch on 0161 496 0000 and no one answered for an hour",
        "@harbourline I've emailed complaints@harbourline.co.uk three times, not one reply",
        "@harbourline is 0800 123 4567 really your number? a text asked me for my PIN",
        "@harbourline payment of 45.99 declined on 2026-11-02, why?",
        "@harbourline great new app! my sister agrees, write to her at amy@example.com",
    ],
)
def test_the_banks_own_details_or_a_date_get_no_warning(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "bank")
    assert "don't share" not in words(draft), draft.text
    assert "PRIVATE DETAILS" not in draft.note, draft.note


def test_someone_elses_detail_is_left_to_the_reviewer(engine: EngagementEngine) -> None:
    draft = draft_for(
        engine,
        "@harbourline great new app! my sister agrees, write to her at amy@example.com",
        "bank",
    )
    assert "perhaps not the customer's" in draft.note, draft.note


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("my card number is 4929 1234 5678 9012", ("card number",)),
        ("charged twice, card 4111 1111 1111 1111", ("card number",)),
        ("my iban is GB33BUKB20201555555555, refund it", ("account number",)),
        ("you can reach me on 07700 900123", ("phone number",)),
        ("payment of 45.99 declined on 2026-11-02, why?", ()),
        ("payment declined on 02/11/2026 again", ()),
        ("called your branch on 0161 496 0000, no answer", ()),
    ],
)
def test_the_detail_shown_is_named_as_what_it_is(text: str, kind: tuple[str, ...]) -> None:
    assert shown_in_public(text, brand=("Harbourline",)).own == kind


def test_a_customers_card_number_is_warned_about_by_name(engine: EngagementEngine) -> None:
    draft = draft_for(engine, "@harbourline charged twice, card 4111 1111 1111 1111, help", "bank")
    said = words(draft)
    assert "don't share your card number" in said, draft.text
    assert "4111" not in draft.text


# The time or the person we asked about, given: only an answer to everything we asked ends the
# asks; a thing described ("the glasses were cracked") is no person.


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (
            "@sam Sorry! Could you describe the problem and DM us your order number?",
            "@larchco the handle came off on Monday",
        ),
        ("@sam When did you order, and what's your order number?", "@larchco last Tuesday"),
        (
            "@sam When did you visit, and which store was it?",
            "@larchco Saturday, no idea which one though",
        ),
        ("@sam When did you visit?", "@larchco the wine glasses I got there were all cracked"),
    ],
)
def test_an_answer_to_part_of_our_ask_keeps_asking(
    engine: EngagementEngine, ours: str, theirs: str
) -> None:
    assert when_and_who_told(ours, theirs) is None
    draft = TALK.answer_to_us(engine, ours, theirs, "shop")
    said = words(draft)
    assert "dm" in said, draft.text
    assert "answers our question" not in draft.note, draft.note


def test_a_fault_timed_is_no_visit_answered(engine: EngagementEngine) -> None:
    ours = "@sam What time does the drop happen? And which router model do you have?"
    assert when_and_who_told(ours, "@fibrelink around 9pm every night") is None


def test_the_note_says_what_was_given() -> None:
    assert when_and_who_told("@sam When did you visit?", "@larchco Friday at 3pm") == "when it was"


# Parts missing from a title: only a streaming brand's title, never an opinion, a shop's
# product, a wrong title or whole tracks gone.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        (
            "shop",
            "@larchco got the complete box set from your store, disc 3 is missing scenes and"
            " the episodes are not complete",
        ),
        (
            "shop",
            "@larchco the film DVD I bought off you is not complete, whole scenes are missing",
        ),
        ("tv", "@reelbox this show is not complete without Dave, bring him back!"),
        (
            "tv",
            "@reelbox loving the new season, the episodes are not complete without a"
            " cliffhanger lol",
        ),
        ("tv", "@reelbox great film but the ending is missing something, it felt rushed"),
        ("music", "@tunewell my podcast episodes show the wrong titles"),
        ("music", "@tunewell the album is not complete on here, 3 tracks missing"),
        ("tv", "@reelbox my series collection is incomplete because you removed season 3"),
    ],
)
def test_no_parts_missing_where_none_are_cut(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    said = words(draft)
    assert "parts missing" not in said and "parts go missing" not in said, draft.text
    assert "look after our content" not in said, draft.text


def test_an_album_with_parts_missing_is_asked_for_as_an_album(engine: EngagementEngine) -> None:
    draft = draft_for(
        engine, "@tunewell the album I'm streaming is incomplete, whole chunks are missing", "music"
    )
    said = words(draft)
    assert "which album" in said, draft.text
    assert "track" not in said, draft.text


# A route in lower case names the service: it is not asked for again.


@pytest.mark.parametrize(
    "text",
    [
        "@northline the bus from oxford to abingdon never showed up this morning",
        "@northline the train from leeds to york got cancelled again",
    ],
)
def test_a_route_in_lower_case_names_the_service(engine: EngagementEngine, text: str) -> None:
    draft = draft_for(engine, text, "rail")
    assert "which service" not in words(draft), draft.text


# The link we asked for in Spanish, sent: thanked, in "usted" where the brand speaks formally.


@pytest.mark.parametrize(
    ("brand", "you", "not_you"), [("es", "te", "le"), ("es_usted", "le", "te")]
)
def test_the_spanish_link_we_asked_for_is_thanked_in_the_brands_voice(
    engine: EngagementEngine, brand: str, you: str, not_you: str
) -> None:
    draft = TALK.answer_to_us(
        engine,
        "@sam ¿Puede enviarnos el enlace de la canción que no se reproduce?",
        "@notiva aquí está el enlace https://example.com/track/81",
        brand,
    )
    assert "enlace" in draft.text, draft.text
    assert f" {you} respondemos" in draft.text, draft.text
    assert f" {not_you} respondemos" not in draft.text, draft.text


# A link sent where we asked for the account's email as well: the email is still asked for.


def test_a_link_sent_without_the_email_we_asked_for_keeps_the_email_ask(
    engine: EngagementEngine,
) -> None:
    draft = TALK.answer_to_us(
        engine,
        "@sam Sorry! Could you DM us the email on your account and the link to the playlist?",
        "@tunewell https://example.com/playlist/9",
        "music",
    )
    assert "email address" in words(draft), draft.text


def test_a_reply_not_in_english_leaves_the_word_on_privacy_to_the_reviewer(
    engine: EngagementEngine,
) -> None:
    draft = draft_for(
        engine, "@bancosol me cobraron dos veces, mi correo es jo@example.com, ayuda", "es_bank"
    )
    assert "don't share" not in words(draft), draft.text
    assert "the reply does not mention it" in draft.note, draft.note
    assert "the reply asks them" not in draft.note, draft.note


# A burning smell or sparks from something electrical reach a person, not a how-to or a fault.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("net", "@fibrelink the router keeps overheating and smells of burning, how can I fix it?"),
        ("shop", "@larchco the heater smells of burning and the cable got hot, how do I fix it?"),
        ("shop", "@larchco my kettle is sparking near the plug, what should I do?"),
    ],
)
def test_a_fire_risk_is_taken_seriously(engine: EngagementEngine, brand: str, text: str) -> None:
    draft = draft_for(engine, text, brand)
    said = words(draft)
    assert "seriously" in said or "concerned" in said, draft.text
    assert "thanks for your question" not in said and "thanks for asking" not in said, draft.text


def test_sparkling_water_is_no_fire_risk(engine: EngagementEngine) -> None:
    draft = draft_for(engine, "@larchco please stock more sparkling water, always sold out", "shop")
    assert "seriously" not in words(draft), draft.text


def test_an_episode_with_its_last_minutes_missing_is_a_cut(engine: EngagementEngine) -> None:
    draft = draft_for(
        engine, "@reelbox season 3 episode 2 of Dry Creek has the last 10 minutes missing", "tv"
    )
    said = words(draft)
    assert "look after our content" in said, draft.text
    assert "device" not in said, draft.text


def test_a_card_number_with_no_draft_is_still_flagged_to_the_reviewer(
    engine: EngagementEngine,
) -> None:
    draft = draft_for(
        engine, "@harbourline my card number is 4929 1234 5678 9012 and it got declined", "bank"
    )
    assert "PRIVATE DETAILS" in draft.note and "card number" in draft.note, draft.note
    assert "9012" not in draft.text
