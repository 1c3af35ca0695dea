"""Getting data in and out: CSV import for teams coming from spreadsheets, JSON export and its import.

CSV columns (a header row names them, in any order; README documents them):
quarter, team, objective, kr, kind, unit, start, target, current, owner, cadence, source_kpi.
One row per KR; rows with the same quarter, team and objective title make one
objective (an existing one in the database gets the new KRs). A row without a
KR title creates just the objective. `current`, when given, is recorded as a
check-in, so the KR's history starts at the import. A `task` column (importing_tasks) adds an
initiative under the row's KR. check-in, so the KR's history starts at the import. `source_kpi` (a KPI's id or part of its name, as
`okrtui kpi` takes it) makes the KR fed by that KPI (domain/kpi_feed). An export's KRs keep their
source KPI, renumbered with the KPIs imported beside them; imported readings are history, never
check-ins.

Every row is checked with the domain's own rules before anything is written.
The plan is made before the write lock is taken, against the file as it is;
under the lock the rows are inserted at once (one insert per table, not one per
row: TinyDB rebuilds a table on each insert, which made an import quadratic),
provided the file's revision is still the one planned against; otherwise the
plan is made again. Any rejected row and nothing is written, unless the caller
skips invalid rows.

The delimiter is the header row's: csv.Sniffer, limited to comma, semicolon and tab, reads it from
the first line alone (titles further down hold commas; Excel writes semicolons in many locales).

Records already in the database are not errors. An export's objective that is already there
(same quarter, team and title) is skipped with everything under it, in one line that says what was
skipped and how much of it is new; a KPI likewise (same name and team). With `merge`, what is new
is added instead: KRs (matched by title within the objective), check-ins (matched by KR, moment and
value) and KPI readings (by moment and value); a KR or KPI whose newest record is a merged one takes
its value. A closed (archived) quarter is never merged into. With a CSV file, `merge` skips the KR
rows already there instead of rejecting them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import orjson
from tinydb import TinyDB
from tinydb.table import Document

from okrtui.domain.batch import header_delimiter
from okrtui.domain.inputs import UnlikelyValue, parse_checkin_value, parse_number
from okrtui.domain.models import KPI, SCHEMA_VERSION, CheckIn, InvalidInput, KeyResult, KPIReading, Model, Objective, build
from okrtui.domain.models import (
    Initiative,
)
from okrtui.domain.clock import Clock, instant_in
from okrtui.domain.quarter import Quarter, format_quarter
from okrtui.domain.workspace import Workspace
from okrtui.domain.numbers import format_number, format_with_unit
from okrtui.domain.kpi_feed import check_source
from okrtui.domain.workspace import ReferenceError_, resolve_kpi
from okrtui.i18n import _, ngettext
from okrtui.storage.exchange_tasks import TASK_ALIASES, TASK_COLUMNS, already_planned, existing_kr, export_initiatives, initiative_rows, task_from_row
from okrtui.storage.archive import archive_quarter
from okrtui.storage.files import describe_json_error
from okrtui.storage.repository import (
    CHECKINS,
    INITIATIVES,
    KEY_RESULTS,
    KPIS,
    OBJECTIVES,
    Repository,
    checkin_records,
)
from okrtui.storage.store import merge as merge_archive

COLUMNS = ("quarter", "team", "objective", "kr", "kind", "unit", "start", "target", "current", "owner", "cadence",
           "source_kpi", *TASK_COLUMNS)
REQUIRED = ("quarter", "team", "objective")
ALIASES = {"key result": "kr", "key_result": "kr", "keyresult": "kr", "source kpi": "source_kpi",
           "source-kpi": "source_kpi", "kpi": "source_kpi", **TASK_ALIASES}
EXPORT_APP = "okrtui-export"


@dataclass
class Rejected:
    where: str  # "line 5" (CSV) or "objective 3" (export)
    reason: str


@dataclass
class Plan:
    """What an import would create, and what it refuses (with where and why)."""

    objectives: list[tuple[Any, Objective]] = field(default_factory=list)  # (key, objective to insert)
    key_results: list[tuple[Any, KeyResult, float | None]] = field(default_factory=list)  # (objective key, KR, current)
    checkins: list[tuple[Any, CheckIn]] = field(default_factory=list)  # (KR key, check-in) from an export
    kpis: list[KPI] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    existing: dict[Any, int] = field(default_factory=dict)  # objective key -> id already in the database
    archived: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    already_there: list[Rejected] = field(default_factory=list)  # skipped, not refused: one line per objective or KPI
    existing_titles: dict[Any, str] = field(default_factory=dict)  # objective key -> title, for existing ones
    existing_krs: dict[Any, int] = field(default_factory=dict)  # export KR id -> id of the same KR in the database
    kpi_readings: list[tuple[int, list[KPIReading]]] = field(default_factory=list)  # (KPI id in the database, new readings)
    # (KR reference, initiative): the work planned under KRs (importing_tasks explains the references)
    initiatives: list[tuple[Any, Initiative]] = field(default_factory=list)
    # An export's KR links (schema 8): export KR id -> export KPI id, and export KPI id -> the same
    # KPI already in the database; a KPI imported new gets its id under the lock.
    kpi_links: dict[int, int] = field(default_factory=dict)
    kpis_there: dict[int, int] = field(default_factory=dict)

def _reason(error: Exception) -> str:
    if isinstance(error, InvalidInput):
        return "; ".join(message for _f, message in error.problems)
    return str(error)


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
                objective = known.get(key) or planned.get(key) or build(Objective, {
                    "quarter": quarter, "team": key[1], "title": key[2], "owner": values.get("owner", ""),
                    "cadence": cadence})
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
                plan.rejected.append(Rejected(where, _reason(error) + " " + _("(--force imports it anyway)")))
                continue
            except (InvalidInput, ValueError, ReferenceError_) as error:
                plan.rejected.append(Rejected(where, _reason(error)))
                continue
            if key in known:
                plan.existing[key] = known[key].id or 0
            elif key not in planned:
                planned[key] = objective
                plan.objectives.append((key, objective))
            if kr is not None:
                titles.setdefault(key, set()).add(kr.title)
                plan.key_results.append((key, kr, current))
                kr_refs[(key, kr.title)] = ("new", len(plan.key_results) - 1)
                if task is not None:
                    plan.initiatives.append((kr_refs[(key, kr.title)], task))
    except csv.Error as error:
        plan.rejected.append(Rejected(_("line {n}").format(n=reader.line_num), _("not valid CSV: {problem}").format(problem=error)))
    return plan


# ---- export and its import ------------------------------------------------------


def export_data(repo: Repository) -> dict:
    """The whole database (archived quarters included) as one JSON document that import reads back."""
    ws = repo.load(with_archive=True)

    def rows(items: list) -> list[dict]:
        return [item.model_dump(mode="json") for item in sorted(items, key=lambda i: i.id or 0)]

    return {
        "app": EXPORT_APP, "schema_version": SCHEMA_VERSION, "exported_at": repo.clock.now().isoformat(),
        "archived": list(ws.meta.archived), "objectives": rows(ws.objectives), "key_results": rows(ws.key_results),
        "checkins": rows(ws.checkins), "kpis": rows(ws.kpis), "initiatives": rows(ws.initiatives),
    }


def _accepted(plan: Plan, records: Any, model: type[Model], label: str, problem_of: Callable[[Any], str | None]) -> Iterator[Any]:
    """Each record that validates and has no problem; the others go to plan.rejected with their reason."""
    for record in records or []:
        where = label.format(id=record.get("id") if isinstance(record, dict) else "?")
        try:
            item = build(model, record)
        except InvalidInput as error:
            plan.rejected.append(Rejected(where, _reason(error)))
            continue
        problem = problem_of(item)
        if problem:
            plan.rejected.append(Rejected(where, problem))
            continue
        yield item


def plan_export(workspace: Workspace, data: Any, *, merge: bool = False) -> Plan:
    """The plan for an export; `workspace` holds the archived quarters too (they are never merged into)."""
    if not isinstance(data, dict) or data.get("app") != EXPORT_APP:
        raise InvalidInput([("file", _("this JSON file is not an okrtui export (made with 'okrtui export')"))])
    version = data.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise InvalidInput([("file", _("this export was made by a newer okrtui (schema {found}); upgrade okrtui to import it")
                             .format(found=version))])
    plan = Plan(archived=[str(q) for q in data.get("archived") or []])
    known = {(o.quarter, o.team, o.title): o for o in workspace.objectives}
    closed = set(workspace.meta.archived)
    objective_ids: set[int] = set()
    there: dict[int, Objective] = {}  # export objective id -> the same objective in the database
    for objective in _accepted(plan, data.get("objectives"), Objective, _("objective {id}"), lambda o: None):
        same = known.get((objective.quarter, objective.team, objective.title))
        if same is None:
            objective_ids.add(objective.id or 0)
            plan.objectives.append((objective.id, objective))
        else:
            there[objective.id or 0] = same
    adding = {oid for oid, same in there.items() if merge and same.quarter not in closed}
    for oid in adding:
        plan.existing[oid], plan.existing_titles[oid] = there[oid].id or 0, there[oid].title
    kr_ids: set[int] = set()
    skipped: dict[int, list[int]] = {oid: [0, 0, 0, 0] for oid in there if oid not in adding}  # KRs, new, check-ins, new
    owner: dict[int, int] = {}  # export KR id -> export objective id, for KRs under an existing objective
    checkins_there: dict[int, set[tuple]] = {}  # export KR id -> (moment, value) of its check-ins in the database

    def kr_parent(kr: KeyResult) -> str | None:
        if kr.objective_id not in objective_ids and kr.objective_id not in there:
            return _("its objective {id} is not imported").format(id=kr.objective_id)
        return None

    for kr in _accepted(plan, data.get("key_results"), KeyResult, _("key result {id}"), kr_parent):
        if kr.objective_id in there:
            owner[kr.id or 0] = kr.objective_id
            same_kr = next((k for k in workspace.krs_of(there[kr.objective_id].id) if k.title == kr.title), None)
            if same_kr is not None:
                checkins_there[kr.id or 0] = {(c.at, c.value) for c in workspace.checkins_of(same_kr.id)}
            if kr.objective_id in skipped:
                skipped[kr.objective_id][0] += 1
                skipped[kr.objective_id][1] += same_kr is None
                continue
            if same_kr is not None:
                plan.existing_krs[kr.id] = same_kr.id or 0
                continue
        kr_ids.add(kr.id or 0)
        if kr.source_kpi_id is not None:  # linked again under the lock, to the KPI's id in this database
            plan.kpi_links[kr.id or 0] = kr.source_kpi_id
            kr = kr.model_copy(update={"source_kpi_id": None})
        plan.key_results.append((kr.objective_id, kr, None))

    def checkin_parent(checkin: CheckIn) -> str | None:
        if checkin.kr_id not in kr_ids and checkin.kr_id not in owner:
            return _("its key result {id} is not imported").format(id=checkin.kr_id)
        return None

    for checkin in _accepted(plan, data.get("checkins"), CheckIn, _("check-in {id}"), checkin_parent):
        new = (checkin.at, checkin.value) not in checkins_there.get(checkin.kr_id, set())
        if checkin.kr_id in owner and owner[checkin.kr_id] in skipped:
            skipped[owner[checkin.kr_id]][2] += 1
            skipped[owner[checkin.kr_id]][3] += new
        elif new:
            plan.checkins.append((checkin.kr_id, checkin))
    plan.initiatives = export_initiatives(
        workspace, [r for r in data.get("initiatives") or [] if not (isinstance(r, dict) and r.get("kr_id") in owner
                                                                     and owner[r["kr_id"]] in skipped)],
        kr_ids, plan.existing_krs, lambda *args: _accepted(plan, *args))
    for oid, (krs, new_krs, checkins, new_checkins) in skipped.items():
        plan.already_there.append(Rejected(_("objective {id}").format(id=oid), _skipped_objective(
            there[oid], krs, checkins, new_krs + new_checkins, there[oid].quarter in closed)))
    kpis = {(k.name, k.team): k for k in workspace.kpis}
    for kpi in _accepted(plan, data.get("kpis"), KPI, _("KPI {id}"), lambda k: None):
        same_kpi = kpis.get((kpi.name, kpi.team))
        if same_kpi is not None:
            plan.kpis_there[kpi.id or 0] = same_kpi.id or 0
        if same_kpi is None:
            plan.kpis.append(kpi)
            continue
        readings = {(r.at, r.value) for r in same_kpi.readings}
        new_readings = [r for r in kpi.readings if (r.at, r.value) not in readings]
        if merge and new_readings:
            plan.kpi_readings.append((same_kpi.id or 0, new_readings))
        elif not merge:
            plan.already_there.append(Rejected(_("KPI {id}").format(id=kpi.id), _skipped_kpi(kpi, len(new_readings))))
    return plan


def _skipped_objective(objective: Objective, krs: int, checkins: int, new: int, closed: bool) -> str:
    """"'…' is already in 2026年第4季 for 行銷; skipped with it: 3 key results, 25 check-ins (2 new: --merge adds them)"."""
    text = _("'{title}' is already in {quarter} for {team}; skipped with it: {krs}, {checkins}").format(
        title=objective.title, quarter=format_quarter(objective.quarter), team=objective.team,
        krs=ngettext("{n} key result", "{n} key results", krs).format(n=krs),
        checkins=ngettext("{n} check-in", "{n} check-ins", checkins).format(n=checkins))
    if new and closed:
        return text + " " + _("({n} new, but its quarter is closed)").format(n=new)
    if new:
        return text + " " + ngettext("({n} new: --merge adds it)", "({n} new: --merge adds them)", new).format(n=new)
    return text


def _skipped_kpi(kpi: KPI, new: int) -> str:
    text = _("'{name}' of {team} is already in the database; skipped").format(name=kpi.name, team=kpi.team)
    if new:
        return text + " " + ngettext("({n} new reading: --merge adds it)", "({n} new readings: --merge adds them)",
                                     new).format(n=new)
    return text


# ---- writing ------------------------------------------------------------------


def _dump(model: Any, **changes: Any) -> dict:
    return {**model.model_dump(mode="json", exclude={"id"}), **changes}


@dataclass
class _Rows:
    """The plan's records as the rows to insert, made outside the lock; ids are set under it."""

    key_results: list[tuple[Any, Any, dict, dict | None]]  # (objective key, old KR id, KR row, its check-in row)


def _rows(plan: Plan, note: str, author: str, clock: Clock) -> _Rows:
    out = []
    quarters = {key: objective.quarter for key, objective in plan.objectives}
    for key, kr, current in plan.key_results:
        checkin_row = None
        if current is not None:  # `current` is recorded as the KR's first check-in
            # A value imported for a past quarter is filed at that quarter's end, not today.
            moment = instant_in(clock, Quarter.parse(quarters.get(key) or key[0]))
            checkin, kr_after = checkin_records(kr.model_copy(update={"id": 0}), current, None, note, author, moment)
            checkin_row = _dump(checkin)
            kr = kr_after
        out.append((key, kr.id, _dump(kr), checkin_row))
    return _Rows(out)


def _apply(db: TinyDB, plan: Plan, rows: _Rows) -> None:
    """Insert the plan's records: each table once, whatever the number of rows."""
    objectives = db.table(OBJECTIVES)
    ids: dict[Any, int] = dict(plan.existing)
    ids.update(zip((key for key, _o in plan.objectives), objectives.next_ids(len(plan.objectives))))  # type: ignore[attr-defined]
    kpis = db.table(KPIS)
    new_kpi_ids = kpis.next_ids(len(plan.kpis))  # type: ignore[attr-defined]
    kpis.insert_multiple([Document(_dump(kpi), doc_id=i) for kpi, i in zip(plan.kpis, new_kpi_ids)])
    kpi_ids: dict[int, int] = {**plan.kpis_there, **{kpi.id or 0: i for kpi, i in zip(plan.kpis, new_kpi_ids)}}
    key_results = db.table(KEY_RESULTS)
    new_kr_ids = key_results.next_ids(len(rows.key_results))  # type: ignore[attr-defined]
    kr_ids: dict[Any, int] = dict(plan.existing_krs)
    kr_rows: list[Document] = []
    checkin_rows: list[dict] = []
    for (key, old_id, kr_row, checkin_row), new_id in zip(rows.key_results, new_kr_ids):
        kr_ids[old_id] = new_id
        if old_id in plan.kpi_links:  # an export's link, to its KPI's id here (none if it was not imported)
            kr_row = {**kr_row, "source_kpi_id": kpi_ids.get(plan.kpi_links[old_id])}
        kr_rows.append(Document({**kr_row, "objective_id": ids[key]}, doc_id=new_id))
        if checkin_row is not None:
            checkin_rows.append({**checkin_row, "kr_id": new_id})
    # Alignment (to an objective or a KR) only within what is imported, by the new ids.
    objectives.insert_multiple([
        Document(_dump(o, parent_id=ids.get(o.parent_id) if o.parent_id is not None else None,
                       parent_kr_id=kr_ids.get(o.parent_kr_id) if o.parent_kr_id is not None else None),
                 doc_id=ids[key])
        for key, o in plan.objectives])
    key_results.insert_multiple(kr_rows)
    checkin_rows += [_dump(checkin, kr_id=kr_ids[kr_key]) for kr_key, checkin in plan.checkins]
    db.table(CHECKINS).insert_multiple(checkin_rows)
    if plan.initiatives:  # a table is rewritten on every insert: none when there is nothing to add
        db.table(INITIATIVES).insert_multiple(initiative_rows(plan.initiatives, new_kr_ids, kr_ids))
    _merge_latest(db, plan)


def _merge_latest(db: TinyDB, plan: Plan) -> None:
    """Merged check-ins and readings: a KR or KPI whose newest record is a merged one takes its value."""
    newest: dict[int, CheckIn] = {}
    for export_id, checkin in plan.checkins:
        kr_id = plan.existing_krs.get(export_id)
        if kr_id is not None and (kr_id not in newest or newest[kr_id].at < checkin.at):
            newest[kr_id] = checkin
    for kr_id, checkin in newest.items():
        kr = build(KeyResult, {**db.table(KEY_RESULTS).get(doc_id=kr_id), "id": kr_id})  # type: ignore[dict-item]
        if kr.updated_at is None or kr.updated_at < checkin.at:
            changes = {"current": checkin.value, "updated_at": checkin.at}
            if checkin.confidence is not None:
                changes["confidence"] = checkin.confidence
            db.table(KEY_RESULTS).update(_dump(kr.model_copy(update=changes)), doc_ids=[kr_id])
    for kpi_id, readings in plan.kpi_readings:
        kpi = build(KPI, {**db.table(KPIS).get(doc_id=kpi_id), "id": kpi_id})  # type: ignore[dict-item]
        together = sorted([*kpi.readings, *readings], key=lambda r: r.at)
        current = together[-1].value if together[-1] in readings else kpi.current
        db.table(KPIS).update(_dump(kpi.model_copy(update={"readings": together, "current": current})), doc_ids=[kpi_id])


def _read_source(path: Path) -> tuple[str, Any]:
    """The file as ("json", data) for an okrtui export, or ("csv", text)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidInput([("file", _("cannot read {path}: {reason}").format(path=path, reason=error.strerror))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput([("file", _("{path} is not UTF-8 text; save it as 'CSV UTF-8' and try again").format(
            path=path))]) from None
    if path.suffix.casefold() == ".json" or text.lstrip().startswith("{"):
        try:
            # orjson: strict (no NaN, no 1e400) and depth-limited, so a file nested 100,000
            # levels is a sentence, not a RecursionError.
            return "json", orjson.loads(text)
        except orjson.JSONDecodeError as error:
            raise InvalidInput([("file", _("{path} is not valid JSON: {problem}").format(
                path=path, problem=describe_json_error(error)))]) from None
    return "csv", text


def _plan(workspace: Workspace, source: tuple[str, Any], force: bool, merge: bool = False,
          archive: Workspace | None = None) -> Plan:
    kind, content = source
    if kind == "json":
        return plan_export(merge_archive(workspace, archive) if archive else workspace, content, merge=merge)
    return plan_csv(workspace, content, force, merge=merge)


def read_plan(workspace: Workspace, path: Path, force: bool = False, *, merge: bool = False,
              archive: Workspace | None = None) -> Plan:
    """The plan for a file: an okrtui export (JSON) or a CSV file. `archive`: the archived quarters,
    so that an export's closed quarters already there are known to be there."""
    return _plan(workspace, _read_source(path), force, merge, archive)


class _ChangedMeanwhile(Exception):
    """The file was written between planning and taking the lock."""


PLAN_ATTEMPTS = 3


def import_file(repo: Repository, path: Path, *, skip_invalid: bool = False, author: str = "",
                force: bool = False, merge: bool = False) -> Plan:
    """Write what the file holds in one locked write; nothing when a row is invalid and not skipped.

    The plan (parsing and validating every row) is made outside the lock; the lock is held
    for the write only. Should the file change in between, the plan is made again (and,
    after PLAN_ATTEMPTS, under the lock, so that a busy file cannot starve an import).
    """
    note = _("imported from {name}").format(name=path.name)
    source = _read_source(path)

    def checked(plan: Plan) -> Plan:
        if plan.rejected and not skip_invalid:
            raise RejectedRows(plan)
        return plan

    plan: Plan | None = None
    for _attempt in range(PLAN_ATTEMPTS):
        before = repo.load(missing_ok=True)
        archive = repo.load_archive() if before.meta.archived else None
        planned = checked(_plan(before, source, force, merge, archive))
        rows = _rows(planned, note, author, repo.clock)

        def change(db: TinyDB, ws: Workspace, planned: Plan = planned, rows: _Rows = rows,
                   revision: int = before.meta.revision) -> Plan:
            if ws.meta.revision != revision:
                raise _ChangedMeanwhile
            _apply(db, planned, rows)
            return planned

        try:
            plan = repo.transaction(change, create=True, action="import")
            break
        except _ChangedMeanwhile:
            continue
    if plan is None:
        def change_locked(db: TinyDB, ws: Workspace) -> Plan:
            planned = checked(_plan(ws, source, force, merge, repo.load_archive() if ws.meta.archived else None))
            _apply(db, planned, _rows(planned, note, author, repo.clock))
            return planned

        plan = repo.transaction(change_locked, create=True, action="import")
    # An export's archived quarters go back to the archive (they were closed where they came from).
    imported = {o.quarter for _k, o in plan.objectives}
    for quarter in plan.archived:
        if quarter in imported and quarter not in repo.load().meta.archived:
            archive_quarter(repo, quarter)
    return plan


class RejectedRows(ValueError):
    def __init__(self, plan: Plan):
        self.plan = plan
        super().__init__(ngettext("{n} row is invalid; nothing was written (fix it, or use --skip-invalid)",
                                  "{n} rows are invalid; nothing was written (fix them, or use --skip-invalid)",
                                  len(plan.rejected)).format(n=len(plan.rejected)))


# ---- text for the command line --------------------------------------------------------


def describe(plan: Plan, *, done: bool) -> list[str]:
    """What was (or would be) created, then every rejected row with its reason."""
    checkins = sum(1 for _k, _kr, current in plan.key_results if current is not None) + len(plan.checkins)
    readings = sum(len(new) for _id, new in plan.kpi_readings)
    counts = _("{objectives}, {key_results}, {checkins} and {kpis}").format(
        objectives=ngettext("{n} objective", "{n} objectives", len(plan.objectives)).format(n=len(plan.objectives)),
        key_results=ngettext("{n} key result", "{n} key results", len(plan.key_results)).format(n=len(plan.key_results)),
        checkins=ngettext("{n} check-in", "{n} check-ins", checkins).format(n=checkins),
        kpis=ngettext("{n} KPI", "{n} KPIs", len(plan.kpis)).format(n=len(plan.kpis)))
    if readings:
        counts += " " + ngettext("(and {n} KPI reading)", "(and {n} KPI readings)", readings).format(n=readings)
    if plan.initiatives:
        counts += " " + ngettext("(and {n} initiative)", "(and {n} initiatives)", len(plan.initiatives)).format(
            n=len(plan.initiatives))
    lines = [(_("Created {counts}.") if done else _("Would create {counts}.")).format(counts=counts)]
    krs_by_key: dict[Any, list[tuple[KeyResult, float | None]]] = {}
    for key, kr, current in plan.key_results:
        krs_by_key.setdefault(key, []).append((kr, current))
    for key, objective in plan.objectives:
        lines.append(f"  + {objective.quarter} · {objective.team} · {objective.title}")
        lines += [_kr_line(kr, current) for kr, current in krs_by_key.get(key, [])]
    for key, oid in plan.existing.items():
        added = krs_by_key.get(key, [])
        if added:
            title = plan.existing_titles.get(key) or key[2]
            lines.append("  " + ngettext("= O{id} {title} (already there; gets {n} key result)",
                                         "= O{id} {title} (already there; gets {n} key results)", len(added)).format(
                id=oid, title=title, n=len(added)))
            lines += [_kr_line(kr, current) for kr, current in added]
    if plan.already_there:
        lines.append(_("Already there, skipped ({n}):").format(n=len(plan.already_there)))
        lines += [f"  {r.where}: {r.reason}" for r in plan.already_there]
    if plan.ignored_columns:
        lines.append(_("Ignored columns: {names}").format(names=", ".join(plan.ignored_columns)))
    if plan.rejected:
        lines.append(_("Rejected ({n}):").format(n=len(plan.rejected)))
        lines += [f"  {r.where}: {r.reason}" for r in plan.rejected]
    return lines


def _kr_line(kr: KeyResult, current: float | None) -> str:
    now = "" if current is None else " · " + _("now {value}").format(value=format_number(current))
    return f"      + {kr.title} ({kr.kind} {format_number(kr.start)} → {format_with_unit(kr.target, kr.unit)}{now})"
