"""Failover drill: three workers on one database, one SIGKILLed in the middle of each kind of
work; the survivors finish it, nothing lost and nothing done twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.connectors.fake_platforms import FakePlatforms, serving
from tests.workers.drill import Backend, Drill, run_drill

pytestmark = pytest.mark.slow

# One kill in the middle of each kind of work: stand-up, publishing, feed, analysis, delivery.
KILLS = 5
LEASE_S = 2.0


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """A SQLite file in a temporary folder, or a new database on the test PostgreSQL cluster."""
    if request.param == "postgres":
        found = Backend(request.getfixturevalue("postgres_url"))
    else:
        found = Backend(f"sqlite:///{tmp_path}/bot.db")
    try:
        yield found
    finally:
        found.close()


async def test_killed_workers_lose_nothing_and_double_nothing(
    tmp_path: Path, backend: Backend, capsys: pytest.CaptureFixture[str]
) -> None:
    platforms = FakePlatforms()
    async with serving(platforms) as base:
        drill = Drill(tmp_path, backend, platforms, base, lease_s=LEASE_S)
        await drill.prepare(KILLS)
        outcome = await run_drill(drill, KILLS)
    with capsys.disabled():
        print(f"\nfailover drill ({backend.url.split(':', 1)[0]}): {outcome.line()}")
    assert [k.kind for k in outcome.kills] == ["standup", "feed", "analyse", "deliver", "publish"]
    assert outcome.lost == dict.fromkeys(outcome.lost, 0)
    assert outcome.doubled == dict.fromkeys(outcome.doubled, 0)
    # At most the one notice a killed worker had in flight is shown again by its successor.
    assert outcome.most_resent_per_kill <= 1
    assert outcome.standups == 2
    # Every kill struck work in hand: a lease (a feed, a schedule) or claimed items.
    assert all(k.leases or k.claims for k in outcome.kills)
    # Taken over once the dead worker's lease ran out, and the feed went on from its
    # checkpoint: every comment written is stored (no comment lost above).
    assert all(k.takeover_s is not None for k in outcome.kills)
