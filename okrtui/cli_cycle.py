"""Commands for the end of the OKR cycle and for moving data: close, report, import, export.

Registered on okrtui.cli's group when okrtui.cli imports this module; like every quick
command, they never import textual.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from okrtui.cli import UserError, _known_owner, _load, _missing_database_hint, _quarter_and_day, _repo, cli, current_user, db_option
from okrtui.i18n import _


@cli.command()
@click.argument("quarter")
@click.option("--reopen", is_flag=True, help=_("Reopen a closed quarter (asks first) so that it can be edited again."))
@click.option("--yes", "-y", is_flag=True, help=_("Do not ask for the final confirmation."))
@db_option
@click.pass_context
def close(ctx, quarter: str, reopen: bool, yes: bool, db: str | None) -> None:
    """Close QUARTER: grade each objective, decide, reflect; then it is read-only until reopened."""
    from okrtui.cli_close import close_command, reopen_command

    repo = _repo(db or ctx.obj.get("db"))
    q, _day, _now = _quarter_and_day(quarter, None, repo.clock)
    with _missing_database_hint(repo.path):
        click.echo((reopen_command if reopen else close_command)(repo, q, yes))


@cli.command()
@click.option("--quarter", "-q", metavar="Q", help=_("Quarter, like 2026-Q4 (default: the current one)."))
@click.option("--team", "-t", metavar="T", help=_("Only this team."))
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "json"]), default="md", show_default=True,
              help=_("Markdown for a wiki, CSV for a spreadsheet (UTF-8 with BOM), JSON for programs."))
@click.option("--output", "-o", metavar="FILE", help=_("Write to FILE instead of the screen."))
@click.option("--owner", metavar="NAME", help=_("One person's report: the objectives NAME owns and NAME's key results."))
@db_option
@click.pass_context
def report(ctx, quarter: str | None, team: str | None, fmt: str, output: str | None, owner: str | None,
           db: str | None) -> None:
    """A report of the quarter per team and for the company: progress, or grades once closed."""
    from okrtui.domain.report import build_report, render

    repo, workspace = _load(db or ctx.obj.get("db"))
    q, day, now = _quarter_and_day(quarter, None, repo.clock)
    if str(q) in workspace.meta.archived:
        workspace = repo.load(with_archive=True)
    from okrtui.text import visible, visible_json

    text = render(build_report(workspace, q, day, now, team=team, owner=_known_owner(workspace, q, owner)), fmt)
    # Bidi controls shown as marks (JSON: as \u escapes, the same data once parsed).
    _write_output(visible_json(text) if fmt == "json" else visible(text), output)


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


@cli.command(name="import")
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
    """Import a CSV file (columns: quarter, team, objective, kr, kind, unit, start, target, current, owner)
    or a JSON file made by 'okrtui export'."""
    from okrtui.importing import RejectedRows, describe, import_file, read_plan

    repo = _repo(db or ctx.obj.get("db"))
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


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json", "md"]), default="json", show_default=True,
              help=_("JSON: the whole database, for 'okrtui import'; md: a quarter's plan as text, for 'okrtui apply'."))
@click.option("--quarter", "-q", metavar="Q", help=_("With --format md: the quarter (default: the current one)."))
@click.option("--team", "-t", metavar="T", help=_("With --format md: only this team."))
@click.option("--output", "-o", metavar="FILE", help=_("Write to FILE instead of the screen."))
@db_option
@click.pass_context
def export(ctx, fmt: str, quarter: str | None, team: str | None, output: str | None, db: str | None) -> None:
    """Write the whole database (archived quarters included) as JSON that 'okrtui import' reads back,
    or a quarter's plan as Markdown that 'okrtui apply' reads back."""
    if fmt == "md":
        from okrtui.cli_plan import export_markdown

        _write_output(export_markdown(ctx, quarter, team, db), output)
        return
    from okrtui.importing import export_data

    repo = _repo(db or ctx.obj.get("db"))
    with _missing_database_hint(repo.path):
        data = export_data(repo)
    _write_output(json.dumps(data, ensure_ascii=False, indent=1) + "\n", output)
