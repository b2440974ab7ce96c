"""Replies and hides on an Instagram professional account's comments (Graph API, Facebook Login)."""

from __future__ import annotations

from bot.connectors.graph_client import GraphClient
from bot.connectors.publish_facebook import same_text
from bot.publisher import PostedReply, Unsure

__all__ = ["InstagramPublisher"]


class InstagramPublisher:
    """Replies (`POST /{ig-comment-id}/replies`) and hides (`POST /{ig-comment-id}` with
    `hide=true`). Only top-level comments take replies and a hidden one takes none: Instagram
    refuses those, and the draft is closed with its reason."""

    platform = "instagram"

    def __init__(self, client: GraphClient, account_id: str, username: str | None = None) -> None:
        self._client = client
        self.account = account_id
        self._username = username.lstrip("@").lower() if username else None

    async def reply(self, comment_id: str, text: str) -> PostedReply:
        answer = await self._client.post(f"{comment_id}/replies", {"message": text})
        reply_id = answer.get("id")
        if not isinstance(reply_id, str) or not reply_id:
            raise Unsure("Graph API answered a reply with no id")
        return PostedReply(reply_id)

    async def hide(self, comment_id: str) -> None:
        await self._client.post(comment_id, {"hide": "true"})

    async def find_reply(self, comment_id: str, text: str) -> PostedReply | None:
        answer = await self._client.get(
            f"{comment_id}/replies", {"fields": "id,text,username,from", "limit": "100"}
        )
        for item in answer.get("data") or []:
            if isinstance(item, dict) and self._ours(item) and same_text(item.get("text"), text):
                reply_id = item.get("id")
                if reply_id:
                    return PostedReply(str(reply_id))
        return None

    def _ours(self, item: dict[str, object]) -> bool:
        author = item.get("from")
        if isinstance(author, dict) and str(author.get("id")) == self.account:
            return True
        username = item.get("username")
        return (
            self._username is not None
            and isinstance(username, str)
            and username.lower() == self._username
        )
