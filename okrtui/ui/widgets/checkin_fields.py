"""The two non-text inputs of a check-in: confidence 0–10 and a milestone's done / not done.

Both are one focusable line changed with the arrow keys (no mouse, no
pop-up), and both post Changed so the panel re-scores its preview at once.
`enter` is left to the panel: it saves.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from okrtui.domain.scoring import confidence_band
from okrtui.i18n import _


def band_label(band: str) -> str:
    return {"high": _("high"), "medium": _("medium"), "low": _("low")}.get(band, band)


class _LineField(Widget, can_focus=True):
    """A one-line field whose hint shows only while it has the focus."""

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class ConfidenceField(_LineField):
    """◀ 6/10 ▶ medium: ← ↓ lower, → ↑ higher, a digit sets it."""

    DEFAULT_CSS = """
    ConfidenceField { height: 1; width: 1fr; }
    ConfidenceField:focus { background: $boost; text-style: bold; }
    """
    BINDINGS = [
        Binding("left,down,minus", "step(-1)", _("Less sure"), show=False),
        Binding("right,up,plus", "step(1)", _("Surer"), show=False),
    ]
    value: reactive[int] = reactive(5)

    class Changed(Message):
        pass

    def __init__(self, value: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.set_reactive(ConfidenceField.value, value)

    def render(self) -> Text:
        text = Text("◀ ", style="dim")
        text.append(f"{self.value}/10", style="bold")
        text.append(" ▶ ", style="dim")
        text.append(band_label(confidence_band(self.value)))
        if self.has_focus:
            text.append("   " + _("← → change"), style="dim")
        return text

    def action_step(self, step: int) -> None:
        self.value = min(max(self.value + step, 0), 10)

    def watch_value(self) -> None:
        self.post_message(self.Changed())

    def on_key(self, event: events.Key) -> None:
        # Digits set the level here; elsewhere they switch modes, so they must stop at this field.
        if event.character and event.character.isdigit():
            event.stop()
            event.prevent_default()
            self.value = int(event.character)


class MilestoneField(_LineField):
    """[x] done / [ ] not done: space or any arrow toggles; d / y done, n not done."""

    DEFAULT_CSS = """
    MilestoneField { height: 1; width: 1fr; }
    MilestoneField:focus { background: $boost; text-style: bold; }
    """
    BINDINGS = [
        Binding("space,left,right,up,down", "toggle", _("Toggle"), show=False),
        Binding("d,y", "set(True)", _("Done"), show=False),
        Binding("n", "set(False)", _("Not done"), show=False),
    ]
    done: reactive[bool] = reactive(False)

    class Changed(Message):
        pass

    def __init__(self, done: bool, **kwargs) -> None:
        super().__init__(**kwargs)
        self.set_reactive(MilestoneField.done, done)

    def render(self) -> Text:
        text = Text("[x] " + _("done") if self.done else "[ ] " + _("not done"))
        if self.has_focus:
            text.append("   " + _("space toggles"), style="dim")
        return text

    def action_toggle(self) -> None:  # type: ignore[override]  # space: our own toggle, not DOMNode's toggle(attribute)
        self.done = not self.done

    def action_set(self, done: bool) -> None:
        self.done = done

    def watch_done(self) -> None:
        self.post_message(self.Changed())
