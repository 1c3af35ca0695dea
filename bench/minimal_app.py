"""The baseline of B2: a minimal Textual app (Header, Footer, a DataTable of 10 rows), started
the way okrtui is (`python bench/minimal_app.py` in a terminal) and quit the same way: ctrl+q,
typed by the bench once the table is drawn (Textual's own quit binding)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


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


if __name__ == "__main__":
    MinimalApp().run()
