"""CSV import: a spreadsheet's rows as an import plan, each checked with the domain's rules (exchange's docstring)."""

from __future__ import annotations

import csv
import io
from typing import Any

from okrtui.domain.batch import header_delimiter
from okrtui.domain.inputs import UnlikelyValue, parse_checkin_value, parse_number
from okrtui.domain.kpi_feed import check_source
from okrtui.domain.models import KeyResult, Objective
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.quarter import Quarter
from okrtui.domain.workspace import ReferenceError_, Workspace, resolve_kpi
from okrtui.i18n import _
from okrtui.domain.plan_text_parse import LEVEL_WORDS
from okrtui.storage.exchange_csv_links import LINK_ALIASES, LINK_COLUMNS, LinkRow, link_objectives, read_link
from okrtui.storage.exchange_plan import Plan, Rejected, rejection_reason
from okrtui.storage.exchange_tasks import TASK_ALIASES, TASK_COLUMNS, already_planned, existing_kr, task_from_row

COLUMNS = ("quarter", "team", "objective", *LINK_COLUMNS, "kr", "kind", "unit", "start", "target", "current", "owner",
           "cadence", "source_kpi", *TASK_COLUMNS)
REQUIRED = ("quarter", "team", "objective")
ALIASES = {"key result": "kr", "key_result": "kr", "keyresult": "kr", "source kpi": "source_kpi",
           "source-kpi": "source_kpi", "kpi": "source_kpi", **TASK_ALIASES, **LINK_ALIASES}


# ---- CSV --------------------------------------------------------------------


def _header(row: list[str]) -> tuple[list[str], list[str]]:
    names = [ALIASES.get(c.strip().casefold(), c.strip().casefold()) for c in row]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise InvalidInput([("file", _("the first row must name the columns; missing: {missing} (columns: {columns})")
                             .format(missing=", ".join(missing), columns=", ".join(COLUMNS)))])
    return names, [n for n in names if n and n not in COLUMNS]


def _kr_from_row(values: dict[str, str], force: bool = False) -> tuple[KeyResult, float | None]:
    kind = (values.get("kind") or "increase").strip().casefold().replace(" ", "_").replace("-", "_")
    fields: dict[str, Any] = {"objective_id": 0, "title": values["kr"], "kind": kind, "unit": values.get("unit", ""),
                              "owner": values.get("owner", "")}
    problems: list[tuple[str, str]] = []
    for name in ("start", "target"):
        text = values.get(name, "")
        if text:
            try:
                fields[name] = parse_number(text, _("start") if name == "start" else _("target"))
            except InvalidInput as error:
                problems += error.problems
    if kind == "milestone":
        fields.setdefault("start", 0.0)
        fields.setdefault("target", 1.0)
    elif "target" not in fields and not problems:
        problems.append(("target", _("target is required for a key result")))
    if problems:
        raise InvalidInput(problems)
    kr: KeyResult = build(KeyResult, fields)
    current = values.get("current", "")
    return kr, (parse_checkin_value(kr, current, force=force) if current else None)


def plan_csv(workspace: Workspace, text: str, force: bool = False, *, merge: bool = False) -> Plan:
    plan = Plan()
    reader = csv.reader(io.StringIO(text), delimiter=header_delimiter(text))
    try:
        names, plan.ignored_columns = _header(next(reader))
    except StopIteration:
        raise InvalidInput([("file", _("the file is empty; the first row must name the columns ({columns})")
                             .format(columns=", ".join(COLUMNS)))]) from None
    known = {(o.quarter, o.team, o.title): o for o in workspace.objectives}
    titles: dict[tuple, set[str]] = {key: {k.title for k in workspace.krs_of(o.id)} for key, o in known.items()}
    planned: dict[tuple, Objective] = {}
    kr_refs: dict[tuple, tuple] = {}  # (objective key, KR title) -> the KR a later row's task goes under
    asked: dict[tuple, LinkRow] = {}  # a new objective's link, from its first row
    line = reader.line_num
    try:
        for row in reader:
            where, line = _("line {n}").format(n=line + 1), reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            values = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(names) if name}
            try:
                quarter = str(Quarter.parse(values.get("quarter", "")))
                key = (quarter, values.get("team", ""), values.get("objective", ""))
                cadence = (values.get("cadence") or "").casefold().replace("-", "").replace(" ", "") or None
                level = (values.get("level") or "team").casefold()
                objective = known.get(key) or planned.get(key) or build(Objective, {
                    "quarter": quarter, "team": key[1], "title": key[2], "owner": values.get("owner", ""),
                    "cadence": cadence, "level": LEVEL_WORDS.get(level, level)})
                link = read_link(values, where) if key not in known and key not in planned else None
                if cadence is not None:
                    build(Objective, {"quarter": quarter, "team": "-", "title": "-", "cadence": cadence})
                task = task_from_row(values, Quarter.parse(quarter).start)
                kr_ref = task and (kr_refs.get((key, values["kr"]))
                                   or existing_kr(workspace, known[key].id if key in known else None, values["kr"]))
                if task is not None and kr_ref:  # the KR is there already: the row adds its task
                    if already_planned(workspace, kr_ref, task.title, plan.initiatives):
                        plan.already_there.append(Rejected(where, _("'{task}' is already a task of '{kr}'").format(
                            task=task.title, kr=values["kr"])))
                    else:
                        plan.initiatives.append((kr_ref, task))
                    continue
                kr, current = _kr_from_row(values, force) if values.get("kr") else (None, None)
                if kr is not None and values.get("source_kpi"):
                    kr = kr.model_copy(update={"source_kpi_id": resolve_kpi(workspace, values["source_kpi"]).id})
                    check_source(workspace, kr)
                if merge and kr is not None and key in known and kr.title in titles.get(key, set()):
                    plan.already_there.append(Rejected(where, _("'{title}' is already a key result of '{objective}'")
                                                       .format(title=kr.title, objective=key[2])))
                    continue
                if kr is not None and kr.title in titles.get(key, set()):
                    raise InvalidInput([("kr", _("'{title}' is already a key result of '{objective}'").format(
                        title=kr.title, objective=key[2]))])
            except UnlikelyValue as error:
                plan.rejected.append(Rejected(where, rejection_reason(error) + " " + _("(--force imports it anyway)")))
                continue
            except (InvalidInput, ValueError, ReferenceError_) as error:
                plan.rejected.append(Rejected(where, rejection_reason(error)))
                continue
            if key in known:
                plan.existing[key] = known[key].id or 0
            elif key not in planned:
                planned[key] = objective
                plan.objectives.append((key, objective))
                if link is not None:
                    asked[key] = link
            if kr is not None:
                titles.setdefault(key, set()).add(kr.title)
                plan.key_results.append((key, kr, current))
                kr_refs[(key, kr.title)] = ("new", len(plan.key_results) - 1)
                if task is not None:
                    plan.initiatives.append((kr_refs[(key, kr.title)], task))
    except csv.Error as error:
        plan.rejected.append(Rejected(_("line {n}").format(n=reader.line_num), _("not valid CSV: {problem}").format(problem=error)))
    link_objectives(workspace, plan, asked)
    return plan


# ---- export and its import ------------------------------------------------------
