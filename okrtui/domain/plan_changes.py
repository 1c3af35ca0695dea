"""What a plan file changes in a database: matched, validated and described before one write.

A line tagged with a record of the database the file names ({O3}, {#12}) is that record. A line
without a tag, or with another database's tag, is matched by its natural key: an objective by
quarter, team and title; a key result by its objective and title. Only what matches nothing is
new, so applying the same file twice changes nothing the second time; a rename needs the tag.
Records of the file's scope (its quarter, and its teams) that no line names are removed only when
asked (`prune`: `okrtui apply --prune`, and `okrtui edit`, where deleting a line means removing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from okrtui.domain.models import Initiative, KeyResult, Objective
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.plan_initiatives import FIELDS as INITIATIVE_FIELDS
from okrtui.domain.plan_initiatives import InitiativePlan, initiative_texts, match_initiatives
from okrtui.domain.kpi_feed import check_source
from okrtui.domain.plan_alignment import check_alignment, link_key_results
from okrtui.domain.plan_match import LinePlan, LineWords, changed_fields, find_link, match_line
from okrtui.domain.plan_text import KeyResultText, ObjectiveText, PlanError, PlanText
from okrtui.domain.closed import quarter_closed
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _

OBJECTIVE_FIELDS = ("title", "team", "owner", "commitment", "state", "parent_id", "description", "cadence", "level",
                    "parent_kr_id")
KR_FIELDS = ("objective_id", "title", "kind", "start", "target", "unit", "owner", "weight", "source_kpi_id")


def plan_of(workspace: Workspace, quarter: str, team: str | None = None) -> PlanText:
    """The quarter (or one team's part of it) as a plan, tagged with this database's ids."""
    plan = PlanText(str(quarter), workspace.meta.database_id, team)
    for o in workspace.objectives_in(quarter, team):
        parent = workspace.objective(o.parent_id) if o.parent_id is not None else None
        parent_kr = workspace.key_result(o.parent_kr_id) if o.parent_kr_id is not None else None
        entry = ObjectiveText(0, o.id, o.title, o.team, o.owner, o.commitment, "dropped" if o.state == "dropped" else "active",
                              o.parent_id, parent.title if parent else "", o.description, cadence=o.cadence,
                              level=o.level, parent_kr_tag=o.parent_kr_id, parent_kr_title=parent_kr.title if parent_kr else "")
        for k in workspace.krs_of(o.id):
            entry.key_results.append(KeyResultText(0, k.id, k.title, k.kind, k.start, k.target, k.unit, k.owner, k.weight,
                                                   source_kpi_id=k.source_kpi_id, initiatives=initiative_texts(workspace, k.id)))
        plan.objectives.append(entry)
    return plan


@dataclass
class ObjectivePlan(LinePlan[ObjectiveText, Objective]):
    """record: id None when new; parent_id (parent_kr_id) None when the parent is new too."""

    parent_entry: int | None = None  # index of a new objective of the file it aligns to
    parent_kr_entry: int | None = None  # index (in PlanChanges.key_results) of a new key result it aligns to

    @property
    def changed(self) -> list[tuple[str, Any, Any]]:
        if self.before is None:
            return []
        links = {"parent_id": self.parent_entry, "parent_kr_id": self.parent_kr_entry}
        out = changed_fields(self.before, self.record, [name for name in OBJECTIVE_FIELDS if name not in links])
        for name, entry in links.items():  # a link to a new record of the file: always a change
            if entry is not None or getattr(self.before, name) != getattr(self.record, name):
                out.append((name, getattr(self.before, name), None if entry is not None else getattr(self.record, name)))
        return out


@dataclass
class KRPlan(LinePlan[KeyResultText, KeyResult]):
    """record: objective_id is a placeholder when objective_entry is new."""

    objective_entry: int = 0  # index of its objective in PlanChanges.objectives
    FIELDS: ClassVar[tuple[str, ...]] = KR_FIELDS


@dataclass
class Removal:
    objective: Objective | None = None
    kr: KeyResult | None = None
    key_results: int = 0
    checkins: int = 0


@dataclass
class PlanChanges:
    quarter: str
    teams: list[str]
    objectives: list[ObjectivePlan] = field(default_factory=list)
    key_results: list[KRPlan] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    kept: list[Removal] = field(default_factory=list)  # not in the file, kept for want of prune
    initiatives: list[InitiativePlan] = field(default_factory=list)
    removed_initiatives: list[Initiative] = field(default_factory=list)  # under the file's KRs, not in it (prune)
    kept_initiatives: list[Initiative] = field(default_factory=list)

    @property
    def added_initiatives(self) -> list[InitiativePlan]:
        return [i for i in self.initiatives if i.before is None]

    @property
    def changed_initiatives(self) -> list[InitiativePlan]:
        return [i for i in self.initiatives if i.before is not None and i.changed]

    @property
    def added_objectives(self) -> list[ObjectivePlan]:
        return [o for o in self.objectives if o.before is None]

    @property
    def changed_objectives(self) -> list[ObjectivePlan]:
        return [o for o in self.objectives if o.before is not None and o.changed]

    @property
    def added_krs(self) -> list[KRPlan]:
        return [k for k in self.key_results if k.before is None]

    @property
    def changed_krs(self) -> list[KRPlan]:
        return [k for k in self.key_results if k.before is not None and k.changed]

    @property
    def empty(self) -> bool:
        return not (self.added_objectives or self.changed_objectives or self.added_krs or self.changed_krs or self.removed
                    or self.added_initiatives or self.changed_initiatives or self.removed_initiatives)

    def signature(self) -> tuple:
        """What the write will do and what it starts from, in the fields a plan file holds:
        computed again under the lock, it differs when someone changed those records meanwhile
        (a check-in, which changes neither, does not count)."""

        def fields(record, names) -> tuple | None:
            return None if record is None else tuple(getattr(record, n) for n in names)

        kr_names = KR_FIELDS[1:]
        return (
            tuple((o.before.id if o.before else None, fields(o.before, OBJECTIVE_FIELDS),
                   fields(o.record, OBJECTIVE_FIELDS), o.parent_entry, o.parent_kr_entry) for o in self.objectives),
            tuple((k.before.id if k.before else None, fields(k.before, KR_FIELDS), fields(k.record, kr_names),
                   k.objective_entry) for k in self.key_results),
            tuple((r.objective.id if r.objective else None, r.kr.id if r.kr else None, r.key_results, r.checkins)
                  for r in self.removed),
            tuple((i.before.id if i.before else None, fields(i.before, INITIATIVE_FIELDS),
                   fields(i.record, INITIATIVE_FIELDS[1:]), i.kr_entry) for i in self.initiatives),
            tuple(i.id for i in self.removed_initiatives),
        )


def plan_changes(workspace: Workspace, plan: PlanText, *, prune: bool = False, whole_quarter: bool = False,
                 resolve_alignment: bool = True) -> PlanChanges:
    """Match every line of `plan` to the database's records; raises PlanError (line numbers).

    The scope, where records the file leaves out are removed (prune) or kept: the team the
    heading names; else, with `whole_quarter` (the file `okrtui edit` wrote for the quarter),
    every team of the quarter; else the teams the file names (`okrtui apply`)."""
    problems: list[tuple[int, str]] = []
    same_db = bool(plan.database_id) and plan.database_id == workspace.meta.database_id
    scope_teams = plan.teams()
    if whole_quarter and not plan.team:
        scope_teams = sorted(set(scope_teams) | {o.team for o in workspace.objectives_in(plan.quarter)})
    changes = PlanChanges(plan.quarter, scope_teams)
    in_scope = [o for o in workspace.objectives_in(plan.quarter) if o.team in scope_teams]
    if quarter_closed(workspace, plan.quarter) or any(o.state == "closed" for o in in_scope):
        raise PlanError([(1, _("{quarter} is closed; reopen it first (okrtui close {quarter} --reopen)").format(
            quarter=plan.quarter))])
    used_objectives: set[int] = set()
    used_krs: set[int] = set()
    seen_keys: dict[tuple[str, str], int] = {}

    # Objectives: by tag of this database, else by (quarter, team, title).
    objective_words = LineWords(
        _("the file has this objective twice (line {first})"),
        _("objective {{O{id}}} is not in the database (deleted meanwhile?); remove the tag to create it anew"),
        _("the tag {{O{id}}} is in the file twice"))

    def other_quarter(found: Objective) -> str | None:
        if found.quarter == plan.quarter:
            return None
        return _("objective {{O{id}}} is in {quarter}, not in this file's quarter").format(id=found.id, quarter=found.quarter)

    matched: list[Objective | None] = []
    for entry in plan.objectives:
        if plan.team and entry.team != plan.team:
            problems.append((entry.line, _("this file holds team {scope}'s part of the quarter; the objective is "
                                           "in team {team}").format(scope=plan.team, team=entry.team)))
        matched.append(match_line(
            entry, (entry.team, entry.title), seen_keys, tagged=workspace.objective if same_db else None,
            candidates=workspace.objectives_in(plan.quarter, entry.team), used=used_objectives,
            words=objective_words, problems=problems, elsewhere=other_quarter))

    # Alignment: to an objective of the file (by its tag, then title), else of the database.
    for index, (entry, before) in enumerate(zip(plan.objectives, matched)):
        parent_id: int | None = None
        parent_entry: int | None = None
        if entry.parent_tag is not None or entry.parent_title:
            found = find_link(entry.parent_tag, entry.parent_title, file_tags=[e.tag for e in plan.objectives],
                              file_titles=[e.title for e in plan.objectives], file_records=matched,
                              tagged=workspace.objective if same_db else None, records=workspace.objectives)
            if found is not None:
                parent_id, parent_entry = found
            elif resolve_alignment:
                problems.append((entry.line, _("'aligned:' names no objective of this file or of the database; "
                                               "write it as 'aligned: O3 title' or the title alone")))
            if parent_entry == index or (parent_id is not None and before is not None and parent_id == before.id):
                problems.append((entry.line, _("an objective cannot be aligned to itself")))
                parent_id = parent_entry = None
        base = before.model_dump() if before is not None else {"quarter": plan.quarter}
        # The text says the whole link: an objective, a key result (linked once the KRs are matched) or none.
        data = {**base, "title": entry.title, "team": entry.team, "owner": entry.owner,
                "commitment": entry.commitment, "description": entry.description, "parent_id": parent_id,
                "parent_kr_id": None, "cadence": entry.cadence}
        if entry.level is not None:
            data["level"] = entry.level
        if before is None or before.state != "closed":
            data["state"] = entry.state
        try:
            record = build(Objective, data)
        except InvalidInput as error:
            problems += [(entry.line, message) for _f, message in error.problems]
            continue
        changes.objectives.append(ObjectivePlan(entry, record, before, parent_entry))

    if problems:
        raise PlanError(problems)

    # Key results: by tag of this database, else by (objective, title).
    kr_words = LineWords(
        _("the objective has this key result twice (line {first})"),
        _("key result {{#{id}}} is not in the database (deleted meanwhile?); remove the tag to create it anew"),
        _("the tag {{#{id}}} is in the file twice"))

    def other_quarters(found: KeyResult) -> str | None:
        owner = workspace.objective(found.objective_id)
        if owner is not None and owner.quarter == plan.quarter:
            return None
        return _("key result {{#{id}}} belongs to another quarter").format(id=found.id)

    for index, objective_plan in enumerate(changes.objectives):
        objective_id = objective_plan.before.id if objective_plan.before else None
        titles: dict[str, int] = {}
        for entry in objective_plan.entry.key_results:
            before = match_line(
                entry, entry.title, titles, tagged=workspace.key_result if same_db else None,
                candidates=workspace.krs_of(objective_id) if objective_id is not None else [], used=used_krs,
                words=kr_words, problems=problems, elsewhere=other_quarters)
            base = before.model_dump() if before is not None else {}
            fields = entry.fields()
            if not same_db:  # `kpi: K5`, like a tag, names a KPI of the file's own database: left out here
                fields.pop("source_kpi_id")
            data = {**base, **fields, "objective_id": objective_id if objective_id is not None else 0}
            if before is not None and before.kind != entry.kind and entry.kind == "milestone":
                data["current"] = None
            try:
                record = build(KeyResult, data)
                check_source(workspace, record)
            except InvalidInput as error:
                problems += [(entry.line, message) for _f, message in error.problems]
                continue
            changes.key_results.append(KRPlan(entry, record, before, index))
    if problems:
        raise PlanError(problems)
    link_key_results(workspace, changes, same_db, problems, resolve_alignment)
    if problems:
        raise PlanError(problems)
    changes.initiatives, left_out = match_initiatives(workspace, changes.key_results, same_db, problems)
    if problems:
        raise PlanError(problems)
    if prune:
        changes.removed_initiatives = left_out
    else:
        changes.kept_initiatives = left_out

    # What the file leaves out, within its scope.
    for objective in in_scope:
        if objective.id in used_objectives:
            continue
        krs = workspace.krs_of(objective.id)
        gone_krs = [k for k in krs if k.id not in used_krs]
        removal = Removal(objective=objective, key_results=len(gone_krs),
                          checkins=sum(len(workspace.checkins_of(k.id)) for k in gone_krs))
        (changes.removed if prune else changes.kept).append(removal)
    for objective_plan in changes.objectives:
        if objective_plan.before is None:
            continue
        for kr in workspace.krs_of(objective_plan.before.id):
            if kr.id not in used_krs:
                removal = Removal(kr=kr, checkins=len(workspace.checkins_of(kr.id)))
                (changes.removed if prune else changes.kept).append(removal)
    check_alignment(workspace, changes, problems)
    if problems:
        raise PlanError(problems)
    return changes
