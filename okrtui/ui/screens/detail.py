"""`enter`: one objective in full — description, KRs, check-in history, coach findings."""

from __future__ import annotations


from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from okrtui.domain.coach import review_quarter
from okrtui.domain.history import changes_about
from okrtui.history_text import change_line, comment_line
from okrtui.domain.views import view_objective
from okrtui.formatting import format_age, format_number
from okrtui.i18n import _, ngettext
from okrtui.ui.screens.forms import findings_text
from okrtui.ui.widgets.rows import progress_cells, view_values


HISTORY_SHOWN = 20


def commitment_label(commitment: str) -> str:
    return {"aspirational": _("aspirational"), "committed": _("committed")}.get(commitment, commitment)


class DetailScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "close", _("Close"))]

    def __init__(self, objective_id: int):
        super().__init__()
        self.objective_id = objective_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="detail"):
            yield Static(self.render_detail(), id="detail-text")
        yield Footer(compact=True)

    def render_detail(self) -> Text:
        app = self.app
        ws = app.workspace  # type: ignore[attr-defined]
        objective = ws.objective(self.objective_id)
        if objective is None:
            return Text(_("This objective was deleted (perhaps by someone else)."))
        quarter_view = app.view()  # type: ignore[attr-defined]
        view = view_objective(ws, objective, quarter_view.expected, quarter_view.now)
        out = Text()
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
        findings = [f for f in review_quarter(ws, objective.quarter) if f.objective_id == objective.id]
        out.append("\n" + _("Coach") + "\n", style="bold underline")
        out.append_text(findings_text(findings) if findings else Text(_("nothing to say: this objective reads well"), style="dim"))
        self._history(out, ws, objective.id, [k.kr.id for k in view.key_results])
        return out

    def _history(self, out: Text, ws, objective_id: int, kr_ids: list) -> None:
        """Comments on the objective and its KRs, then the change log about them, newest last."""
        local = self.app.clock.local  # type: ignore[attr-defined]
        comments = [c for c in ws.comments if (c.target_kind, c.target_id) == ("objective", objective_id)
                    or (c.target_kind == "key_result" and c.target_id in kr_ids)]
        out.append("\n" + _("Comments") + "\n", style="bold underline")
        out.append("\n".join(comment_line(c, local) for c in comments) + "\n" if comments else _("none yet") + "\n",
                   style="" if comments else "dim")
        changes = changes_about(ws.changes, objective=objective_id)[-HISTORY_SHOWN:]
        out.append("\n" + _("History") + "\n", style="bold underline")
        out.append("\n".join(change_line(c, local) for c in changes) + "\n" if changes else _("no changes recorded yet") + "\n",
                   style="" if changes else "dim")

    def action_close(self) -> None:
        self.dismiss(None)
