"""One Jinja2 environment for every message; untrusted text is escaped for its channel first."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from bot.bundled import templates_dir
from bot.templating import template_environment

__all__ = [
    "TEMPLATES_DIR",
    "Escape",
    "Renderer",
    "escape_all",
    "strip_controls",
]

# Shipped with the package (or at the top of a checkout), never looked up from the working
# directory: the bot renders the same messages wherever it is started.
TEMPLATES_DIR = templates_dir()

Escape = Callable[[str], str]

_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200c\u200e-\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


def strip_controls(text: str) -> str:
    """Terminal-safe text: no escape sequences, no bidi overrides, newlines and tabs kept."""
    return _CONTROL.sub("", text)


def escape_all(value: Any, escape: Escape) -> Any:
    """Escape every string inside a JSON-like value, so no template can forget one."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, Mapping):
        return {k: escape_all(v, escape) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [escape_all(v, escape) for v in value]
    return value


def _truncate(text: str, limit: int, marker: str = "…") -> str:
    if len(text) <= limit:
        return text
    cut = text[: max(limit - len(marker), 0)]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + marker


def _thousands(value: float | int) -> str:
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if abs(value) >= 10_000:
        return f"{value / 1_000:.0f}k"
    return f"{value:,.0f}" if isinstance(value, int) or value == int(value) else f"{value:,.2f}"


class Renderer:
    """Renders `templates/<name>` with a context escaped by the channel's own rule."""

    def __init__(self, templates_dir: Path = TEMPLATES_DIR) -> None:
        self.env = template_environment(
            templates_dir, {"truncate_words": _truncate, "thousands": _thousands}
        )

    def render(self, name: str, context: Mapping[str, Any], escape: Escape) -> str:
        template = self.env.get_template(name)
        return template.render(**escape_all(dict(context), escape)).strip()
