"""The Bolt AsyncApp: built in a factory, sharing our Web API client, listeners attached."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from handlers.slack.listeners import SlackListeners

__all__ = ["build_app"]


def build_app(client: AsyncWebClient, signing_secret: str, listeners: SlackListeners) -> AsyncApp:
    """A single-workspace app: Bolt learns its bot identity with one auth.test on first use.

    The signing secret verifies HTTP-mode requests; Socket Mode traffic arrives over the
    authenticated WebSocket and needs none, so it may be empty there.
    """
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret,
        logger=logging.getLogger("handlers.slack.bolt"),
        name="socialpulse",
    )
    listeners.register(app)
    return app
