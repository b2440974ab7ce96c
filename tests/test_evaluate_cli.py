"""`socialpulse evaluate comments FILE LABELS` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.evaluate import score_label

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
# Made-up comments, with what a person would label them.
ITEMS = [
    ("e1", "check out my channel, subscribe for giftcards http://win.example", True, "neutral"),
    ("e2", "Love this jacket, best purchase all year!", False, "positive"),
    ("e3", "My order arrived broken and nobody answers, really disappointed", False, "negative"),
    ("e4", "Does the tent fit two people?", False, "neutral"),
    ("e5", "subscribe to my channel pls", True, "neutral"),
    ("e6", "The boots are fine I guess", False, "neutral"),
]  # fmt: skip


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SOCIALPULSE_WORKSPACE", raising=False)
    monkeypatch.setenv("SOCIALPULSE_DB_PATH", str(tmp_path / "cli.db"))
    monkeypatch.chdir(REPO)


def write(tmp_path: Path) -> tuple[Path, Path]:
    comments = tmp_path / "comments.jsonl"
    labels = tmp_path / "labels.jsonl"
    comments.write_text(
        "".join(
            json.dumps(
                {
                    "id": i,
                    "platform": "youtube",
                    "brand": "acme",
                    "post_id": "p1",
                    "author": f"a{i}",
                    "text": text,
                    "created_at": "2026-11-20T12:00:00+00:00",
                }
            )
            + "\n"
            for i, text, _, _ in ITEMS
        )
    )
    labels.write_text(
        "".join(json.dumps({"id": i, "spam": s, "sentiment": m}) + "\n" for i, _, s, m in ITEMS)
        + json.dumps({"id": "gone", "spam": True})
        + "\n"
        + '{"id": "e9", "sentiment": "great"}\n'
    )
    return comments, labels


def test_scores_match_the_analysis_counted_by_hand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    comments, labels = write(tmp_path)
    env = ["--env-file", str(tmp_path / "none.env")]
    assert main([*env, "analyze", "comments", str(comments), "--json"]) == 0
    analysed = {o["id"]: o for o in map(json.loads, capsys.readouterr().out.splitlines())}

    code = main([*env, "evaluate", "comments", str(comments), str(labels), "--json"])
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert code == 1  # one label line is unusable, and says so
    assert f"{labels}:8: sentiment must be one of negative, neutral, positive" in captured.err
    assert "1 labelled ids not in" in captured.err and "gone" in report["missing"]
    assert report["items"] == len(ITEMS)

    spam = next(s for s in report["labels"] if s["label"] == "spam")
    tp = sum(analysed[i]["flags"]["spam"] and s for i, _, s, _ in ITEMS)
    fp = sum(analysed[i]["flags"]["spam"] and not s for i, _, s, _ in ITEMS)
    fn = sum(not analysed[i]["flags"]["spam"] and s for i, _, s, _ in ITEMS)
    assert spam["true_positives"] == tp and spam["support"] == tp + fn
    assert spam["precision"] == pytest.approx(tp / (tp + fp) if tp + fp else 0.0)
    assert spam["recall"] == pytest.approx(tp / (tp + fn))
    assert spam["f1"] == pytest.approx(2 * tp / (2 * tp + fp + fn))

    matrix = report["confusion"]
    for i, _, _, expected in ITEMS:
        got = analysed[i]["sentiment"]["label"]
        assert matrix[expected][got] >= 1
    right = sum(analysed[i]["sentiment"]["label"] == m for i, _, _, m in ITEMS)
    assert report["sentiment_accuracy"] == pytest.approx(right / len(ITEMS))
    wrong = {i for i, _, s, m in ITEMS if analysed[i]["sentiment"]["label"] != m}
    wrong |= {i for i, _, s, _ in ITEMS if analysed[i]["flags"]["spam"] != s}
    assert {m["id"] for m in report["worst"]} == wrong


def test_the_table_shows_labels_matrix_and_mistakes_as_plain_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    comments, labels = write(tmp_path)
    main(["--env-file", str(tmp_path / "none.env"), "evaluate", "comments", str(comments),
          str(labels)])  # fmt: skip
    out = capsys.readouterr().out
    assert "Per label" in out and "sentiment accuracy" in out
    assert "labelled (rows)" in out


def test_precision_recall_f1_by_hand() -> None:
    pairs = [(True, True), (True, True), (False, True), (True, False), (False, False)]
    score = score_label("spam", pairs)
    assert (score.true_positives, score.support, score.predicted) == (2, 3, 3)
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 / 3)
    assert score_label("abuse", [(False, False)]).f1 == 0.0


def test_a_folder_without_a_workspace_reads_with_the_samples_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    comments, labels = write(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    env = ["--env-file", str(tmp_path / "none.env")]
    code = main([*env, "evaluate", "comments", str(comments), str(labels), "--json"])
    captured = capsys.readouterr()
    assert code == 1  # the unusable label line, as above: the comments were read
    assert json.loads(captured.out)["items"] == len(ITEMS)
    assert "reading with the sample workspace" in captured.err
    # A workspace asked for by name is never replaced.
    asked = ["--workspace", str(elsewhere / "mine.yaml")]
    assert main([*env, *asked, "analyze", "comments", str(comments)]) != 0
    assert "mine.yaml" in capsys.readouterr().err
