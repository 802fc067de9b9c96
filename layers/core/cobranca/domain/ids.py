"""Identifiers: time-ordered, unguessable, URL-safe."""

from __future__ import annotations

import secrets
import time


def new_id() -> str:
    """12 hex chars of milliseconds then 8 random bytes: sorts by creation, reveals nothing else."""
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(8)}"
