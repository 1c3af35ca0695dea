"""Forms mark the row of the focused field with the class -focused; app.tcss draws its label as a block.

(Textual's :focus-within is not re-applied to a row the focus has left, so the mark is set here.)
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget


class MarksFocusedRow(Widget):
    """Mixed into a screen whose fields sit in `.field` rows."""

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        for row in self.query(".field"):
            row.set_class(row in event.widget.ancestors_with_self, "-focused")
