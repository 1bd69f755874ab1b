"""Names the run-time keeps for itself: an id or class of the course may not take them."""

from __future__ import annotations

#: ids and classes that start with this belong to the run-time and its blocks (docs/security.md)
RESERVED_PREFIX = "smab-"


def reserved(name: str) -> bool:
    return name.lower().startswith(RESERVED_PREFIX)
