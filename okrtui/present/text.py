"""Text for a terminal: truncating and padding to cells, bars, and bidi controls made visible.

No textual, no rich: the quick command line uses these too."""

from __future__ import annotations

import re

from okrtui.domain.text_rules import cell_width, char_width


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
# str.translate looks every character up in Python (~50 ms for `list --json`'s 700 kB at L);
# a search for any of them runs in C, and most text holds none.
_ANY_BIDI = re.compile("[" + "".join(BIDI_CONTROLS) + "]")


def visible(text: str) -> str:
    """Text for a terminal or a report: every bidi control shown as a mark, e.g. ⟨RLO⟩.

    The one display-sanitising function: the list, reports and the app's rows all use it.
    """
    return text.translate(_BIDI_TABLE) if text and _ANY_BIDI.search(text) else text


def visible_json(document: str) -> str:
    """JSON text with bidi controls written as \\u escapes: the same data once parsed, but a
    terminal showing the JSON shows no reordered line (they only occur inside JSON strings)."""
    return document.translate(_BIDI_ESCAPES) if _ANY_BIDI.search(document) else document
