"""Language of a comment with py3langid, restricted to the languages marketing teams meet.

Why py3langid: it is maintained (0.4.0, 2026), ships its naive-Bayes model inside the wheel
(works offline, 4.5 MB), needs only numpy, and classifies ~65,000 short comments a second on
one core of this machine; lingua-language-detector was as accurate on our sample but ran at
~23,000/s with a 96 MB wheel, and langdetect is an order of magnitude slower and random
unless seeded. Short comments give any detector too little to go on, so below
``MIN_LETTERS`` letters, or under ``MIN_CONFIDENCE``, the language is unknown (None).
"""

from __future__ import annotations

import functools
import lzma
import math
import re
import shutil
import sys
import tempfile
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier, visit_counts

from bot.smo.lexicon import CUE_LANGUAGES
from bot.smo.memo import by_text

__all__ = [
    "CANDIDATES",
    "COVERED",
    "MARKED_CONFIDENCE",
    "MARKED_WORDS",
    "MIN_CONFIDENCE",
    "MIN_LETTERS",
    "UNSURE",
    "LanguageDetector",
    "LanguageGuess",
    "writes_language",
]

# Restricting the candidates stops short Latin-script text landing on rare languages.
CANDIDATES: tuple[str, ...] = (
    "en", "de", "es", "fr", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs", "ro",
    "hu", "tr", "el", "ru", "uk", "ar", "he", "hi", "id", "ms", "vi", "th", "ja", "ko", "zh",
)  # fmt: skip
MIN_LETTERS = 10
MIN_CONFIDENCE = 0.85
# A short Spanish or German comment often leaves the detector unsure among its neighbours
# (Portuguese, Italian; Dutch): a guess of that language at least this sure stands when the
# text writes a letter or mark of it that English does not, and at least ``MARKED_WORDS``
# distinct everyday words of it. The mark alone never decides: English comments name
# people and food with them ("Toño loves it", "Piña colada", "El Niño", "Weißbier").
MARKED_CONFIDENCE = 0.5
MARKED_WORDS = 2
_MARKS: dict[str, re.Pattern[str]] = {
    "es": re.compile("[¿¡ñÑáéíóúÁÉÍÓÚ]"),
    "de": re.compile("[ßẞäöüÄÖÜ]"),
}
# Spanish marks inside a Capitalised word are a name's ("Señora Peña"): not counted.
# German writes every noun Capitalised, so there they count.
_NAMES = {"es": re.compile(r"\b[A-ZÁÉÍÓÚÑ]\w*")}
# Words English does not write too ("no", "me", "die", "in", "so", "will" are left out).
_WORDS: dict[str, re.Pattern[str]] = {
    "es": re.compile(
        r"(?i:\b(?:que|qué|el|la|los|las|por|para|muy|pero|mi|mis|es|está|están|estoy|con"
        r"|una|un|del|lo|le|nos|su|sus|ya|sin|todo|todos|nunca|siempre|también|porque"
        r"|cuando|donde|dónde|gracias|hay|hace|tengo|llevo)\b)"
    ),
    "de": re.compile(
        r"(?i:\b(?:und|nicht|ist|ich|das|mit|noch|auf|seit|auch|ein|eine|einen|der|den|dem"
        r"|mein|meine|dein|ihr|wir|sie|es|schon|wieder|sehr|kein|keine|aber|für|nach|zum"
        r"|zur|bei|wie|oder|doch|nur|immer|bitte|danke)\b)"
    ),
}
# The code of a comment whose language is unsure and not English: an unsure guess of another
# language stands as "und" (undetermined) when the comment's words read as that language's
# rather than English, more of them than read as English ("Echt slecht dit", "Super service,
# bedankt!"), or as many, one of them clearly so. Read as English, such a comment would get
# English cues, an English reading and an English reply; a person reads it instead.
UNSURE = "und"
# A word's log-odds of English against the guessed language (py3langid's scores of the word
# alone): at most ``FOREIGN_WORD`` it reads as the other language's ("slecht", "bedankt"), at
# most ``CLEARLY_FOREIGN`` clearly so, and at least ``ENGLISH_WORD`` as English ("service",
# "nice", words other languages borrow); one word at least ``CLEARLY_ENGLISH`` ("is", "it",
# "please", "flavour") keeps the comment English, whatever names it writes; a Capitalised word
# counts as the other language's only at most ``FOREIGN_NAME``.
FOREIGN_WORD = -5.0
CLEARLY_FOREIGN = -8.0
ENGLISH_WORD = 2.0
CLEARLY_ENGLISH = 6.0
FOREIGN_NAME = -12.0
_WORD = re.compile(r"[^\W\d_]{2,}")
# Languages the readers and replies cover: when a comment's words that are not English read
# likeliest as one of them, an unsure guess stays unknown and the brand's own language applies
# ("talla equivocada" for a brand that writes Spanish); only words of a language no reader
# covers ("bedankt", "slecht") make the comment ``UNSURE``.
COVERED: frozenset[str] = CUE_LANGUAGES
# Words that never count as another language's: stretched letters ("omgggg", "yesss"),
# laughter ("hahaha", "jajaja") and English chat words that py3langid scores as foreign.
_STRETCHED = re.compile(r"(\w)\1{2,}")
_LAUGHTER = re.compile(r"(?:ha|ah|he|ja|je|ji|hi|lo)+[hl]?")
_ENGLISH_CHAT: frozenset[str] = frozenset({
    "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "my",
    "your", "ur", "u", "is", "it", "this", "that", "dis", "pls", "plz", "thx", "thanks", "omg",
    "lol", "lmao", "fav", "tbh", "idk", "btw", "rn",
})  # fmt: skip
# Fewer texts than this are guessed one by one: walking texts together costs a few numpy
# calls per byte position, which only many texts share out.
_TOGETHER_FROM = 64
# How many of a batch's longest texts are walked one by one (see ``_visits``).
_WALKED_ALONE = 16


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """An ISO 639-1 code (None when unknown), the detector's probability and why."""

    code: str | None
    confidence: float
    reason: str


class LanguageDetector:
    """One py3langid identifier, loaded once (about 0.7 s) and reused for every comment, and
    guesses remembered by text."""

    def __init__(self, candidates: tuple[str, ...] = CANDIDATES) -> None:
        self._identifier = _restricted_identifier(candidates)
        identifier = self._identifier
        # The identifier's byte automaton as arrays, to walk many texts a byte at a time.
        self._next = np.frombuffer(identifier.tk_nextmove, dtype=np.uint32)
        self._rows = np.asarray(identifier.tk_row, dtype=np.int64) << 8
        self._output = np.asarray(identifier.tk_output, dtype=np.int64)
        self._remembered = by_text(self._guess)
        self._batch: dict[str, LanguageGuess] = {}

    def detect(self, text: str) -> LanguageGuess:
        """Guess the language of ``text`` (URLs, mentions and emojis already removed)."""
        guess = self._batch.get(text)
        return guess if guess is not None else self._remembered(text)

    def prepare(self, texts: Sequence[str]) -> None:
        """Guess the languages of ``texts`` together, for ``detect`` to answer from until the
        next call: the same guesses as one by one, the identifier's work done for all texts
        at once (its per-byte walk in Python is most of the time a guess takes)."""
        self._batch = {}
        wanted = [t for t in dict.fromkeys(texts) if sum(map(str.isalpha, t)) >= MIN_LETTERS]
        if len(wanted) < _TOGETHER_FROM:
            return  # a few texts: the walk for all at once costs more than one by one
        for text, (code, confidence) in zip(wanted, self._classify_many(wanted), strict=True):
            self._batch[text] = self._guess_from(code, confidence, text)

    def _classify_many(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """``classify`` of the identifier (``norm_probs``) for each text, the same figures."""
        identifier = self._identifier
        encoded = [identifier._encode(text) for text in texts]
        scores = np.zeros((len(texts), len(identifier.nb_classes)), dtype=np.float32)
        # ``_sparse_score`` of each text: the log counts and the model's rows for all texts
        # at once, then one product per text (summed as the identifier sums them).
        visits = self._visits(encoded)
        features = np.fromiter(chain.from_iterable(visits), dtype=np.intp)
        counts = np.fromiter(
            chain.from_iterable(v.values() for v in visits), dtype=np.float32, count=len(features)
        )
        weights = np.log1p(counts)
        rows = identifier.nb_ptc[features]
        end = 0
        for row, found in enumerate(visits):
            if found:
                start, end = end, end + len(found)
                scores[row] = weights[start:end] @ rows[start:end] + identifier.nb_pc
        # As ``_decide`` does for one text, row by row.
        scale = np.array([1.0 / math.sqrt(len(e) or 1) for e in encoded], dtype=np.float32)
        scores *= scale[:, None]
        np.exp(scores - scores.max(axis=1, keepdims=True), out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        for i, j in identifier._alias_pairs:
            scores[:, i] += scores[:, j]
            scores[:, j] = 0.0
        best = scores.argmax(axis=1)
        classes = identifier.nb_classes
        return [(classes[int(i)], float(scores[row, i])) for row, i in enumerate(best.tolist())]

    def _visits(self, encoded: Sequence[bytes]) -> list[Counter[int]]:
        """``visit_counts`` of each encoded text: the automaton walked over all texts at once,
        one byte position at a time (the longest first, so those still going are a prefix).
        The ``_WALKED_ALONE`` longest texts are walked one by one (unless as short as the
        next): each step past the others' ends would cost a few numpy calls for a few texts."""
        identifier = self._identifier
        found: list[Counter[int]] = [Counter()] * len(encoded)
        by_length = sorted(range(len(encoded)), key=lambda i: -len(encoded[i]))
        cap = len(encoded[by_length[_WALKED_ALONE]]) if len(encoded) > _WALKED_ALONE else -1
        order = [i for i in by_length if len(encoded[i]) <= cap]
        for i in by_length[: len(by_length) - len(order)]:
            visits = visit_counts(
                identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, encoded[i]
            )
            found[i] = visits or Counter()
        if not order:
            return found
        lengths = np.array([len(encoded[i]) for i in order], dtype=np.int64)
        flat = np.frombuffer(b"".join(encoded[i] for i in order), dtype=np.uint8)
        starts = np.zeros(len(order), dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        features = np.empty(len(flat), dtype=np.int64)
        state = np.zeros(len(order), dtype=np.int64)
        # How many texts are longer than each position: the prefix still walking there.
        positions = np.arange(int(lengths[0]))
        going = len(order) - np.searchsorted(lengths[::-1], positions, "right")
        for position, count in enumerate(going.tolist()):
            at = starts[:count] + position
            walked = self._next[self._rows[state[:count]] + flat[at]]
            state[:count] = walked
            features[at] = self._output[walked]
        # Each text's features in the order they were met, cut from one list of them all.
        kept = features >= 0
        counted = np.zeros(len(kept) + 1, dtype=np.int64)
        np.cumsum(kept, out=counted[1:])
        ends = counted[starts + lengths].tolist()
        met = features[kept].tolist()
        begin = 0
        for i, end in zip(order, ends, strict=True):
            found[i] = Counter(met[begin:end])
            begin = end
        return found

    def _guess(self, text: str) -> LanguageGuess:
        letters = sum(map(str.isalpha, text))
        if letters < MIN_LETTERS:
            return LanguageGuess(None, 0.0, f"too short to tell ({letters} letters)")
        code, probability = self._identifier.classify(text)
        return self._guess_from(code, float(probability), text)

    def _guess_from(self, code: str, confidence: float, text: str) -> LanguageGuess:
        guess = _guess_from(code, confidence, text)
        if guess.code is not None or code == "en":
            return guess
        foreign = self._foreign_words(code, text)
        if foreign and self._likeliest(self._unenglish_words(code, text)) not in COVERED:
            shown = ", ".join(foreign)
            return LanguageGuess(
                UNSURE, confidence, f"unsure ({code} at {confidence:.2f}), not English: {shown}"
            )
        return guess

    def _likeliest(self, words: Sequence[str]) -> str:
        """The language py3langid finds likeliest for ``words`` alone."""
        identifier = self._identifier
        scores = identifier._raw_score(identifier._encode(f" {' '.join(words)} "))
        return str(identifier.nb_classes[int(np.argmax(scores))])

    def _unenglish_words(self, code: str, text: str) -> list[str]:
        """The words of ``text`` that do not read as English against language ``code``."""
        return [w for w, o in self._word_odds(code, text) if o < ENGLISH_WORD]

    def _word_odds(self, code: str, text: str) -> list[tuple[str, float]]:
        """``_word_odds`` without stretched letters or laughter, English chat words English."""
        return [
            (w, ENGLISH_WORD if w in _ENGLISH_CHAT else o)
            for w, o in _word_odds(self._identifier, code, text)
            if not (_STRETCHED.search(w) or _LAUGHTER.fullmatch(w))
        ]

    def _foreign_words(self, code: str, text: str) -> list[str]:
        """The words of ``text`` that read as language ``code``'s rather than English, when
        they outweigh those that read as English (see ``UNSURE``), else none."""
        odds = self._word_odds(code, text)
        names = {w.lower() for w in _WORD.findall(text) if w[0].isupper()}
        if any(o >= CLEARLY_ENGLISH for _, o in odds):
            return []  # "Piña colada flavour plz", "El Niño is coming": English naming things
        # A Capitalised word may be a name ("Nuñez"), which reads foreign in any language: it
        # counts only as far from English as few names are ("Slechte", "Helemaal").
        foreign = [(w, o) for w, o in odds if o <= (FOREIGN_NAME if w in names else FOREIGN_WORD)]
        english_words = sum(1 for _, o in odds if o >= ENGLISH_WORD)
        if len(foreign) > english_words or (
            foreign
            and len(foreign) == english_words
            and min(o for _, o in foreign) <= CLEARLY_FOREIGN
        ):
            return [w for w, _ in foreign]
        return []


def _word_odds(identifier: Any, code: str, text: str) -> list[tuple[str, float]]:
    """Each word of ``text`` (lowercased, once) with its log-odds of English against language
    ``code``, from py3langid's scores of the word alone."""
    classes = list(identifier.nb_classes)
    english, other = classes.index("en"), classes.index(code)
    odds: list[tuple[str, float]] = []
    for word in dict.fromkeys(w.lower() for w in _WORD.findall(text)):
        scores = identifier._raw_score(identifier._encode(f" {word} "))
        odds.append((word, float(scores[english] - scores[other])))
    return odds


@functools.lru_cache(maxsize=1024)
def writes_language(code: str, text: str) -> bool:
    """Whether a word of ``text`` reads as language ``code``'s rather than English ("funciona"
    in "No funciona"; none in "no" or "no thanks", which English writes too)."""
    if code == "en" or code not in CANDIDATES:
        return code == "en"
    odds = _word_odds(_restricted_identifier(CANDIDATES), code, text)
    return any(o <= FOREIGN_WORD for _, o in odds)


@functools.lru_cache(maxsize=4)
def _restricted_identifier(candidates: tuple[str, ...]) -> Any:
    """py3langid's identifier over its model restricted to ``candidates``, loaded once per
    process and shared by every detector (classifying reads it and never changes it): what
    ``LanguageIdentifier.from_model_file`` then ``set_languages`` give, the same arrays,
    read so that less of the model is held at once (the worker's peak memory).

    The whole 142-language matrix (28 MB) is cut to the candidates' columns before the byte
    automaton (39 MB) is read, and the automaton goes into its array in pieces rather than
    through a numpy copy of the same size.
    """
    path = Path(MODEL_FILE)
    if not path.is_absolute():
        path = MODEL_DIR / path
    # As py3langid's loader: the model unpacked to a temporary file, never whole in memory.
    with tempfile.TemporaryFile(suffix=".npz") as unpacked:
        with lzma.open(path) as packed:
            shutil.copyfileobj(packed, unpacked, length=1 << 20)
        unpacked.seek(0)
        with np.load(unpacked, allow_pickle=False) as data:
            missing = {"nextmove_row", "out_feat"}.difference(data.files)
            if missing:
                raise ValueError(f"{path}: unsupported model layout, missing {sorted(missing)}")
            classes: list[str] = data["classes"].tolist()
            unknown = set(candidates) - set(classes)
            if unknown:
                raise ValueError(f"Unknown language code(s): {unknown}")
            wanted = set(candidates)
            indices = [i for i, code in enumerate(classes) if code in wanted]
            ptc = np.asarray(data["ptc"])[:, indices]
            pc = np.asarray(data["pc"])[indices]
            row = _as_array(data["nextmove_row"])
            output = data["out_feat"].tolist()
            nextmove = _member_as_array(data, "nextmove")
    return LanguageIdentifier(
        ptc,
        pc,
        [classes[i] for i in indices],
        nextmove,
        output,
        norm_probs=True,
        tk_row=row,
    )


# py3langid's own choice of array type by item size.
_TYPECODES = {2: "H", 4: "I", 8: "L"}
_PIECE = 1 << 20


def _as_array(values: Any) -> array[int]:
    """A numpy array of unsigned integers as the stdlib array py3langid makes of it."""
    out = array(_TYPECODES[values.dtype.itemsize])
    out.frombytes(np.ascontiguousarray(values).data.cast("B"))
    return out


def _member_as_array(data: Any, name: str) -> array[int]:
    """``_as_array(data[name])``, read from the archive a piece at a time."""
    with data.zip.open(f"{name}.npy") as member:
        version = np.lib.format.read_magic(member)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(member)
        else:
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(member)
        foreign = ">" if sys.byteorder == "little" else "<"
        if dtype.kind != "u" or dtype.byteorder == foreign or (fortran and len(shape) > 1):
            return _as_array(data[name])
        out = array(_TYPECODES[dtype.itemsize])
        left = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
        while left:
            piece = member.read(min(left, _PIECE))
            if not piece:
                raise ValueError(f"{name} in the language model is cut short")
            out.frombytes(piece)
            left -= len(piece)
        return out


def _guess_from(code: str, confidence: float, text: str) -> LanguageGuess:
    if confidence < MIN_CONFIDENCE:
        seen = _signs(code, text)
        if seen and confidence >= MARKED_CONFIDENCE:
            shown = ", ".join(seen)
            return LanguageGuess(str(code), confidence, f"py3langid {confidence:.2f}, with {shown}")
        return LanguageGuess(None, confidence, f"unsure ({code} at {confidence:.2f})")
    return LanguageGuess(str(code), confidence, f"py3langid {confidence:.2f}")


def _signs(code: str, text: str) -> list[str]:
    """The marks and everyday words of language ``code`` that ``text`` writes, when they
    are enough to stand by an unsure guess of it (a mark and ``MARKED_WORDS`` words), else
    none."""
    marks, words = _MARKS.get(code), _WORDS.get(code)
    if marks is None or words is None:
        return []
    names = _NAMES.get(code)
    unnamed = names.sub(" ", text) if names is not None else text
    seen_marks = sorted(set(marks.findall(unnamed)))
    seen_words = sorted({word.lower() for word in words.findall(text)})
    if not seen_marks or len(seen_words) < MARKED_WORDS:
        return []
    return seen_marks + seen_words
