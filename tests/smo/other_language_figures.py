"""How the engine treats the German, Spanish and other-language comments of
``other_language_comments``: run ``python -m tests.smo.other_language_figures [--show]``."""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.models import Comment, Engagement
from bot.smo.brand import BrandProfile
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.smo.lexicon import CUE_LANGUAGES
from tests.smo.other_language_comments import CHECK, DEV, NEGATIVE, Case

__all__ = ["BRAND", "CHATTER", "Figures", "figures", "run"]

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
BRAND = BrandProfile(id="nordlicht", name="Nordlicht", languages=("de", "es", "en"))
# Ordinary chatter in English, the floor a comment nobody could read must not sink below.
CHATTER: tuple[str, ...] = (
    "nice pic",
    "haha same",
    "who else is watching this at 2am",
    "first!",
    "my cat would love this lol",
)
# Thanks or cheer in a reply, in the languages we draft in.
_THANKED = re.compile(
    r"(?<!\w)(?:thank|glad|so happy|love|danke|vielen dank|freut uns|schön zu hören|toll"
    r"|gracias|nos alegra|qué bien|me alegra|encanta)",
    re.IGNORECASE,
)


def run(cases: Sequence[Case], chatter: Sequence[str] = CHATTER) -> list[Engagement]:
    """The engine's result for each case, then for each line of chatter, one batch."""
    engine = EngagementEngine([BRAND], default_templates_dir())
    texts = [text for _, text, _ in cases] + list(chatter)
    comments = [
        Comment(
            id=f"c{n}",
            platform="facebook",
            brand=BRAND.id,
            post_id=f"p{n}",
            author=f"reader{n}",
            text=text,
            created_at=NOW - timedelta(minutes=30),
        )
        for n, text in enumerate(texts)
    ]
    return engine.run(comments, NOW)


def thanked(result: Engagement) -> bool:
    """Whether the drafted reply thanks or cheers, or the comment was read as praise."""
    draft = result.draft
    text = draft.text if draft is not None else ""
    return _THANKED.search(text) is not None or result.analysis.sentiment == "positive"


@dataclass(frozen=True, slots=True)
class Figures:
    negative: int
    negative_thanked: int
    complaints: int
    complaints_read: int
    drafted: int
    to_a_person: int
    no_cues: int
    no_cues_below_chatter: int


def figures(cases: Sequence[Case], results: Sequence[Engagement]) -> Figures:
    """The counts for ``cases``; ``results`` holds theirs, then the chatter's."""
    mine, chatter = results[: len(cases)], results[len(cases) :]
    loudest_chatter = max((r.analysis.priority for r in chatter), default=0.0)
    negative = [r for (_, _, kind), r in zip(cases, mine, strict=True) if kind in NEGATIVE]
    complaints = [r for (_, _, kind), r in zip(cases, mine, strict=True) if kind == "complaint"]
    no_cues = [r for (lang, _, _), r in zip(cases, mine, strict=True) if lang not in CUE_LANGUAGES]
    return Figures(
        negative=len(negative),
        negative_thanked=sum(thanked(r) for r in negative),
        complaints=len(complaints),
        complaints_read=sum("complaint" in r.analysis.intents for r in complaints),
        drafted=sum(r.draft is not None and r.draft.action == "reply" for r in mine),
        to_a_person=sum(r.draft is not None and r.draft.action == "human" for r in mine),
        no_cues=len(no_cues),
        no_cues_below_chatter=sum(r.analysis.priority <= loudest_chatter for r in no_cues),
    )


def _main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", action="store_true", help="print every comment's result")
    args = parser.parse_args()
    for name, cases in (("dev", DEV), ("check", CHECK)):
        results = run(cases)
        print(name, figures(cases, results))
        if args.show:
            for (lang, text, kind), r in zip(cases, results[: len(cases)], strict=True):
                a, d = r.analysis, r.draft
                action = "-" if d is None else d.action
                print(
                    f"  [{lang} {kind}] {text}\n"
                    f"     {a.language} {a.sentiment} {a.intents} p={a.priority} {action}"
                    f" | {d.text[:110] if d else ''} | {d.note[:140] if d else ''}"
                )
            for r in results[len(cases) :]:
                print(f"  [chatter] {r.comment.text} p={r.analysis.priority}")


if __name__ == "__main__":
    _main()
