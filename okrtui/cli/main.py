"""The command line. Quick commands (checkin, kpi, list, lint, demo) never import textual:
the app is imported only by the commands that open it."""


from __future__ import annotations

import gc
import sys

import click

from okrtui.cli.click_setup import click_speaks_our_language, translate_click_metavars
from okrtui.i18n import LANGUAGES, _, language_flag, set_language, translate_click

# The group imports a command's module when that command is run (group.LAZY_COMMANDS).
from okrtui.cli.context import CANDIDATES_SHOWN, UserError
from okrtui.cli.group import cli


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
    except SystemExit as done:
        if argv is None:  # the process's own command line: a quick command may end it at once
            from okrtui.cli.quick_exit import end_process

            end_process(done.code)
        raise
    finally:
        gc.enable()


def _main(argv: list[str] | None) -> None:
    # A quick command is over in a fraction of a second and builds no reference cycles worth
    # collecting; pausing the collector while pydantic builds its validators saves a few ms.
    # The long-running app turns it back on once its first screen is drawn (ui/app.py).
    gc.disable()
    from okrtui.domain.clock import BadMoment
    from okrtui.domain.validation import InvalidInput
    from okrtui.domain.workspace import ReferenceError_
    from okrtui.storage.errors import DatabaseError, NotFound
    from okrtui.present.text import visible

    from okrtui.settings.config import effective_settings

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

