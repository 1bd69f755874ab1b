"""The interaction contract holds: the core and the format plugins know no block type and no
question type. Quiz, survey and video reach the run-time and the LMS only through their typed
interactions and media (docs/plugins.md), so a third party's question type is tracked the same way.
A failure names the file, the line and what it names."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import rjsmin

import smab_pack

PACKAGE = Path(smab_pack.__file__).parent
BLOCK_TYPES = ("quiz", "survey", "video")
#: the quiz's own question types, which no run-time core or adapter code may know either
QUIZ_TYPES = ("single", "multiple")
FORMATS = [PACKAGE / "builtin" / name for name in ("scorm", "xapi", "cc", "web")]
#: files allowed to name a block type, and why
ALLOWED = {
    # the registry imports each built-in by its name
    PACKAGE / "plugins.py": "registers the built-ins by name",
    # `smab-pack new` writes a sample course (Markdown with a quiz in it): content, not code that depends on it
    PACKAGE / "scaffold.py": "writes a sample course",
    # the contract's own vocabulary: a Media kind is "video" (or "audio"), whichever block plays it
    PACKAGE / "models" / "interactions.py": "defines the media kinds",
}


def _core_python() -> list[Path]:
    # reporting/ reads LRS statements (the Video Profile's verbs are its input), it builds nothing
    skip = (PACKAGE / "builtin", PACKAGE / "reporting")
    return sorted(p for p in PACKAGE.rglob("*.py") if not any(p.is_relative_to(s) for s in skip))


def _rel(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent)) if path.is_relative_to(PACKAGE.parent) else path.name


def _python_findings(path: Path) -> list[str]:
    found = []
    names = "|".join(BLOCK_TYPES)
    text = path.read_text(encoding="utf-8")
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    for tok in tokens:
        where = f"{_rel(path)}:{tok.start[0]}"
        if tok.type == tokenize.STRING:
            body = re.sub(r"^[rbufRBUF]*(\"\"\"|'''|\"|')|(\"\"\"|'''|\"|')$", "", tok.string)
            if body in BLOCK_TYPES and path not in ALLOWED:
                found.append(f"{where}: the string {tok.string}")
            if re.match(rf"::: ?({names})\b", body) and path not in ALLOWED:
                found.append(f"{where}: writes a ::: block of a block type ({tok.string[:40]})")
        elif tok.type == tokenize.NAME and re.fullmatch(r"(Quiz|Survey|Video)(Block|Type|Question)", tok.string):
            found.append(f"{where}: the name {tok.string}")
    for pattern in (
        rf"^\s*(from|import)\s+smab_pack\.builtin\.({names})\b.*$",
        r"getattr\([^,()]+,\s*[\"'](graded|questions|videos)[\"']",  # reaching into a block's fields
        r"\.runtime_data\(",  # the untyped dict the contract replaced
    ):
        for match in re.finditer(pattern, text, re.MULTILINE):
            found.append(f"{_rel(path)}:{text[: match.start()].count(chr(10)) + 1}: {match[0].strip()}")
    return found


def _js_findings(path: Path, kinds_allowed: bool) -> list[str]:
    """Code only (rjsmin drops the comments, keeps the strings)."""
    code = rjsmin.jsmin(path.read_text(encoding="utf-8"))
    words = [*BLOCK_TYPES, *QUIZ_TYPES]
    if not kinds_allowed:  # the run-time's core switches on no kind either: the blocks do
        words += ["choice", "true-false", "fill-in", "long-fill-in", "likert", "matching", "sequencing", "numeric"]
    patterns = [rf"""["']({"|".join(map(re.escape, words))})["']""", r"\.(survey|watched)\b|\bq\.type\b"]
    return [
        f"{_rel(path)}: {match[0]} in …{code[max(0, match.start() - 40) : match.end() + 20]}…"
        for pattern in patterns
        for match in re.finditer(pattern, code)
    ]


def test_the_core_names_no_block_type():
    found = [f for path in _core_python() for f in _python_findings(path)]
    assert not found, "the core must not know a block type (use Block.interactions()/media()):\n" + "\n".join(found)


def test_the_format_plugins_name_no_block_type():
    found = [f for folder in FORMATS for path in sorted(folder.rglob("*.py")) for f in _python_findings(path)]
    found += [f for folder in FORMATS for path in sorted(folder.rglob("*.js")) for f in _js_findings(path, True)]
    assert not found, "a format must map typed interactions, never block types:\n" + "\n".join(found)


def test_the_run_time_core_knows_no_question_type():
    found = _js_findings(PACKAGE / "runtime" / "core.js", kinds_allowed=False)
    found += _js_findings(PACKAGE / "runtime" / "state.js", kinds_allowed=True)
    assert not found, "core.js grades and records through SMAB.registerBlock only:\n" + "\n".join(found)


def test_the_checks_find_what_they_look_for(tmp_path):
    """The checks above would fail on the couplings this contract replaced."""
    old = tmp_path / "old.py"
    old.write_text(
        'graded = any(getattr(b, "graded", False) for b in blocks)\n'
        'if block.kind == "quiz":\n    data = block.runtime_data()\n'
        "from smab_pack.builtin.survey.model import SurveyBlock\n",
        encoding="utf-8",
    )
    found = _python_findings(old)
    assert len(found) == 5, found
    js = tmp_path / "old.js"
    js.write_text('if (q.survey) x(); if (q.type === "fill-in") y(); z(st.watched); /* "quiz" */\n', encoding="utf-8")
    found = _js_findings(js, kinds_allowed=False)
    assert [f.split(": ")[1].split(" in ")[0] for f in found] == ['"fill-in"', ".survey", "q.type", ".watched"]
