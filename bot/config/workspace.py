"""The whole workspace file: its sections, checked for consistency, and what they answer."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, Field, PrivateAttr, model_validator

from bot.alerting.routing import (
    MuteWindow,
    Route,
    RouteConfig,
    resolve_routes,
    route_problems,
)
from bot.config import people as team
from bot.config.brands import Brand, Campaign
from bot.config.checks import duplicates, unknown
from bot.config.connectors import (
    AdsIn,
    CommentsIn,
    Feeds,
    PublishingAccount,
    ads_in_problems,
    comments_in_problems,
)
from bot.config.errors import Loc
from bot.config.fields import IntentReaderPath, NonEmpty, Section, TimeZoneName
from bot.config.people import Person
from bot.config.receivers import Receiver, TelegramReceiver, default_receivers
from bot.config.rules import AdRule, read_ad_rules
from bot.config.standup import Schedule
from bot.config.translate import located
from bot.smm.rules import Rule

__all__ = ["Workspace"]


class Workspace(Section):
    """The whole workspace file, checked for internal consistency."""

    timezone: TimeZoneName = "UTC"
    brands: Annotated[tuple[Brand, ...], NonEmpty]
    campaigns: tuple[Campaign, ...] = ()
    receivers: Annotated[tuple[Receiver, ...], NonEmpty] = Field(default_factory=default_receivers)
    route: RouteConfig = Field(default_factory=RouteConfig)
    schedules: tuple[Schedule, ...] = ()
    people: tuple[Person, ...] = ()
    telegram_chats: tuple[int, ...] = ()
    feeds: Feeds = Field(default_factory=Feeds)
    # Each entry is read into the ad engine's Rule at load (bot/config/rules.py).
    rules: Annotated[tuple[AdRule, ...], AfterValidator(read_ad_rules)] = ()
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
            raise located(problems)
        # The root route defaults to the first receiver, so a file with only receivers works.
        self._routing_tree = resolve_routes(self.route, self.receivers[0].name)
        return self

    @property
    def ad_rules(self) -> tuple[Rule, ...]:
        """The workspace's own ad rules as the engine reads them (without the built-in pack)."""
        return tuple(entry.rule for entry in self.rules)

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
        return team.people_for(self.people, platform, user_id, groups)

    def person_for(
        self, platform: str, user_id: str | int, groups: Collection[str] = ()
    ) -> Person | None:
        """The entry for this user: a direct match first, else the highest role via a group."""
        return team.person_for(self.people, platform, user_id, groups)

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
        self,
        platform: str,
        user_id: str | int,
        brand_id: str | None,
        groups: Collection[str] = (),
    ) -> bool:
        """True when any entry for this user lets them approve for the brand, or for any brand
        when `brand_id` is None (see people.py)."""
        return team.may_approve(self.people, platform, user_id, brand_id, groups)


def _reference_problems(ws: Workspace) -> Iterator[tuple[Loc, str]]:
    brand_ids = [brand.id for brand in ws.brands]
    receiver_names = [receiver.name for receiver in ws.receivers]

    yield from duplicates(brand_ids, ("brands", "id"), "brand id")
    yield from comments_in_problems(ws.comments_in, brand_ids)
    yield from ads_in_problems(ws.ads_in, brand_ids)
    yield from duplicates(receiver_names, ("receivers", "name"), "receiver name")
    yield from duplicates(
        [item.key for item in ws.campaigns], ("campaigns", "campaign"), "campaign"
    )
    for index, brand in enumerate(ws.brands):
        if brand.review_receiver is not None and brand.review_receiver not in receiver_names:
            yield (
                ("brands", index, "review_receiver"),
                unknown("receiver", brand.review_receiver, receiver_names),
            )
    for index, item in enumerate(ws.campaigns):
        if item.brand not in brand_ids:
            yield ("campaigns", index, "brand"), unknown("brand", item.brand, brand_ids)
    pairs = [(pub.brand, pub.platform) for pub in ws.publishing]
    yield from duplicates(pairs, ("publishing", "platform"), "publishing account")
    for index, pub in enumerate(ws.publishing):
        if pub.brand not in brand_ids:
            yield ("publishing", index, "brand"), unknown("brand", pub.brand, brand_ids)
        if pub.alert_receiver is not None and pub.alert_receiver not in receiver_names:
            message = unknown("receiver", pub.alert_receiver, receiver_names)
            yield ("publishing", index, "alert_receiver"), message
        if (pub.client_id_env is None) != (pub.client_secret_env is None):
            message = "give both client_id_env and client_secret_env, or neither"
            yield ("publishing", index, "client_id_env"), message
    windows = [w.name for w in ws.mute_windows]
    yield from route_problems(ws.route, ("route",), receiver_names, windows)
    for index, schedule in enumerate(ws.schedules):
        if schedule.receiver not in receiver_names:
            yield (
                ("schedules", index, "receiver"),
                unknown("receiver", schedule.receiver, receiver_names),
            )
    for index, person in enumerate(ws.people):
        for position, brand_id in enumerate(person.brands):
            if brand_id not in brand_ids:
                yield ("people", index, "brands", position), unknown("brand", brand_id, brand_ids)
    for field in ("slack", "telegram", "console"):
        ids = [getattr(person, field) for person in ws.people]
        yield from duplicates(ids, ("people", field), f"{field} id")
