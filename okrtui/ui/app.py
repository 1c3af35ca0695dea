"""The okrtui application: modes, shared state (quarter, team, filter) and live reload.

The app owns the one Repository and the last loaded Workspace. Screens read
`app.view()` (a domain QuarterView) and write through `app.write(...)`, which
runs the repository call in a thread worker (file_work.py); after any write,
or when another process changes the file, the workspace is re-read there and
every screen hears DataChanged.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding

from okrtui.settings.config import identity
from okrtui.domain.clock import Clock, view_moment
from okrtui.domain.quarter import Quarter
from okrtui.domain.views import QuarterView, view_quarter
from okrtui.domain.closed import quarter_closed
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _
from okrtui.storage.errors import DatabaseError
from okrtui.storage.repository import Repository
from okrtui.storage.records import Deleted
from okrtui.ui.mode_names import MODE_NAMES, mode_label  # noqa: F401 (the app's public names)
from okrtui.ui.commands import OkrCommands
from okrtui.ui.crash import CrashReporting
from okrtui.ui.file_work import FileWork, QuarterChanged
from okrtui.ui.read_only import ReadOnlyGuards
from okrtui.ui.screenshot import PrivateScreenshots
from okrtui.ui.modes.base import ModeScreen
from okrtui.ui.textual_compat import add_line_filter  # also guards Textual bugs before any screen exists
from okrtui.ui.themes import READABLE_DIM, apply_settings, okr_defaults

POLL_SECONDS = 0.5
VIEW_REUSE_SECONDS = 5.0  # ages are shown by the minute ("3m ago"); a burst of redraws at XL spans seconds
QUIT_AGAIN_SECONDS = 5.0


def _lazy_screen(module: str, name: str):
    """A mode's screen class, imported when the mode is first shown (issue 21: only the first
    mode's screen and widgets are imported before the first frame)."""

    def make() -> ModeScreen:
        from importlib import import_module

        return getattr(import_module(f"okrtui.ui.modes.{module}"), name)()

    return make


class OkrApp(FileWork, CrashReporting, ReadOnlyGuards, PrivateScreenshots, App[None]):
    CSS_PATH = "app.tcss"
    _first_mode = False  # True while on_mount switches to the first mode (delay_update)
    TITLE = "okrtui"
    COMMANDS = App.COMMANDS | {OkrCommands}
    MODES = {
        "plan": _lazy_screen("plan", "PlanScreen"),
        "update": _lazy_screen("update", "UpdateScreen"),
        "compare": _lazy_screen("compare", "CompareScreen"),
        "standup": _lazy_screen("standup", "StandupScreen"),
    }
    BINDINGS = [
        Binding("1", "mode('plan')", _("Plan"), show=False, tooltip=_("Mode 1: plan the quarter")),
        Binding("2", "mode('update')", _("Update"), show=False, tooltip=_("Mode 2: update (KR check-ins)")),
        Binding("3", "mode('compare')", _("Compare"), show=False, tooltip=_("Mode 3: compare OKRs with KPIs")),
        Binding("4", "mode('standup')", _("Standup"), show=False, tooltip=_("Mode 4: the team standup screen")),
        Binding("left_square_bracket", "quarter(-1)", _("Prev Q"), key_display="[", show=False, tooltip=_("Previous quarter")),
        Binding("right_square_bracket", "quarter(1)", _("Next Q"), key_display="]", show=False, tooltip=_("Next quarter")),
        Binding("question_mark", "help", _("Help"), key_display="?", tooltip=_("Help: every key of every mode")),
        Binding("ctrl+z", "undo_change", _("Undo"), show=False, tooltip=_("Undo my last change (read from the log)")),
        Binding("ctrl+y", "redo_change", _("Redo"), show=False, tooltip=_("Redo the change my last undo reversed")),
        Binding("q", "quit", _("Quit")),
        # Textual adds this binding itself (App.__init__, description "palette") unless the app has one:
        # declared here, its footer label is translated like every other key.
        Binding(App.COMMAND_PALETTE_BINDING, "command_palette", _("palette"), show=False, priority=True,
                tooltip=_("Command palette: actions, jump to an objective or KR")),
    ]

    def __init__(
        self,
        repo: Repository,
        workspace: Workspace | None = None,
        mode: str = "plan",
        theme: str | None = None,
        quarter: Quarter | None = None,
        clock: Clock | None = None,
        **options: Any,
    ):
        # NO_COLOR: Textual then strips every colour (NoColor) instead of greying them, and
        # apply_settings picks okrtui-ansi, whose cursors are bold underline: nothing needs colour.
        super().__init__(ansi_color=True if "NO_COLOR" in os.environ else None)
        # Dim text in the theme's colours, readable (WCAG AA), not at the terminal's half strength.
        add_line_filter(self, READABLE_DIM)
        if clock is not None:
            repo.clock = clock  # one clock for the app and every timestamp it writes
        self.repo = repo
        self.workspace = workspace if workspace is not None else repo.load(missing_ok=True)
        self.quarter = quarter or Quarter.current(self.clock.today())
        self.team: str | None = options.get("team") or None  # standup --team fixes one team
        self.needle = ""
        self.deleted: list[tuple[Deleted, str]] = []  # what ctrl+z can put back, newest last
        self._start_mode = mode if mode in MODE_NAMES else "plan"
        self.options = options  # mode options from the command line, e.g. update --owner NAME
        # `m` (mine) in every mode: only this person's objectives and KRs (domain/levels); --owner starts it.
        self.owner_filter: str | None = options.get("owner") or None
        self._theme_name = theme
        self._welcome = not repo.exists()  # first run: offer empty / demo / guide instead of creating it
        self._token = repo.stat_token()
        # Why the file on disk cannot be used right now (another process wrote a bad one); the
        # screens keep the last good data and show this in a banner until the file is good again.
        self.file_problem: str | None = None
        self._init_file_work()
        self._quit_asked_at: float | None = None

    def on_mount(self) -> None:
        apply_settings(self, self._theme_name)
        self._first_mode = True
        try:
            self.switch_mode(self._start_mode)
        finally:
            self._first_mode = False
        if self._welcome:
            from okrtui.ui.dialogs.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
        self.set_interval(POLL_SECONDS, self.poll)
        self.call_after_refresh(self._collector_after_first_frame)

    def delay_update(self, delay: float = 0.05) -> None:
        """Textual's switch_mode holds every frame back for 50 ms, to mask the change of screen. The
        first mode only replaces Textual's blank default screen, which was never shown: nothing to
        mask, and the first frame comes that much sooner (issue 21). Later switches keep the delay."""
        if self._first_mode:
            return
        super().delay_update(delay)

    def _collector_after_first_frame(self) -> None:
        """The command line paused the garbage collector while it starts (cli/main.py): the imports
        and the file's models are no garbage, and collections over them took ~40% of reading the
        file at L. A long-running app needs it: on again once the mode screen is drawn."""
        if any(isinstance(screen, ModeScreen) and screen.is_mounted for screen in self.screen_stack):
            self.screen.call_after_refresh(gc.enable)
        else:
            self.call_after_refresh(self._collector_after_first_frame)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return okr_defaults(self.current_theme)  # $okr-* for Textual's own themes too

    # ---- data ------------------------------------------------------------

    @property
    def clock(self) -> Clock:
        """The repository's clock, in the workspace's time zone: every screen's "now" and "today"."""
        return self.repo.clock

    def view(self) -> QuarterView:
        """The quarter shown. Redraws come in bursts (a new screen is resumed twice and the theme
        signal follows, before the first frame): within VIEW_REUSE_SECONDS the same snapshot, quarter,
        team and day give the same view (at XL each costs a second)."""
        day, now = view_moment(self.clock, self.quarter)
        workspace = self.workspace_for(self.quarter)
        key = (id(workspace), workspace.meta.revision, str(self.quarter), self.team, day)
        cached = getattr(self, "_view_cache", None)
        if cached is not None and cached[0] == key and cached[1] is workspace and \
                abs((now - cached[2].now).total_seconds()) < VIEW_REUSE_SECONDS:
            return cached[2]
        view = view_quarter(workspace, self.quarter, day, now, team=self.team)
        self._view_cache = (key, workspace, view)
        return view

    def workspace_for(self, quarter: Quarter) -> Workspace:
        """The live workspace, or live + archive for an archived (closed) quarter, read once per change."""
        if str(quarter) not in self.workspace.meta.archived:
            return self.workspace
        key = (self.workspace.meta.revision, self.repo.archive_path.stat().st_mtime_ns if self.repo.archive_path.exists() else 0)
        if getattr(self, "_archive_key", None) != key:
            try:
                self._with_archive = self.repo.load(with_archive=True)
            except DatabaseError as error:
                self.notify(str(error), severity="error", markup=False, timeout=8)
                return self.workspace
            self._archive_key = key
        return self._with_archive

    def quarter_closed(self) -> bool:
        """The quarter shown is closed: final grades, and its editing keys are hidden."""
        return quarter_closed(self.workspace_for(self.quarter), self.quarter)

    def redraw(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ModeScreen):
                screen.redraw()

    # ---- actions ---------------------------------------------------------

    def action_undo_change(self) -> None:
        self._reverse("undo")

    def action_redo_change(self) -> None:
        self._reverse("redo")

    def _reverse(self, action: str) -> None:
        """Undo or redo from the change log: my own changes only, never over a colleague's since.
        Runs in the file worker like every write; a refusal (nothing to undo, changed since) is a notice."""
        from okrtui.present.history_text import change_line

        def reversed_(done) -> None:
            from okrtui.ui.widgets.id_list import IdOptionList

            prefix = {"objective": "o", "key_result": "k", "kpi": "kpi"}.get(done.change.kind)
            for rows in self.screen.query(IdOptionList) if prefix else ():  # the cursor goes to what came back
                rows.select_id(f"{prefix}{done.change.record_id}")
            verb = _("Undone:") if action == "undo" else _("Redone:")
            self.notify(f"{verb} {change_line(done.change, self.clock.local)}", markup=False)

        def refused(error: Exception) -> None:
            self.notify(str(error), severity="warning", markup=False, timeout=8)

        self.write(self.repo.undo if action == "undo" else self.repo.redo, done=reversed_, failed=refused)

    def action_mode(self, mode: str) -> None:
        if self.current_mode == mode:
            return
        # A modal (form, help) belongs to the mode it was opened in; leave it there.
        self.switch_mode(mode)

    def action_quarter(self, step: int) -> None:
        self.quarter = self.quarter.next() if step > 0 else self.quarter.previous()
        self.announce(QuarterChanged)

    async def action_quit(self) -> None:
        """A change still waiting for the file is not dropped silently: the first q says so."""
        now = time.monotonic()
        if self.writes_pending and (self._quit_asked_at is None or now - self._quit_asked_at > QUIT_AGAIN_SECONDS):
            self._quit_asked_at = now
            self.notify(_("A change is still waiting for {file}; it is saved when the file frees. "
                          "Press q again to quit without saving it.").format(file=self.repo.path.name),
                        severity="warning", markup=False, timeout=QUIT_AGAIN_SECONDS)
            return
        await super().action_quit()

    def action_help(self) -> None:
        from okrtui.ui.dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def set_team(self, team: str | None) -> None:
        self.team = team
        self.redraw()

    def me(self) -> str:
        """Who "mine" means: the --owner name, else the identity rule's name."""
        return self.options.get("owner") or identity()

    def action_mine(self) -> None:
        """`m` in every mode: only my objectives and KRs, or everyone's again."""
        self.owner_filter = None if self.owner_filter is not None else self.me()
        self.redraw()

    def set_needle(self, needle: str) -> None:
        self.needle = needle
        self.redraw()


def run_app(path: Path, mode: str = "plan", theme: str | None = None, clock: Clock | None = None, **options: Any) -> None:
    """Open the app on a database (a missing one: the welcome screen); an unusable one is one sentence."""
    repo = Repository(path, clock=clock, author=identity())
    # What the imports made (modules, classes, Textual's and pydantic's tables) lives as long as the
    # process: out of the collector's sight, each full collection of the running app skips it, and so
    # do the collections of the interpreter's exit (~90 ms on the demo, issue 21). The file's models
    # are read after this, so a workspace replaced by a re-read is collected as before.
    gc.freeze()
    try:
        workspace = repo.load(missing_ok=True)
        workspace.changes  # noqa: B018 - the log (its own file) is read on first use: a refused line is a sentence here
    except DatabaseError as error:
        print(f"okrtui: {error}", file=sys.stderr)
        sys.exit(2)
    app = OkrApp(repo, workspace, mode=mode, theme=theme, **options)
    app.run()
    if app.return_code:  # an unexpected error (logged by CrashReporting): the shell sees a failure
        sys.exit(app.return_code)
