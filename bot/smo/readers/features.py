"""Hashed word and character n-grams of comment texts: the one feature function of the readers.

The training scripts (``training/``) and the runtime readers both call ``featurize``, so what a
model was fitted on and what it reads cannot drift apart. A whole batch is hashed in a few
vectorised numpy passes: the texts are joined into one array of code points, a prefix sum of
``code point × M⁻ᵏ`` (mod 2⁶⁴) gives the polynomial hash of any span in O(1), and every word
1–2-gram and character 2–5-gram becomes a bucket in ``2**bits``. Each occurrence weighs
``1 / sqrt(n)`` for a text with ``n`` n-grams, so long and short texts score alike.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["BITS", "CHAR_SIZES", "Features", "featurize", "normalise", "word_spans"]

BITS = 18
CHAR_SIZES: tuple[int, ...] = (2, 3, 4, 5)

_M = 0x9E3779B97F4A7C15  # odd, so it has an inverse modulo 2**64
_M_INVERSE = pow(_M, -1, 2**64)
_MIX = np.uint64(0xBF58476D1CE4E5B9)
_PAIR = np.uint64(0x94D049BB133111EB)
# One salt per kind of n-gram, so "ab" as a word and "ab" as characters land apart.
_WORD_SALT = np.uint64(0x2545F4914F6CDD1D)
_BIGRAM_SALT = np.uint64(0x9FB21C651E98DF25)
_CHAR_SALT = {n: np.uint64(0xD6E8FEB86659FD93 * n % 2**64) for n in CHAR_SIZES}
_SEPARATOR = "\x00"
_URL = re.compile(r"(?:https?://|www\.)[^\s\x00]+")
_MENTION = re.compile(r"@\w+")
# Runs of white space, or one white-space character other than a space (a lone space stays).
_SPACE = re.compile(r"[ \t\n\r\f\v]{2,}|[\t\n\r\f\v]")
_U64 = npt.NDArray[np.uint64]
# Code points below this are looked up in a table of word characters; the rest (emojis,
# rare scripts) count as word characters only when ``str.isalnum`` says so, case by case.
_TABLE_SIZE = 0x3400


def normalise(text: str) -> str:
    """The text as the readers see it: lower case, links as ``http``, mentions as ``@user``,
    runs of white space as one space."""
    text = text.lower()
    if "http" in text or "www." in text:
        text = _URL.sub(" http ", text)
    if "@" in text:
        text = _MENTION.sub("@user", text)
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _SPACE.sub(" ", text)
    return text


@functools.lru_cache(maxsize=1)
def _word_table() -> npt.NDArray[np.bool_]:
    return np.array([chr(c).isalnum() or c == 0x5F for c in range(_TABLE_SIZE)], dtype=bool)


def _word_chars(codes: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Which code points are letters, digits or ``_`` (what ``\\w`` matches)."""
    small = codes < _TABLE_SIZE
    inside = np.zeros(len(codes), dtype=bool)
    inside[small] = _word_table()[codes[small]]
    rest = np.flatnonzero(~small)
    if len(rest):
        inside[rest] = [chr(c).isalnum() for c in codes[rest].tolist()]
    return inside


@dataclass(frozen=True, slots=True)
class Features:
    """One row per n-gram occurrence: its text and bucket (``2**bits`` for the few character
    spans that cross from one text into the next: a bucket of weight 0), and per text the
    weight of each of its n-grams. With ``positions``, where each n-gram sits in ``joined``
    (the normalised texts, text ``i`` from ``starts[i]``)."""

    count: int
    bits: int
    doc: npt.NDArray[np.int64]
    bucket: npt.NDArray[np.int64]
    weight: npt.NDArray[np.float64]
    joined: str
    starts: npt.NDArray[np.int64]
    begin: npt.NDArray[np.int64] | None = None
    end: npt.NDArray[np.int64] | None = None

    def entries(
        self,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """Rows, columns and values of the sparse matrix of these texts (for training)."""
        real = self.bucket < (1 << self.bits)
        rows = self.doc[real]
        return rows, self.bucket[real], self.weight[rows]


def word_spans(joined: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Where each word (a run of word characters) of ``joined`` begins and ends."""
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(
        np.int64
    )
    return _runs(_word_chars(points))


def _runs(word: npt.NDArray[np.bool_]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    edges = np.diff(np.concatenate(([False], word, [False])).astype(np.int8))
    return (
        np.flatnonzero(edges == 1).astype(np.int64),
        np.flatnonzero(edges == -1).astype(np.int64),
    )


@functools.lru_cache(maxsize=4)
def _powers(size: int) -> tuple[_U64, _U64]:
    """M**k and M**-k (mod 2**64) for k < size."""
    ups = np.full(size, _M, dtype=np.uint64)
    downs = np.full(size, _M_INVERSE, dtype=np.uint64)
    ups[0] = downs[0] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(ups, dtype=np.uint64), np.cumprod(downs, dtype=np.uint64)


def _size_for(length: int) -> int:
    """Powers are built in sizes of 2**k so the cache serves many batch lengths."""
    return 1 << max(12, (length + 1).bit_length())


def _finish(keys: _U64, salt: np.uint64, bits: int) -> npt.NDArray[np.int64]:
    with np.errstate(over="ignore"):
        keys = keys ^ salt
        keys = keys ^ (keys >> np.uint64(31))
        keys = keys * _MIX
        keys = keys ^ (keys >> np.uint64(29))
    return (keys >> np.uint64(64 - bits)).astype(np.int64)


def featurize(texts: Sequence[str], bits: int = BITS, *, positions: bool = False) -> Features:
    """The hashed n-grams of every text in ``texts``."""
    # Normalised all at once: one pass of each expression over the joined texts.
    joined = normalise(_SEPARATOR.join(t.replace(_SEPARATOR, " ") for t in texts))
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(
        np.int64
    )
    size = len(points)
    gaps = points == 0
    doc_of = np.cumsum(gaps)  # the text of each position (a separator opens the next)
    starts = np.concatenate(([0], np.flatnonzero(gaps) + 1)).astype(np.int64)
    codes = points.astype(np.uint64)

    docs: list[npt.NDArray[np.int64]] = []
    buckets: list[npt.NDArray[np.int64]] = []
    valid: list[npt.NDArray[np.bool_]] = []
    begins: list[npt.NDArray[np.int64]] = []
    ends: list[npt.NDArray[np.int64]] = []
    # Character n-grams by rolling hash: h_n[i] = h_{n-1}[i] * M + c[i + n - 1].
    rolling = codes
    broken = gaps
    for n in range(1, max(CHAR_SIZES) + 1):
        if n > 1:
            with np.errstate(over="ignore"):
                rolling = rolling[:-1] * np.uint64(_M) + codes[n - 1 :]
            broken = broken[:-1] | gaps[n - 1 :]
        if n not in CHAR_SIZES or not len(rolling):
            continue
        docs.append(doc_of[: len(rolling)])
        buckets.append(_finish(rolling, _CHAR_SALT[n], bits))
        valid.append(~broken)
        if positions:
            begins.append(np.arange(len(rolling), dtype=np.int64))
            ends.append(begins[-1] + n)

    # Words: runs of word characters, hashed by prefix sums of c[k] * M**-k.
    word = _word_chars(points)
    if word.any():
        word_begin, word_end = _runs(word)
        ups, downs = _powers(_size_for(size))
        prefix = np.zeros(size + 1, dtype=np.uint64)
        with np.errstate(over="ignore"):
            np.cumsum(codes * downs[:size], out=prefix[1:])
            word_keys = ups[word_end - 1] * (prefix[word_end] - prefix[word_begin])
        word_doc = doc_of[word_begin]
        pair = word_doc[1:] == word_doc[:-1]
        with np.errstate(over="ignore"):
            pair_keys = word_keys[:-1] * _PAIR + word_keys[1:]
        docs += [word_doc, word_doc[:-1]]
        buckets += [_finish(word_keys, _WORD_SALT, bits), _finish(pair_keys, _BIGRAM_SALT, bits)]
        valid += [np.ones(len(word_doc), dtype=bool), pair]
        if positions:
            begins += [word_begin, word_begin[:-1]]
            ends += [word_end, word_end[1:]]

    null = np.int64(1 << bits)
    if docs:
        doc = np.concatenate(docs)
        bucket = np.concatenate(buckets)
        bucket[~np.concatenate(valid)] = null
    else:
        doc = bucket = np.zeros(0, dtype=np.int64)
    per_doc = np.bincount(doc[bucket != null], minlength=len(texts))
    return Features(
        count=len(texts),
        bits=bits,
        doc=doc,
        bucket=bucket,
        weight=1.0 / np.sqrt(np.maximum(per_doc, 1)),
        joined=joined,
        starts=starts,
        begin=np.concatenate(begins) if positions and begins else None,
        end=np.concatenate(ends) if positions and ends else None,
    )
