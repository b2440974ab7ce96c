"""The name of each configured feed as the workspace writes it, for /healthz and /metrics."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

__all__ = ["FeedNames"]

# Where the store's checkpoints name an export imported from the drop folder.
_DROP_PREFIX = "drop:"


def _name(path: Path, base: Path) -> str:
    """The path relative to the workspace file's folder when it lies inside it, else as given."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


class FeedNames:
    """Maps the sources the store and the followers use (absolute paths, one per dropped file)
    to the configured feeds: a watched file's path and the drop folder's, relative to the
    workspace; every export in the drop folder counts under the folder's name."""

    def __init__(self, base: Path, watched: Iterable[Path], drop_folder: Path | None) -> None:
        self._files = {str(path.resolve()): _name(path, base) for path in watched}
        self._drop: tuple[str, str] | None = None
        if drop_folder is not None:
            self._drop = (str(drop_folder.resolve()), _name(drop_folder, base))

    @property
    def names(self) -> list[str]:
        found = list(self._files.values())
        if self._drop is not None:
            found.append(self._drop[1])
        return found

    @property
    def drop_folder(self) -> str | None:
        return None if self._drop is None else self._drop[1]

    def of(self, source: str) -> str | None:
        """The configured feed a source belongs to; None for anything not configured (a
        one-shot `ingest FILE`, a feed since removed from the workspace)."""
        if source in self._files:
            return self._files[source]
        if self._drop is not None and source.startswith(_DROP_PREFIX):
            folder, name = self._drop
            if Path(source[len(_DROP_PREFIX) :]).is_relative_to(folder):
                return name
        return None
