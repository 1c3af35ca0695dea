"""A quarter's OKRs as plain text (Markdown): read and written here, applied by plan_changes.

    # 2026-Q4 {db:36ea8ba2dd4d}

    ## 拓展新市場,提升公司收入來源 {O2}
    team: 業務 · owner: 王小明 · committed · aligned: O1 成為客戶心中值得信賴的成長夥伴

    The objective's description: any paragraphs below its line.

    - 新簽約10家企業客戶,達成50萬營收 {#1}
      increase 0 → 50 萬元 · owner: 王小明 · weight: 1 · kpi: K1

The file's heading names the quarter (and the team, when the file holds one team's part) and the
database the file came from; `## ` starts an objective, whose next line holds its team, owner,
commitment and alignment; `- ` starts a key result, whose indented next line holds its kind,
start → target and unit, owner, weight and the KPI that feeds it (`kpi: K5`); indented checklist lines below it are its initiatives
(`  - [ ] title · owner: … · due: 2026-W50`, plan_initiatives). A tag at the end of a line ({O2}, {#1}) is the record's
id in the database the heading names; a line without one is matched by its natural key or new.
Keywords are the same in every language; the zh-TW words are accepted too (團隊, 負責人, 權重,
指標, 對齊, 承諾型, 挑戰型, 增加, 減少, 至少, 至多, 里程碑). `<!-- … -->` is a comment.

Pure: no database, no terminal; errors are (line, sentence) pairs.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from okrtui.domain.models import KR_KINDS, InvalidInput
from okrtui.domain.plan_initiatives import InitiativeText, is_initiative_line, parse_initiative, render_initiative
from okrtui.domain.inputs import parse_number
from okrtui.domain.quarter import Quarter
from okrtui.i18n import _, ngettext

ARROW = "→"
SEPARATOR = " · "

# Keyword → meaning. English first (what render writes), then the zh-TW synonyms.
_KEYS = {
    "team": "team", "團隊": "team",
    "owner": "owner", "負責人": "owner",
    "weight": "weight", "權重": "weight",
    "aligned": "aligned", "aligned to": "aligned", "對齊": "aligned",
    "cadence": "cadence", "節奏": "cadence", "檢核節奏": "cadence",
    "kpi": "kpi", "指標": "kpi", "來源指標": "kpi",
}
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
_ESCAPE = ("#", "-", "*", "<!--", "\\")


@dataclass
class KeyResultText:
    line: int
    tag: int | None
    title: str
    kind: str = "increase"
    start: float = 0.0
    target: float = 1.0
    unit: str = ""
    owner: str = ""
    weight: float = 1.0
    # The work planned under it (domain/plan_initiatives): checklist lines below its numbers.
    initiatives: list[InitiativeText] = field(default_factory=list)
    source_kpi_id: int | None = None  # `kpi: K5`: the KPI whose readings are also its check-ins

    def fields(self) -> dict:
        return {"title": self.title, "kind": self.kind, "start": self.start, "target": self.target,
                "unit": self.unit, "owner": self.owner, "weight": self.weight, "source_kpi_id": self.source_kpi_id}


@dataclass
class ObjectiveText:
    line: int
    tag: int | None
    title: str
    team: str = ""
    owner: str = ""
    commitment: str = "aspirational"
    state: str = "active"
    parent_tag: int | None = None
    parent_title: str = ""
    description: str = ""
    key_results: list[KeyResultText] = field(default_factory=list)
    cadence: str | None = None  # its own check-in cadence; None: its team's


@dataclass
class PlanText:
    quarter: str
    database_id: str | None = None
    team: str | None = None
    objectives: list[ObjectiveText] = field(default_factory=list)

    def teams(self) -> list[str]:
        if self.team:
            return [self.team]
        return sorted({o.team for o in self.objectives})


class PlanError(InvalidInput):
    """A plan file okrtui cannot read (or apply): each problem with its line number."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.lines = sorted(problems, key=lambda p: p[0])
        super().__init__([("plan", line_message(n, m)) for n, m in self.lines])

    def __str__(self) -> str:
        first = line_message(*self.lines[0])
        more = len(self.lines) - 1
        if more:
            first += " " + ngettext("(and {n} more problem)", "(and {n} more problems)", more).format(n=more)
        return first


def line_message(line: int, message: str) -> str:
    return _("line {line}: {message}").format(line=line, message=message)


# ---- writing ---------------------------------------------------------------


def number_text(value: float) -> str:
    """50 → '50', 0.5 → '0.5', 38500 → '38500': the shortest text that reads back the same."""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def _escaped(line: str) -> str:
    return "\\" + line if line.lstrip().startswith(_ESCAPE) else line


def render_plan(plan: PlanText, help_comment: bool = True) -> str:
    """The text of a plan; parse_plan reads it back into the same plan."""
    head = f"# {plan.quarter}"
    if plan.team:
        head += f"{SEPARATOR}team: {plan.team}"
    if plan.database_id:
        head += f" {{db:{plan.database_id}}}"
    lines = [head]
    if help_comment:
        lines.append("<!-- " + _(
            "okrtui plan: '## ' starts an objective, '- ' a key result; a line without a {…} tag is a new one; "
            "delete a line to remove its record") + " -->")
    titles = {o.tag: o.title for o in plan.objectives if o.tag is not None}
    for objective in plan.objectives:
        lines += ["", "## " + _tagged(objective.title, "O", objective.tag)]
        parts = [f"team: {objective.team}"]
        if objective.owner:
            parts.append(f"owner: {objective.owner}")
        parts.append(objective.commitment)
        if objective.state == "dropped":
            parts.append("dropped")
        if objective.cadence:
            parts.append(f"cadence: {objective.cadence}")
        if objective.parent_tag is not None or objective.parent_title:
            parent_title = objective.parent_title or titles.get(objective.parent_tag, "")
            aligned = f"O{objective.parent_tag} {parent_title}" if objective.parent_tag is not None else parent_title
            parts.append(f"aligned: {aligned}".rstrip())
        lines.append(SEPARATOR.join(parts))
        if objective.description:
            lines.append("")
            lines += [_escaped(line) for line in objective.description.split("\n")]
        if objective.key_results:
            lines.append("")
        for kr in objective.key_results:
            lines.append("- " + _tagged(kr.title, "#", kr.tag))
            if kr.kind == "milestone":
                measure = "milestone"
            else:
                measure = f"{kr.kind} {number_text(kr.start)} {ARROW} {number_text(kr.target)}"
                if kr.unit:
                    measure += f" {kr.unit}"
            parts = [measure]
            if kr.owner:
                parts.append(f"owner: {kr.owner}")
            parts.append(f"weight: {number_text(kr.weight)}")
            if kr.source_kpi_id is not None:
                parts.append(f"kpi: K{kr.source_kpi_id}")
            lines.append("  " + SEPARATOR.join(parts))
            lines += [render_initiative(item) for item in kr.initiatives]
    return "\n".join(lines) + "\n"


def _tagged(title: str, kind: str, tag: int | None) -> str:
    return f"{title} {{{kind}{tag}}}" if tag is not None else title


# ---- reading ---------------------------------------------------------------


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
                if match:
                    objective.parent_tag = int(match.group(1))
                    objective.parent_title = (match.group("title") or "").strip()
                else:
                    objective.parent_title = value
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
                               "committed or aspirational, dropped, aligned:, cadence:").format(part=part))
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
            title, kind, tag = _split_tag(stripped[2:])
            if kind == "#":
                reader.fail(n, _("an objective's tag is {{O…}}; {{#{id}}} is a key result's").format(id=tag))
            if not title:
                reader.fail(n, _("the objective has no title"))
            objective = ObjectiveText(n, tag if kind == "O" else None, title)
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
            title, kind, tag = _split_tag(stripped[1:])
            if kind == "O":
                reader.fail(n, _("a key result's tag is {{#…}}; {{O{id}}} is an objective's").format(id=tag))
            if not title:
                reader.fail(n, _("the key result has no title"))
            kr = KeyResultText(n, tag if kind == "#" else None, title)
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


# ---- notes in the file -----------------------------------------------------

NOTE_MARK = "<!-- okrtui: "  # problems, and what others changed meanwhile: replaced at each round
COACH_MARK = "<!-- coach: "  # the coach's findings: replaced when the coach runs again


def note_line(message: str, indent: str = "", mark: str = NOTE_MARK) -> str:
    """A one-line comment the parser skips; '-->' inside the message cannot end it early."""
    text = " ".join(message.replace("-->", "->").split())
    return f"{indent}{mark}{text} -->"


def annotate(text: str, notes: list[tuple[int, str]], top: tuple[str, ...] | list[str] = (),
             mark: str = NOTE_MARK) -> str:
    """The file with each note as a comment right above the line it is about (`crontab -e` style),
    `top` above everything, and the notes of a previous round (the same mark) taken out. Line
    numbers are those of `text` as given (previous notes included), as parse_plan counted them."""
    lines = text.split("\n")
    at: dict[int, list[str]] = {}
    for n, message in notes:
        at.setdefault(min(max(n, 1), len(lines)), []).append(message)
    out = [note_line(message, mark=mark) for message in top]
    waiting: list[str] = []  # notes about a previous round's note line go to the next line kept
    for n, line in enumerate(lines, start=1):
        waiting += at.get(n, [])
        if line.lstrip().startswith(mark):
            continue
        indent = line[: len(line) - len(line.lstrip())]
        out += [note_line(message, indent, mark) for message in waiting]
        waiting = []
        out.append(line)
    return "\n".join(out)
