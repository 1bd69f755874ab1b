"""IMS Common Cartridge 1.3 of the resource bank: imsmanifest.xml and one XML
file per web link, built with lxml.

One organization, rooted at a single untitled item (as CC requires); under it
one item per topic (a section of the course once imported) holding
one item per resource. Web links are `imswl_xmlv1p3` resources, each with its
own webLink XML; bundled files are `webcontent` resources under
web_resources/. No xsi:schemaLocation, as in the other formats: the cartridge
does not ship the XSDs it would name.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from smab_pack.models.content import LocalizedCourse
from smab_pack.models.course import localize
from smab_pack.models.resources import Resource

CC_NS = "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
LOM_MANIFEST_NS = "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest"
WEBLINK_NS = "http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3"
WEBLINK_TYPE = "imswl_xmlv1p3"
WEBCONTENT_TYPE = "webcontent"
SCHEMA = "IMS Common Cartridge"
SCHEMA_VERSION = "1.3.0"


def _serialize(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _sub(parent, ns: str, tag: str, text: str | None = None, **attrs: str):
    el = etree.SubElement(parent, f"{{{ns}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def link_path(resource: Resource) -> str:
    return f"links/{resource.id}.xml"


def file_path(resource: Resource) -> str:
    """Where a bundled file sits in the cartridge: web_resources/ plus its path in the course folder."""
    return "web_resources/" + posixpath.normpath(resource.file or "")


def weblink_xml(resource: Resource, course: LocalizedCourse) -> bytes:
    root = etree.Element(f"{{{WEBLINK_NS}}}webLink", nsmap={None: WEBLINK_NS})
    _sub(root, WEBLINK_NS, "title", localize(resource.title, course.lang, course.config.lang))
    _sub(root, WEBLINK_NS, "url", href=resource.url or "", target="_blank")
    return _serialize(root)


def manifest_xml(course: LocalizedCourse) -> bytes:
    bank = course.resources
    assert bank is not None  # the format's check refuses courses without one
    lang, default, cid = course.lang, course.config.lang, course.config.id
    root = etree.Element(f"{{{CC_NS}}}manifest", nsmap={None: CC_NS, "lomimscc": LOM_MANIFEST_NS},
                         identifier=f"{cid}-cc-{lang}")
    metadata = _sub(root, CC_NS, "metadata")
    _sub(metadata, CC_NS, "schema", SCHEMA)
    _sub(metadata, CC_NS, "schemaversion", SCHEMA_VERSION)
    general = _sub(_sub(metadata, LOM_MANIFEST_NS, "lom"), LOM_MANIFEST_NS, "general")
    _sub(_sub(general, LOM_MANIFEST_NS, "title"), LOM_MANIFEST_NS, "string", course.title, language=lang)
    _sub(general, LOM_MANIFEST_NS, "language", lang)
    if course.description:
        _sub(_sub(general, LOM_MANIFEST_NS, "description"), LOM_MANIFEST_NS, "string", course.description,
             language=lang)

    organization = _sub(_sub(root, CC_NS, "organizations"), CC_NS, "organization",
                        identifier=f"{cid}-cc-org", structure="rooted-hierarchy")
    top = _sub(organization, CC_NS, "item", identifier=f"{cid}-cc-root")
    for topic, label in bank.topics.items():
        members = [r for r in bank.resources if r.topic == topic]
        if not members:
            continue
        group = _sub(top, CC_NS, "item", identifier=f"topic-{topic}")
        _sub(group, CC_NS, "title", localize(label, lang, default) or topic)
        for resource in members:
            item = _sub(group, CC_NS, "item", identifier=f"item-{resource.id}", identifierref=f"res-{resource.id}")
            _sub(item, CC_NS, "title", localize(resource.title, lang, default))

    resources = _sub(root, CC_NS, "resources")
    for resource in bank.resources:
        if resource.url:
            el = _sub(resources, CC_NS, "resource", identifier=f"res-{resource.id}", type=WEBLINK_TYPE)
            _sub(el, CC_NS, "file", href=link_path(resource))
        else:
            el = _sub(resources, CC_NS, "resource", identifier=f"res-{resource.id}", type=WEBCONTENT_TYPE,
                      href=file_path(resource))
            _sub(el, CC_NS, "file", href=file_path(resource))
    return _serialize(root)
