"""A filter typed in one burst (an input method's word, a paste over SSH), then cleared (issue 17 item 10)."""

from __future__ import annotations

import pytest
from tests.ui.ui_helpers import screen_text

from okrtui.ui.modes.base import TextFilter
from okrtui.ui.widgets.compare_list import CompareList
from okrtui.ui.widgets.plan_list import PlanList
from okrtui.ui.widgets.update_list import UpdateList


def _burst(app, text: str) -> None:
    """Characters that arrive in one read: each changes the field before the first Changed is handled."""
    field = app.screen.query_one(TextFilter)
    for char in text:
        field.insert_text_at_cursor(char)


@pytest.mark.parametrize("mode, widget", [("1", PlanList), ("2", UpdateList), ("3", CompareList)])
async def test_clearing_a_filter_typed_in_one_burst_gives_the_whole_list_back_to_the_arrows(demo_app, mode, widget):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press(mode, "slash")
        rows = demo_app.screen.query_one(widget)
        everything = rows.option_count
        _burst(demo_app, "客服")
        await pilot.pause(0.3)
        assert demo_app.needle == "客服" and rows.option_count < everything
        await pilot.press("enter", "escape")
        await pilot.pause(0.3)  # a ping-pong between stale values would still be rebuilding the list now
        assert demo_app.needle == "" and rows.option_count == everything
        assert "filter: 客服" not in screen_text(demo_app)
        seen = set()
        for _step in range(everything):
            await pilot.press("down")
            seen.add(rows.highlighted)
        await pilot.pause(0.3)
        assert rows.option_count == everything
        enabled = {i for i in range(everything) if not rows.get_option_at_index(i).disabled}
        assert enabled <= seen | {rows.highlighted}, "the arrows reach every row again"

