"""What every command shares: the user-error type, the database path, who is writing, the one clock,
the repository and the quarter and day a view is of. Command modules import these; nothing here
imports a command, so the command modules form no cycle."""

from __future__ import annotations

import json
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, TypeVar, overload

import click

from okrtui.present.errors import UserError
from okrtui.present.text import BIDI_CONTROLS, visible_json
from okrtui.i18n import _

if TYPE_CHECKING:
    from okrtui.storage.repository import Repository

MODES = ("plan", "update", "compare", "standup")
T = TypeVar("T")
CANDIDATES_SHOWN = 8  # an unknown or ambiguous reference lists this many, then how many more


def default_db_path() -> Path:
    from okrtui.settings.config import default_db_path as path

    return path()


def resolve_db(db: str | None) -> Path:
    """--db, else $OKRTUI_DB, else `database` in config.toml, else okr.json in the user data folder."""
    from okrtui.settings.config import effective_settings

    return effective_settings({"database": db})["database"]


def current_user() -> str:
    """$OKRTUI_USER, else `name` in config.toml, else the system's user name."""
    from okrtui.settings.config import identity

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


@overload
def open_repository(db: str | None) -> Repository: ...
@overload
def open_repository(db: str | None, operations: type[T]) -> T: ...
def open_repository(db: str | None, operations: type | None = None):
    """The database as the Repository, or as the narrower class a quick command needs (a check-in:
    storage.checkin_ops.CheckInOperations; a list: storage.store.Store), whose module imports only
    its own operations' (the Repository's imports every one: undo, initiatives, plan files …)."""
    if operations is None:
        from okrtui.storage.repository import Repository

        operations = Repository
    return operations(resolve_db(db), clock=cli_clock(), author=current_user())


@contextmanager
def missing_database_hint(path: Path) -> Iterator[None]:
    from okrtui.storage.errors import DatabaseMissing

    try:
        yield
    except DatabaseMissing:
        raise UserError(
            _("no database at {path}; create one with 'okrtui demo --db {path}' or open the app").format(path=path)
        ) from None


def load_workspace(db: str | None):
    """The repository and its workspace (reading it sets the clock to the workspace's zone)."""
    repo = open_repository(db)
    with missing_database_hint(repo.path):
        return repo, repo.load()


db_option = click.option("--db", "db", metavar="PATH", help=_("Database file (default: $OKRTUI_DB, then the user data folder)."))


def echo_json(document: dict) -> None:
    """The document as json_text gives it, on stdout; written as orjson's UTF-8 bytes where they are
    that text's (a 700 kB list at L is not decoded, searched for bidi controls as text, and encoded
    again: ~4 ms)."""
    data = _orjson_bytes(document)
    if data is None or _BIDI_BYTES.search(data) or not _utf8(sys.stdout):
        click.echo(json_text(document))
    else:
        click.echo(data)


# orjson writes a float under 1e-4 unlike json ("0.00005", "1e-9" for "5e-05", "1e-09"): where the
# text may hold one, json writes it, so the output is the same bytes either way.
_ONE_DIGIT_EXPONENT = re.compile(rb"e-[1-9](?![0-9])")
# The bidi controls visible_json escapes, in UTF-8: a search of the bytes is ~15× one of the text.
_BIDI_BYTES = re.compile(b"|".join(re.escape(ch.encode()) for ch in BIDI_CONTROLS))


def _orjson_bytes(document: dict) -> bytes | None:
    """json.dumps(document, ensure_ascii=False, indent=2) as UTF-8, written by orjson (a 700 kB list
    at L: ~0.5 ms instead of ~30 ms); None where orjson's text may not be json's."""
    import orjson

    try:
        data = orjson.dumps(document, option=orjson.OPT_INDENT_2)
    except (TypeError, orjson.JSONEncodeError):  # an int beyond 64 bits, a lone surrogate: json's own way
        return None
    if b"0.0000" in data or (b"e-" in data and _ONE_DIGIT_EXPONENT.search(data)):
        return None
    return data


def _utf8(stream) -> bool:
    return (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "") == "utf8"


def json_text(document: dict) -> str:
    """The document as `json.dumps(document, ensure_ascii=False, indent=2)` writes it, bidi controls
    escaped (orjson's bytes where they are the same text)."""
    data = _orjson_bytes(document)
    return visible_json(json.dumps(document, ensure_ascii=False, indent=2) if data is None else data.decode("utf-8"))



def quarter_and_day(quarter: str | None, as_of: str | None, clock):
    """The quarter asked for (default: today's), and the local day and instant to see it at:
    the end of --as-of's day, else now, or the quarter's end once it is over."""
    from okrtui.domain.clock import view_moment
    from okrtui.domain.quarter import Quarter

    if as_of:
        from okrtui.domain.inputs import parse_date  # only then: `list` at L need not import it

        day = parse_date(as_of)
    else:
        day = clock.today()
    try:
        q = Quarter.parse(quarter) if quarter else Quarter.containing(day)
    except ValueError as error:
        raise UserError(str(error)) from None
    if as_of:
        return q, day, clock.end_of(day)
    day, now = view_moment(clock, q)
    return q, day, now



def known_owner(workspace, quarter, owner: str | None) -> str | None:
    """--owner NAME: a name nobody in the quarter carries is an error that lists who does."""
    from okrtui.domain.levels import owners_in, same_person

    if owner is None:
        return None
    names = owners_in(workspace, quarter)
    if not any(same_person(name, owner) for name in names):
        raise UserError(_("nobody called '{name}' owns an objective or a key result in {quarter}; owners: {names}").format(
            name=owner, quarter=quarter, names=", ".join(names) or _("none")))
    return owner
