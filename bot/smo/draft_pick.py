"""The reply text picked from a template's variants: one that fits the platform and differs
from the last text the author got."""

from __future__ import annotations

import zlib
from collections import OrderedDict
from dataclasses import replace

from bot.models import Comment
from bot.smo.guardrails import compose_within
from bot.smo.platforms import PLATFORM_NAMES, REPLY_LIMITS, reply_length
from bot.smo.reply_plan import ReplyContext
from bot.smo.template_library import TemplateLibrary, template_base

__all__ = ["SentTexts", "pick"]


class SentTexts:
    """The last text each author got, per brand and platform; the oldest forgotten past
    ``memory`` authors."""

    def __init__(self, memory: int = 100_000) -> None:
        self._last: OrderedDict[tuple[str, str, str], str] = OrderedDict()
        self._memory = memory

    def get(self, key: tuple[str, str, str]) -> str | None:
        return self._last.get(key)

    def remember(self, key: tuple[str, str, str], text: str) -> None:
        self._last[key] = text
        self._last.move_to_end(key)
        if len(self._last) > self._memory:
            self._last.popitem(last=False)


def pick(
    comment: Comment,
    name: str,
    context: ReplyContext,
    notes: list[str],
    library: TemplateLibrary,
    sent: SentTexts,
) -> str | None:
    """The first variant, from a start fixed by the comment, that differs from the last text
    this author got and fits the platform; failing that, a shorter composition (without the
    optional sentences, then without whole sentences); None when nothing fits uncut."""
    key = (comment.brand, comment.platform, comment.author.lower())
    last = sent.get(key)
    limit = REPLY_LIMITS.get(comment.platform)
    start = zlib.crc32(comment.key.encode()) % library.variant_count(name)
    # Rendered one at a time: the first variant usually does.
    order: list[str] = []
    for text in library.render_in_turn(name, start, context):
        if text != last and (limit is None or reply_length(text, comment.platform) <= limit):
            sent.remember(key, text)
            return text
        order.append(text)
    fresh = [t for t in order if t != last] or order
    fitting = [t for t in fresh if limit is None or reply_length(t, comment.platform) <= limit]
    if not fitting:
        compact = replace(context, short=True)
        short = list(library.render_in_turn(name, start, compact))
        short_name = f"{name.split('/')[0]}/short.j2"
        if template_base(name) in ("complaint", "support") and short_name in library.names:
            short = [*short, *library.render_in_turn(short_name, 0, compact)]
        fitting = [t for t in short if reply_length(t, comment.platform) <= (limit or 0)]
        fitting = fitting or [
            composed
            for text in (*short, *fresh)
            if (composed := compose_within(text, comment.platform, context.sign_off))
        ]
        if not fitting:
            return None
        platform = PLATFORM_NAMES.get(comment.platform, comment.platform)
        notes.append(f"composed shorter to fit {platform}'s {limit} characters")
    text = min(fitting, key=lambda t: t == last)
    sent.remember(key, text)
    return text
