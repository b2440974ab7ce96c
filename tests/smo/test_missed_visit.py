"""A visit the brand booked and missed, told apart from the customer's own miss and a delivery."""

from __future__ import annotations

import pytest

from bot.smo.missed_visit import missed_visit


@pytest.mark.parametrize(
    "text",
    [
        "so after an engineer no-show I'm on hold again",
        "the technician never turned up for my fibre install",
        "your installer didn't show up and nobody called",
        "you missed my installation appointment again",
        "nobody showed up for my repair appointment today",
        "my tech visit was a no show",
    ],
)
def test_a_visit_that_never_came_is_missed(text: str) -> None:
    assert missed_visit(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I missed my appointment yesterday, can I rebook?",
        "we had missed the engineer visit because of the snow",
        "the driver never showed up with my food",
        "my parcel never came",
        "the engineer came on time and fixed it",
        "is my installation appointment still on for Tuesday?",
    ],
)
def test_a_visit_kept_or_missed_by_the_customer_is_not(text: str) -> None:
    assert not missed_visit(text), text
