"""``resources.yaml``: the course's resource bank.

Official services and documents a learner is pointed to, each with a
localised title and description, a country, the languages it is written in,
a topic and the audiences it serves. Pages show the bank with a
``::: resources`` block, link to one resource with ``[text](resource:id)``,
and ``smab-pack build -f cc`` packages it as an IMS Common Cartridge.

This model is the single source of truth: it validates the file and generates
``schemas/resources.schema.json``. What a JSON Schema cannot say (topics and
audiences that exist, unique ids, files that exist inside the course folder)
is checked by ``smab_pack.loading.resources``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints, field_validator, model_validator

from smab_pack.models.course import Identifier, LanguageTag, LocalizedText, Strict

#: partner countries of the SMAB project, and the European Union
COUNTRIES = ("NO", "ES", "DE", "PL", "GR", "EU")
Country = Literal["NO", "ES", "DE", "PL", "GR", "EU"]
HTTPS_URL = r"^https://[^\s/?#]+\S*$"


class Resource(Strict):
    """One resource: a web address or a file of the course folder."""

    # Editors learn the rule the validator below enforces: url or file, never both.
    model_config = ConfigDict(json_schema_extra={"oneOf": [{"required": ["url"]}, {"required": ["file"]}]})

    id: Identifier = Field(description="Names the resource in links ([text](resource:id)) and in packages.")
    title: LocalizedText
    description: LocalizedText = Field(description="One short sentence: what the learner finds there.")
    url: Annotated[str, StringConstraints(pattern=HTTPS_URL)] | None = Field(
        None, description="The address, https:// only. Give url or file, not both."
    )
    file: Annotated[str, StringConstraints(min_length=1)] | None = Field(
        None,
        description="A file in the course folder, relative to it (e.g. assets/checklist.pdf); "
        "packaged with the course. Give url or file, not both.",
    )
    country: Country = Field(
        description="Where the resource applies: NO, ES, DE, PL, GR, or EU for the whole "
        'European Union. Quote it ("NO"): in YAML 1.1 a bare NO means false.'
    )
    language: list[LanguageTag] = Field(
        min_length=1, description="BCP 47 tags of the languages the resource itself is in, e.g. [nb, en]."
    )
    topic: Identifier = Field(description="One of the ids under topics:.")
    audience: list[Identifier] = Field(min_length=1, description="Ids under audiences: that it serves.")

    @field_validator("url", mode="before")
    @classmethod
    def _https_only(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip().lower().startswith("https://"):
            raise ValueError(
                "use an https:// address: http:// and other schemes are refused "
                "(an LMS served over HTTPS blocks or warns about them)"
            )
        return value

    @field_validator("country", mode="before")
    @classmethod
    def _bare_no(cls, value: Any) -> Any:
        # YAML 1.1 (PyYAML) reads an unquoted NO as false: the Norway problem.
        return "NO" if value is False else value

    @model_validator(mode="after")
    def _url_or_file(self) -> Resource:
        if (self.url is None) == (self.file is None):
            raise ValueError("give exactly one of url (a web address) or file (a file in the course folder)")
        return self


class ResourceBank(Strict):
    """``resources.yaml``: topics and audiences with their labels, then the resources."""

    topics: dict[Identifier, LocalizedText] = Field(
        default_factory=dict, description="Topic ids and their labels (shown in the topic filter), in order."
    )
    audiences: dict[Identifier, LocalizedText] = Field(
        default_factory=dict, description="Audience ids and their labels (shown in the audience filter), in order."
    )
    resources: list[Resource] = Field(description="The resources, in the order they are listed.")

    def get(self, resource_id: str) -> Resource | None:
        return next((r for r in self.resources if r.id == resource_id), None)

    def files(self) -> list[str]:
        """Course-relative paths of the bundled files."""
        return [r.file for r in self.resources if r.file]
