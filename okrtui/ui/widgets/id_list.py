"""An OptionList whose rows are found and kept by id, so a redraw or reload keeps the cursor."""

from __future__ import annotations

from textual.widgets import OptionList


class IdOptionList(OptionList):
    @property
    def selected(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def select_id(self, option_id: str | None) -> bool:
        """Put the cursor on the row with this id; False when it is gone (deleted, filtered out)."""
        if option_id is None:
            return False
        try:
            self.highlighted = self.get_option_index(option_id)
        except Exception:  # OptionDoesNotExist
            return False
        return True
