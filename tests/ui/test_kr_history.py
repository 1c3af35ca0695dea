"""A KR's History in the app (issue 18 point 2's acceptance): a target edited in the app is in
`okrtui log --kr N --json` with who, when, before and after, and the same in the KR's check-in panel."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from textual.widgets import Static
from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, wait_until

from okrtui.settings.config import identity
from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp
from okrtui.ui.dialogs.kr_form import KeyResultForm
from okrtui.ui.dialogs.checkin_panel import CheckinPanel
from okrtui.ui.widgets.plan_list import PlanList
from okrtui.ui.widgets.update_list import UpdateList
from tests.conftest import pinned_clock


async def test_a_target_edited_in_the_app_is_in_the_log_and_in_the_krs_history(demo_path, monkeypatch):
    monkeypatch.setenv("OKRTUI_USER", "王小明")
    app = OkrApp(Repository(demo_path, clock=pinned_clock(), author=identity()), quarter=DEMO_QUARTER)
    async with app.run_test(size=(120, 50)) as pilot:
        assert app.screen.query_one(PlanList).select_id("k1")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, KeyResultForm))
        app.screen.widget("target").value = "40"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, KeyResultForm))
        await wait_until(pilot, lambda: Repository(demo_path).load().key_result(1).target == 40)

        done = subprocess.run([sys.executable, "-m", "okrtui", "log", "--db", str(demo_path), "--kr", "1", "--json"],
                              capture_output=True, text=True, env={**os.environ}, timeout=60)
        assert done.returncode == 0, done.stderr
        (entry,) = json.loads(done.stdout)
        assert (entry["author"], entry["action"], entry["at"]) == ("王小明", "edit", "2026-11-30T12:00:00Z")
        assert entry["records"] == [{"kind": "key_result", "id": 1, "before": {"target": 50.0}, "after": {"target": 40.0}}]

        await pilot.press("2")
        await wait_until(pilot, lambda: bool(app.screen.query(UpdateList)))
        app.screen.query_one(UpdateList).select_kr(1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CheckinPanel))
        await pilot.pause()
        changes = str(app.screen.query_one("#ci-changes", Static).render())
        assert changes.startswith("Changes (1)")
        assert "王小明  edited  KR 1: target 50 → 40" in changes


async def test_the_standup_names_edits_and_comments_since_the_last_standup(demo_path):
    repo = Repository(demo_path, clock=pinned_clock(), author="王小明")
    repo.update_key_result(4, target=48000)
    repo.add_comment("key_result", 1, "客戶延後簽約")
    app = OkrApp(Repository(demo_path, clock=pinned_clock(), author="王小明"), quarter=DEMO_QUARTER)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("4")
        await wait_until(pilot, lambda: "客戶延後簽約" in screen_text(app), timeout=5)
        lines = screen_text(app).splitlines()
        assert any("#4 網站月流量" in line and "⇄ target 50,000 → 48,000" in line and "王小明" in line for line in lines)
        assert any("#1 " in line and "💬 客戶延後簽約" in line for line in lines)


async def test_the_header_names_who_the_log_records(demo_path):
    app = OkrApp(Repository(demo_path, clock=pinned_clock(), author="王小明"), quarter=DEMO_QUARTER)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        header = screen_text(app).splitlines()[0]
        assert header.rstrip().endswith("all teams · 王小明") and "1:Plan" in header
    narrow = OkrApp(Repository(demo_path, clock=pinned_clock(), author="王小明"), quarter=DEMO_QUARTER)
    async with narrow.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = screen_text(narrow).splitlines()[0]
        assert "2:Update" in header  # the tabs keep their names; the name gives way first
