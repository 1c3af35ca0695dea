"""The update list: one row per KR; option ids "k7" keep the cursor on the same KR across redraws
(a check-in can move a KR in the attention order, another process can change it)."""

from __future__ import annotations

from datetime import datetime

from functools import partial

from textual import events
from textual.widgets import OptionList

from okrtui.ui.rows.update import Entry, update_row, update_row_lines
from okrtui.ui.widgets.virtual_list import LazyRow


class UpdateList(OptionList):
    DEFAULT_CSS = """
    UpdateList { height: 1fr; max-height: 100%; border: none; padding: 0 1; scrollbar-gutter: stable; }
    UpdateList:focus { border: none; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._entries: list[Entry] = []
        self._expected = 0.0
        self._now: datetime | None = None
        self._width = 0

    def show(self, entries: list[Entry], expected: float, now: datetime) -> None:
        self._entries, self._expected, self._now = entries, expected, now
        self._rebuild()

    @property
    def entries(self) -> list[Entry]:
        return self._entries

    @property
    def selected_kr(self) -> int | None:
        option = self.highlighted_option
        return int(option.id[1:]) if option is not None and option.id else None

    def select_kr(self, kr_id: int | None) -> bool:
        if kr_id is None:
            return False
        try:
            self.highlighted = self.get_option_index(f"k{kr_id}")
        except Exception:  # OptionDoesNotExist: filtered out, or deleted elsewhere
            return False
        return True

    def row_width(self) -> int:
        return max(self.scrollable_content_region.width, 40)

    def _rebuild(self) -> None:
        keep, index = self.selected_kr, self.highlighted
        width = self._width = self.row_width()
        assert self._now is not None
        self.set_options(  # LazyRows: a row is built when drawn (widgets/virtual_list.py)
            LazyRow(partial(update_row, e, width, self._expected, self._now), id=f"k{e.view.id}",
                    line_count=update_row_lines(e, width)) for e in self._entries
        )
        if not self.select_kr(keep) and self._entries:
            self.highlighted = min(index or 0, len(self._entries) - 1)

    def on_resize(self, event: events.Resize) -> None:
        if self.row_width() != self._width and self._now is not None:
            self._rebuild()
