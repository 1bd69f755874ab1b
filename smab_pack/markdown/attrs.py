"""`{#id key=value flag}` attributes after a block title or heading, shared by block types."""

from __future__ import annotations

import re

ATTRS = re.compile(r"\s*\{([^{}]*)\}\s*$")
#: ids of blocks and questions: they end up in LMS records, so keep them plain
ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def parse_attrs(text: str) -> tuple[str, dict[str, str]]:
    """Split 'Title {#id key=value}' into ('Title', {'id': 'id', 'key': 'value'})."""
    match = ATTRS.search(text)
    if not match:
        return text.strip(), {}
    attrs: dict[str, str] = {}
    for part in match.group(1).split():
        if part.startswith("#"):
            attrs["id"] = part[1:]
        elif "=" in part:
            key, _, value = part.partition("=")
            attrs[key] = value.strip("\"'")
        else:
            attrs[part] = "true"
    return text[: match.start()].strip(), attrs
