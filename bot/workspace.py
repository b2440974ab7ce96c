"""The team's workspace file: brands, campaigns, receivers, routing, schedules and people."""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from bot.config_errors import ConfigError, ConfigProblem, format_key
from bot.connectors.ads_config import AdsIn, ads_in_problems
from bot.connectors.config import CommentsIn, comments_in_problems
from bot.durations import Duration, format_duration
from bot.feeds.admetrics import ad_platform_problem
from bot.models import PLATFORMS, FeedKind
from bot.redaction import secret_kind, shown
from bot.smo.brand import Industry

__all__ = [
    "RECEIVER_KINDS",
    "ROLES",
    "WEEKDAYS",
    "Brand",
    "Campaign",
    "ConsoleReceiver",
    "FaqEntry",
    "Feeds",
    "Person",
    "PublishingAccount",
    "Receiver",
    "Route",
    "RouteConfig",
    "Schedule",
    "SlackReceiver",
    "TelegramReceiver",
    "WatchedFile",
    "Workspace",
    "describe_route",
    "load_workspace",
    "workspace_warnings",
]

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RECEIVER_KINDS: tuple[str, ...] = ("console", "slack", "telegram")
ROLES: tuple[str, ...] = ("viewer", "approver", "admin")

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
_REFERENCES = "workspace_references"
_TOP = "(top level)"


# --- field types -------------------------------------------------------------------------


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
        raise ValueError(_secret_message(kind))
    return value


def _secret_message(kind: str) -> str:
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


class _Section(BaseModel):
    # Pydantic's own error text would quote the input; ours quotes it only when safe.
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


# --- sections ------------------------------------------------------------------------------


class FaqEntry(_Section):
    """A question customers ask often and the brand's approved answer."""

    question: PublicName
    answer: PublicName


class Brand(_Section):
    """A brand the team runs: its voice, handles, FAQ and where its drafts are reviewed."""

    id: Slug
    name: PublicName
    voice: Literal["friendly", "formal", "playful"] = "friendly"
    sign_off: PublicText = ""
    handles: dict[Platform, Handle] = Field(default_factory=dict)
    review_receiver: str | None = None
    faq: tuple[FaqEntry, ...] = ()
    languages: Annotated[tuple[Language, ...], NonEmpty] = ("en",)
    # How long a draft may wait for review before the team is reminded.
    reply_sla: PositiveDuration = timedelta(hours=4)
    shop_url: PublicText | None = None
    support_contact: PublicText | None = None
    products: tuple[PublicName, ...] = ()
    # What the brand sells: picks the details and diagnostic questions replies ask for.
    industry: Industry = "retail"

    @field_validator("languages")
    @classmethod
    def _distinct_languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(value))


class Campaign(_Section):
    """An ad campaign the bot watches, with the targets its alerts compare against."""

    platform: AdPlatform
    account: Text
    campaign: Text
    brand: str
    objective: Literal["purchases", "leads"] = "purchases"
    target_cpa: float | None = Field(default=None, gt=0)
    target_roas: float | None = Field(default=None, gt=0)
    monthly_budget: float | None = Field(default=None, ge=0)
    daily_budget: float | None = Field(default=None, ge=0)

    @property
    def key(self) -> tuple[str, str, str]:
        """(platform, account, campaign): how ad-metric rows name this campaign."""
        return (self.platform, self.account, self.campaign)


class ConsoleReceiver(_Section):
    """Messages printed to the terminal the bot runs in."""

    name: Name
    kind: Literal["console"]
    timezone: TimeZoneName | None = None


class SlackReceiver(_Section):
    """A Slack channel, named by its id."""

    name: Name
    kind: Literal["slack"]
    channel: SlackChannel
    timezone: TimeZoneName | None = None


class TelegramReceiver(_Section):
    """A Telegram chat (group, supergroup or private), named by its numeric id."""

    name: Name
    kind: Literal["telegram"]
    chat_id: int
    timezone: TimeZoneName | None = None


Receiver = Annotated[
    ConsoleReceiver | SlackReceiver | TelegramReceiver, Field(discriminator="kind")
]


class RouteConfig(_Section):
    """One node of the routing tree as written; unset values are inherited from the parent."""

    receiver: str | None = None
    group_by: tuple[str, ...] | None = None
    group_wait: Duration | None = None
    group_interval: PositiveDuration | None = None
    repeat_interval: PositiveDuration | None = None
    match: dict[LabelName, LabelValue] = Field(default_factory=dict)
    match_re: dict[LabelName, Regex] = Field(default_factory=dict)
    continue_: bool = Field(default=False, alias="continue")
    mute_windows: tuple[str, ...] | None = None
    routes: tuple[RouteConfig, ...] = ()

    @field_validator("group_wait")
    @classmethod
    def _not_negative(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value < timedelta(0):
            raise ValueError("must not be negative")
        return value


@dataclasses.dataclass(frozen=True, slots=True, eq=False)
class Route:
    """A routing-tree node with every inherited value filled in.

    `key` is the node's place in the file (`route.routes[0]`); it stays the same across
    restarts as long as the file does, so it can be part of an alert group's identity.
    Regexes match the whole label value, as in Alertmanager. Nodes compare by identity.
    """

    key: str
    receiver: str
    group_by: tuple[str, ...]
    group_wait: timedelta
    group_interval: timedelta
    repeat_interval: timedelta
    match: Mapping[str, str]
    match_re: Mapping[str, re.Pattern[str]]
    continue_: bool
    routes: tuple[Route, ...]
    mute_windows: tuple[str, ...] = ()

    @property
    def group_by_all(self) -> bool:
        """`group_by: ['...']` groups by every label, as in Alertmanager."""
        return "..." in self.group_by

    def matches(self, labels: Mapping[str, str]) -> bool:
        """True when every matcher of this node accepts the labels (missing label = "")."""
        for name, value in self.match.items():
            if labels.get(name, "") != value:
                return False
        return all(
            pattern.fullmatch(labels.get(name, "")) is not None
            for name, pattern in self.match_re.items()
        )

    def match_routes(self, labels: Mapping[str, str]) -> list[Route]:
        """The nodes that take an alert: the deepest matching ones, honouring `continue`."""
        if not self.matches(labels):
            return []
        found: list[Route] = []
        for child in self.routes:
            taken = child.match_routes(labels)
            found.extend(taken)
            if taken and not child.continue_:
                break
        return found or [self]

    def walk(self) -> Iterator[Route]:
        """This node and every node below it, depth first."""
        yield self
        for child in self.routes:
            yield from child.walk()


class TimeRange(_Section):
    """From `start` to `end` in local time; an `end` before `start` runs past midnight."""

    start: Clock
    end: Clock

    def contains(self, moment: time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


class MuteWindow(_Section):
    """Times when a route stays quiet (nights, weekends); notices wait until it ends."""

    name: Name
    times: Annotated[tuple[TimeRange, ...], NonEmpty]
    weekdays: tuple[Weekday, ...] | None = None
    timezone: TimeZoneName | None = None

    def contains(self, moment: datetime, zone: ZoneInfo) -> bool:
        local = moment.astimezone(ZoneInfo(self.timezone) if self.timezone else zone)
        if self.weekdays is not None and WEEKDAYS[local.weekday()] not in self.weekdays:
            return False
        return any(window.contains(local.time()) for window in self.times)


class Schedule(_Section):
    """A recurring summary sent to one receiver; days default by kind (daily: Mon–Fri)."""

    receiver: str
    at: Clock
    days: Annotated[tuple[Weekday, ...], NonEmpty] | None = None
    timezone: TimeZoneName | None = None
    kind: Literal["daily", "weekly"] = "daily"

    @property
    def weekdays(self) -> tuple[int, ...]:
        """The days it runs as datetime.weekday() numbers (0 = Monday)."""
        if self.days is not None:
            return tuple(sorted({WEEKDAYS.index(day) for day in self.days}))
        return (0, 1, 2, 3, 4) if self.kind == "daily" else (0,)


class Person(_Section):
    """Someone on the team, how to recognise them on each platform, and what they may do."""

    name: Text
    slack: SlackUser | None = None
    slack_groups: tuple[SlackGroup, ...] = ()
    telegram: int | None = Field(default=None, gt=0)
    console: str | None = None
    role: Literal["viewer", "approver", "admin"] = "viewer"
    brands: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _has_identity(self) -> Person:
        if not (self.slack or self.slack_groups or self.telegram or self.console):
            raise ValueError("give at least one of slack, slack_groups, telegram or console")
        return self

    def covers(self, brand_id: str) -> bool:
        """True when this person's role applies to the brand (no brands listed = all)."""
        return not self.brands or brand_id in self.brands

    def may_approve(self, brand_id: str) -> bool:
        """True for approvers and admins of this brand."""
        return self.role in ("approver", "admin") and self.covers(brand_id)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class WatchedFile(_Section):
    """A feed file the bot tails; relative paths are relative to the workspace file."""

    path: RelativePath
    kind: FeedKind


class Feeds(_Section):
    """Where records come from and how often to look."""

    poll_interval: PositiveDuration = timedelta(milliseconds=250)
    watch: tuple[WatchedFile, ...] = ()
    drop_folder: RelativePath | None = None


def _env_name(value: str) -> str:
    if re.fullmatch(r"[A-Z_][A-Z0-9_]*", value) is None:
        raise ValueError(f"not a variable name (got {shown(value)}); like ACME_PAGE_TOKEN")
    return value


EnvName = Annotated[str, AfterValidator(_env_name)]


class PublishingAccount(_Section):
    """Where a brand's approved replies and hides go on one platform (docs/connectors.md)."""

    brand: str
    platform: Literal["facebook", "instagram", "youtube"]
    # The Facebook Page id, the Instagram professional account id or the YouTube channel id.
    account: Text
    # Names of variables (environment or .env) holding the secrets, never the secrets.
    token_env: EnvName
    client_id_env: EnvName | None = None
    client_secret_env: EnvName | None = None
    username: Handle | None = None
    hide_as: Literal["heldForReview", "rejected"] = "heldForReview"
    base_url: Annotated[str, AfterValidator(_web_address)] | None = None
    token_url: Annotated[str, AfterValidator(_web_address)] | None = None
    alert_receiver: str | None = None


def _default_receivers() -> tuple[Receiver, ...]:
    return (ConsoleReceiver(name="console", kind="console"),)


class Workspace(_Section):
    """The whole workspace file, checked for internal consistency."""

    timezone: TimeZoneName = "UTC"
    brands: Annotated[tuple[Brand, ...], NonEmpty]
    campaigns: tuple[Campaign, ...] = ()
    receivers: Annotated[tuple[Receiver, ...], NonEmpty] = Field(default_factory=_default_receivers)
    route: RouteConfig = Field(default_factory=RouteConfig)
    schedules: tuple[Schedule, ...] = ()
    people: tuple[Person, ...] = ()
    telegram_chats: tuple[int, ...] = ()
    feeds: Feeds = Field(default_factory=Feeds)
    rules: tuple[dict[str, Any], ...] = ()
    mute_windows: tuple[MuteWindow, ...] = ()
    # A learned intent reader the team trained on its own labelled comments (docs/readers.md);
    # without one, intents are read by the cues alone.
    intent_reader: IntentReaderPath | None = None
    publishing: tuple[PublishingAccount, ...] = ()
    # Connectors that bring comments in (webhooks, polling); docs/connectors.md.
    comments_in: CommentsIn = Field(default_factory=CommentsIn)
    # Ad accounts whose daily metrics are pulled from the platform; docs/connectors.md.
    ads_in: AdsIn = Field(default_factory=AdsIn)

    _routing_tree: Route = PrivateAttr()

    @model_validator(mode="after")
    def _check_references(self) -> Workspace:
        problems = list(_reference_problems(self))
        if problems:
            summary = "; ".join(f"{format_key(loc)}: {message}" for loc, message in problems)
            raise PydanticCustomError(
                _REFERENCES, "{summary}", {"summary": summary, "problems": tuple(problems)}
            )
        # The root route defaults to the first receiver, so a file with only receivers works.
        self._routing_tree = _resolve(self.route, "route", _root_defaults(self.receivers[0].name))
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The workspace's time zone."""
        return ZoneInfo(self.timezone)

    @property
    def routing_tree(self) -> Route:
        """The routing tree with inherited values filled in."""
        return self._routing_tree

    @property
    def telegram_chat_ids(self) -> frozenset[int]:
        """Chats the bot answers in: `telegram_chats` plus every Telegram receiver's chat."""
        chats = set(self.telegram_chats)
        chats.update(r.chat_id for r in self.receivers if isinstance(r, TelegramReceiver))
        return frozenset(chats)

    def brand(self, brand_id: str) -> Brand | None:
        return next((brand for brand in self.brands if brand.id == brand_id), None)

    def receiver(self, name: str) -> Receiver | None:
        return next((receiver for receiver in self.receivers if receiver.name == name), None)

    def campaign_for(self, platform: str, account: str, campaign: str) -> Campaign | None:
        key = (platform, account, campaign)
        return next((item for item in self.campaigns if item.key == key), None)

    def publishing_for(self, brand_id: str, platform: str) -> PublishingAccount | None:
        """The account a brand's approved drafts on `platform` are published to, if any."""
        found = (p for p in self.publishing if p.brand == brand_id and p.platform == platform)
        return next(found, None)

    def review_receiver_for(self, brand_id: str) -> Receiver:
        """Where drafts for this brand go: its `review_receiver`, else the root route's."""
        brand = self.brand(brand_id)
        name = brand.review_receiver if brand and brand.review_receiver else None
        found = self.receiver(name or self.routing_tree.receiver)
        if found is None:  # pragma: no cover - references are checked at load
            raise KeyError(name)
        return found

    def receiver_zone(self, name: str) -> ZoneInfo:
        """The receiver's own time zone, else the workspace's."""
        found = self.receiver(name)
        return ZoneInfo(found.timezone) if found and found.timezone else self.zone

    def schedule_zone(self, schedule: Schedule) -> ZoneInfo:
        """The schedule's time zone, else its receiver's, else the workspace's."""
        if schedule.timezone:
            return ZoneInfo(schedule.timezone)
        return self.receiver_zone(schedule.receiver)

    def people_for(
        self, platform: str, user_id: str | int, groups: Collection[str] = ()
    ) -> list[Person]:
        """Every entry that names this user, directly or (Slack) through a user group."""
        user = str(user_id)
        in_groups = set(groups)
        return [
            person
            for person in self.people
            if _names_directly(person, platform, user)
            or (platform == "slack" and not in_groups.isdisjoint(person.slack_groups))
        ]

    def person_for(
        self, platform: str, user_id: str | int, groups: Collection[str] = ()
    ) -> Person | None:
        """The entry for this user: a direct match first, else the highest role via a group."""
        found = self.people_for(platform, user_id, groups)
        if not found:
            return None
        direct = [person for person in found if _names_directly(person, platform, str(user_id))]
        if direct:
            return direct[0]
        return max(found, key=lambda person: ROLES.index(person.role))

    def muted(self, route: Route, moment: datetime) -> bool:
        """True while one of the route's mute windows holds, in its receiver's time zone."""
        if not route.mute_windows:
            return False
        zone = self.receiver_zone(route.receiver)
        windows = {w.name: w for w in self.mute_windows}
        return any(
            windows[name].contains(moment, zone) for name in route.mute_windows if name in windows
        )

    def may_approve(
        self, platform: str, user_id: str | int, brand_id: str, groups: Collection[str] = ()
    ) -> bool:
        """True when any entry for this user lets them approve for the brand.

        With no `people` configured the local console operator may approve everything (the
        out-of-the-box demo); on chat platforms nobody unknown ever may.
        """
        if not self.people and platform == "console":
            return True
        return any(p.may_approve(brand_id) for p in self.people_for(platform, user_id, groups))


def _names_directly(person: Person, platform: str, user: str) -> bool:
    if platform == "slack":
        return person.slack == user
    if platform == "telegram":
        return person.telegram is not None and str(person.telegram) == user
    return platform == "console" and person.console == user


# --- consistency ---------------------------------------------------------------------------

Loc = tuple[str | int, ...]


def _unknown(kind: str, name: str, known: Sequence[str]) -> str:
    known = list(dict.fromkeys(known))
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f"no {kind} named {shown(name)}; did you mean {close[0]!r}?"
    return f"no {kind} named {shown(name)}; known: {', '.join(known) or 'none'}"


def _duplicates(items: Sequence[Any], loc: Loc, what: str) -> Iterator[tuple[Loc, str]]:
    """Every repeat of an earlier item; `loc` is (section, field) and gets the index added."""
    first: dict[Any, int] = {}
    for index, item in enumerate(items):
        if item is None:
            continue
        if item in first:
            shown_item = "/".join(item) if isinstance(item, tuple) else shown(item)
            earlier = format_key((loc[0], first[item]))
            yield (loc[0], index, *loc[1:]), f"duplicate {what} {shown_item} (first in {earlier})"
        else:
            first[item] = index


def _reference_problems(ws: Workspace) -> Iterator[tuple[Loc, str]]:
    brand_ids = [brand.id for brand in ws.brands]
    receiver_names = [receiver.name for receiver in ws.receivers]

    yield from _duplicates(brand_ids, ("brands", "id"), "brand id")
    yield from comments_in_problems(ws.comments_in, brand_ids)
    yield from ads_in_problems(ws.ads_in, brand_ids)
    yield from _duplicates(receiver_names, ("receivers", "name"), "receiver name")
    yield from _duplicates(
        [item.key for item in ws.campaigns], ("campaigns", "campaign"), "campaign"
    )
    for index, brand in enumerate(ws.brands):
        if brand.review_receiver is not None and brand.review_receiver not in receiver_names:
            yield (
                ("brands", index, "review_receiver"),
                _unknown("receiver", brand.review_receiver, receiver_names),
            )
    for index, item in enumerate(ws.campaigns):
        if item.brand not in brand_ids:
            yield ("campaigns", index, "brand"), _unknown("brand", item.brand, brand_ids)
    pairs = [(pub.brand, pub.platform) for pub in ws.publishing]
    yield from _duplicates(pairs, ("publishing", "platform"), "publishing account")
    for index, pub in enumerate(ws.publishing):
        if pub.brand not in brand_ids:
            yield ("publishing", index, "brand"), _unknown("brand", pub.brand, brand_ids)
        if pub.alert_receiver is not None and pub.alert_receiver not in receiver_names:
            message = _unknown("receiver", pub.alert_receiver, receiver_names)
            yield ("publishing", index, "alert_receiver"), message
        if (pub.client_id_env is None) != (pub.client_secret_env is None):
            message = "give both client_id_env and client_secret_env, or neither"
            yield ("publishing", index, "client_id_env"), message
    windows = [w.name for w in ws.mute_windows]
    yield from _route_problems(ws.route, ("route",), receiver_names, windows)
    for index, schedule in enumerate(ws.schedules):
        if schedule.receiver not in receiver_names:
            yield (
                ("schedules", index, "receiver"),
                _unknown("receiver", schedule.receiver, receiver_names),
            )
    for index, person in enumerate(ws.people):
        for position, brand_id in enumerate(person.brands):
            if brand_id not in brand_ids:
                yield ("people", index, "brands", position), _unknown("brand", brand_id, brand_ids)
    for field in ("slack", "telegram", "console"):
        ids = [getattr(person, field) for person in ws.people]
        yield from _duplicates(ids, ("people", field), f"{field} id")


def _route_problems(
    route: RouteConfig, loc: Loc, receiver_names: Sequence[str], windows: Sequence[str] = ()
) -> Iterator[tuple[Loc, str]]:
    if route.receiver is not None and route.receiver not in receiver_names:
        yield (*loc, "receiver"), _unknown("receiver", route.receiver, receiver_names)
    for index, name in enumerate(route.mute_windows or ()):
        if name not in windows:
            yield (*loc, "mute_windows", index), _unknown("mute window", name, windows)
    for index, child in enumerate(route.routes):
        yield from _route_problems(child, (*loc, "routes", index), receiver_names, windows)


def _resolve(config: RouteConfig, key: str, parent: Route) -> Route:
    node = Route(
        key=key,
        receiver=config.receiver if config.receiver is not None else parent.receiver,
        group_by=config.group_by if config.group_by is not None else parent.group_by,
        group_wait=config.group_wait if config.group_wait is not None else parent.group_wait,
        group_interval=(
            config.group_interval if config.group_interval is not None else parent.group_interval
        ),
        repeat_interval=(
            config.repeat_interval if config.repeat_interval is not None else parent.repeat_interval
        ),
        match=types.MappingProxyType(dict(config.match)),
        match_re=types.MappingProxyType(dict(config.match_re)),
        continue_=config.continue_,
        routes=(),
        mute_windows=(
            config.mute_windows if config.mute_windows is not None else parent.mute_windows
        ),
    )
    children = tuple(
        _resolve(child, f"{key}.routes[{index}]", node) for index, child in enumerate(config.routes)
    )
    return dataclasses.replace(node, routes=children)


def _root_defaults(receiver: str) -> Route:
    """What the root route inherits: Alertmanager's default timings."""
    return Route(
        key="",
        receiver=receiver,
        group_by=("alertname",),
        group_wait=timedelta(seconds=30),
        group_interval=timedelta(minutes=5),
        repeat_interval=timedelta(hours=4),
        match=types.MappingProxyType({}),
        match_re=types.MappingProxyType({}),
        continue_=False,
        routes=(),
    )


# --- loading -------------------------------------------------------------------------------


def load_workspace(path: Path) -> Workspace:
    """Read and check the workspace file; raises ConfigError listing every problem found."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([ConfigProblem(file, "", "file not found")]) from None
    except IsADirectoryError:
        raise ConfigError([ConfigProblem(file, "", "is a folder, not a YAML file")]) from None
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text (byte {error.start})"
        raise ConfigError([ConfigProblem(file, "", message)]) from None
    except OSError as error:
        message = f"cannot read: {error.strerror or error}"
        raise ConfigError([ConfigProblem(file, "", message)]) from None

    root, data = _parse_yaml(text, file)
    problems = [
        ConfigProblem(file, key, message, line) for key, message, line in _duplicate_keys(root)
    ]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        found = type(data).__name__
        problems.append(
            ConfigProblem(file, _TOP, f"expected a mapping of sections (brands, …), got {found}")
        )
        raise ConfigError(problems)
    secrets = [
        ConfigProblem(file, format_key(loc) or _TOP, message, _line_for(root, loc))
        for loc, message in _secret_values(data)
    ]
    problems.extend(secrets)
    try:
        workspace = Workspace.model_validate(data, context={"base_dir": path.parent})
    except ValidationError as error:
        # A secret's own report says all there is to say about that key.
        flagged = {problem.key for problem in secrets}
        problems.extend(p for p in _convert(error, file, root) if p.key not in flagged)
        raise ConfigError(problems) from None
    if problems:
        raise ConfigError(problems)
    return workspace


def workspace_warnings(path: Path, workspace: Workspace, replies_dir: Path) -> list[ConfigProblem]:
    """What `check-config` points out in a valid file without refusing it.

    A reply language with no templates makes every comment in that language one to write by
    hand; a watched file or drop folder that is not there yet is waited for (an exporter may
    create it after the bot starts), and a file where a folder belongs is never read.
    """
    file = str(path)
    root, _ = _parse_yaml(path.read_text(encoding="utf-8"), file)
    found: list[tuple[Loc, str]] = []
    have = sorted(d.name for d in replies_dir.iterdir() if d.is_dir() and any(d.glob("*.j2")))
    for index, brand in enumerate(workspace.brands):
        for position, language in enumerate(brand.languages):
            if language not in have:
                found.append(
                    (
                        ("brands", index, "languages", position),
                        f"no reply templates for {language!r} ({replies_dir.parent.name}/"
                        f"{replies_dir.name}/ has {', '.join(have) or 'none'}): every "
                        f"{language} comment for {brand.name} becomes one to write by hand",
                    )
                )
    for index, watched in enumerate(workspace.feeds.watch):
        where = watched.path
        if where.is_dir():
            message = f"{where} is a folder, not a file: nothing will be read from it"
        elif not where.exists():
            folder = "" if where.parent.is_dir() else f", nor does its folder {where.parent}"
            message = f"{where} does not exist{folder}; the bot waits and reads it once it appears"
        else:
            continue
        found.append((("feeds", "watch", index, "path"), message))
    drop = workspace.feeds.drop_folder
    if drop is not None and not drop.is_dir():
        message = (
            f"{drop} is a file, not a folder: nothing will be imported from it"
            if drop.exists()
            else f"{drop} does not exist; exports are imported once it does"
        )
        found.append((("feeds", "drop_folder"), message))
    return [ConfigProblem(file, format_key(loc), text, _line_for(root, loc)) for loc, text in found]


def _parse_yaml(text: str, file: str) -> tuple[yaml.Node | None, Any]:
    try:
        # The reader checks every character when it is created: control characters fail here.
        loader = yaml.SafeLoader(text)
    except yaml.YAMLError as error:
        raise ConfigError([ConfigProblem(file, "", f"not a YAML text file: {error}")]) from None
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or error.context or "cannot parse"
        if error.context and error.context_mark and error.problem:
            # "while parsing a flow sequence" at its start is where the typo usually is.
            start = error.context_mark
            what = f"{what} ({error.context} started at line {start.line + 1})"
        if mark is None:
            problem = ConfigProblem(file, "", f"YAML syntax error: {what}")
        else:
            line, column = mark.line + 1, mark.column + 1
            message = f"YAML syntax error at line {line}, column {column}: {what}"
            problem = ConfigProblem(file, "", message, line)
        raise ConfigError([problem]) from None
    except yaml.YAMLError as error:
        raise ConfigError([ConfigProblem(file, "", f"YAML error: {error}")]) from None
    finally:
        loader.dispose()
    return root, data


def _secret_values(
    data: Any, loc: Loc = (), seen: set[int] | None = None
) -> Iterator[tuple[Loc, str]]:
    """Every token-shaped key or value anywhere in the file, public text or not.

    The workspace file is read by people, mounted into containers and kept in git; a token
    in it is a leak whichever key holds it. `seen` stops at YAML anchors that refer to
    themselves.
    """
    seen = set() if seen is None else seen
    if isinstance(data, dict | list):
        if id(data) in seen:
            return
        seen.add(id(data))
    if isinstance(data, dict):
        for key, value in data.items():
            kind = secret_kind(key) if isinstance(key, str) else None
            if kind is not None:
                # The key is masked when the problem is made; the path still shows where.
                yield (*loc, key), f"this key {_secret_message(kind)}"
                continue
            yield from _secret_values(value, (*loc, key), seen)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _secret_values(item, (*loc, index), seen)
    elif isinstance(data, str):
        kind = secret_kind(data)
        if kind is not None:
            yield loc, _secret_message(kind)


def _duplicate_keys(node: yaml.Node | None, loc: Loc = ()) -> Iterator[tuple[str, str, int]]:
    """PyYAML keeps the last of two equal keys silently; a config file should not."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                continue
            line = key_node.start_mark.line + 1
            if key_node.value in seen:
                where = format_key((*loc, key_node.value))
                yield where, f"duplicate key (first at line {seen[key_node.value]})", line
            else:
                seen[key_node.value] = line
            yield from _duplicate_keys(value_node, (*loc, key_node.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(item, (*loc, index))


def _line_for(root: yaml.Node | None, loc: Loc) -> int | None:
    """The line of the deepest part of `loc` present in the file, None if none is."""
    node = root
    line: int | None = None
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                    line, node = key_node.start_mark.line + 1, value_node
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _convert(error: ValidationError, file: str, root: yaml.Node | None) -> list[ConfigProblem]:
    """Pydantic errors and cross-reference problems as ConfigProblems, in file order."""
    problems: list[ConfigProblem] = []
    references: list[ConfigProblem] = []
    for detail in error.errors(include_url=False):
        kind = detail["type"]
        raw_loc: Loc = tuple(detail["loc"])
        if kind == _REFERENCES:
            for loc, message in detail["ctx"]["problems"]:
                line = _line_for(root, loc)
                references.append(ConfigProblem(file, format_key(loc), message, line))
            continue
        loc = _clean_loc(raw_loc)
        message = _message(detail, raw_loc)
        if kind in ("union_tag_invalid", "union_tag_not_found"):
            loc = (*loc, "kind")
        key = format_key(loc) or _TOP
        problems.append(ConfigProblem(file, key, message, _line_for(root, loc)))
    return sorted(problems + references, key=lambda problem: problem.line or 0)


def _clean_loc(loc: Loc) -> Loc:
    """Drop pydantic's bookkeeping parts: union tags and the `[key]` marker of dict keys."""
    cleaned: list[str | int] = []
    for index, part in enumerate(loc):
        if part == "[key]":
            continue
        is_tag = (
            index >= 2
            and loc[index - 2] == "receivers"
            and isinstance(loc[index - 1], int)
            and part in RECEIVER_KINDS
        )
        if not is_tag:
            cleaned.append(part)
    return tuple(cleaned)


def _message(detail: Any, loc: Loc) -> str:
    kind: str = detail["type"]
    ctx: dict[str, Any] = detail.get("ctx") or {}
    given = detail.get("input")
    if kind == "missing":
        return "missing required key"
    if kind == "extra_forbidden":
        return "unknown key" + _suggest(loc)
    if kind == "union_tag_invalid":
        return f"must be one of {', '.join(RECEIVER_KINDS)} (got {shown(ctx.get('tag'))})"
    if kind == "union_tag_not_found":
        return f"missing required key (one of {', '.join(RECEIVER_KINDS)})"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list, got {_describe(given)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping, got {_describe(given)}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')} (got {shown(given)})"
    if kind == "value_error":
        return str(ctx.get("error", detail["msg"]))
    text = str(detail["msg"])
    if isinstance(given, str | int | float | bool) or given is None:
        text += f" (got {shown(given)})"
    return text[0].lower() + text[1:]


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return shown(value)


def _suggest(loc: Loc) -> str:
    allowed = _allowed_keys(loc[:-1])
    if not allowed:
        return ""
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f"; expected one of {', '.join(allowed)}"


def _allowed_keys(loc: Loc) -> list[str]:
    """The keys the model at `loc` accepts, found by walking the type annotations."""
    target: Any = Workspace
    for part in loc:
        target = _step(_unwrap(target), part)
        if target is None:
            return []
    model = _unwrap(target)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [info.alias or name for name, info in model.model_fields.items()]
    return []


def _unwrap(target: Any) -> Any:
    while True:
        origin = get_origin(target)
        if origin is Annotated:
            target = get_args(target)[0]
        elif origin in (Union, types.UnionType):
            members = [arg for arg in get_args(target) if arg is not type(None)]
            if len(members) != 1:
                return target
            target = members[0]
        else:
            return target


def _step(target: Any, part: str | int) -> Any:
    origin = get_origin(target)
    if isinstance(target, type) and issubclass(target, BaseModel) and isinstance(part, str):
        for name, info in target.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
        return None
    if origin in (Union, types.UnionType) and isinstance(part, str):
        for member in get_args(target):
            kind = getattr(member, "model_fields", {}).get("kind")
            if kind is not None and part in get_args(kind.annotation):
                return member
        return None
    if origin in (tuple, list) and isinstance(part, int):
        return get_args(target)[0]
    if origin is dict:
        return get_args(target)[1]
    return None


def describe_route(route: Route) -> str:
    """A one-line summary of a node for logs and `/config` output."""
    matchers = [f"{name}={value}" for name, value in route.match.items()]
    matchers += [f"{name}=~{pattern.pattern}" for name, pattern in route.match_re.items()]
    return (
        f"{route.key} → {route.receiver} [{', '.join(matchers) or 'all'}]"
        f" group_by={','.join(route.group_by)} wait={format_duration(route.group_wait)}"
        f" interval={format_duration(route.group_interval)}"
        f" repeat={format_duration(route.repeat_interval)}"
    )
