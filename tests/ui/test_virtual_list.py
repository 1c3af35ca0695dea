"""Lists that draw only what is visible (issue 21): plan rows are built when drawn, with the line
count they declared; the cursor, keys, mouse and enter work on rows not yet built."""

from __future__ import annotations

import pytest
from rich.text import Text
from tests.ui.ui_helpers import screen_text, wait_until
from textual.widgets import OptionList

from okrtui.ui.widgets.plan_list import PlanList
from okrtui.ui.widgets.virtual_list import LazyRow, lines_of


def lazy_rows(rows: OptionList) -> list[LazyRow]:
    options = [rows.get_option_at_index(i) for i in range(rows.option_count)]
    assert options and all(isinstance(option, LazyRow) for option in options)
    return options  # type: ignore[return-value]


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
async def test_every_plan_row_has_the_line_count_it_declared(demo_app, size):
    async with demo_app.run_test(size=size):
        rows = lazy_rows(demo_app.screen.query_one(PlanList))
        counts = [(row.id, row.line_count, lines_of(row.prompt)) for row in rows]
        assert all(declared == made for _id, declared, made in counts), counts
        assert any(declared == 2 for _id, declared, _made in counts)  # both kinds are in the demo
        assert any(declared == 1 for _id, declared, _made in counts)


async def test_rows_below_the_screen_are_built_only_once_scrolled_to(demo_app):
    async with demo_app.run_test(size=(80, 12)) as pilot:
        plan = demo_app.screen.query_one(PlanList)
        rows = lazy_rows(plan)
        assert rows[0].made is not None  # drawn
        assert rows[-1].made is None  # the last KR is far below 12 rows: not built
        last = rows[-1].prompt  # read (tests, the palette): built on demand
        assert isinstance(last, Text) and rows[-1].id and rows[-1].id.startswith("k")
        mark = f"#{rows[-1].id[1:]} "
        assert mark not in screen_text(demo_app)
        await pilot.press("end")
        await wait_until(pilot, lambda: plan.highlighted == plan.option_count - 1)
        assert mark in screen_text(demo_app)


async def test_a_click_on_a_row_selects_it(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        plan = demo_app.screen.query_one(PlanList)
        index = next(i for i, row in enumerate(lazy_rows(plan)) if row.id == "k7")
        line = next(y for y, row in enumerate(screen_text(demo_app).splitlines()) if "#7 平均客服回應時間" in row)
        await pilot.click(offset=(10, line))
        await wait_until(pilot, lambda: plan.highlighted == index)
        assert plan.selected == "k7"


@pytest.mark.parametrize("size", [(80, 24), (150, 40)])
@pytest.mark.parametrize("mode", ["2", "3"])
async def test_update_and_compare_rows_have_the_line_count_they_declared(demo_app, mode, size):
    from okrtui.ui.widgets.compare_list import CompareList
    from okrtui.ui.widgets.update_list import UpdateList

    async with demo_app.run_test(size=size) as pilot:
        await pilot.press(mode)
        kind = UpdateList if mode == "2" else CompareList
        await wait_until(pilot, lambda: bool(demo_app.screen.query(kind)) and demo_app.screen.query_one(kind).option_count > 0)
        rows = lazy_rows(demo_app.screen.query_one(kind))
        counts = [(row.id, row.line_count, lines_of(row.prompt)) for row in rows]
        assert all(declared == made for _id, declared, made in counts), counts
        assert any(declared > 1 for _id, declared, _made in counts) or mode == "3"
