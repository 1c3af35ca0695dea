"""A validated snapshot of a whole database, and the look-ups every screen and command needs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Protocol, Sequence, TypeVar

from okrtui.domain.kr_rules import value_before_first
from okrtui.domain.ids import looks_numeric, reference_id, shown_id
from okrtui.domain.models import KPI, Change, CheckIn, Comment, Initiative, KeyResult, Meta, Objective, Team
from okrtui.domain.quarter import Quarter, as_utc
from okrtui.i18n import _

T = TypeVar("T")
M = TypeVar("M")


def _by_id(record) -> int:
    return record.id or 0


@dataclass
class Workspace:
    """Every record of a database (or of its live file, or live and archive together), indexed."""

    objectives: list[Objective] = field(default_factory=list)
    key_results: list[KeyResult] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    kpis: list[KPI] = field(default_factory=list)
    meta: Meta = field(default_factory=Meta)
    # Schema 5: the change log (oldest first) and the comments on objectives and KRs.
    changes: list[Change] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    # Team settings (schema 7): cadence and lead, one record per team that has any.
    team_settings: list[Team] = field(default_factory=list)
    # Initiatives (schema 8): the work planned under each KR, never scored.
    initiatives: list[Initiative] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        self._objectives = {o.id: o for o in self.objectives}
        self._krs = {k.id: k for k in self.key_results}
        self._krs_of: dict[int | None, list[KeyResult]] = defaultdict(list)
        for kr in sorted(self.key_results, key=lambda k: k.id or 0):
            self._krs_of[kr.objective_id].append(kr)
        self.__dict__.pop("_checkins_of", None)  # each KR's check-ins: indexed on first use (_checkin_index)
        self._teams = {t.name: t for t in self.team_settings}
        self._initiatives_of: dict[int, list[Initiative]] = defaultdict(list)
        for initiative in sorted(self.initiatives, key=lambda i: i.id or 0):
            self._initiatives_of[initiative.kr_id].append(initiative)
        self._memo: dict[str, object] = {}

    def defer(self, table: str, load: Callable[[], list]) -> None:
        """`changes`, `comments` or `kpis` loaded on first use (storage: a file proven valid need not build
        its change log for a command that never shows it, nor its KPIs' readings for a screen that
        shows no KPI); `kr_edits`: how kr_edits() reads alone."""
        self.__dict__[f"_{table}_load"] = load

    def kr_edits(self) -> list[Change]:
        """The change log's entries that edit KRs (edits_krs), oldest first: taken from the whole log
        once it is read, else read alone (a quarter's log is mostly check-ins: `list` needs none)."""
        load = self.__dict__.get("_kr_edits_load")
        if load is None or "_changes_load" not in self.__dict__:
            return self.memo("kr edits", lambda: [c for c in self.changes if edits_krs(c.action, c.kr_ids)])
        return self.memo("kr edits", load)

    def memo(self, key: str, compute: Callable[[], M]) -> M:
        """A value derived from the whole snapshot, computed once (a snapshot is not changed once loaded)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[return-value]

    def team_record(self, name: str) -> Team | None:
        """The settings record of a team, if it has one (domain/cadence reads it)."""
        return self._teams.get(name)

    def objective(self, objective_id: int) -> Objective | None:
        return self._objectives.get(objective_id)

    def key_result(self, kr_id: int) -> KeyResult | None:
        return self._krs.get(kr_id)

    def krs_of(self, objective_id: int | None) -> list[KeyResult]:
        return list(self._krs_of.get(objective_id, ()))

    def defer_checkins(self, source: CheckinSource) -> None:
        """Check-ins built per KR when first asked for (storage: the proven rows of a file okrtui
        wrote). The whole list is built only when something reads `checkins` itself."""
        self.defer("checkins", source.all)
        self.__dict__["_checkin_source"] = source
        self.__dict__.pop("_checkins_of", None)

    def _source(self) -> CheckinSource | None:
        """The deferred check-ins' source while `checkins` has not been built or replaced."""
        return self.__dict__.get("_checkin_source") if "_checkins_load" in self.__dict__ else None

    def _checkin_index(self) -> dict[int, list[CheckIn]]:
        index = self.__dict__.get("_checkins_of")
        if index is None:
            index = defaultdict(list)
            for checkin in sorted(self.checkins, key=lambda c: (c.at, c.id or 0)):
                index[checkin.kr_id].append(checkin)
            self.__dict__["_checkins_of"] = index
        return index

    def checkins_of(self, kr_id: int | None) -> list[CheckIn]:
        """Check-ins of one KR, oldest first."""
        source = self._source()
        if source is not None:
            return source.of(kr_id or 0)
        return list(self._checkin_index().get(kr_id or 0, ()))

    def first_checkin(self, kr_id: int | None) -> CheckIn | None:
        source = self._source()
        if source is not None:
            return source.first(kr_id or 0)
        history = self._checkin_index().get(kr_id or 0)
        return history[0] if history else None

    def last_checkin(self, kr_id: int | None) -> CheckIn | None:
        source = self._source()
        if source is not None:
            return source.last(kr_id or 0)
        history = self._checkin_index().get(kr_id or 0)
        return history[-1] if history else None

    def initiatives_of(self, kr_id: int | None) -> list[Initiative]:
        """A KR's initiatives, in the order they were added."""
        return list(self._initiatives_of.get(kr_id or 0, ()))

    def initiative(self, initiative_id: int) -> Initiative | None:
        return next((i for i in self.initiatives if i.id == initiative_id), None)

    def children_of(self, objective_id: int | None) -> list[Objective]:
        if objective_id is None:
            return []
        return list(self._grouped("parent_id").get(objective_id, ()))

    def aligned_to_kr(self, kr_id: int | None) -> list[Objective]:
        """Objectives aligned to a key result (schema 8), by id."""
        aligned = self._grouped("parent_kr_id").get(kr_id) if kr_id is not None else None
        return sorted(aligned, key=_by_id) if aligned else []  # most KRs have none (1,200 asked at L)

    def _grouped(self, attribute: str) -> dict[int, list[Objective]]:
        """Objectives by their parent_id or parent_kr_id, in file order, built once per snapshot
        (each KR's view asked for its aligned objectives by scanning all: quadratic, 6 s at XL)."""
        known = self._memo.get(attribute)
        if known is None:
            out: dict[int, list[Objective]] = defaultdict(list)
            for o in self.objectives:
                parent = getattr(o, attribute)
                if parent is not None:
                    out[parent].append(o)
            known = self._memo[attribute] = out
        return known  # type: ignore[return-value]

    def objectives_in(self, quarter: Quarter | str, team: str | None = None) -> list[Objective]:
        label = str(quarter)
        return [
            o
            for o in sorted(self.objectives, key=lambda o: (o.team, o.id or 0))
            if o.quarter == label and (team is None or o.team == team)
        ]

    def krs_in(self, quarter: Quarter | str, team: str | None = None) -> list[KeyResult]:
        out: list[KeyResult] = []
        for objective in self.objectives_in(quarter, team):
            out.extend(self.krs_of(objective.id))
        return out

    def quarters(self) -> list[Quarter]:
        return sorted({Quarter.parse(o.quarter) for o in self.objectives})

    def teams(self) -> list[str]:
        return sorted({o.team for o in self.objectives} | {k.team for k in self.kpis} | {t.name for t in self.team_settings})

    def latest_activity(self) -> datetime | None:
        moments = [c.at for c in self.checkins] + [r.at for k in self.kpis for r in k.readings]
        return max(moments) if moments else None


def edits_krs(action: object, kr_ids: object) -> bool:
    """Whether a log entry may have moved a KR's target or start: any entry naming KRs but a check-in."""
    return action != "checkin" and bool(kr_ids)


def _deferrable(table: str) -> property:
    rows, pending = f"_{table}_rows", f"_{table}_load"

    def get(self: Workspace) -> list:
        load = self.__dict__.pop(pending, None)
        if load is not None:
            self.__dict__[rows] = load()
        return self.__dict__[rows]

    def set_(self: Workspace, value: list) -> None:
        self.__dict__.pop(pending, None)
        self.__dict__[rows] = value

    return property(get, set_)


class CheckinSource(Protocol):
    """Check-ins not built yet, built per KR on demand (storage/lazy_checkins.py)."""

    def of(self, kr_id: int) -> list[CheckIn]:
        """One KR's check-ins, oldest first (by time, then id), as a new list."""
        ...

    def last(self, kr_id: int) -> CheckIn | None:
        """The newest of them, built alone when the KR's others are not needed."""
        ...

    def first(self, kr_id: int) -> CheckIn | None:
        """The oldest of them, likewise."""
        ...

    def all(self) -> list[CheckIn]:
        """Every check-in, in the file's order."""
        ...


# Set after the dataclass is made, so that its __init__ still takes them as fields.
Workspace.checkins = _deferrable("checkins")  # type: ignore[assignment]
Workspace.changes = _deferrable("changes")  # type: ignore[assignment]
Workspace.comments = _deferrable("comments")  # type: ignore[assignment]
Workspace.kpis = _deferrable("kpis")  # type: ignore[assignment]


class ReferenceError_(LookupError):
    """A KR or KPI reference that matches nothing or more than one thing."""

    def __init__(self, message: str, candidates: Sequence[str] = ()):
        self.candidates = list(candidates)
        super().__init__(message)


def resolve(items: Sequence[T], ref: str, *, title_of, id_of, what: str) -> T:
    """Find one item by numeric id or by a fragment of its title (case-insensitive).

    An exact title match wins over fragment matches, so a title that is part
    of another can still be named.
    """
    text = str(ref).strip()
    if not text:
        raise ReferenceError_(_("name a {what} by its id or part of its title").format(what=what))
    if looks_numeric(text):  # ASCII digits only: "١" (Arabic-Indic one) is text, not id 1
        number = reference_id(text)
        for item in items:
            if number is not None and id_of(item) == number:
                return item
        numeric_title = [i for i in items if text in title_of(i)]
        if len(numeric_title) == 1:
            return numeric_title[0]
        raise ReferenceError_(
            _("no {what} has id {ref}").format(what=what, ref=shown_id(text)), [_describe(i, title_of, id_of) for i in items]
        )
    needle = text.casefold()
    exact = [i for i in items if title_of(i).casefold() == needle]
    if len(exact) == 1:
        return exact[0]
    matches = [i for i in items if needle in title_of(i).casefold()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ReferenceError_(
            _("no {what} matches '{ref}'").format(what=what, ref=shown_id(text)), [_describe(i, title_of, id_of) for i in items]
        )
    raise ReferenceError_(
        _("'{ref}' matches {n} {what}s; use the id or more of the title").format(ref=text, n=len(matches), what=what),
        [_describe(i, title_of, id_of) for i in matches],
    )


def _describe(item, title_of, id_of) -> str:
    return f"{id_of(item)}: {title_of(item)}"


def resolve_kr(workspace: Workspace, ref: str) -> KeyResult:
    # An id names exactly one KR, wherever it is: it wins before any title fragment is tried.
    number = reference_id(str(ref).strip())
    if number is not None:
        by_id = workspace.key_result(number)
        if by_id is not None:
            return by_id
    # Prefer KRs of active objectives, so last quarter's closed copy never makes a name ambiguous.
    active_ids = {o.id for o in workspace.objectives if o.state == "active"}
    pool = [k for k in workspace.key_results if k.objective_id in active_ids] or workspace.key_results
    try:
        return resolve(pool, ref, title_of=lambda k: k.title, id_of=lambda k: k.id, what=_("key result"))
    except ReferenceError_:
        if pool is workspace.key_results:
            raise
        return resolve(workspace.key_results, ref, title_of=lambda k: k.title, id_of=lambda k: k.id, what=_("key result"))


def resolve_kpi(workspace: Workspace, ref: str) -> KPI:
    return resolve(workspace.kpis, ref, title_of=lambda k: k.name, id_of=lambda k: k.id, what=_("KPI"))


def rewind(workspace: Workspace, moment: datetime) -> Workspace:
    """The workspace as it stood at `moment`: later check-ins and readings dropped, values replayed.

    A naive `moment` is read as UTC. A KR's confidence is the latest one a check-in up to `moment`
    gave; failing that, the confidence the first later check-in found (its previous_confidence),
    so that no later confidence leaks into the past.
    """
    moment = as_utc(moment)
    ordered = sorted(workspace.checkins, key=lambda c: (c.at, c.id or 0))
    checkins = [c for c in workspace.checkins if c.at <= moment]
    latest: dict[int, CheckIn] = {}
    confidence: dict[int, int] = {}
    settled: set[int] = set()
    firsts: dict[int, CheckIn] = {}
    for checkin in ordered:
        firsts.setdefault(checkin.kr_id, checkin)
        if checkin.at <= moment:
            latest[checkin.kr_id] = checkin
            if checkin.confidence is not None:
                confidence[checkin.kr_id] = checkin.confidence
                settled.add(checkin.kr_id)
        elif checkin.kr_id not in settled:
            settled.add(checkin.kr_id)  # only the first later check-in knows the confidence at `moment`
            if checkin.previous_confidence is not None:
                confidence[checkin.kr_id] = checkin.previous_confidence
    krs = []
    for kr in workspace.key_results:
        last = latest.get(kr.id or 0)
        first = firsts.get(kr.id or 0)  # a KR not checked in by `moment` stands where its first check-in found it
        update: dict = {"current": last.value if last is not None else value_before_first(kr, [first] if first else [])}
        if (kr.id or 0) in confidence:
            update["confidence"] = confidence[kr.id or 0]
        krs.append(kr.model_copy(update=update))
    kpis = []
    for kpi in workspace.kpis:
        readings = [r for r in kpi.readings if r.at <= moment]
        kpis.append(kpi.model_copy(update={"readings": readings, "current": readings[-1].value if readings else None}))
    return Workspace(list(workspace.objectives), krs, checkins, kpis, workspace.meta,
                     [c for c in workspace.changes if c.at <= moment], [c for c in workspace.comments if c.at <= moment],
                     workspace.team_settings, list(workspace.initiatives))
