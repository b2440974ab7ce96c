"""Things said rather than asked: delight put as a question, an outage check, an opinion."""

from __future__ import annotations

import pytest

from bot.smo.remarks import find_opinion, outage_question, rhetorical_question
from bot.smo.thread import follow_up_kind


@pytest.mark.parametrize(
    "text",
    [
        "how lovely are the window displays this week?!",
        "who else is counting down to the summer sale?",
        "@brand is there anything better than a hot chocolate after a long walk?",
        "why is your banana bread so good?",
        "isn't this just the best thing you've ever made?",
        "Favourite bit of the weekend? Your cinnamon knots, obviously",
        "can I just say the new seats on the 7am are lovely",
        "that moment when the barista remembers your order 😊",
    ],
)
def test_delight_put_as_a_question_is_read(text: str) -> None:
    assert rhetorical_question(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "how good is the warranty on the blender?",  # no exclamation: a real question
        "who else is still waiting on a refund?",
        "how good is this? third late order this month",
        "what time do you open on sunday?",
        "what's the best part of the tour to book?",
        "when you order online does it come the next day?",
        "when you cancel, is the refund automatic!",
    ],
)
def test_a_real_question_or_a_gripe_is_not_delight(text: str) -> None:
    assert rhetorical_question(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "is the website down?",
        "@brand are the servers having issues right now?",
        "is anybody else having trouble with the checkout tonight",
        "is it just me or is the app not working, or is it just me",
        "any known outages near Swansea today?",
    ],
)
def test_an_outage_question_is_read(text: str) -> None:
    assert outage_question(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "my internet is down again",  # a report, not a question
        "is the price going down in the sale?",
        "is the new album out?",
        "is your site down? I was charged twice for my order",  # their own case first
    ],
)
def test_a_report_or_another_question_is_no_outage_check(text: str) -> None:
    assert outage_question(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "not much of a fan of the rebrand tbh",
        "I feel the new menu layout is a bit cluttered",
        "honestly prefer the old jingle",
        "the new cups feel cheap imo",
    ],
)
def test_an_opinion_is_read(text: str) -> None:
    assert find_opinion(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "not a fan of the new layout, I can't find my orders anymore",
        "the new app is worse and it crashes on login",
        "I don't like the new seats, how do I get a refund?",
    ],
)
def test_an_opinion_with_a_fault_or_a_request_is_not_only_an_opinion(text: str) -> None:
    assert find_opinion(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "@brand Premium, and the track stops when the song is done",
        "@brand can it be done online instead?",
        "@brand they sent me a link to a help page",
        "@brand you emailed me the same offer twice",
        "@brand I followed the steps and nothing changed",
    ],
)
def test_a_message_someone_else_sent_is_no_dm_to_us(text: str) -> None:
    assert follow_up_kind(text) != "sent"


@pytest.mark.parametrize(
    "text", ["@brand done, please check", "@brand followed!", "@brand I've DM'd you the details"]
)
def test_a_dm_the_customer_sent_is_read(text: str) -> None:
    assert follow_up_kind(text) == "sent"
