"""Is a launch URL of a manifest (SCORM resource href, cmi5 AU url, TinCan
launch) safe: inside the package, or on the web where the format allows it,
and never a scheme that runs code (javascript:, data:, vbscript:…)?"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from smab_pack.checking.report import Reporter, shown

# Browsers drop these before they read a URL: a scheme hidden behind them still runs.
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_INNER = re.compile(r"[\t\n\r]")
WEB = ("http", "https")


def problem(url: str, base: str = "", remote_ok: bool = True) -> tuple[str, str] | None:
    """(code, reason) when ``url`` must not be launched; None when it may."""
    cleaned = _INNER.sub("", url).strip(_C0_AND_SPACE)
    parts = urlsplit(cleaned.replace("\\", "/"))
    scheme = parts.scheme.lower()
    if scheme and scheme not in WEB:
        return "launch-unsafe-scheme", (
            f"uses the {scheme}: scheme, which an LMS would run as code or cannot load"
            if scheme in ("javascript", "data", "vbscript", "file", "blob")
            else f"uses the {scheme}: scheme, not a file of the package"
        )
    if scheme or parts.netloc:
        if remote_ok:
            return None
        return "launch-outside-package", (
            "is on another host: the content would run in another origin, where it cannot reach the LMS's SCORM API"
        )
    path = unquote(parts.path)
    if path.startswith("/"):
        return "launch-outside-package", "is an absolute path: it points outside the package, at the LMS's server"
    joined = posixpath.normpath(posixpath.join(base.replace("\\", "/"), path)) if path else "."
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        return "launch-outside-package", "climbs out of the package with '..'"
    return None


def check_launch(url: str, what: str, report: Reporter, element=None, base: str = "", remote_ok: bool = True) -> bool:
    """Report an unsafe launch URL; True when it is safe."""
    found = problem(url, base, remote_ok)
    if found is None:
        return True
    code, reason = found
    report.error(
        code,
        f"{what} {shown(url)} {reason}",
        element=element,
        hint="launch a file inside the package, by a relative path",
    )
    return False
