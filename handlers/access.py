"""Who may act: the person behind a chat account, the chats the bot answers in, refusals."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from bot.config.people import Person
from bot.config.workspace import Workspace
from bot.models import AlertRecord
from bot.store import Store

__all__ = ["Access", "Actor", "ChatNotAllowed", "Refused"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who pressed the button: the platform and that platform's user id, with the chat or
    channel they acted in (empty on the command line)."""

    platform: str
    user_id: str
    display: str = ""
    groups: tuple[str, ...] = ()
    chat: str = ""

    def __str__(self) -> str:
        return f"{self.display or self.user_id} ({self.platform})"

    @property
    def place(self) -> str:
        """Where they acted, as the audit log names it (`telegram:-1001…`, `slack:C0…`)."""
        return f"{self.platform}:{self.chat}"


class Refused(PermissionError):
    """The actor may not do this; the message is safe to show them."""


class ChatNotAllowed(Refused):
    """The bot does not work in this chat: it is not on the workspace's list of chats."""


class Access:
    """The workspace's rules on people and chats, each refusal logged and, where it asked for
    something, audited."""

    def __init__(self, store: Store, workspace: Workspace) -> None:
        self._store = store
        self._workspace = workspace

    def actor(
        self,
        platform: str,
        user_id: str,
        name: str = "",
        groups: Sequence[str] = (),
        chat: str = "",
    ) -> Actor:
        """The Actor for a chat account, shown by the workspace person's name when it lists
        them, else by the `name` the platform gives."""
        person = self._workspace.person_for(platform, user_id, groups)
        display = person.name if person is not None else (name or user_id)
        return Actor(platform, user_id, display, tuple(groups), chat)

    async def refuse(self, actor: Actor, action: str, subject: str, why: str) -> Refused:
        """Log and audit a refusal; the Refused to raise."""
        log.warning(
            "action refused actor=%s platform=%s action=%s subject=%s reason=%s",
            actor.user_id,
            actor.platform,
            action,
            subject,
            why,
        )
        await self._store.audit_log.refusal(str(actor), action, subject, why)
        return Refused(why)

    async def person(self, actor: Actor, action: str, subject: str) -> Person | None:
        """The actor's entry; refused when the workspace lists people and not this one (with
        no people configured, the local console operator may act)."""
        person = self._workspace.person_for(actor.platform, actor.user_id, actor.groups)
        if person is None and (self._workspace.people or actor.platform != "console"):
            raise await self.refuse(
                actor, action, subject, "you are not on this workspace's list of people"
            )
        return person

    async def admit(self, actor: Actor, what: str) -> Person | None:
        """Let `actor` in where they are, before anything they ask for: a chat the bot
        answers in (Telegram keeps a list; a chat off it is refused and logged, not audited),
        then a person on the workspace's list."""
        if actor.platform == "telegram" and not self._telegram_chat(actor.chat):
            log.warning(
                "chat refused platform=%s user=%s chat=%s what=%s reason=chat_not_allowed",
                actor.platform,
                actor.user_id,
                actor.chat,
                what,
            )
            raise ChatNotAllowed(f"socialpulse does not work in chat {actor.chat}")
        return await self.person(actor, what, actor.place)

    def _telegram_chat(self, chat: str) -> bool:
        try:
            return int(chat) in self._workspace.telegram_chat_ids
        except ValueError:
            return False

    @staticmethod
    def name_of(actor: Actor, person: Person | None) -> str:
        """How a decision names who made it, the same on every channel: the workspace
        person's name ("Ana"), whichever platform account pressed the button."""
        return person.name if person is not None else (actor.display or actor.user_id)

    def may_decide(self, actor: Actor, brand: str) -> bool:
        """Approvers and admins of the brand may decide its replies."""
        return self._workspace.may_approve(actor.platform, actor.user_id, brand, actor.groups)

    def may_silence(self, actor: Actor, record: AlertRecord) -> bool:
        """Approvers and admins: of the alert's brand when it has one, else any of them."""
        brand = record.labels.get("brand") or None
        return self._workspace.may_approve(actor.platform, actor.user_id, brand, actor.groups)
