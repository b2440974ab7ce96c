"""Safety and legal topics: fraud done to a customer is a security matter for a person; the word
"fraud" in a billing dispute or about a card check that did its job is not (our own sentences)."""

from __future__ import annotations

import pytest

from bot.smo.safety import find_hazard


@pytest.mark.parametrize(
    "text",
    [
        "it's 90 days by your count and 4 months by mine. You're unfairly and fraudulently "
        "holding my money",
        "your fraud protection stopped me from buying concert tickets 😡",
        "does my debit card come with fraud protection?",
        "every listing I post gets flagged as fraudulent and I have to post it again",
        "called the fraud team about the hold on my transfer, still frozen",
    ],
)
def test_a_disputed_hold_or_a_fraud_check_is_no_data_breach(text: str) -> None:
    hazard = find_hazard(text)
    assert hazard is None or hazard.topic != "data breach", hazard


@pytest.mark.parametrize(
    "text",
    [
        "my card is being charged fraudulently from someone else's account",
        "there are fraudulent transactions on my statement",
        "I was the victim of fraud on my account last night",
        "someone committed fraud using my details",
        "I think this is card fraud, please block it",
    ],
)
def test_fraud_done_to_the_customer_is_a_data_breach(text: str) -> None:
    hazard = find_hazard(text)
    assert hazard is not None and hazard.topic == "data breach", text


@pytest.mark.parametrize(
    "text",
    [
        "I kept every recording and I will go to court over this. Awful agent",
        "fine, I'm going to court then",
        "we will take the company to court",
    ],
)
def test_going_to_court_is_legal_action(text: str) -> None:
    hazard = find_hazard(text)
    assert hazard is not None and hazard.topic == "legal action", text


@pytest.mark.parametrize(
    "text",
    [
        "why are the new shelf labels so loud? it's an assault on the eyes",
        "that jingle is an assault on my ears",
    ],
)
def test_an_assault_on_the_senses_is_a_figure_of_speech(text: str) -> None:
    assert find_hazard(text) is None, text


def test_an_assault_is_still_harassment() -> None:
    hazard = find_hazard("a man assaulted me at the till and your staff did nothing")
    assert hazard is not None and hazard.topic == "harassment"


@pytest.mark.parametrize(
    "text",
    [
        "Why is the price shown not inclusive of VAT?",
        "Is breakfast not inclusive in the room rate?",
        "I have no representation from the letting agent and nobody answers",
        "we had no legal representation at the hearing you sent us to",
        "the app is not accessible from my work laptop",
        "your site isn't accessible right now, is it down?",
    ],
)
def test_a_price_an_agent_or_a_page_that_will_not_load_is_no_discrimination(text: str) -> None:
    hazard = find_hazard(text)
    assert hazard is None or hazard.topic not in {"discrimination", "accessibility"}, hazard


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("your new campaign has zero representation of disabled people", "discrimination"),
        ("the store is not wheelchair accessible at all", "accessibility"),
        ("the new ad is not inclusive, where is the diversity?", "discrimination"),
    ],
)
def test_diversity_and_access_complaints_still_go_to_a_person(text: str, topic: str) -> None:
    hazard = find_hazard(text)
    assert hazard is not None and hazard.topic == topic, hazard


@pytest.mark.parametrize(
    "text",
    [
        "you handed my phone number to a debt collector without asking me",
        "a collection agency got my details from you, how is that allowed",
        "your staff shared my email with a third party and now I get junk every day",
        "you are selling my data to advertisers",
        "constant sales calls from your partners since I opened the account",
        "your affiliates keep texting me, I never signed up for that",
        "my address was passed on without my consent",
        "this is an invasion of my privacy",
    ],
)
def test_data_passed_on_without_leave_is_a_privacy_matter(text: str) -> None:
    hazard = find_hazard(text)
    assert hazard is not None and hazard.topic == "privacy", (text, hazard)


@pytest.mark.parametrize(
    "text",
    [
        "give me a number to call please",
        "I gave my number at the desk and nobody rang me back",
        "can you pass my number to the engineer so he can ring me",
        "I gave my details to your partner hotel and they lost the booking",
        "they gave my seat to someone else",
        "debt collectors keep calling me about a bill I already paid",
        "please share my feedback with the team",
    ],
)
def test_a_number_given_asked_for_or_passed_at_the_customers_wish_is_no_privacy_matter(
    text: str,
) -> None:
    hazard = find_hazard(text)
    assert hazard is None or hazard.topic != "privacy", (text, hazard)
