"""Drafts that would harm: security read as a sale, praise read as a complaint, a billing
complaint asked about a fault, a deflected customer deflected again. Comments made up here."""

from __future__ import annotations

import pytest

from bot.smo.drafting import URGENT
from bot.smo.engine import EngagementEngine
from bot.smo.guardrails import has_emoji
from tests.smo.test_drafting_situations import comment, draft_for, engine  # noqa: F401


@pytest.mark.parametrize(
    "text",
    [
        "that wasn't my question",
        "You didn't answer my question. Why did my plan go up?",
        "not what I asked at all, please answer the actual question",
    ],
)
def test_a_customer_whose_question_was_not_answered_goes_to_a_person(
    engine: EngagementEngine,  # noqa: F811
    text: str,
) -> None:
    draft = draft_for(engine, comment(text))
    assert draft.action == "human"
    assert "customer says their question was not answered" in draft.note
    assert "dm" not in draft.text.lower()


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "someone logged into my account and placed an order I never made, can I buy it back?",
            "shop",
        ),
        ("somebody got into my account last night and changed the password", "pixel"),
        ("there are charges on my card that I didn't make, I want to order a new one", "vault"),
        ("unauthorised charges on my account again, who do I talk to", "fibre"),
        ("my account has been compromised, help", "wings"),
    ],
)
def test_an_account_security_problem_goes_to_a_person_urgently_never_as_a_sale(
    engine: EngagementEngine,  # noqa: F811
    text: str,
    brand: str,
) -> None:
    draft = draft_for(engine, comment(text, brand))
    assert draft.action == "human" and draft.note.startswith(URGENT)
    assert "data breach" in draft.note and "lead" not in draft.note
    lowered = draft.text.lower()
    assert not has_emoji(draft.text)
    for word in ("great choice", "order", "sorry for", "our fault", "apolog"):
        assert word not in lowered, word


@pytest.mark.parametrize(
    "text",
    [
        "your new cinnamon swirl is dangerous, totally addictive. obsessed!",
        "that chocolate cake is to die for, you guys are killing it",
    ],
)
def test_praise_in_idioms_of_delight_is_thanked_not_apologised_to(
    engine: EngagementEngine,  # noqa: F811
    text: str,
) -> None:
    draft = draft_for(engine, comment(text, "diner"))
    lowered = draft.text.lower()
    assert draft.action == "reply"
    assert "sorry" not in lowered and "dm" not in lowered and "order" not in lowered


def test_an_idiom_of_delight_does_not_hide_a_real_problem(
    engine: EngagementEngine,  # noqa: F811
) -> None:
    draft = draft_for(
        engine, comment("the brownies are to die for but my delivery was two hours late", "diner")
    )
    assert "thank" not in draft.text.lower() and "glad" not in draft.text.lower()


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("the storm flattened our street and you are STILL charging me for the service!!", "fibre"),
        ("cancelled in March and I'm still being billed every month, ridiculous", "fibre"),
        ("rang you three times and you keep charging me the old price", "fibre"),
        ("you overcharged me again this month, not happy", "vault"),
    ],
)
def test_a_billing_complaint_gets_a_billing_acknowledgement_not_a_fault_question(
    engine: EngagementEngine,  # noqa: F811
    text: str,
    brand: str,
) -> None:
    draft = draft_for(engine, comment(text, brand))
    assert draft.action == "human" and "billing complaint" in draft.note
    lowered = draft.text.lower()
    for question in ("since when", "which service", "what happens when", "card, a payment"):
        assert question not in lowered, question
    assert "thank" not in lowered


@pytest.mark.parametrize(
    "text",
    [
        "the chiller cabinet in your Elm Road shop is broken again, wanted to buy some yoghurt",
        "your fitting room mirror is cracked, I'd love to buy these jeans but can't see them",
    ],
)
def test_a_problem_in_store_gets_no_sale_and_no_order_questions(
    engine: EngagementEngine,  # noqa: F811
    text: str,
) -> None:
    draft = draft_for(engine, comment(text, "shop"))
    lowered = draft.text.lower()
    assert "lead" not in draft.note
    for word in ("great choice", "order", "arriving damaged"):
        assert word not in lowered, word


def test_an_order_that_arrived_damaged_still_asks_for_the_order_number(
    engine: EngagementEngine,  # noqa: F811
) -> None:
    draft = draft_for(engine, comment("my tent arrived with a broken pole, not happy", "shop"))
    assert "order number" in draft.text.lower()
