"""The app a served screen runs (`okrtui serve` without --allow-edit): the attack from issue 16
(standup, `1`, `d`, `y`) and a check-in change nothing; no config, screenshot, report or editor."""

from __future__ import annotations

import pytest
from textual.app import SuspendNotSupported

from okrtui.settings.config import config_path
from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp

from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, type_text


def notices(app: OkrApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def served_app(path) -> OkrApp:
    return OkrApp(Repository(path, read_only=True), mode="standup", quarter=DEMO_QUARTER)


async def test_delete_by_keys_is_refused_and_the_data_stays(demo_path):
    before = demo_path.read_bytes()
    app = served_app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "down", "d", "y")  # plan mode, O4, delete, yes
        await pilot.pause()
        assert any("read-only" in n for n in notices(app))
        assert app.workspace.objective(4) is not None  # still shown
    assert demo_path.read_bytes() == before


async def test_a_check_in_is_refused_and_the_data_stays(demo_path):
    before = demo_path.read_bytes()
    app = served_app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "enter")
        await type_text(pilot, "99")
        await pilot.press("enter")
        await pilot.pause()
        assert "read-only" in screen_text(app)  # said in the check-in panel, which stays open
    assert demo_path.read_bytes() == before


async def test_theme_and_language_last_the_session_but_write_no_config(demo_path):
    from okrtui.ui.language import switch_language

    app = served_app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "textual-light"
        switch_language(app, "zh-TW")
        await pilot.pause()
        assert app.theme == "textual-light"
    assert not config_path().exists()


async def test_no_screenshot_no_report_no_editor(demo_path, tmp_path, monkeypatch):
    work = tmp_path / "cwd"  # where a report or a screenshot would land
    work.mkdir()
    monkeypatch.chdir(work)
    app = served_app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Theme" in titles and "Screenshot" not in titles
        assert app.deliver_screenshot() is None
        with pytest.raises(PermissionError):
            app.save_screenshot(path=str(work))
        with pytest.raises(SuspendNotSupported):
            with app.suspend():
                pass
        from okrtui.ui.dialogs.report import open_report

        open_report(app)
        await pilot.pause()
        assert type(app.screen).__name__ != "ReportForm"
        assert any("saves no files" in n for n in notices(app))
    assert list(work.iterdir()) == []


async def test_a_writable_app_still_offers_the_screenshot(demo_repo):
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER)
    async with app.run_test(size=(80, 24)):
        assert "Screenshot" in [c.title for c in app.get_system_commands(app.screen)]
