"""Plans as text in an editor, shared by `okrtui edit`/`okrtui apply` and the app's E: the change shown
before it is written, the editor loop (errors and coach notes written back at their lines, a second
try), and what changed meanwhile. The rules are in okrtui/domain/plan_text and plan_changes; the
write is Repository.apply_plan."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click

from okrtui.present.errors import UserError
from okrtui.domain.coach import level_label
from okrtui.domain.models import Change
from okrtui.domain.plan_changes import KRPlan, ObjectivePlan, PlanChanges, plan_changes, plan_of
from okrtui.domain.plan_rebase import Overlap, rebase_plan
from okrtui.domain.plan_review import LineFinding, review_plan
from okrtui.domain.plan_text import COACH_MARK, PlanError, PlanText, annotate, line_message
from okrtui.domain.plan_text_parse import parse_plan
from okrtui.domain.plan_text_render import number_text, render_plan
from okrtui.domain.quarter import format_quarter
from okrtui.domain.closed import quarter_closed
from okrtui.domain.workspace import Workspace
from okrtui.present.history_text import change_line, who
from okrtui.i18n import _, ngettext
from okrtui.present.text import visible


EDITOR_FALLBACKS = ("editor", "vi")


# ---- the change as a diff --------------------------------------------------


def _value(name: str, value) -> str:
    if value is None:
        return "—"
    if name == "parent_id":
        return f"O{value}"
    if name == "parent_kr_id":
        return f"#{value}"
    if isinstance(value, float):
        return number_text(value)
    text = str(value).replace("\n", " ⏎ ")
    return text if len(text) <= 60 else text[:59] + "…"


def _objective_name(plan: ObjectivePlan) -> str:
    tag = f"O{plan.before.id}" if plan.before else "O+"
    team = _("team")
    return f"{tag} {plan.record.title} ({team} {plan.record.team})"


def _kr_name(plan: KRPlan) -> str:
    return f"#{plan.before.id if plan.before else '+'} {plan.record.title}"


def changes_text(changes: PlanChanges, findings: list[LineFinding]) -> str:
    """The change as a diff: + added, ~ changed (field: before → after), - removed (with what is lost)."""
    lines = [_("{quarter} · {teams}: {summary}").format(
        quarter=format_quarter(changes.quarter), teams=", ".join(changes.teams) or "—", summary=summary(changes))]
    objective_of = {index: plan for index, plan in enumerate(changes.objectives)}
    for index, plan in enumerate(changes.objectives):
        krs = [k for k in changes.key_results if k.objective_entry == index and (k.before is None or k.changed)]
        if plan.before is None:
            lines.append(f"+ {_objective_name(plan)}")
        elif plan.changed or krs:
            lines.append(f"{'~' if plan.changed else ' '} {_objective_name(plan)}")
            for name, before, after in plan.changed:
                after_text = _("a new objective of the file") if name == "parent_id" and plan.parent_entry is not None \
                    else _("a new key result of the file") if name == "parent_kr_id" and plan.parent_kr_entry is not None \
                    else _value(name, after)
                lines.append(f"      {name}: {_value(name, before)} → {after_text}")
        for kr in krs:
            if kr.before is None:
                lines.append(f"    + {_kr_name(kr)}")
                continue
            lines.append(f"    ~ {_kr_name(kr)}")
            for name, before, after in kr.changed:
                if name == "objective_id":
                    after_text = _objective_name(objective_of[kr.objective_entry])
                    moved_from = _("moved from")
                    lines.append(f"        {moved_from} O{before} → {after_text}")
                else:
                    lines.append(f"        {name}: {_value(name, before)} → {_value(name, after)}")
    for removal in changes.removed:
        if removal.objective is not None:
            lost = _("{krs} and {checkins} would be lost").format(
                krs=ngettext("{n} key result", "{n} key results", removal.key_results).format(n=removal.key_results),
                checkins=ngettext("{n} check-in", "{n} check-ins", removal.checkins).format(n=removal.checkins))
            lines.append(f"- O{removal.objective.id} {removal.objective.title} ({lost})")
        elif removal.kr is not None:
            lost = ngettext("{n} check-in would be lost", "{n} check-ins would be lost", removal.checkins).format(
                n=removal.checkins)
            lines.append(f"    - #{removal.kr.id} {removal.kr.title} ({lost})")
    lines += initiative_change_lines(changes)
    if changes.kept:
        names = [f"O{r.objective.id} {r.objective.title}" if r.objective else f"#{r.kr.id} {r.kr.title}"  # type: ignore[union-attr]
                 for r in changes.kept]
        lines.append(_("not in the file, kept (--prune removes them): {names}").format(names="; ".join(names)))
    # The coach: errors and warnings anywhere in the scope, hints on the lines that change.
    touched = {p.entry.line for p in changes.objectives if p.before is None or p.changed}
    touched |= {k.entry.line for k in changes.key_results if k.before is None or k.changed}
    shown = [f for f in findings if f.finding.level != "hint" or f.line in touched]
    if shown:
        lines.append(_("coach:"))
        lines += [f"  {findings_line(f)}" for f in shown]
    return visible("\n".join(lines))


def initiative_change_lines(changes: PlanChanges) -> list[str]:
    """+ added, ~ changed (field: before → after), - removed initiatives, each under its KR's name."""
    lines = []
    for item in changes.initiatives:
        kr = changes.key_results[item.kr_entry]
        if item.before is None:
            lines.append(f"    + T+ {item.record.title} ({_kr_name(kr)})")
        elif item.changed:
            lines.append(f"    ~ T{item.before.id} {item.record.title} ({_kr_name(kr)})")
            lines += [f"        {name}: {_value(name, before)} → {_value(name, after)}"
                      for name, before, after in item.changed if name != "kr_id"]
    lines += [f"    - T{i.id} {i.title}" for i in changes.removed_initiatives]
    if changes.kept_initiatives:
        lines.append(_("initiatives not in the file, kept (--prune removes them): {names}").format(
            names="; ".join(f"T{i.id} {i.title}" for i in changes.kept_initiatives)))
    return lines


def findings_line(item: LineFinding) -> str:
    f = item.finding
    return line_message(item.line, f"{level_label(f.level)} [{f.code}] {f.message}")


def summary(changes: PlanChanges) -> str:
    counts = [
        (len(changes.added_objectives), ngettext("{n} objective added", "{n} objectives added", len(changes.added_objectives))),
        (len(changes.changed_objectives),
         ngettext("{n} objective changed", "{n} objectives changed", len(changes.changed_objectives))),
        (len(changes.added_krs), ngettext("{n} key result added", "{n} key results added", len(changes.added_krs))),
        (len(changes.changed_krs), ngettext("{n} key result changed", "{n} key results changed", len(changes.changed_krs))),
        (len(changes.removed), ngettext("{n} record removed", "{n} records removed", len(changes.removed))),
        (len(changes.added_initiatives),
         ngettext("{n} initiative added", "{n} initiatives added", len(changes.added_initiatives))),
        (len(changes.changed_initiatives),
         ngettext("{n} initiative changed", "{n} initiatives changed", len(changes.changed_initiatives))),
        (len(changes.removed_initiatives),
         ngettext("{n} initiative removed", "{n} initiatives removed", len(changes.removed_initiatives))),
    ]
    parts = [text.format(n=n) for n, text in counts if n]
    return ", ".join(parts) if parts else _("nothing to change")


def is_interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def read_plan_file(path: Path) -> str:
    from okrtui.storage.files import read_text_file

    return read_text_file(path)


def apply_plan(repo, plan, changes: PlanChanges, *, prune: bool, whole_quarter: bool, yes: bool,
           interactive: bool | None = None) -> bool:
    """Ask when needed, then write once; False when the user said no."""
    interactive = is_interactive() if interactive is None else interactive
    if changes.removed and not yes:
        if not interactive:
            raise UserError(_("the file removes records; pass --yes to remove them without a question; nothing was written"))
    if not yes and interactive and not click.confirm(_("Apply these changes?"), default=True):
        click.echo(_("nothing was written"))
        return False
    repo.apply_plan(plan, prune=prune, whole_quarter=whole_quarter, seen=changes)
    click.echo(_("applied: {summary}").format(summary=summary(changes)))
    return True



def check_team(workspace: Workspace, team: str | None) -> None:
    if team and team not in workspace.teams():
        raise UserError(_("there is no team '{team}'; teams: {teams}").format(team=team, teams=", ".join(workspace.teams())))



def editor_command() -> list[str]:
    """$VISUAL, else $EDITOR (split as a shell would), else `editor`, else `vi`."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError as error:
                raise UserError(_("${name} cannot be read as a command ({problem})").format(name=variable, problem=error)) from None
            if words:
                return words
    for name in EDITOR_FALLBACKS:
        if shutil.which(name):
            return [name]
    raise UserError(_("no editor found: set $VISUAL or $EDITOR (for example: export EDITOR=nano)"))


def with_errors_at_their_lines(text: str, error: PlanError) -> str:
    """The file with each problem as a comment right above its line (`crontab -e`'s retry), a
    sentence on top, and the previous round's problems taken out."""
    return annotate(text, error.lines, top=[_("fix the lines marked okrtui below and save; delete everything to cancel")])


def with_coach_notes(workspace: Workspace, text: str, team: str | None) -> str:
    """The coach's findings on the quarter as the file describes it, each a comment above its line."""
    try:
        plan = parse_plan(text)
        findings = review_plan(workspace, plan_changes(workspace, plan, prune=True, whole_quarter=team is None))
    except PlanError:
        return text
    notes = [(f.line, f"{level_label(f.finding.level)} [{f.finding.code}] {f.finding.message}") for f in findings]
    return annotate(text, notes, mark=COACH_MARK)


def _last_change(workspace: Workspace) -> int:
    return max((c.id or 0 for c in workspace.changes), default=0)


def changes_meanwhile(workspace: Workspace, since: int, *plans: PlanText) -> list[Change]:
    """The logged changes after `since` to the records of the plans (what a plan file holds:
    objectives and KRs, not check-ins or comments), oldest first."""
    objectives = {o.tag for p in plans for o in p.objectives if o.tag is not None}
    krs = {k.tag for p in plans for o in p.objectives for k in o.key_results if k.tag is not None}
    quarter = plans[0].quarter if plans else None
    out = []
    for change in sorted(workspace.changes, key=lambda c: c.id or 0):
        if (change.id or 0) <= since or change.action in ("checkin", "reading", "comment"):
            continue
        records = {(r.kind, r.id) for r in change.records}
        touched = {("objective", i) for i in objectives} | {("key_result", i) for i in krs}
        new_here = change.quarter == quarter and any(r.kind == "objective" and r.before is None for r in change.records)
        if records & touched or new_here:
            out.append(change)
    return out


def _overlap_notes(overlaps: list[Overlap], meanwhile: list[Change], merged_text: str, local) -> tuple[list, list]:
    """Each overlap as a note at its line in the merged file (or on top when its record is gone)."""
    from okrtui.present.history_text import who

    lines: dict[tuple[str, int], int] = {}
    try:
        merged = parse_plan(merged_text)
        for o in merged.objectives:
            if o.tag is not None:
                lines[("O", o.tag)] = o.line
            lines.update({("#", k.tag): k.line for k in o.key_results if k.tag is not None})
    except PlanError:
        pass
    notes, top = [], []
    for overlap in overlaps:
        kind = "objective" if overlap.kind == "O" else "key_result"
        by = [c for c in meanwhile if any(r.kind == kind and r.id == overlap.tag for r in c.records)]
        last = by[-1] if by else None
        whom = who(last) if last else _("someone")
        when = local(last.at).strftime("%Y-%m-%d %H:%M") if last else "?"
        record = f"O{overlap.tag}" if overlap.kind == "O" else f"#{overlap.tag}"
        if overlap.deleted_by_them:
            top.append(_("{who} deleted {record} meanwhile ({when}); your changes to it are left out").format(
                who=whom, record=record, when=when))
        elif overlap.fields:
            notes.append((lines.get((overlap.kind, overlap.tag), 1), _(
                "{who} also changed {fields} here meanwhile ({when}); your values are kept below: choose and save").format(
                who=whom, fields=", ".join(overlap.fields), when=when)))
        else:
            notes.append((lines.get((overlap.kind, overlap.tag), 1), _(
                "you deleted this, but {who} changed it meanwhile ({when}); delete it again to remove it").format(
                who=whom, when=when)))
    return notes, top


def first_edited_row(changes: PlanChanges, workspace: Workspace) -> str | None:
    """The plan list's row ("k4", "o2") of the first record the changes added or changed, as the
    database holds it now: where the app puts its cursor after `E`."""
    for kr in changes.key_results:
        if kr.before is None or kr.changed:
            if kr.before is not None:
                return f"k{kr.before.id}"
            found = next((k for k in workspace.key_results if k.title == kr.record.title and (o := workspace.objective(
                k.objective_id)) is not None and o.quarter == changes.quarter), None)
            if found is not None:
                return f"k{found.id}"
    for objective in changes.objectives:
        if objective.before is None or objective.changed:
            if objective.before is not None:
                return f"o{objective.before.id}"
            found_o = next((o for o in workspace.objectives_in(changes.quarter, objective.record.team)
                            if o.title == objective.record.title), None)
            if found_o is not None:
                return f"o{found_o.id}"
    return None


def run_edit(repo, quarter, team: str | None, *, yes: bool, interactive: bool | None = None) -> tuple[str, PlanChanges | None]:
    """`okrtui edit` (and `E` in the app's plan mode, suspended): the quarter's (or team's) plan in
    the editor until it reads, is checked against what others changed meanwhile, is shown as a diff
    and applied in one write. Returns the closing sentence; UserError (exit 2) when nothing can be
    written, naming the kept file. With it, the changes applied (None: nothing was written)."""
    from okrtui.storage.files import private_temporary_file, remove_file, rewrite_private_file
    from okrtui.storage.plan_write import PlanConflict

    command = editor_command()
    interactive = is_interactive() if interactive is None else interactive
    retry = not yes and interactive
    workspace = repo.load()
    base = plan_of(workspace, str(quarter), team)
    since = _last_change(workspace)
    original = render_plan(base)
    path = private_temporary_file(with_coach_notes(workspace, original, team).encode("utf-8"),
                                  prefix="okrtui-plan-", suffix=".md")
    kept = _("your file is kept at {path}").format(path=path)
    nothing_written = _("nothing was written")
    open_editor = True
    while True:
        if open_editor:
            try:
                status = subprocess.call([*command, str(path)])
            except OSError as error:
                remove_file(path)
                raise UserError(_("cannot start the editor '{editor}': {reason}").format(
                    editor=command[0], reason=error.strerror)) from None
            if status != 0:
                raise UserError(_("the editor exited with status {status}; nothing was written; {kept}").format(
                    status=status, kept=kept))
        open_editor = True
        text = read_plan_file(path)
        if not text.strip():
            remove_file(path)
            return _("the file is empty: cancelled; nothing was written"), None
        now = repo.load()
        try:
            plan = parse_plan(text)
            if plan.quarter != str(quarter) or plan.team != team:
                raise PlanError([(1, _("keep the first line as it was: it names the quarter and the team being edited"))])
            theirs = plan_of(now, str(quarter), team)
            if render_plan(theirs) != render_plan(base):
                # Someone changed the quarter while the file was open: mine goes on top of theirs.
                merged, overlaps = rebase_plan(base, plan, theirs)
                meanwhile = changes_meanwhile(now, since, base, theirs)
                click.echo(_("meanwhile, in the database:"), err=True)
                for change in meanwhile or []:
                    click.echo(f"  {change_line(change, repo.clock.local)}", err=True)
                if overlaps:
                    names = ", ".join(sorted({who(c) for c in meanwhile})) or _("someone")
                    conflict = _("{who} changed the records you changed too").format(who=names)
                    if retry and click.confirm(_("Edit again on top of their changes?"), default=True):
                        merged_text = render_plan(merged)
                        notes, top = _overlap_notes(overlaps, meanwhile, merged_text, repo.clock.local)
                        merged_text = with_coach_notes(now, annotate(merged_text, notes, top=top), team)
                        rewrite_private_file(path, merged_text.encode("utf-8"))
                        base, since = theirs, _last_change(now)
                        continue
                    raise UserError(f"{conflict}; {nothing_written}; {kept}")
                click.echo(_("your changes go on top of theirs"), err=True)
                plan, base, since = merged, theirs, _last_change(now)
            changes = plan_changes(now, plan, prune=True, whole_quarter=team is None)
        except PlanError as error:
            if retry:
                click.echo(visible(str(error)), err=True)
                if click.confirm(_("Edit again?"), default=True):
                    rewrite_private_file(path, with_errors_at_their_lines(text, error).encode("utf-8"))
                    continue
            raise UserError(f"{error}; {nothing_written}; {kept}") from None
        click.echo(changes_text(changes, review_plan(now, changes)))
        if changes.empty:
            remove_file(path)
            return _("nothing to change"), None
        try:
            applied = apply_plan(repo, plan, changes, prune=True, whole_quarter=team is None, yes=yes, interactive=interactive)
        except PlanConflict as error:
            # Written by someone between the diff and the write: look again at what they changed.
            click.echo(str(error), err=True)
            open_editor = False
            continue
        except UserError as error:
            raise UserError(f"{error}; {kept}") from None
        if applied:
            remove_file(path)
            return _("applied: {summary}").format(summary=summary(changes)), changes
        return f"{nothing_written}; {kept}", None


def check_editable(workspace: Workspace, quarter, team: str | None) -> None:
    check_team(workspace, team)
    if quarter_closed(workspace, quarter):
        raise UserError(_("{quarter} is closed; reopen it first (okrtui close {quarter} --reopen)").format(quarter=quarter))

