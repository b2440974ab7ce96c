"""Chat messages speak the team's words in every channel; the figures stay in `details`.

The real engines make the findings, the real store queues the notices, and each channel's own
renderer turns them into what the team reads: console text, Slack blocks, Telegram HTML.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.alerting.manager import AlertManager
from bot.config.loading import load_workspace
from bot.config.workspace import Workspace
from bot.models import Alert, Comment, Engagement
from bot.notices import Notice
from bot.rendering import Renderer
from bot.review_message import review_payload
from bot.smm.engine import evaluate
from bot.smm.rules import parse_rule
from bot.smm.settings import EngineSettings
from bot.smo.brand import BrandProfile
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.store import Store
from handlers.console import ConsoleChannel
from handlers.slack.messages import Messages, slack_renderer
from handlers.telegram.channel import telegram_renderer
from handlers.telegram.formatting import escape
from tests.conftest import NOW
from tests.smm.helpers import daily, target

ANALYST_WORDS = ("z=", "p=", "VADER", "py3langid", "check_tracking", "infinite", "inf ")

WORKSPACE = """\
brands:
  - {id: alpen, name: Alpenglow, review_receiver: team}
receivers:
  - {name: team, kind: console}
route:
  receiver: team
  group_by: [campaign]
  group_wait: 0s
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    path = tmp_path / "workspace.yaml"
    path.write_text(WORKSPACE, encoding="utf-8")
    return load_workspace(path)


def rendered(notice: Notice, workspace: Workspace) -> dict[str, str]:
    """What each channel shows for the notice."""
    console = ConsoleChannel(Renderer()).render(notice)
    blocks = Messages(slack_renderer(), workspace).notice(notice).blocks
    slack = json.dumps([b.to_dict() for b in blocks], ensure_ascii=False)
    context: dict[str, Any] = {**notice.data, "brand_name": "Alpenglow"}
    telegram = telegram_renderer().render(f"telegram/{notice.kind}.j2", context, escape)
    return {"console": console, "slack": slack, "telegram": telegram}


def engagements() -> list[Engagement]:
    brand = BrandProfile(id="alpen", name="Alpenglow", review_receiver="team")
    engine = EngagementEngine([brand], default_templates_dir())
    texts = [
        "Imagine being this useless, the worst shop I have ever ordered from 😤",
        "注文した商品がまだ届きません。もう二週間も待っています。どうなっていますか？",
    ]
    comments = [
        Comment(
            id=f"c{n}",
            platform="instagram",
            brand="alpen",
            post_id="p1",
            author=f"fan{n}",
            text=text,
            created_at=NOW - timedelta(hours=3),
        )
        for n, text in enumerate(texts)
    ]
    return engine.run(comments, NOW)


async def review_notices(store: Store) -> list[Notice]:
    items = [item for item in engagements() if item.draft is not None]
    await store.feeds.ingest([item.comment for item in items])
    await store.drafts.save_engagement(items, review_payload)
    return await store.outbox.due()


@pytest.mark.slow
async def test_a_review_request_says_the_tone_and_the_language_in_words(
    store: Store, workspace: Workspace
) -> None:
    angry, japanese = await review_notices(store)
    for notice, tone, language in (
        (angry, "reads as negative (strong)", "English"),
        (japanese, "tone not read in Japanese", "Japanese"),
    ):
        for channel, text in rendered(notice, workspace).items():
            assert tone in text, (channel, text)
            assert language in text, (channel, text)
            for word in ANALYST_WORDS:
                assert word not in text, (channel, word, text)
    # The readers' figures are kept for whoever asks.
    details = angry.data["analysis"]["details"]
    assert details["sentiment"].startswith("negative -0.")
    assert "reads negative" in details["negative"] and "py3langid" in details["language"]
    assert japanese.data["analysis"]["language"] == "ja"


async def fired(store: Store, workspace: Workspace, *alerts: Alert) -> Notice:
    async def source(_: Any) -> list[Alert]:
        return list(alerts)

    manager = AlertManager(store, workspace.routing_tree, source, {})
    await manager.evaluate(NOW)
    await manager.flush(NOW + timedelta(minutes=1))
    [notice] = await store.outbox.due()
    return notice


async def test_an_alert_says_how_sure_since_when_and_what_to_do_in_words(
    store: Store, workspace: Workspace
) -> None:
    # Results stop on the 23rd while clicks and spend go on: the CPA rule fires with no CPA.
    rows = daily(seed=1, effect=lambda age: {"cvr": 0.0} if age <= 2 else {})
    rule = parse_rule({"name": "CPAHigh", "expr": "cpa > 1.3 * target over 2d"}, 0)
    [no_results] = evaluate(
        rows,
        [target(target_cpa=8.0)],
        [rule],
        NOW,
        settings=EngineSettings(detectors=frozenset({"rules"})),
    )
    assert any(s.action == "check_tracking" for s in no_results.suggestions)
    notice = await fired(store, workspace, no_results)
    for channel, text in rendered(notice, workspace).items():
        assert "No results since Mon 23 Nov while spending" in text, channel
        assert "How sure" in text and "very unlikely to be noise" in text, (channel, text)
        assert "Check the tracking" in text, (channel, text)
        for word in ANALYST_WORDS:
            assert word not in text, (channel, word, text)
    # The statistics are one tap away: every figure of the engine is in each alert's details.
    [data] = notice.data["alerts"]
    assert data["details"]["test"].startswith("z=")
    assert {"rule", "threshold", "window", "volume", "current"} <= set(data["details"])


async def test_the_words_keep_their_order_through_the_stored_notice(
    store: Store, workspace: Workspace
) -> None:
    alert = Alert(
        labels={"alertname": "CPASpike", "campaign": "Shoes"},
        summary="CPA 59.06 (+151%) vs 23.53 expected",
        evidence={
            "drivers": "CVR 1.50% vs 3.43% (-56%)",
            "impact": "severe",
            "confidence": "very unlikely to be noise",
            "test": "z=4.3, p=1.1e-05",
        },
    )
    notice = await fired(store, workspace, alert)
    slack = rendered(notice, workspace)["slack"]
    assert "How sure: *very unlikely to be noise* · Impact: *severe* · Drivers: *CVR" in slack
