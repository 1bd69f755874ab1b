"""XLIFF 2.0 (and 1.2, for older CAT tools) export and import of a course's pages.

One <file> per page, one unit per paragraph, heading, list item, quiz answer,
table cell and block title; Markdown syntax travels as protected inline codes.
Video captions and chapters (WebVTT) follow, one <file> each, one unit per cue.
The file records each source page's fingerprint, so an imported translation
knows which version of the source it was made from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from lxml import etree

from smab_pack.checking import xmlsafe
from smab_pack.checking.files import NotARegularFile, open_regular
from smab_pack.diagnostics import Diagnostics
from smab_pack.loading.course_loader import CourseSource
from smab_pack.translation.captions import apply_captions, caption_sources, caption_units, translation_of
from smab_pack.translation.inline import Code, Piece, protect
from smab_pack.translation.segments import Unit, apply, units_of
from smab_pack.translation.status import (
    GLOSSARY,
    caption_with_fingerprint,
    fingerprint,
    glossary_fingerprint,
    glossary_with_record,
    write_atomically,
)
from smab_pack.translation.targets import TargetError, compose
from smab_pack.translation.untranslated import same_as_source
from smab_pack.translation.yaml_texts import apply_yaml, yaml_sources, yaml_targets, yaml_units

XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
SMAB = "urn:smab-pack:xliff:1"
MAX_XLIFF = 50 << 20


@dataclass
class ImportResult:
    lang: str
    written: list[Path]
    unchanged: list[Path]


def _page_pairs(course: CourseSource, lang: str):
    default = course.config.lang
    for module in course.modules:
        for page in module.pages:
            yield page, page.files[default], page.files.get(lang)


def _targets(source_text: str, target_path: Path | None, units=units_of) -> dict[str, str]:
    """Existing translations, by unit id, when the translated page (or caption file) lines up with its source."""
    if target_path is None or not target_path.is_file():
        return {}
    source_units = units(source_text)
    target_units = units(target_path.read_text(encoding="utf-8"))
    if len(source_units) != len(target_units):
        return {}
    if [u.kind for u in source_units] != [u.kind for u in target_units]:
        return {}
    return {s.id: t.text for s, t in zip(source_units, target_units, strict=True)}


# ---- writing ----


def _inline2(parent, pieces: list[Piece], data: dict[str, str], prefix: str) -> None:
    """XLIFF 2.0 inline content: text, <ph/>, <sc/>…<ec/> (codes may cross)."""
    last = None
    for piece in pieces:
        if isinstance(piece, str):
            if last is None:
                parent.text = (parent.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
            continue
        ref = f"{prefix}{piece.id}{'' if piece.kind != 'close' else 'e'}"
        data[ref] = piece.data
        if piece.kind == "ph":
            last = etree.SubElement(parent, f"{{{XLIFF2}}}ph", id=str(piece.id), dataRef=ref)
        elif piece.kind == "open":
            last = etree.SubElement(parent, f"{{{XLIFF2}}}sc", id=str(piece.id), dataRef=ref)
        else:
            last = etree.SubElement(parent, f"{{{XLIFF2}}}ec", startRef=str(piece.id), dataRef=ref)


def _inline12(parent, pieces: list[Piece]) -> None:
    """XLIFF 1.2 inline content: the native code travels inside <bpt>/<ept>/<ph>."""
    last = None
    for piece in pieces:
        if isinstance(piece, str):
            if last is None:
                parent.text = (parent.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
            continue
        tag = {"ph": "ph", "open": "bpt", "close": "ept"}[piece.kind]
        last = etree.SubElement(parent, f"{{{XLIFF12}}}{tag}", id=str(piece.id))
        last.text = piece.data


def export_xliff(course: CourseSource, lang: str, version: str = "2.0") -> bytes:
    default = course.config.lang
    v2 = version == "2.0"
    ns = XLIFF2 if v2 else XLIFF12
    q = lambda tag: f"{{{ns}}}{tag}"  # noqa: E731
    if v2:
        root = etree.Element(
            q("xliff"), nsmap={None: XLIFF2, "smab": SMAB}, version="2.0", srcLang=default, trgLang=lang
        )
    else:
        root = etree.Element(q("xliff"), nsmap={None: XLIFF12, "smab": SMAB}, version="1.2")

    # (source file, extra attributes, its units, its existing translations) for every file to translate
    def beside(target_path, units):  # a translation in a file of its own
        return lambda text: _targets(text, target_path, units)

    jobs = [
        (
            source_path,
            {f"{{{SMAB}}}fingerprint": fingerprint(source_path), f"{{{SMAB}}}page": page.id},
            units_of,
            beside(target_path, units_of),
        )
        for page, source_path, target_path in _page_pairs(course, lang)
    ]
    jobs += [
        (
            vtt,
            {f"{{{SMAB}}}captions": "true", f"{{{SMAB}}}fingerprint": fingerprint(vtt)},
            caption_units,
            beside(translation_of(vtt, default, lang), caption_units),
        )
        for vtt in caption_sources(course.root, default)
    ]
    jobs += [
        (path, _yaml_attrs(path, default), yaml_units(default), lambda text: yaml_targets(text, default, lang))
        for path in yaml_sources(course.root)
    ]
    for number, (source_path, extra, units_in, existing) in enumerate(jobs, start=1):
        source_text = source_path.read_text(encoding="utf-8")
        original = source_path.relative_to(course.root).as_posix()
        targets = existing(source_text)
        if units_in is not units_of and not units_in(source_text):
            continue  # nothing to translate in this file
        attrs: dict[str, str] = {"original": original, **extra}
        if v2:
            attrs = {"id": f"f{number}", **attrs}
        else:
            attrs.update(
                {
                    "source-language": default,
                    "target-language": lang,
                    "datatype": "x-markdown" if units_in is units_of else "plaintext",
                }
            )
        file_el = etree.SubElement(root, q("file"))
        for name, value in attrs.items():  # in this order: the files stay byte for byte as before
            file_el.set(name, value)
        container = file_el if v2 else etree.SubElement(file_el, q("body"))
        for unit in units_in(source_text):
            source_pieces = protect(unit.text)
            target_text = targets.get(unit.id)
            if target_text is not None and same_as_source(unit, target_text):
                target_text = None  # the source's prose copied into the page: new to the CAT tool, not done
            if v2:
                unit_el = etree.SubElement(container, q("unit"), id=unit.id)
                notes = etree.SubElement(unit_el, q("notes"))
                etree.SubElement(notes, q("note"), category="smab-kind").text = unit.kind
                data: dict[str, str] = {}
                original_data = etree.SubElement(unit_el, q("originalData"))
                segment = etree.SubElement(unit_el, q("segment"), state="translated" if target_text else "initial")
                _inline2(etree.SubElement(segment, q("source")), source_pieces, data, "s")
                if target_text is not None:
                    _inline2(etree.SubElement(segment, q("target")), protect(target_text), data, "t")
                for ref, value in data.items():
                    etree.SubElement(original_data, q("data"), id=ref).text = value
                if not data:
                    unit_el.remove(original_data)
            else:
                unit_el = etree.SubElement(container, q("trans-unit"), id=unit.id, resname=unit.id)
                _inline12(etree.SubElement(unit_el, q("source")), source_pieces)
                if target_text is not None:
                    _inline12(etree.SubElement(unit_el, q("target"), state="translated"), protect(target_text))
                etree.SubElement(unit_el, q("note")).text = unit.kind
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# ---- reading ----


def _text(pieces: list[Piece], text: str | None) -> None:
    if text:
        if pieces and isinstance(pieces[-1], str):
            pieces[-1] += text
        else:
            pieces.append(text)


def _read_inline2(element, data: dict[str, str], pieces: list[Piece] | None = None) -> list[Piece]:
    """XLIFF 2.0 inline content as text and codes (the Markdown each code stands for)."""
    pieces = [] if pieces is None else pieces
    _text(pieces, element.text)
    for child in element:
        local = etree.QName(child).localname if isinstance(child.tag, str) else ""
        refs = {"ph": ["dataRef"], "sc": ["dataRef"], "ec": ["dataRef"]}.get(local, [])
        if local == "pc":  # a CAT tool may pair sc/ec into one element around the text
            refs = ["dataRefStart"]
        for attr in refs:
            ref = child.get(attr)
            if ref not in data:
                raise ValueError(f"<{local}> refers to data '{ref}' that the unit does not have")
            pieces.append(Code("ph", 0, data[ref]))
        if local in ("pc", "mrk"):  # keep the words inside
            _read_inline2(child, data, pieces)
        if local == "pc":
            ref = child.get("dataRefEnd")
            if ref not in data:
                raise ValueError(f"<pc> refers to data '{ref}' that the unit does not have")
            pieces.append(Code("ph", 0, data[ref]))
        if local == "cp":  # a character XML cannot hold
            try:
                _text(pieces, chr(int(child.get("hex") or "", 16)))
            except (ValueError, OverflowError):
                raise ValueError(f"<cp hex='{child.get('hex')}'> is not a character") from None
        _text(pieces, child.tail)
    return pieces


def _read_inline12(element, pieces: list[Piece] | None = None) -> list[Piece]:
    """XLIFF 1.2 inline content: the native code travels inside <bpt>/<ept>/<ph>/<it>."""
    pieces = [] if pieces is None else pieces
    _text(pieces, element.text)
    for child in element:
        local = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if local in ("ph", "bpt", "ept", "it"):
            pieces.append(Code("ph", 0, "".join(child.itertext())))
        elif local in ("g", "mrk"):
            _read_inline12(child, pieces)
        _text(pieces, child.tail)
    return pieces


def parse_xliff(data: bytes, file: Path, diags: Diagnostics):
    """The root element of an untrusted XLIFF file, or None after reporting why not."""
    if len(data) > MAX_XLIFF:
        diags.error("xliff-too-large", f"larger than {MAX_XLIFF >> 20} MB", file=file)
        return None
    problem = xmlsafe.unsafe(data)
    if problem is None:
        try:
            root = etree.fromstring(data, xmlsafe.parser())
        except etree.XMLSyntaxError as exc:
            diags.error(
                "xliff-syntax",
                f"not well-formed XML: {exc.msg}",
                file=file,
                line=exc.position[0] if exc.position else None,
            )
            return None
        problem = xmlsafe.Unsafe(1, "the file has a DOCTYPE") if xmlsafe.has_dtd(root) else None
    if problem is not None:
        diags.error(
            "xliff-unsafe",
            "the file declares a DTD or entities: refused (entity expansion and external "
            "entities are ways to attack the reader)",
            file=file,
            line=problem.line,
        )
        return None
    if root.tag not in (f"{{{XLIFF2}}}xliff", f"{{{XLIFF12}}}xliff"):
        diags.error("xliff-syntax", f"not an XLIFF 2.0 or 1.2 file (root {etree.QName(root).text})", file=file, line=1)
        return None
    return root


def _link_to_language(markdown: str, source: str, target: str, page_dir: Path) -> str:
    """Links to pages of the source language point to the same pages in the target language."""

    def swap(match: re.Match) -> str:
        path = match.group(2)
        candidate = re.sub(rf"\.{re.escape(source)}\.(md|svg|png|jpg|webp)$", rf".{target}.\1", path)
        if candidate != path and (candidate.endswith(".md") or (page_dir / candidate).is_file()):
            return match.group(1) + candidate + match.group(3)
        return match.group(0)

    return re.sub(r"(\]\()([^)\s#]+)((?:#[^)\s]*)?\))", swap, markdown)


LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")  # the shape of a BCP 47 tag


def _languages(root, files, v2: bool, source: str, languages: list[str], path: Path, diags: Diagnostics) -> str | None:
    """The course's spelling of the file's target language, or None after reporting why the file
    cannot be imported: an invalid tag, the source language itself (that would overwrite the source
    pages), a language the course does not have, another source language, files that disagree."""
    if v2:
        pairs = [(root.get("srcLang"), root.get("trgLang"), root)]
    else:
        pairs = [(f.get("source-language"), f.get("target-language"), f) for f in files] or [(None, None, root)]
    source_lang, lang, _ = pairs[0]
    others = ", ".join(other for other in languages if other != source)
    for src, trg, element in pairs:
        where = {"file": path, "line": element.sourceline}
        if not trg or not LANGUAGE_TAG.match(trg):
            diags.error(
                "xliff-language",
                f"the target language '{trg or ''}' is not a language tag",
                **where,
                hint=f"this course translates into {others}",
            )
            return None
        if trg.lower() == source.lower():
            diags.error(
                "xliff-language",
                f"the target language '{trg}' is the course's source language: importing "
                "it would overwrite the source pages",
                **where,
                hint=f"this course translates into {others}",
            )
            return None
        if (src, trg) != (source_lang, lang):
            diags.error(
                "xliff-language",
                f"this <file> translates '{src}' into '{trg}', the first one '{source_lang}' "
                f"into '{lang}': one XLIFF file holds one language pair",
                **where,
            )
            return None
    match = next((tag for tag in languages if tag.lower() == lang.lower()), None)
    if match is None or (source_lang or "").lower() != source.lower():
        diags.error(
            "xliff-language",
            f"the file translates '{source_lang}' into '{lang}'; this course translates '{source}' into {others}",
            file=path,
            line=root.sourceline,
        )
        return None
    return match


def read_xliff(path: Path, diags: Diagnostics) -> bytes | None:
    """The bytes of an XLIFF file, read only from a regular file and only up to the size limit."""
    try:
        fh, _ = open_regular(path, "an XLIFF file")
        with fh:
            return fh.read(MAX_XLIFF + 1)
    except NotARegularFile as exc:
        code = "xliff-syntax" if exc.code == "empty" else "unreadable-file"
        diags.error(code, exc.message, file=path, hint=exc.hint)
    except OSError as exc:
        diags.error("unreadable-file", f"cannot read the file: {exc.strerror or exc}", file=path)
    return None


def import_xliff(course: CourseSource, path: Path, diags: Diagnostics) -> ImportResult | None:
    data = read_xliff(path, diags)
    root = parse_xliff(data, path, diags) if data is not None else None
    if root is None:
        return None
    v2 = root.tag == f"{{{XLIFF2}}}xliff"
    ns = XLIFF2 if v2 else XLIFF12
    q = lambda tag: f"{{{ns}}}{tag}"  # noqa: E731
    files = root.findall(q("file"))
    lang = _languages(root, files, v2, course.config.lang, course.config.languages, path, diags)
    if lang is None:
        return None
    pages = {p.id: (p, src, tgt) for p, src, tgt in _page_pairs(course, lang)}
    captions = {
        vtt.relative_to(course.root).as_posix(): vtt for vtt in caption_sources(course.root, course.config.lang)
    }
    yamls = {f.relative_to(course.root).as_posix(): f for f in yaml_sources(course.root)}
    plans: list[tuple[Path, str]] = []
    for file_el in files:
        if file_el.get(f"{{{SMAB}}}yaml"):
            plan = _import_yaml(file_el, yamls, course.config.lang, lang, path, diags, v2, q)
            if plan:
                plans.append(plan)
            continue
        if file_el.get(f"{{{SMAB}}}captions"):
            plan = _import_captions(file_el, captions, course.config.lang, lang, path, diags, v2, q)
            if plan:
                plans.append(plan)
            continue
        page_id = file_el.get(f"{{{SMAB}}}page")
        if page_id not in pages:
            diags.error("xliff-page", f"page '{page_id}' is not in this course", file=path, line=file_el.sourceline)
            continue
        page, source_path, target_path = pages[page_id]
        source_text = source_path.read_text(encoding="utf-8")
        units = units_of(source_text)
        targets = _unit_targets(
            file_el,
            units,
            _targets(source_text, target_path),
            source_path.name,
            path,
            diags,
            v2,
            q,
            (course.config.lang, lang),
        )
        if not targets:
            continue
        destination = target_path or source_path.with_name(
            source_path.name.replace(f".{course.config.lang}.md", f".{lang}.md")
        )
        # The existing translation is the skeleton when it lines up; else the source page is.
        skeleton_path = target_path if target_path and _targets(source_text, target_path) else source_path
        skeleton = skeleton_path.read_text(encoding="utf-8")
        skeleton_units = units_of(skeleton)
        by_position = {u.id: s.id for u, s in zip(skeleton_units, units, strict=True)}
        mapped = {by_position[u.id]: u for u in skeleton_units}
        text = apply(skeleton, skeleton_units, {mapped[k].id: v for k, v in targets.items() if k in mapped})
        if skeleton_path == source_path:
            text = _link_to_language(text, course.config.lang, lang, source_path.parent)
        text = _with_fingerprint(text, file_el.get(f"{{{SMAB}}}fingerprint"))
        if not _front_matter_reads(text):  # never write a page that no longer loads
            diags.error(
                "xliff-unit",
                f"the translations would break the front matter of {source_path.name}: edit it by hand",
                file=path,
                line=file_el.sourceline,
            )
            continue
        plans.append((destination, text))
    if diags.has_errors:
        return None  # nothing is written unless the whole file imports
    result = ImportResult(lang, [], [])
    for destination, text in plans:
        if destination.exists() and destination.read_text(encoding="utf-8") == text:
            result.unchanged.append(destination)
            continue
        write_atomically(destination, text)
        result.written.append(destination)
    return result


def _unit_targets(
    file_el,
    units: list[Unit],
    existing: dict[str, str],
    source_name: str,
    path: Path,
    diags: Diagnostics,
    v2: bool,
    q,
    langs: tuple[str, str],
) -> dict[str, str]:
    """The safe text of each unit's target (see targets.compose), by unit id; errors name the unit."""
    by_id = {u.id: u for u in units}
    targets: dict[str, str] = {}
    left: list[tuple[str, int | None]] = []  # units still untranslated, and their lines
    seen: set[str] = set()

    def kept(unit_id: str) -> bool:
        """Whether the page already has a translation of the unit, which the import keeps."""
        return unit_id in existing and not same_as_source(by_id[unit_id], existing[unit_id])

    for unit_el in file_el.iter(q("unit") if v2 else q("trans-unit")):
        unit_id = unit_el.get("id")
        seen.add(unit_id)
        if unit_id not in by_id:
            diags.error(
                "xliff-unit",
                f"unit '{unit_id}' does not exist in {source_name} (the source changed since the export?)",
                file=path,
                line=unit_el.sourceline,
            )
            continue
        target = unit_el.find(f"{q('segment')}/{q('target')}" if v2 else q("target"))
        if target is None or not "".join(target.itertext()).strip() and not len(target):
            if not kept(unit_id):
                left.append((unit_id, unit_el.sourceline))
            continue
        try:
            if v2:
                data = {d.get("id"): d.text or "" for d in unit_el.iter(q("data"))}
                pieces = _read_inline2(target, data)
            else:
                pieces = _read_inline12(target)
        except ValueError as exc:
            diags.error("xliff-unit", f"unit '{unit_id}' of {source_name}: {exc}", file=path, line=target.sourceline)
            continue
        try:
            targets[unit_id] = compose(pieces, by_id[unit_id], existing.get(unit_id), *langs)
            if same_as_source(by_id[unit_id], targets[unit_id]):
                left.append((unit_id, target.sourceline))
        except TargetError as exc:
            code = "xliff-inline-codes" if "inline codes" in str(exc) else "xliff-unit"
            diags.error(
                code,
                f"unit '{unit_id}' of {source_name}: {exc}",
                file=path,
                line=target.sourceline,
                hint="copy the codes from the source into the target, and type only words",
            )
    # units the file lost on the way (a CAT tool that drops them): as untranslated as an empty target
    left += [(u.id, file_el.sourceline) for u in units if u.id not in seen and not kept(u.id)]
    if left:
        names = ", ".join(unit_id for unit_id, _ in left[:8]) + (", …" if len(left) > 8 else "")
        diags.warning(
            "untranslated",
            f"{len(left)} unit(s) of {source_name} are untranslated (no target, or the source's own text): {names}",
            file=path,
            line=left[0][1],
            hint="translate them and import again; until then the page shows the source's text there, "
            "and `smab-pack translate status` counts it as untranslated",
        )
    return targets


def _import_captions(
    file_el, captions: dict[str, Path], default: str, lang: str, path: Path, diags: Diagnostics, v2: bool, q
) -> tuple[Path, str] | None:
    """A caption file's cues: written into <name>.<lang>.vtt with the source's timings."""
    original = file_el.get("original") or ""
    source_path = captions.get(original)
    if source_path is None:
        diags.error(
            "xliff-page", f"caption file '{original}' is not in this course", file=path, line=file_el.sourceline
        )
        return None
    source_text = source_path.read_text(encoding="utf-8")
    destination = translation_of(source_path, default, lang)
    targets = _unit_targets(
        file_el,
        caption_units(source_text),
        _targets(source_text, destination, caption_units),
        source_path.name,
        path,
        diags,
        v2,
        q,
        (default, lang),
    )
    if not targets:
        return None
    # The existing translation is the skeleton when its cues line up; else the source file is.
    skeleton = destination if _targets(source_text, destination, caption_units) else source_path
    text = apply_captions(skeleton.read_text(encoding="utf-8"), targets)
    recorded = file_el.get(f"{{{SMAB}}}fingerprint")
    if recorded and re.fullmatch(r"[0-9a-f]{12}", recorded):
        text = caption_with_fingerprint(text, recorded)  # made from this version of the source
    return destination, text


def _yaml_attrs(path: Path, default: str) -> dict[str, str]:
    attrs = {f"{{{SMAB}}}yaml": "true"}
    if path.name == GLOSSARY:  # the glossary records which version of its texts each language was made from
        attrs[f"{{{SMAB}}}fingerprint"] = glossary_fingerprint(path.read_text(encoding="utf-8"), default)
    return attrs


def _import_yaml(
    file_el, yamls: dict[str, Path], default: str, lang: str, path: Path, diags: Diagnostics, v2: bool, q
) -> tuple[Path, str] | None:
    """Titles and other texts of course.yaml, module.yaml and resources.yaml: the target language's line
    of each text is replaced or added; nothing else in the file changes."""
    original = file_el.get("original") or ""
    source_path = yamls.get(original)
    if source_path is None:
        diags.error("xliff-page", f"'{original}' is not a YAML file of this course", file=path, line=file_el.sourceline)
        return None
    source_text = source_path.read_text(encoding="utf-8")
    targets = _unit_targets(
        file_el,
        yaml_units(default)(source_text),
        yaml_targets(source_text, default, lang),
        source_path.name,
        path,
        diags,
        v2,
        q,
        (default, lang),
    )
    if not targets:
        return None
    text = apply_yaml(source_text, default, lang, targets)
    recorded = file_el.get(f"{{{SMAB}}}fingerprint")
    if source_path.name == GLOSSARY and recorded and re.fullmatch(r"[0-9a-f]{12}", recorded):
        text = glossary_with_record(text, lang, recorded)  # translated from this version of the glossary
    try:
        yaml.safe_load(text)
    except yaml.YAMLError:  # never write a file that no longer reads
        diags.error(
            "xliff-unit",
            f"the translations would break {original}: edit it by hand",
            file=path,
            line=file_el.sourceline,
        )
        return None
    return source_path, text


def _front_matter_reads(text: str) -> bool:
    end = text.find("\n---", 3) if text.startswith("---\n") else -1
    if end < 0:
        return True  # a page without front matter stays one (validate reports it)
    try:
        return isinstance(yaml.safe_load(text[4 : end + 1]), dict)
    except yaml.YAMLError:
        return False


def _with_fingerprint(text: str, value: str | None) -> str:
    if not value or not re.fullmatch(r"[0-9a-f]{12}", value) or not text.startswith("---\n"):
        return text
    end = text.find("\n---", 3)
    head, rest = text[:end], text[end:]
    line = f"translated_from: {value}"
    if re.search(r"^translated_from:.*$", head, re.MULTILINE):
        head = re.sub(r"^translated_from:.*$", line, head, flags=re.MULTILINE)
    else:
        head += "\n" + line
    return head + rest
