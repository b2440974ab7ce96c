"""Pulling ad metrics from the platforms on a schedule, into the store the CSV rows go to."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import aiohttp
from pydantic import SecretStr

from bot.backoff import Backoff
from bot.config.ads_in import AdAccount, AdsIn
from bot.connectors.errors import Throttled, TokenRefused
from bot.connectors.google_ads import GoogleAdsReport
from bot.connectors.meta_insights import InsightsPage, MetaInsights
from bot.connectors.publish_youtube import GoogleToken
from bot.connectors.secrets import MissingSecret, Secrets
from bot.connectors.status import ConnectorStatus
from bot.models import Checkpoint, IngestCounts
from bot.store import FeedStore

__all__ = ["AdPull", "AdPulls", "AdSource", "ads_secrets", "pull_range"]

log = logging.getLogger(__name__)
REQUEST_TIMEOUT_SECONDS = 60.0


def ads_secrets(section: AdsIn, secrets: Secrets) -> list[str]:
    """The values of the tokens the section names that are set: for the log redaction."""
    return secrets.known(*(name for account in section.accounts for name in _names(account)))


def _names(account: AdAccount) -> list[str]:
    names = [account.token_env, account.developer_token_env]
    names += [account.client_id_env, account.client_secret_env]
    return [name for name in names if name is not None]


class AdSource(Protocol):
    """One ad account's report on one platform, read page by page over a day range."""

    @property
    def name(self) -> str:
        """The checkpoint and quarantine source, e.g. ``ads:meta:1203300000``."""
        ...

    def pages(self, since: date, until: date) -> AsyncIterator[InsightsPage]: ...

    async def time_zone(self) -> ZoneInfo:
        """The account's time zone on the platform: its days (and hours) are in it."""
        ...


def last_day(checkpoint: Checkpoint | None) -> date | None:
    """The last day a finished pull of the account covered, from its checkpoint."""
    if checkpoint is None:
        return None
    try:
        return date.fromisoformat(json.loads(checkpoint.identity)["last_day"])
    except (ValueError, KeyError, TypeError):
        return None


def pulled_days(checkpoint: Checkpoint | None) -> str | None:
    """The days the last finished pull covered, as ``since..last_day`` (for /healthz)."""
    if checkpoint is None:
        return None
    try:
        span = json.loads(checkpoint.identity)
        return f"{span['since']}..{span['last_day']}"
    except (ValueError, KeyError, TypeError):
        return None


def pull_range(
    last: date | None, today: date, repull_days: int, backfill_days: int
) -> tuple[date, date]:
    """The days to pull: the last `repull_days` up to the last day pulled, and every day after
    (a bot that was down catches up); the first time, the last `backfill_days`."""
    if last is None:
        return today - timedelta(days=backfill_days - 1), today
    since = min(last, today) - timedelta(days=repull_days - 1)
    return since, today


@dataclass(frozen=True, slots=True)
class AdPull:
    """One account: pulls its range page by page; each page is stored as it comes (new rows,
    restated rows updated, identical ones counted as duplicates) and the last page carries
    the checkpoint, so a pull cut short is simply done again."""

    source: AdSource
    feeds: FeedStore
    repull_days: int
    backfill_days: int

    @property
    def name(self) -> str:
        return self.source.name

    async def pull(self, when: date | datetime) -> IngestCounts:
        """Pull up to `when`: a moment (today is the account's today, in its time zone on
        the platform) or a day of the account's calendar."""
        today = (
            when.astimezone(await self.source.time_zone()).date()
            if isinstance(when, datetime)
            else when
        )
        since, until = pull_range(
            last_day(await self.feeds.checkpoint(self.name)),
            today,
            self.repull_days,
            self.backfill_days,
        )
        total = IngestCounts()
        pages = []
        async for page in self.source.pages(since, until):
            pages.append(page)
            if len(pages) > 1:
                done = pages.pop(0)
                total.add(await self.feeds.ingest(done.rows, done.rejected, source=self.name))
        last = pages[0] if pages else None
        mark = Checkpoint(
            self.name,
            0,
            total.stored + total.updated + total.duplicate,
            json.dumps({"since": since.isoformat(), "last_day": until.isoformat()}),
        )
        total.add(
            await self.feeds.ingest(
                last.rows if last else [],
                last.rejected if last else [],
                checkpoint=mark,
                source=self.name,
            )
        )
        log.info(
            "%s pulled since=%s until=%s stored=%d updated=%d duplicate=%d quarantined=%d",
            self.name,
            since,
            until,
            total.stored,
            total.updated,
            total.duplicate,
            total.quarantined,
        )
        return total


class AdPulls:
    """The ad accounts of one running bot, pulled every `pull_every`; a throttled account
    waits longer (bot/backoff.py, or as long as the platform says) and one whose token was
    refused is left, with the reason on /healthz, until the bot restarts with a new token."""

    def __init__(
        self,
        section: AdsIn,
        feeds: FeedStore,
        clock: Callable[[], datetime],
        secrets: Secrets,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.section = section
        self.status = ConnectorStatus(ads_secrets(section, secrets), counts=False)
        self._feeds = feeds
        self._clock = clock
        self._secrets = secrets
        self._monotonic = monotonic
        self._backoff = Backoff(log, first=60.0, most=3600.0, clock=monotonic)
        self._refused: set[str] = set()
        self.report_poll_seconds = 5.0
        self._not_before: dict[str, float] = {}

    def pulls(self, session: aiohttp.ClientSession) -> list[AdPull]:
        """A pull per account; an account whose token is not set is reported and left out."""
        made: list[AdPull] = []
        for account in self.section.accounts:
            try:
                source = self._source(session, account)
            except MissingSecret as missing:
                self.status.failed(f"ads:{account.platform}:{account.number}", missing)
                continue
            sources = [source]
            if account.hourly:
                sources.append(self._source(session, account, hourly=True))
            made += [
                AdPull(each, self._feeds, self.section.repull_days, self.section.backfill_days)
                for each in sources
            ]
        return made

    def _source(
        self, session: aiohttp.ClientSession, account: AdAccount, hourly: bool = False
    ) -> AdSource:
        token = self._secrets.get(account.token_env)
        if account.platform == "meta":
            return MetaInsights(
                session,
                str(self.section.graph_url),
                token,
                account,
                self.section.report_after_days,
                self.report_poll_seconds,
                hourly,
            )
        client = [
            SecretStr(self._secrets.get(name)) if name else None
            for name in (account.client_id_env, account.client_secret_env)
        ]
        access = GoogleToken(
            session, SecretStr(token), client[0], client[1], str(self.section.google_token_url)
        )
        developer = self._secrets.get(account.developer_token_env or "")
        return GoogleAdsReport(
            session, str(self.section.google_ads_url), access, developer, account, hourly
        )

    async def once(self, pulls: list[AdPull]) -> IngestCounts:
        total = IngestCounts()
        for pull in pulls:
            key = pull.name
            if key in self._refused or not self._backoff.due(key):
                continue
            if self._monotonic() < self._not_before.get(key, 0.0):
                continue
            try:
                counts = await pull.pull(self._clock())
            except TokenRefused as exc:
                self._refused.add(key)
                self.status.failed(key, exc)
                log.error("%s stopped until its token is replaced: %s", key, exc)
                continue
            except Throttled as exc:
                self.status.failed(key, exc)
                delay = self._backoff.failed(key, exc)
                if exc.retry_after is not None and exc.retry_after > delay:
                    self._not_before[key] = self._monotonic() + exc.retry_after
                continue
            except Exception as exc:
                self.status.failed(key, exc)
                self._backoff.failed(key, exc)
                continue
            self._backoff.succeeded(key)
            self.status.succeeded(key)
            self.status.note(
                key,
                rows_stored=counts.stored,
                rows_restated=counts.updated,
                rows_unchanged=counts.duplicate,
                rows_quarantined=counts.quarantined,
                time_zone=(await pull.source.time_zone()).key,
                days_pulled=pulled_days(await self._feeds.checkpoint(key)),
            )
            total.add(counts)
        return total

    async def run(self, stop: asyncio.Event) -> None:
        """Pull until `stop`; the HTTP session is closed on the way out."""
        timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            pulls = self.pulls(session)
            while not stop.is_set():
                await self.once(pulls)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.section.pull_every.total_seconds())

    def report(self) -> dict[str, Any]:
        return self.status.report()
