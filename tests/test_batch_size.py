"""A batch holds what is done in a fifth of a lease, within the configured most."""

from __future__ import annotations

from datetime import timedelta

from bot.batch_size import LEAST, BatchSize

LEASE = timedelta(seconds=2)


def test_until_the_work_has_been_timed_the_most_or_started_small_the_least() -> None:
    assert BatchSize(500, LEASE).next() == 500
    assert BatchSize(500, LEASE, start_small=True).next() == LEAST
    assert BatchSize(50, LEASE, least=1, start_small=True).next() == 1
    assert BatchSize(5, LEASE, start_small=True).next() == 5


def test_a_batch_grows_from_the_least_as_quick_batches_are_timed() -> None:
    # 50 ms a batch whatever its size (the hop to the engine), then 2 ms a comment: 0.4 s
    # (a fifth of 2 s) holds 175 comments once the pace is known.
    size = BatchSize(500, LEASE, start_small=True)
    sizes = []
    for _ in range(30):
        count = size.next()
        sizes.append(count)
        size.timed(count, 0.05 + 0.002 * count)
    assert sizes[0] == LEAST
    assert sizes == sorted(sizes)
    assert 150 < sizes[-1] <= 175


def test_a_slow_engine_gets_batches_of_a_fifth_of_a_lease() -> None:
    size = BatchSize(500, LEASE)
    size.timed(200, 2.0)  # 10 ms a comment: 0.4 s (a fifth of 2 s) holds 40
    assert size.next() == 40


def test_a_fast_engine_keeps_the_configured_size() -> None:
    size = BatchSize(500, LEASE)
    size.timed(500, 0.1)  # 0.2 ms a comment: 2000 would fit
    assert size.next() == 500
    slow_lease = BatchSize(500, timedelta(seconds=30))
    slow_lease.timed(10, 0.1)  # 10 ms a comment: 6 s (a fifth of 30 s) holds 600
    assert slow_lease.next() == 500


def test_never_fewer_than_the_least_nor_more_than_configured() -> None:
    size = BatchSize(500, LEASE)
    size.timed(10, 60.0)
    assert size.next() == LEAST
    small = BatchSize(5, LEASE)
    small.timed(10, 60.0)
    assert small.next() == 5
    one = BatchSize(50, LEASE, least=1)
    one.timed(1, 3.0)  # slower than a fifth of the lease: one a round
    assert one.next() == 1


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
