"""Initiatives in the plan file (issue 20): one indented checklist line under a key result,

    - 新簽約10家企業客戶,達成50萬營收 {#1}
      increase 0 → 50 萬元 · owner: 王小明 · weight: 1
      - [/] 拜訪20家潛在企業客戶 · owner: 王小明 · due: 2026-W50 {T1}

`[ ]` to do, `[/]` doing, `[x]` done; `owner:` and `due:` (a week: 2026-W50, W50, or a day) are
optional. A tag {T1} names the initiative in the database the file's heading names; a line
without one is matched by its KR and title, else it is new. Under a KR the file names, an
initiative the file leaves out is removed only when asked (prune), like a KR.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable, ClassVar

from okrtui.domain.initiatives import parse_due_week
from okrtui.domain.models import Initiative, KeyResult
from okrtui.domain.plan_match import LinePlan, LineWords, match_line
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _

BOXES = {" ": "todo", "/": "doing", "x": "done", "X": "done"}
BOX_OF = {"todo": " ", "doing": "/", "done": "x"}
_LINE = re.compile(r"^[-*]\s+\[(?P<box>.)\]\s*(?P<rest>.*)$")
_TAG = re.compile(r"\s*\{T([0-9]{1,18})\}\s*$")
_KEYS = {"owner": "owner", "負責人": "owner", "due": "due", "到期": "due", "到期週": "due"}
FIELDS = ("kr_id", "title", "owner", "status", "due")


@dataclass
class InitiativeText:
    line: int
    tag: int | None
    title: str
    status: str = "todo"
    owner: str = ""
    due: str | None = None

    def fields(self) -> dict:
        return {"title": self.title, "status": self.status, "owner": self.owner, "due": self.due}


def is_initiative_line(raw: str) -> bool:
    """An indented checklist line: `  - [ ] …`."""
    return raw[:1].isspace() and _LINE.match(raw.strip()) is not None


def render_initiative(item: InitiativeText) -> str:
    parts = [item.title]
    if item.owner:
        parts.append(f"owner: {item.owner}")
    if item.due:
        parts.append(f"due: {item.due}")
    tag = f" {{T{item.tag}}}" if item.tag is not None else ""
    return f"  - [{BOX_OF[item.status]}] " + " · ".join(parts) + tag


def parse_initiative(n: int, raw: str, day: date, fail: Callable[[int, str], None]) -> InitiativeText | None:
    """The initiative a checklist line holds; problems go to `fail` with the line number."""
    match = _LINE.match(raw.strip())
    if match is None:
        return None
    status = BOXES.get(match.group("box"))
    if status is None:
        fail(n, _("an initiative's box is [ ] to do, [/] doing or [x] done"))
        return None
    rest = match.group("rest")
    tag_match = _TAG.search(rest)
    tag = int(tag_match.group(1)) if tag_match else None
    rest = rest[: tag_match.start()] if tag_match else rest
    title_parts: list[str] = []
    item = InitiativeText(n, tag, "", status)
    for index, part in enumerate(re.split(r"\s+·\s+|^·\s*", rest.strip())):
        key_match = re.match(r"^([^:：]+?)\s*[:：]\s*(.*)$", part.strip())
        key = _KEYS.get(key_match.group(1).strip().casefold()) if key_match and index else None
        if key == "owner":
            item.owner = key_match.group(2).strip()  # type: ignore[union-attr]
        elif key == "due":
            try:
                item.due = parse_due_week(key_match.group(2), day)  # type: ignore[union-attr]
            except InvalidInput as error:
                fail(n, "; ".join(m for _f, m in error.problems))
        else:
            title_parts.append(part)  # a title may hold " · " itself
    item.title = " · ".join(p for p in title_parts if p).strip() if title_parts[0] else ""
    if not item.title:
        fail(n, _("the initiative has no title"))
    return item


@dataclass
class InitiativePlan(LinePlan[InitiativeText, Initiative]):
    """record: kr_id a placeholder when the KR is new."""

    kr_entry: int = 0  # index of its KR in PlanChanges.key_results
    FIELDS: ClassVar[tuple[str, ...]] = FIELDS[1:]


def match_initiatives(workspace: Workspace, kr_plans: list, same_db: bool,
                      problems: list[tuple[int, str]]) -> tuple[list[InitiativePlan], list[Initiative]]:
    """Each initiative line matched to the database (tag of this database, else KR and title), and
    the initiatives of the file's matched KRs that no line names (removed with prune)."""
    plans: list[InitiativePlan] = []
    used: set[int] = set()
    words = LineWords(
        _("the key result has this initiative twice (line {first})"),
        _("initiative {{T{id}}} is not in the database (deleted meanwhile?); remove the tag to create it anew"),
        _("the tag {{T{id}}} is in the file twice"))
    for index, kr_plan in enumerate(kr_plans):
        kr: KeyResult | None = kr_plan.before
        titles: dict[str, int] = {}
        for entry in kr_plan.entry.initiatives:
            before = match_line(entry, entry.title, titles, tagged=workspace.initiative if same_db else None,
                                candidates=workspace.initiatives_of(kr.id) if kr is not None else [],
                                used=used, words=words, problems=problems)
            data = {**(before.model_dump() if before else {}), **entry.fields(), "kr_id": kr.id if kr else 0}
            try:
                record = build(Initiative, data)
            except InvalidInput as error:
                problems += [(entry.line, message) for _f, message in error.problems]
                continue
            plans.append(InitiativePlan(entry, record, before, index))
    left_out = [i for kr_plan in kr_plans if kr_plan.before is not None
                for i in workspace.initiatives_of(kr_plan.before.id) if i.id not in used]
    return plans, left_out


def initiative_texts(workspace: Workspace, kr_id: int | None) -> list[InitiativeText]:
    """A KR's initiatives as the plan file writes them, tagged with this database's ids."""
    return [InitiativeText(0, i.id, i.title, i.status, i.owner, i.due) for i in workspace.initiatives_of(kr_id)]


def write_initiatives(table, plans: list[InitiativePlan], kr_ids: list[int], removed: list[Initiative],
                      now: datetime) -> None:
    """Under the lock: insert, update and remove, with each new KR's id known (`kr_ids` by KR entry);
    a status that is new is stamped `now` (the standup counts from it)."""
    for item in plans:
        row = {**item.record.model_dump(mode="json", exclude={"id"}), "kr_id": kr_ids[item.kr_entry]}
        if item.before is None or item.before.status != item.record.status:
            row["status_at"] = None if item.before is None and item.record.status == "todo" else now.isoformat()
        if item.before is None:
            table.insert(row)
        elif item.changed or row["kr_id"] != item.before.kr_id:
            table.update(row, doc_ids=[item.before.id])
    if removed:
        table.remove(doc_ids=[i.id for i in removed])
