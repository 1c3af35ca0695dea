"""Plans as text: `okrtui apply FILE.md`, `okrtui edit`, and the Markdown of `export` and `lint FILE.md`.

Registered on okrtui.cli.main's group when okrtui.cli.main imports this module; never imports textual.
The rules (format, matching, coach) are in okrtui/domain/plan_text and plan_changes; the write
is Repository.apply_plan.
"""

from __future__ import annotations

from pathlib import Path

import click

from okrtui.cli.group import cli
from okrtui.cli.context import db_option, load_workspace, missing_database_hint, quarter_and_day
from okrtui.domain.plan_changes import plan_changes, plan_of
from okrtui.domain.plan_review import review_plan
from okrtui.domain.plan_text_parse import parse_plan
from okrtui.domain.plan_text_render import render_plan
from okrtui.domain.quarter import format_quarter
from okrtui.domain.workspace import Workspace
from okrtui.present.plan_edit import apply_plan, changes_text, check_editable, check_team, findings_line, read_plan_file, run_edit
from okrtui.i18n import _
from okrtui.present.text import visible

# ---- okrtui apply ----------------------------------------------------------


@cli.command(name="apply", help=_("Apply a plan file (Markdown, as 'okrtui export --format md' writes it): add and change, in one write."))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help=_("Only show the change; write nothing."))
@click.option("--prune", is_flag=True,
              help=_("Also remove the objectives and key results of the file's quarter and teams that the file leaves out."))
@click.option("--yes", "-y", is_flag=True, help=_("Do not ask before writing."))
@db_option
@click.pass_context
def apply_(ctx, file: str, dry_run: bool, prune: bool, yes: bool, db: str | None) -> None:
    plan = parse_plan(read_plan_file(Path(file).expanduser()))
    repo, workspace = load_workspace(db or ctx.obj.get("db"))
    changes = plan_changes(workspace, plan, prune=prune)
    click.echo(changes_text(changes, review_plan(workspace, changes)))
    if changes.empty or dry_run:
        return
    with missing_database_hint(repo.path):
        apply_plan(repo, plan, changes, prune=prune, whole_quarter=False, yes=yes)


# ---- okrtui export --format md, okrtui lint FILE.md -----------------------


def export_markdown(ctx, quarter: str | None, team: str | None, db: str | None, as_csv: bool = False) -> str:
    """A quarter (or a team's part) as plan text, or (as_csv) as the CSV rows `okrtui import` reads."""
    repo, workspace = load_workspace(db or ctx.obj.get("db"))
    q, _day, _now = quarter_and_day(quarter, None, repo.clock)
    if str(q) in workspace.meta.archived:
        workspace = repo.load(with_archive=True)
    check_team(workspace, team)
    if as_csv:
        from okrtui.storage.exchange_csv_export import csv_of

        return csv_of(workspace, str(q), team)
    return visible(render_plan(plan_of(workspace, str(q), team)))



def lint_file(ctx, file: str, as_json: bool) -> None:
    """The coach on a plan file, without a database: exit 1 on errors, 2 when it cannot be read."""
    import json

    plan = parse_plan(read_plan_file(Path(file).expanduser()))
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


@cli.command(help=_("Edit the quarter's OKRs as text in $VISUAL or $EDITOR; on save, see the change and apply it in one write."))
@click.option("--quarter", "-q", metavar="Q", help=_("Quarter, like 2026-Q4 (default: the current one)."))
@click.option("--team", "-t", metavar="T", help=_("Only this team's part of the quarter."))
@click.option("--yes", "-y", is_flag=True, help=_("Do not ask before writing (for scripts: no second try on errors)."))
@db_option
@click.pass_context
def edit(ctx, quarter: str | None, team: str | None, yes: bool, db: str | None) -> None:
    repo, workspace = load_workspace(db or ctx.obj.get("db"))
    q, _day, _now = quarter_and_day(quarter, None, repo.clock)
    check_editable(workspace, q, team)
    with missing_database_hint(repo.path):
        run_edit(repo, q, team, yes=yes)


