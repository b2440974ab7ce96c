"""The Slack side of socialpulse: a Bolt app and the `SlackChannel` serving every Slack receiver."""

from __future__ import annotations

from collections.abc import Callable

from bot.config.receivers import SlackReceiver
from bot.config.workspace import Workspace
from bot.settings import Settings
from bot.store import Store
from handlers.actions import Actions
from handlers.slack.app import build_app
from handlers.slack.channel import SlackChannel
from handlers.slack.client import make_client
from handlers.slack.groups import UserGroups
from handlers.slack.listeners import SlackListeners
from handlers.slack.messages import Messages, slack_renderer
from handlers.slack.server import HttpServer, SlackServer, SocketModeServer
from handlers.views import Views

__all__ = ["SlackChannel", "build_slack_channel"]


def build_slack_channel(
    settings: Settings,
    workspace: Workspace,
    store: Store,
    nudge: Callable[[], None],
    *,
    host: str = "0.0.0.0",
) -> SlackChannel:
    """One SlackChannel for every Slack receiver, with its Bolt app (not started yet).

    `start()` connects Socket Mode or opens the HTTP endpoint (SLACK_MODE) in the running
    loop; `close()` stops it. `nudge` asks the pipeline to deliver at once after someone acts,
    so the message they pressed a button on is updated straight away.
    """
    if settings.slack_bot_token is None:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    client = make_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url)
    messages = Messages(slack_renderer(), workspace)
    groups = UserGroups(client, [g for person in workspace.people for g in person.slack_groups])
    receivers = {r.name: r.channel for r in workspace.receivers if isinstance(r, SlackReceiver)}
    listeners = SlackListeners(
        Actions(store, workspace),
        Views(store, workspace, chart_dir=settings.chart_dir),
        messages,
        groups,
        nudge,
        receivers,
    )
    secret = settings.slack_signing_secret
    app = build_app(client, secret.get_secret_value() if secret else "", listeners)
    server: SlackServer
    if settings.slack_mode == "socket":
        if settings.slack_app_token is None:
            raise ValueError("SLACK_APP_TOKEN is needed for SLACK_MODE=socket")
        server = SocketModeServer(app, settings.slack_app_token.get_secret_value())
    else:
        if secret is None:
            raise ValueError("SLACK_SIGNING_SECRET is needed for SLACK_MODE=http")
        server = HttpServer(app, host, settings.slack_http_port, secret.get_secret_value())
    return SlackChannel(client, receivers, messages, server)
