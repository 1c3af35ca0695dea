"""Writing a plan (PlanText) as the Markdown that plan_text_parse reads back; the format is in plan_text's docstring."""

from __future__ import annotations

import math

from okrtui.domain.plan_initiatives import render_initiative
from okrtui.i18n import _
from okrtui.domain.plan_text import PlanText


ARROW = "→"
SEPARATOR = " · "


_ESCAPE = ("#", "-", "*", "<!--", "\\")


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
        if objective.level:
            parts.append(f"level: {objective.level}")
        if objective.cadence:
            parts.append(f"cadence: {objective.cadence}")
        if objective.parent_kr_tag is not None or objective.parent_kr_title:
            tag = str(objective.parent_kr_tag) if objective.parent_kr_tag is not None else ""
            parts.append(f"aligned: #{tag} {objective.parent_kr_title}".rstrip())
        elif objective.parent_tag is not None or objective.parent_title:
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
