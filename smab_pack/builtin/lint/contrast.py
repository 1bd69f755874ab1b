"""``low-contrast``: every text/background pair the run-time's theme draws with the partner's
``branding.colours`` reads at WCAG 2.x's 4.5:1, in the light and in the dark theme."""

from __future__ import annotations

import yaml

from smab_pack.api import Diagnostics, LocalizedCourse, Severity, read_text

#: the run-time's own colours a branded one is drawn with, by custom property
OWN = {"bg": "the page background", "soft": "the call-out background"}
KEYS = {"accent": "accent", "on": "accent_text", "head-bg": "header_background", "head-fg": "header_text"}


def low_contrast(course: LocalizedCourse, diags: Diagnostics) -> None:
    if course.lang != course.config.lang:
        return  # colours are the same in every language: report once
    found = course.config.branding.low_contrast()
    if not found:
        return
    lines = _Lines(course)
    for low in found:
        text, background = (KEYS.get(p) or OWN.get(p, p) for p in (low.pair.text, low.pair.background))
        diags.add(
            "low-contrast",
            f"{text} {low.text} on {background} {low.background} ({low.pair.where}) has a contrast of "
            f"{low.ratio:.2f}:1 in the {low.scheme} theme; text needs at least 4.5:1 (WCAG 2.x)",
            file=course.root / "course.yaml",
            line=lines.line(low.key, low.scheme),
            severity=Severity.ERROR,
            hint="darken one colour or lighten the other"
            + (
                ""
                if low.scheme == "light"
                else f" (the dark theme draws {low.key}'s dark: value, else the run-time's own)"
            ),
        )


class _Lines:
    """Where in course.yaml a branding colour is written (its light or dark value)."""

    def __init__(self, course: LocalizedCourse):
        scratch = Diagnostics()  # course.yaml was loaded once already: its problems are reported
        text = read_text(course.root / "course.yaml", scratch, root=course.root) or ""
        try:
            self.root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            self.root = None

    def line(self, key: str, scheme: str) -> int | None:
        node = self.root
        for part in ("branding", "colours", key):
            node = _value(node, part)
        if isinstance(node, yaml.MappingNode):
            node = _value(node, scheme) or _value(node, "light")
        return node.start_mark.line + 1 if node is not None else None


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
