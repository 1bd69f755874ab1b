"""Every diagnostic code the core reports, with what it means and how to fix
it, and ``LintRule``, the type of a documented code (and of a lint rule). Plugins
document theirs through the ``smab_lint_rules`` hook; ``smab-pack rules`` lists
them all and docs/lint-rules.md is generated from it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smab_pack.diagnostics import Diagnostics
    from smab_pack.models.content import LocalizedCourse


@dataclass(frozen=True)
class LintRule:
    """A documented diagnostic code. With ``check`` it is a lint rule run over
    the parsed course; without, it documents a code reported while loading,
    parsing (``scope="course"``) or checking a package (``scope="package"``)."""

    code: str
    summary: str
    fix: str
    check: Callable[[LocalizedCourse, Diagnostics], None] | None = None
    severity: str = "warning"
    scope: str = "course"


def rules_from(scope: str, rows: list[tuple[str, str, str, str]]) -> list[LintRule]:
    """Document codes from (code, severity, summary, fix) rows."""
    return [LintRule(code, summary, fix, severity=severity, scope=scope) for code, severity, summary, fix in rows]


COURSE = rules_from(
    "course",
    [
        ("not-a-course", "error", "The path is not a course folder.", "Point to the folder that holds course.yaml."),
        (
            "missing-file",
            "error",
            "A file the course needs or references does not exist.",
            "Create the file, or correct the path (paths are relative to the page).",
        ),
        (
            "unreadable-file",
            "error",
            "A file or folder cannot be read (permissions, a folder where a file belongs, a pipe or device).",
            "Check the permissions; put an ordinary file (or folder) there.",
        ),
        ("encoding", "error", "A text file is not UTF-8.", "Save the file as UTF-8 in your editor."),
        (
            "yaml-syntax",
            "error",
            "YAML cannot be parsed at the line shown.",
            "The usual cause is a ': ' inside a text that is not quoted (title: Basics: the start), which "
            'reads as a second key: put the text in double quotes (title: "Basics: the start"). Otherwise '
            "check indentation (spaces, never tabs), colons and quotes on that line and the one before.",
        ),
        (
            "yaml-duplicate-key",
            "error",
            "A key appears twice in the same YAML mapping; one value would be lost.",
            "Keep one of the two lines.",
        ),
        ("yaml-too-large", "error", "A YAML file or front matter is larger than 1 MB.", "Split it or remove data."),
        ("yaml-too-deep", "error", "YAML nests more than 40 levels.", "Flatten the structure."),
        (
            "yaml-aliases",
            "error",
            "YAML aliases (*name) expand to more than 10,000 values, or an alias refers to the "
            "value it is part of (a 'billion laughs' file).",
            "Write the values out, or use fewer aliases.",
        ),
        (
            "control-character",
            "error",
            "A text, value or file name holds a control character (NUL, escape, form "
            "feed…); packages and LMSs cannot carry it.",
            "Delete the invisible character; only tab and new line are allowed.",
        ),
        (
            "broken-symlink",
            "error",
            "A symlink in the course is a loop or points to nothing.",
            "Replace the symlink with the file or folder itself, or remove it.",
        ),
        (
            "unknown-key",
            "error",
            "A key the format does not know (often a typo).",
            "Use one of the keys listed in the hint; see docs/course-format.md.",
        ),
        ("missing-key", "error", "A required key is missing.", "Add the key named in the message."),
        (
            "invalid-value",
            "error",
            "A value has the wrong type or is out of range.",
            "Correct the value as the message says (e.g. mastery_score from 0 to 100).",
        ),
        ("schema", "error", "A YAML file is not a mapping of keys to values.", "Write key: value lines."),
        ("empty-course", "error", "modules/ holds no module folders.", "Add a module folder with a module.yaml."),
        ("empty-module", "error", "A module folder has no pages.", "Add NN-slug.LANG.md pages or remove the folder."),
        (
            "invalid-id",
            "error",
            "A module or page id (from its folder or file name) is not a plain identifier.",
            "Rename it with lower-case letters, digits and hyphens, starting with a letter.",
        ),
        ("duplicate-id", "error", "Two modules, pages or questions share an id.", "Rename one of them."),
        (
            "block-contract",
            "error",
            "A block's questions or media break the interaction contract (an id that is not plain, "
            "a correct answer that is not one of the choices…), so no LMS could record them.",
            "Fix what the message names; if the block's source is right, report it to the block type's plugin.",
        ),
        (
            "reserved-id",
            "error",
            "A module or page id starts with smab-, a prefix kept for the learner run-time "
            "(its own elements are called smab-…).",
            "Rename the folder or file (any id not starting with smab-).",
        ),
        (
            "page-name",
            "error",
            "A Markdown file's name does not say its language.",
            "Name pages NN-slug.LANG.md, e.g. 01-welcome.en.md.",
        ),
        ("page-too-large", "error", "A page is larger than 2 MB or has more than 20,000 lines.", "Split the page."),
        (
            "markdown-too-complex",
            "error",
            "A page's paragraphs hold so many link brackets, emphasis marks or lines "
            "that they cannot be real text (bracket soup), and would take seconds to parse.",
            "Split the page, or escape literal marks (\\[, \\*).",
        ),
        (
            "unknown-language",
            "error",
            "A page or option names a language the course does not have.",
            "Add the language to languages in course.yaml, or rename the file.",
        ),
        (
            "no-catalogue",
            "warning",
            "A course language has no run-time catalogue: the learner's buttons and messages are in English.",
            "Copy the English catalogue to locales/<tag>/messages.po in a language plugin and translate it "
            "(docs/languages.md).",
        ),
        (
            "language-tag",
            "error",
            "A language in a file name (captions) is not a registered BCP 47 tag.",
            "Use the tag of a course language, e.g. en, nb, pt-BR.",
        ),
        (
            "missing-source-page",
            "error",
            "A translation exists but the default-language page does not.",
            "Add the page in the default language.",
        ),
        (
            "front-matter",
            "error",
            "A page does not start with YAML front matter between '---' lines.",
            "Start the page with ---, title: …, ---.",
        ),
        (
            "broken-link",
            "error",
            "A link points to a page or file that does not exist.",
            "Correct the file name; links to pages use the page's file name.",
        ),
        (
            "broken-anchor",
            "error",
            "A link points to a heading anchor that does not exist.",
            "Use one of the anchors listed in the hint.",
        ),
        (
            "path-escape",
            "error",
            "A file, folder, link or image leads outside the course folder (.., an absolute "
            "path, a symlink to elsewhere); smab-pack never reads files from outside the course.",
            "Copy the file into the course (e.g. assets/) and link to it there.",
        ),
        (
            "unsafe-link",
            "error",
            "A link uses a scheme other than http, https, mailto or tel.",
            "Link to a web page or a file of the course.",
        ),
        (
            "insecure-link",
            "warning",
            "A link uses http: an LMS served over HTTPS may block or warn about it.",
            "Use https:// if the site supports it.",
        ),
        (
            "remote-image",
            "warning",
            "An image is loaded from the web and will not show offline or inside some LMSs.",
            "Download the image into assets/ (if its licence allows) and link to it there.",
        ),
        (
            "image-alt",
            "warning",
            "An image has no alt text, so screen-reader users miss it.",
            "Write what the image shows: ![a map of the registration steps](file.svg).",
        ),
        (
            "unsafe-html",
            "warning",
            "Raw HTML with scripts, event handlers or javascript: URLs was removed.",
            "Use Markdown or a block type; set raw_html: trusted only for HTML you wrote.",
        ),
        (
            "reserved-name",
            "warning",
            "Raw HTML gives an id or class starting with smab-, kept for the learner "
            "run-time; it is removed (an error when raw_html is trusted, as the HTML is then published as written).",
            "Rename the id or class (any name not starting with smab-).",
        ),
        (
            "trusted-unsafe-html",
            "warning",
            "Unsafe raw HTML is published as written because raw_html is trusted.",
            "Make sure you wrote that HTML; remove raw_html: trusted otherwise.",
        ),
        (
            "svg-active-content",
            "warning",
            "An SVG asset holds something that could run or load content in the LMS's "
            "origin (script, event handler, foreignObject, javascript: link, outside reference); the package gets the "
            "drawing without it.",
            "Export the drawing as plain SVG, without scripts, links or embedded HTML.",
        ),
        (
            "svg-invalid",
            "error",
            "An SVG asset is not a well-formed SVG document, so it cannot be made safe to package.",
            "Export it again from the drawing program, or use a PNG.",
        ),
        (
            "active-asset",
            "error",
            "A file the course packages is HTML, JavaScript or XML with markup: opened from the "
            "package it would run in the LMS's origin.",
            "Offer it as a .zip or a PDF, or link to it on the web.",
        ),
        (
            "translation-structure",
            "error",
            "A translated page's quizzes differ from the source page: questions, "
            "types, number of answers, which answers are correct, or points.",
            "Keep the same questions, answers, correct marks, points and order; translate only the text.",
        ),
        (
            "block-nested",
            "error",
            "A block (::: quiz, ::: video, ::: note…) stands inside another block, a quote "
            "or a list, where it would be shown as plain text and its questions never graded.",
            "Close the outer block first, or move the block out of the quote or list.",
        ),
        (
            "block-unclosed",
            "error",
            "A ::: block is not closed, so the rest of the page became part of it.",
            "End the block with a line of ::: (as many colons as opened it).",
        ),
        (
            "unknown-block",
            "error",
            "A ::: line names no block type (a misspelt ::: quizz or ::: info): the page would show it as "
            "plain text and lose what the block holds.",
            "Use a block type smab-pack plugins lists; the hint names the closest one.",
        ),
        (
            "missing-translation",
            "warning",
            "A page has no version in a course language; the default language is shown.",
            "Translate the page (add NN-slug.LANG.md).",
        ),
        (
            "unknown-format",
            "error",
            "smab-pack build -f names a format no plugin provides.",
            "Use one of the installed formats (smab-pack plugins).",
        ),
        (
            "unknown-lms",
            "error",
            "lms: in course.yaml names an LMS preset no plugin provides.",
            "Use one of the presets smab-pack plugins lists (moodle, canvas, ilias, blackboard, chamilo, scorm-cloud, "
            "open-edx, talentlms), or remove lms:.",
        ),
        (
            "lms-format-skipped",
            "warning",
            "build --multilingual with an LMS preset leaves out the preset's formats "
            "that package one language at a time (the resource bank's cartridge).",
            "Build that format on its own, without --multilingual: smab-pack build COURSE --lms NAME -f FORMAT.",
        ),
        (
            "lms-setting-overridden",
            "warning",
            "course.yaml sets a packaging: value that differs from what the LMS "
            "preset needs; the course's value is used.",
            "Remove the setting from course.yaml to use the preset's, or keep it if you know the platform accepts it.",
        ),
        (
            "extra-page-id",
            "error",
            "A page file has the id of a page a plugin adds, e.g. course-evaluation, the page that course.yaml's "
            "evaluation: makes.",
            "Rename the page file.",
        ),
        (
            "evaluation-unsupported",
            "error",
            "course.yaml has an evaluation: form, but no plugin makes its page (the built-in survey plugin does).",
            "Switch the survey plugin back on (remove it from SMAB_DISABLE), or remove evaluation:.",
        ),
        (
            "bad-country",
            "error",
            "smab-pack build --country is not a two-letter ISO 3166-1 code (or EU).",
            "Write the partner country in capitals: --country NO, ES, DE, PL, GR.",
        ),
        (
            "multilingual-format",
            "error",
            "build --multilingual names a format that packages one language at a time (cc).",
            "Build that format without --multilingual; it writes one package per language.",
        ),
        (
            "unknown-topic",
            "error",
            "A resource in resources.yaml names a topic not declared under topics:.",
            "Declare the topic, with its label in every language, or use one listed in the hint.",
        ),
        (
            "unknown-audience",
            "error",
            "A resource in resources.yaml names an audience not declared under audiences:.",
            "Declare the audience, with its label in every language, or use one listed in the hint.",
        ),
        (
            "unknown-resource",
            "error",
            "A link resource:ID, or a term's resources: in glossary.yaml, names no resource of resources.yaml.",
            "Use the id of a resource in resources.yaml (listed in the hint), or add the resource.",
        ),
        (
            "unknown-term",
            "error",
            "An explicit glossary mark [text]{term=ID} in a page, or a term's see_also: in glossary.yaml, "
            "names no term of glossary.yaml (or the course has no glossary.yaml).",
            "Use the id of a term in glossary.yaml (listed in the hint), or add the term.",
        ),
        (
            "glossary-untranslated",
            "warning",
            "A term in glossary.yaml has no term or no definition in a course language: a learner reading "
            "the course in it sees the word marked with nothing to explain it.",
            "Add the text for that language (smab-pack translate exports it with the other texts).",
        ),
        (
            "untranslated-resource",
            "warning",
            "A resource, topic or audience in resources.yaml has no text in a course "
            "language; learners see another language's.",
            "Add the text for that language.",
        ),
        (
            "untranslated-branding",
            "warning",
            "branding: in course.yaml has a footer text or a logo's alt text without a text in a course language; "
            "learners see the default language's.",
            "Add the text for that language (smab-pack translate exports it with the other texts).",
        ),
        (
            "unknown-rule",
            "warning",
            "lint.disable names a code smab-pack does not know.",
            "Use a code from docs/lint-rules.md.",
        ),
        (
            "xliff-syntax",
            "error",
            "An imported file is not well-formed XLIFF 2.0 or 1.2.",
            "Export again, or fix the XML.",
        ),
        (
            "xliff-unsafe",
            "error",
            "An imported XLIFF file declares a DTD or entities (a way to attack XML readers), in whatever encoding.",
            "Save the file from the CAT tool again without a DOCTYPE.",
        ),
        ("xliff-too-large", "error", "An imported XLIFF file is larger than 50 MB.", "Split it."),
        (
            "xliff-language",
            "error",
            "The XLIFF file's languages do not match the course: its target is the source "
            "language, a language the course does not have or no language tag, or its files disagree.",
            "Import into the course it was exported from.",
        ),
        ("xliff-page", "error", "The XLIFF file names a page the course does not have.", "Export again."),
        (
            "xliff-unit",
            "error",
            "A unit of the XLIFF file does not match the page (the source changed?), its codes "
            "are broken, or its target has a line break where the text is one line (titles, headings, cells).",
            "Export again and carry the translations over in the CAT tool; keep titles and headings on one line.",
        ),
        (
            "xliff-inline-codes",
            "error",
            "A target adds, drops or changes an inline code of its source (a link, its target, formatting).",
            "Copy the codes from the source into the target and move them; type only words.",
        ),
        (
            "untranslated",
            "warning",
            "translate import: units of a file have no target, or a target that is the source's own prose (a "
            "title, heading, paragraph, item, quote or caption of three words or more); the page keeps the "
            "source's text there and translate status counts it as untranslated.",
            "Translate the units the message names and import again.",
        ),
        ("not-empty", "error", "smab-pack new was given a folder that is not empty.", "Choose a new folder."),
    ],
)

PACKAGE = rules_from(
    "package",
    [
        ("not-found", "error", "The package file does not exist.", "Check the path."),
        (
            "not-a-file",
            "error",
            "The path is a folder, a pipe, a device or a socket, not a package file.",
            "Save the package (.zip) or its manifest to a file and check that file.",
        ),
        (
            "unreadable-package",
            "error",
            "The package file cannot be opened or read (permissions?).",
            "Check the file's permissions.",
        ),
        ("empty-file", "error", "The package file is empty (0 bytes).", "Download or export the package again."),
        (
            "not-a-zip",
            "error",
            "The file is not a readable zip (nor an XML manifest).",
            "Re-export the package from its authoring tool.",
        ),
        ("too-large", "error", "A bare manifest is larger than 10 MB.", "This is not a real manifest."),
        (
            "no-manifest",
            "error",
            "No imsmanifest.xml, cmi5.xml or tincan.xml at the zip root.",
            "Export the package as SCORM, cmi5 or xAPI.",
        ),
        (
            "web-package",
            "warning",
            "check was given smab-pack's web build (index.html, no manifest): a site for a web server, not an "
            "LMS package; it is told apart from a failing package and not checked further.",
            "Serve it over HTTP (smab-pack preview COURSE -f web does); for an LMS build -f scorm12, scorm2004, "
            "xapi or cmi5.",
        ),
        (
            "manifest-not-at-root",
            "error",
            "The manifest is inside a folder of the zip; Moodle refuses the package.",
            "Zip the contents of the course folder, not the folder itself.",
        ),
        (
            "zip-unsafe-name",
            "error",
            "An entry name is absolute, uses '..' or backslashes (zip slip), or has control characters.",
            "Do not use this package; re-create it with plain relative names.",
        ),
        (
            "zip-duplicate-name",
            "error",
            "Two entries have the same name; LMSs keep one at random.",
            "Re-create the zip.",
        ),
        (
            "zip-name-clash-dot",
            "error",
            "Two entry names differ only by './' or '//' segments: both extract to one file.",
            "Rename one of them and re-create the zip.",
        ),
        (
            "zip-name-clash-unicode",
            "error",
            "Two entry names differ only in Unicode normalisation (NFC/NFD): macOS and "
            "many LMSs store them as one file.",
            "Rename one of them and re-create the zip.",
        ),
        (
            "zip-name-clash-case",
            "error",
            "Two entry names differ only in letter case: on Windows and macOS servers one overwrites the other.",
            "Rename one of them and re-create the zip.",
        ),
        (
            "zip-file-folder-clash",
            "error",
            "An entry is a file and other entries need a folder of the same name.",
            "Rename the file or the folder and re-create the zip.",
        ),
        (
            "zip-name-invalid-utf8",
            "error",
            "An entry name is marked as UTF-8 but is not valid UTF-8.",
            "Re-create the zip with a tool that writes UTF-8 names.",
        ),
        (
            "zip-header-mismatch",
            "error",
            "An entry's local header is missing or disagrees with the central directory "
            "(name or method): tools would extract different files.",
            "Do not use this package; re-create the zip.",
        ),
        (
            "zip-overlap",
            "error",
            "Entries share bytes in the file (the overlapping-entries zip bomb) or run into the central directory.",
            "Do not use this package.",
        ),
        (
            "zip-method",
            "warning",
            "An entry uses a compression method other than stored or deflate; not every LMS unpacks it.",
            "Re-create the zip with deflate.",
        ),
        (
            "zip-symlink",
            "error",
            "An entry is a symbolic link; LMSs refuse or mis-handle them.",
            "Replace the link with the file itself.",
        ),
        (
            "zip-encrypted",
            "error",
            "An entry is encrypted; no LMS can read it.",
            "Re-create the zip without a password.",
        ),
        (
            "zip-name-encoding",
            "warning",
            "An entry name is not marked as UTF-8; LMSs may garble it.",
            "Re-create the zip with a tool that writes UTF-8 names.",
        ),
        (
            "zip-bomb",
            "error",
            "The package, or one entry, expands far beyond its size (a zip bomb, also one made of many "
            "small entries) or past the 4 GiB limit.",
            "Do not use this package.",
        ),
        ("zip-too-many-entries", "error", "The zip has more than 50,000 entries.", "Do not use this package."),
        ("zip-unreadable", "error", "An entry cannot be decompressed.", "Re-create the zip."),
        (
            "launch-unsafe-scheme",
            "error",
            "A launch URL (SCORM resource href, cmi5 AU url, TinCan launch) or listed "
            "file uses a scheme that runs code or is no file (javascript:, data:, vbscript:, file:…).",
            "Launch a file inside the package by a relative path.",
        ),
        (
            "launch-outside-package",
            "error",
            "A launch URL or listed file leaves the package ('..', an absolute path), or "
            "a SCO is on another host, where it cannot reach the LMS's API.",
            "Launch a file inside the package by a relative path.",
        ),
        ("xml-syntax", "error", "The manifest is not well-formed XML.", "Fix the XML at the line shown."),
        (
            "xml-entities",
            "error",
            "The manifest has a DOCTYPE, DTD or entities (a way to attack XML readers), in whatever encoding.",
            "Remove the DOCTYPE; manifests do not need one.",
        ),
        ("unknown-manifest", "error", "The XML is not a SCORM, cmi5 or TinCan manifest.", "Check the file."),
        ("xsd", "error", "The manifest breaks the XSD given with --schemas.", "Fix the element or attribute named."),
        (
            "schema-missing",
            "warning",
            "--schemas lacks a file this manifest needs, or the schemas do not compile.",
            "Add the XSD files of that standard to the folder.",
        ),
        (
            "schema-none",
            "warning",
            "No XSD exists for this kind of manifest (TinCan); structural checks only.",
            "Nothing to do.",
        ),
    ],
)
