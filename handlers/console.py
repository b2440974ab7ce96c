"""The console channel: readable, coloured notices on a terminal (the embedded default)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import logging
import queue
import re
import threading
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from bot.channel import ChannelError, MessageRef
from bot.notices import Notice, NoticeKind
from bot.rendering import Renderer, strip_controls

__all__ = ["PRINT_WAIT", "ConsoleChannel"]

log = logging.getLogger(__name__)

# How long a send waits for its print. A print still under way then (a terminal or pipe that
# takes no output, a render that crawls on a starved machine) is left to finish on the
# console's thread and its notice is recorded as sent: it shows once the terminal takes output
# again, and printing it again would only queue a copy behind it (docs/workers.md). Well
# under the call limit (bot/delivery.py), past which a send counts as failed and may show twice.
PRINT_WAIT = timedelta(seconds=10)

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


class _ConsoleThread(concurrent.futures.Executor):
    """The console's own thread: its prints, one at a time, off the event loop and off the
    loop's default executor, so a terminal that takes no output holds this thread alone, not
    one that reads a feed or a file. A daemon: a print stuck at exit does not hold the
    process. Started at the first print."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._jobs: queue.SimpleQueue[
            tuple[concurrent.futures.Future[Any], Callable[..., Any], tuple[Any, ...]] | None
        ] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name=f"socialpulse-{self._name}", daemon=True
                )
                self._thread.start()
            self._jobs.put((future, fn, args))
        return future

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            future, fn, args = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # handed to whoever waits for the print
                future.set_exception(exc)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            if self._thread is not None:
                self._jobs.put(None)
                self._thread = None


class ConsoleChannel:
    """Prints each notice as a panel; `show_at_most` keeps a demo's screen readable.

    Prints run on the channel's own thread, one at a time. A send waits `print_wait` for its
    print; one still under way then is recorded as sent (it shows once the terminal takes
    output again), and while it is, the next sends fail as retryable without printing, so the
    notices behind it stay queued rather than pile up behind a terminal that reads nothing.
    """

    def __init__(
        self,
        renderer: Renderer,
        console: Console | None = None,
        name: str = "console",
        show_at_most: dict[NoticeKind, int] | None = None,
        connected: Callable[[str, str], bool] | None = None,
        print_wait: timedelta = PRINT_WAIT,
    ) -> None:
        self.name = name
        self._thread = _ConsoleThread(name)
        self._print_wait = print_wait.total_seconds()
        # The print handed to the thread last, until it is done.
        self._printing: concurrent.futures.Future[Any] | None = None
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
        self._ready()
        self._shown[notice.kind] += 1
        # Rendered and written on the console's thread: a write that blocks (a full pipe, a
        # stalled log collector) or a long render on a starved machine holds that thread, not
        # the event loop on which the worker renews its leases and claims (docs/workers.md).
        await self._print(notice, self.show, notice, message_id)
        return ref

    def _ready(self) -> None:
        """ChannelError (retryable, nothing printed) while an earlier print is under way."""
        if self._printing is not None and not self._printing.done():
            raise ChannelError(
                f"{self.name}: an earlier print is still under way (the terminal takes no output)",
                retryable=True,
                retry_after=self._print_wait,
            )

    async def _print(self, notice: Notice, show: Callable[..., None], *args: Any) -> None:
        """Hand `show(*args)` to the console's thread and wait for it at most `print_wait`;
        past that it is left to finish there, counted as printed: once handed over it is
        never printed again by this channel."""
        printing = self._thread.submit(show, *args)
        self._printing = printing
        done, _ = await asyncio.wait({asyncio.wrap_future(printing)}, timeout=self._print_wait)
        if done:
            printing.result()
            return
        log.warning(
            "console print under way for %.0fs (the terminal takes no output) id=%s"
            " receiver=%s; recorded as sent: it shows once the terminal takes output, not"
            " printed again",
            self._print_wait,
            notice.id,
            notice.receiver,
        )
        printing.add_done_callback(partial(_late_failure, notice))

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
        self._ready()
        await self._print(notice, self._show_update, ref, notice)

    def _show_update(self, ref: MessageRef, notice: Notice) -> None:
        self._console.print(Text(f"↳ message {ref.message_id} updated: {self.render(notice)}"))

    def held_back(self) -> dict[str, int]:
        """How many notices were recorded as delivered but not printed (over `show_at_most`)."""
        return dict(self._held)

    async def close(self) -> None:
        """Wait for the print under way, if any (the caller bounds the wait: a terminal that
        takes no output does not hold the process, the thread is a daemon), then end the
        console's thread."""
        printing = self._printing
        if printing is not None and not printing.done():
            await asyncio.wait({asyncio.wrap_future(printing)})
        self._thread.shutdown()


def _late_failure(notice: Notice, printing: concurrent.futures.Future[Any]) -> None:
    """A print recorded as sent while under way that then failed (its render, its write)."""
    if printing.cancelled() or printing.exception() is None:
        return
    log.error(
        "console print recorded as sent failed id=%s receiver=%s error=%r",
        notice.id,
        notice.receiver,
        printing.exception(),
    )
