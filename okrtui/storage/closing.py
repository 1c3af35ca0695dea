"""Closing a quarter and reopening it, each in one locked write, then (un)archiving it.

Closing grades every active objective of the quarter from the team's entries
(domain/grading checks that each is complete; one incomplete entry and nothing
is written), carries the "carry forward" ones into the next quarter with
carry.py in that same write, and then moves the quarter to the archive. A
crash between the two leaves a graded quarter in the live file, which counts as
closed (grading.is_closed) and is archived by the next close. Reopening brings
the records back and makes the objectives active again, keeping the answers
given so that closing again starts from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, TypeVar

from tinydb import TinyDB

from okrtui.domain.grading import ClosingEntry, carried_ids, closed_objective, is_closed, proposals
from okrtui.domain.models import Objective
from okrtui.domain.validation import InvalidInput
from okrtui.domain.quarter import Quarter, format_quarter
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _
from okrtui.storage.archive import archive_quarter, unarchive_quarter
from okrtui.storage.carry import carry_forward
from okrtui.storage.repository import Repository
from okrtui.storage.tables import OBJECTIVES

T = TypeVar("T")


@dataclass
class Closed:
    quarter: str
    objectives: list[Objective] = field(default_factory=list)
    carried: list[Objective] = field(default_factory=list)  # the copies in the next quarter
    already_there: list[Objective] = field(default_factory=list)  # carry forward found a copy from an earlier close


class _SameWrite:
    """Lets carry_forward run its change inside the close's own locked write."""

    def __init__(self, db: TinyDB, ws: Workspace):
        self.db, self.ws = db, ws

    def transaction(self, change: Callable[[TinyDB, Workspace], T]) -> T:
        return change(self.db, self.ws)


def close_quarter(repo: Repository, quarter: Quarter | str, entries: Iterable[ClosingEntry]) -> Closed:
    """Grade and record every active objective of the quarter, carry some forward, then archive it."""
    label = str(Quarter.parse(str(quarter)))
    by_id = {entry.objective_id: entry for entry in entries}

    def change(db: TinyDB, ws: Workspace) -> Closed:
        if label in ws.meta.archived:
            raise InvalidInput([("quarter", _("{quarter} is already closed; reopen it to change its grades").format(
                quarter=format_quarter(label)))])
        result = Closed(label)
        pending = proposals(ws, label)
        if not pending:
            if is_closed(ws, label):
                return result  # graded by a close that stopped before archiving: archive it now
            raise InvalidInput([("quarter", _("there are no objectives in {quarter} to close").format(quarter=format_quarter(label)))])
        problems: list[tuple[str, str]] = []
        carry: dict[int, list[int]] = {}
        for proposal in pending:
            oid = proposal.objective.id
            entry = by_id.get(oid or 0)
            try:
                result.objectives.append(closed_objective(proposal, entry or ClosingEntry(oid or 0)))
                carry[oid or 0] = carried_ids(proposal, entry or ClosingEntry(oid or 0))
            except InvalidInput as error:
                problems += [(name, f"O{oid}: {message}") for name, message in error.problems]
        if problems:
            raise InvalidInput(problems)
        next_quarter = str(Quarter.parse(label).next())
        for objective in result.objectives:
            db.table(OBJECTIVES).update(objective.model_dump(mode="json", exclude={"id"}), doc_ids=[objective.id])
            if objective.decision != "carry_forward":
                continue
            copy = next((o for o in ws.objectives_in(next_quarter, objective.team) if o.title == objective.title), None)
            if copy is not None:  # closed before, reopened, closed again: carried once
                result.already_there.append(copy)
            else:
                result.carried.append(carry_forward(_SameWrite(db, ws), objective.id, carry[objective.id or 0]))
        return result

    closed = repo.transaction(change, action="close")
    archive_quarter(repo, label)
    return closed


def reopen_quarter(repo: Repository, quarter: Quarter | str) -> list[Objective]:
    """Bring a closed quarter back and make its graded objectives active again; returns them."""
    label = str(Quarter.parse(str(quarter)))
    if label in repo.load().meta.archived:
        unarchive_quarter(repo, label)

    def change(db: TinyDB, ws: Workspace) -> list[Objective]:
        reopened = []
        for objective in ws.objectives_in(label):
            closed_now = objective.state == "closed" or (objective.state == "dropped" and objective.decision == "drop")
            if closed_now:
                db.table(OBJECTIVES).update({"state": "active"}, doc_ids=[objective.id])
                reopened.append(objective.model_copy(update={"state": "active"}))
        if not reopened:
            raise InvalidInput([("quarter", _("{quarter} is not closed").format(quarter=format_quarter(label)))])
        return reopened

    return repo.transaction(change, action="reopen")
