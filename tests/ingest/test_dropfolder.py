"""The drop folder: each export imported once, unknown exports quarantined with the reason."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.feeds.screen import Screen
from bot.ingest.dropfolder import DropFolder
from bot.store import Store
from tests.conftest import NOW, REPO


async def test_exports_are_imported_once_after_their_size_holds_still(
    store: Store, tmp_path: Path
) -> None:
    drop = tmp_path / "drop"
    shutil.copytree(REPO / "samples" / "exports", drop)
    folder = DropFolder(drop, store.feeds)
    first = await folder.poll()  # seen for the first time: may still be copying
    assert first.stored == 0
    second = await folder.poll()
    assert second.stored > 0 and second.quarantined == 0
    assert (await folder.poll()).stored == 0
    # A new watcher (a restart) knows from the store that the files were imported.
    again = DropFolder(drop, store.feeds)
    await again.poll()
    assert (await again.poll()).stored == 0
    platforms = await store.db.fetchall("SELECT DISTINCT platform FROM ad_metrics ORDER BY 1")
    assert [r[0] for r in platforms] == ["google", "meta"]


async def test_an_unknown_export_is_quarantined_naming_its_columns(
    store: Store, tmp_path: Path
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "mystery.csv").write_text("Week,Channel,Budget\n47,Radio,100\n", encoding="utf-8")
    folder = DropFolder(drop, store.feeds)
    await folder.poll()
    counts = await folder.poll()
    assert counts.quarantined == 1
    [refused] = await store.feeds.quarantined()
    assert "Week" in refused.reason and "Channel" in refused.reason
    assert refused.source.endswith("mystery.csv")


async def test_an_export_row_dated_after_tomorrow_is_quarantined_with_its_line(
    store: Store, tmp_path: Path
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "daily.csv").write_text(
        "date,platform,account,campaign,impressions,clicks,spend,conversions,revenue\n"
        "2026-11-25,meta,acc,Spring,1000,30,50.5,2,120\n"
        "2027-11-25,meta,acc,Spring,1000,30,50.5,2,120\n",
        encoding="utf-8",
    )
    folder = DropFolder(drop, store.feeds, Screen(None, lambda: NOW))
    await folder.poll()
    counts = await folder.poll()
    assert (counts.stored, counts.quarantined) == (1, 1)
    [late] = await store.feeds.quarantined()
    assert late.position == 3 and late.raw.startswith("2027-11-25,meta")
    assert late.reason.startswith("date: 2027-11-25 is more than 1 day ahead of the bot's clock")
