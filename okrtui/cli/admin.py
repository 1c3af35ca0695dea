"""Setting up: `okrtui demo` (a copy of the demo database) and `okrtui config` (personal and team settings)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from okrtui.cli.context import UserError, cli_clock, db_option, default_db_path, missing_database_hint, open_repository
from okrtui.cli.group import cli, open_app
from okrtui.i18n import _

@cli.command(help=_("Copy the demo database (moved to the current quarter) and open it."))
@click.option("--no-open", is_flag=True, help=_("Only copy the demo and print its path."))
@db_option
@click.pass_context
def demo(ctx, no_open: bool, db: str | None) -> None:
    from okrtui.storage.demo import install_demo

    clock = cli_clock()
    chosen = db or ctx.obj.get("db") or os.environ.get("OKRTUI_DB")
    if chosen:
        path = Path(chosen).expanduser()
    else:
        path = default_db_path().with_name(f"demo-{clock.local():%Y%m%d-%H%M%S}.json")
    install_demo(path, clock)
    if no_open:
        click.echo(str(path))
        return
    open_app(str(path), "plan", ctx.obj.get("theme"))


@cli.command(name="config", help=_("Show the config file's path and each effective setting with where it came from."))
@click.option("--json", "as_json", is_flag=True, help=_("Machine-readable output."))
@click.option("--timezone", metavar="ZONE",
              help=_("Set the workspace's time zone, for everyone sharing the database (an IANA name like Asia/Taipei)."))
@click.option("--team", "-t", metavar="T", help=_("Set team T's settings (with --cadence and --lead), for everyone sharing the database."))
@click.option("--cadence", type=click.Choice(["weekly", "biweekly", "monthly"]),
              help=_("How often team T checks in: a KR is stale, and its owner owes a check-in, after that long."))
@click.option("--lead", metavar="NAME", help=_("Team T's lead, who gets the team's reminder summary."))
@db_option
@click.pass_context
def config_(ctx, as_json: bool, timezone: str | None, team: str | None, cadence: str | None, lead: str | None,
            db: str | None) -> None:
    from okrtui.settings.config import effective_settings, settings_as_dict, settings_text
    from okrtui.domain.clock import BadMoment
    from okrtui.settings.themes import load_themes, user_themes_dir

    if (cadence is not None or lead is not None) and team is None:
        raise UserError(_("--cadence and --lead set a team's settings; name the team with --team T"))
    if team is not None:
        _set_team(db or ctx.obj.get("db"), team, cadence, lead, as_json)
        return
    settings = effective_settings({"database": db or ctx.obj.get("db"), "theme": ctx.obj.get("theme")})
    if timezone is not None:
        repo = open_repository(db or ctx.obj.get("db"))
        try:
            with missing_database_hint(repo.path):
                name = repo.set_timezone(timezone)
        except BadMoment as error:
            raise UserError(str(error)) from None
        click.echo(_("the workspace's time zone is now {zone} (for everyone using {path})").format(zone=name, path=repo.path))
        return
    zone = _workspace_zone(settings["database"])
    if as_json:
        click.echo(json.dumps({**settings_as_dict(settings), "workspace": {"timezone": zone}}, ensure_ascii=False, indent=2))
        return
    click.echo(settings_text(settings, sorted(load_themes().themes), user_themes_dir()))
    if zone is not None:
        click.echo(_("workspace time zone: {zone} (in the database; change it with 'okrtui config --timezone ZONE')").format(zone=zone))


def _set_team(db: str | None, team: str, cadence: str | None, lead: str | None, as_json: bool) -> None:
    from okrtui.domain.cadence import team_settings
    from okrtui.present.formatting import cadence_label

    repo = open_repository(db)
    with missing_database_hint(repo.path):
        if cadence is None and lead is None:
            record = team_settings(repo.load(), team)
        else:
            record = repo.set_team_settings(team, cadence=cadence, lead=lead)
    if as_json:
        click.echo(json.dumps({"team": record.name, "cadence": record.cadence, "lead": record.lead}, ensure_ascii=False))
        return
    click.echo(_("team {team}: checks in {cadence}; lead: {lead}").format(
        team=record.name, cadence=cadence_label(record.cadence), lead=record.lead or _("none")))


def _workspace_zone(path: Path) -> str | None:
    """The time zone the database's calendar follows (None when there is no usable database)."""
    from okrtui.storage.errors import DatabaseError
    from okrtui.storage.repository import Repository

    try:
        meta = Repository(path, clock=cli_clock()).load().meta
    except DatabaseError:
        return None
    from okrtui.domain.clock import machine_zone_name

    return meta.timezone or machine_zone_name()

