"""Parse untrusted XML: no DTD, no entities, no network, bounded size.

Manifests and XLIFF files never need a DTD; entities and external DTDs are
how XML attacks its reader (billion laughs, XXE), so any DOCTYPE is refused,
whatever the encoding (UTF-8, UTF-16 and UTF-32 with or without a byte order
mark, EBCDIC, a declared legacy encoding) and however long the comments,
processing instructions or whitespace before it. `check` and `translate
import` share this code.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from lxml import etree

BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
DECLARED = re.compile(r"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
CHUNK = 1 << 16


@dataclass
class Unsafe:
    line: int
    reason: str


def _families(data: bytes) -> list[str]:
    """The encodings the bytes may be in: from the byte order mark or the first bytes' zeros
    (XML 1.0 appendix F), then from the encoding declaration."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return [name]
    head = data[:4].ljust(4, b"\x01")
    if head[0] == 0 and head[1] == 0:
        first = "utf-32-be"
    elif head[0] != 0 and head[1] == 0 and head[2] == 0 and head[3] == 0:
        first = "utf-32-le"
    elif head[0] == 0:
        first = "utf-16-be"
    elif head[1] == 0:
        first = "utf-16-le"
    elif head == b"\x4c\x6f\xa7\x94":  # '<?xm' in EBCDIC
        first = "cp037"
    else:
        first = "utf-8"
    found = [first]
    start = data[:1024].decode(first, "replace").lstrip("\ufeff")
    match = DECLARED.match(start)
    if match:
        try:
            declared = codecs.lookup(match.group(1)).name
        except LookupError:
            declared = None
        if declared and declared not in found and not declared.startswith(("utf-16", "utf-32")):
            found.append(declared)
    return found


def _prolog_dtd(data: bytes, encoding: str) -> int | None:
    """Line of a '<!' declaration before the root element, read in ``encoding`` chunk by chunk
    (memory stays bounded, whatever the length of the comments before it)."""
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    pending, line, state, at = "", 1, "misc", 0
    while True:
        chunk = data[at : at + CHUNK]
        at += CHUNK
        pending += decoder.decode(chunk, final=not chunk)
        while True:
            if state == "misc":
                stripped = pending.lstrip(" \t\r\n\ufeff")
                line += pending.count("\n") - stripped.count("\n")
                pending = stripped
                if len(pending) < 4 and chunk:
                    break  # too little to tell what comes next
                if pending.startswith("<!--"):
                    state, pending = "comment", pending[4:]
                elif pending.startswith("<?"):
                    state, pending = "pi", pending[2:]
                elif pending.startswith("<!"):
                    return line
                else:
                    return None  # the root element, text (a syntax error) or the end
            else:
                end = pending.find("-->" if state == "comment" else "?>")
                if end < 0:
                    keep = 2
                    line += pending[:-keep].count("\n")
                    pending = pending[-keep:]
                    break
                close = end + (3 if state == "comment" else 2)
                line += pending[:close].count("\n")
                pending, state = pending[close:], "misc"
        if not chunk:
            return None


def unsafe(data: bytes) -> Unsafe | None:
    """Why ``data`` must not be parsed, if it must not."""
    for encoding in _families(data):
        line = _prolog_dtd(data, encoding)
        if line is not None:
            return Unsafe(line, "the XML has a DOCTYPE (a DTD or entities)")
    return None


def parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def has_dtd(root) -> bool:
    """After parsing, in case the parser saw a DOCTYPE that the scan did not."""
    info = root.getroottree().docinfo
    return bool(info.doctype) or info.internalDTD is not None or info.externalDTD is not None


def looks_like_xml(data: bytes) -> bool:
    """Whether a file could be an XML document at all (its first character, in its encoding, is '<')."""
    text = data[:1024].decode(_families(data)[0], "replace").lstrip(" \t\r\n\ufeff")
    return text.startswith("<")


def parse(data: bytes, report):
    """The root element, or None after reporting (on ``report``, a checking Reporter) why the XML was refused."""
    problem = unsafe(data)
    if problem is None:
        try:
            root = etree.fromstring(data, parser())
        except etree.XMLSyntaxError as exc:
            line = exc.position[0] if exc.position else None
            report.error("xml-syntax", f"not well-formed XML: {exc.msg}", line=line)
            return None
        if not has_dtd(root):
            return root
        problem = Unsafe(1, "the XML has a DOCTYPE (a DTD or entities)")
    report.error(
        "xml-entities",
        f"{problem.reason}: refused, since entity expansion and external entities "
        "are ways to attack the LMS that reads it",
        line=problem.line,
    )
    return None
