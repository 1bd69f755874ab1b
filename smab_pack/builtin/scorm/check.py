"""SCORM 1.2 and 2004 manifest rules for `smab-pack check`, with what each
means in Moodle. Sources: the IMS CP and ADL SCORM bindings, the ADL SCORM
2004 test suite's manifest rules, and how Moodle's mod_scorm reads manifests."""

from __future__ import annotations

from smab_pack.api import PackageChecker, Reporter, check_launch

from .manifest import NS12, NS2004

XSI_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
CONVENTIONAL = {
    NS12["adlcp"]: "adlcp",
    NS2004["adlcp"]: "adlcp",
    NS2004["adlseq"]: "adlseq",
    NS2004["adlnav"]: "adlnav",
    NS2004["imsss"]: "imsss",
}
# Child elements each content-packaging element may have (in the CP namespace).
CP_CHILDREN = {
    "manifest": {"metadata", "organizations", "resources", "manifest"},
    "metadata": {"schema", "schemaversion"},
    "organizations": {"organization"},
    "organization": {"title", "item", "metadata"},
    "item": {"title", "item", "metadata"},
    "resources": {"resource"},
    "resource": {"metadata", "file", "dependency"},
    "file": {"metadata"},
    "dependency": set(),
}
ADLCP12_ELEMENTS = {"location", "prerequisites", "maxtimeallowed", "timelimitaction", "datafromlms", "masteryscore"}
ADLCP13_ELEMENTS = {"location", "dataFromLMS", "timeLimitAction", "completionThreshold", "data", "map"}
# Element names of IMS Learning Resource Meta-data 1.2.1 (the SCORM 1.2 binding).
IMSMD_ELEMENTS = {
    "lom",
    "general",
    "identifier",
    "title",
    "catalogentry",
    "catalog",
    "entry",
    "language",
    "description",
    "keyword",
    "coverage",
    "structure",
    "aggregationlevel",
    "lifecycle",
    "version",
    "status",
    "contribute",
    "role",
    "centity",
    "vcard",
    "date",
    "datetime",
    "metametadata",
    "metadatascheme",
    "technical",
    "format",
    "size",
    "location",
    "requirement",
    "type",
    "name",
    "minimumversion",
    "maximumversion",
    "installationremarks",
    "otherplatformrequirements",
    "duration",
    "educational",
    "interactivitytype",
    "learningresourcetype",
    "interactivitylevel",
    "semanticdensity",
    "intendedenduserrole",
    "context",
    "typicalagerange",
    "difficulty",
    "typicallearningtime",
    "rights",
    "cost",
    "copyrightandotherrestrictions",
    "relation",
    "kind",
    "resource",
    "annotation",
    "person",
    "classification",
    "purpose",
    "taxonpath",
    "source",
    "taxon",
    "id",
    "langstring",
    "value",
    "extension",
    "orcomposite",
    "string",
}
VERSIONS_2004 = {"2004 4th Edition", "2004 3rd Edition", "CAM 1.3"}


def _id(value: str | None) -> str | None:
    return " ".join(value.split()) if value else value  # xs:ID values are whitespace-collapsed


class ScormChecker(PackageChecker):
    manifest = "imsmanifest.xml"

    def kind(self, root) -> str | None:
        if root.tag == f"{{{NS12[None]}}}manifest":
            return "scorm12"
        if root.tag == f"{{{NS2004[None]}}}manifest":
            return "scorm2004"
        return None

    def schema_files(self, kind: str) -> list[tuple[str, str]]:
        if kind == "scorm12":
            return [
                ("http://www.w3.org/XML/1998/namespace", "ims_xml.xsd"),
                (NS12[None], "imscp_rootv1p1p2.xsd"),
                (NS12["adlcp"], "adlcp_rootv1p2.xsd"),
                (NS12["imsmd"], "imsmd_rootv1p2p1.xsd"),
            ]
        return [
            ("http://www.w3.org/XML/1998/namespace", "xml.xsd"),
            (NS2004[None], "imscp_v1p1.xsd"),
            (NS2004["adlcp"], "adlcp_v1p3.xsd"),
            (NS2004["adlseq"], "adlseq_v1p3.xsd"),
            (NS2004["adlnav"], "adlnav_v1p3.xsd"),
            (NS2004["imsss"], "imsss_v1p0.xsd"),
            (NS2004["lom"], "lom.xsd"),
        ]

    def check(self, root, kind: str, names: set[str] | None, report: Reporter) -> None:
        v12 = kind == "scorm12"
        ns = (NS12 if v12 else NS2004)[None]
        adlcp = (NS12 if v12 else NS2004)["adlcp"]
        q = lambda tag: f"{{{ns}}}{tag}"  # noqa: E731
        self._metadata(root, q, v12, report)
        self._structure(root, ns, adlcp, v12, report)
        self._prefixes(root, report)
        organizations = root.find(q("organizations"))
        resources = root.find(q("resources"))
        if organizations is None or resources is None:
            report.error("manifest-structure", "the manifest needs <organizations> and <resources>", element=root)
            return
        orgs = {_id(o.get("identifier")): o for o in organizations.findall(q("organization"))}
        res = {_id(r.get("identifier")): r for r in resources.findall(q("resource"))}
        default = _id(organizations.get("default"))
        if default and default not in orgs:
            report.error(
                "default-organization",
                f"organizations default='{default}' names no organization: the LMS cannot tell which structure to show",
                element=organizations,
            )
        if not v12 and not orgs:
            report.error("no-organization", "SCORM 2004 needs at least one organization", element=organizations)
        seen: dict[str, object] = {}
        for element in root.iter(q("organization"), q("item"), q("resource")):
            ident = _id(element.get("identifier"))
            if not ident:
                report.error("missing-identifier", f"<{element.tag.split('}')[1]}> has no identifier", element=element)
                continue
            if ident in seen:
                report.error("duplicate-identifier", f"identifier '{ident}' is used twice", element=element)
            seen[ident] = element
        self._items(root, q, res, v12, report)
        self._resources(res, q, adlcp, v12, names, report)
        if names is not None:
            self._schema_locations(root, v12, names, report)

    def _metadata(self, root, q, v12: bool, report: Reporter) -> None:
        metadata = root.find(q("metadata"))
        schema = metadata.findtext(q("schema")) if metadata is not None else None
        version = metadata.findtext(q("schemaversion")) if metadata is not None else None
        where = metadata if metadata is not None else root
        if schema is None or version is None:
            report.error(
                "schemaversion",
                "manifest metadata needs <schema>ADL SCORM</schema> and <schemaversion>: "
                "Moodle reads the SCORM version from it",
                element=where,
            )
            return
        if schema != "ADL SCORM":
            report.error("schemaversion", f"<schema> is '{schema}', not 'ADL SCORM'", element=where)
        if v12 and version != "1.2":
            report.error("schemaversion", f"<schemaversion> '{version}' is not '1.2'", element=where)
        elif not v12 and version not in VERSIONS_2004:
            report.error(
                "schemaversion",
                f"<schemaversion> '{version}' is not a SCORM 2004 version: Moodle would play this package as SCORM 1.2",
                element=where,
                hint="write '2004 4th Edition' exactly, without spaces around it",
            )
        elif not v12 and version != "2004 4th Edition":
            report.warning(
                "schemaversion-edition", f"'{version}': the ADL test suite expects '2004 4th Edition'", element=where
            )

    def _structure(self, root, ns: str, adlcp: str, v12: bool, report: Reporter) -> None:
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            parent = element.getparent()
            namespace, _, local = element.tag[1:].partition("}")
            if namespace == ns and parent is not None and parent.tag.startswith(f"{{{ns}}}"):
                allowed = CP_CHILDREN.get(parent.tag.split("}")[1])
                if allowed is not None and local not in allowed:
                    report.error(
                        "unknown-element",
                        f"<{local}> is not allowed inside <{parent.tag.split('}')[1]}>",
                        element=element,
                    )
            elif namespace == adlcp and local not in (ADLCP12_ELEMENTS if v12 else ADLCP13_ELEMENTS):
                known = sorted(ADLCP12_ELEMENTS if v12 else ADLCP13_ELEMENTS)
                report.error(
                    "unknown-element",
                    f"adlcp:{local} is not an element of this SCORM version (names are case-sensitive): LMSs ignore it",
                    element=element,
                    hint=f"known: {', '.join(known)}",
                )
            elif v12 and namespace == NS12["imsmd"] and local not in IMSMD_ELEMENTS:
                report.error("unknown-element", f"imsmd:{local} is not an IMS metadata 1.2 element", element=element)

    def _prefixes(self, root, report: Reporter) -> None:
        for prefix, uri in (root.nsmap or {}).items():
            want = CONVENTIONAL.get(uri)
            if want and prefix != want:
                report.warning(
                    "moodle-prefix",
                    f"namespace {uri} is bound to '{prefix}:'; Moodle only reads "
                    f"'{want}:' and would treat SCOs as plain assets",
                    element=root,
                )
        if root.prefix:
            report.warning(
                "moodle-prefix", f"<{root.prefix}:manifest> is prefixed; Moodle looks for <manifest>", element=root
            )

    def _items(self, root, q, res: dict, v12: bool, report: Reporter) -> None:
        for item in root.iter(q("item")):
            ref = _id(item.get("identifierref"))
            leaf = item.find(q("item")) is None
            label = item.get("identifier")
            if item.find(q("title")) is None:
                report.error("item-title", f"item '{label}' has no <title>", element=item)
            if ref and ref not in res:
                report.error(
                    "dangling-identifierref",
                    f"item '{label}' launches '{ref}', which is no resource: "
                    "Moodle warns 'invalidmanifestresource' and the item cannot start",
                    element=item,
                )
            elif ref and not res[ref].get("href"):
                report.error(
                    "missing-href", f"resource '{ref}' is launched by item '{label}' but has no href", element=res[ref]
                )
            if not v12 and leaf and not ref:
                report.error(
                    "leaf-without-resource", f"item '{label}' has no children and launches nothing", element=item
                )
            if not v12 and not leaf and ref:
                report.error(
                    "parent-with-resource",
                    f"item '{label}' has children, so it may not launch a resource in SCORM 2004",
                    element=item,
                )

    def _resources(self, res: dict, q, adlcp: str, v12: bool, names, report: Reporter) -> None:
        attr = f"{{{adlcp}}}{'scormtype' if v12 else 'scormType'}"
        for ident, resource in res.items():
            scorm_type = resource.get(attr)
            if scorm_type not in ("sco", "asset"):
                wrong = "scormType" if v12 else "scormtype"
                also = resource.get(f"{{{adlcp}}}{wrong}")
                hint = f"found adlcp:{wrong}; this version spells it adlcp:{attr.split('}')[1]}" if also else None
                report.error(
                    "scormtype",
                    f"resource '{ident}' has no valid adlcp:{attr.split('}')[1]} "
                    f"('sco' or 'asset'): Moodle would treat it as an asset and track nothing",
                    element=resource,
                    hint=hint,
                )
            href = resource.get("href") or ""
            base = resource.get("{http://www.w3.org/XML/1998/namespace}base") or ""
            if "\\" in href:
                report.error(
                    "href-form", f"resource '{ident}' href '{href}' must be a relative path with '/'", element=resource
                )
            # A SCO elsewhere runs in another origin and cannot find the LMS's API; an asset may be on the web.
            safe = not href or check_launch(
                base + href, f"resource '{ident}' href", report, element=resource, remote_ok=scorm_type != "sco"
            )
            for file in resource.findall(q("file")):
                check_launch(base + (file.get("href") or ""), f"resource '{ident}' file", report, element=file)
            for dependency in resource.findall(q("dependency")):
                if _id(dependency.get("identifierref")) not in res:
                    report.error(
                        "dangling-dependency",
                        f"resource '{ident}' depends on '{dependency.get('identifierref')}', which is no resource",
                        element=dependency,
                    )
            if names is None:
                continue
            if safe and href and "://" not in href and base + href.split("?")[0].split("#")[0] not in names:
                report.error(
                    "missing-file",
                    f"resource '{ident}' launches '{href}', which is not in the package",
                    element=resource,
                )
            for file in resource.findall(q("file")):
                path = (file.get("href") or "").split("?")[0].split("#")[0]
                if path and "://" not in path and base + path not in names:
                    report.error(
                        "missing-file", f"resource '{ident}' lists '{path}', which is not in the package", element=file
                    )

    def _schema_locations(self, root, v12: bool, names: set[str], report: Reporter) -> None:
        locations = (root.get(XSI_LOCATION) or "").split()
        for xsd in locations[1::2]:
            if "://" in xsd:
                continue
            if xsd not in names:
                report.error(
                    "missing-schema", f"xsi:schemaLocation names '{xsd}', which is not in the package", element=root
                )
            elif "/" in xsd:
                message = f"'{xsd}' is not at the package root, where the ADL test suite requires schemas"
                if v12:
                    report.warning("schema-not-at-root", message, element=root)
                else:
                    report.error("schema-not-at-root", message, element=root)
