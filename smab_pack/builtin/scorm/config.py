"""The scorm plugin's ``course.yaml`` sections: ``packaging.scorm`` and ``packaging.scorm2004``."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from smab_pack.api import ConfigSection


class ScormOptions(ConfigSection):
    """SCORM 1.2 and SCORM 2004 packages (both run-time adapters)."""

    score_before_completion: bool = Field(
        False,
        description="Send the score (and SCORM 2004's success status) as soon as the graded quizzes are "
        "answered, before every page is seen. Off by default: LMSs that derive the status from the score "
        "(Moodle's 'Mastery score overrides status') would mark a learner passed with pages unread.",
    )


class Scorm2004Options(ConfigSection):
    """SCORM 2004 packages only."""

    edition: Annotated[str, Field(pattern=r"^(3rd|4th)$")] = Field(
        "4th", description="SCORM 2004 edition written in the manifest: '4th' (default) or '3rd'."
    )


SECTIONS: dict[str, type[ConfigSection]] = {"scorm": ScormOptions, "scorm2004": Scorm2004Options}
