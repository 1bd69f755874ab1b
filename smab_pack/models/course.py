"""What authors write: ``course.yaml``, ``module.yaml`` and page front matter.

These models generate the JSON Schemas in ``schemas/`` (``smab-pack schemas``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    create_model,
    model_validator,
)

from smab_pack.models.subtags import LANGUAGES, REGIONS, SCRIPTS

if TYPE_CHECKING:
    from smab_pack.models.colours import LowContrast


def is_language_tag(tag: str) -> bool:
    """A well-formed BCP 47 tag whose subtags are in the IANA registry (langcodes knows it):
    'en', 'nb', 'pt-BR', 'sr-Latn'; not 'xx', 'en-AB' or 'english'. LMSs, xAPI language maps
    and screen readers all rely on the tag being real."""
    if _plain_tag(tag):
        return True
    import langcodes  # its registry data is most of a small build's imports: only for rarer tags

    return langcodes.tag_is_valid(tag)


def _plain_tag(tag: str) -> bool:
    """language[-Script][-REGION] of common subtags (models/subtags.py), written as registered."""
    language, *rest = tag.split("-")
    if language not in LANGUAGES or len(rest) > 2:
        return False
    if rest and rest[0] in SCRIPTS:
        rest = rest[1:]
    return not rest or (len(rest) == 1 and rest[0] in REGIONS)


def _registered(tag: str) -> str:
    if not is_language_tag(tag):
        raise ValueError(f"'{tag}' is not a registered BCP 47 language tag (e.g. en, nb, pt-BR)")
    return tag


LanguageTag = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
    AfterValidator(_registered),
    Field(description="A BCP 47 language tag, e.g. 'en', 'nb', 'pt-BR'."),
]

# Identifiers end up as XML IDs (NCName) in manifests and in IRIs: keep them plain.
Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=64),
    Field(description="Lower-case letters, digits and single hyphens, starting with a letter."),
]

LocalizedText = Annotated[
    str | dict[LanguageTag, Annotated[str, StringConstraints(min_length=1)]],
    Field(description="One text for every language, or a mapping from language tag to text."),
]


def localize(text: LocalizedText | None, lang: str, fallback: str) -> str:
    """The text for ``lang``, falling back to ``fallback`` then to any text."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    for candidate in (lang, lang.split("-")[0], fallback):
        if candidate in text:
            return text[candidate]
    return next(iter(text.values()), "")


def localize_all(text: LocalizedText | None, languages: list[str], first: str) -> list[tuple[str, str]]:
    """(language, text) for every language that has its own text, ``first`` first.

    Manifests carry every language so that an LMS shows the title in the learner's.
    """
    if text is None:
        return []
    if isinstance(text, str):
        return [(first, text)]
    order = [first] + [lang for lang in languages if lang != first]
    order += [lang for lang in text if lang not in order]
    return [(lang, text[lang]) for lang in order if lang in text]


class Strict(BaseModel):
    # Unknown keys are errors: a typo must not silently drop a setting.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ConfigSection(Strict):
    """The base of a plugin's ``packaging.<name>`` section (``smab_config_sections``): unknown keys
    are errors, strings are stripped. The class docstring's first paragraph describes the
    section in schemas/course.schema.json."""


S = TypeVar("S", bound=BaseModel)


class Author(Strict):
    name: str = Field(min_length=1)
    organisation: str | None = None
    email: str | None = None


class PackagingOptions(Strict):
    """``packaging:``: one section per plugin setting, each declared by its plugin through the
    ``smab_config_sections`` hook (``packaging.scorm`` by the scorm plugin, …).

    This base holds no section: :func:`course_model` builds the real model from the sections
    the registered plugins declare, with unknown keys as errors like everywhere else."""

    def section(self, name: str, model: type[S]) -> S:
        """The validated ``packaging.<name>`` section, typed: ``packaging.section("scorm", ScormOptions)``.

        Its defaults when no registered plugin declares ``name`` (its plugin is switched off)."""
        value = getattr(self, name, None)
        return value if isinstance(value, model) else model()


class LintOptions(Strict):
    disable: list[str] = Field(default_factory=list, description="Codes of lint rules and warnings to switch off.")


class EvaluationQuestion(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")] = Field(
        description="Stable id: SCORM interactions and xAPI statements are keyed by it."
    )
    type: Literal["likert", "text"] = Field(
        "likert", description="likert: strongly disagree … strongly agree (five points); text: an open answer."
    )
    text: LocalizedText


#: the id of the page ``evaluation:`` becomes; the survey plugin makes it (``smab_extra_pages``)
EVALUATION_PAGE_ID = "course-evaluation"


class Evaluation(Strict):
    """A course-end evaluation form: a survey on a last page of its own."""

    title: LocalizedText | None = Field(None, description="Page title. Default: 'Course evaluation', translated.")
    intro: LocalizedText | None = Field(None, description="A sentence above the questions.")
    questions: list[EvaluationQuestion] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_are_unique(self) -> Evaluation:
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("two evaluation questions have the same id")
        return self


HEX_COLOUR = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _hex_colour(value: object) -> object:
    # One clear message, not pydantic's pattern plus "not a dictionary" for the {light, dark} form.
    if isinstance(value, str) and not HEX_COLOUR.match(value.strip()):
        raise ValueError(f"'{value}' is not a colour: write #rgb or #rrggbb, e.g. '#1f5fbf'")
    return value


Colour = Annotated[
    str,
    StringConstraints(pattern=HEX_COLOUR.pattern),
    BeforeValidator(_hex_colour),
    Field(description="A colour as #rgb or #rrggbb, e.g. '#1f5fbf'."),
]


class ThemedColour(Strict):
    light: Colour = Field(description="The colour in the light theme.")
    dark: Colour | None = Field(
        None, description="The colour when the learner's device asks for a dark theme. Default: the run-time's own."
    )


def _themed(value: object) -> object:
    """'#123456' is {light: '#123456'}: one model to validate, so an error names only what is wrong."""
    return {"light": _hex_colour(value)} if isinstance(value, str) else value


ColourSetting = Annotated[
    ThemedColour,
    BeforeValidator(_themed, json_schema_input_type=Colour | ThemedColour),
    Field(description="One colour for the light theme, or {light: …, dark: …}."),
]


class BrandColours(Strict):
    """Colours of the run-time a partner may set (CSS custom properties); the `low-contrast` rule
    checks every text/background pair they are drawn in, light and dark."""

    accent: ColourSetting | None = Field(
        None, description="Links, outlined buttons, the filled buttons' background, the progress bar, focus rings."
    )
    accent_text: ColourSetting | None = Field(None, description="Text on the filled (accent) buttons.")
    header_background: ColourSetting | None = Field(None, description="Background of the page header.")
    header_text: ColourSetting | None = Field(None, description="The course title and status in the header.")

    def overrides(self, scheme: str) -> dict[str, tuple[str, str]]:
        """Custom property → (colour, branding key) in ``scheme`` ("light" or "dark"), as written."""
        from smab_pack.models.colours import PROPERTIES

        found: dict[str, tuple[str, str]] = {}
        for key, prop in PROPERTIES.items():
            value = getattr(self, key)
            colour = None if value is None else value.light if scheme == "light" else value.dark
            if colour is not None:
                found[prop] = (colour.lower(), key)
        return found


class Logo(Strict):
    file: str = Field(
        min_length=1,
        description="The logo's file, relative to the course folder (PNG, JPEG, GIF, WebP or SVG), "
        "e.g. assets/logos/partner.svg.",
    )
    alt: LocalizedText = Field(description="What the logo says, for screen readers (usually the partner's name).")
    link: Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$")] | None = Field(
        None, description="The partner's web site (https://…), opened by the logo."
    )


class Footer(Strict):
    """What every page and the results view show at the bottom."""

    eu_emblem: bool = Field(
        False,
        description="Draw the EU emblem with the funding statement beside it (results of EU-funded projects must carry "
        "both, never apart: docs/course-format.md).",
    )
    funding: LocalizedText | None = Field(
        None,
        description="The funding statement beside the emblem, e.g. 'Co-funded by the European Union' (the EU publishes "
        "it in every EU language).",
    )
    text: LocalizedText | None = Field(
        None, description="A paragraph below, e.g. the funder's disclaimer. Plain text, translatable."
    )

    @model_validator(mode="after")
    def _emblem_has_its_statement(self) -> Footer:
        if self.eu_emblem and self.funding is None:
            raise ValueError(
                "eu_emblem: true needs funding: the statement beside the emblem "
                "(e.g. 'Co-funded by the European Union'); the two always go together"
            )
        return self


class Branding(Strict):
    """A partner's logos and colours, and the footer (funding acknowledgement) on every page."""

    logos: list[Logo] = Field(default_factory=list, description="Partner logos, shown in the footer, in this order.")
    colours: BrandColours = Field(default_factory=BrandColours)
    footer: Footer = Field(default_factory=Footer)

    def low_contrast(self) -> list[LowContrast]:
        """The text/background pairs the theme draws below WCAG's 4.5:1 with these colours (light, dark)."""
        from smab_pack.models.colours import SCHEMES, low_contrast

        return low_contrast({scheme: self.colours.overrides(scheme) for scheme in SCHEMES})

    @property
    def has_footer(self) -> bool:
        return bool(self.logos or self.footer.eu_emblem or self.footer.funding or self.footer.text)


Attempts = Annotated[int, Field(ge=1, le=100)] | Literal["unlimited"]
ShowAnswersSetting = Literal["never", "after-last-attempt", "always"]


class GradedQuizDefaults(Strict):
    """``quizzes.graded``: the rules of a graded quiz (one that counts towards the score) that does not set its own."""

    attempts: Attempts = Field(2, description="Attempts a learner has: a number from 1 to 100, or 'unlimited'.")
    show_answers: ShowAnswersSetting = Field(
        "after-last-attempt",
        description="When the right answers are shown after checking: never, after-last-attempt or always.",
    )


class PracticeQuizDefaults(Strict):
    """``quizzes.practice``: the rules of a practice quiz (graded=false) that does not set its own."""

    attempts: Attempts = Field(
        "unlimited", description="Attempts a learner has: a number from 1 to 100, or 'unlimited'."
    )
    show_answers: ShowAnswersSetting = Field(
        "always", description="When the right answers are shown after checking: never, after-last-attempt or always."
    )


class QuizDefaults(Strict):
    """``quizzes:``: the attempt rules of quizzes that do not set their own (``::: quiz … {attempts=3}``)."""

    graded: GradedQuizDefaults = Field(default_factory=GradedQuizDefaults)
    practice: PracticeQuizDefaults = Field(default_factory=PracticeQuizDefaults)


class CourseConfig(Strict):
    """``course.yaml``: the course as a whole."""

    id: Identifier = Field(
        description="Root of every identifier in the packages. Never change it after publishing: "
        "LMSs match re-uploaded packages to existing grades by it."
    )
    version: Annotated[str, Field(pattern=r"^\d+(\.\d+){0,2}([-+][0-9A-Za-z.-]+)?$")] = Field(
        description="Version of the course, e.g. 1.0.0."
    )
    title: LocalizedText
    description: LocalizedText | None = None
    languages: list[LanguageTag] = Field(min_length=1, description="Languages the course is built in.")
    default_language: LanguageTag | None = Field(
        None, description="Language used when a page has no translation. Default: the first language."
    )
    help_languages: list[LanguageTag] = Field(
        default_factory=list,
        description="Course languages a learner may pick in the page header to read aids in (the glossary's "
        "term and definition), besides the course language, e.g. [ar, uk] in a Norwegian build. "
        "`smab-pack build --help-language` overrides it; a multilingual package carries every course language.",
    )
    fallbacks: dict[LanguageTag, list[LanguageTag]] = Field(
        default_factory=dict,
        description="Languages to show, in order, when a page lacks a translation, before "
        "the default language. E.g. {nn: [nb]} shows Bokmål where Nynorsk is missing.",
    )
    authors: list[Author] = Field(default_factory=list)
    licence: str | None = Field(None, description="SPDX licence identifier, e.g. CC-BY-SA-4.0.")
    mastery_score: Annotated[float, Field(ge=0, le=100)] = Field(
        80, description="Percentage of graded quiz points needed to pass."
    )
    next_steps: LocalizedText | None = Field(
        None,
        description="What to do after the course, shown in the results view at the end (e.g. whom to "
        "contact, where to register the business). One paragraph of plain text, translatable.",
    )
    raw_html: Literal["sanitise", "trusted"] = Field(
        "sanitise",
        description="Raw HTML in pages is sanitised (no scripts, event handlers or javascript: "
        "URLs); 'trusted' passes it through unchanged. Only trust HTML you wrote yourself.",
    )
    evaluation: Evaluation | None = Field(
        None,
        description="Course-end evaluation form, defined once here: the last page of the course, "
        "in every language (made by the survey plugin); answers are recorded, never scored.",
    )
    lms: Identifier | None = Field(
        None,
        description="LMS preset (smab-pack plugins lists them, e.g. moodle, canvas, open-edx): the formats "
        "and packaging settings that platform needs; `smab-pack build --lms NAME` overrides it. Settings written "
        "under packaging: win over the preset's.",
    )
    packaging: PackagingOptions = Field(
        default_factory=PackagingOptions,
        description="Settings of the formats and other plugins, one section each (packaging.scorm, "
        "packaging.xapi …), each declared by its plugin; `smab-pack plugins` lists them.",
    )
    branding: Branding = Field(
        default_factory=Branding,
        description="Partner logos, colours and the footer with the funding acknowledgement (docs/course-format.md).",
    )
    lint: LintOptions = Field(default_factory=LintOptions)
    quizzes: QuizDefaults = Field(
        default_factory=QuizDefaults,
        description="Attempt rules of the quizzes that set none: graded quizzes 2 attempts, the answers shown "
        "after the last; practice quizzes unlimited, the answers always shown.",
    )

    @model_validator(mode="after")
    def _default_language_is_a_course_language(self) -> CourseConfig:
        if self.default_language is None:
            self.default_language = self.languages[0]
        elif self.default_language not in self.languages:
            raise ValueError(f"default_language '{self.default_language}' is not one of languages {self.languages}")
        if len(set(self.languages)) != len(self.languages):
            raise ValueError("languages lists a language twice")
        for lang, chain in self.fallbacks.items():
            unknown = [tag for tag in [lang, *chain] if tag not in self.languages]
            if unknown:
                raise ValueError(f"fallbacks name {', '.join(unknown)}, which is not a course language")
        return self

    def fallback_chain(self, lang: str) -> list[str]:
        """Where to look, in order, for a page missing in ``lang``."""
        chain = [other for other in self.fallbacks.get(lang, []) if other != lang]
        return chain + ([self.lang] if self.lang not in chain else [])

    @property
    def lang(self) -> str:
        assert self.default_language is not None
        return self.default_language


class ModuleConfig(Strict):
    """``module.yaml``: one module."""

    id: Identifier | None = Field(None, description="Module id; default: the folder name without its numeric prefix.")
    title: LocalizedText
    description: LocalizedText | None = None


class PageFrontMatter(Strict):
    """The YAML front matter at the top of a page."""

    title: str = Field(min_length=1)
    description: str | None = None
    translated_from: Annotated[str, Field(pattern=r"^[0-9a-f]{12}$")] | None = Field(
        None,
        description="In a translation: the fingerprint of the source page it was translated from "
        "(written by smab-pack translate; a different fingerprint means the translation is stale).",
    )


def packaging_model(sections: Mapping[str, type[BaseModel]]) -> type[PackagingOptions]:
    """``packaging:`` with one field per declared section, in name order (the schema does not
    depend on the order plugins were installed in)."""
    fields: dict[str, Any] = {
        name: (model, Field(default_factory=model, description=_first_paragraph(model.__doc__)))
        for name, model in sorted(sections.items())
    }
    doc = (
        "Settings of the formats and other plugins: one section per plugin that declares one; unknown keys are errors."
    )
    return create_model("PackagingOptions", __base__=PackagingOptions, __doc__=doc, **fields)


@lru_cache(maxsize=8)
def _course_model(sections: tuple[tuple[str, type[BaseModel]], ...]) -> type[CourseConfig]:
    packaging = packaging_model(dict(sections))
    field = CourseConfig.model_fields["packaging"]
    return create_model(
        "CourseConfig",
        __base__=CourseConfig,
        __doc__=CourseConfig.__doc__,
        packaging=(packaging, Field(default_factory=packaging, description=field.description)),
    )


def course_model(sections: Mapping[str, type[BaseModel]]) -> type[CourseConfig]:
    """``course.yaml``'s model with the registered plugins' ``packaging:`` sections (built once per set)."""
    return _course_model(tuple(sorted(sections.items())))


def _first_paragraph(doc: str | None) -> str | None:
    return " ".join(doc.strip().split("\n\n")[0].split()) if doc else None


def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema(mode="validation")
