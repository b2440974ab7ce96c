"""Connector secrets: named by variable, from the environment first, then the `.env` file;
never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.connectors.secrets import MissingSecret, Secrets


def test_the_environment_wins_over_the_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / "bot.env"
    env_file.write_text("PAGE_TOKEN=from-file\nYT_KEY=key-from-file\nEMPTY=\n", encoding="utf-8")
    secrets = Secrets({"PAGE_TOKEN": "from-environment"}, env_file)
    assert secrets.get("PAGE_TOKEN") == "from-environment"
    assert secrets.get("YT_KEY") == "key-from-file"
    with pytest.raises(MissingSecret, match="EMPTY is not set"):
        secrets.get("EMPTY")
    assert "from-file" not in repr(secrets) and "key-from-file" not in repr(secrets)


def test_a_missing_file_is_no_error() -> None:
    secrets = Secrets({}, Path("/nonexistent/.env"))
    with pytest.raises(MissingSecret, match=r"^PAGE_TOKEN is not set"):
        secrets.get("PAGE_TOKEN")
