"""A question about a product's own facts (its weight, its size, its fit) and which product."""

from __future__ import annotations

import re

from bot.smo.lexicon import alternatives, filled, pattern_list
from bot.text.whole_words import whole_words

__all__ = ["asks_product_fact", "names_no_product"]

# What is no product, what a thing is asked about as, a size or a colour, and the questions
# themselves (phrases/product_words.yaml).
_NOT_A_PRODUCT = alternatives(pattern_list("product_words.yaml", "not_a_product")) + r"(?:e?s)?"
_PRONOUNS = pattern_list("product_words.yaml", "pronouns")
# What a thing is asked about: "it", "this", "the sofa", "your blue kettle", "these".
_THING = (
    r"(?P<thing>"
    + "|".join(_PRONOUNS)
    + "|"
    + alternatives(pattern_list("product_words.yaml", "determiners"))
    + r" (?!(?:\w+ ){0,3}?"
    + _NOT_A_PRODUCT
    + r"\b)(?:\w+ ){0,3}?\w+)"
)
_SPEC = alternatives(pattern_list("product_words.yaml", "spec"))
_PRONOUN = re.compile(alternatives(_PRONOUNS))
_FACTS = tuple(
    re.compile(whole_words(pattern))
    for pattern in filled("product_words.yaml", "facts", thing=_THING, spec=_SPEC)
)


def _fact(text: str) -> re.Match[str] | None:
    lowered = text.replace("\u2019", "'").lower()
    return next((m for m in (p.search(lowered) for p in _FACTS) if m is not None), None)


def asks_product_fact(text: str) -> bool:
    """Whether ``text`` asks a fact about a product itself (how heavy it is, whether it fits
    in a car): the answer is on the product's details, not in the customer's account."""
    return _fact(text) is not None


_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def names_no_product(text: str) -> bool:
    """Whether a product-fact question in ``text`` speaks of its product only as "it" or
    "this", with no link and no name: a reply asks which product it is."""
    match = _fact(text)
    if match is None or _LINK.search(text) is not None:
        return False
    thing = match.group("thing") if "thing" in match.re.groupindex else None
    return thing is None or _PRONOUN.fullmatch(thing) is not None
