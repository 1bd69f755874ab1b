"""The run-time's colour theme as data: the custom properties runtime/core.css sets (light and
dark), the ones ``branding.colours`` may change, which pairs of them the theme draws as text on a
background, and WCAG 2.x contrast. The ``low-contrast`` lint rule and the branding CSS read it."""

from __future__ import annotations

from dataclasses import dataclass

SCHEMES = ("light", "dark")

#: core.css's :root values (tests/test_branding.py holds the two in step)
DEFAULT_THEME: dict[str, dict[str, str]] = {
    "light": {
        "bg": "#fff",
        "fg": "#1d2430",
        "muted": "#5a6472",
        "soft": "#f5f7fa",
        "accent": "#1f5fbf",
        "on": "#fff",
    },
    "dark": {
        "bg": "#15191f",
        "fg": "#e7eaee",
        "muted": "#a3adba",
        "soft": "#1f252d",
        "accent": "#8ab4f8",
        "on": "#0d1b2e",
    },
}

#: branding.colours key → the custom property it sets (--head-bg and --head-fg default to the page's)
PROPERTIES = {
    "accent": "accent",
    "accent_text": "on",
    "header_background": "head-bg",
    "header_text": "head-fg",
}


@dataclass(frozen=True)
class Pair:
    """Text drawn in the colour of ``text`` on the colour of ``background`` (custom property names)."""

    text: str
    background: str
    where: str


#: every pair the theme draws that a branding colour can change
PAIRS = (
    Pair("accent", "bg", "links and outlined buttons on the page"),
    Pair("accent", "soft", "links in call-outs and table headers"),
    Pair("on", "accent", "the text of filled buttons such as Next"),
    Pair("head-fg", "head-bg", "the course title and status in the header"),
)

MIN_RATIO = 4.5


def rgb(colour: str) -> tuple[int, int, int]:
    """#rgb or #rrggbb as (r, g, b) in 0-255."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: str) -> float:
    """WCAG 2.x relative luminance (sRGB channels linearised)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def theme(scheme: str, overrides: dict[str, str]) -> dict[str, str]:
    """The colours of ``scheme`` with the branding's ``overrides`` (custom property → colour)."""
    values = dict(DEFAULT_THEME[scheme])
    values.setdefault("head-bg", values["bg"])
    values.setdefault("head-fg", values["fg"])
    values.update(overrides)
    return values


@dataclass(frozen=True)
class LowContrast:
    """A pair below :data:`MIN_RATIO` in ``scheme``, with the colours it was drawn in and the
    branding key whose value is to blame (the text's when both are branded)."""

    scheme: str
    pair: Pair
    text: str
    background: str
    ratio: float
    key: str


def low_contrast(overrides: dict[str, dict[str, tuple[str, str]]]) -> list[LowContrast]:
    """Every drawn pair below 4.5:1 that a branding colour takes part in; ``overrides`` is, per
    scheme, custom property → (colour, branding key). The run-time's own pairs are the tests' concern."""
    found = []
    for scheme in SCHEMES:
        written = overrides.get(scheme, {})
        values = theme(scheme, {prop: colour for prop, (colour, _) in written.items()})
        for pair in PAIRS:
            branded = [prop for prop in (pair.text, pair.background) if prop in written]
            ratio = contrast(values[pair.text], values[pair.background])
            if branded and ratio < MIN_RATIO:
                found.append(
                    LowContrast(scheme, pair, values[pair.text], values[pair.background], ratio, written[branded[0]][1])
                )
    return found
