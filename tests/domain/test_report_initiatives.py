"""Reports carry the initiatives beside their KRs (issue 20), in Markdown, JSON and CSV, without
touching a score."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from tests.conftest import DEMO_NOW

from okrtui.domain.quarter import Quarter
from okrtui.present.report import build_report
from okrtui.present.report_formats import render
from okrtui.storage.repository import Repository

Q4, DAY = Quarter.parse("2026-Q4"), date(2026, 11, 30)


def test_markdown_lists_the_work_under_each_objective(demo_path):
    text = render(build_report(Repository(demo_path).load(), Q4, DAY, DEMO_NOW, team="業務"), "md")
    section = text.split("**Initiatives**")[1].split("**Latest notes**")[0].strip().splitlines()
    assert section == ["- #1 T1 ▶ doing  拜訪20家潛在企業客戶 (王小明, due W50)",
                       "- #1 T2 ✔ done  簡化報價審核流程 (王小明, due W49)",
                       "- #3 T3 ▶ doing  每週五下午整理CRM資料 (李佳蓉)"]


def test_json_and_csv_carry_them_and_the_scores_do_not_move(demo_path):
    repo = Repository(demo_path)
    before = json.loads(render(build_report(repo.load(), Q4, DAY, DEMO_NOW), "json"))
    krs = {k["id"]: k for t in before["teams"] for o in t["objectives"] for k in o["key_results"]}
    assert [(i["id"], i["status"], i["due"]) for i in krs[1]["initiatives"]] == [(1, "doing", "2026-W50"),
                                                                               (2, "done", "2026-W49")]
    rows = list(csv.DictReader(io.StringIO(render(build_report(repo.load(), Q4, DAY, DEMO_NOW), "csv").lstrip("\ufeff"))))
    by_kr = {r["kr_id"]: r for r in rows}
    assert by_kr["1"]["initiatives"] == "▶ doing 拜訪20家潛在企業客戶; ✔ done 簡化報價審核流程"
    assert by_kr["2"]["initiatives"] == ""
    # Ten more initiatives, all done: the work never counts in a score.
    for n in range(10):
        repo.add_initiative(2, f"Work {n}", status="done")
    after = json.loads(render(build_report(repo.load(), Q4, DAY, DEMO_NOW), "json"))
    assert after["company"] == before["company"]
    assert [t["score"] for t in after["teams"]] == [t["score"] for t in before["teams"]]
