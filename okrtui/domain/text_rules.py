"""Text rules the records obey (no control characters) and how many terminal cells a text takes
(CJK is two cells wide): pure, so the models validate with them and every layer measures alike."""

from __future__ import annotations

import unicodedata


def char_width(ch: str) -> int:
    """Cells one character takes in a terminal."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    return 1


def cell_width(text: str) -> int:
    if text.isascii():  # every ASCII character takes one cell (char_width): no per-character look-up
        return len(text)
    return sum(char_width(ch) for ch in text)


def find_control_character(text: str, allow_newlines: bool = False) -> str | None:
    """Return the first control character in text (escape sequences above all), or None.

    Text in a shared file reaches other people's terminals, so C0/C1 controls
    (ESC, BEL, CR, DEL, ...) are refused. Zero-width joiners and direction marks
    are formatting characters, not controls, and are allowed.
    """
    for ch in text:
        if unicodedata.category(ch) == "Cc":
            if allow_newlines and ch in "\n\t":
                continue
            return ch
    return None


def describe_character(ch: str) -> str:
    names = {"\x1b": "ESC", "\x07": "BEL", "\r": "CR", "\n": "newline", "\t": "tab", "\x7f": "DEL"}
    return names.get(ch, f"U+{ord(ch):04X}")
