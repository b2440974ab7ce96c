"""The workspace's `comments_in` section: which platform accounts of which brand bring comments
in, and the names of the environment variables that hold their secrets."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Annotated, Literal

from pydantic import Field, HttpUrl

from bot.config.fields import AccountId, EnvName, Section, SourceName
from bot.durations import Duration

__all__ = [
    "CommentAccount",
    "CommentsIn",
    "HookSource",
    "MetaApp",
    "comments_in_problems",
]


class MetaApp(Section):
    """The Meta app whose webhooks the bot receives (Pages and Instagram)."""

    app_secret_env: EnvName = "META_APP_SECRET"
    verify_token_env: EnvName = "META_VERIFY_TOKEN"
    graph_url: HttpUrl = HttpUrl("https://graph.facebook.com/v21.0")


class CommentAccount(Section):
    """One brand's account on one platform: a Facebook Page, an Instagram professional
    account or a YouTube channel. `poll` lists the posts, media or videos whose comments are
    also read by polling (a YouTube channel with none is read whole)."""

    brand: str
    platform: Literal["facebook", "instagram", "youtube"]
    id: AccountId
    token_env: EnvName
    poll: tuple[AccountId, ...] = ()


class HookSource(Section):
    """A sender of the generic signed webhook (Zapier, Make, n8n, a brand's own exporter)."""

    name: SourceName
    secret_env: EnvName
    # Deliveries whose brand is another are refused (None: any brand of the workspace).
    brand: str | None = None


class CommentsIn(Section):
    """Connectors that bring comments in; empty (the default) means feed files only."""

    meta: MetaApp = Field(default_factory=MetaApp)
    youtube_url: HttpUrl = HttpUrl("https://www.googleapis.com/youtube/v3")
    # How often polled posts, media and videos are read again (catch-up after downtime).
    poll_every: Duration = timedelta(minutes=5)
    # YouTube's daily quota in units (commentThreads.list costs 1 a call).
    youtube_daily_quota: Annotated[int, Field(gt=0)] = 10_000
    accounts: tuple[CommentAccount, ...] = ()
    sources: tuple[HookSource, ...] = ()

    @property
    def enabled(self) -> bool:
        return bool(self.accounts or self.sources)

    def account(self, platform: str, account_id: str) -> CommentAccount | None:
        return next(
            (a for a in self.accounts if a.platform == platform and a.id == account_id), None
        )

    def source(self, name: str) -> HookSource | None:
        return next((s for s in self.sources if s.name == name), None)


def comments_in_problems(
    section: CommentsIn, brands: Sequence[str]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Brands the section names that the workspace lacks, and accounts named twice."""
    known = set(brands)
    seen: set[tuple[str, str]] = set()
    for index, account in enumerate(section.accounts):
        loc: tuple[str | int, ...] = ("comments_in", "accounts", index)
        if account.brand not in known:
            yield (*loc, "brand"), f"unknown brand {account.brand!r}"
        if (account.platform, account.id) in seen:
            yield (*loc, "id"), f"{account.platform} account {account.id} is listed twice"
        seen.add((account.platform, account.id))
    names: set[str] = set()
    for index, source in enumerate(section.sources):
        loc = ("comments_in", "sources", index)
        if source.brand is not None and source.brand not in known:
            yield (*loc, "brand"), f"unknown brand {source.brand!r}"
        if source.name in names:
            yield (*loc, "name"), f"source {source.name!r} is listed twice"
        names.add(source.name)
    if section.poll_every < timedelta(seconds=10):
        yield ("comments_in", "poll_every"), "must be at least 10s (the platforms' rate limits)"
