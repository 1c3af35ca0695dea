"""Palette → Screenshot on a machine without ~/Downloads (every SSH host): saved here, path said (issue 17 item 11)."""

from __future__ import annotations

from pathlib import Path

from tests.ui.ui_helpers import screen_text, type_text, wait_until


async def test_palette_screenshot_without_downloads_saves_in_the_current_folder_and_says_where(
        demo_app, tmp_path, monkeypatch):
    home = Path.home()
    assert not (home / "Downloads").exists()  # tests/conftest.py gives every test an empty HOME
    here = tmp_path / "work"
    here.mkdir()
    monkeypatch.chdir(here)
    async with demo_app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "screenshot")
        await wait_until(pilot, lambda: "Screenshot" in screen_text(demo_app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(here.glob("*.svg")), timeout=5)
        saved = list(here.glob("*.svg"))
        assert len(saved) == 1 and saved[0].name.startswith("okrtui_2026-11-30")  # named by the app's clock
        assert "<svg" in saved[0].read_text(encoding="utf-8")
        messages = [n.message for n in demo_app._notifications]
        assert f"Saved the screenshot to {saved[0]}" in messages, messages
        await wait_until(pilot, lambda: "Saved the screenshot to" in screen_text(demo_app))  # the toast says it
        assert "Failed" not in screen_text(demo_app)
