"""The phrase banks load from their YAML files, and a malformed entry names its file and key."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from bot.smo import lexicon
from bot.smo.lexicon import CueSpec, LexiconError

FOLDER = Path(lexicon.__file__).parent / lexicon.PHRASES


@pytest.fixture
def phrases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A phrase folder of the test's own, read instead of the package's."""
    monkeypatch.setattr(lexicon, "_ROOT", tmp_path)
    lexicon._file.cache_clear()
    yield tmp_path
    lexicon._file.cache_clear()


def test_the_banks_come_from_the_package_folder() -> None:
    assert resources.files("bot.smo").joinpath(lexicon.PHRASES, "complaint.yaml").is_file()
    assert CueSpec("still waiting", "delay", negatable=False) in lexicon.COMPLAINT
    assert CueSpec("follow me", "follower bait", weight=3) in lexicon.SPAM_PHRASES
    assert "what's" in lexicon.QUESTION_OPENERS and "cómo" in lexicon.QUESTION_OPENERS
    assert {"no", "nicht", "nunca"} <= lexicon.NEGATORS
    assert lexicon.EMOJI_VALENCE["🔥"] == 2.6
    assert "outage" in lexicon.NEEDS_ACTION


def test_the_remarks_and_stop_words_come_from_the_package_folder() -> None:
    package = resources.files("bot.smo").joinpath(lexicon.PHRASES)
    assert package.joinpath("remarks.yaml").is_file()
    assert package.joinpath("stopwords.yaml").is_file()
    # "no", "on" and "off" are quoted in the file: unquoted, YAML would read them as booleans.
    assert {"the", "no", "on", "off", "please"} <= lexicon.ENGLISH_STOP_WORDS
    assert not {"does", "did", "refund"} & lexicon.ENGLISH_STOP_WORDS
    assert "st[öo]rung" in lexicon.pattern_list("remarks.yaml", "outage_abroad")
    assert lexicon.word_list("remarks.yaml", "outage_words")[:2] == ("down", "else")


def test_importing_the_lexicon_reads_a_file_only_when_a_lexicon_is_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A module that needs only the stop words does not pay for every phrase bank."""
    spec = importlib.util.spec_from_file_location("bot.smo.lexicon_fresh", lexicon.__file__)
    assert spec is not None and spec.loader is not None
    fresh = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, fresh)
    spec.loader.exec_module(fresh)
    assert fresh._file.cache_info().currsize == 0
    assert fresh.ENGLISH_STOP_WORDS == lexicon.ENGLISH_STOP_WORDS
    assert fresh._file.cache_info().currsize == 1
    # Built once, then a plain attribute of the module.
    assert vars(fresh)["ENGLISH_STOP_WORDS"] is fresh.ENGLISH_STOP_WORDS
    assert fresh.THANKS_FOR_NOTHING == lexicon.THANKS_FOR_NOTHING
    assert "ENGLISH_STOP_WORDS" in dir(fresh)
    with pytest.raises(AttributeError, match="no attribute 'STOP_WORDS'"):
        _ = fresh.STOP_WORDS


def test_every_file_in_the_folder_is_read() -> None:
    """A bank file nobody loads would be edited in vain."""
    read = _loaded()
    on_disk = {p.name for p in FOLDER.glob("*.yaml")}
    assert on_disk == read


def _loaded() -> set[str]:
    """The bank files the comment engine's modules name."""
    sources = Path(lexicon.__file__).parent.rglob("*.py")
    return {name for p in sources for name in re.findall(r'"(\w+\.yaml)"', p.read_text("utf-8"))}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "complaint:\n  - tag: delay\n    patterns: ['still waiting', '(?:late']\n",
            "bot/smo/phrases/complaint.yaml: complaint[0].patterns[1]: bad pattern '(?:late'",
        ),
        (
            "complaint:\n  - patterns: ['late']\n  - tag: delay\n    patterns: [12]\n",
            "bot/smo/phrases/complaint.yaml: complaint[1].patterns[0]: expected a pattern, got 12",
        ),
        (
            "complaint:\n  - tag: delay\n    negatible: false\n    patterns: ['late']\n",
            "bot/smo/phrases/complaint.yaml: complaint[0]: unknown key 'negatible'",
        ),
        (
            "complaint:\n  - negatable: nope\n    patterns: ['late']\n",
            "bot/smo/phrases/complaint.yaml: complaint[0].negatable: expected true or false",
        ),
        (
            "complaint:\n  - weight: 0\n    patterns: ['late']\n",
            "bot/smo/phrases/complaint.yaml: complaint[0].weight: expected a whole number",
        ),
        (
            "complaint:\n  - tag: delay\n",
            "bot/smo/phrases/complaint.yaml: complaint[0]: missing 'patterns'",
        ),
        ("praise: []\n", "bot/smo/phrases/complaint.yaml: missing 'complaint'"),
        ("complaint: [\n", "bot/smo/phrases/complaint.yaml: not valid YAML"),
    ],
)
def test_a_malformed_cue_names_its_file_and_key(phrases: Path, text: str, message: str) -> None:
    (phrases / "complaint.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=re.escape(message)):
        lexicon._bank("complaint.yaml", "complaint")


def test_a_bare_no_in_a_word_list_is_refused(phrases: Path) -> None:
    """YAML reads an unquoted no as false: the loader says so rather than drop the word."""
    (phrases / "words.yaml").write_text("negators:\n  en: [not, no]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=re.escape("negators.en[1]: expected a word, got False")):
        lexicon.word_list("words.yaml", "negators")


def test_an_emoji_valence_out_of_range_is_refused(phrases: Path) -> None:
    (phrases / "emoji.yaml").write_text('valence:\n  "🔥": 9\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="expected a number from -4 to 4, got 9"):
        lexicon._valence("emoji.yaml", "valence")


def test_an_emoji_valence_of_nan_is_refused(phrases: Path) -> None:
    (phrases / "emoji.yaml").write_text('valence:\n  "🔥": .nan\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="expected a number from -4 to 4, got nan"):
        lexicon._valence("emoji.yaml", "valence")


def test_a_missing_file_is_named(phrases: Path) -> None:
    with pytest.raises(
        LexiconError, match=re.escape("bot/smo/phrases/sarcasm.yaml: cannot be read")
    ):
        lexicon._bank("sarcasm.yaml", "sarcasm")


def test_named_pattern_lists_keep_their_order_and_name_a_bad_entry(phrases: Path) -> None:
    (phrases / "safety.yaml").write_text(
        "topics:\n  self-harm: ['suicid\\w*']\n  threat: ['bomb', '(?:kill']\n", encoding="utf-8"
    )
    with pytest.raises(LexiconError, match=re.escape("safety.yaml: topics.threat[1]: bad pattern")):
        lexicon.pattern_groups("safety.yaml", "topics")
    (phrases / "safety.yaml").write_text(
        "topics:\n  threat: ['bomb']\n  self-harm: ['suicid\\w*']\n", encoding="utf-8"
    )
    lexicon._file.cache_clear()
    assert lexicon.pattern_groups("safety.yaml", "topics") == (
        ("threat", ("bomb",)),
        ("self-harm", ("suicid\\w*",)),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("topics:\n  threat: []\n", "topics.threat: expected at least one pattern"),
        ("topics: ['bomb']\n", "topics: expected names, each with its patterns"),
    ],
)
def test_an_empty_or_unnamed_pattern_list_is_refused(
    phrases: Path, text: str, message: str
) -> None:
    (phrases / "safety.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=re.escape(message)):
        lexicon.pattern_groups("safety.yaml", "topics")


def test_an_empty_list_of_patterns_is_refused(phrases: Path) -> None:
    (phrases / "escalation.yaml").write_text("churn: []\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=re.escape("churn: expected at least one pattern")):
        lexicon.pattern_list("escalation.yaml", "churn")


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ("'{vist} no-show'", r"words\.yaml: missed\[1\]: no fragment named 'vist'"),
        ("'{Visit} no-show'", r"words\.yaml: missed\[1\]: malformed fragment"),
        ("'{ visit } no-show'", r"words\.yaml: missed\[1\]: malformed fragment"),
        ("'{visit2} no-show'", r"words\.yaml: missed\[1\]: malformed fragment"),
        ("'\\{visit} no-show'", r"words\.yaml: missed\[1\]: malformed fragment"),
    ],
)
def test_a_fragment_wrongly_named_is_refused_with_its_file_and_entry(
    phrases: Path, entry: str, error: str
) -> None:
    (phrases / "words.yaml").write_text(
        f"missed:\n  - '{{visit}} (?:\\w+ ){{0,2}}?late'\n  - {entry}\n", encoding="utf-8"
    )
    with pytest.raises(LexiconError, match=error):
        lexicon.filled("words.yaml", "missed", visit="(?:engineers?|fitters?)")


def test_a_fragment_that_breaks_its_pattern_is_refused_with_its_entry(phrases: Path) -> None:
    (phrases / "words.yaml").write_text("missed:\n  - '{visit} late'\n", "utf-8")
    with pytest.raises(LexiconError, match=r"words\.yaml: missed\[0\]: bad pattern once filled"):
        lexicon.filled("words.yaml", "missed", visit="*")


def test_a_fragment_and_a_repeat_count_are_filled_apart(phrases: Path) -> None:
    (phrases / "words.yaml").write_text("missed:\n  - '{visit} (?:\\w+ ){0,2}?late'\n", "utf-8")
    assert lexicon.filled("words.yaml", "missed", visit="(?:fitters?)") == (
        "(?:fitters?) (?:\\w+ ){0,2}?late",
    )
