"""`smab-pack check` for IMS Common Cartridges (ours or any tool's): the
manifest's structure, references and files, and what Moodle's restore accepts."""

from __future__ import annotations

import re

from smab_pack.api import PackageChecker, Reporter, check_launch

#: manifest namespace → (kind, schemaversion); CC 1.0 has no version in its namespace
NAMESPACES = {
    "http://www.imsglobal.org/xsd/imscc/imscp_v1p1": ("cc10", "1.0.0"),
    "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1": ("cc11", "1.1.0"),
    "http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1": ("cc12", "1.2.0"),
    "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1": ("cc13", "1.3.0"),
}
#: resource types of the CC profiles (the version suffix varies: v1p0 … v1p3)
KNOWN_TYPES = re.compile(
    r"^(webcontent|imswl_xmlv1p\d|imsdt_xmlv1p\d|imsqti_xmlv1p\d/imscc_xmlv1p\d/"
    r"(assessment|question-bank)|imsbasiclti_xmlv1p\d|associatedcontent/imscc_xmlv1p\d/"
    r"learning-application-resource|assignment_xmlv1p\d|imsapip_zipv1p\d|"
    r"imsiwb_iwbv1p\d|idpfepub_epubv3p\d)$"
)
MOODLE_KINDS = ("cc10", "cc11")


class CommonCartridgeChecker(PackageChecker):
    manifest = "imsmanifest.xml"

    def kind(self, root) -> str | None:
        found = NAMESPACES.get(root.tag[1:].split("}")[0]) if root.tag.endswith("}manifest") else None
        return found[0] if found else None

    def check(self, root, kind: str, names: set[str] | None, report: Reporter) -> None:  # noqa: C901 (split pending; CONTRIBUTING.md)
        ns = root.tag[1:].split("}")[0]
        q = lambda tag: f"{{{ns}}}{tag}"  # noqa: E731
        expected = NAMESPACES[ns][1]
        metadata = root.find(q("metadata"))
        schema = metadata.findtext(q("schema"), "").strip() if metadata is not None else ""
        version = metadata.findtext(q("schemaversion"), "").strip() if metadata is not None else ""
        if schema != "IMS Common Cartridge":
            report.error(
                "cc-structure",
                f"<metadata><schema> is '{schema}', not 'IMS Common Cartridge'",
                element=metadata if metadata is not None else root,
            )
        if version != expected:
            report.error(
                "schemaversion",
                f"<schemaversion> is '{version}' but the namespace is that of Common Cartridge {expected}",
                element=metadata if metadata is not None else root,
            )
        resources = {}
        for res in root.iter(q("resource")):
            ident = res.get("identifier")
            if ident in resources:
                report.error("duplicate-identifier", f"resource identifier '{ident}' is used twice", element=res)
            resources[ident] = res
            rtype = res.get("type") or ""
            if not KNOWN_TYPES.match(rtype):
                report.warning(
                    "cc-resource-type",
                    f"resource '{ident}' has type '{rtype}', which no Common "
                    "Cartridge profile defines: an LMS will skip it",
                    element=res,
                )
            files = [f.get("href") or "" for f in res.iter(q("file"))]
            if rtype.startswith("imswl_") and (len(files) != 1 or res.get("href")):
                report.error(
                    "cc-structure",
                    f"web link '{ident}' must name exactly one file (its webLink XML) and no href",
                    element=res,
                )
            if res.get("href") and res.get("href") not in files:
                report.error(
                    "cc-structure",
                    f"resource '{ident}' has href '{res.get('href')}' but no <file> of that name",
                    element=res,
                )
            for href in files:
                if not check_launch(href, f"file of resource '{ident}'", report, element=res):
                    continue
                if names is not None and href not in names:
                    report.error("missing-file", f"'{href}' of resource '{ident}' is not in the package", element=res)
        organizations = root.findall(f"{q('organizations')}/{q('organization')}")
        if len(organizations) > 1:
            report.error("cc-structure", "a cartridge has at most one <organization>", element=organizations[1])
        for org in organizations:
            if org.get("structure") != "rooted-hierarchy":
                report.error("cc-structure", 'the <organization> must have structure="rooted-hierarchy"', element=org)
            top = org.findall(q("item"))
            if len(top) != 1 or top[0].get("identifierref"):
                report.error(
                    "cc-structure",
                    "the <organization> must hold exactly one root <item> that refers to no resource",
                    element=org,
                )
            for item in org.iter(q("item")):
                ref = item.get("identifierref")
                if ref and ref not in resources:
                    report.error(
                        "dangling-identifierref",
                        f"item '{item.get('identifier')}' refers to resource '{ref}', which does not exist",
                        element=item,
                    )
        if kind not in MOODLE_KINDS:
            report.warning(
                "cc-moodle-version",
                f"Moodle's built-in restore converts Common Cartridge 1.0 and 1.1 only; this one is {expected}",
                element=root,
                hint="for Moodle, build the bank with smab-pack build -f cc11",
            )
