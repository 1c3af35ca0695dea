"""The forecast in reports, Markdown's text charts and the HTML page (escaping, one chart per team)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone

import pytest

from okrtui.domain.forecast import kr_projection
from okrtui.domain.forecast_whole import objective_projection
from okrtui.domain.grading import ClosingEntry
from okrtui.domain.models import CheckIn, KeyResult, Meta, Objective
from okrtui.domain.quarter import Quarter
from okrtui.present.report import build_report
from okrtui.present.report_formats import render
from okrtui.domain.series_team import Line, WholeChart, team_chart
from okrtui.domain.workspace import Workspace
from okrtui.present.report_textchart import text_chart
from okrtui.storage.closing import close_quarter

Q4 = Quarter(2026, 4)
DAY = date(2026, 11, 30)
NOW = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)


@pytest.fixture
def demo_ws(demo_repo):
    return demo_repo.load()


def test_json_carries_each_forecast(demo_ws):
    data = json.loads(render(build_report(demo_ws, Q4, DAY, NOW), "json"))
    kr4 = next(k for t in data["teams"] for o in t["objectives"] for k in o["key_results"] if k["id"] == 4)
    expected = kr_projection(demo_ws.key_result(4), demo_ws.checkins_of(4), Q4.end, DAY)
    assert kr4["forecast"] == {"by": "2026-12-31", "grade": pytest.approx(expected.score, abs=1e-6),
                               "value": pytest.approx(expected.forecast.value, abs=1e-6)}
    o3 = next(o for t in data["teams"] for o in t["objectives"] if o["id"] == 3)
    assert o3["forecast"]["grade"] == pytest.approx(objective_projection(demo_ws, demo_ws.objective(3), Q4, DAY).score)
    marketing = next(t for t in data["teams"] if t["team"] == "行銷")
    assert marketing["forecast"]["grade"] == pytest.approx(team_chart(demo_ws, Q4, "行銷", DAY).projection.score)
    assert data["company"]["forecast"]["by"] == "2026-12-31"


def test_a_closed_quarter_forecasts_nothing(demo_repo):
    ws = demo_repo.load()
    close_quarter(demo_repo, "2026-Q4", [ClosingEntry(o.id, "achieved", retrospective="r", shortfall_reason="late")
                                         for o in ws.objectives])
    data = json.loads(render(build_report(demo_repo.load(with_archive=True), Q4, DAY, NOW), "json"))
    assert data["company"]["forecast"] is None
    assert all(t["forecast"] is None for t in data["teams"])
    assert all(o["forecast"] is None and all(k["forecast"] is None for k in o["key_results"])
               for t in data["teams"] for o in t["objectives"])
    text = render(build_report(demo_repo.load(with_archive=True), Q4, DAY, NOW), "md")
    assert "on this trend" not in text and "On this trend" not in text


def test_markdown_says_where_each_is_heading_and_embeds_a_text_chart_on_request(demo_ws):
    report = build_report(demo_ws, Q4, DAY, NOW)
    plain = render(report, "md")
    o3 = objective_projection(demo_ws, demo_ws.objective(3), Q4, DAY)
    assert f"▲ at risk · on this trend: {o3.score:.2f} by 12-31" in plain
    assert "| # | Key result | Values | Progress | Status | Confidence | Check-ins | Owner | On this trend |" in plain
    kr4 = kr_projection(demo_ws.key_result(4), demo_ws.checkins_of(4), Q4.end, DAY)
    assert re.search(rf"^\| 4 \| 網站月流量.* \| {kr4.score:.2f} \|$", plain, re.M)
    assert "```" not in plain
    charted = render(report, "md", charts=True)
    blocks = re.findall(r"^## ([^\n]+)\n\n(?:on this trend[^\n]*\n\n)?```text\n(.*?)\n```", charted, re.M | re.S)
    assert [team for team, _chart in blocks] == ["公司", "客服", "業務", "行銷"]  # one chart per team
    assert "* O3 提升品牌知名度,吸引更多潛在用戶" in dict(blocks)["行銷"]


def test_the_text_chart_puts_each_point_where_it_belongs():
    # Q4: 91 days, 61 columns; day 45.5 is column 30; 50% is row 5 of 11 (100% row 0).
    chart = WholeChart(Q4, "A", [Line("O1", "one", [(0.0, 0.0), (45.5, 0.5)])], [(0.0, 0.0), (45.5, 0.5)],
                       today=45.5, last_day=91)
    lines = text_chart(chart)
    grid = [line[6:] for line in lines[:11]]  # after "100% +"
    assert lines[5].startswith(" 50% +") and lines[10].startswith("  0% +")
    assert grid[5][30] == "*" and grid[10][0] == "*"  # the line over the pace and today's column
    assert grid[0][60] == "." and grid[3][30] == "|"  # the pace reaches 100% on the last day; today
    assert all(len(line) <= 6 + 61 for line in lines[:11])  # ASCII: one character, one column
    assert "* O1 one" in lines and lines[-1].startswith(". expected pace")


def hostile_ws() -> Workspace:
    team = "<script>alert(1)</script>"
    objectives = [Objective(id=1, quarter="2026-Q4", title='"><img src=x onerror=alert(2)>', team=team,
                            owner="a&b"),
                  Objective(id=2, quarter="2026-Q4", title="plain", team="B & C")]
    krs = [KeyResult(id=1, objective_id=1, title="</svg><script>x</script>", start=0, target=10, unit="<u>"),
           KeyResult(id=2, objective_id=2, title="k", start=0, target=10)]
    checkins = [CheckIn(id=i, kr_id=kr, at=datetime(2026, 10, d, tzinfo=timezone.utc), value=v)
                for i, (kr, d, v) in enumerate([(1, 2, 1), (1, 9, 2), (2, 3, 1)], start=1)]
    return Workspace(objectives, krs, checkins, [], Meta(timezone="UTC"))


def test_the_html_page_escapes_every_name_and_loads_nothing():
    page = render(build_report(hostile_ws(), Q4, DAY, NOW), "html")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page and "<img" not in page and "</svg><script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&quot;&gt;&lt;img src=x" in page
    assert "B &amp; C" in page and "a&amp;b" in page
    # Nothing to load: no script, source, link, import or url(); only the SVG namespace names a site.
    for word in ("src=", "href=", "@import", "url(", "<link", "<iframe", "<object"):
        assert word not in page.replace("&lt;img src=x", ""), word
    assert set(re.findall(r"https?://[^\"' ]+", page)) == {"http://www.w3.org/2000/svg"}
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert page.count('class="chart team-chart"') == 2 and page.count('class="chart company-chart"') == 1
