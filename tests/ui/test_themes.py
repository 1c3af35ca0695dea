"""Themes in the running app: every shipped theme switches the grade colours on screen, broken user
themes are reported and skipped, the picked theme is remembered, ANSI-16 and NO_COLOR stay in bounds."""

from __future__ import annotations

from rich.color import ColorType
from tests.ui.ui_helpers import DEMO_QUARTER, wait_until

from okrtui.settings.config import config_path, read_config
from okrtui.settings.themes import load_themes, user_themes_dir
from okrtui.ui.app import OkrApp

MODES = ("plan", "update", "compare", "standup")


def screen_segments(app: OkrApp):
    """Every segment on screen after the app's own filters (ANSI→truecolour, NO_COLOR), as the terminal gets it."""
    strips = app.screen._compositor.render_strips()
    background = app.screen.styles.background
    for strip in strips:
        for line_filter in app._filters:
            if line_filter.enabled:
                strip = strip.apply_filter(line_filter, background)
        yield from strip


def bar_colours(app: OkrApp) -> set[str]:
    """The colours of the filled bar cells on screen (the grade colours)."""
    return {seg.style.color.name for seg in screen_segments(app) if "█" in seg.text and seg.style and seg.style.color}


def okr_good(app: OkrApp) -> str:
    return app.get_css_variables()["okr-good"]


async def test_every_shipped_theme_switches_the_grade_colours(demo_repo):
    shipped = load_themes().themes
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER)
    async with app.run_test(size=(80, 24)) as pilot:
        assert set(shipped) <= set(app.available_themes)
        assert app.theme == "okrtui-dark"
        seen: dict[str, tuple[str, frozenset]] = {}
        for name, spec in shipped.items():
            app.theme = name
            await pilot.pause(0.1)
            assert okr_good(app) == spec.okr.good  # the theme variable the screens use
            colours = frozenset(bar_colours(app))
            assert colours, name
            seen[name] = (okr_good(app), colours)
        assert len({good for good, _c in seen.values()}) == len(shipped)
        assert len({colours for _g, colours in seen.values()}) == len(shipped)  # the bars followed each theme
        app.theme = "nord"  # a Textual built-in: grade colours from its own success/warning/error
        await pilot.pause(0.1)
        assert okr_good(app) == app.current_theme.to_color_system().generate()["success"]


async def test_the_ansi_theme_uses_only_the_16_terminal_colours_in_every_mode(demo_repo):
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER, theme="okrtui-ansi")
    async with app.run_test(size=(80, 24)) as pilot:
        for mode in MODES:
            app.switch_mode(mode)
            await pilot.pause(0.2)
            kinds = set()
            for seg in screen_segments(app):
                for colour in (seg.style.color, seg.style.bgcolor) if seg.style else ():
                    if colour is not None:
                        kinds.add(colour.type)
                        assert colour.type in (ColorType.DEFAULT, ColorType.STANDARD), (mode, seg)
                        assert colour.type == ColorType.DEFAULT or colour.number < 16
            assert ColorType.STANDARD in kinds  # coloured, just not in true colour


async def test_no_color_drops_every_colour_but_keeps_the_cursor(demo_repo, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER, theme="okrtui-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "down", "down")  # O4, past O1's #10-12
        segments = list(screen_segments(app))
        colours = {c.type for s in segments if s.style for c in (s.style.color, s.style.bgcolor) if c is not None}
        assert colours <= {ColorType.DEFAULT}
        cursor = "".join(s.text for s in segments if s.style and s.style.underline and s.style.bold)
        assert "O4" in cursor  # the cursor row, marked without colour


async def test_a_broken_user_theme_is_reported_and_the_app_starts_with_the_default(demo_repo):
    folder = user_themes_dir()
    folder.mkdir(parents=True)
    (folder / "party.toml").write_text('name = "party"\n[colors]\nprimary = "#f0f"\n[okr]\ngood = "sparkly"\n'
                                       'warning = "#ff0"\nbad = "#f00"\nbar-empty = "#333"\npace = "#fff"\n')
    (folder / "nonsense.toml").write_text("this is = = not toml")
    config_path().write_text('theme = "party"\n')
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        notices = [str(n.message) for n in app._notifications]
        assert any("party.toml" in n and "okr.good" in n and "sparkly" in n for n in notices), notices
        assert any("nonsense.toml" in n and "TOML" in n for n in notices), notices
        assert "party" not in app.available_themes and app.theme == "okrtui-dark"
        assert any("there is no theme 'party'" in n for n in notices)


async def test_the_theme_picked_in_the_palette_is_remembered(demo_repo):
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER)
    async with app.run_test(size=(80, 24)) as pilot:
        app.search_themes()  # the palette's theme picker: okrtui's themes with Textual's
        await pilot.pause(0.2)
        await pilot.press(*"okrtui-light")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.theme == "okrtui-light")
        await wait_until(pilot, lambda: read_config()[0].theme == "okrtui-light")
    again = OkrApp(demo_repo, quarter=DEMO_QUARTER)
    async with again.run_test(size=(80, 24)):
        assert again.theme == "okrtui-light"


async def test_an_explicit_theme_is_used_but_not_saved(demo_repo):
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER, theme="okrtui-contrast")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        assert app.theme == "okrtui-contrast"
    assert not config_path().exists()
