"""The app's first frame (issue 21): the garbage collector the command line paused is on again once
the mode screen is drawn, and a burst of redraws computes the quarter's view once."""

from __future__ import annotations

import gc

import pytest
from tests.ui.ui_helpers import wait_until

from okrtui.ui.modes.base import ModeScreen


async def test_the_app_turns_the_collector_on_after_its_first_frame(demo_app):
    gc.disable()  # as cli/main.py leaves it when it starts the app
    try:
        async with demo_app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, gc.isenabled)
            assert isinstance(demo_app.screen, ModeScreen)
    finally:
        gc.enable()


async def test_a_burst_of_redraws_computes_the_view_once_and_a_change_again(demo_app, monkeypatch):
    import okrtui.ui.app as app_module

    calls = []
    original = app_module.view_quarter
    monkeypatch.setattr(app_module, "view_quarter", lambda *a, **k: calls.append(1) or original(*a, **k))
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = demo_app.view()
        assert demo_app.view() is first  # the same snapshot, quarter, team and moment: reused
        before = len(calls)
        await pilot.press("right_square_bracket")  # another quarter: computed again
        assert demo_app.view().quarter != first.quarter and len(calls) > before
        await pilot.press("left_square_bracket")
        demo_app.workspace = demo_app.repo.load()  # a new snapshot (a re-read): computed again
        assert demo_app.view() is not first


def test_run_app_puts_the_imports_out_of_the_collectors_sight_but_not_the_file(tmp_path, monkeypatch):
    """gc.freeze() after the imports, before the file is read: the workspace's models stay collectable."""
    import shutil
    from pathlib import Path

    import okrtui.ui.app as app_module

    db = tmp_path / "demo.json"
    shutil.copy(Path(app_module.__file__).resolve().parents[2] / "demo.json", db)
    seen = {}

    def run(app) -> None:
        seen["frozen"] = gc.get_freeze_count()
        seen["workspace tracked"] = gc.is_tracked(app.workspace) and any(o is app.workspace for o in gc.get_objects())

    monkeypatch.setattr(app_module.OkrApp, "run", run)
    try:
        app_module.run_app(db)
    finally:
        gc.unfreeze()
    assert seen["frozen"] > 1000 and seen["workspace tracked"]


async def test_the_first_mode_is_shown_without_textuals_switch_delay_and_later_switches_keep_it(demo_app, monkeypatch):
    """switch_mode holds frames back for 50 ms to mask a change of screen; the first mode replaces only
    the blank default screen, so its first frame is not held back (issue 21)."""
    from textual.app import App

    delays = []
    original = App.delay_update
    monkeypatch.setattr(App, "delay_update", lambda self, delay=0.05: delays.append(delay) or original(self, delay))
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(demo_app.screen, ModeScreen) and delays == []
        await pilot.press("2")
        await pilot.pause()
        assert demo_app.current_mode == "update" and delays == [0.05]


def _counting_parses(monkeypatch) -> list[int]:
    """Counts the full re-parses the patched reparse lets through: Textual's reparse parses into a fresh
    Stylesheet, so each is one Stylesheet made (the app's own was made before this is called)."""
    from textual.css.stylesheet import Stylesheet

    parses: list[int] = []
    original = Stylesheet.__init__
    monkeypatch.setattr(Stylesheet, "__init__", lambda self, *a, **k: parses.append(1) or original(self, *a, **k))
    return parses


def test_a_reparse_with_the_same_sources_and_variables_is_skipped_and_any_change_parses(monkeypatch):
    from textual.css.stylesheet import Stylesheet

    parses = _counting_parses(monkeypatch)
    sheet = Stylesheet(variables={"okr-x": "red"})
    sheet.add_source("Static { color: $okr-x; }", read_from=("test", "a"))
    parses.clear()
    sheet.reparse()
    assert len(parses) == 1 and sheet.rules[0].styles.color.hex == "#FF0000"
    sheet.reparse()
    sheet.set_variables({"okr-x": "red"})  # an equal dict: still nothing to do
    sheet.reparse()
    assert len(parses) == 1
    sheet.set_variables({"okr-x": "blue"})
    sheet.reparse()
    assert len(parses) == 2 and sheet.rules[0].styles.color.hex == "#0000FF"
    sheet.add_source("Label { color: $okr-x; }", read_from=("test", "b"))
    sheet.reparse()
    assert len(parses) == 3 and len(sheet.rules) == 2


def test_a_reparse_that_failed_is_not_remembered(monkeypatch):
    from textual.css.stylesheet import Stylesheet

    parses = _counting_parses(monkeypatch)
    sheet = Stylesheet(variables={})
    sheet.add_source("Static { color: $missing; }", read_from=("test", "a"))
    parses.clear()
    for attempt in (1, 2):  # the second call parses (and fails) again: a failure is never taken as done
        with pytest.raises(Exception, match="missing"):
            sheet.reparse()
        assert len(parses) == attempt


async def test_the_first_mode_parses_the_stylesheet_once_and_a_theme_change_again(demo_app, monkeypatch):
    """Textual re-parsed all CSS three times for the first mode (App._init_mode, switch_mode, the
    theme's refresh): the same sources and variables each time. Once now; a new theme parses again."""
    parses = _counting_parses(monkeypatch)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(demo_app.screen, ModeScreen)
        assert len(parses) == 1
        background = demo_app.screen.styles.background
        demo_app.theme = "textual-light" if demo_app.theme != "textual-light" else "nord"
        await pilot.pause()
        assert len(parses) == 2 and demo_app.screen.styles.background != background


async def test_the_first_frame_on_a_proven_file_builds_no_kpi_and_parses_no_check_in_history(demo_repo):
    """Plan and update show each KR's newest check-in and no KPI: on a file the digest cache proves, the
    check-ins stay as their bytes and the KPIs with their readings unbuilt (storage/summaries.py);
    the compare mode, which shows the KPIs, builds them."""
    from okrtui.storage.repository import Repository
    from okrtui.ui.app import OkrApp
    from tests.ui.ui_helpers import DEMO_QUARTER

    demo_repo.load()  # the demo as installed: validated once, proven from then on
    for mode, kpis_built in (("plan", False), ("update", False), ("compare", True)):
        app = OkrApp(Repository(demo_repo.path, clock=demo_repo.clock), quarter=DEMO_QUARTER, mode=mode)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ModeScreen)
            assert ("_kpis_load" not in app.workspace.__dict__) is kpis_built, mode
            assert app.workspace.__dict__["_checkin_source"]._table is None, mode
