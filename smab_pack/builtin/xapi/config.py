"""The xapi plugin's ``course.yaml`` sections: ``packaging.xapi`` and ``packaging.cmi5``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from smab_pack.api import ConfigSection


class XapiOptions(ConfigSection):
    """xAPI and cmi5 packages: the statements' activity ids and the partner country."""

    activity_base: Annotated[str, Field(pattern=r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")] = Field(
        "urn:smab-pack:",
        description="IRI prefix of the course's xAPI activity ids: the course is <activity_base><id>, "
        "pages and questions hang below it. Use a domain you control, e.g. https://example.org/xapi/.",
    )
    country: Annotated[str, Field(pattern=r"^([A-Z]{2}|EU)$")] | None = Field(
        None,
        description="Partner country (ISO 3166-1 alpha-2, or EU) that every statement carries for "
        "`smab-pack report`; `smab-pack build --country` sets it per build, a `country` launch "
        "parameter per launch.",
    )


class Cmi5Options(ConfigSection):
    """cmi5 packages: how the LMS launches the course and when it counts it done."""

    move_on: Literal["NotApplicable", "Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed"] | None = Field(
        None,
        description="When the LMS counts the AU as done. Default: CompletedAndPassed with graded "
        "quizzes, Completed without.",
    )
    launch_method: Literal["AnyWindow", "OwnWindow"] = "AnyWindow"
    au_per: Literal["course", "module"] = Field(
        "course", description="One AU for the whole course, or one AU per module (each tracked on its own)."
    )


SECTIONS = {"xapi": XapiOptions, "cmi5": Cmi5Options}
