"""Commands for the check-in rhythm: `okrtui due` (who owes a check-in) and `okrtui remind` (tell
them, through apprise). Registered on okrtui.cli.main's group; like every quick command they never import
textual, and apprise is imported only by `remind` (okrtui/cli/remind.py)."""

from __future__ import annotations

import json
import sys

import click

from okrtui.cli.group import cli
from okrtui.cli.context import UserError, db_option, load_workspace, quarter_and_day
from okrtui.i18n import _, ngettext


def owed_now(db: str | None, team: str | None = None, owner: str | None = None):
    """(workspace, owed check-ins of the current quarter, the instant they were computed at)."""
    from okrtui.domain.cadence import owed_checkins
    from okrtui.domain.views import view_quarter

    repo, workspace = load_workspace(db)
    if team and team not in workspace.teams():
        raise UserError(_("there is no team '{team}'; teams: {teams}").format(
            team=team, teams=", ".join(workspace.teams())))
    q, day, now = quarter_and_day(None, None, repo.clock)
    view = view_quarter(workspace, q, day, now, team=team)
    return workspace, owed_checkins(workspace, view, team=team, owner=owner), now


@cli.command(help=_("Who owes a check-in, by owner: exit 0 when nobody does, 1 when someone does."))
@click.option("--team", "-t", metavar="T", help=_("Only this team."))
@click.option("--owner", metavar="NAME", help=_("Only the key results NAME owns."))
@click.option("--json", "as_json", is_flag=True, help=_("Machine-readable output."))
@db_option
@click.pass_context
def due(ctx, team: str | None, owner: str | None, as_json: bool, db: str | None) -> None:
    from okrtui.domain.cadence import by_owner
    from okrtui.present.rhythm_text import owed_as_dict, owed_report
    from okrtui.present.text import visible, visible_json

    _workspace, owed, now = owed_now(db or ctx.obj.get("db"), team, owner)
    groups = by_owner(owed)
    if as_json:
        click.echo(visible_json(json.dumps({"as_of": now.isoformat(), **owed_as_dict(groups)}, ensure_ascii=False, indent=2)))
    else:
        click.echo(visible(owed_report(groups, now)))
    sys.exit(1 if owed else 0)


@cli.command(help=_("Send each owner what they owe and each team lead a summary, through apprise (config.toml's [notify])."))
@click.option("--dry-run", is_flag=True, help=_("Print the messages and their URLs (secrets masked) without sending."))
@db_option
@click.pass_context
def remind(ctx, dry_run: bool, db: str | None) -> None:
    from okrtui.settings.config import read_config
    from okrtui.i18n import current_language
    from okrtui.cli.remind import NotifyMissing, load_apprise, masked, plan_reminders, send

    try:
        apprise = load_apprise()
    except NotifyMissing as error:
        raise UserError(str(error)) from None
    workspace, owed, now = owed_now(db or ctx.obj.get("db"))
    if not owed:
        click.echo(_("Nobody owes a check-in; nothing to send."))
        return
    config, problem = read_config()
    if problem:
        raise UserError(problem)
    plan = plan_reminders(workspace, owed, config.notify, now, current_language())
    for message in plan.messages:
        if dry_run:
            click.echo(_("To {name} ({language}): {urls}").format(
                name=message.to, language=message.language, urls=", ".join(masked(apprise, u) for u in message.urls)))
            click.echo("  " + message.title)
            click.echo("\n".join("  " + line for line in message.body.splitlines()))
    for name in plan.unreachable:
        click.echo(_("Unreachable: {name} (no notify URL in config.toml)").format(name=name or _("(no owner)")))
    if dry_run:
        click.echo(ngettext("Would send {n} message; nothing was sent.", "Would send {n} messages; nothing was sent.",
                            len(plan.messages)).format(n=len(plan.messages)))
        return
    failures = send(apprise, plan)
    sent = sum(len(m.urls) for m in plan.messages) - len(failures)
    click.echo(ngettext("Sent {n} notification.", "Sent {n} notifications.", sent).format(n=sent))
    if failures:
        for url, name in failures:
            click.echo(_("not delivered to {name} at {url}").format(name=name, url=url), err=True)
        raise UserError(ngettext("{n} notification was not delivered", "{n} notifications were not delivered",
                                 len(failures)).format(n=len(failures)))
