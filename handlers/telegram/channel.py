"""`TelegramChannel`: every Telegram receiver through one bot — notices out, people's actions in."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import BaseRateLimiter

from bot.channel import ChannelError, MessageRef
from bot.config.receivers import TelegramReceiver
from bot.config.workspace import Workspace
from bot.draft_review import draft_fingerprint
from bot.notices import Notice
from bot.rendering import Renderer
from bot.store import Store
from handlers.actions import Actions
from handlers.telegram.application import (
    DEFAULT_API_URL,
    TelegramApplication,
    build_application,
)
from handlers.telegram.formatting import (
    CAPTION_LIMIT,
    clip_html,
    escape,
    one_line,
    split_html,
    truncate_html,
)
from handlers.telegram.keyboards import alert_keyboard, review_keyboard
from handlers.telegram.listeners import COMMANDS, Listeners
from handlers.telegram.webhook import Webhook, WebhookServer
from handlers.views import Views

__all__ = ["ALLOWED_UPDATES", "TelegramChannel", "telegram_errors", "telegram_renderer"]

log = logging.getLogger(__name__)

ALLOWED_UPDATES: tuple[str, ...] = ("message", "callback_query")
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def telegram_renderer() -> Renderer:
    """The shared renderer plus `clip`, which shortens escaped text without breaking an entity,
    and `line`, which keeps a one-line field (a name, a URL) on one line."""
    renderer = Renderer()
    renderer.env.filters["clip"] = clip_html
    renderer.env.filters["line"] = one_line
    return renderer


@dataclass(frozen=True, slots=True)
class _Outgoing:
    """One Telegram message of a notice: a text part, or a chart with an optional caption."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None
    photo: Path | None = None


class TelegramChannel:
    """Serves every Telegram receiver of the workspace with one bot.

    `send` posts a notice (split into parts when long; a part already posted is not posted
    again when a later one fails and the notice is retried); `update` edits the message a
    decision or a resolution is about. Telegram being unreachable or asking to slow down
    becomes a retryable `ChannelError`, so the notice stays queued in the outbox.
    """

    def __init__(
        self,
        token: str,
        workspace: Workspace,
        store: Store,
        nudge: Callable[[], None],
        *,
        api_url: str = DEFAULT_API_URL,
        webhook: Webhook | None = None,
        poll_interval: float = 0.0,
        rate_limiter: BaseRateLimiter[Any] | None = None,
        renderer: Renderer | None = None,
        chart_dir: Path | None = None,
        name: str = "telegram",
    ) -> None:
        self.name = name
        self._workspace = workspace
        self._chats: dict[str, int] = {
            r.name: r.chat_id for r in workspace.receivers if isinstance(r, TelegramReceiver)
        }
        self._renderer = renderer or telegram_renderer()
        self._application: TelegramApplication = build_application(
            token, api_url, rate_limiter, polling=webhook is None
        )
        Listeners(
            Actions(store, workspace),
            Views(store, workspace, chart_dir=chart_dir),
            self._renderer,
            nudge,
            self._show,
            edit=self.update,
            channel=name,
        ).register(self._application)
        self._webhook = webhook
        self._webhook_server = WebhookServer(webhook, self._application) if webhook else None
        self._poll_interval = poll_interval
        # Message ids already posted for a notice whose later parts failed (by notice id).
        self._posted: dict[int, list[int]] = {}
        self._started = False

    @property
    def receivers(self) -> dict[str, int]:
        """Receiver name → Telegram chat id, for every receiver this channel serves."""
        return dict(self._chats)

    @property
    def application(self) -> TelegramApplication:
        return self._application

    @property
    def webhook(self) -> Webhook | None:
        """The webhook configuration, or None when the channel polls."""
        return self._webhook

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Initialise the bot, register the commands, then poll (or listen for the webhook)."""
        if self._started:
            return
        app = self._application
        try:
            with telegram_errors("start"):
                await app.initialize()
                await app.bot.set_my_commands([c.bot_command() for c in COMMANDS])
                if self._webhook_server is not None and self._webhook is not None:
                    await self._webhook_server.start()
                    await app.bot.set_webhook(
                        self._webhook.url,
                        secret_token=self._webhook.secret,
                        allowed_updates=ALLOWED_UPDATES,
                    )
                elif app.updater is not None:
                    await app.updater.start_polling(
                        poll_interval=self._poll_interval,
                        allowed_updates=ALLOWED_UPDATES,
                        error_callback=_polling_error,
                    )
                await app.start()
        except BaseException:
            await self.close()
            raise
        self._started = True
        log.info(
            "telegram channel started bot=%s mode=%s chats=%d",
            app.bot.username,
            "webhook" if self._webhook else "polling",
            len(self._chats),
        )

    async def close(self) -> None:
        """Stop polling or the webhook, then the application; safe to call more than once."""
        app = self._application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if self._webhook_server is not None:
            await self._webhook_server.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        self._started = False

    # --- Channel ---------------------------------------------------------------------------

    async def send(self, notice: Notice) -> MessageRef:
        if not self._started:
            raise ChannelError("the Telegram channel is not started", retryable=True)
        outgoing = self._outgoing(notice)
        posted = self._posted.setdefault(notice.id, []) if notice.id is not None else []
        for item in outgoing[len(posted) :]:
            message = await self._post(notice.receiver, item)
            posted.append(message.message_id)
        if notice.id is not None:
            del self._posted[notice.id]
        anchor = next((i for i, item in enumerate(outgoing) if item.keyboard is not None), 0)
        return MessageRef(
            notice.receiver, self.name, str(self._chat_of(notice.receiver)), str(posted[anchor])
        )

    async def update(self, ref: MessageRef, notice: Notice) -> None:
        """Edit the earlier message in place; the keyboard goes unless the notice has one."""
        if not self._started:
            raise ChannelError("the Telegram channel is not started", retryable=True)
        text = truncate_html(self._render(notice))
        with telegram_errors("edit"):
            try:
                await self._application.bot.edit_message_text(
                    text,
                    chat_id=int(ref.chat),
                    message_id=int(ref.message_id),
                    parse_mode=ParseMode.HTML,
                    reply_markup=self._keyboard(notice),
                    link_preview_options=_NO_PREVIEW,
                )
            except BadRequest as exc:
                reason = str(exc).lower()
                if "not modified" in reason:
                    return
                if "not found" not in reason and "can't be edited" not in reason:
                    raise
                # The message was deleted (or is too old to edit): say it anew instead.
                log.warning(
                    "telegram message gone receiver=%s chat=%s message=%s; sending anew",
                    ref.receiver,
                    ref.chat,
                    ref.message_id,
                )
                await self.send(notice)

    # --- internals -------------------------------------------------------------------------

    def _chat_of(self, receiver: str) -> int:
        chat = self._chats.get(receiver)
        if chat is None:
            raise ChannelError(f"{receiver!r} is not a Telegram receiver", retryable=False)
        return chat

    def _render(self, notice: Notice) -> str:
        context = dict(notice.data)
        brand = self._workspace.brand(str(context.get("brand", "")))
        context.setdefault("brand_name", brand.name if brand else context.get("brand", ""))
        platform = str(context.get("platform", ""))
        account = self._workspace.publishing_for(str(context.get("brand", "")), platform)
        context["connector"] = account is not None
        return self._renderer.render(f"telegram/{notice.kind}.j2", context, escape)

    def _keyboard(self, notice: Notice) -> InlineKeyboardMarkup | None:
        if notice.kind == "draft":
            action = str(notice.data.get("action", "reply"))
            text = notice.data.get("text")
            seen = (
                draft_fingerprint(action, text, _comment_key(notice))
                if isinstance(text, str)
                else ""
            )
            return review_keyboard(int(notice.data["draft_id"]), action, seen)
        if notice.kind == "alert":
            return alert_keyboard(notice.data.get("alerts", []))
        return None

    def _outgoing(self, notice: Notice) -> list[_Outgoing]:
        """The messages a notice becomes: text parts (keyboard on the last), then any charts."""
        text = self._render(notice)
        charts = _charts(notice.data) if notice.kind == "summary" else []
        keyboard = self._keyboard(notice)
        if charts and len(split_html(text, CAPTION_LIMIT)) == 1:
            items = [_Outgoing(text, keyboard, charts[0][0])]
            return items + [_Outgoing(caption, None, path) for path, caption in charts[1:]]
        parts = split_html(text)
        items = [_Outgoing(part) for part in parts]
        if items and keyboard is not None:
            items[-1] = _Outgoing(items[-1].text, keyboard)
        return items + [_Outgoing(caption, None, path) for path, caption in charts]

    async def _show(self, chat: int, notice: Notice, reply_to: int | None) -> None:
        """Post a notice straight to a chat (an answer to a command; not through the outbox)."""
        for index, item in enumerate(self._outgoing(notice)):
            await self._post_to(chat, item, reply_to if index == 0 else None)

    async def _post(self, receiver: str, item: _Outgoing) -> Message:
        chat = self._chat_of(receiver)
        with telegram_errors("send"):
            try:
                return await self._post_to(chat, item)
            except ChatMigrated as exc:
                # A group became a supergroup: Telegram names the new id; use it from now on.
                log.warning(
                    "telegram chat migrated receiver=%s old=%d new=%d; update the workspace file",
                    receiver,
                    chat,
                    exc.new_chat_id,
                )
                self._chats[receiver] = exc.new_chat_id
                return await self._post_to(exc.new_chat_id, item)

    async def _post_to(self, chat: int, item: _Outgoing, reply_to: int | None = None) -> Message:
        bot = self._application.bot
        reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
        if item.photo is not None:
            return await bot.send_photo(
                chat,
                item.photo,
                caption=item.text or None,
                parse_mode=ParseMode.HTML,
                reply_markup=item.keyboard,
                reply_parameters=reply,
            )
        return await bot.send_message(
            chat,
            item.text,
            parse_mode=ParseMode.HTML,
            reply_markup=item.keyboard,
            link_preview_options=_NO_PREVIEW,
            reply_parameters=reply,
        )


def _charts(data: Mapping[str, Any]) -> list[tuple[Path, str]]:
    """(PNG path, caption) for each chart of a summary that exists on disk."""
    found: list[tuple[Path, str]] = []
    for chart in data.get("charts") or []:
        if isinstance(chart, Mapping):
            path, title = Path(str(chart.get("path", ""))), str(chart.get("title", ""))
        else:
            path, title = Path(str(chart)), ""
        if not path.is_file():
            log.warning("summary chart missing path=%s", path)
            continue
        found.append((path, truncate_html(escape(title), CAPTION_LIMIT)))
    return found


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


@contextmanager
def telegram_errors(what: str) -> Iterator[None]:
    """Telegram's errors as the `ChannelError` the deliverer understands."""
    try:
        yield
    except RetryAfter as exc:
        seconds = _seconds(exc.retry_after)
        raise ChannelError(
            f"telegram {what}: flood control, retry in {seconds:.0f}s",
            retryable=True,
            retry_after=seconds,
        ) from exc
    except ChatMigrated as exc:
        raise ChannelError(
            f"telegram {what}: the chat moved to {exc.new_chat_id}", retryable=False
        ) from exc
    except BadRequest as exc:
        raise ChannelError(f"telegram {what}: {exc}", retryable=False) from exc
    except TimedOut as exc:
        # No answer in time: the message may have been posted all the same.
        raise ChannelError(
            f"telegram {what}: unreachable ({exc})", retryable=True, maybe_sent=True
        ) from exc
    except NetworkError as exc:
        raise ChannelError(f"telegram {what}: unreachable ({exc})", retryable=True) from exc
    except Forbidden as exc:
        raise ChannelError(f"telegram {what}: not allowed ({exc})", retryable=False) from exc
    except TelegramError as exc:
        raise ChannelError(f"telegram {what}: {exc}", retryable=False) from exc


def _polling_error(error: TelegramError) -> None:
    log.warning("telegram polling failed reason=%s", error)


def _comment_key(notice: Notice) -> str:
    """The key of the comment a review request's draft answers (part of its fingerprint)."""
    comment = notice.data.get("comment")
    return str(comment.get("key", "")) if isinstance(comment, dict) else ""
