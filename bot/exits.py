"""The exit status of every socialpulse command, defined once (README "Command line")."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["Exit"]


class Exit(IntEnum):
    """What a command's exit status tells a script or a service manager."""

    OK = 0
    FAILED = 1  # the command ran and could not do what was asked (no such draft, no data)
    USAGE = 2  # wrong arguments (argparse) or an unknown brand, receiver or day
    CONFIG = 3  # the settings or the workspace file are invalid
    DATABASE = 4  # the database is damaged, read-only, locked or missing where one was kept
    REFUSED = 5  # `ingest`: a file or some lines were refused (quarantined); the rest was stored
