"""Replies and hides on a Facebook Page's comments, through the Graph API."""

from __future__ import annotations

from bot.connectors.graph_client import GraphClient
from bot.publisher import PostedReply, Unsure

__all__ = ["FacebookPublisher", "same_text"]

# Replies read back when looking for one already posted: the newest are what matter.
_LOOK_BACK = "100"


def same_text(posted: object, sent: str) -> bool:
    """Whether a reply read back is the text we sent (platforms may trim the ends)."""
    return isinstance(posted, str) and posted.strip() == sent.strip()


class FacebookPublisher:
    """A Page's replies (`POST /{comment-id}/comments`) and hides (`POST /{comment-id}` with
    `is_hidden=true`), with a Page access token."""

    platform = "facebook"

    def __init__(self, client: GraphClient, page_id: str) -> None:
        self._client = client
        self.account = page_id

    async def reply(self, comment_id: str, text: str) -> PostedReply:
        answer = await self._client.post(f"{comment_id}/comments", {"message": text})
        reply_id = answer.get("id")
        if not isinstance(reply_id, str) or not reply_id:
            # Posted or not, we cannot tell: the next attempt looks before it posts.
            raise Unsure("Graph API answered a reply with no id")
        return PostedReply(reply_id)

    async def hide(self, comment_id: str) -> None:
        await self._client.post(comment_id, {"is_hidden": "true"})

    async def find_reply(self, comment_id: str, text: str) -> PostedReply | None:
        answer = await self._client.get(
            f"{comment_id}/comments",
            {
                "fields": "id,message,from",
                "filter": "stream",
                "order": "reverse_chronological",
                "limit": _LOOK_BACK,
            },
        )
        for item in answer.get("data") or []:
            if not isinstance(item, dict):
                continue
            author = item.get("from")
            by_page = isinstance(author, dict) and str(author.get("id")) == self.account
            if by_page and same_text(item.get("message"), text) and item.get("id"):
                return PostedReply(str(item["id"]))
        return None
