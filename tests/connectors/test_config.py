"""The workspace's `comments_in` section: checked at load, with the file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config.errors import ConfigError
from bot.config.loading import load_workspace

BRANDS = "brands:\n  - {id: alpenglow, name: Alpenglow}\n"


def problems(tmp_path: Path, section: str) -> str:
    path = tmp_path / "workspace.yaml"
    path.write_text(BRANDS + section, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_workspace(path)
    return str(caught.value)


def test_no_section_means_feed_files_only(tmp_path: Path) -> None:
    path = tmp_path / "workspace.yaml"
    path.write_text(BRANDS, encoding="utf-8")
    assert not load_workspace(path).comments_in.enabled


def test_an_unknown_brand_and_an_account_listed_twice_are_named(tmp_path: Path) -> None:
    text = problems(
        tmp_path,
        "comments_in:\n  accounts:\n"
        "    - {brand: alpenglow, platform: facebook, id: '1', token_env: A}\n"
        "    - {brand: alpenglow, platform: facebook, id: '1', token_env: A}\n"
        "    - {brand: elsewhere, platform: youtube, id: UC1, token_env: B}\n",
    )
    assert "comments_in.accounts[1].id: facebook account 1 is listed twice" in text
    assert "comments_in.accounts[2].brand: unknown brand 'elsewhere'" in text


def test_a_secret_written_where_its_variable_name_belongs_is_refused_unshown(
    tmp_path: Path,
) -> None:
    token = "EAAGm0PX4ZCpsBAKZCZAqYZBxZC9vZAbZAZAy7ZBaZB8ZAZCZB9ZB0ZAsZBZBkZC"
    text = problems(
        tmp_path,
        f"comments_in:\n  sources:\n    - {{name: zapier, secret_env: '{token}'}}\n",
    )
    assert "comments_in.sources[0].secret_env" in text
    assert token not in text


def test_polling_faster_than_every_10s_is_refused(tmp_path: Path) -> None:
    text = problems(tmp_path, "comments_in:\n  poll_every: 2s\n")
    assert "comments_in.poll_every: must be at least 10s" in text


def test_a_misspelt_key_is_named(tmp_path: Path) -> None:
    text = problems(
        tmp_path,
        "comments_in:\n  accounts:\n"
        "    - {brand: alpenglow, platform: facebook, id: '1', token: A}\n",
    )
    assert "comments_in.accounts[0].token: unknown key; did you mean 'token_env'?" in text


def test_connector_and_publishing_sections_share_one_variable_name_rule(tmp_path: Path) -> None:
    # One field type for every `*_env` key: the same name is refused in both with one message,
    # naming the file, the line and the key.
    text = problems(
        tmp_path,
        "comments_in:\n  accounts:\n"
        "    - {brand: alpenglow, platform: facebook, id: '1', token_env: PAGE-TOKEN}\n"
        "publishing:\n"
        "  - {brand: alpenglow, platform: facebook, account: '1', token_env: PAGE-TOKEN}\n",
    )
    path = tmp_path / "workspace.yaml"
    message = "not a variable name (got 'PAGE-TOKEN')"
    assert f"{path}:5: comments_in.accounts[0].token_env: {message}" in text
    assert f"{path}:7: publishing[0].token_env: {message}" in text


def test_a_lower_case_variable_name_is_read_in_every_section(tmp_path: Path) -> None:
    path = tmp_path / "workspace.yaml"
    path.write_text(
        BRANDS + "comments_in:\n  accounts:\n"
        "    - {brand: alpenglow, platform: facebook, id: '1', token_env: page_token}\n"
        "publishing:\n"
        "  - {brand: alpenglow, platform: facebook, account: '1', token_env: page_token}\n",
        encoding="utf-8",
    )
    workspace = load_workspace(path)
    assert workspace.comments_in.accounts[0].token_env == "page_token"
    assert workspace.publishing[0].token_env == "page_token"


def test_every_connector_section_is_a_workspace_section() -> None:
    # The connector sections share the workspace's one base: frozen, unknown keys refused,
    # input never quoted by pydantic itself (the one translator quotes it when safe).
    from bot.config.ads_in import AdAccount, AdsIn
    from bot.config.comments_in import CommentAccount, CommentsIn, HookSource, MetaApp
    from bot.config.fields import Section

    for model in (AdAccount, AdsIn, CommentAccount, CommentsIn, HookSource, MetaApp):
        assert issubclass(model, Section), model.__name__
