"""Comments as the engine reads them and its results as the store writes them, in plain rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import TYPE_CHECKING, Any

from bot.json_text import ascii_list
from bot.models import Analysis, Comment, Draft, Engagement

if TYPE_CHECKING:
    from bot.smo.llm.brief import DraftBrief

__all__ = [
    "LEAD_INTENT",
    "CommentRow",
    "Cursor",
    "EngagementRows",
    "ReviewPayload",
    "comment_from_row",
    "draft_row",
    "engagement_rows",
]

LEAD_INTENT = "purchase_intent"

# A comment as the store reads it for the engine: the Comment fields in order, then where it
# stands in the queue of comments to analyse (ingested_at, rowid).
CommentRow = tuple[Any, ...]
Cursor = tuple[str, int]

# A review request's payload, the JSON of its render context, cut where its draft id goes
# (the id is given only when the draft is saved): bot.review_message.review_payload.
ReviewPayload = Callable[[Comment, Analysis, Draft], tuple[str, str]]


def comment_from_row(r: CommentRow) -> Comment:
    return Comment(
        id=r[0],
        platform=r[1],
        brand=r[2],
        post_id=r[3],
        author=r[4],
        text=r[5],
        created_at=datetime.fromisoformat(r[6]),
        parent_id=r[7],
        author_followers=int(r[8]),
        url=r[9],
        lang=r[10],
    )


@dataclass(frozen=True, slots=True)
class EngagementRows:
    """Engine results as the store writes them: plain values, cheap to pickle, so a batch can be
    worked out in the engine's process and written in the store's.

    ``analyses`` rows lack their ``analysed_at`` and ``leads`` rows their ``recorded_at``;
    ``drafts`` rows are (comment_key, brand, platform, action, text, note, review receiver,
    payload head, payload tail): a review request's payload as a ``ReviewPayload`` gives it,
    whose draft id is given only when the draft is saved, between the two.
    """

    keys: list[str] = field(default_factory=list)
    analyses: list[tuple[Any, ...]] = field(default_factory=list)
    drafts: list[tuple[Any, ...]] = field(default_factory=list)
    leads: list[tuple[Any, ...]] = field(default_factory=list)
    # (index in ``drafts``, brief) for the drafts a language-model drafter may rewrite.
    briefs: list[tuple[int, DraftBrief]] = field(default_factory=list)


def engagement_rows(items: Sequence[Engagement], payload: ReviewPayload) -> EngagementRows:
    """The rows that record ``items``; the JSON they hold is encoded here, once, but the
    review requests' payloads, which ``payload`` encodes."""
    rows = EngagementRows()
    for item in items:
        comment, analysis, draft = item.comment, item.analysis, item.draft
        rows.keys.append(comment.key)
        rows.analyses.append(_analysis_row(analysis))
        if draft is not None:
            if item.brief is not None:
                rows.briefs.append((len(rows.drafts), item.brief))
            rows.drafts.append(draft_row(comment, analysis, draft, item.review_receiver, payload))
        if LEAD_INTENT in analysis.intents:
            rows.leads.append(
                (
                    comment.key,
                    comment.brand,
                    comment.platform,
                    comment.author,
                    comment.text,
                    comment.created_at.isoformat(),
                )
            )
    return rows


def draft_row(
    comment: Comment,
    analysis: Analysis,
    draft: Draft,
    receiver: str | None,
    payload: ReviewPayload,
) -> tuple[Any, ...]:
    """The ``drafts`` row of ``EngagementRows`` for one draft (see there)."""
    head = tail = ""
    if receiver is not None:
        head, tail = payload(comment, analysis, draft)
    return (
        draft.comment_key,
        draft.brand,
        draft.platform,
        draft.action,
        draft.text,
        draft.note,
        receiver,
        head,
        tail,
    )


# The rows' other JSON is what `json.dumps` gives with its default separators, spelled out with
# the encoder's own string escapers (tests/store/test_rows.py holds each to `json.dumps`).


def _analysis_row(a: Analysis) -> tuple[object, ...]:
    """A ``comment_analyses`` row but its ``analysed_at``."""
    text = encode_basestring_ascii
    evidence = ", ".join(f'{{"label": {text(e.label)}, "cue": {text(e.cue)}}}' for e in a.evidence)
    return (
        a.comment_key,
        a.sentiment,
        a.sentiment_score,
        ascii_list(a.intents),
        a.priority,
        a.priority_reason,
        a.language,
        f"[{evidence}]",
        _entities(a.hashtags, a.mentions, a.urls, a.emojis),
    )


def _entities(
    hashtags: tuple[str, ...],
    mentions: tuple[str, ...],
    urls: tuple[str, ...],
    emojis: tuple[str, ...],
) -> str:
    """``json.dumps({"hashtags": [...], "mentions": [...], "urls": [...], "emojis": [...]},
    ensure_ascii=False)``."""
    if not (hashtags or mentions or urls or emojis):
        return _NO_ENTITIES
    return (
        f'{{"hashtags": {_list(hashtags)}, "mentions": {_list(mentions)},'
        f' "urls": {_list(urls)}, "emojis": {_list(emojis)}}}'
    )


def _list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(map(encode_basestring, items)) + "]"


_NO_ENTITIES = '{"hashtags": [], "mentions": [], "urls": [], "emojis": []}'
