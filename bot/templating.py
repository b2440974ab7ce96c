"""The one Jinja2 environment setup that every message and reply template is rendered with."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from bot.bundled import templates_dir

__all__ = ["template_environment"]


def template_environment(
    directory: Path | None = None, filters: Mapping[str, Callable[..., Any]] | None = None
) -> jinja2.Environment:
    """A Jinja2 environment over ``directory`` (the shipped templates when None) with ``filters``.

    A missing value is an error, never blank text. Nothing is escaped here: each channel
    escapes the untrusted text in the context by its own rule before a template sees it.
    """
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory if directory is not None else templates_dir()),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    environment.filters.update(filters or {})
    return environment
