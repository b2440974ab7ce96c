"""The readers' evaluation: which sets a run reads, and the customer tweets it counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.eval_readers import SETS, chosen, customer_marks, main


def test_no_names_read_every_set_in_order() -> None:
    assert chosen(None) == list(SETS)


def test_named_sets_are_read_in_the_usual_order_with_their_kind() -> None:
    found = chosen(["sentiment/tweeteval_val", "abuse/tweeteval_offensive_val"])
    assert found == [
        ("abuse/tweeteval_offensive_val", "abuse"),
        ("sentiment/tweeteval_val", "sentiment"),
    ]


def test_an_unknown_set_is_refused_before_any_work(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["/nonexistent", "--sets", "abuse/olid_test"])
    assert "invalid choice" in capsys.readouterr().err


def test_customer_marks_counts_the_shipped_readers_flags_and_plain_marks(tmp_path: Path) -> None:
    texts = [
        "@acme the damn router died again, third time this month",
        "@acme why is my parcel three days late?",
    ]
    comments = tmp_path / "c.jsonl"
    comments.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"c{i}",
                    "platform": "x",
                    "brand": "acme",
                    "post_id": "p",
                    "parent_id": None,
                    "author": "u",
                    "author_followers": 1,
                    "text": t,
                    "created_at": "2026-11-30T10:00:00+00:00",
                    "url": None,
                }
            )
            + "\n"
            for i, t in enumerate(texts)
        ),
        encoding="utf-8",
    )
    assert (
        customer_marks(comments)
        == "2 read, abuse 0, offensive 1 (0 of them without swearing or an insult)"
    )
