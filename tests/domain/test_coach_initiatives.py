"""The coach flags a KR that is off track with no initiative being worked on (issue 20)."""

from __future__ import annotations

from datetime import date

from okrtui.domain.coach import review_quarter
from okrtui.domain.models import Initiative
from okrtui.domain.workspace import Workspace
from okrtui.storage.repository import Repository

DAY = date(2026, 11, 30)  # the demo's day: week 9 of 2026-Q4


def flagged(ws: Workspace, today: date | None = DAY) -> list[int]:
    return [f.kr_id for f in review_quarter(ws, "2026-Q4", today=today) if f.code == "off-track-no-initiative"]


def with_initiatives(ws: Workspace, initiatives: list[Initiative]) -> Workspace:
    return Workspace(ws.objectives, ws.key_results, ws.checkins, ws.kpis, ws.meta, ws.changes, ws.comments,
                     ws.team_settings, initiatives)


def test_the_demo_flags_only_the_off_track_kr_with_nothing_doing(demo_path):
    ws = Repository(demo_path).load()
    # #4, #6, #8 and #15 are off track; #6 and #8 have an initiative doing, #4 only one to do, and
    # 張志豪's #15 (12 of 25 = 48% against about 65% expected in week 9: below 75% of the pace) none.
    assert flagged(ws) == [15, 4]
    [finding] = [f for f in review_quarter(ws, "2026-Q4", today=DAY) if f.code == "off-track-no-initiative" and f.kr_id == 4]
    assert finding.level == "warning" and "okrtui task add 4" in finding.message


def test_a_doing_initiative_silences_it_and_done_ones_do_not(demo_path):
    ws = Repository(demo_path).load()
    others = [i for i in ws.initiatives if i.kr_id != 4]
    doing = Initiative(id=50, kr_id=4, title="SEO", status="doing")
    finished = Initiative(id=51, kr_id=4, title="Ads", status="done")
    assert flagged(with_initiatives(ws, others + [doing])) == [15]  # #15 has no initiative at all
    assert flagged(with_initiatives(ws, others + [finished])) == [15, 4]
    assert sorted(flagged(with_initiatives(ws, []))) == [4, 6, 8, 15]


def test_without_a_day_or_outside_the_quarter_nothing_is_flagged(demo_path):
    ws = Repository(demo_path).load()
    assert flagged(ws, None) == []  # the plan file's lint has no day
    assert flagged(ws, date(2027, 1, 5)) == []  # the quarter is over: grades, not pace
