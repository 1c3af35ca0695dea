"""Issue 17 item 26: the coach's activity check in Chinese, as careful as in English.

Every KR of the guide (the demo's nine) and of METHOD.md is here, with activities and outcomes of
our own. Expected: `kr-activity` (the KR describes work done), `kr-partly-activity` (an activity
beside the measured outcome it brings: fine, and the finding says why) or None (an outcome).
"""

from __future__ import annotations

import pytest

from okrtui.domain.coach import activity_message, check_key_result
from okrtui.domain.models import KeyResult

ACTIVITY, PARTLY, OUTCOME = "kr-activity", "kr-partly-activity", None

TABLE = [
    # activities
    ("完成2場線上直播活動", ACTIVITY),  # the demo's, on its own (the example)
    ("上線新監控系統", ACTIVITY),  # the example
    ("舉辦3場產品發表會", ACTIVITY),
    ("推出2項新功能", ACTIVITY),
    ("建立客戶成功團隊", ACTIVITY),
    ("導入新版CRM系統", ACTIVITY),
    ("發布4篇產業白皮書", ACTIVITY),
    ("執行10次A/B測試", ACTIVITY),
    ("發10篇社群貼文", ACTIVITY),  # METHOD.md: "not 'publish 10 social posts'"
    ("每月召開1次客戶座談會", ACTIVITY),
    ("業務團隊完成80%的CRM系統資料更新,提升客戶追蹤效率", ACTIVITY),  # guide (業務): the number is on the work
    # an activity beside the outcome it brings
    ("完成2場線上直播活動,且參與人數達500人", PARTLY),  # guide (行銷)
    ("在新市場完成3場產品展示會,並吸引200名潛在客戶", PARTLY),  # guide (業務)
    ("導入CRM系統並使業務使用率達90%", PARTLY),
    # outcomes
    ("參與人數達500人", OUTCOME),  # the example
    ("新簽約10家企業客戶,達成50萬營收", OUTCOME),  # guide (業務)
    ("網站月流量增長30%,達5萬次瀏覽", OUTCOME),  # guide (行銷)
    ("社群媒體互動數(按讚數、分享、留言)增加2,000次", OUTCOME),  # guide (行銷)
    ("平均客服回應時間縮短至1小時以內", OUTCOME),  # guide (客服)
    ("客戶滿意度評分達90%以上", OUTCOME),  # guide (客服)
    ("每月解決90%的客戶問題,降低客訴率10%", OUTCOME),  # guide (客服)
    ("網站流量增加30%", OUTCOME),  # METHOD.md
    ("社群粉絲增加5,000人", OUTCOME),  # METHOD.md: followers +5,000
    ("新產品上線後月活躍用戶達1萬人", OUTCOME),  # an activity word as context of an outcome
    ("專案準時完成率達95%", OUTCOME),  # 完成 inside a rate
    ("發展中市場營收成長20%", OUTCOME),  # 發 not before a count
]


def test_the_table_has_ten_activities_and_ten_outcomes():
    assert sum(1 for _t, e in TABLE if e == ACTIVITY) >= 10 and sum(1 for _t, e in TABLE if e is None) >= 10


@pytest.mark.parametrize(("title", "expected"), TABLE)
def test_chinese_activity_words(title, expected):
    found = activity_message(title)
    assert (found[0] if found else None) == expected
    codes = {f.code for f in check_key_result(KeyResult(id=1, objective_id=1, title=title, start=0, target=10, unit="次"))}
    assert codes & {ACTIVITY, PARTLY} == ({expected} if expected else set())


def test_a_partial_activity_says_why_it_is_fine():
    _code, message = activity_message("完成2場線上直播活動,且參與人數達500人")
    assert "'完成2場線上直播活動' is an activity" in message and "'參與人數達500人' counts what it brings" in message


def test_an_activity_carrying_the_number_says_to_measure_the_outcome():
    _code, message = activity_message("業務團隊完成80%的CRM系統資料更新,提升客戶追蹤效率")
    assert "'業務團隊完成80%的CRM系統資料更新' is an activity and carries the number" in message
    assert "'提升客戶追蹤效率' is the outcome" in message
