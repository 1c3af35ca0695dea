"""The contrast panel: the guide's OKR-vs-KPI table side by side, and its two FAQ points.

Shown in the UI language; `o` adds the other wording under each cell (the guide's
original zh-TW in an English interface, English in a zh-TW one). The panel is a
focusable scroll area, so at 80x24 the arrows and page keys read all of it.
"""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from okrtui.domain.contrast import Wording, contrast_rows, faq_points
from okrtui.i18n import _, current_language
from okrtui.domain.text_rules import cell_width


def cell(wording: Wording, both: bool, style: str = "") -> Text:
    text = Text(wording.shown(), style=style)
    if both:
        text.append("\n" + wording.other(), style="dim italic")
    return text


def contrast_renderable(both: bool) -> Group:
    rows = contrast_rows()
    # The aspect column is as wide as its longest word, so no aspect is cut at 80 columns;
    # "fold" breaks CJK text (no spaces to wrap at) instead of cutting it with an ellipsis.
    aspect = max(cell_width(word) for row in rows for word in (row.aspect.shown() + " " + row.aspect.other()).split())
    table = Table(box=box.SIMPLE_HEAD, show_lines=True, expand=True, padding=(0, 1))
    table.add_column(Text(""), width=aspect, style="bold", overflow="fold")
    table.add_column(Text(_("OKR: objectives and key results"), style="bold"), ratio=1, overflow="fold")
    table.add_column(Text(_("KPI: key performance indicators"), style="bold"), ratio=1, overflow="fold")
    for row in rows:
        table.add_row(cell(row.aspect, both, "bold"), cell(row.okr, both), cell(row.kpi, both))
    faq = Text(_("From the guide's questions"), style="bold underline")
    parts: list = [Text(_("OKR versus KPI, point by point"), style="bold"), table, faq]
    # A borderless table so a wrapped point stays indented under its bullet.
    points = Table(box=None, show_header=False, expand=True, padding=(0, 1, 0, 0))
    points.add_column(width=1)
    points.add_column(ratio=1, overflow="fold")
    for point in faq_points():
        points.add_row("•", cell(point, both))
    parts.append(points)
    if current_language() == "zh-TW":  # the original is what is shown; `o` adds the English
        hint = _("o: hide the English wording") if both else _("o: show the English wording too")
    else:
        hint = _("o: hide the original wording") if both else _("o: show the original wording too")
    parts.append(Text("\n" + hint + " · " + _("c: back to the numbers"), style="dim"))
    return Group(*parts)


class ContrastPanel(VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    ContrastPanel { height: 1fr; padding: 0 1; scrollbar-gutter: stable; }
    ContrastPanel > Static { width: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(Static("", id="contrast-text"), **kwargs)
        self.both = False

    def show(self, both: bool) -> None:
        self.both = both
        self.query_one("#contrast-text", Static).update(contrast_renderable(both))
