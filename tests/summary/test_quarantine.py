"""The stand-up counts what was quarantined since the last one, by kind of reason, in every
channel, with the command that lists it."""

from __future__ import annotations

import html
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.ingest.dropfolder import DropFolder
from bot.models import Rejected
from bot.notices import Notice
from bot.rendering import Renderer, strip_controls
from bot.store import Store
from bot.summary.content import reason_kind
from bot.summary.service import SummaryScheduler, summary_command
from tests.summary.builders import Clock, OpenStore, utc, workspace

HINT = "`socialpulse quarantine list` shows them"


async def _quarantine(store: Store, clock: Clock, at: datetime, *bad: Rejected) -> None:
    before = clock.now
    clock.now = at
    await store.feeds.ingest([], list(bad))
    clock.now = before


def _bad(line: int, reason: str, source: str = "/feeds/comments.jsonl") -> Rejected:
    return Rejected(source, line, f'{{"line": {line}}}', reason)


def _slack(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rendered(notice: Notice) -> dict[str, str]:
    renderer = Renderer()
    return {
        "console": renderer.render("console/summary.j2", notice.data, strip_controls),
        "slack": renderer.render("slack/summary.j2", notice.data, _slack),
        "telegram": renderer.render("telegram/summary.j2", notice.data, html.escape),
    }


def _line(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


@pytest.mark.slow
async def test_each_stand_up_counts_what_was_quarantined_since_the_one_before(
    tmp_path: Path, open_store: OpenStore
) -> None:
    ws = workspace(schedules=[{"receiver": "team", "at": "08:30"}])  # Europe/Berlin
    clock = Clock(utc(2026, 11, 23, 7, 0))
    store = await open_store(tmp_path / "s.db", clock)
    scheduler = SummaryScheduler(store, ws, tmp_path / "charts")
    await scheduler.step(clock.now)
    await _quarantine(store, clock, utc(2026, 11, 24, 6, 0), _bad(9, "author: missing"))
    assert await scheduler.step(utc(2026, 11, 24, 7, 30)) == 1  # Tue 08:30 in Berlin
    # After Tuesday's stand-up: bad lines, a hostile reason, and a spreadsheet in the drop folder.
    await _quarantine(
        store,
        clock,
        utc(2026, 11, 24, 12, 0),
        _bad(3, "author: missing"),
        _bad(4, "author: missing"),
        _bad(5, "invalid JSON at column 112: Unterminated string starting at"),
        _bad(6, "clicks: must be ≥ 0, got -5", "/drop/meta.csv"),
        _bad(7, "<!channel> <b>boom</b>: spoofed", "/drop/meta.csv"),
    )
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "meta-alpenglow-2026-11.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    folder = DropFolder(drop, store.feeds)
    clock.now = utc(2026, 11, 24, 15, 0)
    await folder.poll()
    await folder.poll()
    assert await scheduler.step(utc(2026, 11, 25, 7, 30)) == 1

    notices = [n for n in await store.outbox.due() if n.kind == "summary"]
    tuesday, wednesday = sorted(notices, key=lambda n: n.data["day"])
    assert tuesday.data["quarantine"]["records"] == 1  # the 06:00 one, before Tuesday's send
    q = wednesday.data["quarantine"]
    assert (q["records"], q["files"], q["to_now"]) == (5, 1, True)
    assert q["since"] == utc(2026, 11, 24, 7, 30).isoformat()  # Tuesday's stand-up
    # A file refused whole first (a whole export missing), then the commonest kinds of line.
    assert q["reasons"] == [
        {"reason": "xls exports are not read", "count": 1},
        {"reason": "author", "count": 2},
        {"reason": "<!channel> <b>boom</b>", "count": 1},
    ]
    assert q["other_reasons"] == 2  # clicks, invalid JSON

    shown = _rendered(wednesday)
    console = _line(shown["console"], "Quarantined: ")
    assert console == (
        "Quarantined: 5 records and 1 whole file since Tue 24 Nov 08:30: xls exports are not "
        f"read (1) · author (2) · <!channel> <b>boom</b> (1) +2 other reasons · {HINT}"
    )
    slack = _line(shown["slack"], "*Quarantined* ")
    assert "&lt;!channel&gt; &lt;b&gt;boom&lt;/b&gt; (1)" in slack and "<!channel>" not in slack
    assert slack.endswith(HINT)
    telegram = _line(shown["telegram"], "<b>Quarantined</b> ")
    assert "&lt;!channel&gt; &lt;b&gt;boom&lt;/b&gt; (1)" in telegram
    assert telegram.endswith("<code>socialpulse quarantine list</code> shows them")
    for text in shown.values():
        assert len(text) < 4096


@pytest.mark.slow
async def test_on_demand_counts_the_latest_day_up_to_now_an_earlier_day_alone_or_nothing(
    tmp_path: Path, open_store: OpenStore
) -> None:
    ws = workspace(timezone="UTC")
    clock = Clock(utc(2026, 11, 25, 8, 0))
    store = await open_store(tmp_path / "s.db", clock)
    await _quarantine(store, clock, utc(2026, 11, 23, 23, 59), _bad(1, "author: missing"))
    await _quarantine(
        store,
        clock,
        utc(2026, 11, 24, 9, 0),
        _bad(2, "date: not a date (YYYY-MM-DD): '2026-11-31'"),
        Rejected("/drop/q4.xlsx", 0, "4 bytes", "xlsx exports are not read yet: export as CSV"),
    )
    await _quarantine(store, clock, utc(2026, 11, 25, 1, 0), _bad(3, "author: missing"))
    # The latest day: from its start up to now, this morning's record too.
    latest = await summary_command(store, ws, "team", None, clock.now, tmp_path / "c")
    assert latest.data["quarantine"]["records"] == 2
    assert _line(_rendered(latest)["console"], "Quarantined: ") == (
        "Quarantined: 2 records and 1 whole file since Tue 24 Nov 00:00: xlsx exports are not "
        f"read yet (1) · author (1) · date (1) · {HINT}"
    )
    # An earlier day: that day only, as every other figure of it.
    clock.now = utc(2026, 11, 26, 8, 0)
    notice = await summary_command(store, ws, "team", date(2026, 11, 24), clock.now, tmp_path)
    q = notice.data["quarantine"]
    assert (q["records"], q["files"], q["to_now"]) == (1, 1, False)
    assert _line(_rendered(notice)["console"], "Quarantined: ") == (
        "Quarantined: 1 record and 1 whole file that day: xlsx exports are not read yet (1) · "
        f"date (1) · {HINT}"
    )
    quiet = await summary_command(store, ws, "team", date(2026, 11, 20), clock.now, tmp_path)
    assert quiet.data["quarantine"]["records"] == 0
    assert all("Quarantined" not in text for text in _rendered(quiet).values())


def test_a_reason_is_counted_by_its_kind_not_by_the_value_or_place() -> None:
    export = "/drop/mystery.csv"
    cases = {
        "impressions: not a whole number: '1,2o4'": "impressions",
        "invalid JSON at column 112: Unterminated string starting at": "invalid JSON",
        "not UTF-8 text: invalid start byte at byte 3": "not UTF-8 text",
        f"{export}: not an ad-metrics file socialpulse knows. Columns found on line 1: Week\n"
        "  - canonical CSV needs date": "not an ad-metrics file socialpulse knows",
        "same day, campaign, ad set, ad and breakdown as line 12: the export has a breakdown": (
            "same day, campaign, ad set, ad and breakdown"
        ),
        "empty line": "empty line",
        "": "no reason given",
    }
    for reason, kind in cases.items():
        assert reason_kind(export, reason) == kind
    assert len(reason_kind(export, "x" * 200)) == 48
