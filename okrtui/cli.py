"""The command line. Quick commands (checkin, kpi, list, lint, demo) never import textual:
the app is imported only by the commands that open it."""

from __future__ import annotations

import gc
import json
import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click

from okrtui.cli_click import click_speaks_our_language, print_version, translate_click_metavars
from okrtui.i18n import LANGUAGES, _, language_flag, set_language, translate_click

MODES = ("plan", "update", "compare", "standup")
CANDIDATES_SHOWN = 8  # an unknown or ambiguous reference lists this many, then how many more


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit 2."""


def default_db_path() -> Path:
    from okrtui.config import default_db_path as path

    return path()


def resolve_db(db: str | None) -> Path:
    """--db, else $OKRTUI_DB, else `database` in config.toml, else okr.json in the user data folder."""
    from okrtui.config import effective_settings

    return effective_settings({"database": db})["database"]


def current_user() -> str:
    """$OKRTUI_USER, else `name` in config.toml, else the system's user name."""
    from okrtui.config import identity

    return identity()


def cli_clock():
    """The one clock of this command, built once: $OKRTUI_NOW or --now start it at a chosen moment."""
    from okrtui.domain.clock import BadMoment, system_clock

    obj = click.get_current_context().find_root().ensure_object(dict)
    if "clock" not in obj:
        try:
            obj["clock"] = system_clock(obj.get("now"))
        except BadMoment as error:
            raise UserError(_("the clock's starting moment ({source}): {problem}").format(
                source="--now" if obj.get("now") else "OKRTUI_NOW", problem=error)) from None
    return obj["clock"]


def _repo(db: str | None):
    from okrtui.storage.repository import Repository

    return Repository(resolve_db(db), clock=cli_clock(), author=current_user())


@contextmanager
def _missing_database_hint(path: Path) -> Iterator[None]:
    from okrtui.storage.errors import DatabaseMissing

    try:
        yield
    except DatabaseMissing:
        raise UserError(
            _("no database at {path}; create one with 'okrtui demo --db {path}' or open the app").format(path=path)
        ) from None


def _load(db: str | None):
    """The repository and its workspace (reading it sets the clock to the workspace's zone)."""
    repo = _repo(db)
    with _missing_database_hint(repo.path):
        return repo, repo.load()


db_option = click.option("--db", "db", metavar="PATH", help=_("Database file (default: $OKRTUI_DB, then the user data folder)."))


class _Group(click.Group):
    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            raise click.UsageError(_("there is no command '{name}'").format(name=name), ctx)
        return super().resolve_command(ctx, args)


@click.group(cls=_Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", metavar="PATH", help=_("Database file (default: $OKRTUI_DB, then the user data folder)."))
@click.option("--theme", metavar="NAME", help=_("Colour theme of the app."))
@click.option("--lang", type=click.Choice(LANGUAGES), expose_value=False,  # applied in main(), before parsing
              help=_("Interface language (default: $OKRTUI_LANG, config.toml, then the locale)."))
@click.option("--now", metavar="MOMENT", hidden=True,  # for demos and bug reports, like $OKRTUI_NOW
              help=_("Start the clock at MOMENT (2026-11-30T12:00) and let it run from there."))
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, help=_("Show the version and exit."),
              callback=print_version)
@click.pass_context
def cli(ctx: click.Context, db: str | None, theme: str | None, now: str | None) -> None:
    """okrtui: run OKRs as a team, from the keyboard."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    ctx.obj["theme"] = theme
    ctx.obj["now"] = now
    _check_theme(theme)
    if ctx.invoked_subcommand is None:
        open_app(db, "plan", theme)


def _check_theme(theme: str | None) -> None:
    """--theme NAME must name a theme; checked before textual is imported (it is, for a built-in name)."""
    if not theme:
        return
    from okrtui.themes import is_known_theme, load_themes, theme_names

    if not is_known_theme(theme, themes := load_themes()):
        raise UserError(_("there is no theme '{name}'; themes: {names}").format(
            name=theme, names=", ".join(theme_names(themes))))


def open_app(db: str | None, mode: str, theme: str | None, **options) -> None:
    gc.enable()
    from okrtui.config import effective_settings

    if mode == "standup" and options.get("rotate") is None:
        options["rotate"] = effective_settings()["standup_rotate"]  # config.toml's standup_rotate
    try:
        from okrtui.ui.app import run_app
    except ImportError:
        raise UserError(_("the app is not part of this build yet; use 'okrtui list' or 'okrtui checkin'")) from None
    run_app(resolve_db(db), mode=mode, theme=theme, clock=cli_clock(), **options)


def _mode_command(mode: str, help_text: str, *extra_options):
    @db_option
    @click.option("--theme", metavar="NAME", help=_("Colour theme of the app."))
    @click.pass_context
    def command(ctx: click.Context, db: str | None, theme: str | None, **options) -> None:
        _check_theme(theme)
        open_app(db or ctx.obj.get("db"), mode, theme or ctx.obj.get("theme"), **options)

    for option in extra_options:  # a mode's own options reach run_app as **options
        command = option(command)
    command.__doc__ = help_text
    return cli.command(name=mode)(command)


_mode_command("plan", _("Open the app in planning mode."))
_mode_command("update", _("Open the app in update (check-in) mode."),
              click.option("--owner", metavar="NAME", help=_("Only NAME's key results (m in the app shows everyone's).")))
_mode_command("compare", _("Open the app in OKR-vs-KPI comparison mode."))
rotate_option = click.option("--rotate", metavar="SECONDS", type=click.FloatRange(min=1),
                             help=_("Standup: turn the pages of teams every SECONDS (space pauses)."))
team_option = click.option("--team", metavar="T", help=_("Standup: show only team T."))
_mode_command("standup", _("Open the app on the team standup screen."), rotate_option, team_option)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help=_("Address to listen on; the default serves this machine only (0.0.0.0: every network)."))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help=_("Port to listen on."))
@click.option("--mode", type=click.Choice(MODES), default="standup", show_default=True, help=_("Mode the app opens in."))
@rotate_option
@team_option
@click.option("--allow-edit", is_flag=True,
              help=_("Let visitors change data; each browser signs in once with a secret token (default: read-only)."))
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help=_("Also answer to NAME (a reverse proxy's public name, this machine's address); repeatable."))
@click.option("--token-file", type=click.Path(dir_okay=False, path_type=Path), metavar="PATH",
              help=_("With --allow-edit: the token is the first line of PATH (for a service), not a new one."))
@click.option("--max-sessions", default=8, show_default=True, type=click.IntRange(1, 1000),
              help=_("Most browser tabs served at once (each runs its own app)."))
@click.option("--font-size", type=click.IntRange(6, 64), metavar="PX",
              help=_("Size of the text in the browser, in pixels (default: the largest that fits the window)."))
@click.option("--theme", metavar="NAME", help=_("Colour theme of the app."))
@db_option
@click.pass_context
def serve(ctx, host: str, port: int, mode: str, rotate: float | None, team: str | None, allow_edit: bool,
          allow_hosts: tuple[str, ...], token_file: Path | None, max_sessions: int, font_size: int | None,
          theme: str | None, db: str | None) -> None:
    """Serve the app to web browsers (textual-serve): a TV in the meeting room. Read-only unless --allow-edit."""
    gc.enable()  # a server runs for hours
    _check_theme(theme)
    from okrtui.serve import ServeError, serve_app

    try:
        serve_app(resolve_db(db or ctx.obj.get("db")), host=host, port=port, mode=mode,
                  theme=theme or ctx.obj.get("theme"), rotate=rotate, team=team, allow_edit=allow_edit,
                  allow_hosts=allow_hosts, token_file=token_file, max_sessions=max_sessions, font_size=font_size)
    except ServeError as error:
        raise UserError(str(error)) from None


class _ValueCommand(click.Command):
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


@cli.command(cls=_ValueCommand)
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
    """Record a check-in: KR is an id or part of a title, VALUE the new value (or many with --from)."""
    from okrtui.domain.inputs import UnlikelyValue

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
    repo = _repo(db or ctx.obj.get("db"))
    with _missing_database_hint(repo.path):
        try:
            recorded, before, after, objective = repo.checkin_by_reference(kr, value, confidence, note=note, author=who,
                                                                            force=force)
        except UnlikelyValue as error:
            raise UserError(str(error) + " " + _("(--force records it anyway)")) from None
    if as_json:
        from okrtui.cli_checkin import checkin_as_dict, kr_as_dict

        today = repo.clock.today()
        _echo_json({"dry_run": False, "checkins": [checkin_as_dict(recorded, after)],
                    "key_results": [kr_as_dict(objective, after, today)]})
        return
    from okrtui.cli_checkin import checkin_line

    click.echo(checkin_line(objective, after, recorded, previous=before.current, today=repo.clock.today()))


def _echo_json(document: dict) -> None:
    from okrtui.text import visible_json

    click.echo(visible_json(json.dumps(document, ensure_ascii=False, indent=2)))


def _checkin_from(db: str | None, source: str, author: str, force: bool, dry_run: bool, as_json: bool) -> None:
    """`okrtui checkin --from`: every line checked, then all recorded in one write, or none (exit 2,
    each refused line named on stderr)."""
    from okrtui.domain.batch import BatchRefused, read_batch
    from okrtui.storage.files import read_text_file, read_text_stream

    what = _("a file of check-ins")
    if source == "-":
        text = read_text_stream(click.get_binary_stream("stdin"), _("standard input"), BATCH_LIMIT, what)
    else:
        text = read_text_file(Path(source), BATCH_LIMIT, what)
    repo = _repo(db)
    with _missing_database_hint(repo.path):
        try:
            plan = repo.record_batch(read_batch(text), author=author, force=force, dry_run=dry_run)
        except BatchRefused as refused:
            if as_json:
                _echo_json({"dry_run": dry_run, "checkins": [], "key_results": [],
                            "refused": [{"line": line, "problem": problem} for line, problem in refused.problems]})
            from okrtui.text import visible

            name = _("standard input") if source == "-" else source
            for line, problem in refused.problems:
                click.echo(visible(_("{file}, line {line}: {problem}").format(file=name, line=line, problem=problem)),
                           err=True)
            raise UserError(str(refused)) from None
    from okrtui.cli_checkin import batch_lines, checkin_as_dict, kr_as_dict

    today = repo.clock.today()
    if as_json:
        _echo_json({
            "dry_run": dry_run,
            "checkins": [checkin_as_dict(p.checkin, p.kr, p.line) for p in plan.checkins],
            "key_results": [kr_as_dict(plan.objectives.get(kr.objective_id), kr, today) for kr in plan.key_results.values()],
        })
        return
    click.echo("\n".join(batch_lines(plan, today, dry_run)))


@cli.command(cls=_ValueCommand)
@click.argument("kpi")
@click.argument("value")
@click.option("--note", "-n", default="", help=_("A short note."))
@json_option
@db_option
@click.pass_context
def kpi(ctx, kpi: str, value: str, note: str, as_json: bool, db: str | None) -> None:
    """Record a KPI reading: KPI is an id or part of its name."""
    repo = _repo(db or ctx.obj.get("db"))
    with _missing_database_hint(repo.path):
        updated = repo.kpi_reading_by_reference(kpi, value, note=note, author=current_user())
    if as_json:
        from okrtui.cli_checkin import kpi_as_dict

        _echo_json({"kpi": kpi_as_dict(updated)})
        return
    from okrtui.cli_checkin import kpi_line

    click.echo(kpi_line(updated))


def _quarter_and_day(quarter: str | None, as_of: str | None, clock):
    """The quarter asked for (default: today's), and the local day and instant to see it at:
    the end of --as-of's day, else now, or the quarter's end once it is over."""
    from okrtui.domain.clock import view_moment
    from okrtui.domain.inputs import parse_date
    from okrtui.domain.quarter import Quarter

    day = parse_date(as_of) if as_of else clock.today()
    try:
        q = Quarter.parse(quarter) if quarter else Quarter.containing(day)
    except ValueError as error:
        raise UserError(str(error)) from None
    if as_of:
        return q, day, clock.end_of(day)
    day, now = view_moment(clock, q)
    return q, day, now


def _known_owner(workspace, quarter, owner: str | None) -> str | None:
    """--owner NAME: a name nobody in the quarter carries is an error that lists who does."""
    from okrtui.domain.levels import owners_in, same_person

    if owner is None:
        return None
    names = owners_in(workspace, quarter)
    if not any(same_person(name, owner) for name in names):
        raise UserError(_("nobody called '{name}' owns an objective or a key result in {quarter}; owners: {names}").format(
            name=owner, quarter=quarter, names=", ".join(names) or _("none")))
    return owner


@cli.command(name="list")
@click.option("--quarter", "-q", metavar="Q", help=_("Quarter, like 2026-Q4 (default: the current one)."))
@click.option("--team", "-t", metavar="T", help=_("Only this team."))
@click.option("--as-of", metavar="DATE", help=_("Show the state as it was on this day (YYYY-MM-DD)."))
@click.option("--owner", metavar="NAME", help=_("Only what NAME owns: their objectives, and their key results in others."))
@click.option("--json", "as_json", is_flag=True, help=_("Machine-readable output."))
@db_option
@click.pass_context
def list_(ctx, quarter: str | None, team: str | None, as_of: str | None, owner: str | None, as_json: bool,
          db: str | None) -> None:
    """List the quarter's objectives, key results and KPIs with their progress."""
    from okrtui.domain.levels import view_for_owner
    from okrtui.domain.views import quarter_as_dict, view_quarter
    from okrtui.domain.workspace import rewind

    repo, workspace = _load(db or ctx.obj.get("db"))
    q, day, now = _quarter_and_day(quarter, as_of, repo.clock)
    if str(q) in workspace.meta.archived:
        workspace = repo.load(with_archive=True)
    if as_of:
        workspace = rewind(workspace, now)
    if team and team not in workspace.teams():
        raise UserError(_("there is no team '{team}'; teams: {teams}").format(
            team=team, teams=", ".join(workspace.teams())))
    view = view_for_owner(view_quarter(workspace, q, day, now, team=team), _known_owner(workspace, q, owner))
    if as_json:
        from okrtui.text import visible_json

        click.echo(visible_json(json.dumps(quarter_as_dict(view), ensure_ascii=False, indent=2)))
        return
    from okrtui.cli_output import quarter_table

    click.echo(quarter_table(view, now))


@cli.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--quarter", "-q", metavar="Q", help=_("Quarter, like 2026-Q4 (default: the current one)."))
@click.option("--json", "as_json", is_flag=True, help=_("Machine-readable output."))
@db_option
@click.pass_context
def lint(ctx, file: str | None, quarter: str | None, as_json: bool, db: str | None) -> None:
    """Coach findings for a quarter, or for a plan FILE (Markdown) without a database; exits 1 when there are errors."""
    from okrtui.domain.coach import review_quarter

    if file is not None:
        from okrtui.cli_plan import lint_file

        return lint_file(ctx, file, as_json)

    repo, workspace = _load(db or ctx.obj.get("db"))
    q, _day, _now = _quarter_and_day(quarter, None, repo.clock)
    if str(q) in workspace.meta.archived:  # a closed quarter: its objectives are in the archive
        workspace = repo.load(with_archive=True)
    findings = review_quarter(workspace, q)
    if as_json:
        click.echo(json.dumps({"quarter": str(q), "findings": [f.as_dict() for f in findings]}, ensure_ascii=False, indent=2))
    else:
        from okrtui.cli_output import findings_text

        click.echo(findings_text(findings, str(q)))
    if any(f.level == "error" for f in findings):
        ctx.exit(1)


@cli.command()
@click.option("--no-open", is_flag=True, help=_("Only copy the demo and print its path."))
@db_option
@click.pass_context
def demo(ctx, no_open: bool, db: str | None) -> None:
    """Copy the demo database (moved to the current quarter) and open it."""
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


@cli.command(name="config")
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
    """Show the config file's path and each effective setting with where it came from."""
    from okrtui.config import effective_settings, settings_as_dict, settings_text
    from okrtui.domain.clock import BadMoment
    from okrtui.themes import load_themes, user_themes_dir

    if (cadence is not None or lead is not None) and team is None:
        raise UserError(_("--cadence and --lead set a team's settings; name the team with --team T"))
    if team is not None:
        _set_team(db or ctx.obj.get("db"), team, cadence, lead, as_json)
        return
    settings = effective_settings({"database": db or ctx.obj.get("db"), "theme": ctx.obj.get("theme")})
    if timezone is not None:
        repo = _repo(db or ctx.obj.get("db"))
        try:
            with _missing_database_hint(repo.path):
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
    """`config --team T [--cadence C] [--lead NAME]`: set them (none given: show them)."""
    from okrtui.domain.cadence import team_settings
    from okrtui.formatting import cadence_label

    repo = _repo(db)
    with _missing_database_hint(repo.path):
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


# Closing a quarter, reports, import and export live in a module of their own; importing it
# registers its commands on the group above.
from okrtui import cli_cycle  # noqa: E402,F401
from okrtui import cli_history  # noqa: E402,F401
from okrtui import cli_plan  # noqa: E402,F401  (apply, edit: plans as text)
from okrtui import cli_rhythm  # noqa: E402,F401  (due, remind)

# --lang after a subcommand too (`okrtui list --lang zh-TW`): main() reads it wherever it is, before
# click parses; each subcommand takes it so that click accepts it there (and checks its value).
for _command in cli.commands.values():
    _command.params.append(click.Option(["--lang"], type=click.Choice(LANGUAGES), expose_value=False,
                                        help=_("Interface language (default: $OKRTUI_LANG, config.toml, then the locale).")))


def _usage_message(error: click.UsageError) -> str:
    """Click's own usage errors in the interface language, built from the error's parts;
    those it only gives as English text pass through as they are."""
    if isinstance(error, click.MissingParameter) and error.param is not None:
        name = error.param.human_readable_name
        if error.param.param_type_name == "argument":
            return _("missing argument {name}").format(name=name)
        return _("missing option {name}").format(name=name)
    if isinstance(error, click.NoSuchOption):
        message = _("no such option: {name}").format(name=error.option_name)
        if error.possibilities:
            message += " " + _("(did you mean {names}?)").format(names=", ".join(sorted(error.possibilities)))
        return message
    if isinstance(error, click.BadParameter) and error.param is not None:
        return _("invalid value for {name}: {message}").format(
            name=error.param.get_error_hint(error.ctx) if error.ctx else error.param.human_readable_name,
            message=error.message,
        )
    return error.format_message().replace("\n", " ")


def _fail(message: str) -> None:
    click.echo(f"okrtui: {message}", err=True)
    sys.exit(2)


def main(argv: list[str] | None = None) -> None:
    """Entry point: every known failure is one line on stderr and exit 2, never a traceback."""
    try:
        _main(argv)
    finally:
        gc.enable()


def _main(argv: list[str] | None) -> None:
    # A quick command is over in a fraction of a second and builds no reference cycles worth
    # collecting; pausing the collector while pydantic builds its validators saves a few ms.
    # open_app turns it back on before the long-running app starts.
    gc.disable()
    from okrtui.domain.clock import BadMoment
    from okrtui.domain.models import InvalidInput
    from okrtui.domain.workspace import ReferenceError_
    from okrtui.storage.errors import DatabaseError, NotFound
    from okrtui.text import visible

    from okrtui.config import effective_settings

    settings = effective_settings()
    argv = sys.argv[1:] if argv is None else argv
    lang = language_flag(argv)  # --lang first; a bad value is click's error below
    set_language(lang if lang in LANGUAGES else settings["language"])  # else $OKRTUI_LANG, config.toml, locale
    translate_click(cli)  # help texts were read at import, in English
    translate_click_metavars(cli)
    click_speaks_our_language()  # click's own words: Usage, Options, "Show this message and exit." …
    if settings.problem:  # a broken config.toml is ignored, not fatal: say so once
        settings = effective_settings()  # again, for the sentence in the chosen language
        click.echo("okrtui: " + _("warning: {problem}").format(problem=settings.problem), err=True)
    try:
        code = cli.main(args=argv, prog_name="okrtui", standalone_mode=False)
    except click.exceptions.Abort:
        _fail(_("cancelled"))
    except click.UsageError as error:
        _fail(_usage_message(error) + " " + _("(see 'okrtui --help')"))
    except click.ClickException as error:
        _fail(error.format_message().replace("\n", " "))
    except ReferenceError_ as error:
        message = str(error)
        if error.candidates:
            shown = [visible(c) for c in error.candidates[:CANDIDATES_SHOWN]]
            more = len(error.candidates) - len(shown)
            if more:
                shown.append(_("… and {n} more").format(n=more))
            message += " (" + "; ".join(shown) + ")"
        _fail(message)
    except (UserError, DatabaseError, InvalidInput, NotFound, BadMoment) as error:
        _fail(str(error))
    except KeyboardInterrupt:
        _fail(_("interrupted"))
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
