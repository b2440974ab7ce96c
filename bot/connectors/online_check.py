"""`check-config --online`: one cheap documented call per configured connector, to tell a
team before the bot starts whether each token works."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import aiohttp
from pydantic import SecretStr

from bot.config.ads_in import AdAccount, AdsIn
from bot.config.comments_in import CommentAccount, CommentsIn
from bot.config.connectors import PublishingAccount
from bot.config.workspace import Workspace
from bot.connectors.ads_pull import ads_secrets
from bot.connectors.errors import (
    ConnectorError,
    NotReached,
    PermissionMissing,
    Refused,
    Throttled,
    TokenRefused,
    Unsure,
)
from bot.connectors.google_ads import google_ads_error
from bot.connectors.graph_client import DEFAULT_GRAPH_URL, GraphClient
from bot.connectors.inbound import inbound_secrets
from bot.connectors.publish_youtube import (
    DEFAULT_TOKEN_URL,
    DEFAULT_YOUTUBE_URL,
    GoogleToken,
    youtube_error,
)
from bot.connectors.secrets import MissingSecret, Secrets
from bot.connectors.youtube_comments import key_error
from bot.redaction import redact

__all__ = ["Verdict", "check_online", "known_secrets"]

CHECK_TIMEOUT_SECONDS = 15.0

Call = Callable[[aiohttp.ClientSession], Awaitable[str]]


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one connector's check found. `outcome`: ok, expired, revoked, token refused,
    missing permission, wrong account, throttled, unreachable, platform error, not set, failed."""

    connector: str
    setting: str
    outcome: str
    detail: str

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    def line(self) -> str:
        return f"{self.outcome:<18} {self.connector} ({self.setting}): {self.detail}"


class WrongAccount(ConnectorError):
    """The token works but belongs to another account than the one configured."""


@dataclass(frozen=True, slots=True)
class _Probe:
    connector: str
    setting: str
    call: Call


def _outcome(exc: BaseException) -> str:
    if isinstance(exc, MissingSecret):
        return "not set"
    if isinstance(exc, WrongAccount):
        return "wrong account"
    if isinstance(exc, PermissionMissing):
        return "missing permission"
    if isinstance(exc, TokenRefused):
        return "token refused" if exc.reason == "refused" else exc.reason
    if isinstance(exc, Throttled):
        return "throttled"
    if isinstance(exc, NotReached):
        return "unreachable"
    if isinstance(exc, Unsure):
        return "platform error"
    return "failed"


async def _get_json(
    session: aiohttp.ClientSession,
    url: str,
    headers: dict[str, str],
    params: dict[str, str],
    what: str,
) -> tuple[int, Any, dict[str, str]]:
    try:
        async with session.get(url, params=params, headers=headers) as response:
            status, text = response.status, await response.text()
            answer_headers = dict(response.headers)
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise NotReached(f"{what}: not reached ({type(exc).__name__})") from None
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = None
    return status, body, answer_headers


# --- Graph API (Facebook, Instagram, Meta ad accounts) -----------------------------------------


def _graph_me(base: str, secrets: Secrets, token_env: str, account: str) -> Call:
    async def call(session: aiohttp.ClientSession) -> str:
        client = GraphClient(session, SecretStr(secrets.get(token_env)), base)
        me = await client.get("me", {"fields": "id,name"})
        said = f"token of {me.get('name') or '?'} ({me.get('id')})"
        if str(me.get("id")) == account:
            return said
        # A user token that manages the Page works too; a Page token of another Page not.
        # Only a user has Pages it manages (`/me/accounts`); asked of a Page, Graph refuses.
        try:
            pages = await client.get("me/accounts", {"fields": "id", "limit": "100"})
        except Refused:
            pages = {}
        if account not in {str(p.get("id")) for p in pages.get("data", [])}:
            raise WrongAccount(
                f"{said}: not a token of Page {account}, nor of a user who manages it"
            )
        return f"{said}, who manages Page {account}"

    return call


def _graph_instagram(base: str, secrets: Secrets, token_env: str, account: str) -> Call:
    """The Instagram account read with the Page token it is reached through."""

    async def call(session: aiohttp.ClientSession) -> str:
        client = GraphClient(session, SecretStr(secrets.get(token_env)), base)
        found = await client.get(account, {"fields": "id,username"})
        return f"Instagram account @{found.get('username') or '?'} ({found.get('id')})"

    return call


def _graph_ad_account(base: str, secrets: Secrets, account: AdAccount) -> Call:
    async def call(session: aiohttp.ClientSession) -> str:
        client = GraphClient(session, SecretStr(secrets.get(account.token_env)), base)
        found = await client.get(f"act_{account.number}", {"fields": "name,currency,timezone_name"})
        return (
            f"ad account {found.get('name') or account.number}, currency"
            f" {found.get('currency') or '?'}, time zone {found.get('timezone_name') or '?'}"
        )

    return call


# --- Google (YouTube Data API, Google Ads API) ----------------------------------------------


def _google_token(
    session: aiohttp.ClientSession,
    secrets: Secrets,
    token_env: str,
    client_id_env: str | None,
    client_secret_env: str | None,
    token_url: str,
) -> GoogleToken:
    client = [
        SecretStr(secrets.get(name)) if name else None
        for name in (client_id_env, client_secret_env)
    ]
    token = SecretStr(secrets.get(token_env))
    return GoogleToken(session, token, client[0], client[1], token_url)


def _youtube_key(base: str, secrets: Secrets, account: CommentAccount) -> Call:
    async def call(session: aiohttp.ClientSession) -> str:
        headers = {"X-Goog-Api-Key": secrets.get(account.token_env)}
        params = {"part": "id", "id": account.id}
        what = "channels.list"
        status, body, _ = await _get_json(session, f"{base}/channels", headers, params, what)
        if status != 200:
            raise key_error(what, status, body)
        if not _channel_ids(body):
            raise WrongAccount(f"{what}: no channel {account.id} (is the id right?)")
        return f"API key reads channel {account.id}"

    return call


def _channel_ids(body: Any) -> list[str]:
    items = body.get("items") if isinstance(body, dict) else None
    return [str(item.get("id")) for item in items or [] if isinstance(item, dict)]


def _youtube_mine(account: PublishingAccount, secrets: Secrets) -> Call:
    base = (account.base_url or DEFAULT_YOUTUBE_URL).rstrip("/")

    async def call(session: aiohttp.ClientSession) -> str:
        google = _google_token(
            session,
            secrets,
            account.token_env,
            account.client_id_env,
            account.client_secret_env,
            account.token_url or DEFAULT_TOKEN_URL,
        )
        access = await google.access()
        headers = {"Authorization": f"Bearer {access.get_secret_value()}"}
        what = "channels.list mine=true"
        params = {"part": "id", "mine": "true"}
        status, body, answer = await _get_json(session, f"{base}/channels", headers, params, what)
        if status != 200:
            raise youtube_error(status, body, answer)
        mine = _channel_ids(body)
        if account.account not in mine:
            raise WrongAccount(
                f"{what}: the token is for channel {', '.join(mine) or 'none'},"
                f" not {account.account}"
            )
        return f"token of channel {account.account}"

    return call


def _google_ads(section: AdsIn, secrets: Secrets, account: AdAccount) -> Call:
    base = str(section.google_ads_url).rstrip("/")

    async def call(session: aiohttp.ClientSession) -> str:
        # Checked at load: a Google account names its developer token.
        developer = secrets.get(account.developer_token_env or "")
        google = _google_token(
            session,
            secrets,
            account.token_env,
            account.client_id_env,
            account.client_secret_env,
            str(section.google_token_url),
        )
        access = await google.access()
        headers = {"Authorization": f"Bearer {access.get_secret_value()}"}
        headers["developer-token"] = developer
        what = "customers:listAccessibleCustomers"
        status, body, _ = await _get_json(session, f"{base}/{what}", headers, {}, what)
        if status != 200:
            raise google_ads_error(f"GET /{what}", status, body)
        names = body.get("resourceNames") if isinstance(body, dict) else None
        reachable = {str(name).removeprefix("customers/") for name in names or []}
        # Through a manager account, the manager is what the token reaches directly.
        via = (account.login_customer_id or account.number).replace("-", "")
        if via not in reachable:
            raise PermissionMissing(
                f"{what}: customer {via} is not among the {len(reachable)} this token reaches"
            )
        return f"token reaches customer {via}" + (
            f" (manager of {account.number})" if account.login_customer_id else ""
        )

    return call


# --- what is checked -----------------------------------------------------------------------


def _probes(workspace: Workspace, secrets: Secrets) -> Iterator[_Probe]:
    comments: CommentsIn = workspace.comments_in
    graph = str(comments.meta.graph_url).rstrip("/")
    for index, c in enumerate(comments.accounts):
        setting = f"comments_in.accounts[{index}].token_env {c.token_env}"
        name = f"comments {c.platform} {c.id} ({c.brand})"
        if c.platform == "facebook":
            yield _Probe(name, setting, _graph_me(graph, secrets, c.token_env, c.id))
        elif c.platform == "instagram":
            yield _Probe(name, setting, _graph_instagram(graph, secrets, c.token_env, c.id))
        else:
            youtube = str(comments.youtube_url).rstrip("/")
            yield _Probe(name, setting, _youtube_key(youtube, secrets, c))
    for index, p in enumerate(workspace.publishing):
        setting = f"publishing[{index}].token_env {p.token_env}"
        name = f"publishing {p.platform} {p.account} ({p.brand})"
        base = (p.base_url or DEFAULT_GRAPH_URL).rstrip("/")
        if p.platform == "facebook":
            yield _Probe(name, setting, _graph_me(base, secrets, p.token_env, p.account))
        elif p.platform == "instagram":
            yield _Probe(name, setting, _graph_instagram(base, secrets, p.token_env, p.account))
        else:
            yield _Probe(name, setting, _youtube_mine(p, secrets))
    ads = workspace.ads_in
    for index, a in enumerate(ads.accounts):
        setting = f"ads_in.accounts[{index}].token_env {a.token_env}"
        name = f"ads {a.platform} {a.id} ({a.brand})"
        if a.platform == "meta":
            yield _Probe(name, setting, _graph_ad_account(str(ads.graph_url), secrets, a))
        else:
            yield _Probe(name, setting, _google_ads(ads, secrets, a))


async def _run(probe: _Probe, session: aiohttp.ClientSession, known: list[str]) -> Verdict:
    try:
        said = await probe.call(session)
    except (ConnectorError, MissingSecret) as exc:
        return Verdict(probe.connector, probe.setting, _outcome(exc), redact(str(exc), known))
    except Exception as exc:  # an answer no one foresaw: the other checks still report
        return Verdict(probe.connector, probe.setting, "failed", type(exc).__name__)
    return Verdict(probe.connector, probe.setting, "ok", redact(said, known))


def known_secrets(workspace: Workspace, secrets: Secrets) -> list[str]:
    """The values of every secret the connectors name that is set: masked in the details."""
    names = [
        name
        for p in workspace.publishing
        for name in (p.token_env, p.client_id_env, p.client_secret_env)
        if name
    ]
    return (
        inbound_secrets(workspace.comments_in, secrets)
        + ads_secrets(workspace.ads_in, secrets)
        + secrets.known(*names)
    )


async def check_online(
    workspace: Workspace,
    secrets: Secrets,
    known: list[str],
    timeout: float = CHECK_TIMEOUT_SECONDS,
) -> list[Verdict]:
    """One verdict per configured connector, in workspace order; `known`: the secret values,
    masked in every detail (a platform's message never carries them, but a proxy's might)."""
    probes = list(_probes(workspace, secrets))
    if not probes:
        return []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        return list(await asyncio.gather(*(_run(probe, session, known) for probe in probes)))
