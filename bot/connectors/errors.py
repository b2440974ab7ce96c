"""What a platform's refusal means for the connector: wait and retry, or stop until fixed."""

from __future__ import annotations

__all__ = ["ConnectorError", "Throttled", "TokenRejected"]


class ConnectorError(Exception):
    """A platform call failed; the message names the call and the platform's code, never a
    token or a URL with one in it."""


class Throttled(ConnectorError):
    """The platform asks us to slow down (rate limit or quota): back off, nothing is lost."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TokenRejected(ConnectorError):
    """The token is invalid, expired or revoked: polling that account stops until it is
    replaced (the error shows on /healthz)."""
