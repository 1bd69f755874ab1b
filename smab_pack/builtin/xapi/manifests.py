"""tincan.xml and cmi5.xml, with titles and descriptions in the package language."""

from __future__ import annotations

from lxml import etree

from smab_pack.api import Page, RenderedSite

from .config import Cmi5Options, XapiOptions

TINCAN = "http://projecttincan.com/tincan.xsd"
CMI5 = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class Iris:
    """Activity ids: derived from the course id only, so they survive rebuilds."""

    def __init__(self, site: RenderedSite) -> None:
        config = site.config
        self.course = f"{config.packaging.section('xapi', XapiOptions).activity_base}{config.id}"
        self.au = f"{self.course}/au"


def _serialize(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def tincan_xml(site: RenderedSite) -> bytes:
    def q(tag: str) -> str:
        return f"{{{TINCAN}}}{tag}"

    root = etree.Element(q("tincan"), nsmap={None: TINCAN})
    activity = etree.SubElement(
        etree.SubElement(root, q("activities")),
        q("activity"),
        id=Iris(site).course,
        type="http://adlnet.gov/expapi/activities/course",
    )
    for lang, text in site.titles():
        etree.SubElement(activity, q("name"), lang=lang).text = text
    for lang, text in site.descriptions():
        etree.SubElement(activity, q("description"), lang=lang).text = text
    etree.SubElement(activity, q("launch"), lang=site.lang).text = site.launch
    return _serialize(root)


def cmi5_xml(site: RenderedSite) -> bytes:
    course, config = site.course, site.config
    iris = Iris(site)

    def q(tag: str) -> str:
        return f"{{{CMI5}}}{tag}"

    def texts(parent, tag: str, text: str | list[tuple[str, str]]) -> None:
        element = etree.SubElement(parent, q(tag))
        for lang, value in [(site.lang, text)] if isinstance(text, str) else text:
            etree.SubElement(element, q("langstring"), {"lang": lang}).text = value

    root = etree.Element(q("courseStructure"), nsmap={None: CMI5})
    course_el = etree.SubElement(root, q("course"), id=iris.course)
    texts(course_el, "title", site.titles())
    texts(course_el, "description", site.descriptions())
    options = config.packaging.section("cmi5", Cmi5Options)
    # (AU id, title, description, launch URL, pages); a text is one string or (language, text) pairs
    units: list[tuple[str, str | list[tuple[str, str]], str | list[tuple[str, str]], str, list[Page]]]
    if options.au_per == "course":
        units = [(iris.au, site.titles(), site.descriptions(), site.launch, course.pages)]
    else:
        units = [
            (f"{iris.au}/{m.id}", m.title, m.description or m.title, f"{site.launch}?module={m.id}", m.pages)
            for m in course.modules
            # a module of aids alone (the glossary) is no AU: the run-time shows aids in every AU
            if not all(page.aid for page in m.pages)
        ]
    for au_id, title, description, url, pages in units:
        graded = any(page.has_graded for page in pages)
        move_on = options.move_on or ("CompletedAndPassed" if graded else "Completed")
        attrs = {"id": au_id, "moveOn": move_on, "launchMethod": options.launch_method}
        if graded:
            attrs["masteryScore"] = f"{config.mastery_score / 100:.4f}".rstrip("0").rstrip(".")
        au = etree.SubElement(root, q("au"), attrs)
        texts(au, "title", title)
        texts(au, "description", description)
        etree.SubElement(au, q("url")).text = url
    return _serialize(root)
