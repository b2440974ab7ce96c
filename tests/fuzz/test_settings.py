"""Fuzzing the settings: any environment and `.env` give Settings or a ConfigError naming each
variable, and no secret ever appears in what is printed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.config.errors import ConfigError
from bot.settings import ENV_PREFIX, Settings, load_settings
from tests.fuzz.strategies import file_characters, fuzz

pytestmark = pytest.mark.slow

SECRET_FIELDS = (
    "slack_bot_token",
    "slack_app_token",
    "slack_signing_secret",
    "telegram_bot_token",
    "telegram_webhook_secret",
)
OTHER_FIELDS = tuple(field for field in Settings.model_fields if field not in SECRET_FIELDS)
OWN_PREFIXES = (ENV_PREFIX, "SLACK_", "TELEGRAM_")
# Every generated secret carries this marker; it must never be printed, in any case (a
# validator may lower-case a value before the error quotes it). Not "secret": variable names
# such as SLACK_SIGNING_SECRET are printed.
MARK = "SeKrEt"


def _names(field: str) -> list[str]:
    names = [f"{ENV_PREFIX}{field.upper()}"]
    if field.startswith(("slack_", "telegram_")):
        names.append(field.upper())
    return names


def _spellings(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from([name, name.lower(), name.title()])


secret_names = st.sampled_from([n for f in SECRET_FIELDS for n in _names(f)]).flatmap(_spellings)
other_names = st.sampled_from([n for f in OTHER_FIELDS for n in _names(f)]).flatmap(_spellings)
typo_names = st.sampled_from(
    [
        "SOCIALPULSE_SLAK_BOT_TOKEN",
        "SOCIALPULSE_DBPATH",
        "SOCIALPULSE_LOGLEVEL",
        "SOCIALPULSE_",
        "SOCIALPULSE_USER",
        "SOCIALPULSE_HTTP_PORTS",
        "SLACK_TOKEN",
        "TELEGRAM_TOKEN",
        "OTHER",
    ]
)

secrets = st.builds(
    "{}{}{}{}".format,
    st.sampled_from(["xoxb-", "xapp-", "xoxp-", "", "123456:", "xoxe-"]),
    st.text(st.sampled_from("ABCxyz019_-"), max_size=8),
    st.just(MARK),
    st.text(st.sampled_from("ABCxyz019_-"), max_size=8),
)
# Values people put in the other variables: right, almost right and wrong. "$" is an ordinary
# character: .env values are read as written, ${OTHER_VARIABLE} is not expanded.
value_characters = file_characters.filter(lambda c: c != "\x00")
other_values = st.one_of(
    st.sampled_from(
        [
            "0",
            "1",
            "65535",
            "65536",
            "-1",
            "8080",
            "3000",
            "9108",
            "abc",
            "1e3",
            " 42 ",
            "0x50",
            "socket",
            "http",
            "HTTP",
            " polling ",
            "webhook",
            "sockets",
            "text",
            "json",
            "JSON",
            "debug",
            "Info",
            "TRACE",
            "https://example.com/",
            "http://localhost:1",
            "ftp://x",
            "example.com",
            "20",
            "0.5",
            "nan",
            "inf",
            "-inf",
            "1e309",
            "",
            " ",
            "data/x.db",
            "~/socialpulse",
            "/dev/null",
            "C:\\socialpulse\\db",
            "${HOME}",
            "$HOME/db",
            "${SLACK_BOT_TOKEN}",
            "${TELEGRAM_BOT_TOKEN:-x}",
        ]
    ),
    st.text(value_characters, max_size=20),
).filter(lambda value: MARK.casefold() not in value.casefold())


@st.composite
def variables(draw: st.DrawFn) -> dict[str, str]:
    """A set of variables as a person might set them: some secrets, some settings, a typo."""
    chosen: dict[str, str] = {}
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        kind = draw(st.sampled_from(["secret", "other", "other", "typo"]))
        if kind == "secret":
            chosen[draw(secret_names)] = draw(secrets)
        elif kind == "other":
            chosen[draw(other_names)] = draw(other_values)
        else:
            chosen[draw(typo_names)] = draw(other_values)
    return chosen


def dotenv_text(variables: dict[str, str], style: list[str], noise: list[str]) -> str:
    lines: list[str] = []
    for (name, value), how in zip(variables.items(), style, strict=False):
        if how == "double":
            quoted = value.replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'{name}="{quoted}"')
        elif how == "single" and "'" not in value:
            lines.append(f"{name}='{value}'")
        elif how == "export":
            lines.append(f"export {name}={value}")
        else:
            lines.append(f"{name}={value}")
    return "\n".join(noise + lines + noise) + "\n"


@contextmanager
def environment(variables: dict[str, str]) -> Iterator[None]:
    """Exactly these of our variables in os.environ, in a fresh working folder."""
    with pytest.MonkeyPatch.context() as patch, tempfile.TemporaryDirectory() as folder:
        for name in list(os.environ):
            if name.upper().startswith(OWN_PREFIXES):
                patch.delenv(name)
        for name, value in variables.items():
            patch.setenv(name, value)
        patch.chdir(folder)
        yield


def check(env_file: Path | None, secret_values: list[str]) -> Settings | ConfigError:
    try:
        settings = load_settings(env_file)
    except ConfigError as error:
        assert error.problems
        allowed_files = {"environment", str(env_file)}
        for problem in error.problems:
            assert problem.file in allowed_files, problem
            assert problem.message.strip(), problem
            # Only a problem with the whole file (it cannot be read) names no variable.
            assert problem.key.strip() or problem.file == str(env_file), problem
        shown = str(error) + repr(error.problems)
        result: Settings | ConfigError = error
    else:
        shown = repr(settings) + str(settings) + repr(settings.redacted())
        result = settings
    assert MARK.casefold() not in shown.casefold(), f"a secret is printed: {shown}"
    for secret in secret_values:
        assert secret.casefold() not in shown.casefold()
    return result


@fuzz(300)
@given(
    env=variables(),
    dotenv=variables(),
    style=st.lists(st.sampled_from(["plain", "double", "single", "export"]), max_size=6),
    noise=st.lists(
        st.sampled_from(["", "# comment", "   ", "not a variable", "=x", "A B=1", "#X=1"]),
        max_size=3,
    ),
)
def test_any_environment_and_dotenv_give_settings_or_a_config_error(
    env: dict[str, str], dotenv: dict[str, str], style: list[str], noise: list[str]
) -> None:
    with environment(env), tempfile.TemporaryDirectory() as folder:
        env_file = Path(folder) / "settings.env"
        env_file.write_text(dotenv_text(dotenv, style, noise), encoding="utf-8")
        check(env_file, [v for v in (*env.values(), *dotenv.values()) if MARK in v])


@fuzz(200)
@given(text=st.text(value_characters | st.sampled_from("=\n#'\"")), env=variables())
def test_any_dotenv_text_gives_settings_or_a_config_error(text: str, env: dict[str, str]) -> None:
    with environment(env), tempfile.TemporaryDirectory() as folder:
        env_file = Path(folder) / "settings.env"
        env_file.write_text(text, encoding="utf-8")
        check(env_file, [v for v in env.values() if MARK in v])


@fuzz(100)
@given(env=variables())
def test_without_a_dotenv_file_the_environment_alone_decides(env: dict[str, str]) -> None:
    with environment(env):
        check(None, [v for v in env.values() if MARK in v])
        check(Path("missing.env"), [v for v in env.values() if MARK in v])


# --- found by fuzzing, fixed in the product; kept as regressions -----------------------------


@fuzz(50)
@example(data=b"\xff")
@given(data=st.binary(min_size=1).filter(lambda data: not _is_utf8(data)))
def test_a_dotenv_that_is_not_utf8_is_a_config_error(data: bytes) -> None:
    with environment({}), tempfile.TemporaryDirectory() as folder:
        env_file = Path(folder) / "settings.env"
        env_file.write_bytes(data)
        assert isinstance(check(env_file, []), ConfigError)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# python-dotenv expanded ${VAR} in .env values (from the file and the environment), so a
# setting written as ${SLACK_BOT_TOKEN} held the token and its error message quoted it. Now
# .env is read as written; a setting that holds a secret's value anyway (expanded by a shell,
# compose or systemd before the bot starts) is named, never quoted.
SETTING_TARGETS = [
    "SOCIALPULSE_LOG_LEVEL",
    "SOCIALPULSE_LOG_FORMAT",
    "SOCIALPULSE_HTTP_PORT",
    "SLACK_MODE",
    "SLACK_API_URL",
    "TELEGRAM_WEBHOOK_URL",
]


@fuzz(50)
@example(
    secret_name="SLACK_BOT_TOKEN",
    secret="xoxb-" + MARK,
    target="SOCIALPULSE_LOG_LEVEL",
    secret_in="dotenv",
    written="${{{name}}}",
)
@given(
    secret_name=st.sampled_from([n for f in SECRET_FIELDS for n in _names(f)]),
    secret=secrets,
    target=st.sampled_from(SETTING_TARGETS),
    secret_in=st.sampled_from(["dotenv", "environment"]),
    written=st.sampled_from(["${{{name}}}", '"${{{name}}}"', "x${{{name}}}x", "${{{name}:-x}}"]),
)
def test_a_secret_interpolated_into_a_setting_is_not_printed(
    secret_name: str, secret: str, target: str, secret_in: str, written: str
) -> None:
    env = {secret_name: secret} if secret_in == "environment" else {}
    with environment(env), tempfile.TemporaryDirectory() as folder:
        env_file = Path(folder) / "settings.env"
        lines = [] if env else [f"{secret_name}={secret}"]
        lines.append(f"{target}={written.format(name=secret_name)}")
        env_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        check(env_file, [secret])


@fuzz(50)
@given(
    secret_name=st.sampled_from([n for f in SECRET_FIELDS for n in _names(f)]),
    secret=secrets,
    target=st.sampled_from(SETTING_TARGETS),
    around=st.tuples(st.sampled_from(["", "x", " ", "https://"]), st.sampled_from(["", "/", "1"])),
    target_in=st.sampled_from(["dotenv", "environment"]),
)
def test_a_setting_holding_a_secret_value_is_not_printed(
    secret_name: str, secret: str, target: str, around: tuple[str, str], target_in: str
) -> None:
    value = f"{around[0]}{secret}{around[1]}"
    env = {secret_name: secret}
    if target_in == "environment":
        env[target] = value
    with environment(env), tempfile.TemporaryDirectory() as folder:
        env_file = Path(folder) / "settings.env"
        text = f"{target}={value}\n" if target_in == "dotenv" else ""
        env_file.write_text(text, encoding="utf-8")
        check(env_file, [secret])
