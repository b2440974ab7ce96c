"""Field types of the workspace file: names, texts, times, patterns, each with its own check."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import time, timedelta
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationInfo

from bot.durations import Duration
from bot.feeds.admetrics import ad_platform_problem
from bot.models import PLATFORMS
from bot.redaction import secret_kind, shown

__all__ = [
    "WEEKDAYS",
    "AccountId",
    "AdPlatform",
    "Clock",
    "EnvName",
    "Handle",
    "IntentReaderPath",
    "LabelName",
    "LabelValue",
    "Language",
    "Name",
    "NonEmpty",
    "Platform",
    "PositiveDuration",
    "PublicName",
    "PublicText",
    "Regex",
    "RelativePath",
    "Section",
    "SlackChannel",
    "SlackGroup",
    "SlackUser",
    "Slug",
    "SourceName",
    "Text",
    "TimeZoneName",
    "WebAddress",
    "Weekday",
    "secret_message",
]

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_ISO_639_1_TEXT = """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr
    ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw
    ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
    ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr
    ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
    yo za zh zu
"""
_ISO_639_1 = frozenset(_ISO_639_1_TEXT.split())
_SLUG = re.compile(r"[a-z0-9_-]+")
_NAME = re.compile(r"[A-Za-z0-9_-]+")
_LABEL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
_SLACK_CHANNEL = re.compile(r"[CGD][A-Z0-9]{2,}")
_SLACK_USER = re.compile(r"[UW][A-Z0-9]{2,}")
_SLACK_GROUP = re.compile(r"S[A-Z0-9]{2,}")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SOURCE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


def _slug(value: str) -> str:
    if _SLUG.fullmatch(value) is None:
        raise ValueError(f"use only a-z, 0-9, _ and - (got {shown(value)})")
    return value


def _name(value: str) -> str:
    if _NAME.fullmatch(value) is None:
        raise ValueError(f"use only letters, digits, _ and - (got {shown(value)})")
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _web_address(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError(f"expected a web address starting https:// (got {shown(value)})")
    return value


def _not_a_secret(value: str) -> str:
    kind = secret_kind(value)
    if kind is not None:
        raise ValueError(secret_message(kind))
    return value


def secret_message(kind: str) -> str:
    return (
        f"looks like a {kind} (not shown); keep secrets in .env, not in the workspace file,"
        " whose text is posted in chats and public replies"
    )


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"unknown time zone {shown(value)}; use an IANA name like Europe/Berlin or UTC"
        ) from None
    return value


def _language(value: Any) -> Any:
    if value is False:
        # YAML 1.1 reads a bare `no` (Norwegian) as false.
        raise ValueError('YAML read no as false; write the language code in quotes: "no"')
    if isinstance(value, str) and value not in _ISO_639_1:
        raise ValueError(f"not an ISO 639-1 language code (got {shown(value)}); e.g. en, de, fr")
    return value


def _one_of(allowed: Sequence[str], what: str) -> AfterValidator:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"unknown {what} {shown(value)}; one of {', '.join(allowed)}")
        return value

    return AfterValidator(check)


def _ad_platform(value: str) -> str:
    problem = ad_platform_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def _pattern(what: str, pattern: re.Pattern[str], example: str, hint: str) -> AfterValidator:
    def check(value: str) -> str:
        if pattern.fullmatch(value) is None:
            raise ValueError(f"not a Slack {what} (got {shown(value)}); {hint}, like {example}")
        return value

    return AfterValidator(check)


def _regex(value: Any) -> re.Pattern[str]:
    if isinstance(value, re.Pattern):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a regular expression as text (got {shown(value)})")
    try:
        return re.compile(value)
    except re.error as error:
        raise ValueError(f"invalid regular expression {shown(value)}: {error}") from None


def _label_name(value: str) -> str:
    if _LABEL_NAME.fullmatch(value) is None:
        raise ValueError(f"not a label name (got {shown(value)}); use letters, digits and _")
    return value


def _label_value(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _clock(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 18:30 as the base-60 number 1110.
        hint = f"{value // 60}:{value % 60:02d}" if 0 <= value < 24 * 60 else "08:30"
        raise ValueError(f'write the time in quotes, like at: "{hint}" (YAML read it as {value})')
    if isinstance(value, str):
        match = _CLOCK.fullmatch(value.strip())
        if match is None:
            raise ValueError(f"expected a 24-hour time like 08:30 (got {shown(value)})")
        return time(int(match.group(1)), int(match.group(2)))
    return value


def _relative_path(value: Path, info: ValidationInfo) -> Path:
    value = value.expanduser()
    base = info.context.get("base_dir") if isinstance(info.context, dict) else None
    if isinstance(base, Path) and not value.is_absolute():
        return base / value
    return value


def _non_empty(value: tuple[Any, ...]) -> tuple[Any, ...]:
    # An after-validator rather than min_length, which also fires when every item is invalid.
    if not value:
        raise ValueError("must list at least one")
    return value


def _positive(value: timedelta) -> timedelta:
    if value <= timedelta(0):
        raise ValueError("must be longer than 0s")
    return value


NonEmpty = AfterValidator(_non_empty)
Slug = Annotated[str, AfterValidator(_slug)]
Name = Annotated[str, AfterValidator(_name)]
Text = Annotated[str, AfterValidator(_text)]
# Text the bot posts where customers read it (replies, sign-offs): a token there is leaked.
PublicText = Annotated[str, AfterValidator(_not_a_secret)]
PublicName = Annotated[str, AfterValidator(_text), AfterValidator(_not_a_secret)]
TimeZoneName = Annotated[str, AfterValidator(_time_zone)]
Language = Annotated[str, BeforeValidator(_language)]
Platform = Annotated[str, _one_of(PLATFORMS, "platform")]
AdPlatform = Annotated[str, AfterValidator(_ad_platform)]
Weekday = Annotated[str, _one_of(WEEKDAYS, "day")]
Regex = Annotated[re.Pattern[str], BeforeValidator(_regex)]
LabelName = Annotated[str, AfterValidator(_label_name)]
LabelValue = Annotated[str, BeforeValidator(_label_value)]
Clock = Annotated[time, BeforeValidator(_clock)]
RelativePath = Annotated[Path, AfterValidator(_relative_path)]


def _intent_reader(value: Path) -> Path:
    if not (value / "intents.npz").is_file() or not (value / "intents.json").is_file():
        raise ValueError(
            f"{shown(str(value))} holds no intent reader (intents.npz and intents.json, "
            "written by `make train`)"
        )
    return value


IntentReaderPath = Annotated[Path, AfterValidator(_relative_path), AfterValidator(_intent_reader)]
PositiveDuration = Annotated[Duration, AfterValidator(_positive)]
SlackChannel = Annotated[
    str, _pattern("channel id", _SLACK_CHANNEL, "C0123ABCD", "use the id from the channel details")
]
SlackUser = Annotated[
    str, _pattern("member id", _SLACK_USER, "U0123ABC", "use Profile → ⋯ → Copy member ID")
]
SlackGroup = Annotated[
    str, _pattern("user group id", _SLACK_GROUP, "S0123ABC", "use the id of the user group")
]
Handle = Annotated[
    str,
    AfterValidator(_text),
    AfterValidator(_not_a_secret),
    AfterValidator(lambda value: value.lstrip("@")),
]


def _env_name(value: str) -> str:
    if _ENV_NAME.fullmatch(value) is None:
        raise ValueError(
            f"not a variable name (got {shown(value)}); letters, digits and _, like"
            " ACME_PAGE_TOKEN (the secret itself goes in .env)"
        )
    return value


def _source_name(value: str) -> str:
    if _SOURCE_NAME.fullmatch(value) is None:
        raise ValueError("expected lower-case letters, digits, - or _ (at most 40), e.g. zapier")
    return value


def _account_id(value: str) -> str:
    value = value.strip()
    if not value or "/" in value or "?" in value:
        raise ValueError("expected a platform id such as 1234567890 (no / or ?)")
    return value


# The name of an environment variable (or .env entry) holding a secret, never the secret.
EnvName = Annotated[str, AfterValidator(_env_name)]
# A generic webhook sender's name, as it appears in the hook's URL.
SourceName = Annotated[str, AfterValidator(_source_name)]
# An id on a platform (a Page, an Instagram account, a channel, an ad account, a post).
AccountId = Annotated[str, AfterValidator(_account_id)]

WebAddress = Annotated[str, AfterValidator(_web_address)]


class Section(BaseModel):
    """A section of the workspace file: frozen, and unknown keys are refused."""

    # Pydantic's own error text would quote the input; ours quotes it only when safe.
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)
