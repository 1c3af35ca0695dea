"""Standup mode on the demo: every team, the since-last-standup list and the needs-attention list
checked against okrtui.domain.standup, the shared marker, pages and rotation, and layouts."""

from __future__ import annotations

import pytest
from tests.conftest import DEMO_NOW, pinned_clock
from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, wait_until
from textual.widgets import Digits

from okrtui.domain.standup import changes_since, needs_attention, standup_since
from okrtui.domain.views import view_quarter
from okrtui.domain.numbers import format_percent
from okrtui.storage.repository import Repository
from okrtui.domain.text_rules import cell_width
from okrtui.ui.app import OkrApp
from okrtui.ui.modes.standup import StandupScreen, paginate
from okrtui.ui.widgets.standup_panels import TeamPanel

TEAMS = ["公司", "客服", "業務", "行銷"]
# The demo's moment (12:00 UTC) on the workspace's wall clock: the zone of this machine.
LOCAL_NOON = pinned_clock().local().strftime("%H:%M")



def standup_app(repo: Repository, **options) -> OkrApp:
    return OkrApp(repo, quarter=DEMO_QUARTER, mode="standup", clock=pinned_clock(), **options)


def shown_teams(app: OkrApp) -> list[str]:
    return [str(p.border_title) for p in app.screen.query(TeamPanel) if p.display]


def expected_lists(repo: Repository, teams=None):
    ws = repo.load()
    clock = pinned_clock()  # the screen's clock: days in the workspace's (this machine's) zone
    view = view_quarter(ws, DEMO_QUARTER, clock.today(), clock.now())
    since = standup_since(ws.meta.standup_at, clock.local())
    return changes_since(ws, view, since.moment, teams), needs_attention(ws, view, clock.local(), teams)


async def test_large_screen_shows_every_team_and_both_lists(demo_repo):
    app = standup_app(demo_repo)
    # 60 rows: the demo's 15 KRs and 11 changes since Friday, each change on two lines with its note.
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause(0.3)
        assert isinstance(app.screen, StandupScreen)
        assert shown_teams(app) == TEAMS  # one page holds them all
        text = screen_text(app)
        changes, attention = expected_lists(demo_repo)
        # 8 team KRs checked in on Monday (all but #6) and 張志豪's #13-15; attention: #8, #4, #6, #1 and
        # #15 (0.48 of 25%, under 0.75 × 0.663 = 0.497: off track). The company's KRs are their objectives'.
        assert len(changes) == 11 and len(attention) == 5
        assert f"Since the previous working day, Fri 00:00 · {len(changes)}" in text
        for change in changes:
            assert f"#{change.kr.id} " in text
            assert change.checkin.author in text and change.checkin.note in text
        assert "+8 pts ▲  27 → 31 萬元" in text  # KR 1: 27 → 31 of 50 is +8 points
        assert f"Needs attention · {len(attention)}" in text
        assert "✖ off track · ⌛ no check-in for 14 days  #6 " in text
        assert "▲ at risk  #1 新簽約10家企業客戶,達成50萬營收 · 業務" in text
        assert "week 9 of 13" in text
        digits = [d.value for d in app.screen.query(Digits) if d.display]
        clock = pinned_clock()
        view = view_quarter(demo_repo.load(), DEMO_QUARTER, clock.today(), clock.now())
        by_team = sorted(view.objectives, key=lambda o: TEAMS.index(o.objective.team))
        # expected progress (61 of 92 days on Nov 30), the workspace's wall clock, then each
        # objective's percentage as the domain computes it
        expected = "66%" if clock.today().day == 30 else format_percent(view.expected)
        assert digits == [expected, clock.local().strftime("%H:%M")] + [format_percent(o.progress) for o in by_team]


async def test_80x24_pages_cover_every_team_with_their_own_lists(demo_repo):
    app = standup_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        assert len(screen.pages) > 1
        seen = []
        for _page in screen.pages:
            teams = shown_teams(app)
            seen += teams
            text = screen_text(app)
            assert all(cell_width(line) <= 80 for line in text.splitlines())
            assert f"page {screen.page + 1}/{len(screen.pages)} · ←/→" in text
            assert f"2026-Q4 · week 9 of 13 · expected 66% · {LOCAL_NOON}" in text
            changes, attention = expected_lists(demo_repo, set(teams))
            assert f"· {len(changes)}─" in text and f"Needs attention · {len(attention)}" in text
            for item in attention:
                assert f"#{item.kr.id} " in text
            await pilot.press("right")
            await pilot.pause(0.1)
        assert seen == TEAMS
        assert screen.page == 0  # → after the last page comes the first
        await pilot.press("left")
        await pilot.pause(0.1)
        assert screen.page == len(screen.pages) - 1


async def test_s_marks_the_standup_for_every_session(demo_repo):
    other = standup_app(Repository(demo_repo.path))
    app = standup_app(demo_repo)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        assert "Since the previous working day" in screen_text(app)
        await pilot.press("s")
        await pilot.pause(0.2)
        assert demo_repo.load().meta.standup_at == DEMO_NOW
        text = screen_text(app)
        assert f"Since the last standup, {LOCAL_NOON} · 0" in text and "No check-ins since then" in text
    # Another session, opened before the mark, picks it up from the file within a second.
    async with other.run_test(size=(160, 48)) as pilot:
        await wait_until(pilot, lambda: f"Since the last standup, {LOCAL_NOON} · 0" in screen_text(other), timeout=1.0)


async def test_rotation_turns_pages_and_space_pauses(demo_repo):
    app = standup_app(demo_repo, rotate=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        assert screen.rotate == 1 and len(screen.pages) > 1
        first = shown_teams(app)
        await wait_until(pilot, lambda: screen.page == 1, timeout=2.5)
        assert shown_teams(app) != first
        assert "▶ 1 s" in screen_text(app)
        await pilot.press("space")
        await pilot.pause(0.1)
        assert "⏸ paused" in screen_text(app)
        await pilot.pause(1.5)
        assert screen.page == 1  # paused: it stays
        await pilot.press("right")
        await pilot.pause(0.1)
        moved = 2 % len(screen.pages)
        assert screen.page == moved
        await pilot.press("space")  # resumes
        await wait_until(pilot, lambda: screen.page != moved, timeout=2.5)


async def test_team_option_fixes_one_team(demo_repo):
    app = standup_app(demo_repo, team="行銷")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        assert shown_teams(app) == ["行銷"] and app.screen.pages == [["行銷"]]
        text = screen_text(app)
        assert "team: 行銷" in text and "page 1/" not in text
        assert "#6 " in text and "#1 " not in text


async def test_unknown_team_is_a_clear_notice(demo_repo):
    app = standup_app(demo_repo, team="Nobody")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        assert any("There is no team 'Nobody'" in str(n.message) for n in app._notifications)


async def test_empty_database_says_what_to_do(empty_repo):
    app = OkrApp(empty_repo, quarter=DEMO_QUARTER, mode="standup")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        assert "No objectives in 2026-Q4 yet" in screen_text(app)


async def test_reload_keeps_the_page(demo_repo):
    app = standup_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("right", "right")
        await pilot.pause(0.1)
        teams = shown_teams(app)
        demo_repo.record_checkin(4, 45000, note="new campaign", author="林美玲", at=DEMO_NOW)
        app.reload()
        await pilot.pause(0.1)
        assert shown_teams(app) == teams


def test_paginate_packs_teams_in_order():
    assert paginate([("a", 4), ("b", 5), ("c", 3), ("d", 9)], 10) == [["a", "b"], ["c"], ["d"]]
    assert paginate([("tall", 30)], 10) == [["tall"]]
    assert paginate([], 10) == []


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_cjk_columns_line_up(demo_repo, size):
    """The pace marks of a team's KRs sit in one column whatever the script of the titles."""
    app = standup_app(demo_repo)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.3)
        # A KR's line, or (with rows to spare) the numbers line under its title; not an objective's bar.
        lines = [line for line in screen_text(app).splitlines() if line.startswith("  ") and "┃" in line]
        assert lines
        columns = {cell_width(line[: line.index("┃")]) for line in lines}
        assert len(columns) == 1, lines
        assert all(cell_width(line) <= size[0] for line in screen_text(app).splitlines())


def cells(line: str, start: int, end: int) -> str:
    """The characters of a screen line between two cell columns (a CJK character is two cells)."""
    out, x = [], 0
    for char in line:
        if start <= x < end:
            out.append(char)
        x += cell_width(char)
    return "".join(out)


async def test_thirty_check_ins_on_one_kr_are_one_row_in_the_since_list(demo_repo):
    """Issue 17 item 24: one row per KR with the net change, the latest note and the count."""
    demo_repo.clock = pinned_clock()
    for i in range(30):
        demo_repo.record_checkin(1, 32 + i * 0.5, note=f"batch {i}" if i < 29 else "", author="feeder")
    changes, _attention = expected_lists(demo_repo)
    app = standup_app(demo_repo)
    async with app.run_test(size=(200, 60)) as pilot:  # room for each change's two lines (see above)
        await pilot.pause(0.3)
        text = screen_text(app)
        assert f"Since the previous working day, Fri 00:00 · {len(changes)}" in text and len(changes) == 11
        region = app.screen.query_one("#standup-since").region
        since = [cells(line, region.x, region.right) for line in text.splitlines()[region.y:region.bottom]]
        rows = [line for line in since if "#1 新簽約" in line]
        assert len(rows) == 1, rows  # not 31 rows of the same KR
        assert "27 → 46.5 萬元" in rows[0]  # Friday's value before its first check-in → the latest
        assert "feeder" in text and "31 check-ins" in text and "batch 28" in text


async def test_spare_rows_go_to_the_teams_kr_titles_on_their_own_line_and_the_board_reaches_the_bottom(demo_repo):
    """A TV (issue 17 item 25): 174×43 cells, the demo's four teams on one page. The rows to spare
    give each KR a line for its title, whole, with its numbers beneath; the board ends near the
    bottom, and the lists' column is as wide as its titles need. (The demo as it was before issue 20
    added the company's KRs and a person's objective: 9 KRs, which leave rows to spare at 43.)"""
    demo_repo.delete_objective(5)
    for kr_id in (10, 11, 12):
        demo_repo.delete_key_result(kr_id)
    app = standup_app(demo_repo)
    async with app.run_test(size=(174, 43)) as pilot:
        await pilot.pause(0.5)
        lines = screen_text(app).splitlines()
        side = cell_width(lines[4][:lines[4].index("─Since")]) - 1  # the lists' column, in cells

        def left_of_side(line: str) -> str:
            kept = ""
            for char in line:
                if cell_width(kept + char) > side:
                    break
                kept += char
            return kept.rstrip()

        teams = [left_of_side(line) for line in lines]
        workspace = demo_repo.load()
        shown = {o.id for o in workspace.objectives if o.quarter == str(DEMO_QUARTER)}
        krs = {kr.id: kr.title for kr in workspace.key_results if kr.objective_id in shown}
        assert len(krs) == 9
        for kr_id, title in krs.items():
            row = next(y for y, line in enumerate(teams) if line.lstrip().startswith(f"#{kr_id} "))
            assert teams[row].endswith(title) and "┃" in teams[row + 1], teams[row:row + 2]
        last = max(y for y, line in enumerate(teams[:-1]) if line.strip())
        assert last >= len(lines) - 4, "\n".join(lines)
        for line in lines:
            for kr_id, title in krs.items():
                if f"#{kr_id} " in line:
                    assert title in line, line


async def test_after_a_terminal_resize_the_board_is_drawn_as_if_started_at_that_size(demo_repo):
    """The teams' rows are cut to their panel's width: a redraw that ran before the new column widths
    were laid out left them cut to the old one (bars wrapping onto a second line) until the next change.
    (The demo as before issue 20, as in the test above: four teams on one page.)"""
    demo_repo.delete_objective(5)
    for kr_id in (10, 11, 12):
        demo_repo.delete_key_result(kr_id)
    texts = []
    for start in ((174, 43), (120, 40)):
        app = standup_app(demo_repo)
        async with app.run_test(size=start) as pilot:
            await pilot.pause(0.5)
            if start != (174, 43):
                await pilot.resize_terminal(174, 43)
                await pilot.pause(0.5)
            texts.append(screen_text(app))
    assert texts[0] == texts[1]
