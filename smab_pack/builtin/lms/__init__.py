"""LMS presets: what `smab-pack build --lms NAME` builds for each platform partners run.

Every quirk names where it is written down: the platform's own documentation, source code
or issue tracker (Moodle's are summarised in ../shared/conformance/FACTS.md). Where no
source was found the quirk says so, and the preset takes the conservative choice: SCORM
1.2, one AU, no format the platform is not documented to take.
"""

from __future__ import annotations

from smab_pack.api import LmsPreset, LmsQuirk, hookimpl

MOODLE_SCORM = "https://github.com/moodle/moodle/blob/main/mod/scorm/"
MOODLE_CC = "https://github.com/moodle/moodle/blob/main/backup/cc/"
OPENEDX_XBLOCK = "https://github.com/overhangio/openedx-scorm-xblock/blob/master/"
NOT_SOURCED = ()  # no source found: the preset takes the conservative choice

PRESETS = [
    LmsPreset(
        name="moodle",
        title="Moodle 4.x (mod_scorm; course restore for cartridges)",
        formats=("scorm12",),
        bank_format="cc11",
        settings={"scorm": {"score_before_completion": False}},
        quirks=(
            LmsQuirk(
                text="SCORM 1.2: Moodle claims SCORM 1.2 run-time conformance only; its SCORM 2004 sequencing "
                "is partial and its maintainer stopped SCORM 2004 work in 2013.",
                sources=(
                    MOODLE_SCORM + "README.txt",
                    "https://danmarsden.com/blog/2013/05/06/stopping-work-on-scorm-2004",
                ),
            ),
            LmsQuirk(
                text="imsmanifest.xml must be at the root of the zip (Moodle refuses it in a subfolder); every "
                "smab-pack package has it there and `smab-pack check` says so.",
                sources=(MOODLE_SCORM + "lib.php",),
            ),
            LmsQuirk(
                text="'Mastery score overrides status' is on by default: a score sent before every page is "
                "seen makes the attempt 'passed' with pages unread, so no score is sent before completion "
                "(packaging.scorm.score_before_completion: false, stated even though it is the default).",
                sources=(MOODLE_SCORM + "settings.php",),
            ),
            LmsQuirk(
                text="Moodle 4.5's SCORM 2004 player was seen posting the whole data model in one keep-alive "
                "request while the page unloads (smab-pack issue 16; not found in Moodle's source), and "
                "browsers refuse keep-alive bodies over 64 KiB: another reason for SCORM 1.2.",
                sources=("https://fetch.spec.whatwg.org/#http-network-or-cache-fetch",),
            ),
            LmsQuirk(
                text="cmi5 needs the plugin mod_cmi5launch (not in core Moodle): not built.",
                sources=("https://github.com/adlnet/Moodle-mod_cmi5launch",),
            ),
            LmsQuirk(
                text="Cartridges: Moodle's restore converts Common Cartridge 1.0 and 1.1 only (cc11). It makes "
                "each item under the root a section, the first one 'General', with the item's title as the "
                "section's summary, never its name (its intermediate Moodle 1.9 backup has no section "
                "names), pasted unescaped: cc11 adds an empty first item and escapes topic titles once. It "
                "opens every web link embedded in the page (display 'Embed'), whatever the cartridge asks.",
                sources=(
                    MOODLE_CC + "cc2moodle.php",
                    MOODLE_CC + "sheets/course_sections_section.xml",
                    MOODLE_CC + "entity11.resource.class.php",
                    "https://github.com/moodle/moodle/blob/main/mod/url/backup/moodle1/lib.php",
                ),
            ),
        ),
    ),
    LmsPreset(
        name="canvas",
        title="Canvas LMS (SCORM through Canvas's SCORM tool)",
        formats=("scorm12",),
        bank_format="cc",
        quirks=(
            LmsQuirk(
                text="Upload the package through the SCORM entry of the course navigation; links to SCORM "
                "content placed in pages stopped working when Canvas moved to signed launch links (2021).",
                sources=(
                    "https://community.canvaslms.com/t5/The-Product-Blog/SCORM-to-Require-Signed-Launch-"
                    "Links/bc-p/470023/highlight/true",
                ),
            ),
            LmsQuirk(
                text="Which SCORM editions Canvas's SCORM tool plays was not found in Canvas's documentation: "
                "SCORM 1.2, the conservative choice.",
                sources=NOT_SOURCED,
            ),
            LmsQuirk(
                text="cmi5 support in Canvas was not found in Canvas's documentation: not built.", sources=NOT_SOURCED
            ),
            LmsQuirk(
                text="Cartridges: Canvas makes each item under the root item a module named by its title "
                "(one module per topic of the resource bank) and reads web links with their namespaces "
                "removed, so Common Cartridge 1.3 (cc), without the empty first item the Moodle version has.",
                sources=(
                    "https://github.com/instructure/canvas-lms/blob/master/lib/cc/importer/standard/org_converter.rb",
                    "https://github.com/instructure/canvas-lms/blob/master/lib/cc/importer/standard/"
                    "weblink_converter.rb",
                ),
            ),
        ),
    ),
    LmsPreset(
        name="ilias",
        title="ILIAS (SCORM/AICC learning module; xAPI/cmi5 object)",
        formats=("scorm12", "cmi5"),
        settings={"cmi5": {"au_per": "course"}},
        quirks=(
            LmsQuirk(
                text="ILIAS imports ready-made SCORM packages as a SCORM/AICC learning module; SCORM 1.2, the "
                "conservative choice (no ILIAS source on its SCORM 2004 player was found).",
                sources=("https://iliastutorials.com/learning-module-scorm-presentation-mode",),
            ),
            LmsQuirk(
                text="ILIAS's xAPI/cmi5 object supports cmi5 with one Assignable Unit only: one AU for the "
                "whole course (packaging.cmi5.au_per: course).",
                sources=(
                    "https://docu.ilias.de/go/wiki/wpage_5293_1357",
                    "https://docu.ilias.de/go/wiki/wpage_5295_1357",
                ),
            ),
        ),
    ),
    LmsPreset(
        name="blackboard",
        title="Blackboard Learn (Original course view, SCORM Engine)",
        formats=("scorm2004",),
        settings={"scorm2004": {"edition": "4th"}},
        quirks=(
            LmsQuirk(
                text="The SCORM Engine building block (Rustici's engine) plays SCORM 1.2 and SCORM 2004 up to "
                "4th edition: SCORM 2004 4th edition. The institution must enable it.",
                sources=(
                    "https://help.blackboard.com/Learn/Instructor/Original/Course_Content/Create_Content/"
                    "Add_Content_Packages",
                    "https://help.blackboard.com/Learn/Administrator/Hosting/Tools_Management/"
                    "SCORM_Engine_Content_Player",
                ),
            ),
            LmsQuirk(
                text="Blackboard's help names AICC and Tin Can packages but not cmi5, and has no LRS of its "
                "own: cmi5 and xAPI are not built.",
                sources=(
                    "https://help.blackboard.com/Learn/Instructor/Original/Course_Content/Create_Content/"
                    "Add_Content_Packages",
                ),
            ),
        ),
    ),
    LmsPreset(
        name="chamilo",
        title="Chamilo 1.11 (learning paths)",
        formats=("scorm12",),
        quirks=(
            LmsQuirk(
                text="Chamilo 1.11 supports SCORM 1.2 only; its partial SCORM 2004 support is not guaranteed to work.",
                sources=(
                    "https://docs.chamilo.org/1.11.x-es/manual-del-profesor/estructura_rutas_de_aprendizaje/"
                    "importar_aicc_y_scorm",
                ),
            ),
        ),
    ),
    LmsPreset(
        name="scorm-cloud",
        title="SCORM Cloud (Rustici's hosted player, for testing before partners import)",
        formats=("scorm12", "scorm2004", "cmi5"),
        settings={"scorm2004": {"edition": "4th"}},
        quirks=(
            LmsQuirk(
                text="SCORM Cloud is Rustici's hosted SCORM player; its engine has played cmi5 since release "
                "2016.1: SCORM 1.2, SCORM 2004 4th edition and cmi5, to try each before a partner does.",
                sources=(
                    "http://cloud.scorm.com/doc/web-services/api.html",
                    "http://rustici-docs.s3.amazonaws.com/engine/2016.1.x/index.html",
                ),
            ),
        ),
    ),
    LmsPreset(
        name="open-edx",
        title="Open edX (SCORM XBlock by Overhang.IO, bundled with Tutor)",
        formats=("scorm2004",),
        settings={"scorm2004": {"edition": "4th"}},
        quirks=(
            LmsQuirk(
                text='Open edX plays SCORM through the SCORM XBlock (add "scorm" to the course\'s advanced '
                "module list); native installs need X_FRAME_OPTIONS: SAMEORIGIN.",
                sources=(OPENEDX_XBLOCK + "README.rst",),
            ),
            LmsQuirk(
                text="SCORM 2004: the XBlock counts completion from completion_status; with SCORM 1.2 a "
                "'passed' lesson_status counted as complete only after a 2025 fix.",
                sources=(
                    OPENEDX_XBLOCK + "openedxscorm/scormxblock.py",
                    OPENEDX_XBLOCK + "changelog.d/20250808_091751_sorlanczyk_fix_scrom1_2_completion.md",
                ),
            ),
            LmsQuirk(
                text="The grade is score.raw / 100 (score.scaled is not read): the package reports raw on a "
                "0–100 scale; it launches the first resource with an href (the package's one SCO).",
                sources=(OPENEDX_XBLOCK + "openedxscorm/scormxblock.py",),
            ),
        ),
    ),
    LmsPreset(
        name="talentlms",
        title="TalentLMS",
        formats=("scorm12", "cmi5"),
        settings={"cmi5": {"au_per": "course"}},
        quirks=(
            LmsQuirk(
                text="TalentLMS supports SCORM 1.2 only (not SCORM 2004); the zip must open directly onto "
                "imsmanifest.xml.",
                sources=(
                    "https://help.talentlms.com/hc/en-us/articles/26499696329756-SCORM-in-TalentLMS-"
                    "Overview-Setup-and-Best-Practices",
                ),
            ),
            LmsQuirk(
                text="TalentLMS imports cmi5 packages (xAPI must be enabled for the portal). Whether it "
                "tracks several AUs was not found: one AU for the course.",
                sources=(
                    "https://help.talentlms.com/hc/en-us/articles/9651373731356-How-to-import-and-track-"
                    "cmi5-content-in-TalentLMS",
                ),
            ),
        ),
    ),
]


@hookimpl
def smab_lms_presets():
    return list(PRESETS)
