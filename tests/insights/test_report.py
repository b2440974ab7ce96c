"""The report and the two commands, read from a real store."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from rich.console import Console

from bot.insights.cli import hashtags_command, insights_command
from bot.insights.report import boost_candidates_for, hashtag_suggestions_for, insights_for
from bot.models import Comment
from bot.store import Store
from tests.insights.helpers import NOW, post, snapshot, workspace

ORDINARY = (44, 46, 48, 49, 50, 50, 51, 52, 54, 56, 47, 53)


async def _fill(store: Store) -> None:
    posts = [
        post(
            id=f"ig{i}",
            days_ago=4 + 5 * i,
            likes=likes,
            tags=["glazeday"] if i % 2 else ["studiolife"],
            text="A new celadon glaze from the kiln" if i % 2 else "Coffee in the studio",
        )
        for i, likes in enumerate(ORDINARY)
    ]
    posts += [
        post(id=f"reel{i}", fmt="reel", days_ago=6 + 7 * i, impressions=3000, likes=150)
        for i in range(3)
    ]
    posts.append(post(id="star", fmt="reel", days_ago=5, likes=200, tags=["glazeday"]))
    posts.append(post(id="<b>[red]x[/red]</b>", days_ago=200, tags=["[bold]tag[/bold]"]))
    comments = [
        Comment(
            id=f"c{d}",
            platform="instagram",
            brand="mugs",
            post_id="ig1",
            author="fan",
            text="that glaze! #SnowGlaze",
            created_at=NOW - timedelta(days=d),
        )
        for d in (1, 2, 3)
    ]
    snapshots = [
        snapshot("instagram"),
        snapshot("facebook", handle="MugsAndCo", link=None),
        snapshot("tiktok", bio="[bold]Mugs[/bold] from Leeds. Shop below 👇", has_avatar=False),
    ]
    await store.feeds.ingest([*posts, *comments, *snapshots])


async def test_the_report_assembles_every_insight(store: Store) -> None:
    await _fill(store)
    report = await insights_for(store, workspace(), "mugs", NOW)
    assert (report.brand, report.brand_name, report.zone) == ("mugs", "Mugs & Co", "Europe/Berlin")
    assert report.posts == 16  # the 200-day-old post is outside the window
    assert [n.platform for n in report.norms] == ["instagram"]
    assert [s.tag for s in report.hashtags.ranked] == ["glazeday", "studiolife"]
    assert [t.tag for t in report.trending] == ["snowglaze"]
    assert report.formats.ranked[0].format == "reel"
    assert report.timing.posts == 16
    assert [(p, t.posts) for p, t in report.platform_timing] == [("instagram", 16)]
    assert [(a.platform, a.failed) for a in report.profiles.audits] == [
        ("facebook", ("link",)),
        ("tiktok", ("picture",)),
        ("instagram", ()),
    ]
    assert [c.post_key for c in report.boost] == ["instagram:star"]
    assert report.cadence.weeks > 0


async def test_unknown_brand_is_a_lookup_error(store: Store) -> None:
    with pytest.raises(LookupError, match="unknown brand 'nope'; the workspace has mugs"):
        await insights_for(store, workspace(), "nope", NOW)


async def test_boost_candidates_for_every_brand(store: Store) -> None:
    await _fill(store)
    found = await boost_candidates_for(store, workspace(), NOW)
    assert [(c.brand, c.post_key) for c in found] == [("mugs", "instagram:star")]


async def test_suggestions_for_a_planned_post(store: Store) -> None:
    await _fill(store)
    found = await hashtag_suggestions_for(store, workspace(), "mugs", "Celadon glaze day!", NOW)
    assert found.suggested[0].tag == "glazeday"
    assert [t.tag for t in found.rising] == ["snowglaze"]


def _console() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, width=120, color_system=None, highlight=False), buffer


async def test_insights_command_prints_each_section(store: Store) -> None:
    await _fill(store)
    out, buffer = _console()
    assert await insights_command(store, workspace(), None, NOW, out) == 0
    text = buffer.getvalue()
    for expected in (
        "Mugs & Co (mugs) · organic insights",
        "Engagement rate = (likes + comments + shares + saves) / impressions",
        "#glazeday",
        "Rising hashtags: #snowglaze 3 this week vs 0 in the 3 weeks before (new)",
        "Best posting times (Europe/Berlin",
        "reel",
        "Cadence:",
        "Profile audit",
        "Add the website link",
        "Upload the brand logo",
        "instagram:star",
    ):
        assert expected in text, expected


async def test_feed_text_is_printed_as_written_not_as_markup(store: Store) -> None:
    await _fill(store)
    await store.feeds.ingest([snapshot("x", handle="[red]mugsandco[/red]")])
    out, buffer = _console()
    await insights_command(store, workspace(), "mugs", NOW, out)
    assert "@[red]mugsandco[/red]" in buffer.getvalue()


async def test_insights_command_refuses_an_unknown_brand(store: Store) -> None:
    out, buffer = _console()
    assert await insights_command(store, workspace(), "nope", NOW, out) == 2
    assert "unknown brand 'nope'" in buffer.getvalue()


async def test_hashtags_command(store: Store) -> None:
    await _fill(store)
    out, buffer = _console()
    assert await hashtags_command(store, workspace(), "mugs", "A celadon glaze", NOW, out) == 0
    text = buffer.getvalue()
    assert "#glazeday" in text
    assert "Rising lately, worth a look: #snowglaze (3 this week)" in text
    out, buffer = _console()
    assert await hashtags_command(store, workspace(), "mugs", "  ", NOW, out) == 2
    assert await hashtags_command(store, workspace(), "nope", "glaze", NOW, out) == 2


async def test_an_empty_store_reports_nothing_found(store: Store) -> None:
    out, buffer = _console()
    assert await insights_command(store, workspace(), "mugs", NOW, out) == 0
    text = buffer.getvalue()
    assert "0 posts old enough to judge" in text
    assert "Profiles: no snapshots yet." in text
    assert "Boost candidates: none" in text
