"""Read a package's pages wherever they now live: index.html holds the shell and the first page of
the language it opens in; every page's body, in every language, is a fragment
``pages/<lang>/<id>.js`` (``SMAB.page(id, lang, html)``), and another language's shell with its
texts is ``pages/<lang>.js`` (``SMAB.edition(lang, texts, html)``; docs/architecture.md)."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

Source = Path | str | Mapping[str, bytes]


def _files(source: Source) -> Mapping[str, bytes]:
    if isinstance(source, Mapping):
        return source
    with zipfile.ZipFile(source) as zf:
        return {name: zf.read(name) for name in zf.namelist() if name.endswith((".html", ".js"))}


def fragment(text: bytes | str, call: str) -> list:
    """The arguments of a fragment script ``SMAB.<call>(…);``, as JSON values."""
    body = text.decode("utf-8") if isinstance(text, bytes) else text
    match = re.fullmatch(rf"SMAB\.{call}\((.*)\);\n", body, re.S)
    assert match, f"not a SMAB.{call}() fragment: {body[:80]!r}"
    return json.loads(f"[{match.group(1)}]")


def shell_lang(files: Mapping[str, bytes]) -> str:
    return re.search(r'<div id="smab-root" data-smab-ui="root" data-lang="([^"]+)"', files["index.html"].decode())[1]


def page_html(source: Source, page_id: str, lang: str | None = None) -> str:
    """A page's body (below its heading) in ``lang`` (default: the language index.html opens in)."""
    files = _files(source)
    lang = lang or shell_lang(files)
    page, in_lang, html = fragment(files[f"pages/{lang}/{page_id}.js"], "page")
    assert (page, in_lang) == (page_id, lang)
    return html


def course_html(source: Source, lang: str | None = None) -> str:
    """index.html as if every page's body were in it (in ``lang``: another language's shell in a
    multilingual package), for tests that look for what the pages hold."""
    files = _files(source)
    index = files["index.html"].decode("utf-8")
    first = shell_lang(files)
    lang = lang or first
    if lang != first:
        _, _, shell = fragment(files[f"pages/{lang}.js"], "edition")
        start = index.index('<div id="smab-root"')
        head = index[:start] + f'<div id="smab-root" data-smab-ui="root" data-lang="{lang}">\n'
        index = head + shell + index[index.index('\n</div>\n<script type="application/json"', start) :]

    def fill(match: re.Match) -> str:
        opening, page_id, inside = match.groups()
        if "data-smab-full" in opening:
            return match.group(0)
        return f"{opening}{inside}{page_html(files, page_id, lang)}\n</section>"

    return re.sub(r'(<section class="smab-page" id="([^"]+)"[^>]*>)(.*?)</section>', fill, index, flags=re.S)
