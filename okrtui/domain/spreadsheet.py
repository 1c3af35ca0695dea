"""CSV that a spreadsheet reads as data: the one writer for every CSV okrtui produces.

A cell that starts with = + - @ (or a tab or carriage return, which some spreadsheets skip
before one of those) is run as a formula when the file is opened: a teammate's note could
then send the sheet's data to a web site or start a program. Such a cell gets a leading
single quote, the OWASP rule; a plain number (-5, 0.55, 1e3) is left as it is.

No textual, no rich: the domain's report uses it.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any, Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """The cell as a spreadsheet should show it: text that would run as a formula gets a quote."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS) or _NUMBER.fullmatch(value):
        return value
    return "'" + value


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """Rows as CSV text (CRLF line ends, as spreadsheets expect), every cell through safe_cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()
