"""The console channel: readable, coloured notices on a terminal (the embedded default)."""

from __future__ import annotations

import asyncio
import itertools
import re
from collections import Counter
from collections.abc import Callable

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from bot.channel import MessageRef
from bot.notices import Notice, NoticeKind
from bot.rendering import Renderer, strip_controls

__all__ = ["ConsoleChannel"]

_STYLE: dict[str, str] = {
    "draft": "cyan",
    "decision": "green",
    "alert": "yellow",
    "resolved": "green",
    "summary": "magenta",
    "text": "white",
}
_SEVERITY_STYLE = {"critical": "bold red", "warning": "yellow", "info": "blue"}
# A line break inside a value, held until a template's `lines` or `quote` filter places it; any
# left after rendering become spaces, so a name cannot start a line of its own. strip_controls
# removes this character from every input, so only _escape_value writes it.
_LINE_BREAK = "\x1e"
_LEFT_BREAKS = re.compile(rf"[ \t]*{_LINE_BREAK}[{_LINE_BREAK} \t]*")
_QUOTE_BAR = "  │ "


def _escape_value(value: str) -> str:
    """Every string of a console template's context: terminal-safe and on one line."""
    return strip_controls(value).replace("\n", _LINE_BREAK)


def _lines(value: str, indent: str = "") -> str:
    """Template filter: a multi-line value, its later lines indented by `indent`."""
    return value.replace(_LINE_BREAK, "\n" + indent)


def _quote(value: str) -> str:
    """Template filter: a multi-line value behind a bar, so none of its lines passes for ours."""
    return "\n".join(_QUOTE_BAR + line for line in value.split(_LINE_BREAK))


class ConsoleChannel:
    """Prints each notice as a panel; `show_at_most` keeps a demo's screen readable."""

    def __init__(
        self,
        renderer: Renderer,
        console: Console | None = None,
        name: str = "console",
        show_at_most: dict[NoticeKind, int] | None = None,
        connected: Callable[[str, str], bool] | None = None,
    ) -> None:
        self.name = name
        # Whether a brand's platform has a publishing account (Approve posts, or only records).
        self._connected = connected
        self._renderer = renderer
        renderer.env.filters.update(lines=_lines, quote=_quote)
        self._console = console or Console(highlight=False)
        self._limits = show_at_most or {}
        self._shown: Counter[str] = Counter()
        self._held: Counter[str] = Counter()
        self._ids = itertools.count(1)

    async def start(self) -> None:
        return None

    def render(self, notice: Notice) -> str:
        context = dict(notice.data)
        if self._connected is not None:
            brand, platform = str(context.get("brand", "")), str(context.get("platform", ""))
            context["connector"] = self._connected(brand, platform)
        rendered = self._renderer.render(f"console/{notice.kind}.j2", context, _escape_value)
        return _LEFT_BREAKS.sub(" ", rendered)

    async def send(self, notice: Notice) -> MessageRef:
        message_id = str(notice.id if notice.id is not None else next(self._ids))
        ref = MessageRef(self.name, "console", "stdout", message_id)
        limit = self._limits.get(notice.kind)
        if limit is not None and self._shown[notice.kind] >= limit:
            self._held[notice.kind] += 1
            return ref
        self._shown[notice.kind] += 1
        # Rendered and written in a thread: a write that blocks (a full pipe, a stalled log
        # collector) or a long render on a starved machine holds that thread, not the event
        # loop on which the worker renews its leases and claims (docs/workers.md).
        await asyncio.to_thread(self.show, notice, message_id)
        return ref

    def show(self, notice: Notice, message_id: str = "") -> None:
        """Print one notice as a panel."""
        style = _STYLE.get(notice.kind, "white")
        if notice.kind == "alert":
            severities = [a.get("severity", "") for a in notice.data.get("alerts", [])]
            worst = next((s for s in ("critical", "warning", "info") if s in severities), "")
            style = _SEVERITY_STYLE.get(worst, style)
        title = f"{notice.kind} → {self.name}" + (f" · message {message_id}" if message_id else "")
        self._console.print(
            Panel(Text(self.render(notice)), title=title, border_style=style, expand=False)
        )

    async def update(self, ref: MessageRef, notice: Notice) -> None:
        await asyncio.to_thread(self._show_update, ref, notice)

    def _show_update(self, ref: MessageRef, notice: Notice) -> None:
        self._console.print(Text(f"↳ message {ref.message_id} updated: {self.render(notice)}"))

    def held_back(self) -> dict[str, int]:
        """How many notices were recorded as delivered but not printed (over `show_at_most`)."""
        return dict(self._held)

    async def close(self) -> None:
        return None
