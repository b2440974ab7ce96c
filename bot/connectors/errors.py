"""What a platform's answer means for a connector: one family for reading, pulling and
publishing, the subclass saying what to do next."""

from __future__ import annotations

__all__ = [
    "CommentGone",
    "ConnectorError",
    "NotReached",
    "PermissionMissing",
    "Refused",
    "Throttled",
    "TokenRefused",
    "Unsure",
]


class ConnectorError(Exception):
    """A platform call failed; the message names the call and the platform's code, never a
    token or a URL with one in it."""


class Throttled(ConnectorError):
    """Over the platform's rate or quota: nothing was done; try again after `retry_after`
    seconds (None: the platform did not say)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TokenRefused(ConnectorError):
    """The token is invalid, expired or revoked: nothing was done, and nothing will be until
    someone gives a new one (the account stops; the error shows on /healthz). `reason`:
    "expired", "revoked", or "refused" when the platform does not say which."""

    def __init__(self, message: str, reason: str = "refused") -> None:
        super().__init__(message)
        self.reason = reason


class PermissionMissing(TokenRefused):
    """The token is valid but lacks a permission the call needs (Graph codes 10, 200-299):
    fixed only by a person, like a refused token, but by granting rather than renewing."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "missing permission")


class CommentGone(ConnectorError):
    """The comment was deleted (or is not there any more): there is nothing to answer."""


class Refused(ConnectorError):
    """The platform refused this one request for good (a hidden comment that takes no reply, a
    text it will not take)."""


class Unsure(ConnectorError):
    """No clear answer (a timeout, a server error, an answer that is not the API's): the
    request may or may not have been carried out; try again later."""


class NotReached(Unsure):
    """The platform was not reached or did not answer in time (connection refused, DNS, a
    timeout): possibly carried out when it timed out, so still `Unsure`."""
