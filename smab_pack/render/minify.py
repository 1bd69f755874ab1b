"""The run-time as learners download it: JavaScript and CSS minified at build time, the same bytes
every build (issue 12 point 8: the JS+CSS a package ships stays small for cheap phones on slow
connections), or as written with ``build --no-minify`` and in the preview, for debugging.

JavaScript: calmjs.parse parses ES5 and prints it back without comments and whitespace, local names
shortened (top-level names, properties such as ``SMAB.state`` and strings stay as written, so the
platform placeholders the formats fill in survive). It is pure Python, installs wherever smab-pack
does, and cannot print syntax newer than ES5, which the run-time promises old LMS browsers.
It takes 0.85 s of CPU for the whole run-time and both adapters, so each file's result is kept: in memory for
the process and on disk (``SMAB_PACK_CACHE``, else the user's cache folder) across builds, named by
a hash of the source and the minifier's version. The cache only saves time: a miss computes the
same bytes. Code that is not ES5 (a third-party block's) keeps rjsmin's comment and whitespace
removal. CSS: rcssmin."""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import rcssmin
import rjsmin

#: calmjs.parse's options: shorten the names a function declares, never the globals (other files
#: of the run-time, and the LMS, name them)
_OPTIONS = {"obfuscate": True, "obfuscate_globals": False, "shadow_funcname": True, "drop_semi": True}


def shipped_js(source: str, minify: bool = True) -> str:
    """One JavaScript file as a package carries it (a newline at its end)."""
    if not minify:
        return source if source.endswith("\n") else source + "\n"
    return _minified_js(source)


def shipped_css(source: str, minify: bool = True) -> str:
    if not minify:
        return source if source.endswith("\n") else source + "\n"
    return rcssmin.cssmin(source) + "\n"


@lru_cache(maxsize=64)
def _minified_js(source: str) -> str:
    key = hashlib.sha256(f"{_minifier()}\0{sorted(_OPTIONS.items())}\0{source}".encode()).hexdigest()
    cached = _cache_dir() / f"{key}.js"
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    text = _mangled(source).rstrip()
    # calmjs drops the last semicolon of a file; the next file's "(function..." would call this one's result
    text += "\n" if text.endswith(";") else ";\n"
    _store(cached, text)
    return text


def _mangled(source: str) -> str:
    from calmjs.parse import es5  # imported on the first miss only: a cached build never loads the parser
    from calmjs.parse.exceptions import ECMASyntaxError, ProductionError
    from calmjs.parse.unparsers.es5 import minify_print

    try:
        return str(minify_print(es5(source), **_OPTIONS))
    except (ECMASyntaxError, ProductionError):
        return str(rjsmin.jsmin(source))


@lru_cache(maxsize=1)
def _minifier() -> str:
    from importlib.metadata import version  # loaded already: pluggy found the plugins with it

    return f"calmjs.parse {version('calmjs.parse')}"


def _cache_dir() -> Path:
    if os.environ.get("SMAB_PACK_CACHE"):
        return Path(os.environ["SMAB_PACK_CACHE"]) / "minified"
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA") or Path.home() / ".cache"
    return Path(base) / "smab-pack" / "minified"


def _store(path: Path, text: str) -> None:
    """Written whole or not at all (a rename), so that a build running beside this one never reads
    half a file; a folder it cannot write to only means no cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
