"""A question about a product's own facts (its weight, its size, its fit) and which product."""

from __future__ import annotations

import re

from bot.text.whole_words import whole_words

__all__ = ["asks_product_fact", "names_no_product"]

# What is no product, wherever it stands in the words asked about: a wait, a bill or an order
# ("how big is the queue?"), people ("how tall is your CEO"), an event or a prize ("how big is
# the giveaway?"), a shop or an account ("lift the ban on my account").
_NOT_A_PRODUCT = (
    r"(?:queue|wait|line|delay|discount|bill|fee|charge|price|sale|order|refund|deal|difference"
    r"|team|staff|crew|ceo|boss|founder|owner|manager|employee|people|guy|driver|person"
    r"|event|prize|giveaway|contest|competition|raffle|party|festival|concert|show|crowd"
    r"|turnout|audience|following|store|shop|branch|warehouse|office|company|business|brand"
    r"|ban|account|profile|limit)(?:e?s)?"
)
# What a thing is asked about: "it", "this", "the sofa", "your blue kettle", "these".
_THING = (
    r"(?P<thing>it|this|that|these|those|they|one|(?:the|your|this|that|a|an) (?!(?:\w+ ){0,3}?"
    + _NOT_A_PRODUCT
    + r"\b)(?:\w+ ){0,3}?\w+)"
)
# A size, a colour or a material: "does it come in blue?", "will it hold 15 kg?". Without one,
# "will they hold a sale?" or "does this come in stores?" asks no product fact.
_SPEC = (
    r"(?:\d\w*|sizes?|colou?rs?|black|white|red|blue|green|grey|gray|pink|navy|brown|beige"
    r"|cream|yellow|orange|purple|silver|gold|small|medium|large|xs|xl|xxl|petite|plus|tall"
    r"|king|queen|double|single|cotton|linen|leather|wool|oak|walnut|wood|metal|steel"
    r"|plastic|glass|velvet|inch(?:es)?|kg|kilos?|litres?|liters?|lbs?|pounds)"
)
_PRONOUN = re.compile(r"(?:it|this|that|these|those|they|one)")
_FACTS = tuple(
    re.compile(whole_words(pattern))
    for pattern in (
        # "How heavy is it?", "how big is the box?", "how much does it weigh?".
        # "How long" and "how high" are left out (a wait, a bill); "was" tells of an event.
        r"how (?:heavy|big|tall|wide|deep|large|small|thick) (?:is|are) " + _THING,
        r"how (?:heavy|big|tall|wide|deep|large|small|thick) " + _THING + r" (?:is|are)",
        r"how much (?:does|do|will) " + _THING + r" weigh",
        r"(?:what|what'?s|what is|what are) (?:the )?(?:weight|dimensions|measurements|size"
        r"|capacity|wattage|material|fabric)s? (?:of|on|for) " + _THING,
        # "Will it fit in a car?", "does this fold flat?", "do they come with batteries?".
        r"(?:does|do|will|would|can|could) " + _THING + r" (?:fit (?:in|into|through|on|under)"
        r"|fold(?: up| flat| down)?|come with|(?:come in|hold) (?:\w+ ){0,2}?" + _SPEC + r"|weigh"
        r"|work with|need batteries"
        r"|(?:go|fit) in (?:a|my|the) (?:car|boot|trunk|lift|van))",
        # "Do you need a car or can I carry it home?".
        r"(?:need|take) a (?:car|van) (?:for|to (?:get|take|carry|bring)) " + _THING,
        r"can (?:i|you|one|someone) (?:carry|lift) " + _THING,
        r"is " + _THING + r" (?:waterproof|water[- ]resistant|machine washable|dishwasher safe"
        r"|cordless|rechargeable|battery[- ]powered|adjustable|foldable|flat[- ]?pack(?:ed)?"
        r"|assembled|heavy|light|compatible with)",
    )
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
