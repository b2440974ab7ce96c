"""Reply drafts from Jinja2 templates per language, intent, voice and platform, with variants."""

from __future__ import annotations

import operator
import re
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jinja2

from bot.bundled import templates_dir
from bot.models import Comment, Draft
from bot.smo.brand import BrandProfile
from bot.smo.faq import FAQ_THRESHOLD, FaqMatch
from bot.smo.lexicon import CUE_LANGUAGES
from bot.smo.platforms import (
    PRIVATE_CHANNEL,
    REPLY_LIMITS,
    REPLY_WINDOWS,
    USES_HANDLES,
    fit_to_limit,
    reply_length,
)

__all__ = [
    "GOES_PRIVATE",
    "PLATFORM_NAMES",
    "REPLY_TEMPLATES",
    "Drafter",
    "ReplyContext",
    "ReplyPlan",
    "TemplateLibrary",
    "default_templates_dir",
]

# The templates a reply can be drawn from, named after what the reply does.
REPLY_TEMPLATES: tuple[str, ...] = ("complaint", "support", "purchase_intent", "question", "praise")
# Drafts that move the conversation to private messages, where a platform window applies.
GOES_PRIVATE: frozenset[str] = frozenset({"complaint", "support", "purchase_intent"})
PLATFORM_NAMES: dict[str, str] = {
    "instagram": "Instagram",
    "facebook": "Facebook",
    "x": "X",
    "youtube": "YouTube",
    "tiktok": "TikTok",
    "linkedin": "LinkedIn",
}
_VARIANT = re.compile(r"v\d+")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.!?;:])")
# Drafts repeat (same brand, intent, issue, product) but for the reader's name, so a variant is
# rendered once with this private-use character for the name, which is filled in afterwards.
# That gives the same text only while templates print the name as it is and never read the
# author, and while the name holds no whitespace and does not start with punctuation that
# ``_tidy`` would pull to the word before it.
_NAME_SLOT = "\ue000"
_PRINTED_NAME = re.compile(r"\{\{ c\.addressee \}\}")
_NAME_USES = re.compile(r"addressee|author")
_TIDY_PUNCTUATION = ",.!?;:"
_WHITESPACE = re.compile(r"\s")
# How many situations' rendered variants are kept; all are forgotten when full (they are few).
_RENDERED_MEMORY = 10_000


def default_templates_dir() -> Path:
    """The ``replies`` folder of the templates shipped with socialpulse."""
    return templates_dir() / "replies"


@dataclass(frozen=True, slots=True)
class ReplyContext:
    """What a reply template may use; every field is always present (None when unknown)."""

    addressee: str
    author: str
    brand: str
    sign_off: str
    voice: str
    platform: str
    language: str
    product: str | None
    issue: str | None
    topic: str | None
    faq_question: str | None
    faq_answer: str | None
    link: str | None
    private: str | None
    contact: str | None


@dataclass(frozen=True, slots=True)
class ReplyPlan:
    """What the engine understood that drafting needs, for one comment."""

    intents: tuple[str, ...]
    language: str | None
    issue: str | None
    topic: str | None
    product: str | None
    sarcasm: bool
    faq: FaqMatch | None


class TemplateLibrary:
    """Every reply template under one directory, compiled once with its variant macros.

    Layout: ``<lang>/<template>.<voice>.<platform>.j2``, then ``<lang>/<template>.<voice>.j2``,
    then ``<lang>/<template>.j2`` — the first that exists wins. A template defines its variants
    as macros ``v1``, ``v2``, … taking the :class:`ReplyContext` ``c``; files starting with ``_``
    hold shared macros.
    """

    def __init__(self, directory: Path) -> None:
        if not directory.is_dir():
            raise FileNotFoundError(f"reply templates folder not found: {directory}")
        self.directory = directory
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(directory),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self._env.filters["first_upper"] = _first_upper
        self._variants: dict[str, tuple[Any, ...]] = {}
        self._names_printed_as_is = True
        for name in self._env.list_templates(extensions=["j2"]):
            source = (directory / name).read_text(encoding="utf-8")
            if _NAME_USES.search(_PRINTED_NAME.sub("", source)):
                self._names_printed_as_is = False
            if Path(name).name.startswith("_"):
                continue
            module = self._env.get_template(name).module
            macros = sorted(
                (key for key in dir(module) if _VARIANT.fullmatch(key)), key=lambda k: int(k[1:])
            )
            if not macros:
                raise ValueError(f"{directory / name}: no variant macros v1, v2, …")
            self._variants[name] = tuple(getattr(module, key) for key in macros)
        self._rendered: dict[tuple[str, tuple[str | None, ...]], _Rendered] = {}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self._variants))

    def languages(self, template: str) -> frozenset[str]:
        return frozenset(n.split("/")[0] for n in self._variants if _base(n) == template)

    def find(self, language: str, template: str, voice: str, platform: str) -> str | None:
        for name in (
            f"{language}/{template}.{voice}.{platform}.j2",
            f"{language}/{template}.{voice}.j2",
            f"{language}/{template}.{platform}.j2",
            f"{language}/{template}.j2",
        ):
            if name in self._variants:
                return name
        return None

    def render(self, name: str, context: ReplyContext) -> list[str]:
        """Every variant of template ``name`` rendered for ``context``, whitespace tidied."""
        return [_tidy(str(macro(context))) for macro in self._variants[name]]

    def variant_count(self, name: str) -> int:
        return len(self._variants[name])

    def render_in_turn(self, name: str, start: int, context: ReplyContext) -> Iterator[str]:
        """The variants of template ``name`` as ``render`` gives them, one at a time from
        ``start`` round to the one before it."""
        count = len(self._variants[name])
        indexes = [(start + i) % count for i in range(count)]
        situation = _situation(context)
        rendered = self._rendered.get((name, situation))
        if rendered is None:
            if len(self._rendered) >= _RENDERED_MEMORY:
                self._rendered.clear()
            fills = self._names_printed_as_is and _slot_free(situation)
            rendered = self._rendered[name, situation] = _Rendered(fills, [None] * count)
        if not (rendered.fills and _name_fills_in(context.addressee)):
            for index in indexes:
                yield self._render(name, index, context)
            return
        for index in indexes:
            text = rendered.texts[index]
            if text is None:
                general = replace(context, addressee=_NAME_SLOT, author="")
                text = rendered.texts[index] = self._render(name, index, general)
            yield text.replace(_NAME_SLOT, context.addressee)

    def _render(self, name: str, index: int, context: ReplyContext) -> str:
        return _tidy(str(self._variants[name][index](context)))


# Every field of a reply's context but the reader's name and handle.
_situation = operator.attrgetter(
    *(f.name for f in fields(ReplyContext) if f.name not in ("addressee", "author"))
)


@dataclass(slots=True)
class _Rendered:
    """A template's variants rendered for one situation with the name left as a slot (None
    until needed), and whether the situation lets the name be filled in afterwards."""

    fills: bool
    texts: list[str | None]


def _slot_free(situation: tuple[str | None, ...]) -> bool:
    """The situation's half of whether a reply renders the same with the name filled in
    afterwards (``_name_fills_in`` is the name's half)."""
    return not any(_NAME_SLOT in part for part in situation if part)


def _name_fills_in(name: str) -> bool:
    """Whether a reply renders the same with ``name`` filled in afterwards, given a situation
    that allows it (``_slot_free``)."""
    return bool(name) and name[0] not in _TIDY_PUNCTUATION and _WHITESPACE.search(name) is None


def _answered(plan: ReplyPlan) -> bool:
    return plan.faq is not None and plan.faq.score >= FAQ_THRESHOLD


def _base(name: str) -> str:
    return Path(name).name.split(".")[0]


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in _BLANK_LINES.split(text.strip())]
    return _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(line for line in lines if line))


def _addressee(author: str, platform: str) -> str:
    name = author.strip().lstrip("@")
    if " " in name:
        return name.split()[0]
    return f"@{name}" if platform in USES_HANDLES else name


def _duration(delta: timedelta) -> str:
    hours = abs(delta.total_seconds()) / 3600
    if hours < 1:
        return f"{max(1, round(hours * 60))} min"
    if hours < 48:
        return f"{round(hours)} h"
    return f"{round(hours / 24)} days"


class Drafter:
    """Turns an understood comment into a Draft; remembers the last text sent to each author."""

    def __init__(self, library: TemplateLibrary, memory: int = 100_000) -> None:
        self.library = library
        self._last: OrderedDict[tuple[str, str, str], str] = OrderedDict()
        self._memory = memory

    def draft(
        self, comment: Comment, brand: BrandProfile, plan: ReplyPlan, now: datetime, known: bool
    ) -> Draft | None:
        """The draft for one comment, or None when nothing needs doing."""
        notes: list[str] = []
        if not known:
            notes.append(f"unknown brand '{comment.brand}' — add it to the workspace")
        if plan.sarcasm:
            notes.append("reads as sarcasm — check the tone")
        if "abuse" in plan.intents:
            notes.append("abusive — hide it and tell the team lead")
            return self._action(comment, "hide_and_escalate", notes)
        if "spam" in plan.intents:
            notes.append("spam — hide it, no reply")
            return self._action(comment, "hide", notes)

        template = self._choose_template(plan, notes)
        if template is None:
            if plan.language is not None and plan.language not in CUE_LANGUAGES:
                notes.append(
                    f"no cues read in language '{plan.language}' — a person should read it"
                )
                return self._action(comment, "human", notes)
            return None
        if "purchase_intent" in plan.intents:
            notes.append("lead: purchase intent")

        language = plan.language or brand.default_language
        if language != "en" and language not in brand.languages:
            notes.append(
                f"language '{language}' is not one of {brand.name}'s languages — write by hand"
            )
            return self._action(comment, "human", notes)
        if template == "purchase_intent" and "question" in plan.intents and not _answered(plan):
            # A lead who asked something deserves the answer, not only a next step.
            return self._action(comment, "human", notes)
        if template == "question" and (
            plan.faq is None or plan.faq.score < FAQ_THRESHOLD or language != brand.default_language
        ):
            if language != brand.default_language:
                notes.append(f"the FAQ is in '{brand.default_language}' — answer by hand")
            return self._action(comment, "human", notes)
        name = self.library.find(language, template, brand.voice, comment.platform)
        if name is None:
            notes.append(f"no {template} template for language '{language}' — write by hand")
            return self._action(comment, "human", notes)

        context = self._context(comment, brand, plan, template, language)
        if comment.platform == "youtube" and template in GOES_PRIVATE and not brand.support_contact:
            notes.append("YouTube has no private messages: set the brand's support contact")
        notes.extend(self._window_notes(comment, template, now))
        text = self._pick(comment, name, context, notes)
        return Draft(
            comment_key=comment.key,
            brand=comment.brand,
            platform=comment.platform,
            text=text,
            action="reply",
            note="; ".join(notes),
        )

    def _choose_template(self, plan: ReplyPlan, notes: list[str]) -> str | None:
        intents = plan.intents
        faq = plan.faq
        answered = faq is not None and faq.score >= FAQ_THRESHOLD
        if "complaint" in intents:
            template = "complaint"
        elif "purchase_intent" in intents:
            template = "purchase_intent"
        elif "question" in intents and answered:
            template = "question"
        elif "support" in intents:
            template = "support"
        elif "question" in intents:
            template = "question"
        elif "praise" in intents:
            template = "praise"
        else:
            return None
        if faq is not None and answered:
            hint = "FAQ match" if template in ("question", "purchase_intent") else "FAQ may help"
            notes.append(f'{hint}: "{faq.question}" (score {faq.score:.2f})')
        elif faq is not None and template in ("question", "purchase_intent"):
            notes.append(
                f'no FAQ entry is close enough (best "{faq.question}" scored '
                f"{faq.score:.2f} < {FAQ_THRESHOLD:.2f}) — answer by hand"
            )
        elif template == "question":
            notes.append("a question and no FAQ to answer from — answer by hand")
        return template

    def _context(
        self, comment: Comment, brand: BrandProfile, plan: ReplyPlan, template: str, language: str
    ) -> ReplyContext:
        faq = plan.faq if plan.faq is not None and plan.faq.score >= FAQ_THRESHOLD else None
        # An FAQ answer is written in the brand's default language; don't mix it into another.
        if language != brand.default_language:
            faq = None
        return ReplyContext(
            addressee=_addressee(comment.author, comment.platform),
            author=comment.author,
            brand=brand.name,
            sign_off=brand.sign_off,
            voice=brand.voice,
            platform=comment.platform,
            language=language,
            product=plan.product,
            issue=plan.issue if template == "complaint" else None,
            topic=plan.topic,
            faq_question=faq.question if faq else None,
            faq_answer=faq.answer if faq else None,
            link=brand.shop_url,
            private=PRIVATE_CHANNEL.get(comment.platform),
            contact=brand.support_contact,
        )

    def _window_notes(self, comment: Comment, template: str, now: datetime) -> list[str]:
        window = REPLY_WINDOWS.get(comment.platform)
        if window is None or template not in GOES_PRIVATE:
            return []
        left = comment.created_at + window.length - now
        if left <= timedelta(0):
            return [f"private-reply window closed {_duration(left)} ago ({window.rule})"]
        if left <= window.warn_before:
            return [f"window closes in {_duration(left)} ({window.rule})"]
        return []

    def _pick(self, comment: Comment, name: str, context: ReplyContext, notes: list[str]) -> str:
        """The first variant, from a start fixed by the comment, that differs from the last text
        this author got and fits the platform (failing that, see below)."""
        key = (comment.brand, comment.platform, comment.author.lower())
        last = self._last.get(key)
        limit = REPLY_LIMITS.get(comment.platform)
        start = zlib.crc32(comment.key.encode()) % self.library.variant_count(name)
        # Rendered one at a time: the first variant usually does.
        order: list[str] = []
        for text in self.library.render_in_turn(name, start, context):
            if text != last and (limit is None or reply_length(text, comment.platform) <= limit):
                self._remember(key, text)
                return text
            order.append(text)
        fresh = [t for t in order if t != last] or order
        fitting = [t for t in fresh if limit is None or reply_length(t, comment.platform) <= limit]
        if fitting:
            text = fitting[0]
        else:
            text, _ = fit_to_limit(min(fresh, key=len), comment.platform)
            platform = PLATFORM_NAMES.get(comment.platform, comment.platform)
            notes.append(f"shortened to fit {platform}'s {limit} characters — check the ending")
        self._remember(key, text)
        return text

    def _remember(self, key: tuple[str, str, str], text: str) -> None:
        self._last[key] = text
        self._last.move_to_end(key)
        if len(self._last) > self._memory:
            self._last.popitem(last=False)

    @staticmethod
    def _action(comment: Comment, action: str, notes: list[str]) -> Draft:
        return Draft(
            comment_key=comment.key,
            brand=comment.brand,
            platform=comment.platform,
            text="",
            action=action,
            note="; ".join(notes),
        )
