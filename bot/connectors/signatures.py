"""HMAC-SHA256 signatures over a request's raw body, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac

__all__ = ["sign", "valid_signature"]

PREFIX = "sha256="


def sign(secret: str, body: bytes) -> str:
    """The header value a sender puts on `body`: ``sha256=<hex>``."""
    return PREFIX + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def valid_signature(secret: str, body: bytes, header: str | None) -> bool:
    """Whether `header` (``sha256=<hex>``) signs exactly these bytes with `secret`."""
    if not header or not header.startswith(PREFIX):
        return False
    expected = sign(secret, body)
    return hmac.compare_digest(expected.encode("ascii"), header.strip().encode("ascii", "replace"))
