"""click's own words (help headings, the help and version options, the usage line, its errors)
in the interface language.

click translates its texts with the standard library's gettext, bound in each of its modules as
`_` and `ngettext` and called when the text is shown. Pointing those names at okrtui.i18n makes
click read okrtui's catalog, which holds click's texts (listed in `_click_messages` so that
scripts/i18n.py extracts them). A text click does not pass through gettext, the usage line's
metavars, is set on each command by `translate_click_metavars`.
"""

from __future__ import annotations

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

from okrtui.i18n import LANGUAGES, _, ngettext, retranslate

_CLICK_MODULES = (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.termui,
                  click.types)


class _Formatter(click.HelpFormatter):
    """click's help formatter with the heading's colon in the interface language ("選項：")."""

    def write_heading(self, heading: str) -> None:
        with_colon = _("{heading}:").format(heading=heading)
        self.write(f"{'':>{self.current_indent}}{with_colon}\n")


def click_speaks_our_language() -> None:
    """Route click's gettext calls through okrtui's catalog (in the language set at the time)."""
    for module in _CLICK_MODULES:
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    click.Context.formatter_class = _Formatter


def add_lang_option(command: click.Command) -> None:
    """--lang after a subcommand's name too (`okrtui list --lang zh-TW`): main() applies it wherever it
    is, before click parses; the subcommand takes it so that click accepts it there (and checks it)."""
    command.params.append(click.Option(["--lang"], type=click.Choice(LANGUAGES), expose_value=False,
                                       help=_("Interface language (default: $OKRTUI_LANG, config.toml, then the locale).")))


def print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """--version, with click's sentence read when it is shown (click's own reads it at import)."""
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    click.echo(_("%(prog)s, version %(version)s") % {"prog": "okrtui", "version": version("okrtui")})
    ctx.exit()


def translate_click_metavars(command: click.Command) -> None:
    """The usage line's "[OPTIONS]" and "[COMMAND] [ARGS]..." in the current language, for a tree."""
    command.options_metavar = retranslate(command.options_metavar)
    if isinstance(command, click.Group):
        command.subcommand_metavar = retranslate(command.subcommand_metavar) or ""
        for sub in command.commands.values():
            translate_click_metavars(sub)


def _click_messages() -> None:  # pragma: no cover - never called: marks click's texts for extraction
    _("[OPTIONS]")
    _("[COMMAND] [ARGS]...")
    _("Usage:")
    _("{heading}:")
    _("Options")
    _("Commands")
    _("Positional arguments")
    _("Show this message and exit.")
    _("Show the version and exit.")
    _("%(prog)s, version %(version)s")
    _("default: {default}")
    _("env var: {var}")
    _("required")
    _("(dynamic)")
    _("Aborted!")
    _("Error: {message}")
    _("Missing command.")
    _("Missing argument")
    _("Missing option")
    _("Missing parameter")
    _("Missing parameter: {param_name}")
    _("Invalid value: {message}")
    _("Invalid value for {param_hint}: {message}")
    _("No such option {name!r}.")
    _("No such command {name!r}.")
    _("Option {name!r} does not take a value.")
    _("Choose from:\n\t{choices}")
    _("{value!r} is not a valid {number_type}.")
    _("{value} is not in the range {range}.")
    _("Repeat for confirmation")
    _("Error: The two entered values do not match.")
    _("Error: invalid input")
    _("Do you want to continue?")
    _("Confirm the action without prompting.")
    _("file")
    _("directory")
    _("path")
    _("{name} {filename!r} does not exist.")
    _("{name} {filename!r} is a file.")
    _("{name} {filename!r} is a directory.")
    _("{name} {filename!r} is not readable.")
    _("{name} {filename!r} is not writable.")
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 2)
    ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 2)
    ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 2)
