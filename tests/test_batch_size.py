"""A batch holds what is done in a fifth of a lease, within the configured most."""

from __future__ import annotations

from datetime import timedelta

from bot.batch_size import LEAST, BatchSize

LEASE = timedelta(seconds=2)


def test_the_configured_size_until_the_engine_has_been_timed() -> None:
    assert BatchSize(500, LEASE).next() == 500


def test_a_slow_engine_gets_batches_of_a_fifth_of_a_lease() -> None:
    size = BatchSize(500, LEASE)
    size.timed(200, 2.0)  # 10 ms a comment: 0.4 s (a fifth of 2 s) holds 40
    assert size.next() == 40


def test_a_fast_engine_keeps_the_configured_size() -> None:
    size = BatchSize(500, LEASE)
    size.timed(500, 0.1)  # 0.2 ms a comment: 2000 would fit
    assert size.next() == 500
    assert BatchSize(500, timedelta(seconds=30)).next() == 500


def test_never_fewer_than_the_least_nor_more_than_configured() -> None:
    size = BatchSize(500, LEASE)
    size.timed(10, 60.0)
    assert size.next() == LEAST
    small = BatchSize(5, LEASE)
    small.timed(10, 60.0)
    assert small.next() == 5


def test_the_pace_follows_the_engine_without_jumping_at_one_odd_batch() -> None:
    size = BatchSize(500, LEASE)
    size.timed(100, 1.0)  # 10 ms a comment
    size.timed(100, 0.1)  # one quick batch: 1 ms
    assert 10 / 1000 > (size.pace or 0) > 1 / 1000
    assert 40 < size.next() < 400
    for _ in range(30):
        size.timed(100, 0.1)
    assert 390 < size.next() <= 400  # at 1 ms a comment


def test_nothing_measured_from_an_empty_or_backward_batch() -> None:
    size = BatchSize(500, LEASE)
    size.timed(0, 1.0)
    size.timed(10, -1.0)
    assert size.pace is None
