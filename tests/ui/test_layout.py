"""The demo at 80×24 and 120×40: nothing clipped or overlapping, CJK titles aligned with their bars."""

from __future__ import annotations

import pytest
from tests.ui.ui_helpers import screen_text

from okrtui.domain.text_rules import cell_width

BAR_CELLS = "█░"


def bar_columns(text: str) -> list[int]:
    """The cell column where each row's progress bar starts."""
    columns = []
    for line in text.splitlines():
        index = next((i for i, ch in enumerate(line) if ch in BAR_CELLS), None)
        if index is not None:
            columns.append(cell_width(line[:index]))
    return columns


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_demo_rows_line_up(demo_app, size):
    width, height = size
    async with demo_app.run_test(size=size):
        text = screen_text(demo_app)
        lines = text.splitlines()
        assert len(lines) == height
        assert all(cell_width(line) == width for line in lines)  # nothing spills past the edge
        columns = bar_columns(text)
        assert len(columns) >= (8 if height == 24 else 13)  # every visible objective and KR has a bar
        assert len(set(columns)) == 1, columns  # ...starting in the same column, CJK or not
        # Each row keeps its percentage and status word whole after the bar.
        for line in lines:
            if any(ch in line for ch in BAR_CELLS):
                assert any(word in line for word in ("on track", "at risk", "off track", "done", "pending")), line
        # Titles are cut with an ellipsis, never mid-character; the long KR titles show their start.
        assert "#11 品牌在目標客群的認知度提升" in text
        assert "aligned to #12 客戶淨推薦值(NPS)達到50" in text  # O4 serves the company's KR #12


async def test_120_columns_show_values_and_owners_inline(demo_app):
    async with demo_app.run_test(size=(120, 40)):
        lines = screen_text(demo_app).splitlines()
        row = next(line for line in lines if "#1 新簽約10家企業客戶" in line)
        assert "王小明" in row and "31 → 50 萬元" in row and "62%" in row


async def test_80_columns_put_values_on_a_second_line(demo_app):
    async with demo_app.run_test(size=(80, 24)):
        lines = screen_text(demo_app).splitlines()
        index = next(i for i, line in enumerate(lines) if "#7 平均客服回應時間" in line)
        assert "80%" in lines[index] and "1.6 → 1 小時 · 陳大同" in lines[index + 1]


async def test_forms_fit_at_80_by_24(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "e")
        text = screen_text(demo_app)
        for label in ("Title", "Kind", "Unit", "Start", "Target", "Weight", "Owner", "preview:"):
            assert f"│ {label}" in text, label
        assert text.splitlines()[-1].startswith("^s Save")
