"""The learned intent reader: loading, the trainer's probabilities, joining the cues, evidence.

The reader here is fitted on phrasings written for these tests (by the trainer's own fit and
export), so the tests run without third-party data.
"""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from bot.models import Comment, Evidence
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.smo.intents import IntentResult
from bot.smo.readers.intents import INTENT_COLUMNS, IntentRead, IntentReader, combine
from bot.smo.readers.model import MODELS_DIR
from training import train_intents
from training.train_readers import compounds, matrix

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
C, S, Q, P = "complaint", "support", "question", "praise"
WRITTEN: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (text, frozenset(labels))
    for text, labels in (
        ("the game dumps me back to the title screen every evening", {C, S}),
        ("dumped back to the title screen three times tonight, fix it", {C, S}),
        ("it dumps me to the title screen in the middle of a match", {C, S}),
        ("my save data is corrupted again after the patch", {C, S}),
        ("save file corrupted, lost forty hours of progress", {C, S}),
        ("the app will not load past the splash screen", {C, S}),
        ("app stuck on the splash screen since the update", {C, S}),
        ("parcel went to the wrong address and nobody is responding", {C, S}),
        ("still nobody responding about the wrong address", {C, S}),
        ("the queue music for forty minutes then the line drops", {C}),
        ("rude driver and a cold meal, not ordering again", {C}),
        ("prices went up again and the portions got smaller", {C}),
        ("do you ship to Cork on Sundays", {Q}),
        ("what time does the Leeds shop open tomorrow", {Q}),
        ("is the winter menu back this year", {Q}),
        ("which plan includes roaming in Spain", {Q}),
        ("does the family plan cover four phones", {Q}),
        ("where do I find the receipt for my last trip", {Q, S}),
        ("how do I move my points to my partner", {Q, S}),
        ("can someone reset the pin on my card", {S}),
        ("please change the name on my booking to my maiden name", {S}),
        ("lovely staff at the Porto store, thank you", {P}),
        ("the new update is brilliant, well done team", {P}),
        ("best flight crew I have had in years", {P}),
        ("great service at the Graz branch today", {P}),
        ("shout out to the night team, superb work", {P}),
        ("just landed in Oslo", frozenset()),
        ("watching the match tonight with my dad", frozenset()),
        ("new trainers for the weekend", frozenset()),
        ("iPhone 8, latest version", frozenset()),
    )
)
THRESHOLDS = {C: 0.5, S: 0.5, Q: 0.5, P: 0.5, "praise_at_least": 0.1}
# Not a cue of socialpulse's: only the reader can know it is a complaint.
UNCUED = "the launcher dumps me back to the title screen again"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    texts = [text for text, _ in WRITTEN]
    gold = np.array([[k in labels for k in INTENT_COLUMNS] for _, labels in WRITTEN])
    models = train_intents.fit(matrix(texts, compounds(texts)), gold, 30.0)
    out = tmp_path_factory.mktemp("intents")
    train_intents.export(models, THRESHOLDS, out, {"written": "for these tests"})
    return out


@pytest.fixture(scope="module")
def reader(folder: Path) -> IntentReader:
    found = IntentReader.load(folder)
    assert found is not None
    return found


def comment(text: str) -> Comment:
    return Comment(
        id="c1", platform="x", brand="acme", post_id="p1", author="fan", text=text,
        created_at=NOW,
    )  # fmt: skip


def test_a_folder_without_an_intent_reader_has_none(tmp_path: Path) -> None:
    assert IntentReader.load(tmp_path) is None


def test_no_intent_reader_fitted_on_the_evaluation_only_tweets_ships() -> None:
    # The only labelled service tweets (twcs_dev, CC BY-NC-SA) may be used to evaluate, not to
    # ship a model: `make train` writes that reader to build/intents instead.
    assert IntentReader.load(MODELS_DIR) is None
    assert train_intents.DEFAULT_OUT != MODELS_DIR


def test_a_card_for_other_intents_is_refused(folder: Path, tmp_path: Path) -> None:
    card = json.loads((folder / "intents.json").read_text(encoding="utf-8"))
    card["columns"] = ["complaint", "support", "question", "purchase_intent"]
    (tmp_path / "intents.json").write_text(json.dumps(card), encoding="utf-8")
    (tmp_path / "intents.npz").write_bytes((folder / "intents.npz").read_bytes())
    with pytest.raises(ValueError, match="other features or intents"):
        IntentReader.load(tmp_path)


def test_the_runtime_gives_the_probabilities_the_trainer_pinned(reader: IntentReader) -> None:
    pins = reader.card["pins"]
    texts = [p["text"] for p in pins]
    got = reader.probabilities(texts, list(compounds(texts)))
    for pin, row in zip(pins, got, strict=True):
        assert list(row) == pytest.approx([pin[k] for k in INTENT_COLUMNS], abs=1e-5)


@pytest.mark.slow
def test_the_reader_adds_a_complaint_the_cues_miss_with_its_words(folder: Path) -> None:
    without = EngagementEngine([], default_templates_dir(), intents_dir=None)
    assert without.run([comment(UNCUED)], NOW)[0].analysis.intents == ("other",)

    engine = EngagementEngine([], default_templates_dir(), intents_dir=folder)
    analysis = engine.run([comment(UNCUED)], NOW)[0].analysis
    assert "complaint" in analysis.intents and "other" not in analysis.intents
    said = [e.cue for e in analysis.evidence if e.label == "complaint"]
    assert len(said) == 1 and said[0].startswith("reads as complaint (")
    # The phrases behind it are words of the comment itself.
    assert "dumps" in said[0] or "title screen" in said[0], said


@pytest.mark.slow
def test_an_intent_the_cues_found_keeps_the_cues_evidence(folder: Path) -> None:
    engine = EngagementEngine([], default_templates_dir(), intents_dir=folder)
    text = "Do you ship to Cork on Sundays?"
    analysis = engine.run([comment(text)], NOW)[0].analysis
    assert "question" in analysis.intents
    asked = [e.cue for e in analysis.evidence if e.label == "question"]
    assert asked == ["question mark"]


@pytest.mark.slow
def test_the_recipe_carries_the_intent_reader_to_a_worker(folder: Path) -> None:
    engine = EngagementEngine([], default_templates_dir(), intents_dir=folder)
    rebuilt = pickle.loads(pickle.dumps(engine.recipe)).build()
    assert "complaint" in rebuilt.run([comment(UNCUED)], NOW)[0].analysis.intents


def _read(**probabilities: float) -> IntentRead:
    return IntentRead(tuple(probabilities.get(k, 0.0) for k in INTENT_COLUMNS), {})


def test_praise_the_reader_doubts_is_dropped() -> None:
    cues = IntentResult(("praise",), (Evidence("praise", '"thanks"'),))
    joined = combine(cues, _read(praise=0.05), THRESHOLDS)
    assert joined.intents == ("other",)
    assert Evidence("not praise", "reads as praise at 0.05 only") in joined.evidence


@pytest.mark.parametrize("praise", [0.6, 0.0])
def test_a_complaint_the_reader_finds_beside_praise_makes_the_comment_mixed(
    praise: float,
) -> None:
    cues = IntentResult(("praise",), (Evidence("praise", '"super nice"'),))
    joined = combine(cues, _read(complaint=0.9, praise=praise), THRESHOLDS)
    assert joined.intents == ("complaint",)
    assert joined.mixed and joined.issue == "experience"
    assert any(e.label == "mixed" for e in joined.evidence)


def test_spam_stays_spam() -> None:
    cues = IntentResult(("spam",), (Evidence("spam", "link"),))
    assert combine(cues, _read(complaint=0.99, support=0.99), THRESHOLDS) is cues


@pytest.mark.slow
def test_a_workspace_names_the_intent_reader_the_engine_uses(folder: Path, tmp_path: Path) -> None:
    from bot.config.errors import ConfigError
    from bot.config.loading import load_workspace
    from bot.engine_setup import engagement_engine

    brand = "brands:\n  - id: acme\n    name: Acme\n"
    plain = tmp_path / "plain.yaml"
    plain.write_text(brand)
    assert engagement_engine(load_workspace(plain)).run([comment(UNCUED)], NOW)[
        0
    ].analysis.intents == ("other",)

    named = tmp_path / "named.yaml"
    named.write_text(brand + f"intent_reader: {folder}\n")
    analysis = engagement_engine(load_workspace(named)).run([comment(UNCUED)], NOW)[0].analysis
    assert "complaint" in analysis.intents

    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(brand + "intent_reader: nowhere\n")
    with pytest.raises(ConfigError, match=r"intent_reader.*holds no intent reader"):
        load_workspace(wrong)
