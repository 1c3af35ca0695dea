"""Getting data in and out: CSV import for teams coming from spreadsheets, JSON export and its import.

CSV columns (a header row names them, in any order; README documents them):
quarter, team, objective, level, aligned_team, aligned_objective, aligned_kr (exchange_csv_links), kr,
kind, unit, start, target, current, owner, cadence, source_kpi; exchange_csv_export writes them.
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

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.table import Document

from okrtui.domain.clock import Clock, instant_in
from okrtui.domain.models import KPI, CheckIn, KeyResult
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.numbers import format_number, format_with_unit
from okrtui.domain.quarter import Quarter
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _, ngettext
from okrtui.storage.archive import archive_quarter
from okrtui.storage.exchange_csv import plan_csv
from okrtui.storage.exchange_csv_links import linked_ids
from okrtui.storage.exchange_json import plan_export
from okrtui.storage.exchange_plan import Plan
from okrtui.storage.exchange_tasks import initiative_rows
from okrtui.storage.files import describe_json_error
from okrtui.storage.repository import Repository
from okrtui.domain.batch import checkin_records
from okrtui.storage.changelog import INITIATIVES
from okrtui.storage.tables import CHECKINS, KEY_RESULTS, KPIS, OBJECTIVES
from okrtui.storage.store import merge as merge_archive

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
        Document(_dump(o, **(linked_ids(plan, key, ids, new_kr_ids) if key in plan.links else {
            "parent_id": ids.get(o.parent_id) if o.parent_id is not None else None,
            "parent_kr_id": kr_ids.get(o.parent_kr_id) if o.parent_kr_id is not None else None})),
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
