"""`smab-pack new -l en -l es` (issue 11, point 4): the other languages' texts are left for translators,
never copies of the source; the YAML files point an editor at the schemas, which the new course carries."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import yaml

from smab_pack.diagnostics import Diagnostics
from smab_pack.loading.course_loader import load_course
from smab_pack.plugins import course_config_model
from smab_pack.schemas import generate
from smab_pack.translation.status import State, translation_status
from smab_pack.translation.yaml_texts import apply_yaml, yaml_targets


def test_new_leaves_other_languages_untranslated_and_carries_the_schemas(tmp_path):
    made = subprocess.run(
        [sys.executable, "-m", "smab_pack", "new", "c", "-l", "en", "-l", "es", "--title", "Start: a business"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert made.returncode == 0, made.stderr
    course = tmp_path / "c"
    course_yaml = (course / "course.yaml").read_text(encoding="utf-8")
    module_yaml = (course / "modules/01-introduction/module.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(course_yaml)
    assert data["title"] == {"en": "Start: a business"}  # no 'es' copy of the English title
    assert data["description"].keys() == {"en"}
    assert yaml.safe_load(module_yaml)["title"] == {"en": "Introduction"}
    assert "# es: (untranslated" in course_yaml and "# es: (untranslated" in module_yaml
    assert not list(course.glob("modules/*/*.es.md"))  # no page copied into Spanish either
    # an editor finds the schemas from the first line; they are the installed version's own
    assert course_yaml.splitlines()[0] == "# yaml-language-server: $schema=schemas/course.schema.json"
    assert module_yaml.splitlines()[0] == "# yaml-language-server: $schema=../../schemas/module.schema.json"
    for name, text in generate().items():
        assert (course / "schemas" / name).read_text(encoding="utf-8") == text
    assert json.loads((course / "schemas/course.schema.json").read_text())["title"] == "smab-pack course.yaml"
    assert "docs/" not in course_yaml  # a pip-installed user has no docs/ folder to follow
    diags = Diagnostics()
    source = load_course(course, diags, config_model=course_config_model())
    assert source is not None and not diags.has_errors
    # nothing for Spanish is counted done: the pages are missing, the YAML texts untranslated
    (status,) = translation_status(source, ["es"])
    states = {p.page: p.state for p in status.pages}
    assert states == {
        "welcome": State.MISSING,
        "check": State.MISSING,
        "course.yaml": State.UNTRANSLATED,
        "modules/01-introduction/module.yaml": State.UNTRANSLATED,
    }
    assert next(p for p in status.pages if p.page == "course.yaml").untranslated == ["title", "description"]
    # importing a translation replaces the placeholder line instead of leaving it beside the new text
    written = apply_yaml(course_yaml, "en", "es", {"title": "Empezar: un negocio"})
    assert yaml_targets(written, "en", "es") == {"title": "Empezar: un negocio"}
    assert "# es: (untranslated" in written  # the description's, still untranslated
    assert written.count("# es: (untranslated") == 1
