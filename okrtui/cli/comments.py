"""`okrtui comment`: a KR's or an objective's discussion from the shell (issue 18 point 5).

`okrtui comment KR "text"` adds one; `list`, `edit ID "text"` and `delete ID` show and change them.
Only a comment's author edits or deletes it; each change is logged and undone like any other.
Like every quick command, this never imports textual."""

from __future__ import annotations

import json

import click

from okrtui.cli.context import UserError, load_workspace, missing_database_hint, open_repository
from okrtui.cli.group import cli
from okrtui.cli.default_group import default_group, group_db, subcommand
from okrtui.i18n import _


def _target(ws, ref: str) -> tuple[str, int]:
    """("objective", 2) for "O2"; ("key_result", id) for a KR's id or part of its title."""
    from okrtui.domain.workspace import resolve_kr

    ref = ref.strip()
    if ref[:1] in ("O", "o") and ref[1:].isdigit():
        if ws.objective(int(ref[1:])) is None:
            raise UserError(_("there is no objective {id}").format(id=ref[1:]))
        return "objective", int(ref[1:])
    kr_id = resolve_kr(ws, ref).id
    assert kr_id is not None  # a resolved KR is a saved one
    return "key_result", kr_id


def _refusals():
    from okrtui.storage.history import NotYours

    return (NotYours,)


comment = default_group(cli, "comment", default="add",
                        help=_("Comments on a key result or an objective: okrtui comment KR \"text\" adds one (KR: an id or part of "
                               "its title; an objective: O and its id, O2); list, edit and delete show and change them."))


@subcommand(comment, "add", help=_("Comment on a key result (an id or part of its title) or an objective (O and its id: O2)."))
@click.argument("target")
@click.argument("text")
def add(ctx, target: str, text: str, db: str | None) -> None:
    repo, ws = load_workspace(group_db(ctx, db))
    kind, target_id = _target(ws, target)
    with missing_database_hint(repo.path):
        saved = repo.add_comment(kind, target_id, text)
    click.echo(_("Comment {id} added by {who}.").format(id=saved.id, who=saved.author or "?"))


@subcommand(comment, "list", help=_("The comments with their ids, oldest first: all, or those on one KR or objective (O2: its KRs' too)."))
@click.argument("target", required=False)
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON for programs."))
def list_comments(ctx, target: str | None, as_json: bool, db: str | None) -> None:
    from okrtui.present.history_text import comment_line
    from okrtui.present.text import visible

    repo, ws = load_workspace(group_db(ctx, db))
    comments = ws.comments
    if target is not None:
        kind, target_id = _target(ws, target)
        krs = {k.id for k in ws.krs_of(target_id)} if kind == "objective" else set()
        comments = [c for c in comments if (c.target_kind, c.target_id) == (kind, target_id)
                    or (c.target_kind == "key_result" and c.target_id in krs)]
    if as_json:
        click.echo(json.dumps([c.model_dump(mode="json") for c in comments], ensure_ascii=False, indent=1))
        return
    if not comments:
        click.echo(_("No comments."))
    for c in comments:
        on = f"O{c.target_id}" if c.target_kind == "objective" else f"KR {c.target_id}"
        click.echo(visible(f"{on}  {comment_line(c, repo.clock.local)}"))


@subcommand(comment, "edit", help=_("Change the text of a comment of yours (its id: okrtui comment list)."))
@click.argument("comment_id", metavar="ID", type=int)
@click.argument("text")
def edit(ctx, comment_id: int, text: str, db: str | None) -> None:
    repo = open_repository(group_db(ctx, db))
    with missing_database_hint(repo.path):
        try:
            repo.edit_comment(comment_id, text)
        except _refusals() as error:
            raise UserError(str(error)) from None
    click.echo(_("Comment {id} changed.").format(id=comment_id))


@subcommand(comment, "delete", help=_("Delete a comment of yours (kept in the change log: okrtui undo brings it back)."))
@click.argument("comment_id", metavar="ID", type=int)
def delete(ctx, comment_id: int, db: str | None) -> None:
    repo = open_repository(group_db(ctx, db))
    with missing_database_hint(repo.path):
        try:
            repo.delete_comment(comment_id)
        except _refusals() as error:
            raise UserError(str(error)) from None
    click.echo(_("Comment {id} deleted; okrtui undo brings it back.").format(id=comment_id))
