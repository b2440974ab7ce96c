"""Questions about a product's own facts, and whether they say which product."""

from __future__ import annotations

import pytest

from bot.smo.product_facts import asks_product_fact, names_no_product


@pytest.mark.parametrize(
    ("text", "unnamed"),
    [
        ("how heavy is the walnut coffee table?", False),
        ("https://example.com/p/42 how wide is this, will it go through a door?", False),
        ("does it fold flat? will it fit in my boot?", True),
        ("how much does the garden bench weigh", False),
        ("is it waterproof?", True),
        ("could I carry it home on the train or do I need a car for it?", True),
        ("what are the dimensions of the rattan chair?", False),
        ("does the Aria sofa come in a darker colour?", False),
        ("will it hold up to 15 kg?", True),
        ("how tall is the standing desk at full height?", False),
    ],
)
def test_a_product_fact_question_and_whether_it_names_the_product(text: str, unnamed: bool) -> None:
    assert asks_product_fact(text), text
    assert names_no_product(text) is unnamed, text


@pytest.mark.parametrize(
    "text",
    [
        "how long is the wait for delivery?",
        "how big is the queue at your Bristol store today?",
        "how big a discount do students get?",
        "do I need a car to get to your retail park?",
        "when will my order arrive?",
        "how heavy was the rain at the festival lol",
        # People, an event, a prize, a shop or an account are no product.
        "How big is your team?",
        "How big is the event this year?",
        "How big is the prize?",
        "How tall is your CEO lol",
        "Will they hold a sale?",
        "can you lift the ban on my account",
        "Does this come in stores?",
        "how big is the crowd at your launch party",
        "will they hold my order until Friday?",
    ],
)
def test_a_question_about_a_wait_an_order_or_a_place_is_no_product_fact(text: str) -> None:
    assert not asks_product_fact(text), text
    assert not names_no_product(text), text
