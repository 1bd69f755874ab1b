"""report.html: one self-contained page (inline CSS and SVG, no script, no external
asset) that a coordinator can e-mail or archive as it is."""

from __future__ import annotations

from datetime import datetime

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from smab_pack import __version__
from smab_pack.reporting.analysis import Analysis
from smab_pack.reporting.charts import Bar, bar_chart

_env = Environment(
    loader=PackageLoader("smab_pack.reporting", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.0f}%"


def moment(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "–"


_env.filters["percent"] = percent
_env.filters["moment"] = moment


def _charts(a: Analysis) -> dict[str, Markup | dict[str, Markup]]:
    by_country: dict[str, int] = {}
    for group in a.learner_groups:
        by_country[group.country] = by_country.get(group.country, 0) + group.started
    return {
        "funnel": bar_chart(
            "chart-funnel",
            "Learners at each stage",
            [
                Bar("Started", a.started, str(a.started)),
                Bar("Completed", a.completed, str(a.completed)),
                Bar("Passed", a.passed, str(a.passed)),
                Bar("Failed", a.failed, str(a.failed)),
            ],
            summary="Number of learners who started, completed, passed and failed.",
        ),
        "countries": bar_chart(
            "chart-countries",
            "Learners who started, by country",
            [Bar(c, n, str(n)) for c, n in sorted(by_country.items())],
        ),
        "scores": bar_chart(
            "chart-scores",
            "Score distribution (best score of each learner, in percent)",
            [Bar(b.label, b.learners, str(b.learners)) for b in a.score_bins],
            summary="Learners per 10-point score band.",
        ),
        "questions": bar_chart(
            "chart-questions",
            "Failure rate per question, most failed first",
            [Bar(q.name or q.key, q.failure_rate, f"{percent(q.failure_rate)} of {q.answered}") for q in a.questions],
            maximum=1.0,
        ),
        "pages": bar_chart(
            "chart-pages",
            "Learners who reached each page, in course order",
            [Bar(p.name or p.key, p.learners, str(p.learners)) for p in a.pages],
            maximum=a.started or None,
        ),
        "survey": {
            q.id: bar_chart(
                f"chart-survey-{i}",
                f"Responses: {q.name or q.key}",
                [Bar(p.label, p.responses, str(p.responses)) for p in q.likert],
            )
            for i, q in enumerate(a.survey, 1)
            if q.likert
        },
        "videos": bar_chart(
            "chart-videos",
            "Video completion rate (of the learners who played each video)",
            [Bar(v.name or v.key, v.completion_rate, f"{percent(v.completion_rate)} of {v.played}") for v in a.videos],
            maximum=1.0,
        ),
    }


def render_html(analysis: Analysis, *, activity: str | None = None, since: datetime | None = None) -> str:
    return _env.get_template("report.html.j2").render(
        a=analysis, charts=_charts(analysis), activity=activity, since=since, version=__version__
    )
