"""The batch feature hashing against a plain per-text reading of its definition."""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter

import numpy as np
import pytest

from bot.smo.readers.features import BITS, CHAR_SIZES, featurize, normalise
from bot.smo.readers.model import COLUMNS, MODELS_DIR, Readers

_MASK = (1 << 64) - 1
_M = 0x9E3779B97F4A7C15
_MIX = 0xBF58476D1CE4E5B9
_PAIR = 0x94D049BB133111EB
_WORD_SALT = 0x2545F4914F6CDD1D
_BIGRAM_SALT = 0x9FB21C651E98DF25


def _char_salt(n: int) -> int:
    return 0xD6E8FEB86659FD93 * n % 2**64


def _finish(key: int, salt: int, bits: int) -> int:
    key ^= salt
    key ^= key >> 31
    key = key * _MIX & _MASK
    key ^= key >> 29
    return key >> (64 - bits)


def _poly(codes: list[int]) -> int:
    key = 0
    for code in codes:
        key = (key * _M + code) & _MASK
    return key


def reference(text: str, bits: int = BITS) -> tuple[Counter[int], float]:
    """Each n-gram of one text, one at a time, as the module docstring defines them: the
    buckets it falls in (with how often) and the weight of each occurrence."""
    plain = normalise(text.replace("\x00", " "))
    codes = [ord(c) for c in plain]
    found: Counter[int] = Counter()
    for n in CHAR_SIZES:
        for i in range(len(codes) - n + 1):
            found[_finish(_poly(codes[i : i + n]), _char_salt(n), bits)] += 1
    words: list[int] = []
    run: list[int] = []
    for char, code in [*zip(plain, codes, strict=True), (" ", 32)]:
        if char.isalnum() or char == "_":
            run.append(code)
        elif run:
            words.append(_poly(run))
            run = []
    for word in words:
        found[_finish(word, _WORD_SALT, bits)] += 1
    for first, second in itertools.pairwise(words):
        found[_finish((first * _PAIR + second) & _MASK, _BIGRAM_SALT, bits)] += 1
    return found, 1.0 / math.sqrt(max(sum(found.values()), 1))


TEXTS = [
    "",
    " ",
    "a",
    "ok",
    "First!!  Love it 😍😍",
    "Where is my order #48213? @Alpenglow_Help still waiting…",
    "Visit HTTPS://Example.com/x?y=1  NOW www.spam.example/buy @Bob",
    "ünïcödé café — naïve façade",
    "ΟΔΟΣ ΣΟΦΟΚΛΕΟΥΣ",  # a final sigma lower-cases by its place in the word
    "这个帐篷很好用，下雨也不漏水",
    "الخيمة ممتازة 👍",
    "İstanbul'a kargo ne zaman?",  # İ lower-cases to two code points
    "broken zip \ud83d again",
    "\udc00",
    "tabs\tand\nnew\r\nlines \f\v end",
    "nul\x00inside the text",
    "snake_case and 123 numbers 4.5",
    "🏔️🎒 #hiking #trail_boots",
    "x" * 600,
]


def _random_texts(count: int) -> list[str]:
    rng = random.Random(11)
    pieces = [
        *" \t\n",
        "ab",
        "Zz",
        "é",
        "ß",
        "_",
        "9",
        "😍",
        "中",
        "ا",
        "\ud800",
        "@",
        "#",
        "http://q",
    ]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(count)]


@pytest.mark.parametrize("bits", [BITS, 10])
def test_the_batch_hashes_each_text_as_the_plain_definition_does(bits: int) -> None:
    texts = TEXTS + _random_texts(300)
    batch = featurize(texts, bits)
    real = batch.bucket < (1 << bits)
    for i, text in enumerate(texts):
        buckets, weight = reference(text, bits)
        mine = real & (batch.doc == i)
        assert Counter(batch.bucket[mine].tolist()) == buckets, repr(text)
        assert batch.weight[i] == weight, repr(text)


def test_the_readers_sum_the_weights_of_those_buckets() -> None:
    readers = Readers.load()
    texts = TEXTS + _random_texts(50)
    # VADER's four scores, made up: each dense weight must meet its own input.
    vader = [((i * 37 % 21 - 10) / 10, i % 5 / 5, i % 3 / 4, i % 7 / 7) for i in range(len(texts))]
    with np.load(MODELS_DIR / "readers.npz") as saved:
        weights = saved["weights"].astype(np.float32).astype(np.float64)
        intercept = saved["intercept"].astype(np.float64)
        dense = saved["dense"].astype(np.float64)
    got = readers.logits(texts, vader)
    for i, text in enumerate(texts):
        buckets, weight = reference(text, readers.bits)
        row = sum((weights[b] * n for b, n in buckets.items()), np.zeros(len(COLUMNS)))
        want = row * weight + dense @ np.array(vader[i][: dense.shape[1]]) + intercept
        assert got[i] == pytest.approx(want, rel=1e-9, abs=1e-9), repr(text)
