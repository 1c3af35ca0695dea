"""Two lenses on the same numbers, promotion between KPIs and KRs, and the KPI-in-disguise check."""

from datetime import datetime, timezone

import pytest

from okrtui.domain.coach import review_quarter
from okrtui.domain.kpi import kr_as_kpi
from okrtui.domain.kpi_input import kpi_fields, parse_watch_band, reading_value
from okrtui.domain.lens import (
    check_kpi_in_disguise,
    kpi_fields_from_kr,
    kpi_sentence,
    lens_report,
    okr_sentence,
    promoted_kr_fields,
    stretch_target,
    verdict,
)
from okrtui.domain.models import KPI, CheckIn, KeyResult, Objective
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.quarter import Quarter
from okrtui.domain.scoring import grade, kr_clamped
from okrtui.domain.views import view_quarter
from okrtui.domain.workspace import Workspace

Q = Quarter(2026, 4)
DAY = datetime(2026, 11, 30, tzinfo=timezone.utc).date()
AT = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)


@pytest.fixture
def report(demo_repo):
    return lens_report(view_quarter(demo_repo.load(), Q, DAY, AT))


def test_hand_computed_krs_on_the_demo(report):
    by_id = {k.kr.id: k for k in report.krs}
    # #1 new clients: 0 → 50 (萬元), now 31: 31/50 = 0.62, yellow; committed objective, so not yet a success.
    one = by_id[1]
    assert (round(one.score, 4), one.grade, one.line, one.verdict, one.as_kpi) == (0.62, "yellow", 1.0, "progress", "miss")
    # #5 social interactions: 0 → 2,000, now 1,450: 0.725, green, aspirational: a success as an OKR, a miss as a KPI.
    five = by_id[5]
    assert (round(five.score, 4), five.grade, five.line, five.verdict, five.as_kpi) == (0.725, "green", 0.7, "success", "miss")
    # #9 at least 90%, now 92: fully reached, the only hit.
    assert (by_id[9].score, by_id[9].verdict, by_id[9].as_kpi) == (1.0, "success", "hit")


def test_every_kr_agrees_with_the_domain_functions(demo_repo, report):
    ws = demo_repo.load()
    assert len(report.krs) == len(ws.krs_in(Q)) == 15
    view = view_quarter(ws, Q, DAY, AT)
    progress = {o.id: o.progress for o in view.objectives}
    for item in report.krs:
        if item.kr.id in (10, 11, 12):  # the company's KRs: measured by the objective aligned to each
            served = {10: 2, 11: 3, 12: 4}[item.kr.id]
            assert item.score == pytest.approx(progress[served]) and item.as_kpi == "miss"
            continue
        assert item.score == kr_clamped(item.kr)
        assert item.grade == grade(kr_clamped(item.kr))
        assert item.as_kpi == kr_as_kpi(item.kr)


def test_summaries_per_team_and_quarter(report):
    total = report.total
    # At their line: #5 0.725 and the aspirational company's #10 (業務's 0.7307) and 張志豪's #13 0.833
    # (line 0.7), and #9 at 1.0 (committed); the only hit is #9.
    assert (total.count, total.hits, total.misses, total.at_line) == (15, 1, 14, 4)
    teams_krs = [0.62, 0.75, 37 / 45, 5500 / 11500, 0.725, 0.46, 0.8, 0.0, 1.0]
    sales, marketing = sum(teams_krs[:3]) / 3, sum(teams_krs[3:6]) / 3
    company = [sales, marketing, 0.6]  # #10-12: the objectives aligned to them
    person = [75 / 90, 52 / 80, 12 / 25]
    scores = teams_krs + company + person
    assert total.average == pytest.approx(sum(scores) / 15) and round(total.average, 2) == 0.63
    teams = {t.team: t for t in report.teams}
    assert set(teams) == {"公司", "業務", "行銷", "客服"}
    assert teams["公司"].average == pytest.approx(sum(company) / 3)
    assert teams["客服"].average == pytest.approx(0.6) and teams["客服"].hits == 1
    assert okr_sentence(total) == "OKR lens: average 0.63 — a healthy stretch; 4 of 15 at their success line."
    assert kpi_sentence(total) == "KPI lens: 1 of 15 hit; the other 14 count as failures."


def test_verdict_bands():
    assert [verdict(s, 0.7) for s in (0.7, 0.69, 0.4, 0.39)] == ["success", "progress", "progress", "behind"]
    assert verdict(0.9, 1.0) == "progress" and verdict(1.0, 1.0) == "success"


def test_dropped_objectives_are_left_out():
    objective = Objective(id=1, quarter=str(Q), title="Grow", team="A", state="dropped")
    kr = KeyResult(id=1, objective_id=1, title="x", start=0, target=10, current=5)
    report = lens_report(view_quarter(Workspace(objectives=[objective], key_results=[kr]), Q, DAY, AT))
    assert report.krs == [] and report.total.count == 0
    assert okr_sentence(report.total) == "OKR lens: no key results to grade."


def kpi(**extra):
    data = {"id": 3, "name": "客訴率", "team": "客服", "unit": "%", "direction": "lower_is_better",
            "target": 3.0, "current": 3.2, **extra}
    return KPI(**data)


def test_stretch_proposals_go_beyond_reading_and_target():
    assert stretch_target(kpi()) == 2.1  # 30% below the better of 3.2 and 3
    assert stretch_target(kpi(direction="higher_is_better", target=120, current=124)) == 160
    assert stretch_target(kpi(current=None)) is None
    assert stretch_target(kpi(target=0, current=0)) is None


def test_a_promoted_kr_starts_at_the_reading():
    fields = promoted_kr_fields(kpi(), objective_id=4, title="客訴率降到2%", target=2.0)
    kr = build(KeyResult, fields)
    assert (kr.kind, kr.start, kr.target, kr.unit, kr.objective_id) == ("decrease", 3.2, 2.0, "%", 4)
    with pytest.raises(InvalidInput, match="no reading yet"):
        promoted_kr_fields(kpi(current=None), 4, "x", 2.0)


def test_a_kr_kept_as_a_kpi_watches_the_same_number():
    kr = KeyResult(id=8, objective_id=4, title="滿意度90%以上", kind="at_least", unit="%", start=82, target=90, current=87)
    made = build(KPI, kpi_fields_from_kr(kr, "客服", AT))
    assert (made.name, made.team, made.direction, made.target, made.current) == ("滿意度90%以上", "客服", "higher_is_better", 90, 87)
    assert [r.value for r in made.readings] == [87]
    milestone = KeyResult(id=9, objective_id=4, title="Launch", kind="milestone", target=1)
    with pytest.raises(InvalidInput, match="milestone"):
        kpi_fields_from_kr(milestone, "客服", AT)


def test_kpi_in_disguise_is_flagged_and_reaches_lint():
    objective = Objective(id=1, quarter=str(Q), title="Delight customers", team="CS")
    held = KeyResult(id=1, objective_id=1, title="Keep satisfaction above 90%", kind="at_least", unit="%",
                     start=92, target=90)
    climbing = KeyResult(id=2, objective_id=1, title="Satisfaction to 90%", kind="at_least", unit="%",
                         start=82, target=90, current=91)
    dipped = KeyResult(id=3, objective_id=1, title="Complaints at most 3%", kind="at_most", unit="%",
                       start=2, target=3, current=2.5)
    checkins = [CheckIn(id=1, kr_id=1, at=AT, value=93), CheckIn(id=2, kr_id=3, at=AT, value=3.5),
                CheckIn(id=3, kr_id=3, at=AT, value=2.5)]
    ws = Workspace(objectives=[objective], key_results=[held, climbing, dipped], checkins=checkins)
    [finding] = check_kpi_in_disguise(ws, held)
    assert finding.code == "kr-is-kpi" and finding.kr_id == 1 and "KPI" in finding.message
    assert check_kpi_in_disguise(ws, climbing) == []  # it had to move to get there: ambition
    assert check_kpi_in_disguise(ws, dipped) == []  # it slipped once: not merely held
    assert [f.kr_id for f in review_quarter(ws, Q) if f.code == "kr-is-kpi"] == [1]


def test_kpi_form_values_and_their_sentences():
    data = kpi_fields({"name": "NPS", "team": "客服", "unit": "", "direction": "higher_is_better",
                       "target": "50", "watch_band": "5%", "reading": "42"}, at=AT)
    assert (data["target"], data["watch_band"], data["current"]) == (50.0, 0.05, 42.0)
    with pytest.raises(InvalidInput) as error:
        kpi_fields({"name": "", "team": "T", "target": "lots", "watch_band": "150", "reading": "x"}, at=AT)
    problems = error.value.by_field
    assert set(problems) == {"name", "target", "watch_band", "reading"}
    assert problems["target"] == "target must be a number, not 'lots'"
    assert problems["watch_band"] == "watch band must be from 0 to 100 (%), not 150"
    assert parse_watch_band("") == 0.10 and parse_watch_band("12.5") == 0.125
    with pytest.raises(InvalidInput, match="type the KPI's new reading"):
        reading_value(" ")
