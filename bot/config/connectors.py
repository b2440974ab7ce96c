"""Where records come from and where replies go: feed files, inbound connectors, publishing.

`comments_in` and `ads_in` have a module each (comments_in.py, ads_in.py) and are re-exported
here so the workspace reads every connector section from one place.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from bot.config.ads_in import AdsIn, ads_in_problems
from bot.config.comments_in import CommentsIn, comments_in_problems
from bot.config.fields import (
    EnvName,
    Handle,
    PositiveDuration,
    RelativePath,
    Section,
    Text,
    WebAddress,
)
from bot.models import FeedKind

__all__ = [
    "AdsIn",
    "CommentsIn",
    "Feeds",
    "PublishingAccount",
    "WatchedFile",
    "ads_in_problems",
    "comments_in_problems",
]


class WatchedFile(Section):
    """A feed file the bot tails; relative paths are relative to the workspace file."""

    path: RelativePath
    kind: FeedKind


class Feeds(Section):
    """Where records come from and how often to look."""

    poll_interval: PositiveDuration = timedelta(milliseconds=250)
    watch: tuple[WatchedFile, ...] = ()
    drop_folder: RelativePath | None = None


class PublishingAccount(Section):
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
    base_url: WebAddress | None = None
    token_url: WebAddress | None = None
    alert_receiver: str | None = None
