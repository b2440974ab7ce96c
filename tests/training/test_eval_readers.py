"""The readers' evaluation: which sets a run reads."""

from __future__ import annotations

import pytest

from training.eval_readers import SETS, chosen, main


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
