"""IMS Common Cartridge (1.3, or 1.1 for Moodle's restore) of the resource bank:
imsmanifest.xml and one XML file per web link, built with lxml.

One organization, rooted at a single untitled item (as CC requires); under it
one item per topic (a section of the course once imported) holding
one item per resource. For Moodle (1.1) a first, empty item comes before the
topics: Moodle's restore makes the first item under the root section 0
("General"), so without it the first topic's links would land there. Web links are
`imswl_xmlv1pN` resources, each with its own webLink XML; bundled files are `webcontent` resources under
web_resources/. No xsi:schemaLocation, as in the other formats: the cartridge
does not ship the XSDs it would name.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass

from lxml import etree

from smab_pack.api import LocalizedCourse, Resource, localize

WEBCONTENT_TYPE = "webcontent"
SCHEMA = "IMS Common Cartridge"


@dataclass(frozen=True)
class CcVersion:
    """The namespaces and names that differ between Common Cartridge versions."""

    version: str  # schemaversion, e.g. "1.3.0"
    tag: str  # "1p3"
    #: shape the organization for Moodle's restore (backup/cc/cc2moodle.php), see manifest_xml
    moodle: bool = False

    @property
    def cc_ns(self) -> str:
        return f"http://www.imsglobal.org/xsd/imscc{'' if self.tag == '1p0' else 'v' + self.tag}/imscp_v1p1"

    @property
    def lom_ns(self) -> str:
        return f"http://ltsc.ieee.org/xsd/imsccv{self.tag}/LOM/manifest"

    @property
    def weblink_ns(self) -> str:
        return f"http://www.imsglobal.org/xsd/imsccv{self.tag}/imswl_v{self.tag}"

    @property
    def weblink_type(self) -> str:
        return f"imswl_xmlv{self.tag}"


CC13 = CcVersion("1.3.0", "1p3")
#: Moodle's built-in restore converts cartridges up to 1.1 (it detects them by namespace).
CC11 = CcVersion("1.1.0", "1p1", moodle=True)
#: how a web link opens (imswl url@target/@windowFeatures): a new window, which government sites
#: need (they refuse to be framed); Moodle's restore ignores both and embeds every link
LINK_TARGET = "_blank"
LINK_WINDOW_FEATURES = "noopener,noreferrer"


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


def section_title(text: str, cc: CcVersion) -> str:
    """A topic's title as the cartridge carries it. Moodle's restore pastes the text of a
    section item's title into its own backup XML unescaped, where it becomes the section's
    HTML summary: a bare & or < would break the restore, so for Moodle they are written
    escaped once (Moodle then shows them as typed)."""
    return html.escape(text, quote=False) if cc.moodle else text


def weblink_xml(resource: Resource, course: LocalizedCourse, cc: CcVersion = CC13) -> bytes:
    ns = cc.weblink_ns
    root = etree.Element(f"{{{ns}}}webLink", nsmap={None: ns})
    _sub(root, ns, "title", localize(resource.title, course.lang, course.config.lang))
    _sub(root, ns, "url", href=resource.url or "", target=LINK_TARGET, windowFeatures=LINK_WINDOW_FEATURES)
    return _serialize(root)


def manifest_xml(course: LocalizedCourse, cc: CcVersion = CC13) -> bytes:
    CC_NS, LOM_MANIFEST_NS = cc.cc_ns, cc.lom_ns
    bank = course.resources
    assert bank is not None  # the format's check refuses courses without one
    lang, default, cid = course.lang, course.config.lang, course.config.id
    root = etree.Element(
        f"{{{CC_NS}}}manifest", nsmap={None: CC_NS, "lomimscc": LOM_MANIFEST_NS}, identifier=f"{cid}-cc-{lang}"
    )
    metadata = _sub(root, CC_NS, "metadata")
    _sub(metadata, CC_NS, "schema", SCHEMA)
    _sub(metadata, CC_NS, "schemaversion", cc.version)
    general = _sub(_sub(metadata, LOM_MANIFEST_NS, "lom"), LOM_MANIFEST_NS, "general")
    _sub(_sub(general, LOM_MANIFEST_NS, "title"), LOM_MANIFEST_NS, "string", course.title, language=lang)
    _sub(general, LOM_MANIFEST_NS, "language", lang)
    if course.description:
        _sub(
            _sub(general, LOM_MANIFEST_NS, "description"), LOM_MANIFEST_NS, "string", course.description, language=lang
        )

    organization = _sub(
        _sub(root, CC_NS, "organizations"),
        CC_NS,
        "organization",
        identifier=f"{cid}-cc-org",
        structure="rooted-hierarchy",
    )
    top = _sub(organization, CC_NS, "item", identifier=f"{cid}-cc-root")
    if cc.moodle:  # becomes section 0, "General", with the course title as its summary
        _sub(_sub(top, CC_NS, "item", identifier=f"{cid}-cc-general"), CC_NS, "title", section_title(course.title, cc))
    for topic, label in bank.topics.items():
        members = [r for r in bank.resources if r.topic == topic]
        if not members:
            continue
        group = _sub(top, CC_NS, "item", identifier=f"topic-{topic}")
        _sub(group, CC_NS, "title", section_title(localize(label, lang, default) or topic, cc))
        for resource in members:
            item = _sub(group, CC_NS, "item", identifier=f"item-{resource.id}", identifierref=f"res-{resource.id}")
            _sub(item, CC_NS, "title", localize(resource.title, lang, default))

    resources = _sub(root, CC_NS, "resources")
    for resource in bank.resources:
        if resource.url:
            el = _sub(resources, CC_NS, "resource", identifier=f"res-{resource.id}", type=cc.weblink_type)
            _sub(el, CC_NS, "file", href=link_path(resource))
        else:
            el = _sub(
                resources,
                CC_NS,
                "resource",
                identifier=f"res-{resource.id}",
                type=WEBCONTENT_TYPE,
                href=file_path(resource),
            )
            _sub(el, CC_NS, "file", href=file_path(resource))
    return _serialize(root)
