"""The `Channel` seam: where notices go (console, Slack, Telegram) and how to find them again."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Protocol, runtime_checkable

from bot.notices import Notice

__all__ = [
    "Channel",
    "ChannelError",
    "MessageRef",
]


@dataclass(frozen=True, slots=True)
class MessageRef:
    """Where a sent message lives, so a later decision can edit it in place."""

    receiver: str
    channel: str
    chat: str
    message_id: str

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> MessageRef:
        data = json.loads(text)
        return cls(
            str(data["receiver"]), str(data["channel"]), str(data["chat"]), str(data["message_id"])
        )


class ChannelError(RuntimeError):
    """A send failed; `retryable` says whether trying again later may work. `maybe_sent`: the
    request may have reached the chat all the same (a read timeout: the answer was lost, not
    the message), so a worker taking the notice over waits as for a send still under way."""

    def __init__(
        self,
        message: str,
        retryable: bool = True,
        retry_after: float = 0.0,
        maybe_sent: bool = False,
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after
        self.maybe_sent = maybe_sent


@runtime_checkable
class Channel(Protocol):
    """A chat surface. `send` posts a new message; `update` edits one sent earlier."""

    name: str

    async def start(self) -> None: ...

    async def send(self, notice: Notice) -> MessageRef: ...

    async def update(self, ref: MessageRef, notice: Notice) -> None: ...

    async def close(self) -> None: ...
