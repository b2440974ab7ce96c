"""A schedule whose holder died is run by the worker that takes its lease over at that
worker's next step, not at the end of its own round (real stores, both engines)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.delivery import Deliverer
from bot.pipeline import Periodic, Pipeline
from bot.publisher import OutboxFilePublisher
from bot.smo.brand import BrandProfile
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.store import Store
from bot.workers import Worker
from tests.workers.conftest import two_workers
from tests.workers.test_worker import Clocks

LEASE = timedelta(seconds=30)
# Far longer than the test: a stage runs again only when its lease was taken over.
EVERY = 3600.0
STANDUPS = "schedule:summaries"


def pipeline(
    store: Store, worker: Worker, clocks: Clocks, folder: Path, ran: list[str]
) -> Pipeline:
    who = worker.id

    async def standups(_now: datetime) -> int:
        ran.append(who)
        return 1

    async def judge(_now: datetime) -> int:
        ran.append(f"{who} ads")
        return 0

    engine = EngagementEngine([BrandProfile(id="b", name="B")], default_templates_dir())
    return Pipeline(
        store=store,
        followers=[],
        drop_folder=None,
        engagement=engine,
        deliverer=Deliverer(store.outbox, {}),
        publisher=OutboxFilePublisher(folder / f"{who}.jsonl"),
        clock=clocks.wall,
        ad_stage=judge,
        periodic=[Periodic("summaries", EVERY, standups)],
        engine_process=False,
        worker=worker,
    )


@contextlib.asynccontextmanager
async def pipelines(
    two: tuple[Store, Store], clocks: Clocks, folder: Path, ran: list[str]
) -> AsyncIterator[tuple[Pipeline, Pipeline]]:
    """The pipelines of workers "w1" and "w2", each on its store, closed at the end; what
    their stages run is told in `ran`."""
    w1, w2 = two_workers(two, clocks, LEASE)
    first = pipeline(two[0], w1, clocks, folder, ran)
    second = pipeline(two[1], w2, clocks, folder, ran)
    try:
        yield first, second
    finally:
        await first.close()
        await second.close()


async def test_a_stand_up_schedule_taken_over_runs_at_the_next_step(
    two: tuple[Store, Store], tmp_path: Path
) -> None:
    clocks = Clocks()
    ran: list[str] = []
    async with pipelines(two, clocks, tmp_path, ran) as (w1, w2):
        assert await w2.run_periodic() == 1  # w2 holds the schedule and runs it
        assert await w2.run_periodic() == 0  # not again within its round
        assert await w1.run_periodic() == 0  # another worker's schedule
        assert ran == ["w2"]
        clocks.advance(31)  # w2 stalled past its lease: w1 takes the schedule over...
        assert await w1.worker.holds(STANDUPS)
        await w2.worker.renew()  # (w2 runs again and finds it lost)
        assert w2.worker.held() == []
        clocks.advance(31)  # ...and dies in the middle of the stand-up, before queuing it
        await w2.worker.watch()  # w2 takes the lapsed lease back at its next watch
        assert w2.worker.held() == [STANDUPS]
        # Its own round is an hour away; the stand-up w1 did not finish is due now.
        assert await w2.run_periodic() == 1
        assert ran == ["w2", "w2"]
        assert await w2.run_periodic() == 0


async def test_the_ads_schedule_taken_over_judges_the_ads_at_the_next_step(
    two: tuple[Store, Store], tmp_path: Path
) -> None:
    clocks = Clocks()
    ran: list[str] = []
    async with pipelines(two, clocks, tmp_path, ran) as (w1, w2):
        await w2.evaluate_ads()  # its first step: it takes the ads schedule and judges
        await w2.evaluate_ads()
        await w1.evaluate_ads()
        assert ran == ["w2 ads"]
        # w2 stalls past its lease; w1 takes the ads schedule, then dies judging the ads.
        clocks.advance(31)
        assert await w1.worker.holds("schedule:ads")
        clocks.advance(31)
        # w2, still stalled all along, runs again: its renewal takes the lease back, which
        # another held meanwhile for all it knows.
        await w2.worker.renew()
        assert "schedule:ads" in w2.worker.held()
        await w2.evaluate_ads()
        assert ran == ["w2 ads", "w2 ads"]
        await w2.evaluate_ads()
        assert ran == ["w2 ads", "w2 ads"]


async def test_a_worker_that_lost_a_schedule_does_not_ask_for_it_at_every_step(
    two: tuple[Store, Store], tmp_path: Path
) -> None:
    clocks = Clocks()
    ran: list[str] = []
    async with pipelines(two, clocks, tmp_path, ran) as (w1, w2):
        asked: list[str] = []
        leases = w1.worker._leases
        take = leases.acquire_many

        async def counted(*args: Any, **kwargs: Any) -> Any:
            # Counts w1's lease writes; the store still does the work.
            asked.append("acquire")
            return await take(*args, **kwargs)

        leases.acquire_many = counted  # type: ignore[method-assign]
        assert await w1.run_periodic() == 1
        await w1.evaluate_ads()
        clocks.advance(31)  # w1 stalled past its lease: w2 takes both schedules
        assert await w2.worker.holds(STANDUPS)
        assert await w2.worker.holds("schedule:ads")
        await w1.worker.renew()
        assert w1.worker.held() == []
        asked.clear()
        for _ in range(10):
            clocks.advance(1)
            assert await w1.run_periodic() == 0
            await w1.evaluate_ads()
        # Lost, not taken over: w1 waits for its own round instead of writing each step.
        assert asked == []
        assert ran == ["w1", "w1 ads"]
