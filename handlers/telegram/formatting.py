"""Telegram HTML: escaping untrusted text and cutting long messages on line boundaries."""

from __future__ import annotations

import html
import re

from bot.rendering import strip_controls

__all__ = [
    "ANSWER_LIMIT",
    "CAPTION_LIMIT",
    "MESSAGE_LIMIT",
    "clip_html",
    "clip_plain",
    "escape",
    "one_line",
    "split_html",
    "truncate_html",
    "utf16_len",
    "visible_text",
]

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
# The text of a callback query's answer (a toast or pop-up): plain text, at most 200 characters.
ANSWER_LIMIT = 200

_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*>")
_ATOM = re.compile(r"<[^>]*>|&#?\w+;|[^<&]|[<&]")
_PARTIAL_ENTITY = re.compile(r"&#?\w*$")
_ELLIPSIS = "…"
# Every line break and space Telegram shows (\n, \r, U+2028, U+2029, U+0085 …), as one run.
_BREAKS = re.compile(r"\s+")


def escape(text: str) -> str:
    """Untrusted text made safe for parse_mode=HTML: no tags, no bidi tricks."""
    return html.escape(strip_controls(text), quote=True)


def one_line(text: str) -> str:
    """A field that is one line (a name, a handle, a URL) kept on one line: whatever line
    breaks it holds become spaces, so it cannot start a line of its own and pose as ours."""
    return _BREAKS.sub(" ", text).strip()


def utf16_len(text: str) -> int:
    """Length the way Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def visible_text(markup: str) -> str:
    """What a reader sees of an HTML message: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", markup))


def clip_html(text: str, limit: int) -> str:
    """Shorten escaped text to about `limit` characters without cutting an entity in half."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    cut = _PARTIAL_ENTITY.sub("", cut)
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + _ELLIPSIS


def clip_plain(text: str, limit: int) -> str:
    """Shorten plain text to at most `limit` UTF-16 units, with an ellipsis when cut."""
    if utf16_len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    while cut and utf16_len(cut) > limit - 1:  # astral characters count twice
        cut = cut[:-1]
    return cut.rstrip() + _ELLIPSIS


def _track(opened: list[str], fragment: str) -> list[str]:
    """The tags still open after `fragment`, given those open before it (outermost first)."""
    stack = list(opened)
    for match in _TAG.finditer(fragment):
        name = match.group(2).lower()
        if not match.group(1):
            stack.append(match.group(0))
            continue
        for index in range(len(stack) - 1, -1, -1):
            if _name_of(stack[index]) == name:
                del stack[index:]
                break
    return stack


def _name_of(tag: str) -> str:
    match = _TAG.match(tag)
    return match.group(2).lower() if match else ""


def _closing(opened: list[str]) -> str:
    return "".join(f"</{_name_of(tag)}>" for tag in reversed(opened))


def _cut(head: str, opened: list[str], text: str, limit: int) -> tuple[str, str]:
    """The longest start of `text` that fits in a fresh part, cut at a space when possible."""
    atoms = _ATOM.findall(text)
    stack = list(opened)
    size = utf16_len(head)
    best = space = 0
    for index, atom in enumerate(atoms, start=1):
        size += utf16_len(atom)
        stack = _track(stack, atom)
        if size + utf16_len(_closing(stack)) > limit:
            break
        best = index
        if atom == " ":
            space = index
    if best == 0:
        raise ValueError(f"cannot fit any text in a part of {limit} characters")
    if space > best // 2:
        best = space
    return "".join(atoms[:best]), "".join(atoms[best:])


def split_html(text: str, limit: int = MESSAGE_LIMIT, first_limit: int | None = None) -> list[str]:
    """Cut HTML into parts of at most `limit` UTF-16 units (`first_limit` for the first).

    Parts end at line ends; only a line longer than a whole part is cut inside (at a space
    if it can be). Tags open at a cut are closed at the end of the part and opened again at
    the start of the next, so every part is valid HTML on its own. The raw markup is
    measured, which is never shorter than what Telegram counts.
    """
    parts: list[str] = []
    opened: list[str] = []
    head = ""
    body = ""

    def room() -> int:
        return first_limit if first_limit is not None and not parts else limit

    def flush() -> None:
        nonlocal head, body
        part = (head + body.strip("\n") + _closing(opened)).strip()
        if visible_text(part).strip():
            parts.append(part)
        head, body = "".join(opened), ""

    for line in text.split("\n"):
        rest = line
        separator = "\n"
        while True:
            joined = body + separator + rest if body else rest
            after = _track(opened, rest)
            if utf16_len(head + joined + _closing(after)) <= room():
                body, opened = joined, after
                break
            if body:
                flush()
                continue
            piece, rest = _cut(head, opened, rest, room())
            body, opened = piece, _track(opened, piece)
            flush()
            separator = ""
            if not rest:
                break
    flush()
    return parts


def truncate_html(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """The first part of `text` that fits in `limit`, with an ellipsis when something was cut."""
    parts = split_html(text, limit - len(_ELLIPSIS))
    if len(parts) <= 1:
        return parts[0] if parts else ""
    return parts[0] + _ELLIPSIS
