"""Commands for the end of the OKR cycle and for moving data: close, report, import, export.

Registered on okrtui.cli.main's group when okrtui.cli.main imports this module; like every quick
command, they never import textual.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from okrtui.cli.group import cli
from okrtui.cli.context import UserError, current_user, known_owner, db_option, load_workspace, missing_database_hint, open_repository, quarter_and_day
from okrtui.i18n import _


@cli.command(help=_("Close QUARTER: grade each objective, decide, reflect; then it is read-only until reopened."))
@click.argument("quarter")
@click.option("--reopen", is_flag=True, help=_("Reopen a closed quarter (asks first) so that it can be edited again."))
@click.option("--yes", "-y", is_flag=True, help=_("Do not ask for the final confirmation."))
@db_option
@click.pass_context
def close(ctx, quarter: str, reopen: bool, yes: bool, db: str | None) -> None:
    from okrtui.cli.close import close_command, reopen_command

    repo = open_repository(db or ctx.obj.get("db"))
    q, _day, _now = quarter_and_day(quarter, None, repo.clock)
    with missing_database_hint(repo.path):
        click.echo((reopen_command if reopen else close_command)(repo, q, yes))


@cli.command(help=_("A report of the quarter per team and for the company: progress, or grades once closed."))
@click.option("--quarter", "-q", metavar="Q", help=_("Quarter, like 2026-Q4 (default: the current one)."))
@click.option("--team", "-t", metavar="T", help=_("Only this team."))
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "json", "html"]), default="md", show_default=True,
              help=_("Markdown for a wiki, CSV for a spreadsheet (UTF-8 with BOM), JSON for programs, "
                     "HTML: one page with a chart per team, to mail or print (written to a file)."))
@click.option("--charts", is_flag=True, help=_("With --format md: a text chart of each team's objectives."))
@click.option("--output", "-o", metavar="FILE", help=_("Write to FILE instead of the screen."))
@click.option("--owner", metavar="NAME", help=_("One person's report: the objectives NAME owns and NAME's key results."))
@db_option
@click.pass_context
def report(ctx, quarter: str | None, team: str | None, fmt: str, charts: bool, output: str | None, owner: str | None,
           db: str | None) -> None:
    from okrtui.present.report import build_report
    from okrtui.present.report_formats import render

    repo, workspace = load_workspace(db or ctx.obj.get("db"))
    q, day, now = quarter_and_day(quarter, None, repo.clock)
    if str(q) in workspace.meta.archived:
        workspace = repo.load(with_archive=True)
    from okrtui.present.text import visible, visible_json

    text = render(build_report(workspace, q, day, now, team=team, owner=known_owner(workspace, q, owner)), fmt, charts=charts)
    if fmt == "html" and not output:  # a page is for a browser, not the terminal: a new file here
        _write_new_file(visible(text), f"okr-report-{q}{'-' + team if team else ''}.html")
        return
    # Bidi controls shown as marks (JSON: as \u escapes, the same data once parsed).
    _write_output(visible_json(text) if fmt == "json" else visible(text), output)


def _write_new_file(text: str, name: str) -> None:
    """A file okrtui names itself: created, never replacing one already there."""
    import re

    from okrtui.storage.files import write_file

    path = Path(re.sub(r"[^\w.-]", "-", name).lstrip("."))  # a team's "/" or ".." makes no folder
    try:
        write_file(path, text.encode("utf-8"), replace=False)
    except FileExistsError:
        raise UserError(_("{path} already exists; name the file with -o FILE").format(path=path)) from None
    except OSError as error:
        raise UserError(_("cannot write {path}: {reason}").format(path=path, reason=error.strerror)) from None
    click.echo(_("wrote {path}").format(path=path), err=True)


def _write_output(text: str, output: str | None) -> None:
    if not output:
        click.echo(text, nl=False)
        return
    from okrtui.storage.errors import Unwritable
    from okrtui.storage.files import write_output

    try:  # private by the files rule (0600, 0660 in a setgid team folder), never through a planted link
        write_output(Path(output).expanduser(), text.encode("utf-8"))
    except Unwritable as error:
        raise UserError(str(error)) from None
    click.echo(_("wrote {path}").format(path=output), err=True)


@cli.command(name="import", help=_("Import a CSV file (columns: quarter, team, objective, kr, kind, unit, start, target, current, owner) "
                                    "or a JSON file made by 'okrtui export'."))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help=_("Only show what would be created and every rejected row."))
@click.option("--skip-invalid", is_flag=True, help=_("Import the valid rows even when some are rejected."))
@click.option("--force", is_flag=True, help=_("Import current values okrtui finds unlikely (far outside start → target, "
                                              "or in another unit)."))
@click.option("--merge", is_flag=True,
              help=_("Into objectives, key results and KPIs already there, add what is new (key results, check-ins, readings)."))
@db_option
@click.pass_context
def import_(ctx, file: str, dry_run: bool, skip_invalid: bool, force: bool, merge: bool, db: str | None) -> None:
    from okrtui.storage.exchange import RejectedRows, describe, import_file, read_plan

    repo = open_repository(db or ctx.obj.get("db"))
    path = Path(file).expanduser()
    if dry_run:
        workspace = repo.load(missing_ok=True)
        plan = read_plan(workspace, path, force=force, merge=merge,
                         archive=repo.load_archive() if workspace.meta.archived else None)
        click.echo("\n".join(describe(plan, done=False)))
        if plan.rejected and not skip_invalid:
            raise UserError(str(RejectedRows(plan)))  # rejected input is bad input: exit 2, as without --dry-run
        return
    try:
        plan = import_file(repo, path, skip_invalid=skip_invalid, author=current_user(), force=force, merge=merge)
    except RejectedRows as error:
        click.echo("\n".join(describe(error.plan, done=False)), err=True)
        raise UserError(str(error)) from None
    click.echo("\n".join(describe(plan, done=True)))


@cli.command(help=_("Write the whole database (archived quarters included) as JSON that 'okrtui import' reads back, "
                    "or a quarter's plan as Markdown that 'okrtui apply' reads back, or as CSV rows that 'okrtui import' reads back."))
@click.option("--format", "fmt", type=click.Choice(["json", "md", "csv"]), default="json", show_default=True,
              help=_("JSON: the whole database, for 'okrtui import'; md: a quarter's plan as text, for 'okrtui apply'; "
                     "csv: a quarter's objectives, key results and tasks as the rows 'okrtui import' reads."))
@click.option("--quarter", "-q", metavar="Q", help=_("With --format md or csv: the quarter (default: the current one)."))
@click.option("--team", "-t", metavar="T", help=_("With --format md or csv: only this team."))
@click.option("--output", "-o", metavar="FILE", help=_("Write to FILE instead of the screen."))
@db_option
@click.pass_context
def export(ctx, fmt: str, quarter: str | None, team: str | None, output: str | None, db: str | None) -> None:
    if fmt in ("md", "csv"):
        from okrtui.cli.plan import export_markdown

        _write_output(export_markdown(ctx, quarter, team, db, as_csv=fmt == "csv"), output)
        return
    from okrtui.storage.exchange_json import export_data

    repo = open_repository(db or ctx.obj.get("db"))
    with missing_database_hint(repo.path):
        data = export_data(repo)
    _write_output(json.dumps(data, ensure_ascii=False, indent=1) + "\n", output)
