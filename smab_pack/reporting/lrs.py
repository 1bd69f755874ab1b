"""Statements from any xAPI LRS through the standard Statements API (xAPI 1.0.3,
Communication 2.1.3): GET {endpoint}statements with basic auth, then every `more` link.

urllib only (no new dependency). Every failure becomes a one-line ReportError. A page's
body goes on as the LRS sent it (bytes): the statement store parses it (Store.add_page),
so that no statement becomes a Python object on the way; only a page the store cannot
read as a statement result is parsed here (parse_page), for its error message.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from smab_pack.reporting import ReportError

XAPI_VERSION = "1.0.3"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def statements_url(endpoint: str, *, page_size: int | None = None, since: datetime | None = None) -> str:
    """The first query: the endpoint (with or without its trailing `/` or `statements`)."""
    parts = urlsplit(endpoint.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ReportError(
            f"not an LRS address: {endpoint!r} (expected the xAPI endpoint, like https://lrs.example.org/xAPI/)"
        )
    path = parts.path.rstrip("/")
    if path.endswith("/statements"):
        path = path[: -len("/statements")]
    query: dict[str, str] = {}
    if page_size:
        query["limit"] = str(page_size)
    if since is not None:
        query["since"] = since.isoformat().replace("+00:00", "Z")
    return urlunsplit((parts.scheme, parts.netloc, path + "/statements", urlencode(query), ""))


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """urllib keeps the Authorization header on redirects, even to another host: refuse those."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if _origin(newurl) != _origin(req.full_url):
            raise ReportError(
                f"the LRS redirected to another server ({_origin(newurl)}): not sending the password there"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_SameOriginRedirects)


def _get(url: str, authorization: str, timeout: float) -> bytes:
    request = urllib.request.Request(
        url,
        headers={
            "Authorization": authorization,
            "X-Experience-API-Version": XAPI_VERSION,
            "Accept": "application/json",
        },
    )
    where = _origin(url)
    try:
        with _opener.open(request, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise ReportError(f"the LRS at {where} refused the user name or password (HTTP {exc.code})") from None
        if exc.code == 404:
            raise ReportError(
                f"no xAPI statements resource at {url.split('?')[0]} (HTTP 404): is --lrs the LRS's xAPI endpoint?"
            ) from None
        raise ReportError(f"the LRS at {where} answered HTTP {exc.code} {exc.reason}".rstrip()) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise ReportError(f"the LRS at {where} did not answer within {timeout:g} s") from None
        reason = getattr(reason, "strerror", None) or reason
        raise ReportError(f"cannot reach the LRS at {where}: {reason}") from None
    except TimeoutError:
        raise ReportError(f"the LRS at {where} did not answer within {timeout:g} s") from None
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise ReportError(f"the connection to the LRS at {where} failed: {type(exc).__name__} {exc}".strip()) from None
    return body


def parse_page(body: bytes, url: str) -> dict[str, Any]:
    """A page as Python objects, checked: ReportError when it is not an xAPI statement result."""
    try:
        page = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ReportError(f"the answer of {url.split('?')[0]} is not JSON: is --lrs the LRS's xAPI endpoint?") from None
    if not isinstance(page, dict) or not isinstance(page.get("statements"), list):
        raise ReportError(f"the answer of {url.split('?')[0]} is not an xAPI statement result")
    return page


#: reads one page's body (bytes, and the URL it came from, for messages) into wherever the
#: statements go; returns (statements kept, items in `statements`, the `more` value)
PageReader = Callable[[bytes, str], tuple[int, int, Any]]


def fetch_pages(
    endpoint: str,
    user: str,
    password: str,
    read: PageReader,
    *,
    page_size: int | None = None,
    since: datetime | None = None,
    timeout: float = 30.0,
) -> Iterator[int]:
    """Read every page with ``read``, following `more` until it is empty; yields the number of
    statements each page gave."""
    url = statements_url(endpoint, page_size=page_size, since=since)
    origin = _origin(url)
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    seen: set[str] = set()
    while url:
        seen.add(url)
        kept, items, more = read(_get(url, f"Basic {token}", timeout), url)
        yield kept
        if not more or not items:  # an empty page ends it too: some LRSs offer one more, empty, page
            return
        if not isinstance(more, str):
            raise ReportError(f"the LRS at {origin} gave a `more` link that is not a string")
        # `more` is relative to the LRS's origin (xAPI 1.0.3, 2.1.3), e.g. /xAPI/statements?…
        url = urljoin(origin + "/", more)
        if _origin(url) != origin:
            raise ReportError(f"the LRS's `more` link points to another server ({_origin(url)}): not following it")
        if url in seen:
            raise ReportError(f"the LRS at {origin} gave the same `more` link twice: stopping")
