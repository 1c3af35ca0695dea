"""JSON export, and reading an export back as an import plan (the rules: exchange's docstring)."""

from __future__ import annotations

from typing import Any, Callable, Iterator

from okrtui.domain.models import KPI, SCHEMA_VERSION, CheckIn, KeyResult, Model, Objective
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.quarter import format_quarter
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _, ngettext
from okrtui.storage.exchange_plan import Plan, Rejected, rejection_reason
from okrtui.storage.exchange_tasks import export_initiatives
from okrtui.storage.repository import (
    Repository,
)

EXPORT_APP = "okrtui-export"


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
            plan.rejected.append(Rejected(where, rejection_reason(error)))
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
