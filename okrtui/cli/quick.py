"""The quick commands of an SSH session: checkin, kpi, list, lint. They never import textual."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from okrtui.cli.context import known_owner, UserError, current_user, db_option
from okrtui.cli.context import echo_json, load_workspace, missing_database_hint, open_repository, quarter_and_day
from okrtui.cli.group import cli
from okrtui.i18n import _

class ValueCommand(click.Command):
    """A command whose VALUE may be negative: `okrtui checkin 7 -5` needs no `--`.

    A token that reads as a negative number is an argument, not an option: it and the
    arguments after it are moved behind a `--`, the options around them keep their place.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, negative_numbers_as_arguments(self, args))


_NEGATIVE_NUMBER = re.compile(r"^-(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\S*$")


def negative_numbers_as_arguments(command: click.Command, args: list[str]) -> list[str]:
    takes_value = {name for p in command.params if isinstance(p, click.Option) and not p.is_flag and not p.count
                   for name in p.opts + p.secondary_opts}
    kept: list[str] = []
    moved: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            moved += args[i + 1:]
            break
        if arg in takes_value:
            kept += args[i:i + 2]
            i += 2
            continue
        if _NEGATIVE_NUMBER.match(arg) or (moved and not arg.startswith("-")):
            moved.append(arg)
        else:
            kept.append(arg)
        i += 1
    return kept + ["--", *moved] if moved else kept


force_help = _("Record a value okrtui finds unlikely (far outside start → target, or in another unit).")


BATCH_LIMIT = 64 * 1024 * 1024  # bytes of check-ins read by --from (about 500,000 lines)
json_option = click.option("--json", "as_json", is_flag=True, help=_("Print what was recorded as JSON."))


@cli.command(cls=ValueCommand, help=_("Record a check-in: KR is an id or part of a title, VALUE the new value (or many with --from)."))
@click.argument("kr", required=False)
@click.argument("value", required=False)
@click.option("--confidence", "-c", metavar="N", help=_("Confidence 0–10."))
@click.option("--note", "-n", default="", help=_("A short note."))
@click.option("--author", "-a", default=None, help=_("Who is checking in (default: your user name)."))
@click.option("--force", is_flag=True, help=force_help)
@click.option("--from", "source", metavar="FILE|-",
              help=_("Record many check-ins from FILE (- : standard input), JSON Lines or CSV with the columns "
                     "kr, value, confidence, note, author, at: all in one write, or none."))
@click.option("--dry-run", is_flag=True, help=_("With --from: check every line and say what would be recorded; write nothing."))
@json_option
@db_option
@click.pass_context
def checkin(ctx, kr: str | None, value: str | None, confidence: str | None, note: str, author: str | None, force: bool,
            source: str | None, dry_run: bool, as_json: bool, db: str | None) -> None:
    from okrtui.cli.quick_exit import exit_when_done
    from okrtui.domain.inputs import UnlikelyValue
    from okrtui.storage.checkin_ops import CheckInOperations

    exit_when_done()  # nothing here needs the interpreter's teardown (cli/quick_exit.py)

    who = author if author is not None else current_user()
    if source is not None:
        if kr is not None or value is not None or confidence is not None or note:
            raise click.UsageError(_("--from reads the key results and values from the file; give no KR, VALUE, "
                                     "--confidence or --note with it"))
        return _checkin_from(db or ctx.obj.get("db"), source, who, force, dry_run, as_json)
    if kr is None or value is None:
        raise click.MissingParameter(ctx=ctx, param=next(p for p in ctx.command.params if p.name == ("kr" if kr is None else "value")))
    if dry_run:
        raise click.UsageError(_("--dry-run goes with --from"))
    repo = open_repository(db or ctx.obj.get("db"), CheckInOperations)
    with missing_database_hint(repo.path):
        try:
            recorded, before, after, objective = repo.checkin_by_reference(kr, value, confidence, note=note, author=who,
                                                                            force=force)
        except UnlikelyValue as error:
            raise UserError(str(error) + " " + _("(--force records it anyway)")) from None
    if as_json:
        from okrtui.cli.checkin import checkin_as_dict, kr_as_dict

        today = repo.clock.today()
        echo_json({"dry_run": False, "checkins": [checkin_as_dict(recorded, after)],
                    "key_results": [kr_as_dict(objective, after, today)]})
        return
    from okrtui.cli.checkin import checkin_line

    click.echo(checkin_line(objective, after, recorded, previous=before.current, today=repo.clock.today()))



def _checkin_from(db: str | None, source: str, author: str, force: bool, dry_run: bool, as_json: bool) -> None:
    """`okrtui checkin --from`: every line checked, then all recorded in one write, or none (exit 2,
    each refused line named on stderr)."""
    from okrtui.domain.batch import BatchRefused, read_batch
    from okrtui.storage.checkin_ops import CheckInOperations
    from okrtui.storage.files import read_text_file, read_text_stream

    what = _("a file of check-ins")
    if source == "-":
        text = read_text_stream(click.get_binary_stream("stdin"), _("standard input"), BATCH_LIMIT, what)
    else:
        text = read_text_file(Path(source), BATCH_LIMIT, what)
    repo = open_repository(db, CheckInOperations)
    with missing_database_hint(repo.path):
        try:
            plan = repo.record_batch(read_batch(text), author=author, force=force, dry_run=dry_run)
        except BatchRefused as refused:
            if as_json:
                echo_json({"dry_run": dry_run, "checkins": [], "key_results": [],
                            "refused": [{"line": line, "problem": problem} for line, problem in refused.problems]})
            from okrtui.present.text import visible

            name = _("standard input") if source == "-" else source
            for line, problem in refused.problems:
                click.echo(visible(_("{file}, line {line}: {problem}").format(file=name, line=line, problem=problem)),
                           err=True)
            raise UserError(str(refused)) from None
    from okrtui.cli.checkin import batch_lines, checkin_as_dict, kr_as_dict

    today = repo.clock.today()
    if as_json:
        echo_json({
            "dry_run": dry_run,
            "checkins": [checkin_as_dict(p.checkin, p.kr, p.line) for p in plan.checkins],
            "key_results": [kr_as_dict(plan.objectives.get(kr.objective_id), kr, today) for kr in plan.key_results.values()],
        })
        return
    click.echo("\n".join(batch_lines(plan, today, dry_run)))


@cli.command(cls=ValueCommand, help=_("Record a KPI reading: KPI is an id or part of its name."))
@click.argument("kpi")
@click.argument("value")
@click.option("--note", "-n", default="", help=_("A short note."))
@json_option
@db_option
@click.pass_context
def kpi(ctx, kpi: str, value: str, note: str, as_json: bool, db: str | None) -> None:
    from okrtui.storage.kpi_ops import KPIOperations

    repo = open_repository(db or ctx.obj.get("db"), KPIOperations)
    with missing_database_hint(repo.path):
        reading = repo.kpi_reading_by_reference(kpi, value, note=note, author=current_user())
    if as_json:
        from okrtui.cli.checkin import reading_as_dict

        echo_json(reading_as_dict(reading, repo.clock.today()))
        return
    from okrtui.cli.checkin import reading_lines

    click.echo("\n".join(reading_lines(reading, repo.clock.today())))



@cli.command(name="list", help=_("List the quarter's objectives, key results and KPIs with their progress."))
@click.option("--quarter", "-q", metavar="Q", help=_("Quarter, like 2026-Q4 (default: the current one)."))
@click.option("--team", "-t", metavar="T", help=_("Only this team."))
@click.option("--as-of", metavar="DATE", help=_("Show the state as it was on this day (YYYY-MM-DD)."))
@click.option("--owner", metavar="NAME", help=_("Only what NAME owns: their objectives, and their key results in others."))
@click.option("--json", "as_json", is_flag=True, help=_("Machine-readable output."))
@db_option
@click.pass_context
def list_(ctx, quarter: str | None, team: str | None, as_of: str | None, owner: str | None, as_json: bool,
          db: str | None) -> None:
    from okrtui.domain.levels import view_for_owner
    from okrtui.domain.views import quarter_as_dict, view_quarter
    from okrtui.domain.workspace import rewind

    repo, workspace, (q, day, now) = _quarter_workspace(db or ctx.obj.get("db"), quarter, as_of)
    if str(q) in workspace.meta.archived:
        workspace = repo.load(with_archive=True)
    if as_of:
        workspace = rewind(workspace, now)
    if team and team not in workspace.teams():
        raise UserError(_("there is no team '{team}'; teams: {teams}").format(
            team=team, teams=", ".join(workspace.teams())))
    view = view_for_owner(view_quarter(workspace, q, day, now, team=team), known_owner(workspace, q, owner))
    if as_json:
        echo_json(quarter_as_dict(view))
    else:
        from okrtui.cli.output import quarter_table

        click.echo(quarter_table(view, now))
    from okrtui.cli.quick_exit import exit_when_done

    exit_when_done()  # read only, its output all written: no teardown needed (cli/quick_exit.py)


def _quarter_workspace(db: str | None, quarter: str | None, as_of: str | None):
    """The repository, the workspace a list of one quarter reads, and the quarter, day and instant
    shown. On a file the digest cache proves valid only the quarter's rows are built
    (storage/scopes.quarter_scope), seen in the file's zone; --as-of replays the check-ins: all are read."""
    from okrtui.storage.scopes import quarter_scope
    from okrtui.storage.store import Store

    repo = open_repository(db, Store)
    shown: list = []

    def pick(zone: str | None) -> tuple[str, bool]:
        shown[:] = [quarter_and_day(quarter, None, repo.clock.in_zone(zone))]
        q, day, _now = shown[0]
        return str(q), day >= q.end  # a quarter seen at its end shows its KPIs as they were: readings

    with missing_database_hint(repo.path):
        workspace = repo.load(scope=None if as_of else quarter_scope(pick))
    # the moment the scope was chosen for, or (a file validated in full, --as-of) now
    return repo, workspace, shown[0] if shown else quarter_and_day(quarter, as_of, repo.clock)


@cli.command(help=_("Coach findings for a quarter, or for a plan FILE (Markdown) without a database; exits 1 when there are errors."))
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--quarter", "-q", metavar="Q", help=_("Quarter, like 2026-Q4 (default: the current one)."))
@click.option("--json", "as_json", is_flag=True, help=_("Machine-readable output."))
@db_option
@click.pass_context
def lint(ctx, file: str | None, quarter: str | None, as_json: bool, db: str | None) -> None:
    from okrtui.domain.coach import review_quarter

    if file is not None:
        from okrtui.cli.plan import lint_file

        return lint_file(ctx, file, as_json)

    repo, workspace = load_workspace(db or ctx.obj.get("db"))
    q, day, _now = quarter_and_day(quarter, None, repo.clock)
    if str(q) in workspace.meta.archived:  # a closed quarter: its objectives are in the archive
        workspace = repo.load(with_archive=True)
    findings = review_quarter(workspace, q, today=day)
    if as_json:
        click.echo(json.dumps({"quarter": str(q), "findings": [f.as_dict() for f in findings]}, ensure_ascii=False, indent=2))
    else:
        from okrtui.cli.output import findings_text

        click.echo(findings_text(findings, str(q)))
    if any(f.level == "error" for f in findings):
        ctx.exit(1)


