"""Record ids as people and files write them: canonical decimal numbers, ASCII digits only.

"7" is an id; "07", "+7", " 7", "٧" (Arabic-Indic seven) and a 5,000-digit number are not:
two spellings of one id would let a file hold two records #7 that the next write merges,
and a reference typed in another script must not silently name a record.
"""

from __future__ import annotations

import re
import secrets

# 18 digits keep every id far inside a 64-bit integer and far from int()'s digit limit.
MAX_ID_DIGITS = 18
_CANONICAL = re.compile(r"0|[1-9][0-9]{0,%d}" % (MAX_ID_DIGITS - 1))


def parse_id(text: str) -> int | None:
    """The id `text` spells, or None when it is not a canonical decimal id."""
    if isinstance(text, str) and _CANONICAL.fullmatch(text):
        return int(text)
    return None


def looks_numeric(text: str) -> bool:
    """Only ASCII digits (perhaps not a valid id: too long, or with leading zeros)."""
    return text.isascii() and text.isdigit()


def reference_id(text: str) -> int | None:
    """The id a typed reference names: ASCII digits (leading zeros allowed), else None."""
    if not looks_numeric(text):
        return None
    return parse_id(text.lstrip("0") or "0")


def shown_id(text: str, limit: int = 24) -> str:
    """An id as found in a file or typed, cut short for a sentence (a 5,000-digit key stays readable)."""
    return text if len(text) <= limit else text[:limit] + "…"


# A database's own id (meta.database_id, schema 5): the files it writes name it, so that a tag like
# {#12} in a plan file means record 12 of that database only.
DATABASE_ID_PATTERN = r"^[0-9a-f]{8,32}$"


def new_database_id() -> str:
    """A fresh, unguessable database id: 12 hexadecimal digits."""
    return secrets.token_hex(6)
