"""Safe YAML loading that remembers where every value came from.

pydantic reports errors by path (``("authors", 0, "name")``); the composed
YAML node tree turns that path back into a line and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from smab_pack.diagnostics import Diagnostics

MAX_YAML_BYTES = 1_000_000
MAX_DEPTH = 40

M = TypeVar("M", bound=BaseModel)
# libyaml's safe loader when installed (PyYAML wheels include it), else the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlDocument:
    def __init__(self, data: Any, node: yaml.Node | None, file: Path, line_offset: int = 0):
        self.data = data
        self.node = node
        self.file = file
        self.line_offset = line_offset

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


def parse_yaml(text: str, file: Path, diags: Diagnostics, line_offset: int = 0) -> YamlDocument | None:
    """Parse YAML text safely; report syntax errors located in ``file``."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        diags.error("yaml-too-large", f"YAML is larger than {MAX_YAML_BYTES:,} bytes", file=file, line=1 + line_offset)
        return None
    # One pass: compose the node tree (marks give lines), then build data from it.
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        deepest, repeated = _walk(node, MAX_DEPTH) if node is not None else (0, [])
        if deepest > MAX_DEPTH:
            diags.error("yaml-too-deep", f"YAML nests deeper than {MAX_DEPTH} levels", file=file, line=1 + line_offset)
            return None
        for key in repeated:
            # PyYAML keeps the last value silently; an author would lose the first.
            diags.error("yaml-duplicate-key", f"key '{key.value}' appears twice in the same mapping", file=file,
                        line=key.start_mark.line + 1 + line_offset, column=key.start_mark.column + 1)
        if repeated:
            return None
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else 1 + line_offset
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        diags.error("yaml-syntax", f"invalid YAML: {problem}", file=file, line=line, column=column)
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
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            line, column = doc.locate(loc)
            path = ".".join(str(p) for p in loc) or what
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                code, msg = "unknown-key", f"unknown key '{path}'"
                known = ", ".join(sorted(_known_keys(model, loc[:-1])))
                diags.error(code, msg, file=doc.file, line=line, column=column, hint=f"known keys: {known}" if known else None)
                continue
            if err["type"] == "missing":
                diags.error("missing-key", f"{what}: required key '{path}' is missing", file=doc.file, line=line, column=column)
                continue
            diags.error("invalid-value", f"{path}: {msg}", file=doc.file, line=line, column=column)
        return None


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


def read_text(path: Path, diags: Diagnostics) -> str | None:
    """Read a UTF-8 text file, reporting missing files and bad encodings."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        diags.error("missing-file", f"file not found: {path.name}", file=path)
        return None
    except OSError as exc:
        diags.error("unreadable-file", f"cannot read file: {exc.strerror}", file=path)
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        diags.error("encoding", "file is not valid UTF-8", file=path, line=line)
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")
