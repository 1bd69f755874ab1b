"""Parse untrusted XML: no entities, no DTDs, no network, bounded size."""

from __future__ import annotations

import re

from lxml import etree

from smab_pack.checking.report import Reporter

_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def parse(data: bytes, report: Reporter):
    """The root element, or None after reporting why the XML was refused."""
    head = data[:65536]
    # Manifests never need a DTD; entities and external DTDs are how XML attacks
    # its reader (billion laughs, XXE), so any DOCTYPE is refused outright.
    if _DTD.search(head):
        report.error("xml-entities", "the XML has a DOCTYPE (a DTD or entities): refused, since entity expansion "
                     "and external entities are ways to attack the LMS that reads it", line=1)
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        report.error("xml-syntax", f"not well-formed XML: {exc.msg}", line=line)
        return None
    return root
