"""Drafts that read the kind of message rightly: an idea for the product is thanked and passed
on (a request about the customer's own account is no idea), a reference the thread holds is
not asked again, an extra paid for and not given is a complaint, eagerness for something to
come is shared, a customer's data passed on without leave goes to a person, and curiosity or
developer words in an everyday sense do not make the matter one."""

from __future__ import annotations

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.drafting import URGENT
from bot.smo.engine import EngagementEngine
from tests.smo.drafting_kit import NOW, Talk, words
from tests.smo.drafting_setup import PIXELNOTE, SKYLARK_AIR

BRANDS = (
    PIXELNOTE,
    BrandProfile(id="shop", name="Corner Co", industry="retail", handles={"x": "cornerco"}),
    SKYLARK_AIR,
    BrandProfile(id="bank", name="Harbour Bank", industry="finance", handles={"x": "harbour"}),
    BrandProfile(
        id="multi",
        name="Tallybook",
        industry="software",
        handles={"x": "tallybook"},
        languages=("en", "de", "es"),
    ),
)
TALK = Talk(BRANDS, "i")
draft_for = TALK.draft_for

engine = TALK.engine_fixture()

# Words of troubleshooting a fault, which an idea for the product never gets.
_FAULT_QUESTIONS = ("which device", "version", "error", "what have you tried", "going wrong")


# 1. An idea for the product: thanks and passed on, no troubleshooting (twcs-5775).


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "@pixelnote why not add a timer that stops playback at night?",
        "@pixelnote it'd be nice if the search kept the filters I picked last time",
        "@pixelnote would love to see a home screen widget for quick notes",
        "@pixelnote you should add a reading mode with bigger text",
        "@pixelnote please add a dark mode",
        # An idea put on the feedback forum, quoted by its title, our view asked (twcs-5775).
        "thanks @pixelnote, I just did: request 'Markdown export for shared boards' - what do"
        " you think?",
        "@pixelnote voted for the calendar sync request on your ideas portal, hope it happens",
    ],
)
def test_an_idea_for_the_product_is_thanked_and_passed_on(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "notes")
    said = words(draft)
    assert ("pass" in said or "share" in said) and "team" in said, draft.text
    assert not any(q in said for q in _FAULT_QUESTIONS), draft.text
    assert "disappointing" not in said, draft.text  # nothing was taken away


@pytest.mark.parametrize(
    "text",
    [
        "@cornerco please add my loyalty points back, they vanished after my last shop",
        "@cornerco please add the missing blender to my order, only the jug came",
        "@cornerco please give me my money back for the broken kettle",
    ],
)
def test_a_request_about_the_customers_own_account_is_no_idea(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "shop")
    assert "suggestion" not in draft.note and "pass it on" not in words(draft), draft.text


# 2. A reference the thread holds is not asked again (twcs-4348).


def _third_turn(engine: EngagementEngine, brand: str, first: str, ours: str, last: str) -> str:
    """The draft for ``last``, the customer's answer to our reply ``ours`` to their ``first``."""
    handle = TALK.brands[brand].handles["x"]
    one = TALK.comment(first, brand, author="robin")
    two = TALK.comment(ours, brand, parent=one.id, author=handle)
    three = TALK.comment(last, brand, parent=two.id, author="robin")
    draft = engine.run([one, two, three], NOW)[2].draft
    assert draft is not None
    return words(draft)


def test_a_case_number_in_the_first_tweet_is_not_asked_for_again(
    engine: EngagementEngine,
) -> None:
    said = _third_turn(
        engine,
        "wings",
        "@skylark name correction on my flight booking please, case number 583920",
        "@robin hi, the payment for it was never received and it has lapsed.",
        "@skylark please check again, my card was charged 310 euros on the 3rd for the flight",
    )
    assert "booking reference" not in said, said


def test_a_booking_our_reply_speaks_of_is_not_asked_for_again(
    engine: EngagementEngine,
) -> None:
    said = TALK.answer_to_us(
        engine,
        "@robin hi, no payment was ever made on your booking number, so it has lapsed.",
        "@skylark please check again, my card was charged 310 euros for it last week",
        "wings",
    )
    assert "booking reference" not in words(said), said.text


def test_a_reply_that_asked_for_the_booking_knows_none(engine: EngagementEngine) -> None:
    said = TALK.answer_to_us(
        engine,
        "@robin sorry to hear that, please DM us your booking number and we'll check.",
        "@skylark my card was charged twice for the same flight and nobody explains why",
        "wings",
    )
    assert "booking reference" in words(said), said.text


@pytest.mark.parametrize(
    "text",
    ["@cornerco my order is 30minutes late again", "@cornerco the booking is cancelled now"],
)
def test_a_duration_or_a_word_after_order_is_no_reference(text: str) -> None:
    from bot.smo.situations import given_details

    assert "reference" not in given_details(text), text


# 3. An extra paid for and not given: a complaint, never thanked.


@pytest.mark.parametrize(
    "text",
    [
        "@skylark no sign of the aisle seat I paid extra for, squashed by the window again",
        "@skylark the extra legroom seat we paid for went to someone else, great service",
        "@skylark thanks for the middle seat when I paid extra for a window one",
        "@skylark paid extra for priority boarding and got put in the last group",
    ],
)
def test_an_extra_paid_for_and_not_given_is_a_complaint(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "wings")
    said = words(draft)
    assert "sorry" in said, draft.text
    assert "made our day" not in said and "thank you" not in said, draft.text


def test_a_thanks_beside_an_extra_not_given_closes_nothing(engine: EngagementEngine) -> None:
    draft = TALK.answer_to_us(
        engine,
        "@robin sorry about that.",
        "@skylark Thanks. I paid extra for a window seat and got the middle one",
        "wings",
    )
    said = words(draft)
    assert not said.startswith(("any time", "you're welcome")), draft.text
    assert "sorry" in said, draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@skylark the lounge was worth paying extra for, lovely staff",
        "@skylark paid extra for the lounge and it was fab, thank you",
        # What was paid for, praised in the clause that follows.
        "@skylark the priority boarding I paid for was worth every cent",
        "@skylark the seat upgrade we paid for was brilliant, thanks!",
        "@skylark got exactly what I paid for, lovely crew",
        "@skylark the breakfast we paid for in advance was lovely",
        "@skylark the bag allowance I paid for at the desk made the trip so easy, thanks",
    ],
)
def test_an_extra_paid_for_and_enjoyed_is_still_praise(engine: EngagementEngine, text: str) -> None:
    said = words(draft_for(engine, text, "wings"))
    assert "sorry" not in said and "upgrade options" not in said, said


@pytest.mark.parametrize(
    "text",
    [
        "@skylark the window seat I paid for was given to someone else",
        "@skylark the lounge we paid for was closed and nobody told us",
        "@skylark the extra legroom I paid for never happened",
    ],
)
def test_what_was_paid_for_and_not_given_is_still_a_complaint(
    engine: EngagementEngine, text: str
) -> None:
    said = words(draft_for(engine, text, "wings"))
    assert "sorry" in said, said


# 4. Eagerness for something to come: the excitement shared, no support words.


@pytest.mark.parametrize(
    "text",
    [
        "@cornerco cant wait … new collection",
        "@cornerco can't wait for the autumn range to land 😍",
        "@cornerco so excited for the summer drop",
    ],
)
def test_eagerness_for_something_to_come_gets_a_warm_word(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "shop")
    said = words(draft)
    assert draft.action == "reply", draft.note
    assert not any(w in said for w in ("help", "dm", "details", "sorry")), draft.text
    assert "memorable" not in said and "enjoy every minute" not in said, draft.text


def test_cant_wait_any_longer_is_still_a_problem(engine: EngagementEngine) -> None:
    said = words(
        draft_for(engine, "@cornerco my refund is a month late, can't wait any longer", "shop")
    )
    assert "excitement" not in said and "countdown" not in said, said


@pytest.mark.parametrize(
    "text",
    [
        "@cornerco counting down the days till someone replies to my complaint",
        "@cornerco can't wait for my parcel to finally show up",
        "@cornerco so excited to find out if my order arrives before christmas lol",
        "@cornerco can't wait to get my refund, any year now",
    ],
)
def test_eagerness_that_chases_or_mocks_gets_no_cheer(engine: EngagementEngine, text: str) -> None:
    draft = draft_for(engine, text, "shop")
    said = words(draft)
    assert "countdown" not in said and "hope you love it" not in said, draft.text
    assert "excitement" not in said, draft.text


# 5. The customer's data passed on without leave: a person, urgently, with a holding reply.


@pytest.mark.parametrize(
    "text",
    [
        "@harbour you gave my mobile number to a debt collector and now they ring me daily",
        "@harbour your bank sold my details to a marketing company, I never agreed to that",
        "@harbour since opening the account I get spam calls from your partner every week",
        "@harbour you shared my phone number with a stranger without my consent",
        "@harbour your insurance partner keeps calling me, I never agreed to that",
        "@harbour how did a collection agency get my mobile number? I only ever gave it to you",
        "@harbour why is some third party texting me about my savings account",
    ],
)
def test_data_passed_on_without_leave_goes_to_a_person_urgently(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "bank")
    assert draft.action == "human" and URGENT in draft.note, draft.note
    said = words(draft)
    assert "take it seriously" in said or "look into" in said, draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@harbour give me a number to call, the app is down",
        "@harbour I gave my number at the desk and nobody called back",
        "@harbour can you pass my number to the mortgage team so they call me",
        # A seat given away, a courier ringing about a parcel, a partner about their own loan.
        "@harbour you gave my table away without my permission, we had booked for 8",
        "@harbour your delivery partner keeps ringing me but the card never comes",
        "@harbour your courier partner has been texting me all week about a parcel",
        "@harbour your partner keeps calling me about the loan I applied for, call me back",
    ],
)
def test_a_number_given_or_asked_for_is_no_privacy_matter(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "bank")
    assert URGENT not in draft.note, draft.note


# 6. Curiosity and developer words that do not make the matter one.


@pytest.mark.parametrize(
    "text",
    [
        "@cornerco just wondering when someone will actually answer me",
        "@cornerco I'm curious how you can charge me twice for one order",
        "@cornerco just wondering if anyone there knows how to do their job",
        "@cornerco just wondering where my package is",
    ],
)
def test_a_complaint_put_as_curiosity_is_not_answered_as_curiosity(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "shop")
    assert "curiosity" not in draft.note, draft.note
    assert "thanks for your question" not in words(draft), draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@cornerco just wondering when someone will actually answer me",
        "@cornerco curious whether anybody will ever reply to my emails",
    ],
)
def test_a_chase_put_as_curiosity_gets_the_sorry_for_no_answer(
    engine: EngagementEngine, text: str
) -> None:
    said = words(draft_for(engine, text, "shop"))
    assert "thanks for your question" not in said, said
    assert "sorry" in said and "answer" in said, said


@pytest.mark.parametrize(
    "text",
    [
        "@cornerco just curious why the store shuts at 8 on sundays",
        "@cornerco just wondering if the green coat comes in a size 14",
    ],
)
def test_an_idle_question_is_still_curiosity(engine: EngagementEngine, text: str) -> None:
    assert "curiosity" in draft_for(engine, text, "shop").note


@pytest.mark.parametrize(
    "text",
    [
        "@pixelnote the runtime shown for the film is wrong, it says 3 hours",
        "@pixelnote my vm isn't showing new messages since the update",
        "@pixelnote can't find the syntax highlighting setting in the editor",
        "@pixelnote my compilation playlist vanished after the update",
    ],
)
def test_developer_words_in_an_everyday_sense_ask_no_resource(
    engine: EngagementEngine, text: str
) -> None:
    assert "service or resource" not in words(draft_for(engine, text, "notes")), text


@pytest.mark.parametrize(
    "text",
    [
        "@pixelnote my azure vm won't start after resizing it",
        "@pixelnote the python runtime version on my function app is wrong",
        "@pixelnote getting a syntax error in my config file since this morning",
    ],
)
def test_a_developer_matter_still_asks_for_the_resource(
    engine: EngagementEngine, text: str
) -> None:
    assert "service or resource" in words(draft_for(engine, text, "notes")), text


# 7. An upgrade already made, told as when a fault began: no sales reply.


@pytest.mark.parametrize(
    "text",
    [
        "@pixelnote the app keeps crashing after the upgrade to version 5",
        "@pixelnote since the upgrade my saved boards are gone",
        "@pixelnote upgraded to premium and it still shows me ads",
    ],
)
def test_a_fault_since_an_upgrade_gets_no_upgrade_offer(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "notes")
    assert "upgrade options" not in words(draft) and "sales" not in draft.note, draft.text


def test_a_wish_to_upgrade_is_still_a_plan_question(engine: EngagementEngine) -> None:
    assert "options" in words(
        draft_for(engine, "@pixelnote can I upgrade to the team plan?", "notes")
    )


# 8. An idea in German or Spanish gets the thanks in its own language.


@pytest.mark.parametrize(
    ("text", "team"),
    [
        ("@tallybook es wäre schön, wenn ihr eine Kalenderansicht anbieten würdet", "team"),
        ("@tallybook ich hätte einen Vorschlag: Notizen farbig markieren", "team"),
        ("@tallybook sería estupendo que se pudieran fijar las notas arriba", "equipo"),
        ("@tallybook podríais añadir una opción para exportar a PDF?", "equipo"),
    ],
)
def test_an_idea_in_german_or_spanish_is_thanked_in_its_language(
    engine: EngagementEngine, text: str, team: str
) -> None:
    draft = draft_for(engine, text, "multi")
    said = words(draft)
    assert draft.action == "reply" and team in said and "suggestion" in draft.note, draft.text
    assert not any(w in said.split() for w in ("thanks", "we'll", "the")), draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@tallybook es wäre toll, wenn die App endlich wieder funktionieren würde",
        "@tallybook sería genial que la app no se cerrara sola cada vez",
        "@tallybook es wäre schön, wenn der Export wieder klappen würde",
        "@tallybook sería genial que la app dejara de cerrarse al abrir una nota",
        # A refund, a double charge, an unanswered message or lost notes: their own matter.
        "@tallybook es wäre super, wenn ich mein Geld endlich zurück bekäme",
        "@tallybook sería genial que me devolvierais lo que me cobrasteis dos veces",
        "@tallybook es wäre nett, wenn ihr meine E-Mail mal beantworten würdet",
        "@tallybook könnt ihr bitte meine verschwundenen Notizen wieder hinzufügen?",
        "@tallybook podríais recuperar mis notas? se borraron anoche",
    ],
)
def test_a_fault_put_as_a_wish_in_german_or_spanish_is_no_idea(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "multi")
    assert "suggestion" not in draft.note, draft.note


@pytest.mark.parametrize(
    "text",
    [
        "@pixelnote it'd be nice if the export actually worked",
        "@pixelnote would love to see the app open my notes for once",
        "@pixelnote it'd be nice if the app stopped crashing when I export",
    ],
)
def test_a_fault_put_as_a_wish_in_english_is_no_idea(engine: EngagementEngine, text: str) -> None:
    draft = draft_for(engine, text, "notes")
    said = words(draft)
    assert "suggestion" not in draft.note, draft.note
    assert "pass it on to the team" not in said, draft.text
