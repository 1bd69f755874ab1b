"""Characters no text of a course may hold: C0 and C1 control characters (NUL
included), lone surrogates and the non-characters U+FFFE/U+FFFF. XML 1.0 cannot carry most of
them (manifests, XLIFF), LMSs and zip tools choke on them, and in a title they
are invisible to the author: refuse them where they are written, with a line."""

from __future__ import annotations

import re

#: tab, line feed and carriage return are ordinary whitespace; everything else below U+0020 is not
#: lone surrogates cannot be written as UTF-8 at all (the pure-Python YAML reader makes them from an escape)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def first_control(text: str) -> int | None:
    """Index of the first forbidden character in ``text``, or None."""
    match = CONTROL.search(text)
    return match.start() if match else None


def describe(char: str) -> str:
    """'U+0000 (NUL)'-style name of a character, safe to print in any report."""
    names = {0: "NUL", 7: "BEL", 8: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "escape", 0x7F: "DEL"}
    code = ord(char)
    return f"U+{code:04X}" + (f" ({names[code]})" if code in names else "")


def line_and_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def printable(name: str) -> str:
    """A file name with its control characters shown as escapes, for messages."""
    return CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", name)
