"""Reports: the numbers are the domain's, in Markdown, CSV and JSON, open and closed."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timezone

import pytest

from okrtui.domain.grading import ClosingEntry
from okrtui.domain.quarter import Quarter
from okrtui.present.report import build_report
from okrtui.present.report_markdown import md
from okrtui.present.report_data import CSV_HEADER, report_dict
from okrtui.present.report_formats import render
from okrtui.domain.views import view_quarter
from okrtui.storage.closing import close_quarter

Q4 = Quarter(2026, 4)
DAY = date(2026, 11, 30)
NOW = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)


@pytest.fixture
def demo_ws(demo_repo):
    return demo_repo.load()


def test_json_numbers_are_the_views(demo_ws):
    view = view_quarter(demo_ws, Q4, DAY, NOW)
    data = json.loads(render(build_report(demo_ws, Q4, DAY, NOW), "json"))
    assert data["quarter"] == "2026-Q4" and data["closed"] is False
    objectives = {o["id"]: o for t in data["teams"] for o in t["objectives"]}
    assert set(objectives) == {o.id for o in view.objectives}
    for o in view.objectives:
        row = objectives[o.id]
        assert row["progress"] == pytest.approx(o.progress, abs=1e-6) and row["status"] == o.status
        for k, kr_row in zip(o.key_results, row["key_results"]):
            assert kr_row["id"] == k.id and kr_row["progress"] == pytest.approx(k.progress, abs=1e-6)
            assert kr_row["status"] == k.status and kr_row["confidence"] == k.kr.confidence
            assert kr_row["checkins"] == len(demo_ws.checkins_of(k.id))
            notes = [c.note for c in reversed(demo_ws.checkins_of(k.id)) if c.note][:3]
            assert [n["note"] for n in kr_row["latest_notes"]] == notes
    assert data["company"]["checkins"] == len(demo_ws.checkins)
    expected_company = sum(o.progress for o in view.objectives) / len(view.objectives)
    assert data["company"]["score"] == pytest.approx(expected_company, abs=1e-6)


def test_csv_opens_with_the_csv_module_one_row_per_kr(demo_ws):
    text = render(build_report(demo_ws, Q4, DAY, NOW), "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.encode("utf-8").decode("utf-8-sig"))))
    assert list(rows[0].keys()) == CSV_HEADER
    view = view_quarter(demo_ws, Q4, DAY, NOW)
    krs = {k.id: k for o in view.objectives for k in o.key_results}
    kr_rows = [r for r in rows if r["kr_id"]]
    assert len(kr_rows) == len(krs) == 15
    for r in kr_rows:
        k = krs[int(r["kr_id"])]
        assert r["kr"] == k.kr.title and float(r["kr_progress"]) == pytest.approx(k.progress, abs=1e-4)
        assert r["kr_status"] == k.status and float(r["current"]) == k.kr.current
    # Every objective of the demo has KRs now (the company's are measured by the objectives aligned
    # to them): no objective needs a row of its own.
    assert [r["objective"] for r in rows if not r["kr_id"]] == []
    assert {int(r["kr_id"]) for r in rows if r["objective"] == "成為客戶心中值得信賴的成長夥伴"} == {10, 11, 12}


def test_markdown_has_a_section_per_team_and_the_company(demo_ws):
    text = render(build_report(demo_ws, Q4, DAY, NOW), "md")
    sections = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert sections == ["Company", "公司", "客服", "業務", "行銷"]
    assert "### O3 提升品牌知名度,吸引更多潛在用戶" in text
    assert "| 4 | 網站月流量增長30%,達5萬次瀏覽 |" in text
    assert "需要新的內容策略" in text  # a latest note


def test_markdown_writes_status_words_and_symbols_not_colour_words(demo_ws):
    text = render(build_report(demo_ws, Q4, DAY, NOW), "md")
    # By hand: expected is 61 of 92 days = 66.3%; on track from 0.95 × that = 63.0%, at risk from 0.75 × = 49.7%.
    # 業務 has O2 at 73.07% and 張志豪's O5 at 65.44% (6 KRs, 27 + 11 check-ins): 69.26%, on track;
    # 行銷's one objective is at 55% (at risk). The company's average of its five objectives
    # (62.84, 73.07, 55.44, 60, 65.44) is 63.36%, just over 63.0%: on track.
    assert "| 業務 | 2 | 6 | 69% ● on track | 38 |" in text
    assert "| 行銷 | 1 | 3 | 55% ▲ at risk | 25 |" in text
    assert "| **Company** | 5 | 15 | 63% ● on track | 86 |" in text
    assert "林美玲 · aspirational · progress 55% · ▲ at risk" in text
    for colour in ("green", "yellow", "red"):
        assert f"({colour})" not in text


def test_markdown_keeps_user_text_literal():
    assert md("a|b *c* [x](y) <b>") == "a\\|b \\*c\\* \\[x\\](y) \\<b\\>"
    assert md("two\nlines") == "two<br>lines"


def test_one_team(demo_ws):
    data = report_dict(build_report(demo_ws, Q4, DAY, NOW, team="行銷"))
    assert [t["team"] for t in data["teams"]] == ["行銷"]


def test_closed_quarter_reports_final_grades_decisions_and_retrospectives(demo_repo):
    ws = demo_repo.load()
    entries = [ClosingEntry(o.id, "achieved", retrospective=f"retro {o.id}", shortfall_reason="late")
               for o in ws.objectives]
    entries[1] = ClosingEntry(entries[1].objective_id, "carry_forward", score=0.5, score_reason="adjusted",
                              retrospective="retro", shortfall_reason="late")
    close_quarter(demo_repo, "2026-Q4", entries)
    closed_ws = demo_repo.load(with_archive=True)
    report = build_report(closed_ws, Q4, DAY, NOW)
    assert report.closed
    data = report_dict(report)
    objectives = {o["id"]: o for t in data["teams"] for o in t["objectives"]}
    for o in closed_ws.objectives_in(Q4):
        assert objectives[o.id]["score"] == o.final_score and objectives[o.id]["status"] == "closed"
        assert objectives[o.id]["retrospective"] == o.retrospective
    assert objectives[entries[1].objective_id]["decision"] == "carry_forward"
    text = render(report, "md")
    assert "final grade 0.50" in text and "Proposed" in text and "adjusted" in text and "> retro" in text
    assert "(yellow)" not in text and "(green)" not in text and "(red)" not in text
