"""The xAPI identifiers the report reads: the ones smab-pack's adapter sends
(smab_pack/builtin/xapi/adapter.js) and those of the xAPI Video Profile."""

from __future__ import annotations

ADL_VERB = "http://adlnet.gov/expapi/verbs/"
LAUNCHED = ADL_VERB + "launched"
INITIALIZED = ADL_VERB + "initialized"
COMPLETED = ADL_VERB + "completed"
PASSED = ADL_VERB + "passed"
FAILED = ADL_VERB + "failed"
TERMINATED = ADL_VERB + "terminated"
SUSPENDED = ADL_VERB + "suspended"
RESUMED = ADL_VERB + "resumed"
ANSWERED = ADL_VERB + "answered"
EXPERIENCED = ADL_VERB + "experienced"
VOIDED = ADL_VERB + "voided"

ADL_TYPE = "http://adlnet.gov/expapi/activities/"
COURSE_TYPE = ADL_TYPE + "course"
LESSON_TYPE = ADL_TYPE + "lesson"
INTERACTION_TYPE = ADL_TYPE + "cmi.interaction"

#: verbs that say something about the course itself when their object is a course or lesson;
#: with any other verb a lesson-typed object is a page (`experienced`).
COURSE_VERBS = frozenset({LAUNCHED, INITIALIZED, COMPLETED, PASSED, FAILED, TERMINATED, SUSPENDED, RESUMED})
COURSE_TYPES = frozenset({COURSE_TYPE, LESSON_TYPE})

#: interaction types of survey answers (no right or wrong)
LIKERT = "likert"
LONG_FILL_IN = "long-fill-in"

VIDEO_TYPE = "https://w3id.org/xapi/video/activity-type/video"
VIDEO_PLAYED = "https://w3id.org/xapi/video/verbs/played"
VIDEO_PROGRESS = "https://w3id.org/xapi/video/extensions/progress"

COUNTRY_EXTENSION = "https://w3id.org/xapi/smab-pack/extensions/country"
#: the quiz attempt an answer belongs to (1, 2, …), in the answered statement's result
ATTEMPT_EXTENSION = "https://w3id.org/xapi/smab-pack/extensions/attempt"

#: the path segments the adapter puts after the course IRI
PAGE_SEGMENT = "/page/"
QUESTION_SEGMENT = "/question/"
VIDEO_SEGMENT = "/video/"
