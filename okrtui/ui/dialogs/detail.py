"""`enter`: one objective, or one key result, in full — and where its work is discussed and corrected.

An objective: description, KRs, coach findings, the comments on it and its KRs, its history (the
change log). A KR (enter on a KR row, or ctrl+o in its check-in panel): its values, its check-ins,
its comments and its history. Comments and check-ins are lists: `c` comments, `e` (or enter) edits
the selected comment or corrects the selected check-in, `d` deletes it — only one's own (someone
else's is a sentence), each a logged change that ctrl+z undoes and ctrl+y redoes.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from okrtui.domain.checkin_fix import checkin_is_mine, comment_is_mine, not_yours
from okrtui.domain.coach import review_quarter
from okrtui.domain.history import changes_about
from okrtui.domain.models import CheckIn, Comment, KeyResult
from okrtui.domain.views import view_objective
from okrtui.present.formatting import format_age
from okrtui.domain.numbers import format_kr_value, format_number
from okrtui.present.history_text import author_text, change_line, comment_line
from okrtui.domain.kr_rules import effective_owner
from okrtui.ui.app_access import OkrAppAccess, refuse_if_closed
from okrtui.i18n import _, ngettext
from okrtui.present.initiative_text import initiative_line
from okrtui.ui.file_work import DataChanged
from okrtui.ui.dialogs.forms import findings_text
from okrtui.ui.widgets.id_list import IdOptionList
from okrtui.present.formatting import kr_values
from okrtui.ui.rows.shared import progress_cells, view_values
from okrtui.ui.widgets.keys_footer import KeysFooter

HISTORY_SHOWN = 20


def commitment_label(commitment: str) -> str:
    return {"aspirational": _("aspirational"), "committed": _("committed")}.get(commitment, commitment)


def heading(title: str) -> Text:
    return Text("\n" + title, style="bold underline")


class DetailScreen(OkrAppAccess, ModalScreen[None]):
    DEFAULT_CSS = """
    DetailScreen .detail-items { height: auto; max-height: 12; border: none; padding: 0; }
    """
    BINDINGS = [
        Binding("escape,enter", "close", _("Close")),
        Binding("c", "comment", _("Comment"), tooltip=_("Write a comment here")),
        Binding("e", "edit", _("Edit"), tooltip=_("Edit the selected comment of yours, or correct the selected check-in")),
        Binding("d", "delete", _("Delete"), tooltip=_("Delete the selected comment or check-in of yours (asks first)")),
        Binding("ctrl+z", "app.undo_change", _("Undo"), tooltip=_("Undo my last change (read from the log)")),
        Binding("ctrl+y", "app.redo_change", _("Redo"), tooltip=_("Redo the change my last undo reversed")),
    ]

    def __init__(self, objective_id: int, kr_id: int | None = None):
        super().__init__()
        self.objective_id, self.kr_id = objective_id, kr_id

    # ---- layout --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="detail"):
            yield Static("", id="detail-text")
            if self.kr_id is not None:
                yield Static("", id="checkins-title")
                yield IdOptionList(id="detail-checkins", classes="detail-items")
            yield Static("", id="comments-title")
            yield IdOptionList(id="detail-comments", classes="detail-items")
            yield Static("", id="detail-history")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_detail()
        for items in self.query(IdOptionList):
            if items.option_count:
                items.focus()
                break

    def on_data_changed(self, _message: DataChanged) -> None:
        self.refresh_detail()

    @property
    def ws(self):
        return self.okr_app.workspace

    def refresh_detail(self) -> None:
        ws = self.ws
        self.query_one("#detail-text", Static).update(self.render_detail())
        local = self.okr_app.clock.local
        kr = ws.key_result(self.kr_id) if self.kr_id is not None else None
        if self.kr_id is not None:
            checkins = list(reversed(ws.checkins_of(self.kr_id))) if kr else []
            self.query_one("#checkins-title", Static).update(heading(
                _("Check-ins, newest first") + f" ({len(checkins)})" + (" · " + _("e corrects, d deletes") if checkins else "")))
            self._fill("#detail-checkins", [(f"i{c.id}", self._checkin_line(c, kr)) for c in checkins])
        comments = self._comments()
        self.query_one("#comments-title", Static).update(heading(
            _("Comments") + f" ({len(comments)})" + " · " + _("c comments, e edits, d deletes")))
        self._fill("#detail-comments", [(f"c{c.id}", Text(comment_line(c, local))) for c in comments])
        about = {"kr": self.kr_id} if self.kr_id is not None else {"objective": self.objective_id}
        changes = changes_about(ws.changes, **about)[-HISTORY_SHOWN:]
        history = heading(_("History"))
        history.append("\n")
        if changes:
            history.append("\n".join(change_line(c, local) for c in changes))
        else:
            history.append(_("no changes recorded yet"), style="dim")
        self.query_one("#detail-history", Static).update(history)

    def _fill(self, selector: str, rows: list[tuple[str, Text]]) -> None:
        """Replace a list's rows, keeping the cursor on the same record when it is still there."""
        items = self.query_one(selector, IdOptionList)
        kept = items.selected
        items.clear_options()
        items.add_options([Option(text, id=row_id) for row_id, text in rows])
        items.display = bool(rows)
        if not items.select_id(kept) and rows:
            items.highlighted = 0

    def _checkin_line(self, checkin, kr) -> Text:
        when = self.okr_app.clock.local(checkin.at).strftime("%Y-%m-%d %H:%M")
        confidence = "–" if checkin.confidence is None else f"{checkin.confidence}/10"
        line = f"[{checkin.id}] {when}  {format_kr_value(kr.kind, checkin.value)}  {confidence}  {author_text(checkin.author)}"
        return Text(line + (f"  {checkin.note}" if checkin.note else ""))

    def _comments(self) -> list:
        ws = self.ws
        if self.kr_id is not None:
            return [c for c in ws.comments if (c.target_kind, c.target_id) == ("key_result", self.kr_id)]
        kr_ids = {k.id for k in ws.krs_of(self.objective_id)}
        return [c for c in ws.comments if (c.target_kind, c.target_id) == ("objective", self.objective_id)
                or (c.target_kind == "key_result" and c.target_id in kr_ids)]

    def render_detail(self) -> Text:
        app = self.okr_app
        ws = self.ws
        objective = ws.objective(self.objective_id)
        if objective is None:
            return Text(_("This objective was deleted (perhaps by someone else)."))
        quarter_view = app.view()
        view = view_objective(ws, objective, quarter_view.expected, quarter_view.now)
        out = Text()
        if self.kr_id is not None:
            k = next((k for k in view.key_results if k.kr.id == self.kr_id), None)
            if k is None:
                return Text(_("This key result was deleted (perhaps by someone else)."))
            out.append(f"#{k.kr.id} {k.kr.title}\n", style="bold")
            out.append(f"O{objective.id} {objective.title} · {objective.team} · {effective_owner(k.kr, objective)}\n", style="dim")
            out.append_text(progress_cells(k.progress, k.raw, k.status))
            out.append("  " + kr_values(k.kr) + "\n")
            return out
        out.append(f"O{objective.id} {objective.title}\n", style="bold")
        facts = [objective.quarter, objective.team, objective.owner or _("no owner"), commitment_label(objective.commitment)]
        out.append(" · ".join(facts) + "\n", style="dim")
        out.append_text(progress_cells(view.progress, view.progress, view.status))
        out.append("\n\n")
        if objective.description:
            out.append(objective.description + "\n\n")
        if objective.parent_id is not None:
            parent = ws.objective(objective.parent_id)
            title = parent.title if parent else "?"
            out.append(_("Aligned to O{id} {title}").format(id=objective.parent_id, title=title) + "\n")
        if objective.parent_kr_id is not None:
            parent_kr = ws.key_result(objective.parent_kr_id)
            out.append(_("Aligned to #{id} {title}").format(
                id=objective.parent_kr_id, title=parent_kr.title if parent_kr else "?") + "\n")
        children = [c for c in ws.children_of(objective.id) if c.quarter == objective.quarter]
        for child in children:
            out.append(_("Aligned here: O{id} {title} ({team})").format(id=child.id, title=child.title, team=child.team) + "\n")
        out.append("\n" + _("Key results") + "\n", style="bold underline")
        if not view.key_results:
            out.append(_("none yet") + "\n", style="dim")
        for k in view.key_results:
            out.append(f"#{k.kr.id} {k.kr.title}\n")
            out.append("   ")
            out.append_text(progress_cells(k.progress, k.raw, k.status))
            out.append("  " + view_values(k) + "\n")
            for aligned_id in k.aligned:  # the objectives that serve this KR
                child = ws.objective(aligned_id)
                out.append("   " + _("Aligned here: O{id} {title} ({team})").format(
                    id=aligned_id, title=child.title if child else "?", team=child.team if child else "?") + "\n")
            history = ws.checkins_of(k.kr.id)
            if history:
                last = history[-1]
                line = ngettext("{n} check-in, last {age}: {value}", "{n} check-ins, last {age}: {value}", len(history)).format(
                    n=len(history), age=format_age(last.at, quarter_view.now), value=format_number(last.value))
                if last.author:
                    line += _(" by {author}").format(author=last.author)
                if last.note:
                    line += f" — {last.note}"
                out.append("   " + line + "\n", style="dim")
            else:
                out.append("   " + _("no check-ins yet") + "\n", style="dim")
            for initiative in k.initiatives:  # the work planned to move it
                out.append("   ↳ " + initiative_line(initiative, quarter_view.as_of) + "\n",
                           style="dim" if initiative.status == "done" else "")
        findings = [f for f in review_quarter(ws, objective.quarter, today=quarter_view.as_of)
                    if f.objective_id == objective.id]
        out.append("\n" + _("Coach") + "\n", style="bold underline")
        out.append_text(findings_text(findings) if findings else Text(_("nothing to say: this objective reads well"), style="dim"))
        return out

    # ---- actions ---------------------------------------------------------------

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, IdOptionList):
            self._list = event.widget  # tab on to the scroll area keeps the list last used

    def _selected(self) -> tuple[str, int] | None:
        """("c", comment id) or ("i", check-in id) under the cursor of the list in use."""
        focused = self.focused if isinstance(self.focused, IdOptionList) else getattr(self, "_list", None)
        if isinstance(focused, IdOptionList) and focused.display and focused.selected:
            return focused.selected[0], int(focused.selected[1:])
        return None

    def _me(self) -> str:
        return self.okr_app.repo.author

    def _refused_closed(self) -> bool:
        return refuse_if_closed(self)

    def action_comment(self) -> None:
        from okrtui.ui.dialogs.fix_forms import CommentForm

        if self.ws.objective(self.objective_id) is None:
            return
        kind, target = ("key_result", self.kr_id) if self.kr_id is not None else ("objective", self.objective_id)
        what = f"#{self.kr_id}" if self.kr_id is not None else f"O{self.objective_id}"
        form = CommentForm(_("Comment on {what}").format(what=what))
        repo = self.okr_app.repo

        def written(saved: str | None) -> None:
            if saved:
                text = form.values_saved["text"]
                self._write(lambda: repo.add_comment(kind, target, text), _("Comment saved. ctrl+z undoes it."))

        self.app.push_screen(form, written)

    def _own_selected(self) -> Comment | tuple[CheckIn, KeyResult] | None:
        """The selected comment, or check-in with its KR, when it is mine to change; else None once a
        sentence has said why (nothing selected, someone else's, or a check-in of a closed quarter)."""
        picked = self._selected()
        if picked is None:
            self.notify(_("Select a comment or a check-in first (tab moves between the lists)."), severity="warning")
            return None
        what, record_id = picked
        if what == "c":
            comment = next((c for c in self.ws.comments if c.id == record_id), None)
            if comment is None or self._not_mine("comment", record_id, comment.author, comment_is_mine(comment, self._me())):
                return None
            return comment
        checkin = next((c for c in self.ws.checkins if c.id == record_id), None)
        kr = self.ws.key_result(checkin.kr_id) if checkin else None
        if checkin is None or kr is None or self._refused_closed() or \
                self._not_mine("checkin", record_id, checkin.author, checkin_is_mine(self.ws, checkin, self._me())):
            return None
        return checkin, kr

    def action_edit(self) -> None:
        from okrtui.ui.dialogs.fix_forms import CheckinFixForm, CommentForm

        own = self._own_selected()
        if own is None:
            return
        repo = self.okr_app.repo
        if isinstance(own, Comment):
            record_id = own.id
            form = CommentForm(_("Edit comment {id}").format(id=record_id), own)

            def edited(saved: str | None) -> None:
                if saved:
                    text = form.values_saved["text"]
                    self._write(lambda: repo.edit_comment(record_id, text), _("Comment changed. ctrl+z undoes it."))

            self.app.push_screen(form, edited)
            return
        checkin, kr = own
        checkin_id = checkin.id
        fix = CheckinFixForm(kr, checkin)

        def corrected(saved: str | None) -> None:
            if saved:
                v = fix.values_saved
                self._write(lambda: repo.correct_checkin(checkin_id, v["value"], v["confidence"], v["note"], force=v["force"]),
                            _("Check-in {id} corrected. ctrl+z undoes it.").format(id=checkin_id))

        self.app.push_screen(fix, corrected)

    def action_delete(self) -> None:
        from okrtui.ui.dialogs.pickers import Confirm

        write: Callable[[], object]
        own = self._own_selected()
        if own is None:
            return
        repo = self.okr_app.repo
        if isinstance(own, Comment):
            record_id = own.id
            question = _("Delete comment {id}: “{text}”? ctrl+z brings it back.").format(id=record_id, text=own.text)
            write, done = (lambda: repo.delete_comment(record_id)), _("Comment {id} deleted. ctrl+z brings it back.")
        else:
            checkin, kr = own
            record_id = checkin.id
            question = _("Delete check-in {id} ({value}) of #{kr}? The change log keeps it; ctrl+z brings it back.").format(
                id=record_id, value=format_kr_value(kr.kind, checkin.value), kr=kr.id)
            write, done = (lambda: repo.delete_checkin(record_id)), _("Check-in {id} deleted. ctrl+z brings it back.")

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(write, done.format(id=record_id))

        self.app.push_screen(Confirm(Text(question)), answered)

    def _not_mine(self, kind: str, record_id: int, author: str, mine: bool) -> bool:
        if not mine:
            self.notify(not_yours(kind, record_id, author), severity="warning", markup=False)
        return not mine

    def _write(self, write, saved: str) -> None:
        def done(_result) -> None:
            self.notify(saved, markup=False)

        def refused(error: Exception) -> None:
            self.notify(str(error), severity="warning", markup=False, timeout=8)

        self.okr_app.write(write, done=done, failed=refused)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_close(self) -> None:
        self.dismiss(None)
