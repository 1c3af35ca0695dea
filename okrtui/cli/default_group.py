"""A command group whose first word may be left out: `okrtui comment 3 "text"` is `okrtui comment add 3 "text"`.

Its subcommands take --db and --lang where a user puts them (before or after the subcommand's name)."""

from __future__ import annotations

import click

from okrtui.i18n import LANGUAGES, _


class DefaultGroup(click.Group):
    """Arguments that do not start with one of the subcommands' names go to `default`."""

    def __init__(self, *args, default: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.default = default

    def resolve_command(self, ctx: click.Context, args: list[str]):
        if args and args[0] not in self.commands and not ctx.resilient_parsing:
            args = [self.default, *args]
        return super().resolve_command(ctx, args)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        cmd.params.append(click.Option(["--lang"], type=click.Choice(LANGUAGES), expose_value=False,
                                       help=_("Interface language (default: $OKRTUI_LANG, config.toml, then the locale).")))
        super().add_command(cmd, name)


def group_db(ctx: click.Context, db: str | None) -> str | None:
    """--db given to the subcommand, else to the group (`okrtui comment --db F 3 "text"`), else to okrtui."""
    if db:
        return db
    while ctx.parent is not None:
        ctx = ctx.parent
        if ctx.params.get("db"):
            return ctx.params["db"]
    return (ctx.obj or {}).get("db")
