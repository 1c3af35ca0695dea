"""Terminal text helpers: cell width (CJK is two cells wide) and safe text checks.

No textual, no rich: the CLI and the domain use these too.
"""

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
    return sum(char_width(ch) for ch in text)


def truncate(text: str, width: int, ellipsis: str = "…") -> str:
    """Cut text to at most `width` cells, never splitting a wide character.

    For a terminal: bidi controls are shown as marks first (`visible`), so every padded or
    cut column of the list, the reports and the app's rows is display-safe.
    """
    text = visible(text)
    if cell_width(text) <= width:
        return text
    if width <= 0:
        return ""
    room = width - cell_width(ellipsis)
    out: list[str] = []
    used = 0
    for ch in text:
        w = char_width(ch)
        if used + w > room:
            break
        out.append(ch)
        used += w
    return "".join(out) + ellipsis


def pad(text: str, width: int, align: str = "left") -> str:
    """Truncate and pad to exactly `width` cells."""
    text = truncate(text, width)
    gap = " " * (width - cell_width(text))
    return gap + text if align == "right" else text + gap


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


def bar(fraction: float, width: int, full: str = "█", empty: str = "░") -> str:
    """A plain text progress bar of `width` cells for a 0..1 fraction.

    Rounds down, so a full bar always means done.
    """
    fraction = min(max(fraction, 0.0), 1.0)
    # The epsilon keeps 0.8 computed as 0.7999… from losing a cell.
    filled = width if fraction >= 1.0 else int(fraction * width + 1e-9)
    return full * filled + empty * (width - filled)


# Bidirectional embeddings, overrides and isolates: invisible, and able to make a line shown in
# a terminal read differently from what it holds (U+202E turns "txt.exe" around). They are kept
# in the data as typed and shown by name wherever text reaches a screen. (The right-to-left and
# left-to-right marks, U+200F and U+200E, cannot reorder other text and pass through.)
BIDI_CONTROLS = {
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
}
_BIDI_TABLE = {ord(ch): f"⟨{name}⟩" for ch, name in BIDI_CONTROLS.items()}
_BIDI_ESCAPES = {ord(ch): f"\\u{ord(ch):04x}" for ch in BIDI_CONTROLS}


def visible(text: str) -> str:
    """Text for a terminal or a report: every bidi control shown as a mark, e.g. ⟨RLO⟩.

    The one display-sanitising function: the list, reports and the app's rows all use it.
    """
    return text.translate(_BIDI_TABLE) if text else text


def visible_json(document: str) -> str:
    """JSON text with bidi controls written as \\u escapes: the same data once parsed, but a
    terminal showing the JSON shows no reordered line (they only occur inside JSON strings)."""
    return document.translate(_BIDI_ESCAPES)
