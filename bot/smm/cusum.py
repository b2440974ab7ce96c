"""Page's CUSUM of a count falling below its expectation, quasi-Poisson, per group."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bot.smm.frame import FloatArray, IntArray

__all__ = ["Cusum", "count_fall_cusum"]


@dataclass(frozen=True, slots=True)
class Cusum:
    """Per group: the evidence (in nats) that the count has fallen, accumulated up to the
    newest day, how many days back it has been building (0: none now), and the evidence
    as it stood the day before the newest (what the newest day did not bring)."""

    evidence: FloatArray
    run: IntArray
    before: FloatArray


def count_fall_cusum(
    expected: FloatArray, observed: FloatArray, phi: FloatArray, fall_to: float
) -> Cusum:
    """Page's CUSUM over ``[group, day]`` counts, the newest day last.

    Each day adds the log-likelihood ratio of "the count runs at ``fall_to`` times its
    expectation" against "it runs as expected", Poisson scaled down by the overdispersion
    ``phi`` per group (quasi-likelihood): ``(observed · ln q + expected · (1 - q)) / phi``.
    The sum never goes below zero, so ordinary days wash out what chance put there, while a
    step keeps adding: a large one builds in a day or two what noise reaches once in years,
    a drift only once its days fall below about ``(1 - q) / -ln q`` of the expectation.
    """
    if not 0.0 < fall_to < 1.0:
        raise ValueError(f"fall_to must be between 0 and 1, got {fall_to}")
    safe_phi = np.where(phi > 0, phi, 1.0)[:, None]
    steps = np.where(
        expected > 0,
        (observed * math.log(fall_to) + expected * (1.0 - fall_to)) / safe_phi,
        0.0,
    )
    groups, days = steps.shape
    total = np.zeros(groups)
    before = total
    run = np.zeros(groups, dtype=np.int64)
    for d in range(days):
        before = total
        total = total + steps[:, d]
        building = total > 0
        run = np.where(building, run + 1, 0)
        total = np.where(building, total, 0.0)
    return Cusum(total, run, before)
