"""The first run: no database yet. Start empty, open the demo, or read a 30-second guide to OKRs.

Nothing is written until the user chooses: "start empty" creates the database file,
"open the demo" copies the demo into a new file beside it (the user's own database
stays unmade, so the next start offers this screen again), the guide writes nothing.
The guide's numbers come from the coach's and the scoring's rules, so it cannot drift
from what the app checks.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from okrtui.domain.coach import MAX_KRS, MAX_OBJECTIVES_PER_TEAM, MIN_KRS
from okrtui.domain.scoring import STALE_AFTER
from okrtui.i18n import _
from okrtui.storage.repository import Repository
from okrtui.ui.rows.shared import grade_bar
from okrtui.ui.app_access import OkrAppAccess

WELCOME_CSS = """
WelcomeScreen, GuideScreen { background: $background; align: center middle; }
#welcome, #guide { width: 76; max-width: 100%; height: auto; max-height: 100%; padding: 0 1; }
#welcome-choices { height: auto; border: none; margin: 1 0; }
#guide-text { height: auto; }
.welcome-hint { color: $text-muted; }
"""


def guide_text() -> Text:
    """Thirty seconds on OKRs, built from the rules the coach and the scoring apply."""
    out = Text()

    def heading(title: str) -> None:
        out.append(title + "\n", style="bold")

    def line(body: str) -> None:
        out.append(body + "\n")

    heading(_("A 30-second guide to OKRs"))
    line("")
    heading(_("Objective (目標): where you want to go"))
    line(_("Qualitative, short, no numbers: “Raise brand awareness”, not “publish 10 posts”."))
    line(_("1–{n} objectives per team per quarter keep a team focused.").format(n=MAX_OBJECTIVES_PER_TEAM))
    line("")
    heading(_("Key result (關鍵成果): how you know you got there"))
    line(_("A number with a unit, a start and a target, an outcome rather than an activity: "
           "“web traffic 38,000 → 50,000 views a month”. {low}–{high} per objective.").format(low=MIN_KRS, high=MAX_KRS))
    line("")
    heading(_("Check in every week"))
    line(_("The new value and your confidence (0–10); {days} days without one is stale ⌛.").format(
        days=STALE_AFTER.days))
    line("")
    heading(_("Grade at the end of the quarter (0.0–1.0)"))
    for score, meaning in ((0.7, _("0.7–1.0: success for a stretch goal")),
                           (0.4, _("0.4–0.69: progress, but short")),
                           (0.2, _("below 0.4: missed; learn why"))):
        out.append("  ")
        out.append_text(grade_bar(score, 10))
        out.append(f" {meaning}\n")
    line(_("Aspirational: about 0.7 is success. Committed: 1.0 is expected."))
    line(_("Keep OKRs apart from performance reviews, or people set low targets."))
    line("")
    out.append(_("escape: back"), style="dim")
    return out


class GuideScreen(ModalScreen[None]):
    DEFAULT_CSS = WELCOME_CSS
    BINDINGS = [Binding("escape,q,g", "dismiss", _("Back"))]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="guide"):
            yield Static(guide_text(), id="guide-text")


class WelcomeScreen(OkrAppAccess, ModalScreen[None]):
    """Shown over the start mode when the database does not exist; modal, so mode keys wait."""

    DEFAULT_CSS = WELCOME_CSS
    BINDINGS = [
        Binding("e", "empty", _("Start empty")),
        Binding("d", "demo", _("Open the demo")),
        Binding("g", "guide", _("Guide")),
        Binding("q,escape", "app.quit", _("Quit")),
    ]

    def compose(self) -> ComposeResult:
        path = self.okr_app.repo.path
        with Vertical(id="welcome"):
            yield Static(Text(_("Welcome to okrtui"), style="bold"))
            # The path stands on a line of its own: run into a sentence it reads as part of it, and
            # Chinese prose puts no space before it ("…執行 OKR。/tmp/x.json").
            intro = Text(_("Run your team's OKRs from the keyboard.") + "\n")
            intro.append(_("There is no database here yet:") + "\n")
            intro.append(f"  {path}\n", style="bold")
            intro.append(_("How would you like to start?"))
            yield Static(intro, id="welcome-intro")
            yield OptionList(
                Option(Text(_("e  Start an empty workspace (creates the file)")), id="empty"),
                Option(Text(_("d  Open the demo: the guide's three example OKRs, in a file of its own")), id="demo"),
                Option(Text(_("g  Read a 30-second guide to OKRs")), id="guide"),
                id="welcome-choices",
            )
            yield Static(Text(_("↑↓ ⏎ choose · e d g · q quit · ctrl+p change the theme")), classes="welcome-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        {"empty": self.action_empty, "demo": self.action_demo, "guide": self.action_guide}[event.option.id or ""]()

    def palette_actions(self) -> list[tuple[str, str, object]]:
        return [(_("Start an empty workspace"), "e", self.action_empty), (_("Open the demo"), "d", self.action_demo),
                (_("Read a 30-second guide to OKRs"), "g", self.action_guide)]

    def action_guide(self) -> None:
        self.app.push_screen(GuideScreen())

    def action_empty(self) -> None:
        repo: Repository = self.okr_app.repo
        message = _("Created {path}. Press n to write your first objective.").format(path=repo.path)
        if self.okr_app.writes_pending:
            return  # already creating it (a second e would only be refused)
        # In the file worker, as every write: a lock held elsewhere does not freeze the screen.
        self.okr_app.write(repo.create, done=lambda _none: self._open(repo, message))

    def action_demo(self) -> None:
        from okrtui.storage.demo import install_demo

        if self.okr_app.read_only:
            self.okr_app.refuse_files()
            return
        if self.okr_app.writes_pending:
            return
        here: Path = self.okr_app.repo.path
        clock = self.okr_app.clock
        target = here.with_name(f"demo-{clock.local():%Y%m%d-%H%M%S}.json")
        author = self.okr_app.repo.author
        message = _("The demo is in {path}; open it again with: okrtui --db {path}").format(path=target)
        self.okr_app.write(lambda: install_demo(target, clock),
                           done=lambda _none: self._open(Repository(target, clock=clock, author=author), message))

    def _open(self, repo: Repository, message: str) -> None:
        app = self.okr_app
        app.repo = repo
        self.dismiss()
        app.reload()
        app.notify(message, markup=False, timeout=10)
