"""What a comment tells a reply: details already given, and a wait to be sorry for."""

from __future__ import annotations

import pytest

from bot.smo.situations import given_details, reference_known, waited_long


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("my card was charged RM412.50 on 3/11/2017, please check", ""),
        ("they took MY350.00 twice", ""),
        ("flight QZ 7521 was cancelled", "trip"),
        ("my booking on AK6123 has no seat", "trip"),
        ("the app crashes on my 6s", "device,symptom"),
        ("on 12/4 the app stopped, I'm on my 8", "device"),
    ],
)
def test_a_date_or_a_sum_names_no_device_or_flight(text: str, told: str) -> None:
    # A sum in a currency's letters is no flight number; "on 3/11" is a date, no phone model.
    assert given_details(text) == told


@pytest.mark.parametrize(
    ("text", "wait"),
    [
        ("can't wait 4 days till the drop!!", None),
        ("cant wait 2 weeks for the new range", None),
        ("can hardly wait 3 days, so excited", None),
        ("waited 4 days for an answer", "wait"),
        ("been waiting for weeks now", "wait"),
    ],
)
def test_a_wait_counted_down_with_joy_is_no_wait_to_be_sorry_for(
    text: str, wait: str | None
) -> None:
    assert waited_long(text) == wait


@pytest.mark.parametrize(
    ("ours", "known"),
    [
        # Sympathy that names the order or booking knows no reference.
        ("@kim so sorry for the wait on your order! Could you DM us so we can check?", False),
        ("@kim sorry for the hassle with your booking, please DM us your reference.", False),
        ("@kim We can help. Send the confirmation number via DM and we'll look.", False),
        # Having looked at it, or quoting one, does.
        ("@kim We've checked your booking and the refund went out today.", True),
        ("@kim No payment was taken on your booking reference, so nothing is owed.", True),
    ],
)
def test_a_reference_is_known_only_where_our_reply_has_it(ours: str, known: bool) -> None:
    assert reference_known(ours) is known


@pytest.mark.parametrize(
    "text",
    [
        "is anybody else having trouble with the search bar in the Notes app on android 10?",
        "since the update I have issues with the emoji row on my keyboard",
        "does anyone else's phone do this? when I type an o it puts in a '0'",
        "my apostrophes are showing up as question marks since ios 12",
        "it autocorrects my name to 'Bob' every time",
        "very poor signal in our street for a week now",
        "any idea why my widgets look broken? they show up like this https://example.com/s/1",
        "here's what I'm getting whenever I open it https://example.com/s/2",
        "why no 4g service in town tonight?",
        "my wifi keeps dropping every evening",
    ],
)
def test_a_fault_told_in_the_customers_words_is_a_symptom(text: str) -> None:
    assert "symptom" in given_details(text).split(","), text


@pytest.mark.parametrize(
    "text",
    [
        "is anyone else having issues with their phone?",
        "having problems with my account",
        "I put in a request last week",
        "question marks are what I have about the new plan",
        "the signal at the concert was great",
        "my new jacket looks like this https://example.com/p/3",
        "the widgets show up like this in your ad, love it",
    ],
)
def test_trouble_named_without_what_goes_wrong_is_no_symptom(text: str) -> None:
    assert "symptom" not in given_details(text).split(","), text


@pytest.mark.parametrize(
    "text", ["after 40+ mins of being on hold", "20 minutes of waiting", "an hour on hold"]
)
def test_minutes_of_being_on_hold_count_as_a_wait(text: str) -> None:
    assert waited_long(text) == "wait"


@pytest.mark.parametrize(
    "text",
    ["I did a force reset to no avail", "restarted it twice, no luck", "reinstalled, no joy"],
)
def test_a_fix_that_came_to_nothing_is_a_fix_tried(text: str) -> None:
    assert "fix" in given_details(text).split(","), text
