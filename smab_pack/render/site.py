"""Render the course for one language (or several): index.html (the shell, with the first page),
one fragment per page and language, the run-time, the assets."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from importlib.resources import files

from jinja2 import PackageLoader, StrictUndefined
from markupsafe import Markup

from smab_pack.i18n import plural_script
from smab_pack.models.colours import SCHEMES, theme
from smab_pack.models.content import LocalizedCourse, ProseBlock
from smab_pack.models.course import QuizDefaults, localize
from smab_pack.models.interactions import TEXT_KINDS, Assessment, Interaction, Media
from smab_pack.models.language import Language
from smab_pack.render.blocks import BlockType, RenderContext
from smab_pack.render.minify import shipped_css, shipped_js
from smab_pack.render.rendered import RenderedSite
from smab_pack.render.templates import environment

_runtime = files("smab_pack") / "runtime"
_env = environment(
    PackageLoader("smab_pack", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
)


def runtime_assets(
    block_types: dict[str, BlockType], used: set[str] | None = None, minify: bool = True, extra_css: str = ""
) -> tuple[str, str]:
    """(smab.js, smab.css): the core run-time followed by the code of the block
    types the course uses (all of them when ``used`` is None), then ``extra_css`` (the course's
    branding). Learners on slow connections do not download a video player for a course without
    videos. Each file is minified on its own (render/minify.py), so that its result is kept for the
    next build."""
    js = [(_runtime / name).read_text(encoding="utf-8") for name in ("state.js", "core.js")]
    css = [(_runtime / "core.css").read_text(encoding="utf-8")]
    for name in sorted(block_types):
        if used is not None and name not in used:
            continue
        if block_types[name].js:
            js.append(block_types[name].js)
        if block_types[name].css:
            css.append(block_types[name].css)
    if extra_css:
        css.append(extra_css)
    return "".join(shipped_js(s, minify) for s in js), "".join(shipped_css(s, minify) for s in css)


def script_json(data: object) -> str:
    """JSON to embed in <script type="application/json">: no text of the course can end the element
    or change how HTML parses it (</script>, <!--, <script) once <, > and & are \\u escapes. They only
    occur inside JSON strings, where the escape means the same character; U+2028/2029 likewise."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def page_path(lang: str, page_id: str) -> str:
    """Where a page's body in one language is in the package (core.js builds the same path)."""
    return f"pages/{lang}/{page_id}.js"


def edition_path(lang: str) -> str:
    """Where another language's shell and texts are in a multilingual package (core.js likewise)."""
    return f"pages/{lang}.js"


def fragment_js(kind: str, *args: object) -> bytes:
    """A fragment as a script that hands its content to the run-time, ``SMAB.page(id, lang, html)``
    or ``SMAB.edition(lang, texts, html)``: a <script src> loads on file:// (where fetch() of a
    local file is refused) as well as over HTTP and in any LMS frame. The arguments are JSON, with
    the escapes of script_json, so no text of the course is ever code (docs/security.md)."""
    return f"SMAB.{kind}({','.join(script_json(a) for a in args)});\n".encode()


def fingerprint(*parts: object) -> str:
    """4 base64url characters (24 bits of SHA-256): how saved state names a page, a video or a
    question, so that it finds them again in another version of the course (state.js)."""
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).digest()
    return base64.urlsafe_b64encode(digest[:3]).decode()


def _question_fingerprint(key: str, i: Interaction) -> str:
    # A text answer fits the question whatever its accepted answers; a choice answer only the same choices.
    return fingerprint("question", key, i.answer_shape, [] if i.kind in TEXT_KINDS else [c.id for c in i.choices])


def interaction_data(page_id: str, i: Interaction) -> dict:
    """One interaction as the run-time reads it (SMAB.data.questions; docs/plugins.md)."""
    key = f"{page_id}.{i.id}"
    return {
        "key": key,
        "page": page_id,
        "block": i.block,
        "kind": i.kind,
        "multiple": i.multiple,
        "text": i.text,
        "choices": [c.id for c in i.choices],
        "labels": [c.label for c in i.choices],
        "targets": [t.id for t in i.targets],
        "targetLabels": [t.label for t in i.targets],
        "correct": list(i.correct),
        "accepted": list(i.accepted),
        "caseMatters": i.case_matters,
        "tolerance": i.tolerance,
        "pairs": [list(p) for p in i.pairs],
        "range": i.range.model_dump() if i.range is not None else None,
        "pattern": i.patterns(),
        "points": i.points or 0,  # 0, not 0.0: saved-state versions hash it as they always did
        "graded": i.graded,
        "fp": _question_fingerprint(key, i),
    }


def media_data(page_id: str, m: Media) -> dict:
    """One video or audio as the run-time reads it (SMAB.data.media)."""
    key = f"{page_id}.{m.id}"
    return {
        "key": key,
        "page": page_id,
        "id": m.id,
        "block": m.block,
        "kind": m.kind,
        "required": m.required,
        "threshold": m.threshold,
        "fp": fingerprint(m.kind, key),
    }


def group_data(page_id: str, n: int, a: Assessment, defaults: QuizDefaults) -> dict:
    """A block's attempt rules and pool as the run-time applies them (SMAB.data.groups), the
    course's defaults (course.yaml quizzes:) filled in: attempts 0 is unlimited."""
    default = defaults.graded if a.graded else defaults.practice
    attempts = a.attempts if a.attempts is not None else default.attempts
    key = f"{page_id}.{a.id}"
    return {
        "key": key,
        "page": page_id,
        "group": n,
        "block": a.block,
        "attempts": 0 if attempts == "unlimited" else attempts,
        "show": a.show_answers or default.show_answers,
        "draw": a.draw or 0,
        "shuffle": [w for w, on in (("questions", a.shuffle_questions), ("options", a.shuffle_options)) if on],
        "items": [[f"{page_id}.{i}" for i in item] for item in a.items],
        "fp": fingerprint("group", key),
    }


def runtime_data(course: LocalizedCourse, strings: dict[str, str | list[str]]) -> dict:
    pages: list[dict] = []
    questions, media, groups = [], [], []
    interactions: list[Interaction] = []
    for module in course.modules:
        for page in module.pages:
            pages.append({"id": page.id, "module": module.id, "title": page.title, "fp": fingerprint("page", page.id)})
            if page.aid:  # not needed to complete the course (the glossary)
                pages[-1]["aid"] = True
            for n, block in enumerate(page.blocks):
                media += [media_data(page.id, m) for m in block.media()]
                rules = block.assessment()
                if rules is not None:
                    groups.append(group_data(page.id, n, rules, course.config.quizzes))
                for i in block.interactions():
                    # group: the block on its page (a quiz), for the per-quiz results
                    questions.append({**interaction_data(page.id, i), "group": n})
                    interactions.append(i)
    # Version-1 saved state was positional; this key tells the run-time when it no longer fits the course.
    # (Media join the shape only when there are some: older courses keep their key.)
    shape = json.dumps(
        [[q["key"], len(i.choices) + len(i.accepted)] for q, i in zip(questions, interactions, strict=True)]
        + [len(pages)]
        + ([[m["key"] for m in media]] if media else [])
    )
    config = course.config
    # Saved state names what it holds by fingerprint (state.js); these two tell it whose course it
    # is and whether it is this very version, as far as the score goes (points, answers, mastery).
    version = json.dumps(
        [
            config.mastery_score,
            [p["fp"] for p in pages],
            [m["fp"] for m in media],
            [
                [q["fp"], q["points"], q["graded"], i.correct_key()]
                for q, i in zip(questions, interactions, strict=True)
            ],
            # pools change which questions count (only when a course draws: older ones keep their shape)
            *[[g["fp"], g["draw"], len(g["items"])] for g in groups if g["draw"]],
        ],
        ensure_ascii=False,
    )
    return {
        "course": {
            "id": config.id,
            "version": config.version,
            "title": course.title,
            "lang": course.lang,
            "mastery": config.mastery_score / 100,
            "stateKey": hashlib.sha256(shape.encode()).hexdigest()[:6],  # version-1 states
            "cid": fingerprint("course", config.id),
            "shape": hashlib.sha256(version.encode()).hexdigest()[:6],
            # the xapi plugin's packaging.xapi.country (none when that plugin is switched off): in the
            # run-time data, not the xAPI adapter's own settings, so that every package's site is the same
            "country": getattr(getattr(config.packaging, "xapi", None), "country", None),
        },
        "pages": pages,
        "questions": questions,
        "media": media,
        "groups": groups,
        "strings": strings,
    }


@dataclass
class Edition:
    """The course in one language, as the template renders it."""

    course: LocalizedCourse
    lang: Language
    s: dict
    blocks: dict[str, list[str]]
    index: dict[str, int]
    #: text direction of pages shown in a fallback language
    fallback_dir: dict[str, str]
    #: course.yaml's next_steps in this language ("" if none): the results view shows it
    next_steps: str = ""
    #: the help languages the learner may pick in the header (LocalizedCourse.help_languages)
    help: list[Language] = field(default_factory=list)
    #: whether a page has a video or audio (the caption-size control)
    media: bool = False
    #: course.yaml's branding footer in this language (None: the course has none)
    footer: Footer | None = None
    #: block types that put HTML on some page of their own accord (BlockType.page_html)
    aids: set[str] = field(default_factory=set)

    def body(self, page_id: str) -> Markup:
        """A page's content below its heading: what its fragment holds (already sanitised HTML)."""
        return Markup("\n".join(self.blocks[page_id]))


@dataclass
class FooterLogo:
    href: str
    alt: str
    link: str | None


@dataclass
class Footer:
    """branding: in one language, as the shell's footer shows it on every page and the results view."""

    emblem: bool
    funding: str
    text: str
    logos: list[FooterLogo]


def _footer(course: LocalizedCourse) -> Footer | None:
    branding = course.config.branding
    if not branding.has_footer:
        return None
    lang, fallback = course.lang, course.config.lang
    hrefs = [asset.href for asset in course.logos]
    return Footer(
        emblem=branding.footer.eu_emblem,
        funding=localize(branding.footer.funding, lang, fallback),
        text=localize(branding.footer.text, lang, fallback),
        logos=[
            FooterLogo(href, localize(logo.alt, lang, fallback), logo.link)
            for logo, href in zip(branding.logos, hrefs, strict=False)
        ],
    )


def branding_css(course: LocalizedCourse) -> str:
    """The footer's styles when the course has one, and branding.colours as the custom properties
    core.css draws with, light then dark ("" for a course without branding)."""
    branding = course.config.branding
    colours = branding.colours
    rules = [(_runtime / "branding.css").read_text(encoding="utf-8").strip()] if branding.has_footer else []
    for scheme in SCHEMES:
        written = {prop: colour for prop, (colour, _) in colours.overrides(scheme).items()}
        if written.keys() & {"head-bg", "head-fg"}:  # both, so the header's status is drawn in head-fg too
            values = theme(scheme, written)
            written.update({"head-bg": values["head-bg"], "head-fg": values["head-fg"]})
        if written:
            body = ":root{" + ";".join(f"--{prop}:{colour}" for prop, colour in sorted(written.items())) + "}"
            rules.append(body if scheme == "light" else f"@media (prefers-color-scheme:dark){{{body}}}")
    return "\n".join(rules)


def _direction(tag: str, languages: dict[str, Language]) -> str:
    language = languages.get(tag) or languages.get(tag.split("-")[0])
    return language.direction if language else "ltr"


def _edition(
    course: LocalizedCourse,
    language: Language,
    strings: dict,
    block_types: dict[str, BlockType],
    languages: dict[str, Language],
    editions: tuple[str, ...] = (),
) -> Edition:
    blocks: dict[str, list[str]] = {}
    aids = {name: t for name, t in block_types.items() if type(t).page_html is not BlockType.page_html}
    shown: set[str] = set()
    for page in course.pages:
        ctx = RenderContext(
            course=course, language=language, strings=strings, page_id=page.id, languages=languages, editions=editions
        )
        tops = [(name, aid.page_html(ctx)) for name, aid in sorted(aids.items())]
        shown.update(name for name, html in tops if html)
        blocks[page.id] = [html for _, html in tops if html] + [
            block.html if isinstance(block, ProseBlock) else block_types[block.kind].render(block, ctx)
            for block in page.blocks
        ]
    return Edition(
        course,
        language,
        strings,
        blocks,
        {p.id: i for i, p in enumerate(course.pages)},
        {p.id: _direction(p.fallback_from, languages) for p in course.pages if p.fallback_from},
        localize(course.config.next_steps, course.lang, course.config.lang),
        [languages.get(tag) or Language(tag=tag, name=tag, english_name=tag) for tag in course.help_languages],
        any(block.media() for page in course.pages for block in page.blocks),
        _footer(course),
        shown,
    )


def _language_data(course: LocalizedCourse, language: Language, strings: dict) -> dict:
    """What changes when the learner switches language: texts, never structure or ids."""
    data = runtime_data(course, strings)
    return {
        "dir": language.direction,
        "title": course.title,
        "strings": strings,
        "pages": [p["title"] for p in data["pages"]],
        "questions": {
            q["key"]: {"text": q["text"], "labels": q["labels"], "targetLabels": q["targetLabels"]}
            for q in data["questions"]
        },
    }


def unrendered_site(editions: list[tuple[LocalizedCourse, Language, dict[str, str | list[str]]]]) -> RenderedSite:
    """The site ``render_site`` would give, without its files: for formats that package only
    ``site.course`` (``Format.renders`` False)."""
    course, language, _ = editions[0]
    return RenderedSite(course=course, language=language, lang=language.tag if len(editions) == 1 else "mul")


def render_site(
    editions: list[tuple[LocalizedCourse, Language, dict[str, str | list[str]]]],
    block_types: dict[str, BlockType],
    languages: dict[str, Language] | None = None,
    minify: bool = True,
) -> RenderedSite:
    """Render one language, or several in one package with a language switcher
    (the first is shown first; the others wait in <template> elements). ``languages`` are the
    registry's, for what a page names in another language (a fallback page, a caption track).
    ``minify`` False keeps the run-time as written (``build --no-minify``, the preview)."""
    languages = languages if languages is not None else {lang.tag: lang for _, lang, _ in editions}
    tags = tuple(language.tag for _, language, _ in editions)
    rendered = [
        _edition(course, language, strings, block_types, languages, tags) for course, language, strings in editions
    ]
    course, language, strings = editions[0]
    data = runtime_data(course, strings)
    fragments: dict[str, bytes] = {}
    if len(editions) > 1:
        # The language opened first travels in the shell; another one's texts and shell arrive when
        # the learner switches to it (pages/<lang>.js); until then the switcher needs only its direction.
        data["langs"] = {lang.tag: {"dir": lang.direction} for _, lang, _ in editions}
        data["langs"][language.tag] = _language_data(course, language, strings)
        shell = _env.get_template("edition.html.j2").module.edition  # type: ignore[attr-defined]
        for (c, lang, s), edition in zip(editions[1:], rendered[1:], strict=True):
            fragments[edition_path(lang.tag)] = fragment_js(
                "edition", lang.tag, _language_data(c, lang, s), str(shell(edition, rendered, None))
            )
    for edition in rendered:
        for page in edition.course.pages:
            fragments[page_path(edition.lang.tag, page.id)] = fragment_js(
                "page", page.id, edition.lang.tag, str(edition.body(page.id))
            )
    inline = course.pages[0].id if course.pages else None
    html = _env.get_template("index.html.j2").render(editions=rendered, data_json=script_json(data), inline=inline)
    # the blocks on the pages, and those whose code grades a question (one block may hand some to another)
    blocks = [block for edition_course, _, _ in editions for page in edition_course.pages for block in page.blocks]
    used = {block.kind for block in blocks} | {i.block for block in blocks for i in block.interactions()}
    used |= {a.block for a in (block.assessment() for block in blocks) if a is not None}
    used.update(name for edition in rendered for name in edition.aids)
    js, css = runtime_assets(block_types, used, minify, branding_css(course))
    site = RenderedSite(
        course=course, language=language, lang=language.tag if len(editions) == 1 else "mul", minify=minify
    )
    site.files["index.html"] = html.encode("utf-8")
    site.files["smab.js"] = js.encode("utf-8")
    site.files["smab.css"] = css.encode("utf-8")
    site.files["i18n.js"] = plural_script([lang for _, lang, _ in editions]).encode("utf-8")
    site.files.update(fragments)
    for edition_course, _, _ in editions:
        for asset in [*edition_course.assets(), *edition_course.logos]:
            site.files[asset.href] = asset.source
    return site
