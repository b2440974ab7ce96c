"""Stable identity of an alert from its labels."""

from __future__ import annotations

import hashlib

__all__ = [
    "fingerprint",
]


def fingerprint(labels: dict[str, str]) -> str:
    """Hash of the sorted label pairs, so equal label sets always name the same alert."""
    digest = hashlib.sha256()
    for name in sorted(labels):
        digest.update(name.encode())
        digest.update(b"\xff")
        digest.update(labels[name].encode())
        digest.update(b"\xff")
    return digest.hexdigest()[:16]
