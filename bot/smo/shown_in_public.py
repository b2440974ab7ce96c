"""Personal details a customer posts for everyone to see: a bank's reply asks them not to.

Only the customer's own details count: one introduced as theirs ("my email is…", "reach me
on…"), given in answer to our ask, or bare. The bank's own number or address ("called your
branch on…", "is … really your number?", an address on the bank's domain) is none; someone
else's ("email her at…") is left to the reviewer, with no word of it in the reply."""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Shown", "shown_in_public"]


class Shown(NamedTuple):
    """The kinds of detail a comment shows ("card number", "account number", "phone number",
    "email address"): ``own``, the customer's, which the reply asks them not to share;
    ``unsure``, whose they are unclear, for the reviewer alone."""

    own: tuple[str, ...]
    unsure: tuple[str, ...]


# A case, claim or order number is the matter's reference, no personal detail ("my case ID is
# PP-006-234-348-863"): left out before phone and account numbers are looked for.
_A_REFERENCE = re.compile(
    r"(?<!\w)(?:case|claim|dispute|transaction|order|booking|ticket|tracking|confirmation"
    r"|ref(?:erence)?)(?: id| no\.?| number| #)?(?: is)?[\s:#-]*[A-Z]{0,4}-?\d[\d -]*",
    re.IGNORECASE,
)
# A date is no number of anyone's ("declined on 2026-11-02", "on 02/11/2026").
_DATE = re.compile(r"(?<![\w/.-])(?:\d{4}-\d\d-\d\d|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})(?![\w/-])")
# A card number masked in an export of public posts.
_MASKED_CARD = re.compile(r"(?<!\w)__credit_card__(?!\w)")
_CARD = re.compile(r"(?<![\w@#/.+-])\d(?:[ -]?\d){12,18}(?![\w/])")
_CARD_SAID = re.compile(r"(?i)card(?: (?:no\.?|number|#))?(?: is)?[\s:#-]*$")
_IBAN = re.compile(r"(?<!\w)[A-Z]{2}\d\d(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?!\w)")
_EMAIL = re.compile(
    r"(?<![\w.])[\w.+-]+@[\w-]+\.[\w.]{2,}|(?<!\w)__email__(?!\w)|[\[<]e-?mail[\]>]", re.I
)
_PHONE = re.compile(r"(?<![\w@#/.])\+?\(?\d(?:[ ().-]{0,2}\d){7,14}(?![\w/])")
_NOT_PHONE = re.compile(
    r"(?i)(?:order|booking|ref\w*|tracking|confirmation|account|acct|card|member(?:ship)?"
    r"|policy|sort code)(?: (?:no\.?|number|#))?(?: is)?\W*$"
)
_ACCOUNT = re.compile(r"(?<![\w@#/.])\d(?:[ -]?\d){5,}(?![\w/])")
_ACCOUNT_SAID = re.compile(
    r"(?i)(?:my|account|acct|card|member(?:ship)?|policy) (?:no\.?|number|#)(?: is)?\W*(\d{4,})"
)
# A support address of the bank's kind ("complaints@…", "help@…").
_DESK_MAIL = re.compile(
    r"(?i)^(?:complaints?|support|help|info|service|customer\w*|care|enquiries|contact|hello"
    r"|no-?reply|fraud|security|feedback)@"
)
# What comes just before a detail: the customer's own ("my email is", "reach me on"), the
# bank's ("called your branch on", "emailed"), someone else's ("email her at").
_OWN = re.compile(r"(?i)(?<!\w)(?:my|me|mine|i'm|i am)(?!\w)(?:\W+[\w']+){0,3}\W*$")
_BANKS = re.compile(
    r"(?i)(?<!\w)(?:your|yours|the bank's|branch|helpline|hotline|office|called|call|calling"
    r"|rang|ring|phoned|dialled|dialed|emailed|e-mailed|wrote|writing|from|got a \w+)(?!\w)"
    r"(?:\W+[\w']+){0,3}\W*$"
)
_OTHERS = re.compile(
    r"(?i)(?<!\w)(?:her|him|them|his|their|hers|theirs|she|he|they|someone|somebody)(?!\w)"
    r"(?:\W+[\w']+){0,2}\W*$"
)
# Just after it: "is 0800 … really your number?".
_BANKS_AFTER = re.compile(
    r"(?i)^\W*(?:is |are )?(?:really |actually |definitely )?(?:your|yours)\b"
)
# Our reply asked for a detail of theirs: what they give is their own.
_ASKED = re.compile(
    r"(?i)(?<!\w)(?:e-?mail|phone|number|mobile|contact|details|zip|account|name)(?!\w)"
)


def _luhn(digits: str) -> bool:
    """Whether ``digits`` pass the check every card number passes."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _iban(text: str) -> bool:
    """Whether ``text`` is an IBAN whose check digits hold."""
    plain = text.replace(" ", "")
    moved = plain[4:] + plain[:4]
    return 15 <= len(plain) <= 34 and int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def _whose(text: str, start: int, end: int, domains: tuple[str, ...]) -> str:
    """ "own", "bank" or "other": whose the detail at ``text[start:end]`` is."""
    before = re.split(r"[.!?;]\s", text[max(0, start - 48) : start])[-1]
    detail = text[start:end].lower()
    if "@" in detail and (
        _DESK_MAIL.search(detail) or any(d in detail.split("@")[-1] for d in domains)
    ):
        return "bank"
    if _BANKS_AFTER.search(text[end : end + 30]):
        return "bank"
    if _OWN.search(before):
        return "own"
    if _OTHERS.search(before):
        return "other"
    if _BANKS.search(before):
        return "bank"
    return "own"  # bare, or given to our ask


def shown_in_public(text: str, asked: str = "", brand: tuple[str, ...] = ()) -> Shown:
    """The personal details ``text`` shows everyone, by kind (a reply may name the kind, never
    the detail itself); ``asked``: our reply it answers, where it is one; ``brand``: the bank's
    names and handles, whose addresses are the bank's own."""
    plain = _DATE.sub(" ", _A_REFERENCE.sub(" ", text))
    domains = tuple(n for n in {re.sub(r"[^a-z0-9]", "", b.lower()) for b in brand} if len(n) >= 4)
    answers = bool(asked) and _ASKED.search(asked) is not None
    found: list[tuple[str, str]] = []

    def take(kind: str, match: re.Match[str], group: int = 0) -> None:
        nonlocal plain
        start, end = match.span(group)
        whose = _whose(plain, start, end, domains)
        if answers and whose == "other":
            whose = "own"
        found.append((kind, whose))
        plain = plain[:start] + " " * (end - start) + plain[end:]

    if _MASKED_CARD.search(text):
        found.append(("card number", "own"))
    for match in list(_CARD.finditer(plain)):
        digits = re.sub(r"\D", "", match.group(0))
        if _luhn(digits) or _CARD_SAID.search(plain[max(0, match.start() - 24) : match.start()]):
            take("card number", match)
    for match in list(_IBAN.finditer(plain)):
        if _iban(match.group(0)):
            take("account number", match)
    for match in list(_EMAIL.finditer(plain)):
        take("email address", match)
    for match in list(_PHONE.finditer(plain)):
        count = sum(ch.isdigit() for ch in match.group(0))
        if count >= 9 and not _NOT_PHONE.search(plain[max(0, match.start() - 24) : match.start()]):
            take("phone number", match)
    for match in list(_ACCOUNT.finditer(plain)):
        take("account number", match)
    if not any(kind == "account number" for kind, _ in found):
        said = _ACCOUNT_SAID.search(plain)
        if said is not None:
            take("account number", said, 1)
    order = ("card number", "account number", "phone number", "email address")
    own = {kind for kind, whose in found if whose == "own"}
    unsure = {kind for kind, whose in found if whose == "other"} - own
    return Shown(
        tuple(k for k in order if k in own),
        tuple(k for k in order if k in unsure),
    )
