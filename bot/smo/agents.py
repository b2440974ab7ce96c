"""Whether a comment is the brand's own: written from one of its handles or signed by its agent."""

from __future__ import annotations

import functools
import re

__all__ = ["agent_signature", "is_brands_own"]

# How support agents sign a reply from a brand account: "^JM", "*JohnWard", "/KC", "- Sean",
# "~ Ellen", "-AB", optionally followed by a part counter ("1/2") or a link. A customer rarely
# signs a tweet, but may ("- Sam"), so a signature only counts from an account that is plainly
# the brand's (see ``is_brands_own``).
_SIGNATURE = re.compile(
    r"(?P<sig>\^\s?[A-Za-z]{1,12}|\*\s?[A-Z][A-Za-z]{1,20}"
    r"|(?:(?<!\S)|(?<=[.!?,)]))(?:/[A-Z]{2,3}|[-~–]\s?[A-Z][A-Za-z]{0,15}))"
    r"(?:\s+\d/\d)?\s*(?:https?://\S+\s*)*$"
)
# Only the end of a text can hold a signature; no need to search the rest.
_TAIL = 60
_SEPARATORS = re.compile(r"[\s_.\-]+")
# Shorter handles or ids name too many other accounts to count as the brand's.
_MIN_STEM = 3
# Words brands put around their name for a support account ("AcmeHelp", "Ask_Acme").
_SUPPORT_ACCOUNT = re.compile(r"help|support|care|ask|service|team|official|uk$|us$")


def agent_signature(text: str) -> str | None:
    """The agent's signature ending ``text`` ("^JM"), or None."""
    tail = text[-_TAIL:].rstrip()
    if not tail or not any(c in tail for c in "^*/-~–"):
        return None
    match = _SIGNATURE.search(tail)
    return match.group("sig") if match else None


def is_brands_own(author: str, text: str, handles: frozenset[str], brand_id: str) -> bool:
    """True when ``author`` is one of the brand's ``handles`` (or its id, where the feed names
    the brand by its handle), or a brand account ("AcmeHelp" for handle "acme") whose comment
    an agent signed: the brand's reply, not a customer to queue."""
    who = author.lstrip("@").lower()
    if who in handles or who == brand_id.lower():
        return True
    flat = _SEPARATORS.sub("", who)
    if not any(stem in flat for stem in _stems(handles, brand_id)):
        return False
    signature = agent_signature(text)
    if signature is None:
        return False
    # "^JM", "*Name" and "/KC" are agents' marks; "- Sam" is also how a fan signs, so it
    # counts only from an account named as the brand's support ("AcmeHelp", "AskAcme").
    return signature[0] in "^*/" or _SUPPORT_ACCOUNT.search(flat) is not None


@functools.lru_cache(maxsize=1024)
def _stems(handles: frozenset[str], brand_id: str) -> tuple[str, ...]:
    """The brand's handles and id without separators, long enough to name it."""
    flat = {_SEPARATORS.sub("", h.lower()) for h in (*handles, brand_id)}
    return tuple(s for s in flat if len(s) >= _MIN_STEM)
