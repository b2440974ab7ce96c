"""Process settings and secrets, read once from the environment and `.env`."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, get_args

from dotenv import dotenv_values
from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails
from pydantic_settings import (
    BaseSettings,
    DotEnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from bot.config.errors import ConfigError, ConfigProblem, Loc
from bot.config.translate import ErrorSource, located, translate
from bot.redaction import secret_kind

__all__ = ["ENV_PREFIX", "LOG_LEVELS", "Settings", "load_settings"]

ENV_PREFIX = "SOCIALPULSE_"
LOG_LEVELS: tuple[str, ...] = ("DEBUG", "INFO", "WARNING", "ERROR")

_TELEGRAM_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
# Telegram accepts only these characters in a webhook secret token, 1 to 256 of them.
_TELEGRAM_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_SHOWN_TOKEN_PREFIXES: tuple[str, ...] = ("xoxb-", "xapp-", "xoxp-", "xoxe-")
# A value shorter than this that happens to occur inside a secret gives nothing away.
_SECRET_FRAGMENT = 8
_NOT_EXPANDED = "${NAME} is not expanded; write the value itself"


def _platform(name: str) -> AliasChoices:
    # The prefixed spelling wins so one machine can run several Slack or Telegram apps.
    return AliasChoices(f"{ENV_PREFIX}{name}", name)


class Settings(BaseSettings):
    """Everything the process needs besides the workspace file; immutable once read."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        frozen=True,
        validate_by_name=True,
        validate_by_alias=True,
    )

    workspace: Path = Path("samples/workspace.yaml")
    db_path: Path = Path("data/socialpulse.db")
    # A PostgreSQL store instead of the SQLite file (README "PostgreSQL"); kept as a secret,
    # as the URL may carry a password.
    db_url: SecretStr | None = None
    # Start on a new database even where one was kept before (see bot/store/expected.py).
    db_init: bool = False
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"
    outbox_path: Path = Path("data/outbox.jsonl")
    chart_dir: Path = Path("data/charts")
    http_port: int = Field(default=9108, ge=0, le=65535)
    http_host: str = "127.0.0.1"
    shutdown_seconds: float = Field(default=20.0, gt=0)
    # Several workers on one database (docs/workers.md): this one's id (default hostname-pid)
    # and how long its leases and claims last without a renewal.
    worker_id: str | None = Field(default=None, min_length=1, max_length=200)
    lease_seconds: float = Field(default=30.0, ge=0.5, le=3600)

    # An OpenAI-compatible Chat Completions endpoint that rewrites reply drafts (docs/llm.md);
    # templates alone draft when no base URL is set.
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_seconds: float = Field(default=20.0, gt=0, le=600)
    llm_concurrency: int = Field(default=4, ge=1, le=64)

    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=_platform("SLACK_BOT_TOKEN")
    )
    slack_app_token: SecretStr | None = Field(
        default=None, validation_alias=_platform("SLACK_APP_TOKEN")
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias=_platform("SLACK_SIGNING_SECRET")
    )
    slack_mode: Literal["socket", "http"] = Field(
        default="socket", validation_alias=_platform("SLACK_MODE")
    )
    slack_http_host: str = Field(default="0.0.0.0", validation_alias=_platform("SLACK_HTTP_HOST"))
    slack_http_port: int = Field(
        default=3000, ge=0, le=65535, validation_alias=_platform("SLACK_HTTP_PORT")
    )
    slack_api_url: str = Field(
        default="https://slack.com/api/", validation_alias=_platform("SLACK_API_URL")
    )

    telegram_bot_token: SecretStr | None = Field(
        default=None, validation_alias=_platform("TELEGRAM_BOT_TOKEN")
    )
    telegram_api_url: str = Field(
        default="https://api.telegram.org/bot", validation_alias=_platform("TELEGRAM_API_URL")
    )
    telegram_mode: Literal["polling", "webhook"] = Field(
        default="polling", validation_alias=_platform("TELEGRAM_MODE")
    )
    telegram_webhook_url: str | None = Field(
        default=None, validation_alias=_platform("TELEGRAM_WEBHOOK_URL")
    )
    telegram_webhook_secret: SecretStr | None = Field(
        default=None, validation_alias=_platform("TELEGRAM_WEBHOOK_SECRET")
    )
    telegram_webhook_port: int = Field(
        default=8443, ge=0, le=65535, validation_alias=_platform("TELEGRAM_WEBHOOK_PORT")
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The usual sources and order, with `.env` read as written (see _LiteralDotEnv)."""
        if isinstance(dotenv_settings, DotEnvSettingsSource):
            dotenv_settings = _LiteralDotEnv(
                settings_cls,
                env_file=dotenv_settings.env_file,
                env_file_encoding=dotenv_settings.env_file_encoding,
            )
        return init_settings, env_settings, dotenv_settings, file_secret_settings

    @field_validator("log_level", mode="before")
    @classmethod
    def _known_level(cls, value: Any) -> str:
        level = str(value).strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("slack_mode", "telegram_mode", "log_format", mode="before")
    @classmethod
    def _lower_choice(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("slack_api_url", "telegram_api_url", "telegram_webhook_url", "llm_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value

    @field_validator("db_url")
    @classmethod
    def _postgres_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(
            ("postgresql://", "postgres://")
        ):
            raise ValueError(
                "must be a postgresql:// URL (SOCIALPULSE_DB_PATH names a SQLite file)"
            )
        return value

    @property
    def store_target(self) -> Path | str:
        """Where the store lives: the PostgreSQL URL when one is set, else the SQLite file."""
        return self.db_url.get_secret_value() if self.db_url is not None else self.db_path

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        # slack_sdk joins method names straight onto the base URL.
        return value if value.endswith("/") else value + "/"

    @model_validator(mode="after")
    def _cross_check(self) -> Settings:
        problems = self.cross_check()
        if problems:
            raise located(
                [((field,), message) for field, message in problems],
                lambda loc: _env_name(str(loc[0])),
            )
        return self

    def cross_check(self) -> list[tuple[str, str]]:
        """Problems that involve several settings, as (field name, message) pairs."""
        problems: list[tuple[str, str]] = []
        problems.extend(self._slack_problems())
        problems.extend(self._telegram_problems())
        problems.extend(self._port_problems())
        problems.extend(self._llm_problems())
        return problems

    def _llm_problems(self) -> list[tuple[str, str]]:
        if self.llm_base_url is not None:
            if self.llm_model is None:
                return [("llm_model", "is required when SOCIALPULSE_LLM_BASE_URL is set")]
            return []
        return [
            ("llm_base_url", f"is required when {_env_name(field)} is set")
            for field in ("llm_model", "llm_api_key")
            if getattr(self, field) is not None
        ][:1]

    def _slack_problems(self) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        bot = _reveal(self.slack_bot_token)
        app = _reveal(self.slack_app_token)
        if bot is not None and not bot.startswith("xoxb-"):
            problems.append(
                ("slack_bot_token", f"must be a bot token starting with xoxb-{_got_prefix(bot)}")
            )
        if app is not None and not app.startswith("xapp-"):
            problems.append(
                (
                    "slack_app_token",
                    f"must be an app-level token starting with xapp-{_got_prefix(app)}",
                )
            )
        if bot is None:
            for field in ("slack_app_token", "slack_signing_secret"):
                if getattr(self, field) is not None:
                    problems.append(
                        ("slack_bot_token", f"is required when {_env_name(field)} is set")
                    )
            return problems
        if self.slack_mode == "socket" and app is None:
            problems.append(
                (
                    "slack_app_token",
                    "is required for SLACK_MODE=socket (an app-level token starting with "
                    "xapp-, scope connections:write); or set SLACK_MODE=http",
                )
            )
        if self.slack_mode == "http" and self.slack_signing_secret is None:
            problems.append(
                (
                    "slack_signing_secret",
                    "is required for SLACK_MODE=http (Basic Information → App Credentials)",
                )
            )
        return problems

    def _telegram_problems(self) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        token = _reveal(self.telegram_bot_token)
        if token is not None and _TELEGRAM_TOKEN.fullmatch(token) is None:
            problems.append(
                (
                    "telegram_bot_token",
                    "does not look like a token from @BotFather (digits, a colon, then letters)",
                )
            )
        secret = _reveal(self.telegram_webhook_secret)
        if secret is not None and _TELEGRAM_SECRET.fullmatch(secret) is None:
            problems.append(
                (
                    "telegram_webhook_secret",
                    "may only use A-Z, a-z, 0-9, _ and -, at most 256 characters",
                )
            )
        if token is None or self.telegram_mode != "webhook":
            return problems
        if self.telegram_webhook_url is None:
            problems.append(
                (
                    "telegram_webhook_url",
                    "is required for TELEGRAM_MODE=webhook (a public https URL)",
                )
            )
        elif not self.telegram_webhook_url.startswith("https://"):
            problems.append(("telegram_webhook_url", "must be https:// (Telegram requires TLS)"))
        if secret is None:
            problems.append(
                (
                    "telegram_webhook_secret",
                    "is required for TELEGRAM_MODE=webhook so forged updates are refused",
                )
            )
        return problems

    def _port_problems(self) -> list[tuple[str, str]]:
        listening: list[tuple[str, int]] = [("http_port", self.http_port)]
        if self.slack_enabled and self.slack_mode == "http":
            listening.append(("slack_http_port", self.slack_http_port))
        if self.telegram_enabled and self.telegram_mode == "webhook":
            listening.append(("telegram_webhook_port", self.telegram_webhook_port))
        problems: list[tuple[str, str]] = []
        seen: dict[int, str] = {}
        for field, port in listening:
            if port == 0:
                continue
            if port in seen:
                problems.append((field, f"port {port} is already used by {_env_name(seen[port])}"))
            else:
                seen[port] = field
        return problems

    @property
    def slack_enabled(self) -> bool:
        """True when a Slack bot token is configured."""
        return self.slack_bot_token is not None

    @property
    def llm_enabled(self) -> bool:
        """True when a language-model endpoint is configured to rewrite reply drafts."""
        return self.llm_base_url is not None and self.llm_model is not None

    @property
    def telegram_enabled(self) -> bool:
        """True when a Telegram bot token is configured."""
        return self.telegram_bot_token is not None

    def redacted(self) -> dict[str, str]:
        """Every setting by variable name, safe to print: secrets show only whether they are set.

        A secret's value inside another setting (a webhook URL ending in the bot token) is
        masked there too.
        """
        secrets = self._secret_texts()
        shown: dict[str, str] = {}
        for field in type(self).model_fields:
            value = getattr(self, field)
            if isinstance(value, SecretStr):
                text = _display_secret(value)
            elif value is None:
                text = "not set"
            else:
                text = _mask(str(value), secrets)
            shown[_env_name(field)] = text
        return shown

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # repr() and str() mask secret values inside other settings, as redacted() does.
        secrets = self._secret_texts()
        for name, value in super().__repr_args__():
            if secrets and value is not None and not isinstance(value, SecretStr):
                masked = _mask(str(value), secrets)
                if masked != str(value):
                    value = masked
            yield name, value

    def _secret_texts(self) -> list[str]:
        values = (_reveal(getattr(self, field)) for field in type(self).model_fields)
        return [value for value in values if value is not None and value.strip()]


class _LiteralDotEnv(DotEnvSettingsSource):
    """The `.env` source with every value taken as written: `${NAME}` is not expanded.

    pydantic-settings reads `.env` with python-dotenv's `dotenv_values`, whose POSIX expansion
    of `${NAME}` (from the file and from the process environment) is on by default and which
    pydantic-settings offers no setting for. With it, `SOCIALPULSE_LOG_LEVEL=${SLACK_BOT_TOKEN}`
    would hold the token, and a `$` in any value could silently change it.
    """

    def _load_env_vars(self) -> Mapping[str, str | None]:
        env_file = self.env_file
        if env_file is None:
            return {}
        files: Sequence[str | os.PathLike[str]] = (
            [env_file] if isinstance(env_file, str | os.PathLike) else env_file
        )
        values: dict[str, str | None] = {}
        for file in files:
            path = Path(file).expanduser()
            if path.is_file():
                values.update(_dotenv_as_written(path, self.env_file_encoding))
        return {
            name if self.case_sensitive else name.lower(): value
            for name, value in values.items()
            if not (self.env_ignore_empty and value == "")
        }


def _dotenv_as_written(path: Path, encoding: str | None = "utf-8") -> dict[str, str | None]:
    """A `.env` file's variables, values exactly as written (quotes and escapes still apply)."""
    return dotenv_values(path, encoding=encoding or "utf-8", interpolate=False)


def _reveal(secret: object) -> str | None:
    return secret.get_secret_value() if isinstance(secret, SecretStr) else None


def _mask(text: str, secrets: Iterable[str]) -> str:
    """`text` with every occurrence of each secret, in any case, replaced by asterisks."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = re.sub(re.escape(secret), "**********", text, flags=re.IGNORECASE)
    return text


def _got_prefix(token: str) -> str:
    for prefix in _SHOWN_TOKEN_PREFIXES:
        if token.startswith(prefix):
            return f" (got a {prefix}… token)"
    if token.startswith("${"):
        return f" (got ${{…}}; {_NOT_EXPANDED})"
    return " (got something else)"


def _display_secret(secret: SecretStr) -> str:
    value = secret.get_secret_value()
    for prefix in _SHOWN_TOKEN_PREFIXES:
        if value.startswith(prefix):
            return f"set ({prefix}…)"
    return "**********"


def _env_name(field: str) -> str:
    """The variable people set for a field: SLACK_BOT_TOKEN, or SOCIALPULSE_<FIELD>."""
    if _platform_field(field):
        return field.upper()
    return f"{ENV_PREFIX}{field.upper()}"


def _platform_field(field: str) -> bool:
    return field.startswith(("slack_", "telegram_"))


def _known_variables() -> dict[str, str]:
    """Every accepted variable name, upper case, mapped to its field."""
    names: dict[str, str] = {}
    for field in Settings.model_fields:
        names[f"{ENV_PREFIX}{field.upper()}"] = field
        if _platform_field(field):
            names[field.upper()] = field
    return names


def load_settings(env_file: Path | None = Path(".env")) -> Settings:
    """Read settings from the environment, then `env_file` (if it exists), then defaults.

    Raises ConfigError listing every problem, each naming the variable and where it was set.
    """
    dotenv = _read_dotenv(env_file)
    environ = {name.upper(): value for name, value in os.environ.items()}

    def source(field: str) -> tuple[str, str]:
        """The variable name as set (or as documented) and the file it came from."""
        candidates = [f"{ENV_PREFIX}{field.upper()}"]
        if _platform_field(field):
            candidates.append(field.upper())
        for name in candidates:
            if environ.get(name):
                return name, "environment"
        for name in candidates:
            if dotenv.get(name) and env_file is not None:
                return name, str(env_file)
        fallback = str(env_file) if env_file is not None and env_file.is_file() else "environment"
        return _env_name(field), fallback

    problems = _unknown_variables(environ, "environment")
    if env_file is not None:
        problems.extend(_unknown_variables(dotenv, str(env_file)))
    try:
        # pydantic's dataclass_transform hides BaseSettings' init-only options from mypy.
        settings = Settings(_env_file=env_file)  # type: ignore[call-arg]
    except ValidationError as error:
        problems.extend(
            translate(error, _EnvironmentErrors(source, _secret_values(environ, dotenv)))
        )
        raise ConfigError(problems) from None
    if problems:
        raise ConfigError(problems)
    return settings


def _read_dotenv(env_file: Path | None) -> dict[str, str]:
    if env_file is None or not env_file.is_file():
        return {}
    try:
        env_file.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(
            [
                ConfigProblem(
                    str(env_file), "", f"not UTF-8 text (byte {error.start}); save it as UTF-8"
                )
            ]
        ) from None
    values = _dotenv_as_written(env_file)
    return {name.upper(): value for name, value in values.items() if value is not None}


def _unknown_variables(variables: Mapping[str, str], file: str) -> list[ConfigProblem]:
    """Prefixed names that look like a misspelt setting; other names may belong to other tools."""
    known = _known_variables()
    suffixes = {name.removeprefix(ENV_PREFIX): name for name in known}
    problems: list[ConfigProblem] = []
    for name in sorted(variables):
        if not name.startswith(ENV_PREFIX) or name in known:
            continue
        # Comparing without the shared prefix keeps SOCIALPULSE_USER from looking like a typo.
        close = difflib.get_close_matches(name.removeprefix(ENV_PREFIX), suffixes, n=1, cutoff=0.8)
        if close:
            message = f"unknown variable; did you mean {suffixes[close[0]]}?"
            problems.append(ConfigProblem(file, name, message))
    return problems


def _is_secret(field: str) -> bool:
    annotation = Settings.model_fields[field].annotation
    return annotation is SecretStr or SecretStr in get_args(annotation)


def _secret_values(*sources: Mapping[str, str]) -> dict[str, str]:
    """Every secret value set in `sources` (upper-case names), mapped to its variable."""
    found: dict[str, str] = {}
    for name, field in _known_variables().items():
        if not _is_secret(field):
            continue
        for variables in sources:
            value = variables.get(name)
            if value is not None and value.strip():
                found.setdefault(value, name)
    return found


def _shown_input(value: str, secrets: Mapping[str, str]) -> str:
    """`(got '…')` for an error message, unless the value would give a secret away.

    Compared without case: a validator may have lower- or upper-cased the value already.
    """
    got = value.strip().casefold()
    for secret, name in secrets.items():
        folded = secret.strip().casefold()
        if got == folded:
            return f" (got the value of {name}; not shown)"
        if folded in got:
            return f" (got a value that contains {name}; not shown)"
        if len(got) >= _SECRET_FRAGMENT and got in folded:
            return f" (got part of {name}; not shown)"
    if secret_kind(value) is not None:
        return " (got what looks like a Slack or Telegram token; not shown)"
    if "${" in value:
        return f" (got {value!r}; {_NOT_EXPANDED})"
    return f" (got {value!r})"


class _EnvironmentErrors(ErrorSource):
    """The environment and `.env` as the translator sees them: variables, values masked."""

    def __init__(
        self, source: Callable[[str], tuple[str, str]], secrets: Mapping[str, str]
    ) -> None:
        # `source` names a field's variable and file; `secrets` maps secret values to theirs.
        self.source = source
        self.secrets = secrets
        self.fields_by_key = {name.lower(): field for name, field in _known_variables().items()}

    def _field(self, loc: Loc) -> str | None:
        key = str(loc[0]).lower() if loc else ""
        return self.fields_by_key.get(key) or self.fields_by_key.get(f"{ENV_PREFIX.lower()}{key}")

    def problem(self, loc: Loc, message: str) -> ConfigProblem:
        field = self._field(loc)
        if field is None:
            return ConfigProblem("environment", str(loc[0]).lower() if loc else "", message)
        name, file = self.source(field)
        return ConfigProblem(file, name, message)

    def message(self, detail: ErrorDetails) -> str:
        field = self._field(tuple(detail["loc"]))
        if field is None:
            return detail["msg"]
        message = detail["msg"].removeprefix("Value error, ")
        if not _is_secret(field) and isinstance(detail.get("input"), str):
            message += _shown_input(detail["input"], self.secrets)
        return message
