"""Where the message templates and the sample feeds are, installed or in a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["sample_workspace", "samples_dir", "templates_dir"]

# In a checkout (and an editable install) they sit at the top of the repository, where the
# team edits them; a built package carries them inside as bot/templates and bot/samples_data
# (pyproject.toml maps the folders).
_CHECKOUT = Path(__file__).resolve().parent.parent


def _bundled(inside: str, at_top: str) -> Path:
    """The folder shipped in the package if there is one, else the checkout's."""
    # A wheel installed by pip is unpacked, so the package's files are plain files on disk.
    shipped = resources.files("bot").joinpath(inside)
    if isinstance(shipped, Path) and shipped.is_dir():
        return shipped
    return _CHECKOUT / at_top


def templates_dir() -> Path:
    """The Jinja templates of every message and reply."""
    return _bundled("templates", "templates")


def samples_dir() -> Path:
    """The seeded sample feeds that `socialpulse demo` replays, with their workspace."""
    return _bundled("samples_data", "samples")


def sample_workspace() -> Path:
    """The demo's workspace: console only, its feeds beside it in the samples folder."""
    return samples_dir() / "workspace.yaml"
