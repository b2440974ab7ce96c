"""How many items a worker claims at a time: what it gets through in a slice of a lease."""

from __future__ import annotations

from datetime import timedelta

__all__ = ["LEASE_SHARE", "LEAST", "BatchSize"]

# A batch is at most this share of a lease of work. A worker claims its next batch only once
# it is through with one (a batch of comments written, a round of notices sent), so what a
# dead worker held is taken up this soon after its claims lapse (within a lease), not after a
# long batch of the survivor's own: the whole takeover stays within two lease periods.
LEASE_SHARE = 0.2
# Never fewer items a batch than this unless told otherwise: each batch costs a claim and a
# write whatever its size (and, for comments, a hop to the engine's process). A reply is a
# platform call of seconds: publishing rounds go down to one.
LEAST = 10
# How much the newest batch weighs in the pace (an exponential average: a burst of load moves
# the size at once, one odd batch does not).
_WEIGHT = 0.3


class BatchSize:
    """The size of the next batch: as many items as are done in `LEASE_SHARE` of `lease`,
    within [`least`, `most`]; until the pace of the work is known, `least` when told to
    `start_small`, else `most`. Started small, batches grow as they are timed (a batch done
    quicker than its share of the lease makes the next one larger), so a worker just started
    holds little that would wait for the survivors' rounds should it die."""

    def __init__(
        self, most: int, lease: timedelta, least: int = LEAST, start_small: bool = False
    ) -> None:
        self.most = most
        self.least = min(max(least, 1), most)
        self._first = self.least if start_small else most
        self._budget = lease.total_seconds() * LEASE_SHARE
        # Seconds an item takes, as last measured (None: not yet).
        self.pace: float | None = None

    def next(self) -> int:
        if self.pace is None:
            return self._first
        if self.pace <= 0:
            return self.most
        fits = int(self._budget / self.pace)
        return max(min(fits, self.most), self.least)

    def timed(self, count: int, seconds: float) -> None:
        """`count` items took `seconds` of work."""
        if count <= 0 or seconds < 0:
            return
        pace = seconds / count
        self.pace = pace if self.pace is None else self.pace + _WEIGHT * (pace - self.pace)
