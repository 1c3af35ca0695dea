"""The planning list: objectives grouped by team, each with its KRs beneath it.

An OptionList of LazyRows (widgets/virtual_list.py: only the rows drawn are built) whose option
ids name what a row is ("o3" objective 3, "k7" key result 7), so that a redraw after any change
(ours or another process's) puts the cursor back on the same item.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import partial

from textual import events

from okrtui.domain.levels import owned_by
from okrtui.domain.views import KRView, ObjectiveView, QuarterView
from okrtui.i18n import current_language
from okrtui.ui.widgets.id_list import IdOptionList
from okrtui.ui.rows.shared import kr_row, kr_row_lines, objective_row, objective_row_lines, team_row
from okrtui.ui.widgets.virtual_list import LazyRow


@dataclass
class Shown:
    objective: ObjectiveView
    key_results: list[KRView]


def matches(text: str, needle: str) -> bool:
    return needle in text.casefold()


def filter_view(view: QuarterView, needle: str, owner: str | None = None) -> list[Shown]:
    """Objectives (with the KRs) that match a text: an objective matching by title, owner or
    team keeps all its KRs; otherwise only its matching KRs are kept. `owner` (the `m` filter)
    first keeps only what that person owns (domain/levels.owned_by)."""
    needle = needle.strip().casefold()
    shown = []
    for o, owned_krs in owned_by(view.objectives, owner):
        own = f"{o.objective.title} {o.objective.owner} {o.objective.team}"
        if not needle or matches(own, needle):
            shown.append(Shown(o, owned_krs))
            continue
        krs = [k for k in owned_krs if matches(f"{k.kr.title} {k.kr.owner}", needle)]
        if krs:
            shown.append(Shown(o, krs))
    return shown


class PlanList(IdOptionList):
    """Rows of the quarter; `selected` says what the cursor is on."""

    DEFAULT_CSS = """
    PlanList { height: 1fr; max-height: 100%; border: none; padding: 0 1; scrollbar-gutter: stable; }
    PlanList:focus { border: none; }
    PlanList > .option-list--option-disabled { color: $text; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: list[Shown] = []
        self._titles: dict[int, str] = {}
        self._kr_titles: dict[int, str] = {}
        self._width = 0
        self._built: tuple | None = None

    def show(self, shown: list[Shown], titles: dict[int, str], kr_titles: dict[int, str] | None = None) -> None:
        self._shown, self._titles, self._kr_titles = shown, titles, kr_titles or {}
        # Redraws come in bursts (a new screen resumes twice, the theme signal follows): rows are
        # rebuilt only once laid out, and only when what they show, the width, theme or language changed.
        if self.scrollable_content_region.width and self._key() != self._built:
            self._rebuild()

    def _key(self) -> tuple:
        return (self._shown, self._titles, self._kr_titles, self.row_width(), self.app.theme, current_language())


    def row_width(self) -> int:
        return max(self.scrollable_content_region.width, 40)

    def _rebuild(self) -> None:
        keep, index = self.selected, self.highlighted
        self._built = self._key()
        width = self._width = self.row_width()
        shown = self._shown
        # Counted once (they were counted per row: quadratic in the objectives shown at XL).
        per_team = Counter(s.objective.objective.team for s in shown)
        children: dict[int, list[int]] = defaultdict(list)
        for s in shown:
            if s.objective.objective.parent_id is not None:
                children[s.objective.objective.parent_id].append(s.objective.id)
        titles, kr_titles = self._titles, self._kr_titles
        options: list[LazyRow] = []
        team = None
        for item in shown:
            o = item.objective.objective
            if o.team != team:
                team = o.team
                options.append(LazyRow(partial(team_row, team, per_team[team], width), id=f"t:{team}", disabled=True))
            mine = children.get(o.id or 0, [])
            options.append(LazyRow(partial(objective_row, item.objective, width, titles, mine, kr_titles),
                                   id=f"o{o.id}", line_count=objective_row_lines(item.objective, width, mine)))
            for k in item.key_results:
                options.append(LazyRow(partial(kr_row, k, width), id=f"k{k.id}", line_count=kr_row_lines(k, width)))
        self.set_options(options)
        if not self.select_id(keep) and options:
            # The item is gone: stay near where the cursor was, on a selectable row.
            index = min(index or 0, len(options) - 1)
            while index > 0 and options[index].disabled:
                index -= 1
            while index < len(options) - 1 and options[index].disabled:
                index += 1
            self.highlighted = index

    def on_resize(self, event: events.Resize) -> None:
        if self.row_width() != self._width and self._shown:
            self._rebuild()
