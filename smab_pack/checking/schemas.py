"""`check --schemas DIR`: validate manifests against XSD files the user supplies.

smab-pack ships no schema files. Imports are resolved inside DIR only; a
schema that names a remote URL gets the local copy of the same file or an
error, never a network fetch.
"""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree

from smab_pack.checking.report import Reporter

XML_NS = "http://www.w3.org/XML/1998/namespace"
# Two published SCORM 1.2 files that current libxml2 refuses to compile; the
# smallest change that makes them load, applied in memory only:
# ims_xml.xsd binds the XML namespace as default namespace (forbidden by XML
# Namespaces); imsmd_rootv1p2p1.xsd has an ##any wildcard after optional
# elements of its own namespace (not deterministic), later IMS MD uses ##other.
IN_MEMORY_FIXES = {
    "ims_xml.xsd": (b'xmlns="http://www.w3.org/XML/1998/namespace"', b""),
    "imsmd_rootv1p2p1.xsd": (b'namespace="##any"', b'namespace="##other"'),
}


class _LocalOnly(etree.Resolver):
    def __init__(self, files: dict[str, Path]) -> None:
        super().__init__()
        self.files = files

    def resolve(self, url, pubid, context):
        name = (url or "").rsplit("/", 1)[-1]
        local = self.files.get(name)
        remote = "://" in (url or "") and not url.startswith("file:")
        if url and url.startswith("file:"):
            name = url.rsplit("/", 1)[-1]
        if name in IN_MEMORY_FIXES and local is not None:
            old, new = IN_MEMORY_FIXES[name]
            return self.resolve_string(local.read_bytes().replace(old, new), context, base_url=str(local))
        if remote:
            if local is None:
                raise OSError(f"schema import {url} is not in the schema folder (no network access)")
            return self.resolve_filename(str(local), context)
        return None  # a file beside the schemas: libxml2 reads it itself


class SchemaSet:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files = {p.name: p for p in sorted(folder.rglob("*.xsd"))}
        for extra in ("XMLSchema.dtd", "datatypes.dtd"):
            found = next(iter(sorted(folder.rglob(extra))), None)
            if found:
                self.files[extra] = found
        self._compiled: dict[str, etree.XMLSchema | str] = {}

    def _compile(self, kind: str, imports: list[tuple[str, str]]) -> etree.XMLSchema | str:
        if kind in self._compiled:
            return self._compiled[kind]
        missing = [name for _, name in imports if name not in self.files]
        if missing:
            self._compiled[kind] = f"{self.folder} has no {', '.join(missing)}"
            return self._compiled[kind]
        wrapper = ['<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:smab-pack:check">']
        wrapper += [
            f'<xs:import namespace="{ns}" schemaLocation="{self.files[name].resolve().as_uri()}"/>'
            for ns, name in imports
        ]
        wrapper.append("</xs:schema>")
        parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
        parser.resolvers.add(_LocalOnly(self.files))
        # While a schema compiles, lxml routes its imports through the default parser.
        previous = etree.get_default_parser()
        etree.set_default_parser(parser)
        try:
            doc = etree.parse(
                io.BytesIO("".join(wrapper).encode()), parser, base_url=str(self.folder / "_smab_check_wrapper.xsd")
            )
            compiled: etree.XMLSchema | str = etree.XMLSchema(doc)
        except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as exc:
            compiled = f"the schemas in {self.folder} do not compile: {exc}"
        finally:
            etree.set_default_parser(previous)
        self._compiled[kind] = compiled
        return compiled

    def validate(self, root, kind: str, imports: list[tuple[str, str]], report: Reporter) -> None:
        if not imports:
            report.warning("schema-none", f"no XSD is known for {kind}: structural checks only")
            return
        schema = self._compile(kind, imports)
        if isinstance(schema, str):
            report.warning("schema-missing", schema)
            return
        if not schema.validate(root):
            for error in schema.error_log:
                report.error("xsd", error.message, line=error.line)
