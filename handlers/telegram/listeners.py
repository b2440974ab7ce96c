"""What people do in Telegram: commands, button presses and edit replies, one use-case each."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from telegram import (
    BotCommand,
    CallbackQuery,
    ForceReply,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ExtBot,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.alerting.manager import alert_context
from bot.channel import ChannelError, MessageRef
from bot.draft_review import DraftChanged, DraftNotFound, DraftRecord, InvalidTransition
from bot.models import FINGERPRINT_MATCHER, AlertNotFound, DraftStatus
from bot.notices import Notice
from bot.rendering import Renderer
from bot.snooze import BadSnooze, parse_snooze, snoozed_until
from handlers.actions import (
    Actions,
    Actor,
    CannotDecide,
    ChatNotAllowed,
    Refused,
    already_decided,
    platform_name,
    reply_limit,
)
from handlers.telegram.application import Context, TelegramApplication
from handlers.telegram.callbacks import LARGEST_ID, decode
from handlers.telegram.formatting import (
    ANSWER_LIMIT,
    clip_plain,
    escape,
    split_html,
    truncate_html,
)
from handlers.telegram.keyboards import without_alert
from handlers.views import Unavailable, Views

__all__ = ["COMMANDS", "Command", "Listeners", "Show", "draft_id_argument"]

log = logging.getLogger(__name__)

Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]
# Posts a notice to a chat as the channel would, outside the outbox (answers to a command).
Show = Callable[[int, Notice, int | None], Awaitable[None]]
# What a button press posts in the chat once the press is answered.
FollowUp = Callable[[], Awaitable[None]]
# Edits a message the channel posted earlier to show its notice as it is now.
Edit = Callable[[MessageRef, Notice], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Command:
    """A slash command as registered with setMyCommands and listed by /help."""

    name: str
    args: str
    description: str

    def bot_command(self) -> BotCommand:
        return BotCommand(self.name, self.description)


COMMANDS: tuple[Command, ...] = (
    Command("start", "", "What socialpulse does here"),
    Command("help", "", "Commands and what you may do"),
    Command("summary", "[date]", "The stand-up summary (today, or YYYY-MM-DD)"),
    Command("alerts", "", "Firing ad alerts"),
    Command("drafts", "", "Replies waiting for review"),
    Command("approve", "<id>", "Approve a reply draft"),
    Command("reject", "<id> [reason]", "Reject a reply draft"),
    Command("ack", "<alert>", "Acknowledge an alert"),
    Command("snooze", "<alert> <duration>", "Silence an alert: 24h, 7d or until-resolved"),
    Command("status", "", "Drafts, alerts and the outbox at a glance"),
    Command("hashtags", "<brand> <post text>", "Hashtags for a planned post"),
)
LIST_LIMIT = 15
SNOOZE_USAGE = (
    "Use it like this: <code>/snooze 1a2b3c4d 24h</code> "
    "(or <code>7d</code>, <code>until-resolved</code>)"
)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
# The edit prompt names its draft; a reply to a bot message saying this is an edit.
_PROMPT = re.compile(r"new text for draft #(\d+)")
# The version of the draft the button showed, named by the prompt (absent in older ones).
_PROMPT_VERSION = re.compile(r"Version shown: ([0-9a-f]{10}(?:[0-9a-f]{2})?)\.")
_DRAFT_ID = re.compile(r"#?([1-9][0-9]{0,18})")
Explained = Refused | InvalidTransition | DraftNotFound | AlertNotFound | Unavailable
_EXPLAINED = (Refused, InvalidTransition, DraftNotFound, AlertNotFound, Unavailable)


class Listeners:
    """The handlers registered on the Application; each translates the update into one
    use-case of `actions` or `views` and renders what comes back. The rules (who may, what
    is valid) live there."""

    def __init__(
        self,
        actions: Actions,
        views: Views,
        renderer: Renderer,
        nudge: Callable[[], None],
        show: Show,
        edit: Edit | None = None,
        channel: str = "telegram",
    ) -> None:
        self._edit = edit
        self._channel = channel
        self._actions = actions
        self._views = views
        self._renderer = renderer
        self._nudge = nudge
        self._show = show

    def register(self, application: TelegramApplication) -> None:
        application.add_handler(TypeHandler(Update, self.gate), group=-1)
        commands: Mapping[str, Handler] = {
            "start": self.show_help,
            "help": self.show_help,
            "summary": self.summary,
            "alerts": self.alerts,
            "drafts": self.drafts,
            "approve": self.approve,
            "reject": self.reject,
            "ack": self.ack,
            "snooze": self.snooze,
            "status": self.status,
            "hashtags": self.hashtags,
        }
        for name, callback in commands.items():
            application.add_handler(CommandHandler(name, callback))
        application.add_handler(MessageHandler(filters.COMMAND, self.unknown))
        application.add_handler(CallbackQueryHandler(self.press))
        application.add_handler(MessageHandler(filters.REPLY, self.edit_reply))
        application.add_error_handler(self.on_error)

    # --- access ----------------------------------------------------------------------------

    async def gate(self, update: Update, context: Context) -> None:
        """Runs before every handler: team members only, in the team's chats only."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None or not _addressed_to_us(update, context.bot):
            raise ApplicationHandlerStop
        try:
            await self._actions.admit(self._actor(update), _what(update))
        except ChatNotAllowed:
            await _refuse(
                update,
                "Sorry, socialpulse does not work in this chat. "
                f"(Chat id {chat.id}: an admin can add it to the workspace file.)",
            )
            raise ApplicationHandlerStop from None
        except Refused:
            await _refuse(
                update,
                "Sorry, only people on this team's list can use socialpulse. "
                f"(Your user id {user.id}: an admin can add you.)",
            )
            raise ApplicationHandlerStop from None

    def _actor(self, update: Update) -> Actor:
        """Who sent the update, in which chat."""
        user, chat = _user(update), update.effective_chat
        return self._actions.actor(
            "telegram", str(user.id), user.full_name, chat=str(chat.id) if chat else ""
        )

    # --- commands --------------------------------------------------------------------------

    async def show_help(self, update: Update, context: Context) -> None:
        actor = self._actor(update)
        person = await self._actions.person(actor, "view.help", actor.place)
        await _reply(
            update,
            self._render(
                "help.j2",
                {
                    "name": actor.display,
                    "role": person.role if person else "",
                    "brands": list(person.brands) if person else [],
                    "commands": [asdict(command) for command in COMMANDS],
                },
            ),
        )

    async def summary(self, update: Update, context: Context) -> None:
        message, chat = update.effective_message, update.effective_chat
        assert message is not None and chat is not None
        try:
            notice = await self._views.summary(
                self._actor(update), " ".join(context.args or []) or None
            )
        except _EXPLAINED as exc:
            await _reply(update, _explain(exc, _user(update)))
            return
        except ValueError as problem:
            await _reply(
                update,
                f"{escape(str(problem))}.\nUse it like this: <code>/summary</code>, "
                "<code>/summary yesterday</code> or <code>/summary 2026-11-24</code>",
            )
            return
        await self._show(chat.id, notice, message.message_id)

    async def alerts(self, update: Update, context: Context) -> None:
        records = await self._views.alerts(self._actor(update), limit=LIST_LIMIT + 1)
        await _reply(
            update,
            self._render(
                "alerts.j2",
                {
                    "alerts": [alert_context(record) for record in records[:LIST_LIMIT]],
                    "more": len(records) > LIST_LIMIT,
                },
            ),
        )

    async def drafts(self, update: Update, context: Context) -> None:
        queue = await self._views.drafts(self._actor(update), limit=LIST_LIMIT)
        await _reply(
            update,
            self._render(
                "drafts.j2",
                {
                    "drafts": [
                        dict(asdict(record), status=record.status.value) for record in queue.drafts
                    ],
                    "total": queue.waiting,
                },
            ),
        )

    async def approve(self, update: Update, context: Context) -> None:
        draft_id = draft_id_argument(context.args)
        if draft_id is None:
            await _reply(update, "Use it like this: <code>/approve 12</code>")
            return
        try:
            await self._actions.approve(draft_id, self._actor(update))
        except _EXPLAINED as exc:
            await _reply(update, _explain(exc, _user(update)))
            return
        self._nudge()
        await _reply(update, f"✅ Draft #{draft_id} approved.")

    async def reject(self, update: Update, context: Context) -> None:
        draft_id = draft_id_argument(context.args)
        if draft_id is None:
            await _reply(update, "Use it like this: <code>/reject 12 off-topic</code>")
            return
        reason = " ".join((context.args or [])[1:])
        try:
            await self._actions.reject(draft_id, self._actor(update), reason)
        except _EXPLAINED as exc:
            await _reply(update, _explain(exc, _user(update)))
            return
        self._nudge()
        await _reply(update, f"❌ Draft #{draft_id} rejected.")

    async def snooze(self, update: Update, context: Context) -> None:
        args = context.args or []
        if len(args) != 2:
            await _reply(update, SNOOZE_USAGE)
            return
        try:
            silence = await self._actions.snooze(args[0], args[1], self._actor(update))
        except BadSnooze as problem:
            await _reply(update, f"{problem.explain(_code)}.\n{SNOOZE_USAGE}")
            return
        except _EXPLAINED as exc:
            await _reply(update, _explain(exc, _user(update)))
            return
        fingerprint = silence.matchers.get(FINGERPRINT_MATCHER, args[0])
        said = parse_snooze(args[1]).text  # accepted: the length as the team reads it
        await _reply(update, f"💤 {_snoozed(fingerprint, said, silence.ends_at)}.")
        await self._refresh_alert(fingerprint)

    async def ack(self, update: Update, context: Context) -> None:
        args = context.args or []
        if len(args) != 1:
            await _reply(update, "Use it like this: <code>/ack 1a2b3c4d</code>")
            return
        try:
            record = await self._actions.ack(args[0], self._actor(update))
        except _EXPLAINED as exc:
            await _reply(update, _explain(exc, _user(update)))
            return
        await _reply(update, f"✔ <code>{escape(record.fingerprint[:8])}</code> acknowledged.")
        await self._refresh_alert(record.fingerprint)

    async def _refresh_alert(self, fingerprint: str) -> None:
        """Edit every alert message of this channel that shows the alert, as a button press
        edits the message it was pressed on: a command changes the same messages."""
        if self._edit is None:
            return
        for ref, notice in await self._views.alert_messages(fingerprint, self._channel):
            try:
                await self._edit(ref, notice)
            except ChannelError as exc:
                # The change is made and answered; the message catches up at its next edit.
                log.warning(
                    "telegram alert message not updated chat=%s message=%s reason=%s",
                    ref.chat,
                    ref.message_id,
                    exc,
                )

    async def status(self, update: Update, context: Context) -> None:
        status = await self._views.status(self._actor(update))
        await _reply(update, self._render("status.j2", asdict(status)))

    async def hashtags(self, update: Update, context: Context) -> None:
        words = list(context.args or ())
        if len(words) < 2:
            await _reply(
                update, "Use it like this: <code>/hashtags alpenglow New trail boots</code>"
            )
            return
        try:
            found = await self._views.hashtags(self._actor(update), words[0], " ".join(words[1:]))
        except LookupError as exc:
            await _reply(update, escape(str(exc)))
            return
        await _reply(update, self._render("hashtags.j2", {"brand": words[0], **asdict(found)}))

    async def unknown(self, update: Update, context: Context) -> None:
        await _reply(update, "I don't know that command; /help lists what I can do.")

    # --- buttons ---------------------------------------------------------------------------

    async def press(self, update: Update, context: Context) -> None:
        """Do what the button asks; whatever happens, answer the press exactly once.

        A refusal or an "already decided" goes back in that answer, as a pop-up only the
        presser sees: the group hears of a decision only through the edited review message.
        The answer comes as soon as the decision is made; posting to the chat (an edit
        prompt, the alert's note) comes after it, so a slow chat never leaves the press
        spinning.
        """
        query = update.callback_query
        assert query is not None
        private: str | None = None
        then: FollowUp | None = None
        try:
            private, then = await self._pressed(update, query)
        except _EXPLAINED as exc:
            private = _explain_privately(exc, self._actor(update))
        finally:
            if private is None:
                await query.answer()
            else:
                await query.answer(clip_plain(private, ANSWER_LIMIT), show_alert=True)
        if then is not None:
            await then()

    async def _pressed(
        self, update: Update, query: CallbackQuery
    ) -> tuple[str | None, FollowUp | None]:
        """Decide on a press: what to tell the presser (None: nothing to say), and what to
        post in the chat once the press is answered."""
        press = decode(query.data)
        if press is None:
            return "That button no longer works; try /drafts or /alerts.", None
        actor = self._actor(update)
        if press.action == "approve":
            await self._actions.approve(int(press.target), actor, seen=press.arg or None)
            self._nudge()
            return None, None
        if press.action == "reject":
            await self._actions.reject(int(press.target), actor, seen=press.arg or None)
            self._nudge()
            return None, None
        if press.action == "edit":
            seen = press.arg or None
            draft = await self._actions.open_decision(
                int(press.target), actor, DraftStatus.EDITED, seen=seen
            )
            return None, lambda: self._prompt_edit(update, draft, actor, seen)
        if press.action == "details":
            records = await self._views.alert_details(actor, [press.target])
            shown = self._render(
                "alert_details.j2", {"alerts": [alert_context(r) for r in records]}
            )
            return None, lambda: _answer_under(query, shown)
        if press.action == "ack":
            await self._actions.ack(press.target, actor)
            line = f"✔ <code>{press.target[:8]}</code> acknowledged by {escape(actor.display)}"
            note = f"{line} · {self._now()} UTC"
        else:
            silence = await self._actions.snooze(press.target, press.arg, actor)
            line = _snoozed(press.target, press.arg, silence.ends_at)
            note = f"💤 {line}, by {escape(actor.display)}"
        return None, lambda: _mark_alert(query, press.target, note)

    async def _prompt_edit(
        self, update: Update, draft: DraftRecord, actor: Actor, seen: str | None
    ) -> None:
        """Ask for the new text with a ForceReply; the reply comes back to `edit_reply`. The
        prompt names the version the button showed, so an edit that arrives after the draft
        was updated again is refused like the button would be."""
        user = _user(update)
        chat = update.effective_chat
        assert chat is not None
        limit = reply_limit(draft.platform)
        within = (
            f" ({platform_name(draft.platform)}: at most {limit:,} characters)" if limit else ""
        )
        await update.get_bot().send_message(
            chat.id,
            f"✏️ {user.mention_html(actor.display)}, reply to this message with the "
            f"new text for draft #{draft.id}{escape(within)}.{_version(seen)}",
            parse_mode=ParseMode.HTML,
            reply_markup=ForceReply(
                selective=True, input_field_placeholder=f"New reply for draft #{draft.id}"
            ),
        )

    async def edit_reply(self, update: Update, context: Context) -> None:
        """A reply to an edit prompt: the new text of the draft it names."""
        message = update.message
        prompted = _prompted_draft(message, context.bot.id) if message else None
        if message is None or prompted is None:
            return
        draft_id, seen = prompted
        text = (message.text or "").strip()
        if not text:
            await _reply(update, "Send the new reply as text, as a reply to my message.")
            return
        try:
            await self._actions.edit(draft_id, self._actor(update), text, seen=seen)
        except CannotDecide as exc:
            if isinstance(exc.__cause__, DraftChanged):
                # This prompt names the older version and is refused each time: the new
                # message's Edit asks afresh.
                await _reply(update, f"{_explain(exc, _user(update))} Press Edit there instead.")
                return
            # The prompt is still there: a shorter text can answer it again.
            await _reply(
                update,
                f"{_explain(exc, _user(update))} Nothing changed; reply to my question again "
                "with the new text.",
            )
            return
        except _EXPLAINED as exc:
            await _reply(update, _explain(exc, _user(update)))
            return
        self._nudge()
        await _reply(update, f"✅ Draft #{draft_id} edited and approved.")

    async def on_error(self, update: object, context: Context) -> None:
        update_id = update.update_id if isinstance(update, Update) else "-"
        log.error("telegram update failed update=%s", update_id, exc_info=context.error)

    # --- rendering -------------------------------------------------------------------------

    def _render(self, name: str, context: Mapping[str, Any]) -> str:
        return self._renderer.render(f"telegram/{name}", context, escape)

    def _now(self) -> str:
        return self._views.now()[:16].replace("T", " ")


def _what(update: Update) -> str:
    if update.callback_query is not None:
        return "button"
    message = update.message
    if message is not None and message.text and message.text.startswith("/"):
        return "command " + message.text.split()[0].split("@")[0][:33]
    return "reply"


def _addressed_to_us(update: Update, bot: ExtBot[Any]) -> bool:
    """Button presses, commands for this bot, and replies to our edit prompts."""
    if update.callback_query is not None:
        return True
    message = update.message
    if message is None:
        return False
    if message.text and message.text.startswith("/"):
        command = message.text.split()[0]
        _, at, name = command.partition("@")
        return not at or name.lower() == (bot.username or "").lower()
    return _prompted_draft(message, bot.id) is not None


def _prompted_draft(message: Message, bot_id: int) -> tuple[int, str | None] | None:
    """The draft an edit prompt named and the version it was asked for (None in prompts
    from before versions), when `message` replies to one of ours."""
    prompt = message.reply_to_message
    if prompt is None or prompt.from_user is None or prompt.from_user.id != bot_id:
        return None
    match = _PROMPT.search(prompt.text or "")
    if match is None:
        return None
    version = _PROMPT_VERSION.search(prompt.text or "")
    return int(match.group(1)), version.group(1) if version else None


def _version(seen: str | None) -> str:
    return f" Version shown: {seen}." if seen else ""


def _user(update: Update) -> User:
    user = update.effective_user
    assert user is not None  # the gate lets no update without a user through
    return user


def draft_id_argument(args: list[str] | None) -> int | None:
    """The draft a command such as ``/approve 12`` names (``#12`` too), or None if it names none
    a draft could have."""
    match = _DRAFT_ID.fullmatch(args[0]) if args else None
    draft_id = int(match.group(1)) if match else None
    return draft_id if draft_id is not None and draft_id <= LARGEST_ID else None


def _snoozed(fingerprint: str, duration: str, ends_at: str) -> str:
    return (
        f"<code>{escape(fingerprint[:8])}</code> snoozed {escape(duration)}, "
        f"{snoozed_until(ends_at)}"
    )


def _code(text: str) -> str:
    """Words a person typed, quoted back inertly."""
    return f"<code>{escape(text)}</code>"


def _explain(exc: Explained, user: User) -> str:
    """A refusal in the chat (HTML) that says what happened, without data the person may not
    see: the answer to a command or to an edit reply."""
    if isinstance(exc, InvalidTransition):
        return escape(already_decided(exc.record))
    return f"Sorry {user.mention_html()}, {escape(str(exc))}."


def _explain_privately(exc: Explained, actor: Actor) -> str:
    """The same refusal in plain text, for the pop-up that answers a button press."""
    if isinstance(exc, InvalidTransition):
        return already_decided(exc.record)
    return f"Sorry {actor.display}, {exc}."


async def _refuse(update: Update, text: str) -> None:
    """Answer a refused press privately, a refused command in the chat."""
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.message is not None:
        await update.message.reply_text(text, do_quote=True)


async def _reply(update: Update, html: str) -> None:
    """Answer a command or reply in its chat, split into as many messages as it needs."""
    message = update.effective_message
    assert message is not None
    await _reply_to(message, html)


async def _reply_to(message: Message, html: str) -> None:
    for index, part in enumerate(split_html(html)):
        await message.get_bot().send_message(
            message.chat_id,
            part,
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            reply_parameters=(
                ReplyParameters(message.message_id, allow_sending_without_reply=True)
                if index == 0
                else None
            ),
        )


async def _answer_under(query: CallbackQuery, html: str) -> None:
    """Post `html` as a reply to the message whose button was pressed (the figures behind an
    alert, asked for with its Details button)."""
    message = query.message
    if isinstance(message, Message):
        await _reply_to(message, html)
    elif message is not None:
        await query.get_bot().send_message(message.chat.id, html, parse_mode=ParseMode.HTML)


async def _mark_alert(query: CallbackQuery, fingerprint: str, line: str) -> None:
    """Edit the alert message: add who did what, drop that alert's buttons."""
    message = query.message
    if not isinstance(message, Message):
        if message is not None:
            await query.get_bot().send_message(message.chat.id, line, parse_mode=ParseMode.HTML)
        return
    body = message.text_html if message.text else ""
    markup = without_alert(message.reply_markup, fingerprint)
    try:
        await message.edit_text(
            truncate_html(f"{body}\n{line}"),
            parse_mode=ParseMode.HTML,
            reply_markup=markup if markup.inline_keyboard else None,
            link_preview_options=NO_PREVIEW,
        )
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise
