"""LMS presets: what ``smab-pack build --lms NAME`` builds for one platform (data, not code)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class LmsQuirk(BaseModel):
    """One thing a platform does that a preset answers, with where that is written down."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: what the platform does, and what the preset does about it
    text: str = Field(min_length=1)
    #: the platform's own documentation, source code or issue tracker; empty when no source was
    #: found (the preset then takes the conservative choice, and the docs say so)
    sources: tuple[str, ...] = ()


class LmsPreset(BaseModel):
    """What ``smab-pack build --lms NAME`` (or ``lms: NAME`` in course.yaml) builds for one
    platform: its formats and the ``packaging:`` settings it needs. Presets are data: a plugin
    returns them from ``smab_lms_presets`` and the core applies them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", description="Used with --lms and lms:.")
    title: str = Field(min_length=1, description="The platform, in words, e.g. 'Moodle 4.x'.")
    formats: tuple[str, ...] = Field(min_length=1, description="Formats built (unless -f names others).")
    #: format of the course's resource bank (resources.yaml), built only when the course has one
    bank_format: str | None = None
    #: course.yaml ``packaging:`` values the platform needs, e.g. {"cmi5": {"au_per": "course"}};
    #: values the author wrote in course.yaml win over them (with a warning)
    settings: dict[str, Any] = Field(default_factory=dict)
    quirks: tuple[LmsQuirk, ...] = ()
