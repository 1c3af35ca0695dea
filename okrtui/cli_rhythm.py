"""Commands for the check-in rhythm: `okrtui due` (who owes a check-in) and `okrtui remind` (tell
them, through apprise). Registered on okrtui.cli's group; like every quick command they never import
textual, and apprise is imported only by `remind` (okrtui/remind.py)."""

from __future__ import annotations

import json
import sys

import click

from okrtui.cli import UserError, _load, _quarter_and_day, cli, db_option
from okrtui.i18n import _


def owed_now(db: str | None, team: str | None = None, owner: str | None = None):
    """(workspace, owed check-ins of the current quarter, the instant they were computed at)."""
    from okrtui.domain.cadence import owed_checkins
    from okrtui.domain.views import view_quarter

    repo, workspace = _load(db)
    if team and team not in workspace.teams():
        raise UserError(_("there is no team '{team}'; teams: {teams}").format(
            team=team, teams=", ".join(workspace.teams())))
    q, day, now = _quarter_and_day(None, None, repo.clock)
    view = view_quarter(workspace, q, day, now, team=team)
    return workspace, owed_checkins(workspace, view, team=team, owner=owner), now


@cli.command()
@click.option("--team", "-t", metavar="T", help=_("Only this team."))
@click.option("--owner", metavar="NAME", help=_("Only the key results NAME owns."))
@click.option("--json", "as_json", is_flag=True, help=_("Machine-readable output."))
@db_option
@click.pass_context
def due(ctx, team: str | None, owner: str | None, as_json: bool, db: str | None) -> None:
    """Who owes a check-in, by owner: exit 0 when nobody does, 1 when someone does."""
    from okrtui.domain.cadence import by_owner
    from okrtui.rhythm_text import owed_as_dict, owed_report
    from okrtui.text import visible, visible_json

    _workspace, owed, now = owed_now(db or ctx.obj.get("db"), team, owner)
    groups = by_owner(owed)
    if as_json:
        click.echo(visible_json(json.dumps({"as_of": now.isoformat(), **owed_as_dict(groups)}, ensure_ascii=False, indent=2)))
    else:
        click.echo(visible(owed_report(groups, now)))
    sys.exit(1 if owed else 0)
