"""Widgets of the standup screen. They are mounted once and then only updated in place, so a
screen that redraws for hours neither flickers nor grows: pools grow to the most items a page
has ever needed and hide what a page does not use."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Digits, Static

from okrtui.domain.views import ObjectiveView
from okrtui.domain.numbers import format_percent
from okrtui.ui.rows.standup import kr_line, kr_two_lines, objective_lines

DIGITS_W = 11  # "100%" in Digits cells, plus a gap


def set_text(static: Static, text: Text) -> None:
    """Update only when the text changed: no needless repaint."""
    if getattr(static, "_standup_text", None) != text:
        setattr(static, "_standup_text", text)  # noqa: B010  (our own mark on Textual's widget)
        static.update(text)


def set_digits(digits: Digits, value: str) -> None:
    if digits.value != value:
        digits.update(value)


def set_display(widget: Widget, shown: bool) -> None:
    if widget.display != shown:
        widget.display = shown


def content_width(widget: Widget, fallback: int) -> int:
    return widget.content_region.width or fallback


class Headline(Horizontal):
    """Quarter, week, expected progress and the time; large (Digits) when there is room."""

    DEFAULT_CSS = """
    Headline { height: auto; padding: 0 1; background: $boost; }
    Headline > #head-left { width: auto; min-width: 16; height: auto; }
    Headline.-big > #head-left { padding-right: 2; }
    Headline > #head-expected { width: auto; color: $accent; }
    Headline > #head-middle { width: 1fr; height: auto; padding-left: 2; }
    Headline > #head-clock { width: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="head-left", markup=False)
        yield Digits(id="head-expected")
        yield Static(id="head-middle", markup=False)
        yield Digits(id="head-clock")

    def show(self, left: Text, middle: Text, expected: str, clock: str, big: bool) -> None:
        set_text(self.query_one("#head-left", Static), left)
        set_text(self.query_one("#head-middle", Static), middle)
        self.set_class(big, "-big")
        set_display(self.query_one("#head-middle", Static), big)
        for widget_id, value in (("#head-expected", expected), ("#head-clock", clock)):
            digits = self.query_one(widget_id, Digits)
            set_display(digits, big)
            set_digits(digits, value)


class ObjectiveBlock(Vertical):
    DEFAULT_CSS = """
    ObjectiveBlock { height: auto; }
    ObjectiveBlock > Horizontal { height: auto; }
    ObjectiveBlock .objective-head { width: 1fr; height: auto; }
    ObjectiveBlock .objective-pct { width: 11; margin-left: 1; }
    ObjectiveBlock .objective-krs { height: auto; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static(classes="objective-head", markup=False)
            yield Digits(classes="objective-pct")
        yield Static(classes="objective-krs", markup=False)

    def show(self, view: ObjectiveView, expected: float, width: int, big: bool, roomy: bool = False) -> None:
        pct = self.query_one(".objective-pct", Digits)
        head = self.query_one(".objective-head", Static)
        krs_static = self.query_one(".objective-krs", Static)
        # Widths from the laid-out widgets; before the first layout, from the panel's estimate.
        if pct.display != big:
            pct.display = big
            head_w = 0  # its width changes with the Digits beside it
        else:
            head_w = head.content_region.width
        width = krs_static.content_region.width or width
        # Compact, the head has the whole width, as the KR lines do: its region can still count the
        # hidden Digits beside it, and its bar then sat 12 cells left of its KRs' bars.
        head_w = (head_w or width - DIGITS_W - 1) if big else width
        set_text(head, objective_lines(view, expected, head_w, big))
        if big:
            set_digits(pct, format_percent(view.progress))
        line = kr_two_lines if roomy else kr_line
        krs = Text("\n", no_wrap=True, overflow="crop").join(line(kv, expected, width) for kv in view.key_results)
        set_text(krs_static, krs)
        set_display(krs_static, bool(view.key_results))


class TeamPanel(Vertical):
    """One team: its objectives, each with its KRs beneath. The team's name is the border title;
    `gap` blank rows under the panel (the screen spreads its spare rows there)."""

    DEFAULT_CSS = """
    TeamPanel { height: auto; border-top: heavy $accent; border-title-style: bold; border-title-color: $text; }
    """

    class WidthChanged(Message):
        """The layout gave the panel another width than its rows were cut to."""

    _width_used: int | None = None

    def on_resize(self) -> None:
        # The screen sizes its columns over a few refreshes; a redraw it asked for may have run before
        # the new column widths were laid out (after a terminal resize, or a start without Textual's
        # switch_mode delay), leaving rows cut to the old width: the screen draws them again.
        if self._width_used is not None and self.content_region.width and self.content_region.width != self._width_used:
            self.post_message(self.WidthChanged())

    def show(self, team: str, objectives: list[ObjectiveView], expected: float, big: bool, fallback_width: int,
             roomy: bool = False, gap: int = 0) -> None:
        if self.border_title != team:
            self.border_title = team
        if self.styles.margin.bottom != gap:
            self.styles.margin = (0, 0, gap, 0)
        width = content_width(self, fallback_width)
        self._width_used = width
        blocks = list(self.query_children(ObjectiveBlock))
        if len(blocks) < len(objectives):
            new = [ObjectiveBlock() for _i in range(len(objectives) - len(blocks))]
            self.mount_all(new)
            blocks += new
        for block, view in zip(blocks, objectives):
            set_display(block, True)
            if block.is_mounted:
                block.show(view, expected, width, big, roomy)
            else:
                block.call_after_refresh(block.show, view, expected, width, big, roomy)
        for block in blocks[len(objectives):]:
            set_display(block, False)


class ListPanel(Vertical):
    """A titled list that shows what fits and says how many more there are."""

    DEFAULT_CSS = """
    ListPanel { height: 1fr; border-top: solid $accent; border-title-style: bold; border-title-color: $text; }
    ListPanel > Static { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static(markup=False)

    def rows(self, fallback: int) -> int:
        return self.query_one(Static).content_region.height or fallback

    def show(self, title: str, lines: list[Text], more: Text | None) -> None:
        if self.border_title != title:
            self.border_title = title
        body = Text("\n", no_wrap=True, overflow="crop").join(lines + ([more] if more is not None else []))
        set_text(self.query_one(Static), body)


def line_count(lines: list[Text]) -> int:
    return sum(line.plain.count("\n") + 1 for line in lines)
