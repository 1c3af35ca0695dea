"""KeysFooter (ui/widgets/keys_footer.py): the footer is rebuilt only when the keys it shows change
(issue 21: a mode screen's dozen keys were removed and mounted again, unchanged, before its first frame)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from okrtui.ui.widgets.keys_footer import KeysFooter


class Toggle(App[None]):
    BINDINGS = [("a", "alpha", "Alpha"), ("b", "beta", "Beta")]
    beta_shown = True
    tests_do_not_settle = True  # no file work to wait for (tests/ui/conftest.py)

    def compose(self) -> ComposeResult:
        yield KeysFooter(show_command_palette=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.beta_shown or action != "beta"


def _labels(app: App) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey)]


async def test_same_keys_keep_the_footer_and_changed_keys_rebuild_it():
    app = Toggle()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        assert _labels(app) == ["Alpha", "Beta"]
        keys = list(app.screen.query(FooterKey))
        app.screen.refresh_bindings()  # nothing changed: the very widgets stay
        await pilot.pause()
        await pilot.pause()
        assert list(app.screen.query(FooterKey)) == keys
        app.beta_shown = False  # a key hidden: rebuilt without it
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert _labels(app) == ["Alpha"]
        app.beta_shown = True
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert _labels(app) == ["Alpha", "Beta"]


async def test_the_first_mode_builds_its_footer_once(demo_app, monkeypatch):
    builds = []
    original = Footer.recompose

    async def counted(self) -> None:
        builds.append(type(self.screen).__name__)
        await original(self)

    monkeypatch.setattr(Footer, "recompose", counted)
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert builds == ["PlanScreen"]
        assert "Quit" in _labels(demo_app) and "New" in _labels(demo_app)
