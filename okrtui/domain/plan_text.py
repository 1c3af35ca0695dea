"""A quarter's OKRs as plain text (Markdown): read and written here, applied by plan_changes.

    # 2026-Q4 {db:36ea8ba2dd4d}

    ## 拓展新市場,提升公司收入來源 {O2}
    team: 業務 · owner: 王小明 · committed · level: team · aligned: #3 營收成長20%

    The objective's description: any paragraphs below its line.

    - 新簽約10家企業客戶,達成50萬營收 {#1}
      increase 0 → 50 萬元 · owner: 王小明 · weight: 1 · kpi: K1

The file's heading names the quarter (and the team, when the file holds one team's part) and the
database the file came from; `## ` starts an objective, whose next line holds its team, owner,
commitment, level (company, team or person; left out: the level it has, a new one's team) and
alignment (`aligned: O1 title` to an objective, `aligned: #3 title` to a key result; left out:
none); `- ` starts a key result, whose indented next line holds its kind, start → target and unit,
owner, weight and the KPI that feeds it (`kpi: K5`); indented checklist lines below it are its
initiatives (`  - [ ] title · owner: … · due: 2026-W50`, plan_initiatives). A tag at the end of a
line ({O2}, {#1}) is the record's id in the database the heading names; a line without one is
matched by its natural key or new.
Keywords are the same in every language; the zh-TW words are accepted too (團隊, 負責人, 權重,
指標, 對齊, 層級, 公司, 個人, 承諾型, 挑戰型, 增加, 減少, 至少, 至多, 里程碑). `<!-- … -->` is a comment.

Pure: no database, no terminal; errors are (line, sentence) pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from okrtui.domain.validation import InvalidInput
from okrtui.domain.plan_initiatives import InitiativeText
from okrtui.i18n import _, ngettext


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
    level: str | None = None  # company, team or person; None: the level it has (a new one: team)
    # `aligned: #3 title`: the key result it serves (schema 8), by tag of the file's database, else by title.
    parent_kr_tag: int | None = None
    parent_kr_title: str = ""
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
