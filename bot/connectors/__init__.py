"""Connectors that bring comments in from the platforms: webhooks and polling
(`bot.connectors.inbound.CommentConnectors` wires them into a running bot)."""

from __future__ import annotations

from bot.connectors.config import CommentsIn

__all__ = ["CommentsIn"]
