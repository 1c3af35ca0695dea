"""A command group whose first word may be left out: `okrtui comment 3 "text"` is `okrtui comment add 3 "text"`.

Its subcommands take --db and --lang where a user puts them (before or after the subcommand's name)."""

from __future__ import annotations

from typing import Callable

import click

from okrtui.cli.click_setup import add_lang_option
from okrtui.cli.context import db_option


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
        add_lang_option(cmd)
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


def default_group(parent: click.Group, name: str, default: str, help: str) -> DefaultGroup:
    """`okrtui NAME`: a DefaultGroup under `parent` that takes --db itself and leaves the work to its subcommands."""

    def group(db: str | None) -> None:
        pass  # the subcommands do the work

    made = parent.group(name=name, cls=DefaultGroup, default=default, help=help)(db_option(group))
    assert isinstance(made, DefaultGroup)
    return made


def subcommand(group: click.Group, name: str, help: str, **attrs) -> Callable[[Callable], click.Command]:
    """A subcommand of a default group: its function gets the click context first and `db` (see group_db)."""

    def wrap(function: Callable) -> click.Command:
        return group.command(name=name, help=help, **attrs)(db_option(click.pass_context(function)))

    return wrap
