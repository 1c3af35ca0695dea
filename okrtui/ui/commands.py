"""The command palette (ctrl+p): every action of the screen, and jump to any objective or KR.

Titles are matched as plain text, so a fragment in any script (CJK included)
finds them; the hit is built as a rich Text, never as markup.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Protocol, Sequence, cast, runtime_checkable

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from okrtui.domain.clock import machine_zone_name
from okrtui.domain.quarter import Quarter, format_quarter
from okrtui.i18n import _, current_language
from okrtui.ui.language import switch_language
from okrtui.ui.app_access import OkrAppAccess

if TYPE_CHECKING:
    from okrtui.ui.modes.base import ModeScreen

Action = tuple[str, str, Callable[[], None]]
PALETTE_LANGUAGES = {"en": "English", "zh-TW": "繁體中文 (Traditional Chinese)"}


def highlighted(matcher, candidate: str) -> Text:
    text = Text(candidate)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    for offset in offsets:
        text.stylize("bold reverse", offset, offset + 1)
    return text


def workspace_zone(app) -> str:
    return app.workspace.meta.timezone or machine_zone_name()


def open_zone_picker(app) -> None:
    from okrtui.ui.dialogs.pickers import ZonePicker

    def chosen(name: str | None) -> None:
        if name and name != workspace_zone(app):
            repo = app.repo
            app.write(lambda: repo.set_timezone(name), done=lambda _zone: app.notify(
                _("The workspace's time zone is now {zone}, for everyone sharing it.").format(zone=name), markup=False))

    app.push_screen(ZonePicker(workspace_zone(app)), chosen)


def open_team_settings(app, team: str) -> None:
    from okrtui.ui.dialogs.forms import TeamSettingsForm

    def saved(result: str | None) -> None:
        if result is not None:
            app.notify(_("Team {team}'s settings are saved, for everyone sharing the database.").format(team=team),
                       markup=False)
            app.redraw()

    app.push_screen(TeamSettingsForm(team), saved)


@runtime_checkable
class OffersActions(Protocol):
    """A screen with actions of its own for the palette (the modes, the welcome screen)."""

    def palette_actions(self) -> Sequence[tuple[str, str, Any]]: ...


class OkrCommands(OkrAppAccess, Provider):
    def app_actions(self) -> list[Action]:
        from okrtui.ui.mode_names import MODE_NAMES, mode_label
        from okrtui.ui.dialogs.report import open_report

        app = self.okr_app
        mode_screen = cast("ModeScreen", self.screen)  # the palette's actions are offered on the mode screens
        actions: list[Action] = []
        for number, mode in enumerate(MODE_NAMES, 1):
            actions.append((_("Mode: {name}").format(name=mode_label(mode)), _("{n} · switch to this mode").format(n=number),
                            partial(app.action_mode, mode)))
        actions += [
            (_("Previous quarter"), "[", partial(app.action_quarter, -1)),
            (_("Next quarter"), "]", partial(app.action_quarter, 1)),
            (_("Filter by text"), "/", mode_screen.action_filter),
            (_("Team filter"), "t", mode_screen.action_team),
            (_("Help: every key"), "?", app.action_help),
            (_("Report"), _("write the quarter's report per team and company: Markdown, CSV or JSON"),
             partial(open_report, app)),
            (_("Time zone: {zone}").format(zone=workspace_zone(app)),
             _("the workspace's calendar (today, weeks, quarters), the same for everyone"), partial(open_zone_picker, app)),
        ]
        from okrtui.domain.cadence import team_settings
        from okrtui.present.formatting import cadence_label

        for team in app.workspace.teams():
            record = team_settings(app.workspace, team)
            actions.append((_("Team settings: {team}").format(team=team),
                            _("check-ins {cadence}; lead: {lead}").format(
                                cadence=cadence_label(record.cadence), lead=record.lead or _("none")),
                            partial(open_team_settings, app, team)))
        for code, name in PALETTE_LANGUAGES.items():  # the other language, findable in either script
            if code != current_language():
                actions.append((_("Language: {name}").format(name=name),
                                _("show the interface in this language; remembered in config.toml"),
                                partial(switch_language, app, code)))
        return actions

    def actions(self) -> list[Action]:
        from okrtui.ui.modes.base import ModeScreen

        own = list(self.screen.palette_actions()) if isinstance(self.screen, OffersActions) else []
        return own + (self.app_actions() if isinstance(self.screen, ModeScreen) else [])

    def items(self) -> list[tuple[str, str, Callable[[], None]]]:
        """Every objective and KR, this quarter's first: (title text, where it is, jump)."""
        app = self.okr_app
        ws = app.workspace
        current = str(app.quarter)
        objectives = sorted(ws.objectives, key=lambda o: (o.quarter != current, o.quarter, o.id or 0))
        out: list[Action] = []
        for o in objectives:
            out.append((f"O{o.id} {o.title}", f"{format_quarter(o.quarter)} · {o.team}", partial(self.jump, o.quarter, f"o{o.id}")))
            for kr in ws.krs_of(o.id):
                out.append((f"#{kr.id} {kr.title}", f"{format_quarter(o.quarter)} · {o.team} · O{o.id}",
                            partial(self.jump, o.quarter, f"k{kr.id}")))
        return out

    def jump(self, quarter: str, row: str) -> None:
        app = self.okr_app
        # A KR picked while updating stays in update mode, ready for its check-in; anything else opens in plan.
        stays = app.current_mode == "update" and row.startswith("k")
        if app.current_mode != "plan" and not stays:
            app.switch_mode("plan")
        app.quarter = Quarter.parse(quarter)
        if app.team is not None and row.startswith(("o", "k")):
            app.team = None  # the item may be in another team
        app.redraw()
        # A freshly switched-to screen mounts first; jump once it has drawn.
        app.call_after_refresh(self._jump_on_mode_screen, row)

    def _jump_on_mode_screen(self, row: str) -> None:
        from okrtui.ui.modes.base import ModeScreen

        # The palette may still be on top while it closes: the jump belongs to the mode screen beneath.
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, ModeScreen):
                screen.jump_to(row)
                return

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self.actions():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, highlighted(matcher, name), callback, text=name, help=escape(help_text))
        for title, where, callback in self.items():
            if (score := matcher.match(title)) > 0:
                yield Hit(score, highlighted(matcher, title), callback, text=title, help=escape(where))

    async def discover(self) -> Hits:
        for name, help_text, callback in self.actions():
            yield DiscoveryHit(Text(name), callback, text=name, help=escape(help_text))
