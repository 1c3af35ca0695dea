"""Reading a plan file's Markdown into a PlanText, naming every line it cannot read; the format is in plan_text's docstring."""

from __future__ import annotations

import re

from okrtui.domain.models import KR_KINDS
from okrtui.domain.validation import InvalidInput
from okrtui.domain.plan_initiatives import is_initiative_line, parse_initiative
from okrtui.domain.inputs import parse_number
from okrtui.domain.quarter import Quarter
from okrtui.i18n import _
from okrtui.domain.plan_text import KeyResultText, ObjectiveText, PlanError, PlanText


# Keyword → meaning. English first (what render writes), then the zh-TW synonyms.
_KEYS = {
    "team": "team", "團隊": "team",
    "owner": "owner", "負責人": "owner",
    "weight": "weight", "權重": "weight",
    "aligned": "aligned", "aligned to": "aligned", "對齊": "aligned",
    "cadence": "cadence", "節奏": "cadence", "檢核節奏": "cadence",
    "kpi": "kpi", "指標": "kpi", "來源指標": "kpi",
    "level": "level", "層級": "level",
}
LEVEL_WORDS = {"company": "company", "公司": "company", "team": "team", "團隊": "team", "person": "person", "個人": "person"}
_CADENCES = {"weekly": "weekly", "每週": "weekly", "biweekly": "biweekly", "每兩週": "biweekly",
             "monthly": "monthly", "每月": "monthly"}
_COMMITMENTS = {"committed": "committed", "承諾型": "committed", "承諾": "committed",
                "aspirational": "aspirational", "挑戰型": "aspirational", "挑戰": "aspirational"}
_STATES = {"dropped": "dropped", "已放棄": "dropped", "active": "active", "進行中": "active"}
_KINDS = {"increase": "increase", "增加": "increase", "decrease": "decrease", "減少": "decrease",
          "at_least": "at_least", "at least": "at_least", "至少": "at_least",
          "at_most": "at_most", "at most": "at_most", "至多": "at_most",
          "milestone": "milestone", "里程碑": "milestone"}

_TAG = re.compile(r"\s*\{(O|#)([0-9]{1,18})\}\s*$")
_DB_TAG = re.compile(r"\s*\{db:([^}]*)\}\s*$")
_PARTS = re.compile(r"\s+·\s+|\s*·\s*$|^\s*·\s*")
_NUMBER = r"[+-]?(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_RANGE = re.compile(rf"^(?P<kind>\S+(?:\s+(?:least|most))?)\s+(?P<start>{_NUMBER})\s*(?:→|->)\s*(?P<target>{_NUMBER})\s*(?P<unit>.*)$")
_KPI_REF = re.compile(r"^[Kk]?([0-9]{1,18})$")
_ALIGN = re.compile(r"^O([0-9]{1,18})(?:\s+(?P<title>.*))?$")
_ALIGN_KR = re.compile(r"^#([0-9]{1,18})?(?:\s*(?P<title>.*))?$")


def _split_tag(text: str) -> tuple[str, str | None, int | None]:
    match = _TAG.search(text)
    if not match:
        return text.strip(), None, None
    return text[: match.start()].strip(), match.group(1), int(match.group(2))


def _parts(text: str) -> list[str]:
    return [part.strip() for part in _PARTS.split(text.strip()) if part.strip()]


def _key_value(part: str) -> tuple[str | None, str]:
    """'owner: 王小明' → ('owner', '王小明'); '負責人：王小明' too; a bare word → (None, word)."""
    match = re.match(r"^([^:：]+?)\s*[:：]\s*(.*)$", part)
    if match:
        key = _KEYS.get(match.group(1).strip().casefold())
        if key:
            return key, match.group(2).strip()
    return None, part


class _Reader:
    def __init__(self) -> None:
        self.problems: list[tuple[int, str]] = []

    def fail(self, line: int, message: str) -> None:
        self.problems.append((line, message))

    def heading(self, n: int, text: str, own: str, wrong_tag: str, untitled: str) -> tuple[str, int | None]:
        """An objective's ('O') or key result's ('#') title and tag; a tag of the other kind is a problem, and dropped."""
        title, kind, tag = _split_tag(text)
        if kind is not None and kind != own:
            self.fail(n, wrong_tag.format(id=tag))
        if not title:
            self.fail(n, untitled)
        return title, tag if kind == own else None

    def header(self, n: int, text: str) -> PlanText | None:
        body = text[1:].strip()
        database_id = None
        match = _DB_TAG.search(body)
        if match:
            database_id = match.group(1).strip() or None
            body = body[: match.start()].strip()
        parts = _parts(body)
        team = None
        for part in parts[1:]:
            key, value = _key_value(part)
            if key == "team" and value:
                team = value
            else:
                self.fail(n, _("'{part}' is not part of a plan's heading; write it like '# 2026-Q4' or "
                               "'# 2026-Q4 · team: 業務'").format(part=part))
        try:
            quarter = str(Quarter.parse(parts[0] if parts else ""))
        except ValueError:
            self.fail(n, _("a plan file starts with its quarter, like '# 2026-Q4'"))
            return None
        return PlanText(quarter, database_id, team)

    def objective_attributes(self, n: int, text: str, objective: ObjectiveText) -> None:
        for part in _parts(text):
            key, value = _key_value(part)
            word = value.casefold()
            if key == "team":
                objective.team = value
            elif key == "owner":
                objective.owner = value
            elif key == "aligned":
                match = _ALIGN.match(value)
                to_kr = _ALIGN_KR.match(value)
                if to_kr and value.startswith("#"):
                    objective.parent_kr_tag = int(to_kr.group(1)) if to_kr.group(1) else None
                    objective.parent_kr_title = (to_kr.group("title") or "").strip()
                    if objective.parent_kr_tag is None and not objective.parent_kr_title:
                        self.fail(n, _("'aligned: #' names no key result; write it as 'aligned: #3 title'"))
                elif match:
                    objective.parent_tag = int(match.group(1))
                    objective.parent_title = (match.group("title") or "").strip()
                else:
                    objective.parent_title = value
            elif key == "level":
                if word in LEVEL_WORDS:
                    objective.level = LEVEL_WORDS[word]
                else:
                    self.fail(n, _("'{value}' is not a level; write company, team or person").format(value=value))
            elif key == "cadence":
                if word in _CADENCES:
                    objective.cadence = _CADENCES[word]
                else:
                    self.fail(n, _("'{value}' is not a cadence; write weekly, biweekly or monthly").format(value=value))
            elif key is None and word in _COMMITMENTS:
                objective.commitment = _COMMITMENTS[word]
            elif key is None and word in _STATES:
                objective.state = _STATES[word]
            else:
                self.fail(n, _("'{part}' is not something an objective's line says; write team:, owner:, "
                               "committed or aspirational, dropped, level:, aligned:, cadence:").format(part=part))
        if not objective.team:
            self.fail(n, _("say which team the objective belongs to: 'team: NAME' on the line below its heading"))

    def kr_attributes(self, n: int, text: str, kr: KeyResultText) -> None:
        parts = _parts(text)
        measure = parts[0] if parts else ""
        kind = _KINDS.get(measure.casefold())
        if kind == "milestone":
            kr.kind, kr.start, kr.target = "milestone", 0.0, 1.0
        else:
            match = _RANGE.match(measure)
            kind = _KINDS.get(match.group("kind").casefold()) if match else None
            if match is None or kind is None or kind == "milestone":
                self.fail(n, _("a key result's line starts with its kind and numbers, like "
                               "'increase 0 → 50 萬元' or 'milestone'; kinds: {kinds}").format(kinds=", ".join(KR_KINDS)))
                return
            try:
                kr.start = parse_number(match.group("start"), _("start"))
                kr.target = parse_number(match.group("target"), _("target"))
            except InvalidInput as error:
                self.fail(n, str(error))
                return
            kr.kind, kr.unit = kind, match.group("unit").strip()
        for part in parts[1:]:
            key, value = _key_value(part)
            if key == "owner":
                kr.owner = value
            elif key == "weight":
                try:
                    kr.weight = parse_number(value, _("weight"))
                except InvalidInput as error:
                    self.fail(n, str(error))
            elif key == "kpi":
                found = _KPI_REF.match(value)
                if found is None:
                    self.fail(n, _("'{value}' is not a KPI; write it as its id, like 'kpi: K5'").format(value=value))
                else:
                    kr.source_kpi_id = int(found.group(1))
            else:
                self.fail(n, _("'{part}' is not something a key result's line says; write owner:, weight: or kpi:")
                          .format(part=part))


def parse_plan(text: str) -> PlanText:
    """Read a plan file; raises PlanError naming every line it cannot read."""
    reader = _Reader()
    plan: PlanText | None = None
    objective: ObjectiveText | None = None
    kr: KeyResultText | None = None
    # What the next content line may be: "attributes" of the objective or KR just opened,
    # "description" of the objective, "krs" once its key results began.
    expect = ""
    description: list[str] = []
    in_comment = False
    lines = text.replace("\r\n", "\n").split("\n")

    def close_description() -> None:
        if objective is not None and description:
            while description and not description[-1].strip():
                description.pop()
            objective.description = "\n".join(description).strip()
            description.clear()

    for n, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if in_comment:
            in_comment = "-->" not in stripped
            continue
        if stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
            continue
        if plan is None:
            if not stripped:
                continue
            if stripped.startswith("# "):
                plan = reader.header(n, stripped)
                if plan is None:
                    break
                continue
            reader.fail(n, _("a plan file starts with its quarter, like '# 2026-Q4'"))
            break
        if expect in ("objective attributes", "kr attributes"):
            if not stripped:
                continue
            if expect == "kr attributes" and raw[:1].isspace() and kr is not None:
                reader.kr_attributes(n, stripped, kr)
                expect = "krs"
                continue
            if expect == "objective attributes" and objective is not None and not stripped.startswith(("#", "- ", "* ")):
                reader.objective_attributes(n, stripped, objective)
                expect = "description"
                continue
            if expect == "kr attributes":
                reader.fail(kr.line if kr else n, _("a key result needs a line below it, indented, with its kind and "
                                                    "numbers, like '  increase 0 → 50 萬元 · weight: 1'"))
            else:
                reader.fail(objective.line if objective else n, _(
                    "an objective needs a line below its heading with its team, like 'team: 業務 · owner: 王小明'"))
            expect = "krs"
        if expect == "krs" and kr is not None and is_initiative_line(raw):
            item = parse_initiative(n, raw, Quarter.parse(plan.quarter).start, reader.fail)
            if item is not None:
                kr.initiatives.append(item)
            continue
        if stripped.startswith("## ") or stripped == "##":
            close_description()
            title, tag = reader.heading(n, stripped[2:], "O", _("an objective's tag is {{O…}}; {{#{id}}} is a key result's"),
                                        _("the objective has no title"))
            objective = ObjectiveText(n, tag, title)
            plan.objectives.append(objective)
            kr = None
            expect = "objective attributes"
            continue
        if stripped.startswith("#") and not (expect == "description" and raw.startswith("\\")):
            reader.fail(n, _("only '# QUARTER' (once, first) and '## objective' headings are read; "
                             "write '\\#' to start a description line with #"))
            continue
        if stripped.startswith(("- ", "* ")) or stripped in ("-", "*"):
            close_description()
            if objective is None:
                reader.fail(n, _("a key result must come under its objective's '## ' heading"))
                continue
            title, tag = reader.heading(n, stripped[1:], "#", _("a key result's tag is {{#…}}; {{O{id}}} is an objective's"),
                                        _("the key result has no title"))
            kr = KeyResultText(n, tag, title)
            objective.key_results.append(kr)
            expect = "kr attributes"
            continue
        if expect == "description":
            if stripped or description:
                description.append(raw[1:] if raw.startswith("\\") else raw)
            continue
        if not stripped:
            continue
        if objective is None:
            reader.fail(n, _("text before the first objective; start an objective with '## '"))
        else:
            reader.fail(n, _("text below the key results; put the objective's description right below its line "
                             "(or make it a comment: <!-- … -->)"))
    close_description()
    if expect == "objective attributes" and objective is not None:
        reader.fail(objective.line, _(
            "an objective needs a line below its heading with its team, like 'team: 業務 · owner: 王小明'"))
    if expect == "kr attributes" and kr is not None:
        reader.fail(kr.line, _("a key result needs a line below it, indented, with its kind and numbers, like "
                               "'  increase 0 → 50 萬元 · weight: 1'"))
    if plan is None and not reader.problems:
        reader.fail(1, _("the file is empty; a plan file starts with its quarter, like '# 2026-Q4'"))
    if reader.problems:
        raise PlanError(reader.problems)
    assert plan is not None
    return plan
