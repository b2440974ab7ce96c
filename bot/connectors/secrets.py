"""Connector secrets named by environment variable: the environment first, then `.env`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from dotenv import dotenv_values

__all__ = ["MissingSecret", "Secrets"]


class MissingSecret(LookupError):
    """A secret the workspace names is not set; the message names the variable, never a value."""


class Secrets:
    """Looks secrets up by variable name; values never appear in reprs or errors."""

    def __init__(self, environ: Mapping[str, str] | None = None, env_file: Path | None = None):
        values: dict[str, str] = {}
        if env_file is not None and env_file.is_file():
            for name, value in dotenv_values(env_file, interpolate=False).items():
                if value:
                    values[name] = value
        for name, value in (os.environ if environ is None else environ).items():
            if value:
                values[name] = value
        self._values = values

    def __repr__(self) -> str:
        return f"Secrets({len(self._values)} variables)"

    def get(self, name: str) -> str:
        value = self._values.get(name)
        if value is None:
            raise MissingSecret(f"{name} is not set (in the environment or .env)")
        return value

    def known(self, *names: str) -> list[str]:
        """The values of the named variables that are set (for redaction)."""
        return [self._values[name] for name in names if name in self._values]
