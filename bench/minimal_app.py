"""The baseline of B2: a minimal Textual app (Header, Footer, a DataTable of 10 rows), started
the way okrtui is (`python bench/minimal_app.py` in a terminal), and quitting after its first
frame under the same environment variable as okrtui's app (OKRTUI_EXIT_AFTER_FIRST_FRAME=1)."""

from __future__ import annotations

import os

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

EXIT_AFTER_FIRST_FRAME_ENV = "OKRTUI_EXIT_AFTER_FIRST_FRAME"  # the same name as okrtui.ui.app's


class MinimalApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "key result", "progress")
        table.add_rows((str(n), f"key result {n}", f"{n * 10}%") for n in range(1, 11))
        if os.environ.get(EXIT_AFTER_FIRST_FRAME_ENV) == "1":
            self.call_after_refresh(self.exit)


if __name__ == "__main__":
    MinimalApp().run()
