"""Plans as text: `okrtui apply FILE.md`, `okrtui edit`, and the Markdown of `export` and `lint FILE.md`.

Registered on okrtui.cli's group when okrtui.cli imports this module; never imports textual.
The rules (format, matching, coach) are in okrtui/domain/plan_text and plan_changes; the write
is Repository.apply_plan.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click

from okrtui.cli import UserError, _load, _missing_database_hint, _quarter_and_day, cli, db_option
from okrtui.domain.coach import level_label
from okrtui.domain.plan_changes import KRPlan, LineFinding, ObjectivePlan, PlanChanges, plan_changes, plan_of, review_plan
from okrtui.domain.plan_text import PlanError, line_message, number_text, parse_plan, render_plan
from okrtui.domain.quarter import format_quarter
from okrtui.domain.views import quarter_closed
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _, ngettext
from okrtui.text import visible

EDITOR_FALLBACKS = ("editor", "vi")
ERROR_MARK = "<!-- okrtui: "


# ---- the change as a diff --------------------------------------------------


def _value(name: str, value) -> str:
    if value is None:
        return "—"
    if name == "parent_id":
        return f"O{value}"
    if isinstance(value, float):
        return number_text(value)
    text = str(value).replace("\n", " ⏎ ")
    return text if len(text) <= 60 else text[:59] + "…"


def _objective_name(plan: ObjectivePlan) -> str:
    tag = f"O{plan.before.id}" if plan.before else "O+"
    return f"{tag} {plan.record.title} ({_('team')} {plan.record.team})"


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
                    lines.append(f"        {_('moved from')} O{before} → {after_text}")
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
    ]
    parts = [text.format(n=n) for n, text in counts if n]
    return ", ".join(parts) if parts else _("nothing to change")


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _read(path: Path) -> str:
    from okrtui.storage.files import read_text_file

    return read_text_file(path)


def _apply(repo, plan, changes: PlanChanges, *, prune: bool, whole_quarter: bool, yes: bool) -> bool:
    """Ask when needed, then write once; False when the user said no."""
    if changes.removed and not yes:
        if not _interactive():
            raise UserError(_("the file removes records; pass --yes to remove them without a question; nothing was written"))
    if not yes and _interactive() and not click.confirm(_("Apply these changes?"), default=True):
        click.echo(_("nothing was written"))
        return False
    repo.apply_plan(plan, prune=prune, whole_quarter=whole_quarter, seen=changes)
    click.echo(_("applied: {summary}").format(summary=summary(changes)))
    return True


# ---- okrtui apply ----------------------------------------------------------


@cli.command(name="apply")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help=_("Only show the change; write nothing."))
@click.option("--prune", is_flag=True,
              help=_("Also remove the objectives and key results of the file's quarter and teams that the file leaves out."))
@click.option("--yes", "-y", is_flag=True, help=_("Do not ask before writing."))
@db_option
@click.pass_context
def apply_(ctx, file: str, dry_run: bool, prune: bool, yes: bool, db: str | None) -> None:
    """Apply a plan file (Markdown, as 'okrtui export --format md' writes it): add and change, in one write."""
    plan = parse_plan(_read(Path(file).expanduser()))
    repo, workspace = _load(db or ctx.obj.get("db"))
    changes = plan_changes(workspace, plan, prune=prune)
    click.echo(changes_text(changes, review_plan(workspace, changes)))
    if changes.empty or dry_run:
        return
    with _missing_database_hint(repo.path):
        _apply(repo, plan, changes, prune=prune, whole_quarter=False, yes=yes)


# ---- okrtui export --format md, okrtui lint FILE.md -----------------------


def export_markdown(ctx, quarter: str | None, team: str | None, db: str | None) -> str:
    repo, workspace = _load(db or ctx.obj.get("db"))
    q, _day, _now = _quarter_and_day(quarter, None, repo.clock)
    if str(q) in workspace.meta.archived:
        workspace = repo.load(with_archive=True)
    _check_team(workspace, team)
    return visible(render_plan(plan_of(workspace, str(q), team)))


def _check_team(workspace: Workspace, team: str | None) -> None:
    if team and team not in workspace.teams():
        raise UserError(_("there is no team '{team}'; teams: {teams}").format(team=team, teams=", ".join(workspace.teams())))


def lint_file(ctx, file: str, as_json: bool) -> None:
    """The coach on a plan file, without a database: exit 1 on errors, 2 when it cannot be read."""
    import json

    plan = parse_plan(_read(Path(file).expanduser()))
    workspace = Workspace()
    findings = review_plan(workspace, plan_changes(workspace, plan, resolve_alignment=False))
    if as_json:
        click.echo(json.dumps({"quarter": plan.quarter, "findings": [
            {**f.finding.as_dict(), "line": f.line, "objective_id": None, "kr_id": None} for f in findings]},
            ensure_ascii=False, indent=2))
    elif findings:
        click.echo(visible("\n".join(findings_line(f) for f in sorted(findings, key=lambda f: f.line))))
    else:
        click.echo(_("{quarter}: no findings; these OKRs follow the method.").format(quarter=format_quarter(plan.quarter)))
    if any(f.finding.level == "error" for f in findings):
        ctx.exit(1)


# ---- okrtui edit -----------------------------------------------------------


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


def with_errors_on_top(text: str, error: PlanError) -> str:
    """The file with the problems as comments at the top (those of a previous round replaced);
    the line numbers count the new comment lines."""
    lines = text.split("\n")
    old = 0
    while old < len(lines) and lines[old].startswith(ERROR_MARK):
        old += 1
    new = len(error.lines) + 1
    notes = [f"{ERROR_MARK}{line_message(n - old + new, message)} -->" for n, message in error.lines]
    notes.append(f"{ERROR_MARK}{_('fix the lines above and save; delete everything to cancel')} -->")
    return "\n".join(notes + lines[old:])


@cli.command()
@click.option("--quarter", "-q", metavar="Q", help=_("Quarter, like 2026-Q4 (default: the current one)."))
@click.option("--team", "-t", metavar="T", help=_("Only this team's part of the quarter."))
@click.option("--yes", "-y", is_flag=True, help=_("Do not ask before writing (for scripts: no second try on errors)."))
@db_option
@click.pass_context
def edit(ctx, quarter: str | None, team: str | None, yes: bool, db: str | None) -> None:
    """Edit the quarter's OKRs as text in $VISUAL or $EDITOR; on save, see the change and apply it in one write."""
    from okrtui.storage.files import private_temporary_file, remove_file, rewrite_private_file

    repo, workspace = _load(db or ctx.obj.get("db"))
    q, _day, _now = _quarter_and_day(quarter, None, repo.clock)
    _check_team(workspace, team)
    if quarter_closed(workspace, q):
        raise UserError(_("{quarter} is closed; reopen it first (okrtui close {quarter} --reopen)").format(quarter=q))
    command = editor_command()
    original = render_plan(plan_of(workspace, str(q), team))
    path = private_temporary_file(original.encode("utf-8"), prefix="okrtui-plan-", suffix=".md")
    kept = _("your file is kept at {path}").format(path=path)
    retry = not yes and _interactive()
    while True:
        try:
            status = subprocess.call([*command, str(path)])
        except OSError as error:
            remove_file(path)
            raise UserError(_("cannot start the editor '{editor}': {reason}").format(
                editor=command[0], reason=error.strerror)) from None
        if status != 0:
            raise UserError(_("the editor exited with status {status}; nothing was written; {kept}").format(
                status=status, kept=kept))
        text = _read(path)
        if not text.strip():
            remove_file(path)
            click.echo(_("the file is empty: cancelled; nothing was written"))
            return
        try:
            plan = parse_plan(text)
            if plan.quarter != str(q) or plan.team != team:
                raise PlanError([(1, _("keep the first line as it was: it names the quarter and the team being edited"))])
            changes = plan_changes(repo.load(), plan, prune=True, whole_quarter=team is None)
        except PlanError as error:
            if retry:
                click.echo(visible(str(error)), err=True)
                if click.confirm(_("Edit again?"), default=True):
                    rewrite_private_file(path, with_errors_on_top(text, error).encode("utf-8"))
                    continue
            raise UserError(f"{error}; {_('nothing was written')}; {kept}") from None
        break
    workspace = repo.load()
    click.echo(changes_text(changes, review_plan(workspace, changes)))
    if changes.empty:
        remove_file(path)
        return
    from okrtui.storage.plan_write import PlanConflict

    try:
        applied = _apply(repo, plan, changes, prune=True, whole_quarter=team is None, yes=yes)
    except (PlanConflict, UserError) as error:
        raise UserError(f"{error}; {kept}") from None
    if applied:
        remove_file(path)
    else:
        click.echo(kept)
