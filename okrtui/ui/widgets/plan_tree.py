"""The plan's alignment tree (`v`): company → team → person, a roll-up bar at every node.

Rows keep the list's ids ("o3", "k7"), so every plan key (e, a, d, g, enter) and the palette's
jump work on the tree as on the list. `space` folds or unfolds a node, `left` folds it (or goes to
its parent), `right` unfolds it. Numbers come from the domain views; nothing here scores anything.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widgets.option_list import Option

from okrtui.domain.alignment import level_label
from okrtui.domain.tree import TreeNode, flatten, path_to
from okrtui.i18n import _, current_language
from okrtui.present.text import pad
from okrtui.ui.widgets.id_list import IdOptionList
from okrtui.ui.rows.shared import WIDE, aligned_line, grade_cells, progress_cells

LEVEL = 8  # the level column: company, team, person (公司, 團隊, 個人), KR
TEAM = 8
OWNER = 10
ROLLED_UP = "Σ"  # a KR measured by the objectives aligned to it (the legend says so)


def tree_row(node: TreeNode, width: int, folded: bool) -> Text:
    """`▾ O2 title   team   bar pct status`, indented by depth."""
    mark = ("▸ " if folded else "▾ ") if node.children else "  "
    indent = "  " * node.depth + mark
    right = Text()
    if node.objective is not None:
        o = node.objective.objective
        right.append(pad(level_label(o.level), LEVEL), style="italic")
        if width >= WIDE:
            right.append(" " + pad(o.team, TEAM) + " " + pad(o.owner, OWNER))
        right.append(" ")
        if node.objective.graded:
            right.append_text(grade_cells(o.final_score or 0.0, o.state))
        else:
            right.append_text(progress_cells(node.progress, node.progress, node.status))
        return aligned_line(f"{indent}O{o.id} {o.title}", width, right, "bold")
    kr = node.kr
    assert kr is not None
    right.append(pad(_("KR"), LEVEL), style="dim")
    if width >= WIDE:
        right.append(" " + pad("", TEAM) + " " + pad(kr.kr.owner, OWNER))
    right.append(" ")
    right.append_text(progress_cells(kr.progress, kr.raw, kr.status))
    mark = f"{ROLLED_UP} " if kr.rolled_up else ""
    return aligned_line(f"{indent}#{kr.id} {mark}{kr.kr.title}", width, right)


class PlanTree(IdOptionList):
    """The alignment tree; `folded` holds the rows whose children are hidden."""

    DEFAULT_CSS = """
    PlanTree { height: 1fr; max-height: 100%; border: none; padding: 0 1; scrollbar-gutter: stable; }
    PlanTree:focus { border: none; }
    """
    BINDINGS = [
        Binding("space", "toggle", _("Fold"), show=False, tooltip=_("Fold or unfold the node: hide or show what aligns to it")),
        Binding("left", "fold", _("Fold"), show=False, tooltip=_("Fold the node, or go to its parent")),
        Binding("right", "unfold", _("Unfold"), show=False, tooltip=_("Unfold the node")),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.nodes: list[TreeNode] = []
        self.folded: set[str] = set()
        self._built: tuple | None = None
        self._width = 0

    def show(self, nodes: list[TreeNode]) -> None:
        self.nodes = nodes
        if self.scrollable_content_region.width and self._key() != self._built:
            self._rebuild()

    def row_width(self) -> int:
        return max(self.scrollable_content_region.width, 40)

    def _key(self) -> tuple:
        return (self.nodes, frozenset(self.folded), self.row_width(), self.app.theme, current_language())

    def _rebuild(self) -> None:
        keep, index = self.selected, self.highlighted
        self._built = self._key()
        width = self._width = self.row_width()
        rows = flatten(self.nodes, self.folded)
        self.set_options([Option(tree_row(n, width, n.row in self.folded), id=n.row) for n in rows])
        if not self.select_id(keep) and rows:
            self.highlighted = min(index or 0, len(rows) - 1)

    def on_resize(self, event: events.Resize) -> None:
        if self.row_width() != self._width and self.nodes:
            self._rebuild()

    def reveal(self, row: str | None) -> bool:
        """Unfold the nodes above `row` and put the cursor on it; False when the tree does not hold it."""
        path = path_to(self.nodes, row or "")
        if not path:
            return False
        if self.folded & set(path[:-1]):
            self.folded -= set(path[:-1])
            self._rebuild()
        return self.select_id(row)

    def _node(self, row: str | None) -> TreeNode | None:
        return next((n for n in flatten(self.nodes) if n.row == row), None)

    def action_toggle(self) -> None:  # type: ignore[override]  # space: fold or unfold, not DOMNode's toggle(attribute)
        node = self._node(self.selected)
        if node is not None and node.children:
            self.folded ^= {node.row}
            self._rebuild()

    def action_fold(self) -> None:
        node = self._node(self.selected)
        if node is None:
            return
        if node.children and node.row not in self.folded:
            self.folded.add(node.row)
            self._rebuild()
        elif len(path := path_to(self.nodes, node.row)) > 1:
            self.select_id(path[-2])

    def action_unfold(self) -> None:
        node = self._node(self.selected)
        if node is not None and node.row in self.folded:
            self.folded.discard(node.row)
            self._rebuild()
