"""Tests for settings read from the environment and a `.env` file."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from bot.cli import main
from bot.config.errors import ConfigError, ConfigProblem
from bot.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
SAMPLE_WORKSPACE = REPO / "samples" / "workspace.yaml"
BOT_TOKEN = "xoxb-1111-2222-TOPSECRETbot"
APP_TOKEN = "xapp-1-A111-TOPSECRETapp"
SIGNING_SECRET = "0123456789abcdefTOPSECRETsign"
TELEGRAM_TOKEN = "123456789:AAE-TOPSECRETtelegram"
WEBHOOK_SECRET = "TOPSECRET_webhook-token"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No real variable or stray .env of the machine running the tests may leak in."""
    for name in list(os.environ):
        if name.upper().startswith(("SOCIALPULSE_", "SLACK_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def write_env(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.env"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(env_file: Path | None = None) -> list[ConfigProblem]:
    with pytest.raises(ConfigError) as caught:
        load_settings(env_file)
    return caught.value.problems


def test_defaults_run_console_only() -> None:
    settings = load_settings(None)

    assert settings.workspace == Path("samples/workspace.yaml")
    assert settings.db_path == Path("data/socialpulse.db")
    assert settings.log_level == "INFO"
    assert settings.log_format == "text"
    assert settings.outbox_path == Path("data/outbox.jsonl")
    assert settings.chart_dir == Path("data/charts")
    assert settings.http_port == 9108
    assert settings.slack_mode == "socket"
    assert settings.slack_http_port == 3000
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.telegram_api_url == "https://api.telegram.org/bot"
    assert settings.telegram_mode == "polling"
    assert settings.telegram_webhook_port == 8443
    assert not settings.slack_enabled
    assert not settings.telegram_enabled


def test_reads_our_prefixed_and_the_platform_variables_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOCIALPULSE_WORKSPACE", "/etc/socialpulse/workspace.yaml")
    monkeypatch.setenv("SOCIALPULSE_LOG_LEVEL", "debug")
    monkeypatch.setenv("SOCIALPULSE_LOG_FORMAT", "json")
    monkeypatch.setenv("SOCIALPULSE_HTTP_PORT", "9200")
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN)

    settings = load_settings(None)

    assert settings.workspace == Path("/etc/socialpulse/workspace.yaml")
    assert settings.log_level == "DEBUG"
    assert settings.log_format == "json"
    assert settings.http_port == 9200
    assert settings.slack_enabled and settings.telegram_enabled
    assert settings.slack_bot_token is not None
    assert settings.slack_bot_token.get_secret_value() == BOT_TOKEN


def test_reads_a_dotenv_file_and_the_environment_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env_file = write_env(
        tmp_path,
        "SOCIALPULSE_DB_PATH=/var/lib/socialpulse/db.sqlite\n"
        "SOCIALPULSE_LOG_LEVEL=WARNING\n"
        "SLACK_MODE=http\n"
        f"SLACK_BOT_TOKEN={BOT_TOKEN}\n"
        f"SLACK_SIGNING_SECRET={SIGNING_SECRET}\n"
        "SLACK_HTTP_PORT=3100\n"
        "UNRELATED_TOOL_SETTING=kept out\n",
    )
    monkeypatch.setenv("SOCIALPULSE_LOG_LEVEL", "error")

    settings = load_settings(env_file)

    assert settings.db_path == Path("/var/lib/socialpulse/db.sqlite")
    assert settings.log_level == "ERROR"
    assert settings.slack_mode == "http"
    assert settings.slack_http_port == 3100
    assert settings.slack_enabled


def test_dotenv_in_the_working_folder_is_the_default(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SOCIALPULSE_CHART_DIR=charts-here\n", encoding="utf-8")

    assert load_settings().chart_dir == Path("charts-here")
    assert load_settings(None).chart_dir == Path("data/charts")


def test_the_shipped_env_example_loads_as_the_defaults(tmp_path: Path) -> None:
    env_file = write_env(tmp_path, (REPO / ".env.example").read_text(encoding="utf-8"))

    assert load_settings(env_file) == load_settings(None)


def test_every_setting_is_documented_in_env_example() -> None:
    example = (REPO / ".env.example").read_text(encoding="utf-8")

    for name in load_settings(None).redacted():
        assert f"\n{name}=" in example, name


def test_prefixed_platform_variable_is_accepted_and_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:plain")
    monkeypatch.setenv("SOCIALPULSE_TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN)

    token = load_settings(None).telegram_bot_token

    assert token is not None and token.get_secret_value() == TELEGRAM_TOKEN


def test_empty_values_count_as_not_set(tmp_path: Path) -> None:
    env_file = write_env(
        tmp_path, "SLACK_BOT_TOKEN=\nTELEGRAM_BOT_TOKEN=\nSOCIALPULSE_LOG_LEVEL=\n"
    )

    settings = load_settings(env_file)

    assert not settings.slack_enabled and not settings.telegram_enabled
    assert settings.log_level == "INFO"


def test_settings_are_frozen() -> None:
    settings = load_settings(None)

    with pytest.raises(ValidationError):
        settings.log_level = "DEBUG"


def test_redacted_shows_whether_secrets_are_set_never_their_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN)
    monkeypatch.setenv("TELEGRAM_MODE", "webhook")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://bot.example.com/telegram")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET)

    settings = load_settings(None)
    shown = settings.redacted()

    assert shown["SLACK_BOT_TOKEN"] == "set (xoxb-…)"
    assert shown["SLACK_APP_TOKEN"] == "set (xapp-…)"
    assert shown["TELEGRAM_BOT_TOKEN"] == "**********"
    assert shown["TELEGRAM_WEBHOOK_SECRET"] == "**********"
    assert shown["SLACK_SIGNING_SECRET"] == "not set"
    assert shown["TELEGRAM_WEBHOOK_URL"] == "https://bot.example.com/telegram"
    assert shown["SOCIALPULSE_LOG_LEVEL"] == "INFO"
    for text in (repr(settings), str(settings), str(shown), f"{settings!r}"):
        assert "TOPSECRET" not in text


def test_a_secret_never_appears_in_the_error_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxp-user-TOPSECRETuser")
    monkeypatch.setenv("SLACK_APP_TOKEN", "wrong-TOPSECRETapp")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "not a TOPSECRET token")

    with pytest.raises(ConfigError) as caught:
        load_settings(None)

    assert "TOPSECRET" not in str(caught.value)
    assert "TOPSECRET" not in repr(caught.value.problems)
    assert "got a xoxp-… token" in str(caught.value)


@pytest.mark.parametrize(
    ("variables", "named", "fragment"),
    [
        ({"SLACK_BOT_TOKEN": "xoxp-user"}, "SLACK_BOT_TOKEN", "starting with xoxb-"),
        ({"SLACK_BOT_TOKEN": BOT_TOKEN}, "SLACK_APP_TOKEN", "required for SLACK_MODE=socket"),
        (
            {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": BOT_TOKEN},
            "SLACK_APP_TOKEN",
            "starting with xapp-",
        ),
        (
            {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_MODE": "http"},
            "SLACK_SIGNING_SECRET",
            "required for SLACK_MODE=http",
        ),
        ({"SLACK_APP_TOKEN": APP_TOKEN}, "SLACK_BOT_TOKEN", "required when SLACK_APP_TOKEN"),
        ({"TELEGRAM_BOT_TOKEN": "abc"}, "TELEGRAM_BOT_TOKEN", "@BotFather"),
        (
            {
                "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
                "TELEGRAM_MODE": "webhook",
                "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
            },
            "TELEGRAM_WEBHOOK_URL",
            "required for TELEGRAM_MODE=webhook",
        ),
        (
            {
                "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
                "TELEGRAM_MODE": "webhook",
                "TELEGRAM_WEBHOOK_URL": "http://bot.example.com/hook",
                "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
            },
            "TELEGRAM_WEBHOOK_URL",
            "must be https://",
        ),
        (
            {
                "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
                "TELEGRAM_MODE": "webhook",
                "TELEGRAM_WEBHOOK_URL": "https://bot.example.com/hook",
            },
            "TELEGRAM_WEBHOOK_SECRET",
            "required for TELEGRAM_MODE=webhook",
        ),
        ({"TELEGRAM_WEBHOOK_SECRET": "has spaces"}, "TELEGRAM_WEBHOOK_SECRET", "may only use"),
        (
            {
                "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_MODE": "http",
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_HTTP_PORT": "9108",
            },
            "SLACK_HTTP_PORT",
            "already used by SOCIALPULSE_HTTP_PORT",
        ),
        ({"SOCIALPULSE_LOG_LEVEL": "verbose"}, "SOCIALPULSE_LOG_LEVEL", "one of DEBUG, INFO"),
        ({"SOCIALPULSE_LOG_FORMAT": "xml"}, "SOCIALPULSE_LOG_FORMAT", "'text' or 'json'"),
        ({"SOCIALPULSE_HTTP_PORT": "ninety"}, "SOCIALPULSE_HTTP_PORT", "valid integer"),
        ({"SOCIALPULSE_HTTP_PORT": "70000"}, "SOCIALPULSE_HTTP_PORT", "65535"),
        ({"SLACK_MODE": "sockets"}, "SLACK_MODE", "'socket' or 'http'"),
        ({"SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL", "http:// or https://"),
    ],
)
def test_a_problem_names_the_variable_to_fix(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], named: str, fragment: str
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)

    problems = problems_of()

    matching = [problem for problem in problems if problem.key == named]
    assert matching, problems
    assert fragment in matching[0].message
    assert matching[0].file == "environment"


def test_problems_point_at_the_dotenv_file_when_the_value_came_from_it(tmp_path: Path) -> None:
    env_file = write_env(tmp_path, f"SLACK_BOT_TOKEN={BOT_TOKEN}\nSLACK_MODE=http\n")

    (problem,) = problems_of(env_file)

    assert problem.file == str(env_file)
    assert problem.key == "SLACK_SIGNING_SECRET"
    assert str(problem).startswith(f"{env_file}: SLACK_SIGNING_SECRET: is required")


def test_misspelt_prefixed_variables_are_reported_with_a_suggestion(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env_file = write_env(tmp_path, "SOCIALPULSE_LOG_LEVL=DEBUG\nOTHER_APP_TOKEN=ignored\n")
    monkeypatch.setenv("SOCIALPULSE_WORKSPCE", "x.yaml")
    monkeypatch.setenv("SOCIALPULSE_USER", "ana")

    problems = problems_of(env_file)

    assert {(problem.file, problem.key) for problem in problems} == {
        (str(env_file), "SOCIALPULSE_LOG_LEVL"),
        ("environment", "SOCIALPULSE_WORKSPCE"),
    }
    assert any("did you mean SOCIALPULSE_LOG_LEVEL?" in problem.message for problem in problems)


def test_several_problems_are_reported_together(tmp_path: Path) -> None:
    env_file = write_env(
        tmp_path, "SOCIALPULSE_LOG_LEVEL=loud\nSOCIALPULSE_HTTP_PORT=x\nTELEGRAM_MODE=push\n"
    )

    problems = problems_of(env_file)

    assert [problem.key for problem in problems] == [
        "SOCIALPULSE_LOG_LEVEL",
        "SOCIALPULSE_HTTP_PORT",
        "TELEGRAM_MODE",
    ]


def test_cross_checks_also_guard_direct_construction() -> None:
    with pytest.raises(ValidationError, match="SLACK_APP_TOKEN: is required"):
        Settings(_env_file=None, slack_bot_token=BOT_TOKEN)  # type: ignore[call-arg,arg-type]


def test_slack_api_url_gets_the_trailing_slash_slack_sdk_expects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:8888/api")

    assert load_settings(None).slack_api_url == "http://127.0.0.1:8888/api/"


def test_dotenv_values_are_read_as_written_not_expanded(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", "/home/ana")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN)
    env_file = write_env(
        tmp_path,
        "SOCIALPULSE_DB_PATH=${HOME}/db.sqlite\n"
        'SOCIALPULSE_CHART_DIR="${TELEGRAM_BOT_TOKEN}"\n'
        "SOCIALPULSE_OUTBOX_PATH=$HOME/out.jsonl\n",
    )

    settings = load_settings(env_file)

    assert settings.db_path == Path("${HOME}/db.sqlite")
    assert settings.chart_dir == Path("${TELEGRAM_BOT_TOKEN}")
    assert settings.outbox_path == Path("$HOME/out.jsonl")
    # Constructed directly, without load_settings, the file is read the same way.
    assert Settings(_env_file=env_file).db_path == Path("${HOME}/db.sqlite")  # type: ignore[call-arg]


def test_a_secret_referenced_from_a_setting_in_dotenv_is_not_printed(tmp_path: Path) -> None:
    env_file = write_env(
        tmp_path, f"SLACK_BOT_TOKEN={BOT_TOKEN}\nSOCIALPULSE_LOG_LEVEL=${{SLACK_BOT_TOKEN}}\n"
    )

    with pytest.raises(ConfigError) as caught:
        load_settings(env_file)

    (problem,) = caught.value.problems
    assert (problem.file, problem.key) == (str(env_file), "SOCIALPULSE_LOG_LEVEL")
    assert "(got '${SLACK_BOT_TOKEN}'; ${NAME} is not expanded" in problem.message
    assert "TOPSECRET" not in str(caught.value)
    assert "TOPSECRET" not in repr(caught.value.problems)


@pytest.mark.parametrize(
    ("secret_name", "secret", "variable", "value", "shown"),
    [
        ("SLACK_BOT_TOKEN", BOT_TOKEN, "SOCIALPULSE_LOG_LEVEL", BOT_TOKEN, "the value of"),
        (
            "SOCIALPULSE_SLACK_SIGNING_SECRET",
            SIGNING_SECRET,
            "SLACK_API_URL",
            f"slack.com/{SIGNING_SECRET}/",
            "a value that contains",
        ),
        ("TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET, "TELEGRAM_MODE", "TOPSECRET_web", "part of"),
    ],
)
def test_a_setting_holding_a_secret_value_names_the_secret_instead_of_quoting_it(
    monkeypatch: pytest.MonkeyPatch,
    secret_name: str,
    secret: str,
    variable: str,
    value: str,
    shown: str,
) -> None:
    # As when a shell, compose or systemd expanded ${SECRET} before the bot started.
    monkeypatch.setenv(secret_name, secret)
    monkeypatch.setenv(variable, value)

    with pytest.raises(ConfigError) as caught:
        load_settings(None)

    (problem,) = [problem for problem in caught.value.problems if problem.key == variable]
    assert f"(got {shown} {secret_name}; not shown)" in problem.message
    assert "TOPSECRET" not in str(caught.value)
    assert "TOPSECRET" not in repr(caught.value.problems)


def test_a_token_pasted_into_the_wrong_setting_is_not_printed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOCIALPULSE_LOG_FORMAT", BOT_TOKEN)
    monkeypatch.setenv("SOCIALPULSE_LOG_LEVEL", TELEGRAM_TOKEN + "-TOPSECRET-rest-of-it")

    problems = problems_of()

    assert all("looks like a Slack or Telegram token; not shown" in p.message for p in problems)
    assert "TOPSECRET" not in repr(problems)


def test_an_ordinary_wrong_value_is_still_quoted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SOCIALPULSE_LOG_LEVEL", "verbose")

    (problem,) = problems_of()

    assert problem.message.endswith("(got 'verbose')")


def test_a_token_left_as_a_reference_says_it_is_not_expanded(tmp_path: Path) -> None:
    env_file = write_env(tmp_path, "SLACK_BOT_TOKEN=${VAULT_SLACK_TOKEN}\nSLACK_MODE=http\n")

    problems = problems_of(env_file)

    (problem,) = [problem for problem in problems if problem.key == "SLACK_BOT_TOKEN"]
    assert "(got ${…}; ${NAME} is not expanded" in problem.message
    assert "VAULT" not in problem.message


def test_a_secret_inside_another_setting_is_masked_where_settings_are_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Telegram's guide suggests the token as the webhook path; compose may expand it in.
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN)
    monkeypatch.setenv("TELEGRAM_MODE", "webhook")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", f"https://bot.example.com/{TELEGRAM_TOKEN}")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET)

    settings = load_settings(None)

    assert settings.telegram_webhook_url == f"https://bot.example.com/{TELEGRAM_TOKEN}"
    assert settings.redacted()["TELEGRAM_WEBHOOK_URL"] == "https://bot.example.com/**********"
    for text in (repr(settings), str(settings), str(settings.redacted())):
        assert "TOPSECRET" not in text
    assert "telegram_webhook_url='https://bot.example.com/**********'" in repr(settings)


# --- every documented variable is read under its documented name ---------------------------

DOCUMENTED_IN = (
    REPO / ".env.example",
    REPO / "README.md",
    *sorted((REPO / "docs").glob("*.md")),
    *sorted(path for path in (REPO / "deploy").iterdir() if path.is_file()),
)
VARIABLE = re.compile(r"\b(?:SOCIALPULSE|SLACK|TELEGRAM)_[A-Z][A-Z0-9_]*\b")
# Named in the docs without being settings: the misspelling the typo guard is shown catching,
# and the console user name the CLI reads by itself.
NOT_SETTINGS = frozenset({"SOCIALPULSE_LOG_LEVL", "SOCIALPULSE_USER"})
OTHER_BOT_TOKEN = "xoxb-3333-4444-TOPSECRETother"
OTHER_APP_TOKEN = "xapp-1-A333-TOPSECRETother"
# Per setting: the value a complete, valid configuration starts from, and another valid value
# the variable under test changes it to.
VALUES: dict[str, tuple[str, str]] = {
    "workspace": ("/srv/a/workspace.yaml", "/srv/b/workspace.yaml"),
    "db_path": ("/srv/a/socialpulse.db", "/srv/b/socialpulse.db"),
    "db_init": ("false", "true"),
    "db_url": ("postgresql://a@127.0.0.1/one", "postgresql://b@127.0.0.1/two"),
    "log_level": ("DEBUG", "WARNING"),
    "log_format": ("text", "json"),
    "outbox_path": ("/srv/a/outbox.jsonl", "/srv/b/outbox.jsonl"),
    "chart_dir": ("/srv/a/charts", "/srv/b/charts"),
    "http_port": ("9200", "9201"),
    "http_host": ("127.0.0.1", "0.0.0.0"),
    "slack_http_host": ("0.0.0.0", "127.0.0.1"),
    "shutdown_seconds": ("20", "7.5"),
    "slack_bot_token": (BOT_TOKEN, OTHER_BOT_TOKEN),
    "slack_app_token": (APP_TOKEN, OTHER_APP_TOKEN),
    "slack_signing_secret": (SIGNING_SECRET, SIGNING_SECRET + "2"),
    "slack_mode": ("http", "socket"),
    "slack_http_port": ("3100", "3101"),
    "slack_api_url": ("https://slack.com/api/", "http://127.0.0.1:8100/api/"),
    "telegram_bot_token": (TELEGRAM_TOKEN, TELEGRAM_TOKEN + "2"),
    "telegram_api_url": ("https://api.telegram.org/bot", "http://127.0.0.1:8200/bot"),
    "telegram_mode": ("webhook", "polling"),
    "telegram_webhook_url": ("https://bot.example.com/a", "https://bot.example.com/b"),
    "telegram_webhook_secret": (WEBHOOK_SECRET, WEBHOOK_SECRET + "2"),
    "telegram_webhook_port": ("8500", "8501"),
    "llm_base_url": ("http://127.0.0.1:11434/v1", "https://llm.example.com/v1"),
    "llm_model": ("llama3.1:8b", "gpt-4o-mini"),
    "llm_api_key": ("local-llm-key-1234", "hosted-llm-key-5678"),
    "llm_timeout_seconds": ("20.0", "7.5"),
    "llm_concurrency": ("4", "2"),
    "worker_id": ("w1", "w2"),
    "lease_seconds": ("30.0", "5.0"),
}


def documented_variables() -> set[str]:
    """Every variable name the docs tell people to set.

    .env.example and docs/configuration.md also say each Slack and Telegram variable may be
    written with the SOCIALPULSE_ prefix, so those spellings are documented too.
    """
    names: set[str] = set()
    for path in DOCUMENTED_IN:
        names.update(VARIABLE.findall(path.read_text(encoding="utf-8")))
    names -= NOT_SETTINGS
    names |= {f"SOCIALPULSE_{name}" for name in names if name.startswith(("SLACK_", "TELEGRAM_"))}
    return names


def canonical(field: str) -> str:
    """The spelling the complete configuration below uses for a field."""
    if field.startswith(("slack_", "telegram_")):
        return field.upper()
    return f"SOCIALPULSE_{field.upper()}"


def test_the_docs_name_every_setting_and_only_settings() -> None:
    fields = {name.removeprefix("SOCIALPULSE_").lower() for name in documented_variables()}

    assert fields == set(Settings.model_fields) == set(VALUES)


@pytest.mark.parametrize("where", ["environment", ".env"])
@pytest.mark.parametrize("name", sorted(documented_variables()))
def test_each_documented_variable_is_read_under_its_documented_name(
    name: str, where: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    field = name.removeprefix("SOCIALPULSE_").lower()
    variables = {canonical(f): start for f, (start, _) in VALUES.items()}
    variables.pop(canonical(field))
    variables[name] = VALUES[field][1]
    env_file = None
    if where == "environment":
        for key, value in variables.items():
            monkeypatch.setenv(key, value)
    else:
        env_file = write_env(tmp_path, "".join(f"{k}={v}\n" for k, v in variables.items()))

    settings = load_settings(env_file)

    value = getattr(settings, field)
    if isinstance(value, SecretStr):
        assert value.get_secret_value() == VALUES[field][1], f"{name} was not read"
    else:
        # A switch reads back as the word written in .env.example.
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        assert shown == VALUES[field][1], f"{name} was not read"
        # What check-config prints is the value actually used, under the documented name.
        printed = settings.redacted()[canonical(field)]
        printed = str(printed).lower() if isinstance(value, bool) else printed
        assert printed == VALUES[field][1]


@pytest.mark.slow
def test_check_config_shows_the_slack_http_host_that_was_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_HTTP_HOST", "127.0.0.1")

    code = main(["--env-file", "none.env", "--workspace", str(SAMPLE_WORKSPACE), "check-config"])

    assert code == 0
    assert "SLACK_HTTP_HOST = 127.0.0.1" in capsys.readouterr().out
