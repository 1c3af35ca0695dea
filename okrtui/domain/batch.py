"""Many check-ins at once (`okrtui checkin --from`): the lines of a JSON Lines or CSV file read into
check-ins, each through the same rules as a single check-in, every refusal named by its line.

The text is read here (no I/O); the repository plans and writes the lines in one locked write, all
or nothing. Columns (CSV header, or JSON keys): kr, value, confidence, note, author, at.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any, Callable

from okrtui.domain.clock import BadMoment, parse_moment
from okrtui.domain.inputs import parse_checkin_value, parse_confidence
from okrtui.domain.checkin_rows import checkin_records
from okrtui.domain.models import CheckIn, KeyResult, Objective
from okrtui.domain.validation import InvalidInput
from okrtui.i18n import _, ngettext

COLUMNS = ("kr", "value", "confidence", "note", "author", "at")
REQUIRED = ("kr", "value")


def header_delimiter(text: str) -> str:
    """The header row's delimiter: comma, semicolon or tab (comma when the line does not say)."""
    import csv  # a batch of check-ins only: not on a single check-in's path

    try:
        return csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        return ","


@dataclass(frozen=True)
class BatchLine:
    """One line of the input, as text: its line number in the file and its fields."""

    line: int
    fields: dict[str, str]


@dataclass
class BatchRead:
    lines: list[BatchLine] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


def read_batch(text: str) -> BatchRead:
    """JSON Lines when the first non-blank line is an object, else CSV with a header row."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return _read_json_lines(text) if first.startswith("{") else _read_csv(text)


def _as_text(value: Any) -> str | None:
    """A JSON value as the text a person would have typed; None for a list or an object."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) and not math.isfinite(value) else f"{value}"
    if isinstance(value, str):
        return value
    return None


def _unknown(names: list[str]) -> str:
    return _("unknown column {names}; the columns are {columns}").format(
        names=", ".join(f"'{n}'" for n in names), columns=", ".join(COLUMNS))


def _read_json_lines(text: str) -> BatchRead:
    out = BatchRead()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except ValueError as error:
            out.problems.append((number, _("not a JSON object: {problem}").format(problem=getattr(error, "msg", error))))
            continue
        if not isinstance(record, dict):
            out.problems.append((number, _("not a JSON object: each line holds one object like {example}").format(
                example='{"kr": 7, "value": 0.8}')))
            continue
        unknown = [key for key in record if key not in COLUMNS]
        if unknown:
            out.problems.append((number, _unknown(unknown)))
            continue
        fields: dict[str, str] = {}
        for key, value in record.items():
            as_text = _as_text(value)
            if as_text is None:
                out.problems.append((number, _("'{name}' must be a number or text").format(name=key)))
                break
            fields[key] = as_text
        else:
            out.lines.append(BatchLine(number, fields))
    return out


def _read_csv(text: str) -> BatchRead:
    import csv

    out = BatchRead()
    reader = csv.reader(io.StringIO(text), delimiter=header_delimiter(text))
    header: list[str] | None = None
    start = 1
    for row in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip().casefold() for cell in row]
            unknown = [name for name in header if name not in COLUMNS]
            missing = [name for name in REQUIRED if name not in header]
            if unknown:
                out.problems.append((line, _unknown(unknown)))
            if missing:
                out.problems.append((line, _("the header row names no column {names}; the first row names the columns "
                                             "({columns})").format(names=", ".join(f"'{n}'" for n in missing),
                                                                   columns=", ".join(COLUMNS))))
            if unknown or missing:
                return out
            continue
        if len(row) > len(header):
            out.problems.append((line, _("{n} cells, but the header names {m} columns").format(n=len(row), m=len(header))))
            continue
        out.lines.append(BatchLine(line, {name: cell for name, cell in zip(header, row)}))
    if header is None:
        out.problems.append((1, _("the file is empty")))
    return out


class BatchRefused(ValueError):
    """Lines that cannot be recorded; nothing was written. `problems`: (line number, sentence)."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__(ngettext("{n} line is refused; nothing was recorded", "{n} lines are refused; nothing was recorded",
                                  len(problems)).format(n=len(problems)))


@dataclass(frozen=True)
class PlannedCheckIn:
    line: int
    checkin: CheckIn  # not yet written: no id
    kr: KeyResult  # the KR as the check-in found it


@dataclass
class BatchPlan:
    checkins: list[PlannedCheckIn] = field(default_factory=list)
    # The KRs whose value the batch changes, as they will be (by id).
    key_results: dict[int, KeyResult] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)
    # The objectives of the KRs checked in (by id), for showing them.
    objectives: dict[int, Objective] = field(default_factory=dict)

    @property
    def authors(self) -> set[str]:
        return {p.checkin.author for p in self.checkins}


def plan_batch(read: BatchRead, *, resolve: Callable[[str], KeyResult], last_checkin_at: Callable[[int], datetime | None],
               now: datetime, zone: tzinfo, author: str, force: bool = False) -> BatchPlan:
    """Every line checked as a single check-in would be (the KR named and open, the value by
    parse_checkin_value, the confidence by parse_confidence, the note and author by the model);
    `at` (optional, default now) is an ISO moment, read in `zone` without an offset, and not later
    than now. Lines of one KR are applied in the order of their moments; the KR takes the value of
    its newest check-in: a line without `at` sets it, as a single check-in does, and a line dated
    before the KR's last check-in only adds to its history."""
    plan = BatchPlan(problems=list(read.problems))
    if not read.lines and not read.problems:
        plan.problems.append((1, _("there is no check-in in it")))
    resolved: dict[str, KeyResult | Exception] = {}
    parsed: list[tuple[int, KeyResult, float, int | None, str, str, datetime, bool]] = []
    for item in read.lines:
        try:
            parsed.append(_parse_line(item, resolved, resolve, now, zone, author, force))
        except (InvalidInput, LookupError, BadMoment) as error:
            plan.problems.append((item.line, str(error)))
    current: dict[int, KeyResult] = {}
    newest: dict[int, datetime | None] = {}
    for line, kr, value, confidence, note, who, moment, dated in sorted(parsed, key=lambda p: (p[6], p[0])):
        kr_id = kr.id or 0
        before = current.get(kr_id, kr)
        if kr_id not in newest:
            newest[kr_id] = last_checkin_at(kr_id)
        try:
            checkin, after = checkin_records(before, value, confidence, note, who, moment)
        except InvalidInput as error:
            plan.problems.append((line, str(error)))
            continue
        plan.checkins.append(PlannedCheckIn(line, checkin, before))
        latest = newest[kr_id]
        if not dated or latest is None or moment >= latest:  # the newest check-in gives the KR its value
            newest[kr_id] = moment if latest is None else max(moment, latest)
            current[kr_id] = after
            plan.key_results[kr_id] = after
    plan.problems.sort(key=lambda problem: problem[0])
    return plan


def _parse_line(item: BatchLine, resolved: dict[str, KeyResult | Exception], resolve: Callable[[str], KeyResult],
                now: datetime, zone: tzinfo, author: str, force: bool):
    fields = item.fields
    ref = fields.get("kr", "").strip()
    if not ref:
        raise InvalidInput([("kr", _("no key result: the 'kr' column names one by its id or part of its title"))])
    if ref not in resolved:
        try:
            resolved[ref] = resolve(ref)
        except (InvalidInput, LookupError) as error:
            resolved[ref] = error
    kr = resolved[ref]
    if isinstance(kr, Exception):
        raise kr
    if not fields.get("value", "").strip():
        raise InvalidInput([("value", _("no value"))])
    value = parse_checkin_value(kr, fields["value"], force=force)
    confidence = parse_confidence(fields.get("confidence"))
    moment = now
    dated = bool((fields.get("at") or "").strip())
    if dated:
        moment = parse_moment(fields["at"])
        moment = (moment if moment.tzinfo else moment.replace(tzinfo=zone)).astimezone(now.tzinfo)
        if moment > now:
            raise InvalidInput([("at", _("{moment} is in the future; a check-in records what was").format(
                moment=fields["at"].strip()))])
    who = fields["author"] if (fields.get("author") or "").strip() else author
    return item.line, kr, value, confidence, fields.get("note") or "", who, moment, dated
