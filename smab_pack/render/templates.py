"""The templates' Jinja environment, with their compiled code kept between processes.

Compiling index.html.j2 (lexing, parsing, generating and compiling Python) cost a small build
more than rendering it does. Jinja's own bytecode cache keeps the compiled code in a folder only
this user may use (Jinja makes ``$TMPDIR/_jinja2-cache-<uid>`` with mode 0700 and refuses one it
does not own), under a name that says the smab-pack version and the environment's settings; each
entry is used only while the template's source has the same SHA-1 and Jinja and Python are the
same versions (Jinja checks both). Output is the same with or without it. ``SMAB_NO_TEMPLATE_CACHE=1``
(or a temporary folder that cannot be used) compiles every time, as before.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import BaseLoader, BytecodeCache, DictLoader, Environment, FileSystemBytecodeCache, Template

from smab_pack import __version__


def bytecode_cache(settings: str) -> BytecodeCache | None:
    if os.environ.get("SMAB_NO_TEMPLATE_CACHE"):
        return None
    tag = hashlib.sha256(f"{__version__}|{settings}".encode()).hexdigest()[:12]
    try:
        return FileSystemBytecodeCache(pattern=f"__smab_pack_{tag}_%s.cache")
    except (OSError, RuntimeError):  # no temporary folder this user alone can write
        return None


def environment(loader: BaseLoader, **options: Any) -> Environment:
    """A Jinja environment for ``loader``'s templates, their compiled code cached (see above)."""
    settings = repr(sorted((key, repr(value)) for key, value in options.items()))
    return Environment(loader=loader, bytecode_cache=bytecode_cache(settings), **options)


def template(
    name: str, source: str, filters: Mapping[str, Callable[..., Any]] | None = None, **options: Any
) -> Template:
    """A template made from ``source`` (a block's HTML, kept in its plugin's module), its compiled
    code cached between processes like the page template's (``from_string`` compiles every time:
    the quiz's cost a small build 25 ms). ``name`` names it in the cache and in Jinja's errors;
    ``filters`` are added to the Environment's (they are looked up by name when it renders, so
    they are no part of the cached code), ``options`` are its settings (autoescape=True, …)."""
    env = environment(DictLoader({name: source}), **options)
    env.filters.update(filters or {})
    return env.get_template(name)
