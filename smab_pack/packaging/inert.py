"""Assets that a browser would run as code in the LMS's origin: SVG drawings are rebuilt from an
allow-list (no script, handler, foreignObject, javascript: link or outside reference is left);
HTML, JavaScript and XML carrying markup are refused. See docs/security.md.

No well-kept Python SVG sanitiser exists (nh3/ammonia are HTML-only), so this is a strict
allow-list pass over lxml's tree: what is not known to be passive is dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from smab_pack.diagnostics import Diagnostics

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
#: namespaces whose elements a browser renders as markup (and runs the scripts of) in any XML file
MARKUP = {
    "http://www.w3.org/1999/xhtml",
    SVG,
    "http://www.w3.org/1998/Math/MathML",
    "http://www.w3.org/1999/XSL/Transform",
}
MAX_SVG_BYTES = 20_000_000

#: SVG elements that draw, group, describe or paint; anything else (script, foreignObject,
#: handler, iframe, unknown names) goes with its content
ELEMENTS = set(
    [
        "svg",
        "g",
        "defs",
        "desc",
        "title",
        "symbol",
        "use",
        "image",
        "switch",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "textPath",
        "a",
        "clipPath",
        "mask",
        "pattern",
        "marker",
        "linearGradient",
        "radialGradient",
        "stop",
        "filter",
        "style",
        "view",
        "animate",
        "animateMotion",
        "animateTransform",
        "mpath",
        "set",
        "feBlend",
        "feColorMatrix",
        "feComponentTransfer",
        "feComposite",
        "feConvolveMatrix",
        "feDiffuseLighting",
        "feDisplacementMap",
        "feDistantLight",
        "feDropShadow",
        "feFlood",
        "feFuncA",
        "feFuncB",
        "feFuncG",
        "feFuncR",
        "feGaussianBlur",
        "feImage",
        "feMerge",
        "feMergeNode",
        "feMorphology",
        "feOffset",
        "fePointLight",
        "feSpecularLighting",
        "feSpotLight",
        "feTile",
        "feTurbulence",
    ]
)
ANIMATIONS = {"animate", "animateMotion", "animateTransform", "set"}
#: file types a browser runs (or renders as a document that runs scripts) when the file is opened
ACTIVE_SUFFIXES = {
    ".html",
    ".htm",
    ".xhtml",
    ".xht",
    ".shtml",
    ".mht",
    ".mhtml",
    ".js",
    ".mjs",
    ".cjs",
    ".svgz",
    ".hta",
    ".swf",
}
XML_SUFFIXES = {".xml", ".xsl", ".xslt", ".rss", ".atom", ".rdf"}

_SPACE = re.compile(r"[\x00-\x20]+")
_URL = re.compile(r"url\s*\(\s*(['\"]?)\s*([^'\")]*)", re.IGNORECASE)
_CSS_ACTIVE = re.compile(r"@import|expression\s*\(|javascript:|behavior\s*:|-moz-binding", re.IGNORECASE)
_IMAGE_DATA = re.compile(r"data:image/(png|jpeg|gif|webp);base64,", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """Active content found (and, in an SVG, removed) at a line of the file."""

    line: int | None
    what: str


class NotSvg(ValueError):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line


def _parser() -> etree.XMLParser:
    # Internal entities only (drawing tools declare some); nothing from the network or the disk,
    # and libxml2's limits on entity expansion stay on (huge_tree=False).
    return etree.XMLParser(
        resolve_entities="internal",
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=False,
        remove_blank_text=False,
    )


def _local(name: str) -> tuple[str | None, str]:
    qname = etree.QName(name)
    return qname.namespace, qname.localname


def _safe_css(text: str) -> bool:
    """No import, script or reference outside the drawing: every url() names #an-id."""
    if _CSS_ACTIVE.search(text):
        return False
    return all(match.group(2).strip().startswith("#") for match in _URL.finditer(text))


def _safe_href(element: str, value: str) -> bool:
    url = _SPACE.sub("", value)
    if url.startswith("#"):
        return True
    if element == "a":
        return re.match(r"(https?|mailto):", url, re.IGNORECASE) is not None
    if element in ("image", "feImage"):
        return bool(_IMAGE_DATA.match(url))
    return False


def _clean(node, findings: list[Finding]) -> None:
    for child in list(node):
        line = child.sourceline
        if not isinstance(child.tag, str):  # a processing instruction, or an entity left unresolved
            findings.append(
                Finding(
                    line,
                    f"processing instruction <?{child.target}?>"
                    if isinstance(child, etree._ProcessingInstruction)
                    else "an outside entity",
                )
            )
            _drop(child)
            continue
        namespace, name = _local(child.tag)
        if namespace != SVG or name not in ELEMENTS:
            if namespace in MARKUP or name.lower() in ("script", "foreignobject", "handler", "iframe"):
                findings.append(Finding(line, f"<{name}>"))
            _drop(child)
            continue
        if name in ANIMATIONS:
            target = (child.get("attributeName") or "").strip().lower()
            if (
                target in ("href", "xlink:href")
                or target.startswith("on")
                or any(
                    "javascript" in _SPACE.sub("", child.get(a) or "").lower() for a in ("values", "from", "to", "by")
                )
            ):
                findings.append(Finding(line, f'<{name} attributeName="{target}">'))
                _drop(child)
                continue
        if name == "style" and not _safe_css(child.text or ""):
            findings.append(Finding(line, "<style> with @import, a script or an outside url()"))
            _drop(child)
            continue
        _attributes(child, name, findings)
        _clean(child, findings)


def _attributes(element, name: str, findings: list[Finding]) -> None:
    for attribute in list(element.attrib):
        namespace, local = _local(attribute)
        value = element.attrib[attribute]
        if local.lower().startswith("on"):
            findings.append(Finding(element.sourceline, f'event handler {local}="…" on <{name}>'))
        elif local == "href" and namespace in (None, XLINK):
            if _safe_href(name, value):
                continue
            findings.append(Finding(element.sourceline, f'<{name} href="{value[:60]}">'))
        elif namespace is None or (namespace == XML and local in ("space", "lang")):
            if "url(" not in value.lower() and local != "style" or _safe_css(value):
                continue
            findings.append(Finding(element.sourceline, f'{local}="{value[:60]}" on <{name}>'))
        elif namespace == XLINK and local == "title":
            continue
        del element.attrib[attribute]  # other namespaces (editors' own data, xml:base) and the above


def _drop(node) -> None:
    parent = node.getparent()
    if node.tail:  # the text after the element belongs to its parent
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def inert_svg(data: bytes) -> tuple[bytes, list[Finding]]:
    """The SVG rebuilt with passive content only, and what was active in it (line, what).
    Raises NotSvg when the bytes are not a well-formed SVG document."""
    if len(data) > MAX_SVG_BYTES:
        raise NotSvg(None, f"it is larger than {MAX_SVG_BYTES:,} bytes")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise NotSvg(error.lineno, f"it is not well-formed XML: {error.msg}") from None
    if etree.QName(root).namespace != SVG or etree.QName(root).localname != "svg":
        raise NotSvg(root.sourceline, "its root element is not <svg> in the SVG namespace")
    findings: list[Finding] = []
    for sibling in list(root.itersiblings(preceding=True)):  # <?xml-stylesheet?> and the like
        findings.append(Finding(sibling.sourceline, f"processing instruction <?{getattr(sibling, 'target', '')}?>"))
    _attributes(root, "svg", findings)
    _clean(root, findings)
    etree.cleanup_namespaces(root, top_nsmap={None: SVG, "xlink": XLINK}, keep_ns_prefixes=[])
    # The root element alone: no DOCTYPE, entity declarations or processing instructions.
    body = etree.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n", findings


def active_xml(data: bytes) -> Finding | None:
    """What makes an XML file run as a page when opened (XHTML/SVG/MathML/XSLT elements, a
    stylesheet instruction), or None for plain data. Unparsable XML is shown as text: inert."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError:
        return None
    for sibling in root.itersiblings(preceding=True):
        if isinstance(sibling, etree._ProcessingInstruction) and sibling.target == "xml-stylesheet":
            return Finding(sibling.sourceline, "an <?xml-stylesheet?> instruction")
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element.tag).namespace in MARKUP:
            return Finding(
                element.sourceline, f"<{etree.QName(element.tag).localname}> in {etree.QName(element.tag).namespace}"
            )
        if isinstance(element, etree._ProcessingInstruction) and element.target == "xml-stylesheet":
            return Finding(element.sourceline, "an <?xml-stylesheet?> instruction")
    return None


@lru_cache(maxsize=256)
def _rebuilt(path: str, stamp: tuple[int, int]) -> bytes:
    try:
        return inert_svg(Path(path).read_bytes())[0]
    except (NotSvg, OSError):
        # check_course refuses such a file; should one get here anyway, nothing of it runs.
        return f'<svg xmlns="{SVG}"/>\n'.encode()


def packaged(content: Path) -> bytes | Path:
    """What a package holds for a course file: an SVG's inert rebuild (made once per file, not per
    package), any other file as it is (refused types never get here: check_course reports them)."""
    if content.suffix.lower() != ".svg":
        return content
    stat = content.stat()
    return _rebuilt(str(content), (stat.st_mtime_ns, stat.st_size))


def _line_naming(file: Path, name: str) -> int | None:
    """The first line of the page (or resources.yaml) that names the asset, to locate a report."""
    try:
        for number, line in enumerate(file.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if name in line:
                return number
    except OSError:
        pass
    return None


def report_assets(users: dict[Path, Path], diags: Diagnostics) -> None:
    """Report, for every file a course packages (each with a file that uses it), what would run:
    active file types (error), SVGs that do not parse (error), active content an SVG loses (warning)."""
    for path in sorted(users):
        user, suffix = users[path], path.suffix.lower()
        what = f"'{path.name}' (used by {user.name})"
        active = None
        if suffix in ACTIVE_SUFFIXES:
            active = "a page or script that"
        elif suffix in XML_SUFFIXES and path.is_file() and path.stat().st_size <= MAX_SVG_BYTES:
            found = active_xml(path.read_bytes())
            if found is not None:
                active = f"XML with {found.what}, which"
        if active is not None:
            diags.error(
                "active-asset",
                f"{what} is {active} a browser runs in the LMS's origin when it is opened from the package",
                file=user,
                line=_line_naming(user, path.name),
                hint="offer it as a .zip or a PDF, or link to it on the web",
            )
            continue
        if suffix != ".svg" or not path.is_file():
            continue
        try:
            _, findings = inert_svg(path.read_bytes())
        except NotSvg as error:
            diags.error(
                "svg-invalid",
                f"{what} cannot be made safe to package: {error}",
                file=path,
                line=error.line,
                hint="export it again from the drawing program, or use a PNG",
            )
            continue
        for finding in findings:
            diags.warning(
                "svg-active-content",
                f"{what}: {finding.what} is removed; it could run script or load content in the LMS's origin",
                file=path,
                line=finding.line,
                hint="export the drawing without scripts, links or embedded HTML (plain SVG)",
            )
