"""Safe YAML loading that remembers where every value came from.

pydantic reports errors by path (``("authors", 0, "name")``); the composed
YAML node tree turns that path back into a line and column.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from smab_pack.diagnostics import Diagnostics
from smab_pack.loading.chars import describe, first_control, line_and_column
from smab_pack.loading.paths import read_bytes

MAX_YAML_BYTES = 1_000_000
MAX_DEPTH = 40
#: values that aliases (*name) may add in one file: shared settings fit easily, a "billion
#: laughs" (aliases of aliases, each doubling the data) is stopped before it grows
MAX_ALIAS_VALUES = 10_000
CONTROL_HINT = "delete the invisible character (editors show it as a box or ^@); only tab and new line are allowed"

M = TypeVar("M", bound=BaseModel)
# libyaml's safe loader when installed (PyYAML wheels include it), else the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlDocument:
    def __init__(self, data: Any, node: yaml.Node | None, file: Path, line_offset: int = 0):
        self.data = data
        self.node = node
        self.file = file
        self.line_offset = line_offset

    def where(self, *loc: str | int) -> dict[str, Any]:
        """The file, line and column of the value at ``loc``, as a diagnostic's keyword arguments."""
        line, column = self.locate(loc)
        return {"file": self.file, "line": line, "column": column}

    def report_duplicate_ids(self, section: str, ids: list[str], noun: str, diags: Diagnostics) -> None:
        """``duplicate-id`` at each item of ``section`` whose id an earlier item has (naming its line)."""
        first: dict[str, int] = {}
        for index, ident in enumerate(ids):
            if ident in first:
                line, _ = self.locate((section, first[ident], "id"))
                diags.error(
                    "duplicate-id",
                    f"{noun} id '{ident}' is also used on line {line}",
                    **self.where(section, index, "id"),
                    hint=f"{noun} ids must be unique",
                )
            first.setdefault(ident, index)

    def locate(self, loc: tuple) -> tuple[int, int]:
        """1-based (line, column) of the value at pydantic path ``loc``."""
        node = self.node
        best = node
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                nxt = None
                for key, value in node.value:
                    if key.value == part:
                        nxt = value
                        best = key  # point at the key: where the author looks
                        break
                if nxt is None:
                    break
                node = nxt
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(node.value):
                    break
                node = best = node.value[part]
            else:
                break
        if best is None:
            return 1 + self.line_offset, 1
        return best.start_mark.line + 1 + self.line_offset, best.start_mark.column + 1


def _walk(node: yaml.Node, limit: int) -> tuple[int, list[yaml.Node]]:
    """(deepest nesting, keys that repeat a key of the same mapping)."""
    stack = [(node, 1)]
    deepest = 0
    repeated: list[yaml.Node] = []
    while stack:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            break
        if isinstance(current, yaml.MappingNode):
            seen: set = set()
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        repeated.append(key)
                    seen.add(key.value)
                stack.append((value, depth + 1))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((v, depth + 1) for v in current.value)
    return deepest, repeated


def _scan_events(text: str, file: Path, diags: Diagnostics, line_offset: int) -> bool:
    """Before any node is built: count what aliases expand to and look at every scalar
    (escapes such as "\\0" make control characters from plain ASCII). False once reported."""
    loader = _Loader(text)
    sizes: dict[str, int] = {}  # anchor → values under it, once its node is complete
    open_nodes: list[tuple[str | None, int]] = []  # (anchor, values so far) of the collections being read
    added = 0
    ok = True

    def where(event: yaml.Event) -> dict:
        mark = event.start_mark  # the parser marks every event it reads
        if mark is None:
            return {"file": file, "line": 1 + line_offset}
        return {"file": file, "line": mark.line + 1 + line_offset, "column": mark.column + 1}

    def count(values: int) -> None:
        if open_nodes:
            anchor, so_far = open_nodes[-1]
            open_nodes[-1] = (anchor, so_far + values)

    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                if event.anchor not in sizes:
                    diags.error(
                        "yaml-aliases",
                        f"alias *{event.anchor} refers to the value it is part of",
                        hint="YAML aliases may only repeat a finished value",
                        **where(event),
                    )
                    return False
                added += sizes[event.anchor]
                if added > MAX_ALIAS_VALUES:
                    diags.error(
                        "yaml-aliases",
                        f"aliases expand to more than {MAX_ALIAS_VALUES:,} values "
                        "(aliases of aliases multiply the data)",
                        hint="write the values out, or use fewer aliases",
                        **where(event),
                    )
                    return False
                count(sizes[event.anchor])
            elif isinstance(event, yaml.ScalarEvent):
                at = first_control(event.value)
                if at is not None and ok:
                    diags.error(
                        "control-character",
                        f"the value holds the control character {describe(event.value[at])}",
                        hint=CONTROL_HINT,
                        **where(event),
                    )
                    ok = False
                if event.anchor:
                    sizes[event.anchor] = 1
                count(1)
            elif isinstance(event, yaml.CollectionStartEvent):
                open_nodes.append((event.anchor, 1))
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, values = open_nodes.pop()
                if anchor:
                    sizes[anchor] = values
                count(values)
    finally:
        loader.dispose()
    return ok


#: "key: text: more" (a colon and a space inside a text that is not quoted): the usual YAML slip
_COLON_IN_TEXT = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[^\s:#'\"][^:#]*?):\s+(?P<value>[^'\"\s].*?)\s*$")


def syntax_hint(problem: str, line: str) -> str:
    """How to fix a YAML syntax error, for the usual cause first: a ``: `` inside an unquoted text
    (``title: Basics: the start``) reads as a second key. The fix shown is that line, quoted."""
    quote = "put the text in double quotes"
    if "mapping values are not allowed" in problem:
        match = _COLON_IN_TEXT.match(line)
        if match:
            value = match["value"].replace("\\", "\\\\").replace('"', '\\"')
            return (
                f"a ': ' inside a text that is not quoted starts a new key: {quote}, as in "
                f'{match["indent"].strip() + " " if match["indent"].strip() else ""}{match["key"]}: "{value}"'
            )
        return f"a ': ' inside a text that is not quoted starts a new key: {quote}"
    return (
        "check indentation (spaces, never tabs), colons and quotes on this line and the one before; "
        f"a text holding ': ', ' #' or starting with a quote, [, {{, * or & needs quotes: {quote}"
    )


def parse_yaml(text: str, file: Path, diags: Diagnostics, line_offset: int = 0) -> YamlDocument | None:
    """Parse YAML text safely; report syntax errors located in ``file``."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        diags.error("yaml-too-large", f"YAML is larger than {MAX_YAML_BYTES:,} bytes", file=file, line=1 + line_offset)
        return None
    try:
        if not _scan_events(text, file, diags, line_offset):
            return None
    except yaml.YAMLError:
        pass  # reported with its line by the composition below
    # Compose the node tree (marks give lines), then build data from it.
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        deepest, repeated = _walk(node, MAX_DEPTH) if node is not None else (0, [])
        if deepest > MAX_DEPTH:
            diags.error("yaml-too-deep", f"YAML nests deeper than {MAX_DEPTH} levels", file=file, line=1 + line_offset)
            return None
        for key in repeated:
            # PyYAML keeps the last value silently; an author would lose the first.
            diags.error(
                "yaml-duplicate-key",
                f"key '{key.value}' appears twice in the same mapping",
                file=file,
                line=key.start_mark.line + 1 + line_offset,
                column=key.start_mark.column + 1,
            )
        if repeated:
            return None
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else 1 + line_offset
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        source_line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
        diags.error(
            "yaml-syntax",
            f"invalid YAML: {problem}",
            file=file,
            line=line,
            column=column,
            hint=syntax_hint(problem, source_line),
        )
        return None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        diags.error("yaml-syntax", f"invalid YAML: {exc}", file=file, line=1 + line_offset)
        return None
    finally:
        loader.dispose()
    return YamlDocument(data, node, file, line_offset)


def validate_model(model: type[M], doc: YamlDocument, diags: Diagnostics, what: str) -> M | None:
    """Validate YAML data against a pydantic model, reporting every error located."""
    data = doc.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        diags.error("schema", f"{what} must be a mapping of keys to values", file=doc.file, line=1 + doc.line_offset)
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in _most_specific(exc.errors(include_url=False)):
            loc = tuple(err["loc"])
            line, column = doc.locate(_keys_only(loc))
            path = ".".join(str(p) for p in _keys_only(loc)) or what
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                code, msg = "unknown-key", f"unknown key '{path}'"
                keys = sorted(_known_keys(model, loc[:-1]))
                diags.error(code, msg, file=doc.file, line=line, column=column, hint=_unknown_key_hint(loc, keys))
                continue
            if err["type"] == "missing":
                diags.error(
                    "missing-key", f"{what}: required key '{path}' is missing", file=doc.file, line=line, column=column
                )
                continue
            diags.error("invalid-value", f"{path}: {msg}", file=doc.file, line=line, column=column)
        return None


#: how pydantic names the member of a union (str | dict) it tried, in an error's location
_SIMPLE_BRANCHES = {
    "str",
    "int",
    "float",
    "bool",
    "none",
    "list",
    "dict",
    "constrained-str",
    "constrained-int",
    "constrained-float",
    "[key]",
}


def _is_branch(part: Any) -> bool:
    return isinstance(part, str) and (part in _SIMPLE_BRANCHES or "[" in part)


def _keys_only(loc: tuple) -> tuple:
    """The location as the author wrote it: keys and positions, no union members."""
    return tuple(part for part in loc if not _is_branch(part))


def _most_specific(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """For a text that may be a string or a mapping of languages, a wrong key inside the mapping
    also fails the string member ("should be a valid string"): keep only the deeper error."""
    deepest: dict[tuple, int] = {}
    for err in errors:
        loc = tuple(err["loc"])
        for index, part in enumerate(loc):
            if _is_branch(part):
                prefix = _keys_only(loc[:index])
                deepest[prefix] = max(deepest.get(prefix, 0), len(_keys_only(loc)))
                break
    kept = []
    for err in errors:
        loc = tuple(err["loc"])
        branch = next((i for i, part in enumerate(loc) if _is_branch(part)), None)
        if branch is not None and len(_keys_only(loc)) < deepest.get(_keys_only(loc[:branch]), 0):
            continue
        kept.append(err)
    return kept


def _unknown_key_hint(loc: tuple, keys: list[str]) -> str | None:
    """'did you mean …?' with the closest known key (a typo is the usual cause), then every known key."""
    near = difflib.get_close_matches(str(loc[-1]), keys, n=1, cutoff=0.6) if keys else []
    known = f"known keys: {', '.join(keys)}" if keys else None
    if near:
        return f"did you mean '{near[0]}'? {known}"
    return known


def _known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return []
        annotation = field.annotation
        args = getattr(annotation, "__args__", ())
        current = next((a for a in (annotation, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def read_text(
    path: Path,
    diags: Diagnostics,
    *,
    root: Path,
    limit: int = MAX_YAML_BYTES,
    too_large: str = "yaml-too-large",
    what: str = "file",
) -> str | None:
    """Read a UTF-8 text file of the course (inside ``root``, see loading.paths), reporting
    missing, unreadable, too large and badly encoded files and control characters."""
    raw = read_bytes(path, root, diags, limit=limit, what=what)
    if raw is None:
        return None
    if len(raw) > limit:
        diags.error(too_large, f"file is larger than {limit:,} bytes", file=path, line=1)
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        diags.error("encoding", "file is not valid UTF-8", file=path, line=line)
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    at = first_control(text)
    if at is not None:
        line, column = line_and_column(text, at)
        diags.error(
            "control-character",
            f"the text holds the control character {describe(text[at])}",
            file=path,
            line=line,
            column=column,
            hint=CONTROL_HINT,
        )
        return None
    return text
