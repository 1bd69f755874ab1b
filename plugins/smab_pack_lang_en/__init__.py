"""English: the reference catalogue of the run-time's UI strings (every key)."""

from smab_pack.extension import Language
from smab_pack.hookspecs import hookimpl

STRINGS = {
    "skip_to_content": "Skip to content",
    "contents": "Contents",
    "progress": "Course progress",
    "page_navigation": "Page navigation",
    "previous": "Previous",
    "next": "Next",
    "page_of": "Page {n} of {total}",
    "score": "Score {score}%",
    "points": "{earned} of {total} points",
    "passed": "passed",
    "failed": "not passed yet",
    "check_answer": "Check answer",
    "try_again": "Try the quiz again",
    "your_answer": "Your answer",
    "choose_first": "Choose an answer first.",
    "correct": "Correct.",
    "incorrect": "Not quite.",
    "correct_answer": "The answer is: {answer}",
    "practice": "Practice quiz: it does not count toward your score.",
    "standalone": "No learning platform was found: your progress is saved in this browser only.",
    "resumed": "Welcome back! You are where you left off.",
    "exit": "Exit",
    "lms_unreachable": "The course could not reach your learning platform: your progress is saved in this browser only.",
    "lms_refused": "Your learning platform refused this launch: your progress is saved in this browser only. Start the course again from the platform.",
    "lms_session_used": "This launch link was already used: start the course again from your learning platform to save your progress.",
    "callout_note": "Note",
    "callout_tip": "Tip",
    "callout_warning": "Warning",
    "callout_important": "Important",
}


@hookimpl
def smab_languages():
    return [Language(tag="en", name="English", english_name="English", strings=STRINGS)]
