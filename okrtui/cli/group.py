"""The click group, the commands that open the app in a mode, and `serve`."""

from __future__ import annotations

import gc
from importlib import import_module
from pathlib import Path
from typing import MutableMapping

import click

from okrtui.cli.click_setup import add_lang_option, print_version, translate_click_metavars
from okrtui.cli.context import MODES, UserError, cli_clock, db_option, resolve_db
from okrtui.i18n import LANGUAGES, _, translate_click

class StrictGroup(click.Group):
    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            import difflib  # only for a mistyped command

            message = _("there is no command '{name}'").format(name=name)
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=3)
            if close:
                message += " " + _("(did you mean {names}?)").format(names=", ".join(close))
            raise click.UsageError(message, ctx)
        return super().resolve_command(ctx, args)


# Each command's module, imported when the command is run (or listed by --help): `okrtui checkin`
# need not import the plan-file parser, the coach or the report to register commands it never runs.
# Importing a module registers its commands on `cli` (tests/cli/test_lazy_commands.py checks this map).
LAZY_COMMANDS = {
    "checkin": "okrtui.cli.quick", "kpi": "okrtui.cli.quick", "list": "okrtui.cli.quick", "lint": "okrtui.cli.quick",
    "demo": "okrtui.cli.admin", "config": "okrtui.cli.admin",
    "history": "okrtui.cli.checkin_history", "comment": "okrtui.cli.comments",
    "close": "okrtui.cli.cycle", "report": "okrtui.cli.cycle", "import": "okrtui.cli.cycle", "export": "okrtui.cli.cycle",
    "log": "okrtui.cli.history", "undo": "okrtui.cli.history", "redo": "okrtui.cli.history",
    "apply": "okrtui.cli.plan", "edit": "okrtui.cli.plan",
    "due": "okrtui.cli.rhythm", "remind": "okrtui.cli.rhythm",
    "task": "okrtui.cli.task",
}


class LazyGroup(StrictGroup):
    """The top group: commands named in LAZY_COMMANDS are imported on first use. Every command
    added takes --lang where a user puts it, and one loaded late is shown in the language set."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        add_lang_option(cmd)
        super().add_command(cmd, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            self._load(LAZY_COMMANDS[cmd_name])
        return self.commands.get(cmd_name)

    def load_all(self) -> MutableMapping[str, click.Command]:
        """Every command, imported (for tests and tools that walk the whole tree)."""
        for module in dict.fromkeys(LAZY_COMMANDS.values()):
            self._load(module)
        return self.commands

    def _load(self, module: str) -> None:
        before = set(self.commands)
        import_module(module)
        for name in set(self.commands) - before:  # the commands this import registered
            translate_click(self.commands[name])  # help=_() ran at import: in the language set by then
            translate_click_metavars(self.commands[name])


@click.group(cls=LazyGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]},
             help=_("okrtui: run OKRs as a team, from the keyboard."))
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
    from okrtui.settings.themes import is_known_theme, load_themes, theme_names

    if not is_known_theme(theme, themes := load_themes()):
        raise UserError(_("there is no theme '{name}'; themes: {names}").format(
            name=theme, names=", ".join(theme_names(themes))))


def open_app(db: str | None, mode: str, theme: str | None, **options) -> None:
    # The collector stays paused through the app's imports and the file's read: the app turns it on
    # once its first screen is drawn (okrtui/ui/app.py; issue 21: ~40% of reading the file at L).
    from okrtui.settings.config import effective_settings

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


@cli.command(help=_("Serve the app to web browsers (textual-serve): a TV in the meeting room. Read-only unless --allow-edit."))
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
    gc.enable()  # a server runs for hours
    _check_theme(theme)
    from okrtui.cli.serve import ServeError, serve_app

    try:
        serve_app(resolve_db(db or ctx.obj.get("db")), host=host, port=port, mode=mode,
                  theme=theme or ctx.obj.get("theme"), rotate=rotate, team=team, allow_edit=allow_edit,
                  allow_hosts=allow_hosts, token_file=token_file, max_sessions=max_sessions, font_size=font_size)
    except ServeError as error:
        raise UserError(str(error)) from None

