"""The phrase banks and cue lexicons (English, German, Spanish), read from files on first use."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml

__all__ = [
    "ABUSE_STRONG",
    "ABUSE_WEAK",
    "ADDRESSEE",
    "COMPLAINT",
    "CONTRAST",
    "COURTESY",
    "CUE_LANGUAGES",
    "DIRECTED",
    "EMOJI_VALENCE",
    "ENGLISH_STOP_WORDS",
    "GREETINGS",
    "HELP_REQUESTS",
    "NEEDS_ACTION",
    "NEGATORS",
    "PAID_NOT_GIVEN",
    "PRAISE",
    "PURCHASE",
    "QUESTION_OPENERS",
    "QUESTION_PHRASES",
    "REPORTED_SPEECH",
    "SARCASM",
    "SARCASM_PRAISE",
    "SERVICE_COMPLAINT",
    "SPAM_PHRASES",
    "SUPPORT",
    "THANKS_FOR_NOTHING",
    "CueSpec",
    "LexiconError",
    "alternatives",
    "filled",
    "pattern_groups",
    "pattern_list",
    "word_list",
]

# The phrase banks themselves are package data, one YAML file per concern (see its README.md).
PHRASES = "phrases"

# The languages these lexicons cover; comments in others get no intent from the text.
CUE_LANGUAGES: frozenset[str] = frozenset({"en", "de", "es"})


@dataclass(frozen=True, slots=True)
class CueSpec:
    """A regex fragment matched case-insensitively between word boundaries.

    ``tag`` names the complaint issue or support topic the cue points at; a cue that carries
    its own negation ("doesn't work") is not ``negatable``.
    """

    pattern: str
    tag: str = ""
    negatable: bool = True
    weight: int = 1


class LexiconError(ValueError):
    """A phrase bank entry that cannot be used, named by its file and key."""


_GROUP_KEYS = frozenset({"tag", "negatable", "weight", "patterns"})


# Where the files are read from: the installed package's own folder.
_ROOT: Traversable = resources.files("bot.smo").joinpath(PHRASES)


@cache
def _file(name: str) -> dict[str, Any]:
    source = _ROOT.joinpath(name)
    try:
        loaded = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as error:
        raise LexiconError(f"{_where(name)}: cannot be read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise LexiconError(f"{_where(name)}: not valid YAML: {error}") from None
    if not isinstance(loaded, dict):
        raise LexiconError(f"{_where(name)}: expected a mapping of phrase banks")
    return loaded


def _where(name: str, key: str = "") -> str:
    where = f"bot/smo/{PHRASES}/{name}"
    return f"{where}: {key}" if key else where


def _section(name: str, key: str) -> Any:
    loaded = _file(name)
    if key not in loaded:
        raise LexiconError(f"{_where(name)}: missing {key!r}")
    return loaded[key]


def _pattern(name: str, key: str, entry: object) -> str:
    if not isinstance(entry, str) or not entry:
        raise LexiconError(f"{_where(name, key)}: expected a pattern, got {entry!r}")
    try:
        re.compile(entry)
    except re.error as error:
        raise LexiconError(f"{_where(name, key)}: bad pattern {entry!r}: {error}") from None
    return entry


def _patterns(name: str, key: str, entries: object) -> Iterator[str]:
    if not isinstance(entries, list):
        raise LexiconError(f"{_where(name, key)}: expected a list of patterns")
    for i, entry in enumerate(entries):
        yield _pattern(name, f"{key}[{i}]", entry)


def _bank(name: str, key: str) -> tuple[CueSpec, ...]:
    """The cues of one bank: a list of groups, each with its patterns and what they mean."""
    groups = _section(name, key)
    if not isinstance(groups, list):
        raise LexiconError(f"{_where(name, key)}: expected a list of cue groups")
    cues: list[CueSpec] = []
    for i, group in enumerate(groups):
        at = f"{key}[{i}]"
        if not isinstance(group, dict):
            raise LexiconError(f"{_where(name, at)}: expected a mapping with 'patterns'")
        unknown = sorted(set(group) - _GROUP_KEYS)
        if unknown:
            raise LexiconError(
                f"{_where(name, at)}: unknown key {unknown[0]!r} "
                f"(expected {', '.join(sorted(_GROUP_KEYS))})"
            )
        tag, negatable, weight = (
            group.get("tag", ""),
            group.get("negatable", True),
            group.get("weight", 1),
        )
        if not isinstance(tag, str):
            raise LexiconError(f"{_where(name, at)}.tag: expected text, got {tag!r}")
        if not isinstance(negatable, bool):
            raise LexiconError(f"{_where(name, at)}.negatable: expected true or false")
        if isinstance(weight, bool) or not isinstance(weight, int) or weight < 1:
            raise LexiconError(f"{_where(name, at)}.weight: expected a whole number of 1 or more")
        if "patterns" not in group:
            raise LexiconError(f"{_where(name, at)}: missing 'patterns'")
        for pattern in _patterns(name, f"{at}.patterns", group["patterns"]):
            cues.append(CueSpec(pattern, tag, negatable, weight))
    return tuple(cues)


def word_list(name: str, key: str) -> tuple[str, ...]:
    """A word list, either flat or by language (``en: [...]``), in file order."""
    section = _section(name, key)
    if isinstance(section, dict):
        lists = [(f"{key}.{lang}", words) for lang, words in section.items()]
    else:
        lists = [(key, section)]
    found: list[str] = []
    for at, words in lists:
        if not isinstance(words, list):
            raise LexiconError(f"{_where(name, at)}: expected a list of words")
        for i, word in enumerate(words):
            if not isinstance(word, str) or not word:
                # YAML reads a bare no, yes, on or off as true/false: quote such words.
                raise LexiconError(
                    f"{_where(name, f'{at}[{i}]')}: expected a word, got {word!r} "
                    "(quote words like 'no' and 'on')"
                )
            found.append(word)
    return tuple(found)


def _valence(name: str, key: str) -> dict[str, float]:
    section = _section(name, key)
    if not isinstance(section, dict):
        raise LexiconError(f"{_where(name, key)}: expected a mapping of emoji to valence")
    valence: dict[str, float] = {}
    for emoji, value in section.items():
        # "not <= 4" also refuses .nan, which every comparison answers False.
        if isinstance(value, bool) or not isinstance(value, int | float) or not abs(value) <= 4:
            raise LexiconError(
                f"{_where(name, f'{key}[{emoji!r}]')}: expected a number from -4 to 4, "
                f"got {value!r}"
            )
        valence[str(emoji)] = float(value)
    return valence


def _some_patterns(name: str, key: str, entries: object) -> tuple[str, ...]:
    patterns = tuple(_patterns(name, key, entries))
    if not patterns:
        # Joined into one alternative, an empty list would match every text.
        raise LexiconError(f"{_where(name, key)}: expected at least one pattern")
    return patterns


def pattern_list(name: str, key: str) -> tuple[str, ...]:
    """A flat list of patterns, in file order."""
    return _some_patterns(name, key, _section(name, key))


def alternatives(patterns: Sequence[str]) -> str:
    """One pattern for any of ``patterns``, to build into a larger one, always in a group (a
    lone pattern holding a ``|`` of its own stays whole beside what surrounds it)."""
    if not patterns:
        raise LexiconError("no patterns to join")
    return "(?:" + "|".join(patterns) + ")"


# What stands in braces in a pattern: a repeat count ("{0,2}", "{3}", "{,4}") or the name of a
# fragment ("{visit}"), letters and underscores in lower case.
_BRACES = re.compile(r"(\\)?\{([^{}]*)\}")
_REPEAT = re.compile(r"\d+(?:,\d*)?|,\d+")
_NAME = re.compile(r"[a-z_]+")


def filled(name: str, key: str, **fragments: str) -> tuple[str, ...]:
    """The patterns of ``key`` in the phrase file ``name``, each ``{name}`` in them replaced by
    the fragment of that name, so a pattern can build on a word list ("{visit} no-show"). The
    reader module names and builds the fragments it fills; a fragment is not filled in turn.
    A fragment unknown or malformed ("{Visit}", "{ visit }"), an escaped brace around a name
    or a filled pattern that does not compile is refused, naming the file, key and entry."""
    result = []
    for i, pattern in enumerate(pattern_list(name, key)):
        where = _where(name, f"{key}[{i}]")

        def fragment(match: re.Match[str], where: str = where) -> str:
            escaped, inside = match.group(1), match.group(2)
            if _REPEAT.fullmatch(inside):
                return match.group(0)
            if escaped or not _NAME.fullmatch(inside):
                raise LexiconError(f"{where}: malformed fragment {match.group(0)!r}")
            if inside not in fragments:
                raise LexiconError(f"{where}: no fragment named {inside!r}")
            return fragments[inside]

        done = _BRACES.sub(fragment, pattern)
        try:
            re.compile(done)
        except re.error as error:
            raise LexiconError(f"{where}: bad pattern once filled {done!r}: {error}") from None
        result.append(done)
    return tuple(result)


def pattern_groups(name: str, key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Named lists of patterns (``name: [...]``), in file order."""
    section = _section(name, key)
    if not isinstance(section, dict):
        raise LexiconError(f"{_where(name, key)}: expected names, each with its patterns")
    return tuple(
        (str(group), _some_patterns(name, f"{key}.{group}", entries))
        for group, entries in section.items()
    )


def _service_cues(key: str, tag: str) -> tuple[CueSpec, ...]:
    return tuple(CueSpec(p, tag, negatable=False) for p in pattern_list("service.yaml", key))


def _thanks_for_nothing() -> str:
    return "|".join(pattern_list("sarcasm.yaml", "thanks_for_nothing"))


def _paid_not_given() -> str:
    return "|".join(pattern_list("service.yaml", "paid_not_given"))


_THANKS_WORDS = ("thanks", "thank you", "thank u", "thx", "thanx", "thks", "ty", "cheers", "ta")


def _not_for_nothing(cues: tuple[CueSpec, ...]) -> tuple[CueSpec, ...]:
    """``cues`` with those a word of thanks matches kept off "thanks for nothing"."""
    return tuple(
        replace(cue, pattern=rf"(?!(?:{_thanks_for_nothing()})(?![\w-]))(?:{cue.pattern})")
        if any(re.fullmatch(cue.pattern, word, re.IGNORECASE) for word in _THANKS_WORDS)
        else cue
        for cue in cues
    )


# The lexicons below are read from their files on first use, not on import: a module that
# needs only the stop words (or nothing but CueSpec) does not pay for every phrase bank. The
# annotations are their types; `__getattr__` builds each once, from `_BUILDERS`.

# Words that flip the cue that follows within the same clause (three tokens back).
NEGATORS: frozenset[str]
# A second-person pronoun (not a possessive) before a mild insult makes it a personal attack.
DIRECTED: frozenset[str]
# Second-person possessives and reflexives ("your staff"): with DIRECTED, a comment that speaks to
# someone.
ADDRESSEE: frozenset[str]
# Words that make an insult reported speech rather than an attack ("they called me an idiot").
REPORTED_SPEECH: frozenset[str]
# English function words that say little about what a text is about (FAQ matching, learned
# FAQ candidates, hashtag suggestions, profile keywords).
ENGLISH_STOP_WORDS: frozenset[str]

# "Thanks for nothing", "thx for nada", "cheers for sweet FA": one pattern, read as sarcasm,
# never as praise, and no close of the matter under our reply (bot/smo/thread.py).
THANKS_FOR_NOTHING: str

COMPLAINT: tuple[CueSpec, ...]
PRAISE: tuple[CueSpec, ...]
# Tagged "buy": a wish to buy in so many words, the only lead a comment with a problem holds.
PURCHASE: tuple[CueSpec, ...]
SUPPORT: tuple[CueSpec, ...]
SPAM_PHRASES: tuple[CueSpec, ...]
ABUSE_STRONG: tuple[CueSpec, ...]
# Mild insults: an attack only when aimed at someone ("you're pathetic"), not at a thing.
ABUSE_WEAK: tuple[CueSpec, ...]
SARCASM: tuple[CueSpec, ...]
# Praise words that turn sarcastic when the same comment also complains ("love waiting 3 weeks").
SARCASM_PRAISE: tuple[CueSpec, ...]

# Emojis VADER reads by their names ("fire" is negative there); our own valence replaces them.
EMOJI_VALENCE: dict[str, float]

# Service-failure, churn and no-answer wording of telco, software, games, travel, food and
# retail customers; each carries its own negation ("won't load"), so none is negatable.
# An extra paid for and not given ("the window seat I paid extra for"): one pattern, read as
# a failure to act on, and no close of the matter beside a thanks (bot/smo/thread.py).
PAID_NOT_GIVEN: str
SERVICE_COMPLAINT: tuple[CueSpec, ...]
# Complaint issues that make the comment a support case: someone has to act on it.
NEEDS_ACTION: frozenset[str]
# Explicit requests for someone to act ("please look into this", "DM sent", "#help").
HELP_REQUESTS: tuple[CueSpec, ...]
# Asking without a question mark ("any tips on getting a refund", "let me know").
QUESTION_PHRASES: tuple[CueSpec, ...]
# Interrogative openers, read after any leading @mentions and greetings.
QUESTION_OPENERS: tuple[str, ...]
# Words a comment may open with before its question ("hi @brand, how do I ...").
GREETINGS: tuple[str, ...]
# Words after which a negative clause turns a positive one into a mixed comment.
CONTRAST: tuple[str, ...]
# Praise words that are politeness in a comment that also complains, asks or needs help.
COURTESY: tuple[str, ...]

_BUILDERS: dict[str, Callable[[], object]] = {
    "NEGATORS": lambda: frozenset(word_list("words.yaml", "negators")),
    "DIRECTED": lambda: frozenset(word_list("words.yaml", "directed")),
    "ADDRESSEE": lambda: frozenset(word_list("words.yaml", "addressee")),
    "REPORTED_SPEECH": lambda: frozenset(word_list("words.yaml", "reported_speech")),
    "ENGLISH_STOP_WORDS": lambda: frozenset(word_list("stopwords.yaml", "english")),
    "THANKS_FOR_NOTHING": _thanks_for_nothing,
    "COMPLAINT": lambda: _bank("complaint.yaml", "complaint"),
    "PRAISE": lambda: _not_for_nothing(_bank("praise.yaml", "praise")),
    "PURCHASE": lambda: _bank("purchase.yaml", "purchase"),
    "SUPPORT": lambda: _bank("support.yaml", "support"),
    "SPAM_PHRASES": lambda: _bank("spam.yaml", "spam"),
    "ABUSE_STRONG": lambda: _bank("abuse.yaml", "strong"),
    "ABUSE_WEAK": lambda: _bank("abuse.yaml", "weak"),
    "SARCASM": lambda: (
        *_bank("sarcasm.yaml", "sarcasm"),
        CueSpec(_thanks_for_nothing(), negatable=False),
    ),
    "SARCASM_PRAISE": lambda: _bank("sarcasm.yaml", "sarcasm_praise"),
    "EMOJI_VALENCE": lambda: _valence("emoji.yaml", "valence"),
    "PAID_NOT_GIVEN": _paid_not_given,
    "SERVICE_COMPLAINT": lambda: (
        *(
            CueSpec(pattern, issue, negatable=False)
            for issue, patterns in pattern_groups("service.yaml", "complaint")
            # German and Spanish churn: escalation.yaml's list, read there too.
            for pattern in (
                (*patterns, *pattern_list("escalation.yaml", "churn_de_es"))
                if issue == "churn"
                else patterns
            )
        ),
        CueSpec(_paid_not_given(), "failure", negatable=False),
    ),
    "NEEDS_ACTION": lambda: frozenset(word_list("service.yaml", "needs_action")),
    "HELP_REQUESTS": lambda: _service_cues("help", "help"),
    "QUESTION_PHRASES": lambda: _service_cues("questions", "question"),
    "QUESTION_OPENERS": lambda: (
        *word_list("words.yaml", "question_openers"),
        *word_list("service.yaml", "question_openers"),
    ),
    "GREETINGS": lambda: pattern_list("service.yaml", "greetings"),
    "CONTRAST": lambda: word_list("service.yaml", "contrast"),
    "COURTESY": lambda: word_list("service.yaml", "courtesy"),
}


@cache
def _built(name: str) -> object:
    return _BUILDERS[name]()


def __getattr__(name: str) -> object:
    """A lexicon, read from its file the first time any module asks for it."""
    if name not in _BUILDERS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = _built(name)
    # Kept as a module attribute too: every later `lexicon.NAME` is a plain lookup (the
    # readers ask for some of these once per word).
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_BUILDERS})
