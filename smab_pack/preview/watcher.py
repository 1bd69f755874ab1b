"""Watch the course folder and rebuild on every change (watchfiles: inotify and the like, through
a Rust library, with polling as its fallback; changes are grouped so that a save that writes
several files, or an editor's write-and-rename, gives one build)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from smab_pack.preview.builder import Builder, Outcome

#: milliseconds without a further change before a group of changes is built (watchfiles' step)
QUIET_MS = 20


def watch(
    builder: Builder,
    viewed: Callable[[], set[str]],
    done: Callable[[Outcome], None],
    crashed: Callable[[Exception], None],
    stop: threading.Event,
) -> None:
    """Until ``stop`` is set: rebuild after each group of changes, rendering the languages
    ``viewed()`` names at once, and hand each outcome to ``done``."""
    from watchfiles import watch as changes_of

    for changes in changes_of(builder.root, step=QUIET_MS, stop_event=stop, raise_interrupt=False):
        try:
            if builder.changed({Path(name) for _, name in changes}):
                done(builder.rebuild(viewed()))
        except Exception as exc:  # a bug (ours or a plugin's): say so, keep watching, keep the last build on screen
            crashed(exc)
