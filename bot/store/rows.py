"""Comments as the engine reads them and its results as the store writes them, in plain rows."""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import TYPE_CHECKING, Any

from bot.models import Analysis, Comment, Draft, Engagement
from bot.notices import review_words
from bot.words import READER_LABELS, language_name, tone

if TYPE_CHECKING:
    from bot.smo.llm.brief import DraftBrief

__all__ = [
    "LEAD_INTENT",
    "CommentRow",
    "Cursor",
    "EngagementRows",
    "comment_from_row",
    "draft_row",
    "engagement_rows",
    "review_context",
]

LEAD_INTENT = "purchase_intent"

# A comment as the store reads it for the engine: the Comment fields in order, then where it
# stands in the queue of comments to analyse (ingested_at, rowid).
CommentRow = tuple[Any, ...]
Cursor = tuple[str, int]


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
    payload head, payload tail): a review request's payload is the JSON of its
    ``review_context``, whose draft id is given only when the draft is saved, between the two.
    """

    keys: list[str] = field(default_factory=list)
    analyses: list[tuple[Any, ...]] = field(default_factory=list)
    drafts: list[tuple[Any, ...]] = field(default_factory=list)
    leads: list[tuple[Any, ...]] = field(default_factory=list)
    # (index in ``drafts``, brief) for the drafts a language-model drafter may rewrite.
    briefs: list[tuple[int, DraftBrief]] = field(default_factory=list)


def engagement_rows(items: Sequence[Engagement]) -> EngagementRows:
    """The rows that record ``items``; the JSON they hold is encoded here, once."""
    rows = EngagementRows()
    for item in items:
        comment, analysis, draft = item.comment, item.analysis, item.draft
        rows.keys.append(comment.key)
        rows.analyses.append(_analysis_row(analysis))
        if draft is not None:
            if item.brief is not None:
                rows.briefs.append((len(rows.drafts), item.brief))
            rows.drafts.append(draft_row(comment, analysis, draft, item.review_receiver))
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
    comment: Comment, analysis: Analysis, draft: Draft, receiver: str | None
) -> tuple[Any, ...]:
    """The ``drafts`` row of ``EngagementRows`` for one draft (see there)."""
    head = tail = ""
    if receiver is not None:
        head, tail = _payload_around_id(comment, analysis, draft)
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


def review_context(
    comment: Comment, analysis: Analysis, draft: Draft, draft_id: int
) -> dict[str, object]:
    """The render context of a review request: our values only, untrusted text unescaped."""
    context: dict[str, object] = {
        "draft_id": draft_id,
        "brand": draft.brand,
        "platform": comment.platform,
        "action": draft.action,
        "text": draft.text,
        "note": draft.note,
        "comment": {
            "key": comment.key,
            "author": comment.author,
            "author_followers": comment.author_followers,
            "text": comment.text,
            "created_at": comment.created_at.isoformat(),
            "url": comment.url,
            "post_id": comment.post_id,
        },
        "analysis": review_words(
            {
                "sentiment": analysis.sentiment,
                "sentiment_score": round(analysis.sentiment_score, 3),
                "intents": list(analysis.intents),
                "priority": round(analysis.priority, 2),
                "priority_reason": analysis.priority_reason,
                "language": analysis.language,
                "evidence": [{"label": e.label, "cue": e.cue} for e in analysis.evidence],
            }
        ),
    }
    if draft.drafter:
        context["drafter"] = draft.drafter
    return context


# The draft id is known only once the draft is saved; the payload is encoded here, once, in
# two parts, and the store puts the id between them.
_ID_KEY = '"draft_id": '


def _payload_around_id(comment: Comment, analysis: Analysis, draft: Draft) -> tuple[str, str]:
    """``Notice.payload()`` of the review request cut where its draft id goes: the JSON of
    ``review_context`` with sorted keys, written out here key by key (a draft for nearly every
    comment makes ``json.dumps`` of the whole context a tenth of the engine's time)."""
    text = encode_basestring_ascii
    head = (
        f'{{"action": {text(draft.action)}, "analysis": {_review_analysis(analysis)},'
        f' "brand": {text(draft.brand)}, "comment": {{"author": {text(comment.author)},'
        f' "author_followers": {_value(comment.author_followers)},'
        f' "created_at": {text(comment.created_at.isoformat())}, "key": {text(comment.key)},'
        f' "post_id": {text(comment.post_id)}, "text": {text(comment.text)},'
        f' "url": {_value(comment.url)}}}, {_ID_KEY}'
    )
    drafter = f', "drafter": {text(draft.drafter)}' if draft.drafter else ""
    tail = (
        f'{drafter}, "note": {text(draft.note)}, "platform": {text(comment.platform)},'
        f' "text": {text(draft.text)}}}'
    )
    return head, tail


def _review_analysis(a: Analysis) -> str:
    """The JSON of ``review_context``'s "analysis": what ``review_words`` makes of it."""
    text = encode_basestring_ascii
    label = str(a.sentiment or "neutral")
    score = float(round(a.sentiment_score, 3) or 0.0)
    readers = {e.label: e.cue for e in a.evidence if e.label in READER_LABELS}
    details = {"sentiment": f"{label} {score:+.2f}", **readers}
    pairs = [(e.label in READER_LABELS, text(e.cue), text(e.label)) for e in a.evidence]
    cues = ", ".join(f'{{"cue": {c}, "label": {n}}}' for by_reader, c, n in pairs if not by_reader)
    evidence = ", ".join(f'{{"cue": {c}, "label": {n}}}' for _, c, n in pairs)
    said = ", ".join(f"{text(k)}: {text(v)}" for k, v in sorted(details.items()))
    return (
        f'{{"cues": [{cues}], "details": {{{said}}}, "evidence": [{evidence}],'
        f' "intents": {_ascii_list(a.intents)}, "language": {_value(a.language)},'
        f' "language_name": {_value(language_name(a.language))},'
        f' "priority": {_value(round(a.priority, 2))},'
        f' "priority_reason": {text(a.priority_reason)}, "sentiment": {text(a.sentiment)},'
        f' "sentiment_score": {_value(round(a.sentiment_score, 3))},'
        f' "tone": {text(tone(label, score, a.language))}}}'
    )


# What `Notice.payload` gives for a value that may be other than a string.
_encode = json.JSONEncoder(sort_keys=True, default=str).encode


def _value(value: object) -> str:
    if value is None:
        return "null"
    if type(value) is str:
        return encode_basestring_ascii(value)
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is float and math.isfinite(value):
        return float.__repr__(value)
    return _encode(value)


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
        _ascii_list(a.intents),
        a.priority,
        a.priority_reason,
        a.language,
        f"[{evidence}]",
        _entities(a.hashtags, a.mentions, a.urls, a.emojis),
    )


@functools.lru_cache(maxsize=1024)
def _ascii_list(items: tuple[str, ...]) -> str:
    """``json.dumps(list(items))``; remembered, as there are only so many sets of intents."""
    return "[" + ", ".join(map(encode_basestring_ascii, items)) + "]"


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
