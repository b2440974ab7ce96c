"""The workspace's `ads_in` section: which ad accounts of which brand have their daily metrics
pulled from the platform, and the name of the environment variable holding each token."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Annotated, Literal

from pydantic import Field, HttpUrl

from bot.config.fields import AccountId, EnvName, Section
from bot.durations import Duration

__all__ = ["AdAccount", "AdsIn", "ads_in_problems"]

# Meta's standard purchase events: the pixel's and the unified one (the same purchases counted
# twice under two names, so only the first of the list that a row carries is read).
DEFAULT_ACTION_TYPES = ("offsite_conversion.fb_pixel_purchase", "purchase")


class AdAccount(Section):
    """One brand's ad account: on Meta (``act_…`` or the bare number) or a Google Ads
    customer (``123-456-7890`` or the bare number)."""

    brand: str
    platform: Literal["meta", "google"] = "meta"
    id: AccountId
    # Meta: an access token with ads_read. Google: an OAuth access token, or a refresh token
    # when `client_id_env` and `client_secret_env` are given.
    token_env: EnvName
    # Google Ads only: the developer token, the manager account it is reached through, and
    # the OAuth client that renews access tokens.
    developer_token_env: EnvName | None = None
    login_customer_id: AccountId | None = None
    client_id_env: EnvName | None = None
    client_secret_env: EnvName | None = None
    # The account as named in the stored rows (default: the id, without ``act_``).
    name: str | None = None
    # Conversions and revenue: the first of these action types a row reports in `actions`
    # and `action_values`.
    action_types: tuple[str, ...] = DEFAULT_ACTION_TYPES
    # Link clicks (`inline_link_clicks`, as in an Ads Manager export) or clicks (all).
    clicks: Literal["link", "all"] = "link"
    # Also pull hourly rows (Meta's hourly breakdown, Google's `segments.hour`), beside the
    # daily ones, as the hourly rows of a CSV.
    hourly: bool = False

    @property
    def number(self) -> str:
        return self.id.removeprefix("act_").replace("-", "")

    @property
    def label(self) -> str:
        return self.name or self.number


class AdsIn(Section):
    """Ad accounts whose metrics are pulled; empty (the default) means feed files only."""

    graph_url: HttpUrl = HttpUrl("https://graph.facebook.com/v21.0")
    google_ads_url: HttpUrl = HttpUrl("https://googleads.googleapis.com/v22")
    google_token_url: HttpUrl = HttpUrl("https://oauth2.googleapis.com/token")
    # How often each account is pulled.
    pull_every: Duration = timedelta(minutes=60)
    # Days pulled again every time, so late conversions arrive as restatements.
    repull_days: Annotated[int, Field(ge=1, le=28)] = 3
    # Days pulled the first time an account is seen.
    backfill_days: Annotated[int, Field(ge=1, le=1000)] = 30
    # Meta: ranges of more days than this run as an asynchronous report job.
    report_after_days: Annotated[int, Field(ge=1)] = 31
    accounts: tuple[AdAccount, ...] = ()

    @property
    def enabled(self) -> bool:
        return bool(self.accounts)


def ads_in_problems(
    section: AdsIn, brands: Sequence[str]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Brands the section names that the workspace lacks, accounts named twice, no actions."""
    known = set(brands)
    seen: set[tuple[str, str]] = set()
    for index, account in enumerate(section.accounts):
        loc: tuple[str | int, ...] = ("ads_in", "accounts", index)
        if account.brand not in known:
            yield (*loc, "brand"), f"unknown brand {account.brand!r}"
        if (account.platform, account.number) in seen:
            yield (*loc, "id"), f"{account.platform} ad account {account.id} is listed twice"
        seen.add((account.platform, account.number))
        if account.platform == "google" and account.developer_token_env is None:
            yield (*loc, "developer_token_env"), "a Google Ads account needs its developer token"
        if (account.client_id_env is None) != (account.client_secret_env is None):
            yield (*loc, "client_secret_env"), "give both client_id_env and client_secret_env"
        if not account.action_types:
            yield (*loc, "action_types"), "name at least one action type (e.g. purchase)"
    if section.pull_every < timedelta(minutes=1):
        yield ("ads_in", "pull_every"), "must be at least 1m (the platforms' rate limits)"
