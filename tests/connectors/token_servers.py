"""A local server answering the documented token checks of each platform, by token: Graph
`GET /me`, `GET /me/accounts`, `GET /{ig-user-id}`, `GET /act_{id}`; YouTube `GET /channels`;
Google's token endpoint; Google Ads `GET /customers:listAccessibleCustomers`. 127.0.0.1 only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

GRAPH = "/v21.0"
YOUTUBE = "/youtube/v3"
ADS = "/v22"
PAGE_ID = "104000000000001"
OTHER_PAGE_ID = "104000000000002"
USER_ID = "10160000000000001"
IG_ID = "17841400000000001"
AD_ACCOUNT = "120330000000001"
CHANNEL = "UCalpenglowOutdoor000001"
CUSTOMER = "1234567890"

# Token-shaped, so that a leak would be seen by the redaction and by the assertions.
GOOD = "EAAGgoodTOKENforONLINEchecks1234567890abcdefghij"
EXPIRED = "EAAGexpiredTOKENforONLINEchecks1234567890abcdef"
REVOKED = "EAAGrevokedTOKENforONLINEchecks1234567890abcdef"
NO_ADS_READ = "EAAGnoADSreadTOKENforONLINEchecks1234567890abc"
API_KEY = "AIzaSyGOODkeyFORonlineCHECKS0123456789ab"
BAD_KEY = "AIzaSyBADkeyFORonlineCHECKS0123456789abc"
REFRESH = "1//0gREFRESHforONLINEchecks0123456789abcdefghij"
CLIENT_ID = "42-client.apps.googleusercontent.com"
CLIENT_SECRET = "GOCSPX-onlineCHECKSsecret0123"
ACCESS = "ya29.a0ONLINEchecksACCESStoken0123456789"
DEVELOPER = "devTOKENforONLINEchecks0123"


def graph_error(status: int, code: int, message: str, subcode: int | None = None) -> web.Response:
    error: dict[str, Any] = {"message": message, "type": "OAuthException", "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    return web.json_response({"error": error}, status=status)


def google_error(status: int, reason: str, message: str) -> web.Response:
    errors = [{"message": message, "domain": "global", "reason": reason}]
    body = {"error": {"code": status, "message": message, "errors": errors}}
    return web.json_response(body, status=status)


@dataclass
class TokenServer:
    """`down`: every API call answers 503 (the token endpoint too)."""

    down: bool = False
    refresh_tokens: set[str] = field(default_factory=lambda: {REFRESH})
    customers: list[str] = field(default_factory=lambda: [CUSTOMER])
    calls: list[str] = field(default_factory=list)
    # Whose token GOOD is: the Page's own ("page"), another Page's ("other page"), or a user's
    # ("user") who manages the Pages in `managed`.
    owner: str = "page"
    managed: list[str] = field(default_factory=lambda: [PAGE_ID])

    def _graph_token(self, request: web.Request) -> web.Response | None:
        self.calls.append(request.path)
        if self.down:
            return graph_error(503, 2, "Service temporarily unavailable")
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token == EXPIRED:
            return graph_error(400, 190, "Error validating access token: Session has expired", 463)
        if token == REVOKED:
            return graph_error(
                400, 190, "Error validating access token: The user has not authorized the app", 458
            )
        if token not in (GOOD, NO_ADS_READ):
            return graph_error(400, 190, "Invalid OAuth access token - Cannot parse access token")
        return None

    async def me(self, request: web.Request) -> web.Response:
        who = {
            "page": {"id": PAGE_ID, "name": "Alpenglow Outdoor"},
            "other page": {"id": OTHER_PAGE_ID, "name": "Alpenglow Outlet"},
            "user": {"id": USER_ID, "name": "Dana Reyes"},
        }[self.owner]
        return self._graph_token(request) or web.json_response(who)

    async def my_pages(self, request: web.Request) -> web.Response:
        refused = self._graph_token(request)
        if refused is not None:
            return refused
        if self.owner != "user":
            return graph_error(
                400, 100, "(#100) Tried accessing nonexisting field (accounts) on node type (Page)"
            )
        return web.json_response({"data": [{"id": page} for page in self.managed]})

    async def graph_object(self, request: web.Request) -> web.Response:
        refused = self._graph_token(request)
        if refused is not None:
            return refused
        object_id = request.match_info["id"]
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if object_id == IG_ID:
            return web.json_response({"id": IG_ID, "username": "alpenglow"})
        if object_id == f"act_{AD_ACCOUNT}":
            if token == NO_ADS_READ:
                return graph_error(
                    403, 200, "(#200) Requires ads_read permission to manage the object"
                )
            return web.json_response(
                {
                    "id": object_id,
                    "name": "Alpenglow EU",
                    "currency": "EUR",
                    "timezone_name": "Europe/Vienna",
                }
            )
        return graph_error(400, 100, f"Unsupported get request. Object with ID '{object_id}'", 33)

    async def channels(self, request: web.Request) -> web.Response:
        self.calls.append(request.path)
        if self.down:
            return google_error(503, "backendError", "Backend Error")
        key = request.headers.get("X-Goog-Api-Key")
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if key is not None:
            if key != API_KEY:
                return google_error(
                    400, "keyInvalid", "API key not valid. Please pass a valid key."
                )
            wanted = request.query.get("id", "")
            items = [{"kind": "youtube#channel", "id": wanted}] if wanted == CHANNEL else []
            return web.json_response({"kind": "youtube#channelListResponse", "items": items})
        if bearer != ACCESS:
            return google_error(401, "authError", "Invalid Credentials")
        return web.json_response({"items": [{"kind": "youtube#channel", "id": CHANNEL}]})

    async def token(self, request: web.Request) -> web.Response:
        self.calls.append(request.path)
        if self.down:
            return web.json_response({"error": "internal_failure"}, status=503)
        form = await request.post()
        if form.get("refresh_token") not in self.refresh_tokens:
            body = {
                "error": "invalid_grant",
                "error_description": "Token has been expired or revoked.",
            }
            return web.json_response(body, status=400)
        return web.json_response({"access_token": ACCESS, "expires_in": 3599})

    async def accessible(self, request: web.Request) -> web.Response:
        self.calls.append(request.path)
        if self.down:
            return web.json_response(
                [{"error": {"code": 503, "status": "UNAVAILABLE", "message": "unavailable"}}],
                status=503,
            )
        if request.headers.get("Authorization") != f"Bearer {ACCESS}":
            body = {"error": {"code": 401, "status": "UNAUTHENTICATED", "message": "no"}}
            return web.json_response(body, status=401)
        if request.headers.get("developer-token") != DEVELOPER:
            body = {"error": {"code": 403, "status": "PERMISSION_DENIED", "message": "dev"}}
            return web.json_response(body, status=403)
        return web.json_response({"resourceNames": [f"customers/{c}" for c in self.customers]})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get(f"{GRAPH}/me", self.me)
        app.router.add_get(f"{GRAPH}/me/accounts", self.my_pages)
        app.router.add_get(GRAPH + "/{id}", self.graph_object)
        app.router.add_get(f"{YOUTUBE}/channels", self.channels)
        app.router.add_post("/token", self.token)
        app.router.add_get(f"{ADS}/customers:listAccessibleCustomers", self.accessible)
        return app


@asynccontextmanager
async def serving(server: TokenServer) -> AsyncIterator[str]:
    runner = web.AppRunner(server.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


def workspace_yaml(base: str) -> str:
    """Every kind of connector of brand alpenglow, all pointed at `base`."""
    return f"""brands:
  - id: alpenglow
    name: Alpenglow Outdoor
comments_in:
  meta:
    graph_url: {base}{GRAPH}
  youtube_url: {base}{YOUTUBE}
  accounts:
    - {{brand: alpenglow, platform: facebook, id: "{PAGE_ID}", token_env: PAGE_TOKEN}}
    - {{brand: alpenglow, platform: instagram, id: "{IG_ID}", token_env: PAGE_TOKEN}}
    - {{brand: alpenglow, platform: youtube, id: {CHANNEL}, token_env: YOUTUBE_KEY}}
publishing:
  - brand: alpenglow
    platform: facebook
    account: "{PAGE_ID}"
    token_env: PAGE_TOKEN
    base_url: {base}{GRAPH}
  - brand: alpenglow
    platform: youtube
    account: {CHANNEL}
    token_env: YOUTUBE_REFRESH
    client_id_env: YOUTUBE_CLIENT_ID
    client_secret_env: YOUTUBE_CLIENT_SECRET
    base_url: {base}{YOUTUBE}
    token_url: {base}/token
ads_in:
  graph_url: {base}{GRAPH}
  google_ads_url: {base}{ADS}
  google_token_url: {base}/token
  accounts:
    - {{brand: alpenglow, id: act_{AD_ACCOUNT}, token_env: ADS_TOKEN}}
    - brand: alpenglow
      platform: google
      id: 123-456-7890
      token_env: GADS_REFRESH
      developer_token_env: GADS_DEVELOPER
      client_id_env: YOUTUBE_CLIENT_ID
      client_secret_env: YOUTUBE_CLIENT_SECRET
"""


ENV = {
    "PAGE_TOKEN": GOOD,
    "YOUTUBE_KEY": API_KEY,
    "YOUTUBE_REFRESH": REFRESH,
    "YOUTUBE_CLIENT_ID": CLIENT_ID,
    "YOUTUBE_CLIENT_SECRET": CLIENT_SECRET,
    "ADS_TOKEN": GOOD,
    "GADS_REFRESH": REFRESH,
    "GADS_DEVELOPER": DEVELOPER,
}
