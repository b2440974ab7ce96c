"""Block Kit messages from rendered templates: validated objects kept within Slack's limits."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InteractiveElement,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from handlers.slack.escape import plain_text, trim_escaped

__all__ = [
    "CONTEXT_TEXT",
    "FALLBACK_TEXT",
    "HEADER_TEXT",
    "MAX_BLOCKS",
    "SECTION_TEXT",
    "Part",
    "SlackMessage",
    "build_message",
    "parse_layout",
    "validate",
]

MAX_BLOCKS = 50
SECTION_TEXT = 3000
HEADER_TEXT = 150
CONTEXT_TEXT = 2000
FALLBACK_TEXT = 500

PartKind = Literal["header", "section", "context", "divider", "actions"]

# Escaped text never holds a raw `<`, so only a template can write one of these markers.
_MARKER = re.compile(r"<(header|section|context|divider|actions)(?: alert=([0-9a-f]{6,64}))?>")

Accessory = Callable[[str], InteractiveElement]
ActionsFor = Callable[[Sequence[str]], Sequence[InteractiveElement]]


@dataclass(frozen=True, slots=True)
class Part:
    """One block of a rendered layout; `alert` ties a section to the alert it shows."""

    kind: PartKind
    text: str = ""
    alert: str | None = None


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """A message ready for chat.postMessage / chat.update: fallback text and validated blocks."""

    text: str
    blocks: list[Block]
    hidden: int = 0

    def block_dicts(self) -> list[dict[str, Any]]:
        return [block.to_dict() for block in self.blocks]


def parse_layout(rendered: str) -> list[Part]:
    """Split a rendered template at its markers (`<section>`, `<context>` …) into parts.

    A marker may sit anywhere (Jinja's whitespace control may join it to a line); text before
    the first marker is a section; parts left empty by template conditionals are dropped.
    """
    parts: list[Part] = []
    kind: PartKind = "section"
    alert: str | None = None
    position = 0
    for match in _MARKER.finditer(rendered):
        parts.append(_part(kind, rendered[position : match.start()], alert))
        kind = match.group(1)  # type: ignore[assignment]
        alert = match.group(2)
        position = match.end()
    parts.append(_part(kind, rendered[position:], alert))
    return [part for part in parts if part.kind in ("divider", "actions") or part.text.strip()]


def _part(kind: PartKind, text: str, alert: str | None) -> Part:
    if kind in ("divider", "actions"):
        return Part(kind, "", alert)
    return Part(kind, text.strip("\n").rstrip(), alert)


def _block(part: Part, accessory: Accessory | None) -> Block:
    if part.kind == "header":
        return HeaderBlock(text=PlainTextObject(text=_plain(part.text, HEADER_TEXT), emoji=True))
    if part.kind == "context":
        return ContextBlock(
            elements=[MarkdownTextObject(text=trim_escaped(part.text, CONTEXT_TEXT))]
        )
    if part.kind == "divider":
        return DividerBlock()
    text = MarkdownTextObject(text=trim_escaped(part.text, SECTION_TEXT))
    if part.alert is not None:
        return SectionBlock(
            block_id=f"alert:{part.alert}",
            text=text,
            accessory=accessory(part.alert) if accessory is not None else None,
        )
    return SectionBlock(text=text)


def _plain(escaped: str, limit: int) -> str:
    plain = " ".join(plain_text(escaped).split())
    return plain if len(plain) <= limit else plain[: limit - 1].rstrip() + "…"


def _split_long(part: Part) -> list[Part]:
    """A section longer than Slack allows becomes several, cut at line breaks where possible."""
    if part.kind != "section" or len(part.text) <= SECTION_TEXT:
        return [part]
    pieces: list[Part] = []
    lines: list[str] = []
    size = 0
    for line in part.text.split("\n"):
        if lines and size + len(line) + 1 > SECTION_TEXT:
            pieces.append(Part("section", "\n".join(lines), part.alert if not pieces else None))
            lines, size = [], 0
        lines.append(line)
        size += len(line) + 1
    pieces.append(Part("section", "\n".join(lines), part.alert if not pieces else None))
    return pieces


def _units(parts: Sequence[Part]) -> list[list[Part]]:
    """The body in droppable units: whatever precedes the first alert, then one per alert."""
    units: list[list[Part]] = [[]]
    for part in parts:
        if part.alert is not None and part.kind == "section" and units[-1]:
            units.append([])
        units[-1].append(part)
    return [unit for unit in units if unit]


def build_message(
    parts: Sequence[Part],
    actions: ActionsFor | None = None,
    accessory: Accessory | None = None,
    hidden_hint: str = "`/socialpulse alerts` lists them all",
    fallback: str | None = None,
    max_blocks: int = MAX_BLOCKS,
) -> SlackMessage:
    """Turn parts into validated blocks, at most `max_blocks` of them (Slack refuses more).

    Everything before an `<actions>` part is the body and may be shortened: whole alerts are
    dropped from the end first, then single blocks; a context line says what was left out.
    The `<actions>` part (added at the end when the layout has none) and what follows it stay.
    """
    parts = [piece for part in parts for piece in _split_long(part)]
    split = next((i for i, part in enumerate(parts) if part.kind == "actions"), None)
    body = list(parts if split is None else parts[:split])
    tail = [] if split is None else list(parts[split:])
    if split is None and actions is not None:
        tail = [Part("actions")]
    header = [body.pop(0)] if body and body[0].kind == "header" else []
    units = _units(body)
    budget = max_blocks - len(header) - len(tail)
    hidden_alerts = hidden_blocks = 0
    if sum(len(unit) for unit in units) > budget:
        budget -= 1  # room for the line that says what was left out
        while units and sum(len(unit) for unit in units) > budget:
            if len(units) > 1:
                dropped = units.pop()
                hidden_alerts += sum(1 for p in dropped if p.alert and p.kind == "section")
            else:
                units[0].pop()
                hidden_blocks += 1
                if not units[0]:
                    units.pop()
    kept = header + [part for unit in units for part in unit]
    shown_alerts = tuple(
        dict.fromkeys(p.alert for p in kept if p.alert is not None and p.kind == "section")
    )
    blocks: list[Block] = [_block(part, accessory) for part in kept]
    if hidden_alerts or hidden_blocks:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(text=_hidden_line(hidden_alerts, hidden_blocks, hidden_hint))
                ]
            )
        )
    for part in tail:
        if part.kind == "actions":
            elements = list(actions(shown_alerts)) if actions is not None else []
            if elements:
                blocks.append(ActionsBlock(block_id="actions", elements=elements))
        else:
            blocks.append(_block(part, accessory))
    validate(blocks, max_blocks)
    text = fallback if fallback is not None else _fallback(kept)
    return SlackMessage(
        text=trim_escaped(text, FALLBACK_TEXT),
        blocks=blocks,
        hidden=hidden_alerts + hidden_blocks,
    )


def _hidden_line(alerts: int, blocks: int, hint: str) -> str:
    if alerts:
        noun = "alert" if alerts == 1 else "alerts"
        return f"…and {alerts} more {noun} not shown here — {hint}"
    noun = "part" if blocks == 1 else "parts"
    return f"…{blocks} more {noun} not shown (Slack allows {MAX_BLOCKS} blocks per message)"


def _fallback(parts: Sequence[Part]) -> str:
    """The notification text: the header, else the first line of the first text part."""
    for part in parts:
        if part.text.strip():
            return " ".join(part.text.split())
    return "socialpulse"


def validate(blocks: Sequence[Block], max_blocks: int = MAX_BLOCKS) -> None:
    """Raise if Slack would refuse these blocks: slack_sdk's checks plus the block count."""
    if len(blocks) > max_blocks:
        raise ValueError(f"{len(blocks)} blocks; Slack allows at most {max_blocks} per message")
    ids = [block.block_id for block in blocks if block.block_id]
    if len(ids) != len(set(ids)):
        raise ValueError(f"duplicate block_id in {ids}")
    for block in blocks:
        block.to_dict()
