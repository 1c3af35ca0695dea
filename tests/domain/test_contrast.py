"""The guide's OKR-vs-KPI table as data: six rows, the original zh-TW wording, and English."""

import pytest

from okrtui.domain.contrast import contrast_rows, faq_points
from okrtui.i18n import set_language

# The guide's own words, as the comparison issue quotes them.
ORIGINAL = {
    "definition": ("定義", "結合質化目標與量化關鍵成果,強調方向與成果", "衡量特定績效的量化指標,用於追蹤業務表現"),
    "direction": ("執行方向", "由下往上,由團隊與個人共同參與設定", "由上對下,通常由管理層制定並分配"),
    "purpose": ("執行目的", "激勵團隊追求挑戰性目標,推動創新與成長,強調長期影響力", "監控與評估現有流程的表現,確保業務穩定與效率"),
    "flexibility": ("靈活度", "較高,允許根據市場或策略調整目標", "較低,指標通常固定"),
    "evaluation": ("評估方式", "以達成率評估,注重進步與學習,而非全數達成", "以是否達成預設數值評估,達成即成功,未達成即失敗"),
    "fits": ("適用情境", "快速成長或創新導向的企業,如科技公司或新創", "穩定業務或傳統產業,如製造業或零售業"),
}


def test_six_rows_in_the_guides_order_with_its_wording():
    rows = contrast_rows()
    assert [r.key for r in rows] == list(ORIGINAL)
    for row in rows:
        assert (row.aspect.original, row.okr.original, row.kpi.original) == ORIGINAL[row.key]


def test_english_says_the_same_points():
    by_key = {r.key: r for r in contrast_rows()}
    assert by_key["evaluation"].okr.english.startswith("Graded by achievement rate")
    assert "success" in by_key["evaluation"].kpi.english and "failure" in by_key["evaluation"].kpi.english
    assert "Bottom-up" in by_key["direction"].okr.english and "Top-down" in by_key["direction"].kpi.english
    for row in by_key.values():
        for wording in (row.aspect, row.okr, row.kpi):
            assert wording.english and wording.english.isascii()


@pytest.mark.parametrize("language, shown, other", [("en", "Evaluation", "評估方式"), ("zh-TW", "評估方式", "Evaluation")])
def test_shown_in_the_ui_language_with_the_other_wording_at_hand(language, shown, other):
    try:
        set_language(language)
        aspect = next(r.aspect for r in contrast_rows() if r.key == "evaluation")
        assert (aspect.shown(), aspect.other()) == (shown, other)
    finally:
        set_language("en")


def test_faq_points_on_reviews_and_coverage():
    reviews, coverage = faq_points()
    assert "performance reviews" in reviews.english and "績效考核" in reviews.original
    assert "do not cover it" in coverage.english and "涵蓋" in coverage.original
