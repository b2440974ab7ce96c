"""What a review request says: its render context, and that JSON cut where its draft id goes."""

from __future__ import annotations

from json.encoder import encode_basestring_ascii

from bot.json_text import ascii_list, json_value
from bot.labels import READER_LABELS, language_name, tone
from bot.models import Analysis, Comment, Draft
from bot.notices import review_words

__all__ = ["review_context", "review_payload"]


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


def review_payload(comment: Comment, analysis: Analysis, draft: Draft) -> tuple[str, str]:
    """``Notice.payload()`` of the review request cut where its draft id goes: the JSON of
    ``review_context`` with sorted keys, written out here key by key (a draft for nearly every
    comment makes ``json.dumps`` of the whole context a tenth of the engine's time)."""
    text = encode_basestring_ascii
    head = (
        f'{{"action": {text(draft.action)}, "analysis": {_review_analysis(analysis)},'
        f' "brand": {text(draft.brand)}, "comment": {{"author": {text(comment.author)},'
        f' "author_followers": {json_value(comment.author_followers)},'
        f' "created_at": {text(comment.created_at.isoformat())}, "key": {text(comment.key)},'
        f' "post_id": {text(comment.post_id)}, "text": {text(comment.text)},'
        f' "url": {json_value(comment.url)}}}, {_ID_KEY}'
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
        f' "intents": {ascii_list(a.intents)}, "language": {json_value(a.language)},'
        f' "language_name": {json_value(language_name(a.language))},'
        f' "priority": {json_value(round(a.priority, 2))},'
        f' "priority_reason": {text(a.priority_reason)}, "sentiment": {text(a.sentiment)},'
        f' "sentiment_score": {json_value(round(a.sentiment_score, 3))},'
        f' "tone": {text(tone(label, score, a.language))}}}'
    )
