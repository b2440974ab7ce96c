"""Drafts for real customer-service tweets (twcs_dev) beside the brand's real reply, to read.

Third-party data (evaluation only) stays outside the repo; this prints to the terminal or
writes to a path outside the repo. Run ``python -m tests.smo.twcs_drafts [--all] [--out FILE]``.
By default it leaves out the held-back ids (``split: holdout`` in twcs_dev_intents.jsonl).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.analyze_cli import analyze_file
from bot.smo.brand import BrandProfile, Industry
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine
from tests.smo.twcs_figures import COMMENTS, DATA, LABELS, NOW

# A plausible business for each brand handle in the data (the rest are "other").
INDUSTRY: dict[str, Industry] = {
    **dict.fromkeys(
        [
            "tmobilehelp",
            "comcastcares",
            "coxhelp",
            "centurylinkhelp",
            "boostcare",
            "airtel_care",
            "idea_cares",
            "glocare",
            "safaricom_care",
            "o2",
            "uscellularcares",
        ],
        "telco",
    ),
    **dict.fromkeys(
        [
            "applesupport",
            "spotifycares",
            "hulu_support",
            "dropboxsupport",
            "azuresupport",
            "godaddyhelp",
            "hpsupport",
            "asksalesforce",
            "yahoocare",
            "asurioncares",
        ],
        "software",
    ),
    **dict.fromkeys(("jackbox",), "games"),
    **dict.fromkeys(
        [
            "uber_support",
            "delta",
            "british_airways",
            "americanair",
            "southwestair",
            "airasiasupport",
            "alaskaair",
            "virgintrains",
            "nationalrailenq",
            "gwrhelp",
            "virginatlantic",
            "airbnbhelp",
            "kimpton",
            "asklyft",
            "virginamerica",
            "tfl",
            "ihgservice",
            "londonmidland",
            "jetblue",
            "sw_help",
        ],
        "travel",
    ),
    **dict.fromkeys(
        [
            "askpapajohns",
            "mcdonalds",
            "postmates_help",
            "doordash_help",
            "askpanera",
            "dunkindonuts",
        ],
        "restaurant",
    ),
    **dict.fromkeys(
        [
            "tesco",
            "askebay",
            "argoshelpers",
            "sainsburys",
            "asktarget",
            "morrisons",
            "walmart",
            "neweggservice",
            "nikesupport",
            "aldiuk",
        ],
        "retail",
    ),
    # Carriers: a parcel's tracking number and the delivery address, never an order number.
    **dict.fromkeys(("upshelp", "fedexhelp", "dhl_uk", "royalmail"), "delivery"),
    **dict.fromkeys(
        ["bofa_help", "ask_wellsfargo", "askpaypal", "askamex", "chasesupport", "askciti"],
        "finance",
    ),
}


def brands(comments: list[dict[str, Any]]) -> list[BrandProfile]:
    ids = sorted({c["brand"] for c in comments})
    return [
        BrandProfile(id=b, name=b, handles={"x": b}, industry=INDUSTRY.get(b, "other"), sign_off="")
        for b in ids
    ]


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def with_parents(
    comments: list[dict[str, Any]], labels: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """``comments`` with the tweet each one answers put before it, as a live feed shows a
    thread: the brand's own reply (the drafter reads it), or a customer's tweet where it names
    the brand's handle; a reply of the brand's answers the same customer's earlier tweet in
    the export where it is one of that tweet's real replies."""
    fed: list[dict[str, Any]] = []
    seen = {c["id"] for c in comments}  # a parent in the export is fed as it is
    # The customer's earlier tweet that the brand's reply answered, where the export holds it
    # (the reply is one of its real replies): the thread as a live feed shows it.
    answered: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for c in comments:
        for reply in labels.get(c["id"], {}).get("real_replies", []):
            answered.setdefault((c["author"], reply), []).append(c)
    done: set[str] = set()

    def feed(c: dict[str, Any]) -> None:
        if c["id"] in done:
            return
        done.add(c["id"])
        label = labels.get(c["id"], {})
        parent = label.get("in_reply_to_text")
        if c.get("parent_id") and parent and c["parent_id"] not in seen:
            seen.add(c["parent_id"])
            at = datetime.fromisoformat(c["created_at"]) - timedelta(minutes=1)
            # A tweet that names the brand's handle is a customer's (often the same one's
            # earlier tweet), not the brand's reply.
            handle = "@" + str(label.get("brand_handle") or c["brand"]).lower()
            ours = handle not in parent.lower()
            earlier = [
                e
                for e in answered.get((c["author"], parent), [])
                if ours and e["id"] != c["id"] and e["created_at"] < c["created_at"]
            ]
            for e in earlier[-1:]:
                feed(e)  # seen first, as a live feed would show it
            fed.append(
                {
                    **c,
                    "id": c["parent_id"],
                    "parent_id": earlier[-1]["id"] if earlier else None,
                    "author": c["brand"] if ours else _customer(c, handle),
                    "text": parent,
                    "created_at": at.isoformat(),
                }
            )
        fed.append(c)

    for c in comments:
        feed(c)
    return fed


def _customer(c: dict[str, Any], handle: str) -> str:
    """Who wrote the customer's tweet ``c`` answers: a reply to someone else opens with their
    handle (as X writes it), so one that opens with the brand's continues the author's own."""
    first = re.match(r"\s*\.?(@\w+)", c["text"])
    return c["author"] if first is not None and first.group(1).lower() == handle else "someone"


def rows(include_holdout: bool, parents: bool = True) -> list[dict[str, Any]]:
    comments = load(DATA / COMMENTS)
    labels = {o["id"]: o for o in load(DATA / COMMENTS.with_name("twcs_dev.labels.jsonl"))}
    holdout = {o["id"] for o in load(LABELS) if o["split"] == "holdout"}
    labelled = {o["id"] for o in load(LABELS)}
    engine = EngagementEngine(brands(comments), default_templates_dir())
    out = io.StringIO()
    with tempfile.TemporaryDirectory() as folder:
        fed = Path(folder) / "comments.jsonl"
        feed = with_parents(comments, labels) if parents else comments
        fed.write_text("".join(json.dumps(c) + "\n" for c in feed), encoding="utf-8")
        analyze_file(engine, fed, NOW, out)
    by_id = {c["id"]: c for c in comments}
    result = []
    for line in out.getvalue().splitlines():
        o = json.loads(line)
        if o["id"] not in by_id or (o["id"] in holdout and not include_holdout):
            continue
        c = by_id[o["id"]]
        lab = labels.get(o["id"], {})
        result.append(
            {
                "id": o["id"],
                "brand": o["brand"],
                "industry": INDUSTRY.get(o["brand"], "other"),
                "labelled": o["id"] in labelled,
                "parent": lab.get("in_reply_to_text"),
                "comment": c["text"],
                "intents": [i["intent"] for i in o["intents"]],
                "sentiment": o["sentiment"]["label"],
                "draft": o["draft"],
                "real": lab.get("real_replies", []),
            }
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true", help="include the held-back ids")
    parser.add_argument("--out", type=Path, help="write JSON lines here (outside the repo)")
    parser.add_argument(
        "--no-parents",
        action="store_true",
        help="leave out the tweets the comments answer (the drafter then sees no thread)",
    )
    args = parser.parse_args()
    found = rows(args.all, parents=not args.no_parents)
    if args.out:
        with args.out.open("w", encoding="utf-8") as handle:
            for row in found:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    for r in found:
        d = r["draft"]
        sys.stdout.write(
            f"\n## {r['id']} {r['brand']} ({r['industry']}) {r['intents']} {r['sentiment']}\n"
            + (f"  PARENT: {r['parent']}\n" if r["parent"] else "")
            + f"  C: {r['comment']}\n"
            + (f"  D[{d['action']}]: {d['text']}\n  NOTE: {d['note']}\n" if d else "  D: (none)\n")
            + "".join(f"  REAL: {t}\n" for t in r["real"])
        )


if __name__ == "__main__":
    main()
