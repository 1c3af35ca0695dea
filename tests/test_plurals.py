"""Counts read as people write them (issue 17, item 16): "1 key result", "2 key results", in the
command line and in the app; zh-TW has one form and full-width punctuation in its prose."""

from __future__ import annotations

import pytest

from okrtui import i18n
from okrtui.cli.output import findings_text
from okrtui.domain.coach import Finding, check_kr_count, check_team_load
from okrtui.domain.lens import LensSummary, kpi_sentence
from okrtui.domain.models import KeyResult, Objective
from okrtui.storage.exchange import describe
from okrtui.storage.exchange_plan import Plan


def _plan(objectives: int, krs: int, checkins: int) -> Plan:
    plan = Plan()
    plan.objectives = [(i, Objective(id=i, quarter="2026-Q4", team="Ops", title=f"O {i}")) for i in range(objectives)]
    plan.key_results = [(0, KeyResult(id=i, objective_id=0, title=f"K {i}", target=10), 1.0 if i < checkins else None)
                        for i in range(krs)]
    return plan


def test_import_summary_says_one_and_many():
    assert describe(_plan(1, 1, 1), done=False)[0] == "Would create 1 objective, 1 key result, 1 check-in and 0 KPIs."
    assert describe(_plan(2, 3, 0), done=True)[0] == "Created 2 objectives, 3 key results, 0 check-ins and 0 KPIs."


def test_lint_summary_says_one_and_many():
    findings = [Finding("error", "x", "m", "objective 1"), Finding("warning", "y", "m", "objective 1"),
                Finding("warning", "y", "m", "objective 2")]
    assert findings_text(findings, "2026-Q4").splitlines()[-1] == "2026-Q4: 1 error, 2 warnings, 0 hints"


def test_coach_and_lens_say_one_and_many():
    objective = Objective(id=3, quarter="2026-Q4", team="Ops", title="Delight customers")
    assert check_kr_count(objective, 1)[0].message.startswith("1 key result; 3 to 5")
    assert check_kr_count(objective, 2)[0].message.startswith("2 key results; 3 to 5")
    assert check_team_load("Ops", "2026-Q4", 4)[0].message.startswith("4 objectives for one quarter")
    assert kpi_sentence(LensSummary(None, 3, 0.5, "yellow", 1, 2)) == "KPI lens: 2 of 3 hit; the other 1 counts as a failure."
    assert kpi_sentence(LensSummary(None, 3, 0.5, "yellow", 1, 1)) == "KPI lens: 1 of 3 hit; the other 2 count as failures."


def test_app_rows_say_one_and_many():
    from okrtui.ui.rows.shared import team_row

    assert team_row("Ops", 1, 40).plain.strip() == "Ops · 1 objective"
    assert team_row("Ops", 2, 40).plain.strip() == "Ops · 2 objectives"


@pytest.fixture
def chinese():
    i18n.set_language("zh-TW")
    yield
    i18n.set_language("en")


def test_zh_tw_has_one_form_and_full_width_punctuation(chinese):
    assert describe(_plan(1, 2, 1), done=False)[0] == "將建立 1 個目標、2 個關鍵成果、1 次檢核與 0 個 KPI。"
    findings = [Finding("error", "x", "m", "objective 1")]
    assert findings_text(findings, "2026-Q4").splitlines()[-1] == "2026年第4季：1 個錯誤、0 個警告、0 個提示"
