"""Choosing a publisher per brand and platform, and publishing each approved draft once."""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import aiohttp
from dotenv import dotenv_values
from pydantic import SecretStr

from bot.backoff import Backoff
from bot.batch_size import BatchSize
from bot.clock import Clock
from bot.config.connectors import PublishingAccount
from bot.config.errors import ConfigError, ConfigProblem
from bot.config.workspace import Workspace
from bot.connectors.graph_client import DEFAULT_GRAPH_URL, GraphClient
from bot.connectors.publish_facebook import FacebookPublisher
from bot.connectors.publish_instagram import InstagramPublisher
from bot.connectors.publish_youtube import (
    DEFAULT_TOKEN_URL,
    DEFAULT_YOUTUBE_URL,
    GoogleToken,
    YouTubePublisher,
)
from bot.connectors.status import ConnectorStatus
from bot.draft_review import DraftRecord, takes_reply
from bot.notices import Notice
from bot.publisher import (
    CommentGone,
    PlatformPublisher,
    Publisher,
    PublishError,
    Refused,
    Throttled,
    TokenRefused,
)
from bot.redaction import redact
from bot.store import ClaimLost, DraftStore, PublicationStore, Store
from bot.workers import DRAFT_BATCH, Worker

log = logging.getLogger(__name__)

__all__ = [
    "Connection",
    "Publishing",
    "build_publishing",
    "environment",
    "not_posted_note",
    "publishing_secrets",
    "token_mark",
]


def not_posted_note(workspace: Workspace, brand: str, platform: str) -> str | None:
    """What a review message says when Approve posts nothing (no connector for the brand's
    platform), or None when approving posts to the platform."""
    if workspace.publishing_for(brand, platform) is not None:
        return None
    return f"not posted: no connector for {platform}"


def token_mark(token: str) -> str:
    """A short digest that tells two tokens apart; it gives nothing of the token away."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()[:12]


def environment(env_file: Path | None = Path(".env")) -> dict[str, str]:
    """Variables as the settings read them: the environment wins over `.env`."""
    values = (
        {k: v for k, v in dotenv_values(env_file, interpolate=False).items() if v}
        if env_file is not None and env_file.is_file()
        else {}
    )
    values.update({k: v for k, v in os.environ.items() if v})
    return values


def _names(account: PublishingAccount) -> list[str]:
    return [n for n in (account.token_env, account.client_id_env, account.client_secret_env) if n]


def publishing_secrets(workspace: Workspace, env: Mapping[str, str]) -> list[str]:
    """The values of every secret the publishing accounts name: for the log redaction."""
    return [
        env[name] for account in workspace.publishing for name in _names(account) if env.get(name)
    ]


@dataclass(frozen=True, slots=True)
class Connection:
    """One configured account: its publisher, and what the team needs to renew its token."""

    brand: str
    platform: str
    publisher: PlatformPublisher
    token_env: str
    token_mark: str
    alert_receiver: str
    brand_name: str

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.publisher.account}"


class Publishing:
    """The pipeline's publisher: a draft of a brand and platform with a connection goes to that
    platform, any other to `fallback` (the outbox file).

    Published once, also across a crash: the intent is stored before the call, and a call
    whose outcome was never recorded is followed by a look for the account's own reply under
    the comment before the reply is sent again. Throttled accounts are tried again later
    (their own retry time, else a growing back-off); an account whose token is refused is
    paused, with one notice to its alert receiver, until the token changes; a deleted comment
    closes its draft with that reason.
    """

    def __init__(
        self,
        publications: PublicationStore,
        clock: Clock,
        connections: Sequence[Connection],
        fallback: Publisher,
        session: aiohttp.ClientSession | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        secrets: Sequence[str] = (),
        worker: Worker | None = None,
    ) -> None:
        self._clock = clock
        # With several workers, each publishes the drafts it claimed (none goes out twice).
        self._worker = worker
        self._store = publications
        self._by_route = {(c.brand, c.platform): c for c in connections}
        self._fallback = fallback
        self._session = session
        self._monotonic = monotonic
        self._backoff = Backoff(log, first=30.0, most=3600.0, clock=monotonic)
        if worker is not None:
            worker.held_routes = self._backing_off
        # Drafts claimed a round: as many as are published in a fifth of a lease (one at
        # least, and one until a reply is timed: each is a platform call, seconds under load),
        # so a round ends, and the next claims what a dead worker left, soon after its claims
        # lapse; and a worker holds no more than that should it die.
        self._batch = (
            BatchSize(DRAFT_BATCH, worker.lease, least=1, start_small=True)
            if worker is not None
            else None
        )
        # Replies published in the round under way: a round ends early only once it made one.
        self._this_round = 0
        self._paused: set[str] | None = None
        self._secrets = list(secrets)
        # What /healthz shows of each account: last publish, last error, paused or not.
        self.status = ConnectorStatus(self._secrets, counts=False)
        self._published: dict[str, int] = {}
        for c in connections:
            self.status.note(
                _health_name(c), brand=c.brand, token_env=c.token_env, paused=False, published=0
            )

    def report(self) -> dict[str, dict[str, object]]:
        """Each publishing account for /healthz, under ``publishing:{platform}:{account}``."""
        return self.status.report()

    @property
    def store(self) -> PublicationStore:
        return self._store

    def connected(self, brand: str, platform: str) -> bool:
        return (brand, platform) in self._by_route

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def pending(self, drafts: DraftStore) -> list[DraftRecord]:
        await self.load_pauses()
        worker = self._worker
        if worker is None:
            due = await self._store.due()
        else:
            assert self._batch is not None
            # A few at a time, of those no other worker holds, passing over the accounts held
            # back here: a round ends soon, and what a dead worker claimed is taken up at this
            # worker's next round rather than after a long batch of its own.
            due = await self._store.due(
                self._batch.next(), claimable=(worker.id, worker.now()), skip=self._backing_off()
            )
            due = await worker.claim_drafts(due)
        self._this_round = 0
        return [await drafts.get(draft_id) for draft_id in due]

    def _backing_off(self) -> list[str]:
        """The routes (`brand:platform`) whose account this worker holds back after failures."""
        return sorted(
            f"{brand}:{platform}"
            for (brand, platform), c in self._by_route.items()
            if not self._backoff.due(c.key)
        )

    async def load_pauses(self) -> None:
        """Accounts paused by an earlier run stay paused, unless their token was replaced."""
        if self._paused is not None:
            return
        self._paused = set()
        marks = {c.key: c.token_mark for c in self._by_route.values()}
        for key, mark in (await self._store.pauses()).items():
            if key in marks and marks[key] != mark:
                await self._store.resume(key)
                log.info("publishing resumed account=%s: its token was replaced", key)
            else:
                self._paused.add(key)
                self.status.note(
                    f"publishing:{key}",
                    paused=True,
                    paused_reason="the token was refused (before this start); replace it",
                )

    async def publish(self, draft: DraftRecord) -> bool:
        if self._this_round and self._worker is not None and self._worker.round_over("drafts"):
            # Kept claimed for the next round, which starts at once and takes the drafts
            # another worker's lapsed claims left first (Worker.round_over).
            return False
        started = self._monotonic()
        published = await self._publish(draft)
        if published:
            self._this_round += 1
            if self._batch is not None:
                self._batch.timed(1, self._monotonic() - started)
        return published

    async def _publish(self, draft: DraftRecord) -> bool:
        if self._worker is not None and not self._worker.claims_fresh("drafts"):
            return False  # the claim may have passed to another worker: it publishes this
        connection = self._by_route.get((draft.brand, draft.platform))
        if connection is None:
            return await self._fallback.publish(draft)
        await self.load_pauses()
        assert self._paused is not None
        before = await self._store.get(draft.id)
        if before is not None and before.state in ("done", "closed"):
            return before.state == "done"
        key = connection.key
        action = "reply" if takes_reply(draft.action) else "hide"
        comment_id = draft.comment_key.split(":", 1)[1]
        # The text of the first intent is what may already be on the platform.
        text = before.text if before is not None else (draft.text if action == "reply" else "")
        if key in self._paused:
            error = "paused: the account's token was refused"
            await self._store.hold(draft.id, draft.platform, key, comment_id, action, text, error)
            return False
        if not self._backoff.due(key):
            return False
        unsure = before is not None and before.state == "sending"
        worker = self._worker
        claim = None if worker is None else (worker.id, worker.until())
        try:
            await self._store.begin(draft.id, draft.platform, key, comment_id, action, text, claim)
        except ClaimLost as exc:
            # This worker stalled past its claim and another took the draft: it publishes it.
            log.warning("draft claim lost draft=%d account=%s reason=%s", draft.id, key, exc)
            return False
        if worker is not None and claim is not None and not worker.time_left(claim[1]):
            # Recorded too late to call now (another worker may take the draft any moment):
            # left 'sending', so whoever calls next looks for the reply first.
            log.warning("draft claim too short to publish draft=%d account=%s", draft.id, key)
            return False
        looked = False
        try:
            reply_id: str | None = None
            publisher = connection.publisher
            if action == "reply":
                found = await publisher.find_reply(comment_id, text) if unsure else None
                looked = True
                if found is not None:
                    log.info("reply found already posted draft=%d account=%s", draft.id, key)
                posted = found or await publisher.reply(comment_id, text)
                reply_id = posted.id
            else:
                await publisher.hide(comment_id)
        except PublishError as exc:
            await self._failed(draft, connection, exc, unknown=unsure and not looked)
            return False
        await self._store.done(draft.id, reply_id)
        self._backoff.succeeded(key)
        self._published[key] = self._published.get(key, 0) + 1
        self.status.succeeded(f"publishing:{key}")
        self.status.note(f"publishing:{key}", published=self._published[key], last_action=action)
        return True

    def _said(self, exc: BaseException) -> str:
        return redact(str(exc), self._secrets)

    async def _failed(
        self, draft: DraftRecord, connection: Connection, exc: PublishError, unknown: bool
    ) -> None:
        """Record what the platform said. `unknown`: whether an earlier call may have posted
        the reply is still not known (the look for it failed)."""
        key, said = connection.key, self._said(exc)
        self.status.failed(f"publishing:{key}", exc)
        if isinstance(exc, CommentGone):
            why = f"not published: the comment is gone from {draft.platform} ({said})"
            await self._store.close(draft.id, why)
            log.info("draft closed draft=%d account=%s reason=comment gone", draft.id, key)
            return
        if isinstance(exc, Refused):
            await self._store.close(
                draft.id, f"not published: {draft.platform} refused it ({said})"
            )
            log.warning("draft closed draft=%d account=%s reason=%s", draft.id, key, said)
            return
        if isinstance(exc, TokenRefused):
            await self._store.later(draft.id, None, said, unsure=unknown)
            await self._pause(connection, said)
            return
        delay = self._backoff.failed(key, exc)
        if isinstance(exc, Throttled) and exc.retry_after is not None:
            delay = max(delay, exc.retry_after)
        until = (self._clock() + timedelta(seconds=delay)).isoformat()
        # Throttled: nothing was posted. Unsure: it may have been; look first next time.
        sure = isinstance(exc, Throttled) and not unknown
        await self._store.later(draft.id, until, said, unsure=not sure)

    async def _pause(self, connection: Connection, said: str) -> None:
        assert self._paused is not None
        self._paused.add(connection.key)
        self.status.note(
            _health_name(connection),
            paused=True,
            paused_reason=f"{connection.platform} refused the token in {connection.token_env}",
        )
        text = (
            f"Publishing to {connection.platform} for {connection.brand_name} is paused:"
            f" {connection.platform} refused the token in {connection.token_env} ({said})."
            " Approved replies and hides wait, nothing is lost. Put a new token in"
            f" {connection.token_env} (.env) and restart socialpulse; they go out then."
        )
        alert = Notice(
            kind="text",
            receiver=connection.alert_receiver,
            subject=f"publishing:{connection.key}",
            dedupe_key=f"publishing-paused:{connection.key}:{connection.token_mark}",
            data={"text": text},
        )
        if await self._store.pause(
            connection.key, connection.platform, said, connection.token_mark, alert
        ):
            log.error(
                "publishing paused account=%s variable=%s reason=%s",
                connection.key,
                connection.token_env,
                said,
            )


def _health_name(connection: Connection) -> str:
    return f"publishing:{connection.key}"


def _connection_problems(
    workspace: Workspace, env: Mapping[str, str], file: str
) -> list[ConfigProblem]:
    problems = []
    for index, account in enumerate(workspace.publishing):
        for field in ("token_env", "client_id_env", "client_secret_env"):
            name = getattr(account, field)
            if name is not None and not env.get(name):
                problems.append(
                    ConfigProblem(
                        file,
                        f"publishing[{index}].{field}",
                        f"{name} is not set in the environment or .env (publishing to "
                        f"{account.platform} for brand {account.brand!r} needs it)",
                    )
                )
    return problems


async def build_publishing(
    workspace: Workspace,
    store: Store,
    fallback: Publisher,
    env: Mapping[str, str],
    file: str = "workspace",
    monotonic: Callable[[], float] = time.monotonic,
    worker: Worker | None = None,
) -> Publishing:
    """The publishing accounts of the workspace, with their secrets from `env`; raises a
    ConfigError naming each secret that is not set."""
    problems = _connection_problems(workspace, env, file)
    if problems:
        raise ConfigError(problems)
    session = aiohttp.ClientSession() if workspace.publishing else None
    connections = []
    for account in workspace.publishing:
        token = SecretStr(env[account.token_env])
        publisher: PlatformPublisher
        if account.platform == "youtube":
            client_id = SecretStr(env[account.client_id_env]) if account.client_id_env else None
            secret = (
                SecretStr(env[account.client_secret_env]) if account.client_secret_env else None
            )
            assert session is not None
            google = GoogleToken(
                session, token, client_id, secret, account.token_url or DEFAULT_TOKEN_URL
            )
            publisher = YouTubePublisher(
                session,
                google,
                account.account,
                account.base_url or DEFAULT_YOUTUBE_URL,
                account.hide_as,
            )
        else:
            assert session is not None
            client = GraphClient(session, token, account.base_url or DEFAULT_GRAPH_URL)
            publisher = (
                FacebookPublisher(client, account.account)
                if account.platform == "facebook"
                else InstagramPublisher(client, account.account, account.username)
            )
        brand = workspace.brand(account.brand)
        receiver = account.alert_receiver or workspace.review_receiver_for(account.brand).name
        connections.append(
            Connection(
                brand=account.brand,
                platform=account.platform,
                publisher=publisher,
                token_env=account.token_env,
                token_mark=token_mark(token.get_secret_value()),
                alert_receiver=receiver,
                brand_name=brand.name if brand else account.brand,
            )
        )
    secrets = publishing_secrets(workspace, env)
    publishing = Publishing(
        store.publications, store.clock, connections, fallback, session, monotonic, secrets, worker
    )
    # Pauses kept from an earlier run show on /healthz from the start.
    await publishing.load_pauses()
    return publishing
