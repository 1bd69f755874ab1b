"""JSON Schemas for editors and CI, generated from the pydantic models."""

from __future__ import annotations

import json

from pydantic import BaseModel

from smab_pack.models.course import CourseConfig, ModuleConfig, PageFrontMatter
from smab_pack.models.glossary import Glossary
from smab_pack.models.resources import ResourceBank

MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "course.schema.json": (CourseConfig, "smab-pack course.yaml"),  # with the plugins' packaging: sections
    "module.schema.json": (ModuleConfig, "smab-pack module.yaml"),
    "page.schema.json": (PageFrontMatter, "smab-pack page front matter"),
    "resources.schema.json": (ResourceBank, "smab-pack resources.yaml"),
    "glossary.schema.json": (Glossary, "smab-pack glossary.yaml"),
}


def generate() -> dict[str, str]:
    from smab_pack import plugins

    out = {}

    for name, (declared, title) in MODELS.items():
        model: type[BaseModel] = plugins.course_config_model() if declared is CourseConfig else declared
        schema = model.model_json_schema(mode="validation")
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": name, **schema, "title": title}
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return out
