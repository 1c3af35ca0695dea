"""`okrtui history`: a KR's check-ins with their ids, and a mistaken one corrected or deleted (issue 18
point 4). The change is logged with the values it had (recorded, not erased) and `okrtui undo` reverses
it; only whoever recorded a check-in changes it. Like every quick command, this never imports textual."""

from __future__ import annotations

import json

import click

from okrtui.cli.context import UserError, load_workspace, missing_database_hint, open_repository
from okrtui.cli.quick import ValueCommand, force_help
from okrtui.cli.group import cli
from okrtui.cli.default_group import default_group, group_db, subcommand
from okrtui.i18n import _


history = default_group(cli, "history", default="list",
                        help=_("A key result's check-in history with ids (okrtui history KR); correct ID and delete ID fix a mistaken "
                               "check-in of yours, recorded in the change log (okrtui log)."))


@subcommand(history, "list", help=_("The check-ins of one key result (an id or part of its title), oldest first, with their ids."))
@click.argument("kr")
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON for programs."))
def list_checkins(ctx, kr: str, as_json: bool, db: str | None) -> None:
    from okrtui.domain.workspace import resolve_kr
    from okrtui.domain.numbers import format_kr_value
    from okrtui.present.history_text import author_text
    from okrtui.present.text import visible

    repo, ws = load_workspace(group_db(ctx, db))
    found = resolve_kr(ws, kr)
    history = ws.checkins_of(found.id)
    if as_json:
        click.echo(json.dumps([c.model_dump(mode="json") for c in history], ensure_ascii=False, indent=1))
        return
    click.echo(visible(f"#{found.id} {found.title}"))
    if not history:
        click.echo(_("No check-ins yet."))
    for c in history:
        when = repo.clock.local(c.at).strftime("%Y-%m-%d %H:%M")
        confidence = "–" if c.confidence is None else f"{c.confidence}/10"
        note = f"  {c.note}" if c.note else ""
        click.echo(visible(f"[{c.id}] {when}  {format_kr_value(found.kind, c.value)}  {confidence}  "
                           f"{author_text(c.author)}{note}"))


@subcommand(history, "correct", cls=ValueCommand, help=_("Correct a check-in of yours: its VALUE, --confidence or --note (its id: okrtui history KR)."))
@click.argument("checkin_id", metavar="ID", type=int)
@click.argument("value", required=False)
@click.option("--confidence", "-c", metavar="N", help=_("Confidence 0–10."))
@click.option("--note", "-n", default=None, help=_("A short note."))
@click.option("--force", is_flag=True, help=force_help)
def correct(ctx, checkin_id: int, value: str | None, confidence: str | None, note: str | None, force: bool,
            db: str | None) -> None:
    from okrtui.domain.inputs import UnlikelyValue, parse_checkin_value, parse_confidence
    from okrtui.domain.validation import field_label
    from okrtui.domain.numbers import format_kr_value
    from okrtui.present.text import visible

    if value is None and confidence is None and note is None:
        raise UserError(_("say what to correct: a VALUE, --confidence or --note"))
    repo, ws = load_workspace(group_db(ctx, db))
    checkin = next((c for c in ws.checkins if c.id == checkin_id), None)
    kr = ws.key_result(checkin.kr_id) if checkin is not None else None
    if checkin is None or kr is None:
        raise UserError(_("there is no check-in {id}; it may have been deleted").format(id=checkin_id))
    try:
        number = parse_checkin_value(kr, value, force=force) if value is not None else None
    except UnlikelyValue as error:
        raise UserError(str(error) + " " + _("(--force records it anyway)")) from None
    with missing_database_hint(repo.path):
        fixed, after = _fix(lambda: repo.correct_checkin(checkin_id, number, parse_confidence(confidence), note,
                                                         force=force))
    shown = {"value": lambda v: format_kr_value(after.kind, v), "confidence": lambda v: "–" if v is None else f"{v}/10",
             "note": lambda v: f"“{v}”"}
    moved = [f"{field_label(name)} {show(getattr(checkin, name))} → {show(getattr(fixed, name))}"
             for name, show in shown.items() if getattr(checkin, name) != getattr(fixed, name)]
    click.echo(visible(_("Check-in {id} corrected: {what}; #{kr} is at {current}.").format(
        id=checkin_id, what=", ".join(moved) or _("nothing changed"), kr=after.id,
        current=format_kr_value(after.kind, after.current))))


@subcommand(history, "delete", help=_("Delete a mistaken check-in of yours; its KR goes back to the check-in before (okrtui undo restores it)."))
@click.argument("checkin_id", metavar="ID", type=int)
def delete(ctx, checkin_id: int, db: str | None) -> None:
    from okrtui.domain.numbers import format_kr_value

    repo = open_repository(group_db(ctx, db))
    with missing_database_hint(repo.path):
        gone, kr = _fix(lambda: repo.delete_checkin(checkin_id))
    click.echo(_("Check-in {id} ({value}) deleted; #{kr} is back at {current}. okrtui undo restores it.").format(
        id=checkin_id, value=format_kr_value(kr.kind, gone.value), kr=kr.id, current=format_kr_value(kr.kind, kr.current)))


def _fix(write):
    from okrtui.domain.inputs import UnlikelyValue
    from okrtui.storage.history import NotYours

    try:
        return write()
    except UnlikelyValue as error:
        raise UserError(str(error) + " " + _("(--force records it anyway)")) from None
    except NotYours as error:
        raise UserError(str(error)) from None
