"""Commands on the change log: log, undo, redo (issue 18); comments are in cli_comments.

Registered on okrtui.cli.main's group when okrtui.cli.main imports this module; like every quick
command, they never import textual.
"""

from __future__ import annotations

import json

import click

from okrtui.cli.group import cli
from okrtui.cli.context import UserError, db_option, load_workspace, missing_database_hint, open_repository
from okrtui.i18n import _


@cli.command(help=_("The change log: who changed what, when, with the fields before and after (oldest first)."))
@click.option("--kr", "kr", metavar="ID", help=_("Only changes of this key result (id or part of its title)."))
@click.option("--objective", "objective", metavar="ID", type=int, help=_("Only changes of this objective and its KRs."))
@click.option("--kpi", "kpi", metavar="ID", help=_("Only changes of this KPI (id or part of its name)."))
@click.option("--since", metavar="DATE", help=_("Only changes from this day on (2026-11-01)."))
@click.option("--author", metavar="NAME", help=_("Only changes by this person."))
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON for programs."))
@db_option
@click.pass_context
def log(ctx, kr: str | None, objective: int | None, kpi: str | None, since: str | None, author: str | None,
        as_json: bool, db: str | None) -> None:
    from okrtui.domain.clock import start_of_day
    from okrtui.domain.history import changes_about
    from okrtui.domain.inputs import parse_date
    from okrtui.domain.workspace import resolve_kpi, resolve_kr
    from okrtui.present.history_text import change_json, change_line
    from okrtui.present.text import visible

    if sum(x is not None for x in (kr, objective, kpi)) > 1:
        raise UserError(_("give one of --kr, --objective and --kpi, not several"))
    moment = None
    if since:
        try:
            day = parse_date(since)
        except ValueError as error:
            raise UserError(str(error)) from None
    repo, ws = load_workspace(db or ctx.obj.get("db"))
    if since:
        moment = start_of_day(day, repo.clock.zone)
    if objective is not None and ws.objective(objective) is None:
        raise UserError(_("there is no objective {id}").format(id=objective))
    kr_id = resolve_kr(ws, kr).id if kr is not None else None
    kpi_id = resolve_kpi(ws, kpi).id if kpi is not None else None
    changes = changes_about(ws.changes, kr=kr_id, objective=objective, kpi=kpi_id, since=moment, author=author)
    if as_json:
        click.echo(json.dumps([change_json(c) for c in changes], ensure_ascii=False, indent=1))
        return
    if not changes:
        click.echo(_("No changes recorded."))
    for change in changes:
        click.echo(visible(change_line(change, repo.clock.local)))


def _reverse(db: str | None, action: str, kr: str | None = None) -> None:
    from okrtui.domain.workspace import resolve_kr
    from okrtui.present.history_text import change_line
    from okrtui.storage.history import ChangedSince, NothingToUndo
    from okrtui.present.text import visible

    repo = open_repository(db)
    with missing_database_hint(repo.path):
        kr_id = resolve_kr(repo.load(), kr).id if kr is not None else None
        try:
            done = repo.undo(kr_id) if action == "undo" else repo.redo()
        except (NothingToUndo, ChangedSince) as error:
            raise UserError(str(error)) from None
    verb = _("Undone:") if action == "undo" else _("Redone:")
    click.echo(visible(f"{verb} {change_line(done.change, repo.clock.local)}"))


@cli.command(help=_("Undo your last change (of any kind), unless someone changed those fields since."))
@click.option("--kr", "kr", metavar="ID", help=_("Undo your last change of this key result."))
@db_option
@click.pass_context
def undo(ctx, kr: str | None, db: str | None) -> None:
    _reverse(db or ctx.obj.get("db"), "undo", kr)


@cli.command(help=_("Redo the change your last undo reversed."))
@db_option
@click.pass_context
def redo(ctx, db: str | None) -> None:
    _reverse(db or ctx.obj.get("db"), "redo")
