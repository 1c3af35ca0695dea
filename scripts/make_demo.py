"""Regenerate demo.json: the guide's three example OKRs, with weekly history and KPIs.

Run `python scripts/make_demo.py` from the repository root. The data is fixed
in 2026-Q4 with history ending 2026-11-30; `okrtui demo` moves it in time.
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from okrtui.domain.clock import FixedClock  # noqa: E402
from okrtui.storage.repository import Repository  # noqa: E402

END = datetime(2026, 11, 30, 9, 30, tzinfo=timezone.utc)
WEEKS = 9  # weekly check-ins from 2026-10-05 to 2026-11-30


def week(n: int, hour_shift: int = 0) -> datetime:
    """Monday of week n (1 = first check-in, WEEKS = the last)."""
    return END - timedelta(weeks=WEEKS - n) + timedelta(hours=hour_shift)


# (title, kind, unit, start, target, owner, [(week, value, confidence, note), ...])
SALES = [
    ("新簽約10家企業客戶,達成50萬營收", "increase", "萬元", 0, 50, "王小明", [
        (1, 0, 6, "鎖定三個新市場產業"), (2, 3, 6, "第一家簽約"), (3, 6, 6, ""), (4, 10, 5, "兩家客戶延後決策"),
        (5, 14, 5, ""), (6, 19, 6, "新增兩家簽約"), (7, 22, 5, "報價審核卡關"), (8, 27, 5, ""), (9, 31, 6, "第六家簽約,累計31萬"),
    ]),
    ("在新市場完成3場產品展示會,並吸引200名潛在客戶", "increase", "名潛在客戶", 0, 200, "張志豪", [
        (1, 0, 7, "場地已預訂"), (2, 10, 7, ""), (3, 45, 8, "第一場展示會:35名"), (4, 52, 7, ""), (5, 60, 7, ""),
        (6, 112, 8, "第二場展示會:52名"), (7, 120, 8, ""), (8, 138, 8, ""), (9, 150, 8, "第三場報名已達40人"),
    ]),
    ("業務團隊完成80%的CRM系統資料更新,提升客戶追蹤效率", "increase", "%", 35, 80, "李佳蓉", [
        (1, 38, 6, "盤點欄位"), (2, 43, 6, ""), (3, 49, 7, ""), (4, 53, 7, "每週五下午整理"), (5, 58, 7, ""),
        (6, 62, 7, ""), (7, 66, 8, ""), (8, 69, 8, ""), (9, 72, 8, "剩下舊客戶資料"),
    ]),
]
MARKETING = [
    ("網站月流量增長30%,達5萬次瀏覽", "increase", "次瀏覽/月", 38500, 50000, "林美玲", [
        (1, 38500, 6, "基準:38,500"), (2, 39200, 6, ""), (3, 40100, 5, "SEO改版延後"), (4, 40600, 5, ""),
        (5, 41500, 5, ""), (6, 42200, 4, "廣告預算縮減"), (7, 42900, 4, ""), (8, 43400, 4, ""), (9, 44000, 4, "需要新的內容策略"),
    ]),
    ("社群媒體互動數(按讚數、分享、留言)增加2,000次", "increase", "次互動", 0, 2000, "黃思涵", [
        (1, 120, 7, ""), (2, 310, 7, "抽獎活動"), (3, 450, 7, ""), (4, 620, 7, ""), (5, 800, 7, ""),
        (6, 950, 6, ""), (7, 1150, 7, "短影音反應好"), (8, 1300, 7, ""), (9, 1450, 7, ""),
    ]),
    ("完成2場線上直播活動,且參與人數達500人", "increase", "人", 0, 500, "林美玲", [
        (1, 0, 6, "講者邀約中"), (2, 0, 5, ""), (3, 0, 5, ""), (4, 0, 4, "講者改期"),
        (5, 0, 4, ""), (6, 230, 5, "第一場直播:230人"), (7, 230, 4, "第二場尚未定案"),
    ]),
]
SERVICE = [
    ("平均客服回應時間縮短至1小時以內", "decrease", "小時", 4, 1, "陳大同", [
        (1, 3.8, 6, ""), (2, 3.5, 6, "新增夜班"), (3, 3.1, 6, ""), (4, 2.8, 7, ""), (5, 2.5, 7, "導入自動分派"),
        (6, 2.2, 7, ""), (7, 1.9, 7, ""), (8, 1.7, 8, ""), (9, 1.6, 8, "常見問題範本上線"),
    ]),
    ("客戶滿意度評分達90%以上", "at_least", "%", 82, 90, "吳淑芬", [
        (1, 82, 5, "季初調查"), (3, 84, 5, ""), (5, 85, 5, "等待回應時間改善"), (7, 86, 5, ""), (9, 87, 5, "每兩週調查一次"),
    ]),
    ("每月解決90%的客戶問題,降低客訴率10%", "at_least", "%", 90, 90, "陳大同", [
        (1, 86, 5, ""), (2, 87, 5, ""), (3, 88, 6, ""), (4, 89, 6, ""), (5, 89, 6, ""),
        (6, 90, 7, "首次達標"), (7, 91, 8, ""), (8, 91, 8, ""), (9, 92, 8, "客訴率下降12%"),
    ]),
]
# The first reading of a threshold KR is its starting level; 90 of 90 means the bar is the target itself.

# The work planned under some KRs (schema 8): (KR number in the order above, title, owner, status,
# due week, when its status last changed). #4 is off track with nothing doing: the coach says so.
INITIATIVES = [
    (1, "拜訪20家潛在企業客戶", "王小明", "doing", "2026-W50", week(6)),
    (1, "簡化報價審核流程", "王小明", "done", "2026-W49", week(9, hour_shift=-1)),
    (3, "每週五下午整理CRM資料", "李佳蓉", "doing", None, week(4)),
    (4, "改寫產品頁的SEO內容", "林美玲", "todo", "2026-W50", None),
    (6, "邀請第二場直播講者", "林美玲", "doing", "2026-W49", week(7)),
    (7, "常見問題範本上線", "陳大同", "done", "2026-W48", week(8)),
    (8, "每兩週一次客戶滿意度調查", "吳淑芬", "doing", None, week(5)),
]
# The company's KRs (the cascade): title, unit, start, target, owner; served by 業務, 行銷, 客服 in turn.
COMPANY_KRS = [
    ("年度營收成長20%", "%", 0, 20, "周執行長"),
    ("品牌在目標客群的認知度提升至40%", "%", 25, 40, "周執行長"),
    ("客戶淨推薦值(NPS)達到50", "分", 30, 50, "周執行長"),
]
# A person's objective (level person): title, owner, the team KR it serves (#2, the product shows),
# and its KRs with their history.
PERSON = ("成為新市場客戶信任的產品顧問", "張志豪", 2, [
    ("展示會後一週內回訪率達90%", "increase", "%", 0, 90, [
        (3, 40, 6, "第一場展示會後回訪"), (5, 55, 6, ""), (7, 70, 7, "第二場後全數回訪"), (9, 75, 7, ""),
    ]),
    ("個人帶來的潛在客戶達80名", "increase", "名", 0, 80, [
        (3, 12, 7, ""), (5, 20, 7, ""), (7, 38, 7, "第二場展示會"), (9, 52, 8, ""),
    ]),
    ("潛在客戶轉為報價的比例達25%", "increase", "%", 0, 25, [
        (5, 5, 5, "第一份報價"), (7, 10, 5, ""), (9, 12, 5, "兩家在評估"),
    ]),
])

KPIS = [
    ("月營收", "業務", "萬元", "higher_is_better", 120, [(1, 98), (5, 112), (9, 124)]),
    ("新客戶數", "業務", "家/月", "higher_is_better", 4, [(1, 2), (5, 3), (9, 3)]),
    ("網站跳出率", "行銷", "%", "lower_is_better", 45, [(1, 55), (5, 53), (9, 52)]),
    ("客訴率", "客服", "%", "lower_is_better", 3, [(1, 3.6), (5, 3.4), (9, 3.2)]),
    ("平均回應時間", "客服", "小時", "lower_is_better", 2, [(1, 3.8), (5, 2.5), (9, 1.6)]),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.json"
        repo = Repository(path, clock=FixedClock(END))
        company = repo.add_objective(
            quarter="2026-Q4", title="成為客戶心中值得信賴的成長夥伴", team="公司", owner="周執行長",
            description="公司層級目標:每個關鍵成果由一個團隊的目標承接。", commitment="aspirational",
            level="company",
        )
        team_objectives = []
        teams = [
            ("業務", "拓展新市場,提升公司收入來源", "王小明", "committed", SALES),
            ("行銷", "提升品牌知名度,吸引更多潛在用戶", "林美玲", "aspirational", MARKETING),
            ("客服", "打造卓越的客戶服務體驗", "陳大同", "committed", SERVICE),
        ]
        for team, title, owner, commitment, krs in teams:
            objective = repo.add_objective(
                quarter="2026-Q4", title=title, team=team, owner=owner, parent_id=company.id, commitment=commitment,
            )
            team_objectives.append(objective.id)
            for kr_title, kind, unit, start, target, kr_owner, history in krs:
                if kind in ("at_least", "at_most"):
                    start = history[0][1]
                kr = repo.add_key_result(
                    objective.id, title=kr_title, kind=kind, unit=unit, start=start, target=target, owner=kr_owner,
                )
                for n, value, confidence, note in history:
                    repo.record_checkin(kr.id, value, confidence=confidence, note=note, author=kr_owner, at=week(n))
        # The cascade (schema 8): the company's KRs, each served by one team's objective, so that the
        # company's progress is the mean of what the teams measure. They come after the teams' KRs, so
        # those keep their ids 1-9; their own check-ins are none: the aligned objectives measure them.
        company_krs = []
        for kr_title, unit, start, target, owner in COMPANY_KRS:
            company_krs.append(repo.add_key_result(company.id, title=kr_title, kind="increase", unit=unit,
                                                   start=start, target=target, owner=owner))
        for objective_id, kr in zip(team_objectives, company_krs):
            repo.update_objective(objective_id, parent_id=None, parent_kr_id=kr.id)
        # One person's objective, aligned to the team KR it serves (which keeps its own check-ins).
        person = repo.add_objective(
            quarter="2026-Q4", title=PERSON[0], team="業務", owner=PERSON[1], level="person",
            parent_kr_id=PERSON[2], commitment="aspirational",
        )
        for kr_title, kind, unit, start, target, history in PERSON[3]:
            kr = repo.add_key_result(person.id, title=kr_title, kind=kind, unit=unit, start=start, target=target,
                                     owner=PERSON[1])
            for n, value, confidence, note in history:
                repo.record_checkin(kr.id, value, confidence=confidence, note=note, author=PERSON[1],
                                  at=week(n, hour_shift=-3))
        kpi_ids = {}
        for name, team, unit, direction, target, readings in KPIS:
            kpi = repo.add_kpi(name=name, team=team, unit=unit, direction=direction, target=target)
            kpi_ids[name] = kpi.id
            for n, value in readings:
                repo.record_kpi_reading(kpi.id, value, at=week(n, hour_shift=-1))
        # Schema 8: 客服's response-time KR is fed by the KPI that measures it, from now on (linked
        # after the history, so the past weeks are not checked in twice).
        repo.update_key_result(7, source_kpi_id=kpi_ids["平均回應時間"])
        # Team settings (schema 5): each team's lead gets its reminder summary; all check in weekly.
        repo.set_team_settings("公司", lead="周執行長")
        for team, _title, owner, _commitment, _krs in teams:
            repo.set_team_settings(team, lead=owner)
        kr_ids = [kr.id for kr in repo.load().key_results]
        for number, title, owner, status, due, status_at in INITIATIVES:
            repo.clock = FixedClock(status_at or END)  # the status's moment, which the standup counts
            repo.add_initiative(kr_ids[number - 1], title, owner=owner, status=status, due=due)
        data = json.loads(path.read_text(encoding="utf-8"))
    # The demo starts with an empty log and no comments, in Taipei's calendar; every copy gets a
    # database id of its own when it is installed (storage/demo.redate).
    # (The log is a file of its own since schema 11: the demo ships none.)
    data["comments"] = {}
    meta = data["meta"]["1"]
    meta.update({"revision": 0, "timezone": "Asia/Taipei", "database_id": None, "log_size": 0})
    order = ("meta", "objectives", "key_results", "checkins", "kpis", "comments", "teams", "initiatives")
    data = {name: data[name] for name in order}
    (ROOT / "demo.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("wrote", ROOT / "demo.json")


if __name__ == "__main__":
    main()
