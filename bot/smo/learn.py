"""Proposals learned from a brand's past replies: voice, openers, sign-offs and FAQ candidates.

Pure: comment → reply pairs in, workspace YAML out, for a person to read and accept; nothing
here changes a configuration. ``socialpulse learn replies FILE`` reads the pairs (JSON Lines,
docs/cli.md) and prints what this module proposes.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from bot.smo.guardrails import has_emoji, is_real_question, plain_quotes
from bot.smo.lexicon import ENGLISH_STOP_WORDS

__all__ = [
    "MIN_COUNT",
    "BrandProposal",
    "FaqCandidate",
    "ReplyPair",
    "learn",
    "parse_pairs",
    "to_yaml",
]

# An answer given at least this often, to questions, is an FAQ candidate.
MIN_COUNT = 3
# Questions that share less than this (mean Jaccard of their words) got a generic answer, not
# the answer to one recurring question.
MIN_ALIKE = 0.1
# Openers and sign-offs shown per brand, and FAQ candidates.
SHOWN = 8
# A sign-off on at least this share of replies is proposed as the brand's sign_off.
SIGN_OFF_SHARE = 0.5
# Answers are compared within blocks that open with the same words, then joined when at least
# this alike (Jaccard of their words): "…on the app under Help" and "…in the app under Help".
SAME_ANSWER = 0.6
_BLOCK_WORDS = 3

_MENTIONS_AHEAD = re.compile(r"^(?:\s*[@.]@?\w+[,:]?)+\s*")
_MENTION = re.compile(r"(?<![\w@])@\w+")
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_TRAILING_URLS = re.compile(r"(?:\s+(?:https?://\S+|www\.\S+))+\s*$", re.IGNORECASE)
_GREETING = re.compile(
    r"^(?P<hi>hi|hello|hey|hiya|howdy|dear|greetings)(?P<sep>\s+)(?P<name>@\w+|[A-Z][\w'’-]*)"
    r"(?=[\s,!.])",
    re.IGNORECASE,
)
_GREETING_CLAUSE = re.compile(
    r"^(?:hi|hello|hey|hiya|howdy|dear|greetings)\b[^,.!?]{0,30}[,.!]\s*", re.IGNORECASE
)
_SIGN_OFF = re.compile(
    r"(?:^|(?<=[\s.!?,)]))((?:\^|\*|/)[A-Za-z]{1,4}"
    r"|[-–—~]\s?[A-Z][\w.'’]{0,15}(?:\s[A-Z][\w.'’]{0,15})?)\s*$"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_FORMAL = re.compile(
    r"\b(?:kindly|please accept|we apologi[sz]e|dear|regards|sincerely|inconvenience caused"
    r"|be advised|do not hesitate)\b",
    re.IGNORECASE,
)
_CONTRACTION = re.compile(r"\b\w+'(?:re|ll|d|ve|s|m|t)\b", re.IGNORECASE)
# An answer that moves the conversation elsewhere is not an FAQ answer.
_HANDOFF = re.compile(
    r"\b(?:dm|dms|direct message|private message|send us a|reach out|follow(?: and)? dm"
    r"|message us|contact us|get in touch|pm us)\b",
    re.IGNORECASE,
)
_OPENER_WORDS = 8


@dataclass(frozen=True, slots=True)
class ReplyPair:
    """One reply the brand gave, and the comment it answered when known."""

    brand: str
    reply: str
    comment: str | None = None
    name: str = ""  # the brand as the file spells it ("AppleSupport"), when not its id


@dataclass(frozen=True, slots=True)
class FaqCandidate:
    """A question asked again and again and the answer the brand kept giving."""

    question: str
    answer: str
    asked: int  # how many questions got this answer
    alike: float  # how alike those questions are (mean Jaccard of their words)


@dataclass(frozen=True, slots=True)
class BrandProposal:
    """What a brand's past replies suggest for its workspace entry."""

    brand: str
    name: str
    replies: int
    voice: str
    voice_why: str
    openers: tuple[tuple[str, int], ...]
    sign_offs: tuple[tuple[str, int], ...]
    signed: int  # replies that end with any sign-off
    sign_off: str  # the one to propose, or "" when none is common enough
    sign_shape: str  # the commonest kind of sign-off ("^XX (initials)", "-Name"), or ""
    faq: tuple[FaqCandidate, ...]
    handoffs: int  # recurring answers left out: they send the customer elsewhere
    answered: int  # pairs whose comment is known


@dataclass(slots=True)
class _Parsed:
    pairs: list[ReplyPair] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def parse_pairs(
    lines: Iterable[str],
    source: str,
    comments: Mapping[str, str] | None = None,
    brand: str | None = None,
) -> tuple[list[ReplyPair], list[str]]:
    """The pairs in JSON Lines ``lines`` and a ``FILE:LINE: reason`` for each line not used.

    A line is ``{"comment": …, "reply": …, "brand": …}`` (``comment`` may be left out;
    ``brand`` defaults to ``brand``), or ``{"id": …, "brand_handle": …, "real_replies": […]}``
    whose comment is looked up by id in ``comments``.
    """
    parsed = _Parsed()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            parsed.problems.append(f"{where}: not JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            parsed.problems.append(f"{where}: not a JSON object")
            continue
        if "real_replies" in record:
            _replies_line(record, where, comments, parsed)
        elif "reply" in record:
            _pair_line(record, where, brand, parsed)
        else:
            parsed.problems.append(f'{where}: no "reply" (or "real_replies") field')
    return parsed.pairs, parsed.problems


def _pair_line(record: dict[str, Any], where: str, brand: str | None, parsed: _Parsed) -> None:
    reply, comment, named = record.get("reply"), record.get("comment"), record.get("brand")
    if not isinstance(reply, str) or not reply.strip():
        parsed.problems.append(f'{where}: "reply" must be a non-empty string')
        return
    if comment is not None and not isinstance(comment, str):
        parsed.problems.append(f'{where}: "comment" must be a string')
        return
    if named is not None and (not isinstance(named, str) or not named.strip()):
        parsed.problems.append(f'{where}: "brand" must be a non-empty string')
        return
    owner = named or brand
    if owner is None:
        parsed.problems.append(f'{where}: no "brand" (give one per line, or --brand)')
        return
    parsed.pairs.append(ReplyPair(_brand_id(owner), reply, comment or None, owner.strip()))


def _replies_line(
    record: dict[str, Any], where: str, comments: Mapping[str, str] | None, parsed: _Parsed
) -> None:
    replies, handle = record.get("real_replies"), record.get("brand_handle")
    if not isinstance(handle, str) or not handle.strip():
        parsed.problems.append(f'{where}: "brand_handle" must be a non-empty string')
        return
    if not isinstance(replies, list) or not all(isinstance(r, str) for r in replies):
        parsed.problems.append(f'{where}: "real_replies" must be a list of strings')
        return
    comment = None
    if comments is not None:
        comment = comments.get(str(record.get("id")))
        if comment is None:
            parsed.problems.append(
                f"{where}: no comment with id {json.dumps(record.get('id'))}; its replies count"
                " for voice and sign-offs only"
            )
    for reply in replies:
        if reply.strip():
            parsed.pairs.append(ReplyPair(_brand_id(handle), reply, comment, handle.strip()))


def _brand_id(name: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", name.strip().lstrip("@").lower()).strip("-") or "brand"


def _body(reply: str) -> str:
    """The reply without the mentions that open it, on one line, apostrophes plain."""
    return " ".join(_MENTIONS_AHEAD.sub("", plain_quotes(reply)).split())


def sign_off_of(reply: str) -> str | None:
    """The sign-off that ends ``reply`` ("^NHP", "-Ana", "– Team Alpenglow"), if any."""
    match = _SIGN_OFF.search(_URL.sub("", _body(reply)).rstrip())
    if match is None:
        return None
    sign = " ".join(match.group(1).split())
    rest = sign[1:].strip()
    # "- Ana" and "-Ana" are one agent's; a team's "– Team Alpenglow" keeps its space.
    return sign[0] + rest if sign[0] in "-–—~" and " " not in rest else sign


def _shape(sign: str) -> str:
    """What kind of sign-off: "^XX" initials, "-Name" an agent's name, or "team" for one the
    whole team shares ("– Team Alpenglow")."""
    mark, rest = sign[0], sign[1:]
    if len(rest.split()) > 1 or "team" in rest.lower():
        return "team"
    if mark in "^*/" or rest.isupper() or len(rest) <= 3:
        return f"{mark}XX (initials)"
    return f"{mark}Name"


def _unsigned(body: str) -> str:
    """``body`` without its sign-off; links after the sign-off stay."""
    links = _TRAILING_URLS.search(body)
    head, tail = (body[: links.start()], body[links.start() :]) if links else (body, "")
    match = _SIGN_OFF.search(head)
    return (head[: match.start(1)].rstrip(" ,") + tail) if match else body


def opener_of(reply: str) -> str:
    """The first sentence of ``reply``, a greeted name written {name}, at most 8 words."""
    body = _GREETING.sub(r"\g<hi>\g<sep>{name}", _unsigned(_body(reply)))
    body = _MENTION.sub("@someone", body)
    first = _SENTENCE_END.split(body, maxsplit=1)[0]
    words = first.split()
    return " ".join(words[:_OPENER_WORDS]) + (" …" if len(words) > _OPENER_WORDS else "")


def _answer_text(reply: str) -> str:
    """A reply as an FAQ answer: no mentions, no greeting, no sign-off."""
    body = _MENTION.sub("", _unsigned(_body(reply)))
    body = _GREETING_CLAUSE.sub("", " ".join(body.split()))
    return body[:1].upper() + body[1:]


def _skeleton(text: str) -> str:
    """What stays the same when a team reuses an answer: its words, lower case."""
    return " ".join(_WORD.findall(_URL.sub(" ", text.lower())))


def _words(text: str) -> frozenset[str]:
    found = _WORD.findall(_MENTION.sub(" ", _URL.sub(" ", plain_quotes(text).lower())))
    return frozenset(w for w in found if len(w) > 2 and w not in ENGLISH_STOP_WORDS)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.0f} %" if total else "0 %"


def _voice(bodies: Sequence[str]) -> tuple[str, str]:
    total = len(bodies)
    emoji = sum(1 for b in bodies if has_emoji(b))
    bang = sum(1 for b in bodies if "!" in b)
    formal = sum(1 for b in bodies if _FORMAL.search(b))
    short = sum(1 for b in bodies if _CONTRACTION.search(b))
    why = (
        f"{_share(emoji, total)} with emoji, {_share(bang, total)} with '!', "
        f"{_share(short, total)} with contractions, {_share(formal, total)} with formal phrases"
    )
    if emoji >= 0.15 * total or (bang >= 0.5 * total and emoji >= 0.05 * total):
        return "playful", why
    if formal >= 0.2 * total and short < 0.2 * total and emoji < 0.02 * total:
        return "formal", why
    return "friendly", why


def _same_answers(pairs: Sequence[ReplyPair]) -> list[list[ReplyPair]]:
    """``pairs`` grouped by answer: the same words, or nearly (``SAME_ANSWER``), apart from
    mentions, greeting, links and sign-off. Linear in practice: answers are only compared
    within a block that opens with the same words."""
    blocks: dict[str, list[tuple[frozenset[str], list[ReplyPair]]]] = defaultdict(list)
    for pair in pairs:
        words = _skeleton(_answer_text(pair.reply)).split()
        if not words:
            continue
        key, bag = " ".join(words[:_BLOCK_WORDS]), frozenset(words)
        clusters = blocks[key]
        for first, members in clusters:
            if _jaccard(first, bag) >= SAME_ANSWER:
                members.append(pair)
                break
        else:
            clusters.append((bag, [pair]))
    return [members for clusters in blocks.values() for _, members in clusters]


def _faq(pairs: Sequence[ReplyPair], min_count: int) -> tuple[list[FaqCandidate], int]:
    """Answers given at least ``min_count`` times to alike questions; and how many recurring
    answers were hand-offs (left out)."""
    found: list[FaqCandidate] = []
    handoffs = 0
    for group in _same_answers([p for p in pairs if p.comment is not None]):
        if len(group) < min_count:
            continue
        questions = list(dict.fromkeys(p.comment for p in group if p.comment is not None))
        questions = [q for q in questions if is_real_question(plain_quotes(q))]
        if len(questions) < min_count or 2 * len(questions) < len(group):
            continue
        answers = Counter(_answer_text(p.reply) for p in group)
        answer = answers.most_common(1)[0][0]
        if _HANDOFF.search(answer):
            handoffs += 1
            continue
        words = [_words(q) for q in questions[:50]]
        pairs_of = list(combinations(range(len(words)), 2))
        alike = sum(_jaccard(words[i], words[j]) for i, j in pairs_of) / max(1, len(pairs_of))
        if alike < MIN_ALIKE:
            continue
        central = max(
            range(len(words)),
            key=lambda i: sum(_jaccard(words[i], w) for w in words),
        )
        question = " ".join(_MENTION.sub("", _body(questions[central])).split())
        found.append(FaqCandidate(question, answer, len(questions), round(alike, 2)))
    found.sort(key=lambda c: (-c.asked, c.question))
    return found[:SHOWN], handoffs


def learn(pairs: Iterable[ReplyPair], min_count: int = MIN_COUNT) -> list[BrandProposal]:
    """One proposal per brand, in order of name."""
    by_brand: dict[str, list[ReplyPair]] = defaultdict(list)
    for pair in pairs:
        by_brand[pair.brand].append(pair)
    proposals: list[BrandProposal] = []
    for brand in sorted(by_brand):
        mine = by_brand[brand]
        bodies = [_body(p.reply) for p in mine]
        voice, why = _voice(bodies)
        openers: Counter[str] = Counter()
        spelled: dict[str, str] = {}
        for pair in mine:
            opener = opener_of(pair.reply)
            if opener:
                openers[opener.lower()] += 1
                spelled.setdefault(opener.lower(), opener)
        signs = Counter(s for s in (sign_off_of(p.reply) for p in mine) if s is not None)
        signed = sum(signs.values())
        top = signs.most_common(1)
        # An agent's initials or name is theirs, not the brand's: only a shared one is proposed.
        shared = bool(top) and _shape(top[0][0]) == "team"
        common = bool(top) and top[0][1] >= max(2, SIGN_OFF_SHARE * len(mine))
        sign_off = top[0][0] if shared and common else ""
        shapes = Counter(_shape(s) for s in signs.elements() if _shape(s) != "team")
        faq, handoffs = _faq(mine, min_count)
        proposals.append(
            BrandProposal(
                brand=brand,
                name=next((p.name for p in mine if p.name), brand),
                replies=len(mine),
                voice=voice,
                voice_why=why,
                openers=tuple((spelled[o], n) for o, n in openers.most_common(SHOWN) if n >= 2),
                sign_offs=tuple(signs.most_common(SHOWN)),
                signed=signed,
                sign_off=sign_off,
                sign_shape=shapes.most_common(1)[0][0] if shapes else "",
                faq=tuple(faq),
                handoffs=handoffs,
                answered=sum(1 for p in mine if p.comment is not None),
            )
        )
    return proposals


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(text.split())


def to_yaml(proposals: Sequence[BrandProposal], heading: Sequence[str] = ()) -> str:
    """The proposals as a workspace ``brands:`` list, with the evidence as YAML comments."""
    lines = [f"# {_comment(line)}" for line in heading]
    lines.append("brands:")
    for p in proposals:
        lines.append(f"  - id: {_quoted(p.brand)}")
        lines.append(f"    name: {_quoted(p.name)}")
        lines.append(f"    # learned from {p.replies} replies ({p.answered} with their comment)")
        lines.append(f"    # voice: {p.voice_why}")
        lines.append(f"    voice: {p.voice}")
        if p.openers:
            lines.append("    # openers the team uses (replies):")
            lines.extend(f"    #   {_comment(o)}  ({n})" for o, n in p.openers)
        if p.sign_offs:
            lines.append(
                f"    # sign-offs ending {p.signed} of {p.replies} replies"
                f" ({_share(p.signed, p.replies)}):"
            )
            lines.extend(f"    #   {_comment(s)}  ({n})" for s, n in p.sign_offs)
        if p.sign_off:
            lines.append(f"    sign_off: {_quoted(p.sign_off)}")
        elif p.sign_offs:
            lines.append(
                f"    # agents sign with their own {p.sign_shape}: the sign_off is one text for"
                " every reply of the brand, so none is proposed"
            )
        if p.handoffs:
            lines.append(
                f"    # {p.handoffs} recurring answers send the customer elsewhere (DM, contact"
                " us); not proposed as FAQ"
            )
        if p.faq:
            lines.append("    faq:")
            for c in p.faq:
                lines.append(f"      # asked {c.asked} times (questions alike: {c.alike:.2f})")
                lines.append(f"      - question: {_quoted(c.question)}")
                lines.append(f"        answer: {_quoted(c.answer)}")
    return "\n".join(lines) + "\n"
