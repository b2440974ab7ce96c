"""Rows for the store hold exactly the JSON that `json.dumps` gives for the same values."""

from __future__ import annotations

import json
import pickle
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.models import Analysis, Comment, Draft, Engagement, Evidence
from bot.notices import Notice
from bot.review_message import review_context, review_payload
from bot.smo.brand import BrandProfile
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.store.rows import comment_from_row, engagement_rows

NOW = datetime(2026, 10, 5, 12, 0, tzinfo=UTC)
SAMPLES = Path(__file__).parents[2] / "samples" / "comments.jsonl"
LABELLED = Path(__file__).parents[1] / "smo" / "labelled.jsonl"
AWKWARD = [
    "plain",
    'quote " and \\ backslash',
    "tab\tnew\nline\r\x00\x1f\x7f",
    "ümlaut, 日本語, emoji 😍🏽, flag 🇩🇪",
    "lone surrogate \ud800 here",
    "\u2028\u2029 separators",
    "",
]


def texts() -> list[str]:
    lines = [*LABELLED.read_text("utf-8").splitlines(), *SAMPLES.read_text("utf-8").splitlines()]
    return [json.loads(line)["text"] for line in lines if line.strip()] + AWKWARD


def engine_results() -> list[Engagement]:
    brand = BrandProfile(
        id="alpen",
        name="Alpenglow",
        review_receiver="community",
        faq=(("Do you ship to Canada?", "Yes, in 5–8 days."),),
        products=("Summit shell",),
    )
    engine = EngagementEngine([brand], default_templates_dir())
    comments = [
        Comment(
            id=f"c{n}",
            platform=("instagram", "x", "facebook")[n % 3],
            brand="alpen",
            post_id="p1",
            author=f"fan{n % 40}",
            text=text,
            created_at=NOW - timedelta(hours=n % 50),
            author_followers=n * 37,
            url=f"https://example.com/{n}" if n % 2 else None,
        )
        for n, text in enumerate(texts())
    ]
    return engine.run(comments, NOW)


def made_up() -> list[Engagement]:
    """Values the engine does not give but the models allow."""
    comment = Comment(
        id="x1",
        platform="x",
        brand="b",
        post_id="p",
        author="a",
        text="t",
        created_at=NOW,
        author_followers=10**18,
    )
    analysis = Analysis(
        comment_key=comment.key,
        sentiment="neutral",
        sentiment_score=0,  # type: ignore[arg-type]
        intents=(),
        priority=72,  # type: ignore[arg-type]
        priority_reason="",
    )
    draft = Draft(comment_key=comment.key, brand="b", platform="x", text="", note="")
    items = [Engagement(comment, analysis, draft, "review")]
    for text in AWKWARD:
        changed = replace(
            analysis,
            sentiment=text,
            priority=1e-7,
            sentiment_score=-0.0005,
            priority_reason=text,
            language=text,
            evidence=(Evidence(text, text), Evidence("x", "")),
            hashtags=(text,),
            mentions=(text, text),
            urls=(text,),
            emojis=(text,),
        )
        items.append(
            Engagement(
                replace(comment, author=text, text=text, url=text, post_id=text),
                changed,
                replace(draft, action=text, text=text, note=text, brand=text, drafter=text),
                "review",
            )
        )
    return items


@pytest.mark.parametrize("source", [engine_results, made_up])
@pytest.mark.slow
def test_rows_hold_what_json_dumps_gives(source: object) -> None:
    items = source()  # type: ignore[operator]
    rows = engagement_rows(items, review_payload)
    with_draft = [item for item in items if item.draft is not None]
    assert len(rows.drafts) == len(with_draft)
    for item, row in zip(items, rows.analyses, strict=True):
        a = item.analysis
        assert row[3] == json.dumps(list(a.intents))
        assert row[7] == json.dumps([{"label": e.label, "cue": e.cue} for e in a.evidence])
        entities = {
            "hashtags": list(a.hashtags),
            "mentions": list(a.mentions),
            "urls": list(a.urls),
            "emojis": list(a.emojis),
        }
        assert row[8] == json.dumps(entities, ensure_ascii=False)
    for draft_id, (item, row) in enumerate(zip(with_draft, rows.drafts, strict=True)):
        assert item.draft is not None and item.review_receiver is not None
        data = review_context(item.comment, item.analysis, item.draft, draft_id * 7919)
        notice = Notice("draft", item.review_receiver, str(draft_id), f"draft:{draft_id}", data)
        assert f"{row[7]}{draft_id * 7919}{row[8]}" == notice.payload()


@pytest.mark.slow
def test_rows_and_comment_rows_survive_pickling() -> None:
    rows = engagement_rows(engine_results(), review_payload)
    assert pickle.loads(pickle.dumps(rows)) == rows
    comment = engine_results()[0].comment
    raw = (
        comment.id,
        comment.platform,
        comment.brand,
        comment.post_id,
        comment.author,
        comment.text,
        comment.created_at.isoformat(),
        comment.parent_id,
        comment.author_followers,
        comment.url,
        comment.lang,
        "2026-10-05T12:00:00+00:00",
        1,
    )
    assert comment_from_row(pickle.loads(pickle.dumps(raw))) == comment
