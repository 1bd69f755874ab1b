"""imsmanifest.xml for SCORM 1.2 and SCORM 2004, built with lxml.

Moodle's parser matches the prefixes `adlcp:`, `imsss:`, `adlseq:`, `adlnav:`
literally and wants an unprefixed <manifest>: both are kept here. No
xsi:schemaLocation is written, because the package does not ship the XSDs it
would name.
"""

from __future__ import annotations

from lxml import etree

from smab_pack.api import RenderedSite

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

NS12 = {
    None: "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
}
NS2004 = {
    None: "http://www.imsglobal.org/xsd/imscp_v1p1",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
    "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
    "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
    "imsss": "http://www.imsglobal.org/xsd/imsss",
    "lom": "http://ltsc.ieee.org/xsd/LOM",
}


class Ids:
    """Identifiers derived only from the course id, so they survive every rebuild
    (Moodle keeps a learner's tracking data by item identifier)."""

    def __init__(self, course_id: str, lang: str) -> None:
        self.manifest = f"{course_id}-{lang}"
        self.organization = f"{course_id}-org"
        self.item = f"{course_id}-item"
        self.resource = f"{course_id}-sco"
        self.objective = f"{course_id}-mastery"


def _q(ns: dict, prefix: str | None, tag: str) -> str:
    return f"{{{ns[prefix]}}}{tag}"


def _sub(parent, ns, tag, text=None, prefix=None, **attrs):
    el = etree.SubElement(parent, _q(ns, prefix, tag), {k.replace("__", ":"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _serialize(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _texts(site: RenderedSite) -> tuple[str, str]:
    course = site.course
    return course.title, course.description or course.title


def _files(resource, ns, names: list[str]) -> None:
    for name in names:
        _sub(resource, ns, "file", href=name)


def manifest_12(site: RenderedSite, names: list[str]) -> bytes:
    ns = NS12
    ids = Ids(site.config.id, site.lang)
    title, description = _texts(site)
    root = etree.Element(_q(ns, None, "manifest"), nsmap=ns, identifier=ids.manifest, version=site.config.version)
    meta = _sub(root, ns, "metadata")
    _sub(meta, ns, "schema", "ADL SCORM")
    _sub(meta, ns, "schemaversion", "1.2")
    general = _sub(_sub(meta, ns, "lom", prefix="imsmd"), ns, "general", prefix="imsmd")
    for tag, texts in (("title", site.titles()), ("description", site.descriptions())):
        element = _sub(general, ns, tag, prefix="imsmd")
        for lang, text in texts:
            _sub(element, ns, "langstring", text, prefix="imsmd").set(XML_LANG, lang)
    orgs = _sub(root, ns, "organizations", default=ids.organization)
    org = _sub(orgs, ns, "organization", identifier=ids.organization)
    _sub(org, ns, "title", title)
    item = _sub(org, ns, "item", identifier=ids.item, identifierref=ids.resource, isvisible="true")
    _sub(item, ns, "title", title)
    if site.course.has_graded:
        _sub(item, ns, "masteryscore", _number(site.config.mastery_score), prefix="adlcp")
    resources = _sub(root, ns, "resources")
    resource = _sub(resources, ns, "resource", identifier=ids.resource, type="webcontent", href=site.launch)
    resource.set(_q(ns, "adlcp", "scormtype"), "sco")
    _files(resource, ns, names)
    return _serialize(root)


def manifest_2004(site: RenderedSite, names: list[str], edition: str) -> bytes:
    ns = NS2004
    ids = Ids(site.config.id, site.lang)
    title, description = _texts(site)
    root = etree.Element(_q(ns, None, "manifest"), nsmap=ns, identifier=ids.manifest, version=site.config.version)
    meta = _sub(root, ns, "metadata")
    _sub(meta, ns, "schema", "ADL SCORM")
    _sub(meta, ns, "schemaversion", f"2004 {edition} Edition")
    general = _sub(_sub(meta, ns, "lom", prefix="lom"), ns, "general", prefix="lom")
    for tag, texts in (("title", site.titles()), ("description", site.descriptions())):
        element = _sub(general, ns, tag, prefix="lom")
        for lang, text in texts:
            _sub(element, ns, "string", text, prefix="lom", language=lang)
    _sub(general, ns, "language", site.lang, prefix="lom")
    orgs = _sub(root, ns, "organizations", default=ids.organization)
    org = _sub(orgs, ns, "organization", identifier=ids.organization)
    org.set(_q(ns, "adlseq", "objectivesGlobalToSystem"), "false")
    _sub(org, ns, "title", title)
    item = _sub(org, ns, "item", identifier=ids.item, identifierref=ids.resource, isvisible="true")
    _sub(item, ns, "title", title)
    seq = _sub(item, ns, "sequencing", prefix="imsss")
    if site.course.has_graded:
        # The LMS passes this to the SCO as cmi.scaled_passing_score.
        objectives = _sub(seq, ns, "objectives", prefix="imsss")
        primary = _sub(
            objectives, ns, "primaryObjective", prefix="imsss", objectiveID=ids.objective, satisfiedByMeasure="true"
        )
        _sub(primary, ns, "minNormalizedMeasure", _number(site.config.mastery_score / 100), prefix="imsss")
    # The SCO itself sets completion and success; the LMS must not guess them.
    _sub(seq, ns, "deliveryControls", prefix="imsss", completionSetByContent="true", objectiveSetByContent="true")
    org_seq = _sub(org, ns, "sequencing", prefix="imsss")
    _sub(org_seq, ns, "controlMode", prefix="imsss", choice="true", flow="true")
    resources = _sub(root, ns, "resources")
    resource = _sub(resources, ns, "resource", identifier=ids.resource, type="webcontent", href=site.launch)
    resource.set(_q(ns, "adlcp", "scormType"), "sco")
    _files(resource, ns, names)
    return _serialize(root)


def _number(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")
