"""On the committed samples the insights find what the generator planted."""

from __future__ import annotations

import statistics
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml

from bot.config.loading import load_workspace
from bot.ingest.follower import FileFollower
from bot.insights.metrics import baselines, engagement_rate, mature
from bot.insights.queries import posts_since
from bot.insights.report import InsightReport, insights_for
from bot.models import FeedKind
from bot.store import Store
from tests.insights.helpers import NOW
from tools.samples import BEST_HOUR, BRANDS, PROFILE_GAPS, SNAPSHOT_DAYS

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CHECK_OF_FIELD = {
    "bio": "bio",
    "link": "link",
    "contact": "contact",
    "category": "category",
    "has_avatar": "picture",
}


@pytest.fixture
async def samples(tmp_path: Path) -> AsyncIterator[tuple[Store, dict[str, InsightReport]]]:
    store = await Store.open(tmp_path / "samples.db", clock=lambda: NOW)
    try:
        feeds: tuple[tuple[str, FeedKind], ...] = (
            ("posts.jsonl", "posts"),
            ("profiles.jsonl", "profiles"),
            ("comments.jsonl", "comments"),
        )
        for name, kind in feeds:
            await FileFollower(SAMPLES / name, kind, store.feeds, resume=False).poll()
        workspace = load_workspace(SAMPLES / "workspace.yaml")
        reports = {b.id: await insights_for(store, workspace, b.id, NOW) for b in workspace.brands}
        yield store, reports
    finally:
        await store.close()


def _standouts() -> list[dict[str, object]]:
    manifest = yaml.safe_load((SAMPLES / "manifest.yaml").read_text(encoding="utf-8"))
    standouts: list[dict[str, object]] = manifest["standout_posts"]
    return standouts


@pytest.mark.slow
async def test_boost_candidates_are_the_planted_standouts(
    samples: tuple[Store, dict[str, InsightReport]],
) -> None:
    store, reports = samples
    planted = {f"{s['platform']}:{s['id']}" for s in _standouts()}
    found = {c.post_key for report in reports.values() for c in report.boost}
    assert found <= planted  # no ordinary post is offered
    assert len(found) >= 5
    # The generator lifted a standout's rate 1.6-1.9x, but posting hour and noise can undo
    # that; every standout still engaging at twice its platform's norm must be found.
    strong: set[str] = set()
    for brand in reports:
        posts = mature(await posts_since(store, brand, reports[brand].since), NOW)
        norms = baselines(posts)
        for p in posts:
            rate = engagement_rate(p) or 0.0
            if p.key in planted and rate >= 2 * norms[(p.brand, p.platform)].median_rate:
                strong.add(p.key)
    assert len(strong) >= 5
    assert strong <= found


@pytest.mark.slow
async def test_reels_and_shorts_reach_further(
    samples: tuple[Store, dict[str, InsightReport]],
) -> None:
    _, reports = samples
    for brand, report in reports.items():
        by_reach = max(report.formats.ranked, key=lambda s: s.reach_lift)
        assert by_reach.format in ("reel", "short"), brand
        reel = next(s for s in report.formats.ranked if s.format == "reel")
        assert reel.reach_lift >= 1.4, brand
        text = next(s for s in report.formats.ranked if s.format == "text")
        assert text.reach_lift < 1.0, brand


@pytest.mark.slow
async def test_the_generators_good_hashtags_beat_its_weak_ones(
    samples: tuple[Store, dict[str, InsightReport]],
) -> None:
    _, reports = samples
    for brand in BRANDS:
        ranked = reports[brand.id].hashtags.ranked
        assert ranked[0].tag in brand.good_tags, brand.id
        good = [s.engagement_lift for s in ranked if s.tag in brand.good_tags]
        weak = [s.engagement_lift for s in ranked if s.tag in brand.weak_tags]
        assert len(good) == 3 and weak, brand.id
        assert statistics.mean(good) > 1.1 > statistics.mean(weak), brand.id
        assert ranked[-1].tag in brand.weak_tags, brand.id


@pytest.mark.slow
async def test_best_hours_sit_near_each_platforms_planted_peak(
    samples: tuple[Store, dict[str, InsightReport]],
) -> None:
    _, reports = samples
    checked = 0
    for brand, report in reports.items():
        for platform, timing in report.platform_timing:
            if not timing.hours:
                continue
            # The generator's peak is a UTC hour; Berlin is 1 or 2 hours ahead.
            ahead = (timing.hours[0].hour or 0) - BEST_HOUR[platform]
            assert ahead % 24 in (0, 1, 2, 3), (brand, platform, timing.hours[0].label)
            checked += 1
    assert checked >= 15


@pytest.mark.slow
async def test_the_profile_audit_flags_every_planted_gap(
    samples: tuple[Store, dict[str, InsightReport]],
) -> None:
    _, reports = samples
    last = SNAPSHOT_DAYS[-1]
    for brand, report in reports.items():
        assert len(report.profiles.audits) == 6
        for audit in report.profiles.audits:
            gaps = PROFILE_GAPS.get((brand, audit.platform), {})
            planted = {
                CHECK_OF_FIELD[field] for field, (start, end) in gaps.items() if start <= last < end
            }
            flagged = set(audit.failed) & set(CHECK_OF_FIELD.values())
            assert flagged == planted, (brand, audit.platform)
