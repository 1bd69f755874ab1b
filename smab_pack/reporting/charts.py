"""Horizontal bar charts as inline SVG, drawn here so report.html needs no library,
script or network: it opens the same anywhere, offline, years from now.

Each chart is an `<svg role="img">` labelled by its own `<title>` and `<desc>` (the desc
reads out every bar); the report also puts a data table next to each chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 720
ROW = 24  # px per bar
BAR = 15
CHAR = 6.6  # average width of a 12 px system-ui character, to size the label column
LABEL_CHARS = 42  # longer labels are cut with an ellipsis
VALUE_ROOM = 64  # px right of the longest bar for its value
MAX_DESCRIBED = 60  # bars read out in <desc>; the table next to the chart has them all


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as printed beside the bar: "12", "45 %"


def _num(value: float) -> str:
    """SVG coordinates with one decimal, the same text on every machine."""
    return f"{value:.1f}".removesuffix(".0")


def _fit(label: str, room: int) -> str:
    return label if len(label) <= room else label[: max(1, room - 1)] + "…"


def bar_chart(
    ident: str, title: str, bars: Sequence[Bar], *, maximum: float | None = None, summary: str = ""
) -> Markup:
    """A chart of one bar per item, longest bar = ``maximum`` (default: the largest value)."""
    longest = max((len(b.label) for b in bars), default=4)
    room = min(longest, LABEL_CHARS)  # characters of label shown; the bar's own <title> has them all
    label_width = int(max(room * CHAR + 14, 60))
    plot = WIDTH - label_width - VALUE_ROOM
    top = max([maximum or 0.0] + [b.value for b in bars])
    height = max(ROW * len(bars) + 8, 32)
    described = "; ".join(f"{b.label}: {b.shown}" for b in bars[:MAX_DESCRIBED])
    if len(bars) > MAX_DESCRIBED:
        described += f"; and {len(bars) - MAX_DESCRIBED} more in the table"
    desc = " ".join(part for part in (summary, described + "." if described else "No data.") if part)
    out = [
        f'<svg class="chart" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]
    if not bars:
        out.append('<text x="8" y="20" class="empty">No data</text>')
    for index, bar in enumerate(bars):
        y = 4 + index * ROW
        length = plot * bar.value / top if top > 0 and bar.value > 0 else 0.0
        middle = y + ROW / 2
        out.append(
            f"<g><title>{escape(bar.label)}: {escape(bar.shown)}</title>"
            f'<text x="{label_width - 8}" y="{_num(middle)}" class="label">'
            f"{escape(_fit(bar.label, room))}</text>"
            f'<rect x="{label_width}" y="{_num(middle - BAR / 2)}" width="{_num(length)}" height="{BAR}"/>'
            f'<text x="{_num(label_width + length + 6)}" y="{_num(middle)}" class="value">'
            f"{escape(bar.shown)}</text></g>"
        )
    out.append(f'<line x1="{label_width}" y1="2" x2="{label_width}" y2="{height - 2}" class="axis"/>')
    out.append("</svg>")
    return Markup("".join(out))
