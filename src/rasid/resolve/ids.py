"""Deterministic ids: the same input always gives the same ids."""
from __future__ import annotations

import hashlib


def stable_id(prefix: str, *parts: str) -> str:
    """``prefix-`` followed by 12 hex characters of the SHA-1 of the parts."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}-{digest}"
