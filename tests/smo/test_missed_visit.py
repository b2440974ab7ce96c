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
        "the engineer never came, waited in all day",
        "the technician hasn't arrived and it's now 5pm",
        "our fitters never turned up",
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
        # Words of a visit that tell of no missed visit.
        "The installer didn't show us how to use the remote, can someone explain?",
        "Appointments never come up in the app, how do I see them?",
        "Your engineers haven't come up with a fix in 3 months",
        "the tech hasn't arrived yet, is 2pm still ok?",
        "my installation never came with instructions",
        "the engineer didn't show me the settings before leaving",
        "the technician hasn't arrived, is the 2pm slot still on?",
    ],
)
def test_a_visit_kept_or_missed_by_the_customer_is_not(text: str) -> None:
    assert not missed_visit(text), text
