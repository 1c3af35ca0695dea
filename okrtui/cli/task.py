"""`okrtui task`: the initiatives under a KR from the shell (issue 20) — add, list, start, done,
reopen, edit, delete. Registered on okrtui.cli.main's group when okrtui.cli.main imports this module;
like every quick command, it never imports textual.

An initiative is named by its tag alone (T12, or 12), or by its KR and part of its title:
`okrtui task done 4 "SEO"`.
"""

from __future__ import annotations

import json

import click

from okrtui.cli.group import StrictGroup
from okrtui.cli.context import UserError, db_option, load_workspace, missing_database_hint, open_repository
from okrtui.cli.group import cli
from okrtui.i18n import _

json_flag = click.option("--json", "as_json", is_flag=True, help=_("Print JSON for programs."))
task_ref = click.argument("task")
title_ref = click.argument("title", required=False)


@cli.group(cls=StrictGroup, help=_("Initiatives: the work planned under a key result (they show beside it, never in its score)."))
def task() -> None:
    pass  # the subcommands do the work


def _echo(document: dict | list) -> None:
    from okrtui.present.text import visible_json

    click.echo(visible_json(json.dumps(document, ensure_ascii=False, indent=2)))


def _show(verb: str, initiative, repo, as_json: bool) -> None:
    from okrtui.domain.views import initiative_as_dict
    from okrtui.present.initiative_text import initiative_line
    from okrtui.present.text import visible

    if as_json:
        _echo(initiative_as_dict(initiative))
        return
    click.echo(visible(f"{verb} {initiative_line(initiative, repo.clock.today())}"))


def _due(text: str | None, repo) -> str | None:
    from okrtui.domain.initiatives import parse_due_week

    return parse_due_week(text, repo.clock.today())


@task.command(name="add", help=_("Add an initiative under a key result: KR is an id or part of its title."))
@click.argument("kr")
@click.argument("title")
@click.option("--owner", "-o", default="", metavar="NAME", help=_("Who does the work."))
@click.option("--due", metavar="WEEK", help=_("The week it is due: 2026-W50, W50, or a day in that week."))
@click.option("--status", "status", default="todo", metavar="STATUS", help=_("todo (default), doing or done."))
@json_flag
@db_option
@click.pass_context
def add(ctx, kr: str, title: str, owner: str, due: str | None, status: str, as_json: bool, db: str | None) -> None:
    from okrtui.domain.initiatives import parse_status
    from okrtui.present.text import visible

    repo = open_repository(db or ctx.obj.get("db"))
    with missing_database_hint(repo.path):
        repo.load()  # the workspace's calendar, for "W50" and the due day
        added, key_result = repo.add_initiative(kr, title, owner=owner, status=parse_status(status),
                                                due=_due(due, repo))
    if as_json:
        return _show("", added, repo, True)
    _show(_("Added:"), added, repo, False)
    click.echo(visible("  " + _("under #{id} {title}").format(id=key_result.id, title=key_result.title)))


def _advance(ctx, task_: str, title: str | None, status: str, verb: str, as_json: bool, db: str | None) -> None:
    repo = open_repository(db or ctx.obj.get("db"))
    with missing_database_hint(repo.path):
        updated = repo.update_initiative(task_, title, status=status)
    _show(verb, updated, repo, as_json)


@task.command(help=_("Mark an initiative as being worked on: TASK is its tag (T12), or a KR followed by part of its TITLE."))
@task_ref
@title_ref
@json_flag
@db_option
@click.pass_context
def start(ctx, task: str, title: str | None, as_json: bool, db: str | None) -> None:
    _advance(ctx, task, title, "doing", _("Started:"), as_json, db)


@task.command(help=_("Mark an initiative as done: TASK is its tag (T12), or a KR followed by part of its TITLE."))
@task_ref
@title_ref
@json_flag
@db_option
@click.pass_context
def done(ctx, task: str, title: str | None, as_json: bool, db: str | None) -> None:
    _advance(ctx, task, title, "done", _("Done:"), as_json, db)


@task.command(help=_("Put an initiative back to do: TASK is its tag (T12), or a KR followed by part of its TITLE."))
@task_ref
@title_ref
@json_flag
@db_option
@click.pass_context
def reopen(ctx, task: str, title: str | None, as_json: bool, db: str | None) -> None:
    _advance(ctx, task, title, "todo", _("Reopened:"), as_json, db)


@task.command(help=_("Change an initiative's title, owner, due week or status."))
@task_ref
@title_ref
@click.option("--title", "new_title", metavar="TEXT", help=_("A new title."))
@click.option("--owner", "-o", metavar="NAME", help=_("A new owner (\"\" for none)."))
@click.option("--due", metavar="WEEK", help=_("A new due week (\"none\" for none)."))
@click.option("--status", metavar="STATUS", help=_("todo, doing or done."))
@json_flag
@db_option
@click.pass_context
def edit(ctx, task: str, title: str | None, new_title: str | None, owner: str | None, due: str | None,
         status: str | None, as_json: bool, db: str | None) -> None:
    from okrtui.domain.initiatives import parse_status

    changes: dict = {}
    if new_title is not None:
        changes["title"] = new_title
    if owner is not None:
        changes["owner"] = owner
    if status is not None:
        changes["status"] = parse_status(status)
    repo = open_repository(db or ctx.obj.get("db"))
    with missing_database_hint(repo.path):
        repo.load()
        if due is not None:
            changes["due"] = _due(due, repo)
        if not changes:
            raise UserError(_("say what to change: --title, --owner, --due or --status"))
        updated = repo.update_initiative(task, title, **changes)
    _show(_("Changed:"), updated, repo, as_json)


@task.command(help=_("Delete an initiative (okrtui undo brings it back)."))
@task_ref
@title_ref
@json_flag
@db_option
@click.pass_context
def delete(ctx, task: str, title: str | None, as_json: bool, db: str | None) -> None:
    repo = open_repository(db or ctx.obj.get("db"))
    with missing_database_hint(repo.path):
        gone = repo.delete_initiative(task, title)
    _show(_("Deleted:"), gone, repo, as_json)


@task.command(name="list", help=_("List initiatives: of one KR, or of the quarter grouped by KR."))
@click.argument("kr", required=False)
@click.option("--quarter", "-q", metavar="Q", help=_("Quarter, like 2026-Q4 (default: the current one)."))
@click.option("--team", "-t", metavar="T", help=_("Only this team."))
@click.option("--owner", "-o", metavar="NAME", help=_("Only this person's initiatives."))
@click.option("--status", metavar="STATUS", help=_("Only those in this status: todo, doing or done."))
@json_flag
@db_option
@click.pass_context
def list_(ctx, kr: str | None, quarter: str | None, team: str | None, owner: str | None, status: str | None,
          as_json: bool, db: str | None) -> None:
    from okrtui.domain.initiatives import initiatives_in, parse_status
    from okrtui.domain.quarter import Quarter
    from okrtui.domain.views import initiative_as_dict
    from okrtui.domain.workspace import resolve_kr
    from okrtui.present.initiative_text import initiative_line
    from okrtui.present.text import truncate, visible

    wanted = parse_status(status) if status else None
    repo, ws = load_workspace(db or ctx.obj.get("db"))
    today = repo.clock.today()
    if kr is not None:
        key_result = resolve_kr(ws, kr)
        pairs = [(key_result, i) for i in ws.initiatives_of(key_result.id)
                 if owner is None or i.owner.casefold() == owner.casefold()]
    else:
        try:
            q = Quarter.parse(quarter) if quarter else Quarter.containing(today)
        except ValueError as error:
            raise UserError(str(error)) from None
        if team and team not in ws.teams():
            raise UserError(_("there is no team '{team}'; teams: {teams}").format(team=team, teams=", ".join(ws.teams())))
        pairs = initiatives_in(ws, q, team, owner)
    pairs = [(k, i) for k, i in pairs if wanted is None or i.status == wanted]
    if as_json:
        return _echo([{**initiative_as_dict(i), "kr_title": k.title} for k, i in pairs])
    if not pairs:
        click.echo(_("No initiatives."))
        return
    from okrtui.cli.output import terminal_columns

    columns = terminal_columns()
    shown = None
    for key_result, initiative in pairs:
        if key_result.id != shown:
            shown = key_result.id
            click.echo(visible(truncate(f"#{key_result.id} {key_result.title}", columns)))
        click.echo(visible("  " + truncate(initiative_line(initiative, today), columns - 2)))
