"""The one Jinja2 environment setup that every message and reply template is rendered with."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.bccache import Bucket

from bot.bundled import templates_dir

__all__ = ["COMPILED_KEPT", "CompiledTemplates", "template_environment"]

# Compiled templates kept per process: every shipped template (about a hundred) for the two
# filter sets of the message renderer and the reply library, with room to spare.
COMPILED_KEPT = 512


class CompiledTemplates(jinja2.BytecodeCache):
    """Each template file compiled once per process, for each set of filters and tests.

    Every new engine builds its own environment and would otherwise compile every reply
    template again (most of the cost of its first draft). A template is kept under its name,
    file, and the filters and tests of the environment that compiled it (Jinja2 folds a
    constant through a filter when it compiles), with the checksum of its source, so an edited
    file is compiled anew. Every environment here has the same options, the rest of the key.
    At most ``maxsize`` are kept, the least recently used going first: a process that builds
    environments over many folders or filter sets (a test run, a workspace reloaded with
    templates of its own) would otherwise hold every template it ever compiled.
    """

    def __init__(self, maxsize: int = COMPILED_KEPT) -> None:
        self.maxsize = maxsize
        # Least recently used first: the first to go when a new one would pass maxsize.
        self._code: OrderedDict[
            tuple[str, frozenset[object], frozenset[object]], tuple[str, CodeType]
        ] = OrderedDict()
        # Engines render in worker threads too: a hit moves its entry, a store may evict one.
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._code)

    @staticmethod
    def _key(bucket: Bucket) -> tuple[str, frozenset[object], frozenset[object]]:
        environment = bucket.environment
        return (
            bucket.key,
            frozenset(environment.filters.items()),
            frozenset(environment.tests.items()),
        )

    def load_bytecode(self, bucket: Bucket) -> None:
        key = self._key(bucket)
        with self._lock:
            kept = self._code.get(key)
            if kept is not None and kept[0] == bucket.checksum:
                self._code.move_to_end(key)
                bucket.code = kept[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        key = self._key(bucket)
        with self._lock:
            self._code[key] = (bucket.checksum, bucket.code)
            self._code.move_to_end(key)
            while len(self._code) > self.maxsize:
                self._code.popitem(last=False)


_COMPILED = CompiledTemplates()


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
        bytecode_cache=_COMPILED,
    )
    environment.filters.update(filters or {})
    return environment
