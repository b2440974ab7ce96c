"""Token-shaped values are recognised in any text and never shown; ordinary text is left be."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.config.errors import ConfigError, ConfigProblem
from bot.redaction import MASK, redact, secret_kind, shown
from bot.settings import load_settings
from tests.conftest import REPO
from tests.test_workspace import DRILL_TOKEN, TOKENS

ORDINARY = [
    "xoxo-from-the-kettlecrumb-crew",
    "— the Kettlecrumb oven crew 🥐",
    "Yes — 5–8 business days, duties included at checkout.",
    "https://alpenglow.example/products/summit-shell-waterproof-jacket?utm_source=ig",
    "SummerSaleRetargetingLookalikeAudiencesEU2024",
    "ThisIsAVeryLongCamelCaseIdentifierName2",
    "Donaudampfschifffahrtsgesellschaftskapitaen2024",
    "desk-lamp-with-usb-charging-port-and-wireless-pad",
    "task-0123456789abcdefghij-done",
    "alert 3f2a9c0d1e4b5a69 fired for campaign Winter Shells",
    "at 10:30 on 2026-11-25, order #1234567890",
    "12345678901234567890123456789012345",
    "00000000-0000-4000-8000-000000000000",
]


@pytest.mark.parametrize("kind", list(TOKENS))
def test_each_token_shape_is_recognised_alone_and_inside_text(kind: str) -> None:
    token = TOKENS[kind]

    assert secret_kind(token) == kind
    assert secret_kind(f"see https://example.com/hook?key={token}&x=1 please") == kind
    assert redact(f"before {token} after") == f"before {MASK} after"
    assert shown(token) == f"what looks like a {kind}, not shown"


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_not_taken_for_a_token(text: str) -> None:
    assert secret_kind(text) is None
    assert redact(text) == text
    assert shown(text) == repr(text)


def test_a_telegram_token_inside_a_bot_api_url_is_masked() -> None:
    url = f"https://api.telegram.org/bot{TOKENS['Telegram bot token']}/getMe"

    assert redact(url) == f"https://api.telegram.org/bot{MASK}/getMe"


def test_known_secrets_are_masked_whatever_their_shape_and_case() -> None:
    text = redact("signing secret is Hunter2-Horse and a short abc", ["hunter2-horse", "abc"])

    assert text == f"signing secret is {MASK} and a short abc"


def test_shown_masks_a_token_inside_a_list_or_mapping() -> None:
    assert shown({"channel": DRILL_TOKEN}) == f"{{'channel': '{MASK}'}}"


def test_a_config_problem_masks_a_token_whoever_wrote_its_message() -> None:
    problem = ConfigProblem(
        "ws.yaml", f"rules[0].{DRILL_TOKEN}", f"bad value (got {DRILL_TOKEN!r})"
    )

    for text in (str(problem), repr(problem), str(ConfigError([problem]))):
        assert "SECRET123abc" not in text
    assert problem.key == f"rules[0].{MASK}"


def test_a_settings_error_never_quotes_a_token_of_any_platform(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in list(os.environ):
        if name.upper().startswith(("SOCIALPULSE_", "SLACK_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOCIALPULSE_LOG_LEVEL", TOKENS["OpenAI API key"])
    monkeypatch.setenv("SOCIALPULSE_LOG_FORMAT", TOKENS["Meta access token"])

    with pytest.raises(ConfigError) as caught:
        load_settings(None)

    text = str(caught.value)
    # The log format is lower-cased before it is checked; the token is still recognised.
    assert "t3blbkfj" not in text.lower() and "bwzlixnj" not in text.lower()
    assert text.count("; not shown)") == 2


def test_the_shipped_reply_templates_and_examples_hold_no_token() -> None:
    # Reply templates are posted in public word for word; the examples are copied by hand.
    files = [
        *(REPO / "templates").rglob("*.j2"),
        REPO / "deploy" / "workspace.example.yaml",
        REPO / ".env.example",
    ]
    found = [
        (path.relative_to(REPO), number)
        for path in files
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if secret_kind(line)
    ]
    assert found == []
