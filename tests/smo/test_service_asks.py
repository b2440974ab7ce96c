"""What a service costs, a reference the customer lost, and a service that ran wrong, read from
made-up comments, with what reads as none of them."""

from __future__ import annotations

import pytest

from bot.smo.service_asks import cost_question, reference_lost, service_event, timing_asked


@pytest.mark.parametrize(
    "text",
    [
        "how much does it cost to send my tablet in for a diagnosis if it's out of warranty?",
        "...and the cost for sending in for a check if it's past warranty?",
        "what's the price of a screen replacement for the older model?",
        "How much is a battery replacement these days?",
        "what do you charge for a repair when the cover has run out?",
        "is there a fee to mail it in for servicing?",
    ],
)
def test_a_price_asked_for_a_service(text: str) -> None:
    assert cost_question(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "How much longer will my repair take?",
        "why does my repair cost so much?",
        "the repair cost me a fortune and it still doesn't work",  # no question in it
        "I was charged for a repair that never happened?",
        "how much storage does the new model have?",
    ],
)
def test_no_price_asked(text: str) -> None:
    assert cost_question(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I've got two credits but can't seem to track down my confirmation numbers, any help?",
        "I lost my booking reference, can you help?",
        "I don't have an order number, I paid at the till",
        "can't find the reference anywhere in my inbox",
        "forgot my reservation number, what do I do",
    ],
)
def test_a_reference_lost(text: str) -> None:
    assert reference_lost(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "I don't have my order yet",  # the order itself is late, not its number
        "my order number is QX48213, where is it?",
        "please confirm my booking reference is right",
        "where is my refund?",
    ],
)
def test_no_reference_lost(text: str) -> None:
    assert reference_lost(text) is None


@pytest.mark.parametrize(
    ("text", "what", "named"),
    [
        (
            "The 18.40 @lanterline service from Ashby to Kelham left two minutes early. Annoying.",
            "the service leaving early",
            True,
        ),
        (
            "@lanterline the 7.15 bus to Marlow never turned up again",
            "the bus not turning up",
            True,
        ),
        ("@lanterline the train was 20 minutes late again, sick of it", "the late train", False),
        ("tonight's ferry got cancelled with no warning", "the cancelled ferry", False),
        (
            "the 9:05 rail replacement service ran ten minutes early",
            "the service leaving early",
            True,
        ),
        ("@lanterline the night bus didn't stop at Elm Road", "the bus not turning up", False),
        # Its route names it, read as a trip's route is: places in capitals, or a time first.
        ("the bus from Ashby Road to Kelham never came", "the bus not turning up", True),
        ("the train from work to home was late again", "the late train", False),
        # A route in lower case names it all the same.
        (
            "the bus from oxford to abingdon never turned up this morning",
            "the bus not turning up",
            True,
        ),
        ("the train from leeds to york was cancelled again", "the cancelled train", True),
    ],
)
def test_a_service_that_ran_wrong(text: str, what: str, named: bool) -> None:
    event = service_event(text)
    assert event is not None
    assert (event.what, event.named) == (what, named)


@pytest.mark.parametrize(
    "text",
    [
        "my train was cancelled and I need a refund",  # their own money: a booking matter
        "I left early to catch the train",  # the customer left early, not the train
        "your trains are always late",  # no one service told
        "the bus was lovely today, thanks!",
        "stuck on the train, it was cancelled at Didcot",  # stranded: answered as such
        "the flight was delayed again",  # a flight is the traveller's own booking
        # Praise, and the people of a service, told in the words of a service run wrong.
        "our coach arrived early so we had time for a coffee, lovely",
        "the ferry crew never stopped checking we were comfortable",
        "the tram conductor didn't stop joking the whole way, but it was cold",
        "the shuttle never stopped making us laugh",
        "the service was late tonight but the pasta made up for it",  # table service
    ],
)
def test_no_service_event(text: str) -> None:
    assert service_event(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "how long was the delay on the 1843 train from Ashby to Kelham last Tuesday?",
        "what time did the 7.15 bus actually leave? my claim says it was on time",
    ],
)
def test_how_a_named_service_ran_asked(text: str) -> None:
    assert timing_asked(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "how long was the delay?",  # no service named: which one is the question
        "how late is the 7.15 going to be today?",  # a live question, not a record
        "how long was the wait on the phone from 9am?",
    ],
)
def test_no_service_timing_asked(text: str) -> None:
    assert timing_asked(text) is None
