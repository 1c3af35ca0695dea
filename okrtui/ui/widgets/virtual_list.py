"""Lists that draw only what is visible (issue 21): rows built when first drawn, heights known up front.

Textual's OptionList already draws line by line (a ScrollView with render_line), but to know where
each option starts it turns every option into a Visual and measures its height: at L the plan list's
1,600 rows, at XL 15,000, each built as Rich Text and measured before the first frame. A `LazyRow`
carries its height (counted by the same rows/ module that builds it) and builds its text only when
it is drawn, read or selected; textual_compat.known_heights lets OptionList take those heights
instead of measuring. Keys, mouse, highlight, messages and styling are OptionList's own.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.widgets.option_list import Option


class LazyRow(Option):
    """An option whose text is made on first use; `line_count` is how many lines that text has."""

    def __init__(self, make: Callable[[], Text], id: str, line_count: int = 1, disabled: bool = False) -> None:
        super().__init__("", id=id, disabled=disabled)
        self.make = make
        self.line_count = line_count
        self.made: Text | None = None

    # OptionList reads the prompt through this property: the text is made on first read.
    @property
    def prompt(self) -> Text:
        if self.made is None:
            self.made = self.make()
        return self.made


def lines_of(text: Text) -> int:
    """How many lines a row's text draws (rows are cut to the width, never wrapped)."""
    return text.plain.count("\n") + 1


def made_row(text: Text, id: str, disabled: bool = False) -> LazyRow:
    """A row already made (a heading, a note): in a list of LazyRows every row must know its height."""
    row = LazyRow(lambda: text, id=id, line_count=lines_of(text), disabled=disabled)
    row.made = text
    return row
