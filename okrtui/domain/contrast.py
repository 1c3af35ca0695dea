"""OKR versus KPI, point by point: the guide's six-row table and its two FAQ points, as data.

One source for the comparison screen and any command that prints it. Each text
carries the guide's original zh-TW wording and an English rendering; the English
goes through `_()` when it is read (not at import), so the UI language chosen
at start-up applies. In a zh-TW interface the original wording itself is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from okrtui.i18n import _, current_language, source_of


@dataclass(frozen=True)
class Wording:
    original: str  # zh-TW, as the guide says it
    english: str  # already passed through _()

    def shown(self, language: str | None = None) -> str:
        """The text in the UI language: the guide's own words in zh-TW, else the translation."""
        return self.original if (language or current_language()) == "zh-TW" else self.english

    def other(self, language: str | None = None) -> str:
        """The other wording, for the bilingual view (`o` in the comparison mode)."""
        return source_of(self.english) if (language or current_language()) == "zh-TW" else self.original


@dataclass(frozen=True)
class ContrastRow:
    key: str  # stable name for tests and JSON
    aspect: Wording
    okr: Wording
    kpi: Wording


def contrast_rows() -> list[ContrastRow]:
    """The six rows: definition, direction, purpose, flexibility, evaluation, where each fits."""
    return [
        ContrastRow(
            "definition",
            Wording("定義", _("Definition")),
            Wording("結合質化目標與量化關鍵成果,強調方向與成果",
                    _("A qualitative objective combined with quantitative key results; "
                      "it stresses direction and outcomes")),
            Wording("衡量特定績效的量化指標,用於追蹤業務表現",
                    _("Quantitative indicators that measure specific performance, "
                      "used to track how the business is doing")),
        ),
        ContrastRow(
            "direction",
            Wording("執行方向", _("Direction")),
            Wording("由下往上,由團隊與個人共同參與設定",
                    _("Bottom-up: set together with teams and individuals, aligned to the company vision")),
            Wording("由上對下,通常由管理層制定並分配",
                    _("Top-down: usually set and assigned by management; directive")),
        ),
        ContrastRow(
            "purpose",
            Wording("執行目的", _("Purpose")),
            Wording("激勵團隊追求挑戰性目標,推動創新與成長,強調長期影響力",
                    _("Motivate the team to pursue stretch goals, drive innovation and growth; "
                      "long-term impact")),
            Wording("監控與評估現有流程的表現,確保業務穩定與效率",
                    _("Monitor and evaluate how existing processes perform; keep the business "
                      "stable and efficient; short-term results")),
        ),
        ContrastRow(
            "flexibility",
            Wording("靈活度", _("Flexibility")),
            Wording("較高,允許根據市場或策略調整目標",
                    _("Higher: targets may be adjusted as the market or strategy changes; "
                      "trial and error is welcome")),
            Wording("較低,指標通常固定",
                    _("Lower: indicators are usually fixed, against preset standards")),
        ),
        ContrastRow(
            "evaluation",
            Wording("評估方式", _("Evaluation")),
            Wording("以達成率評估,注重進步與學習,而非全數達成",
                    _("Graded by achievement rate; progress and learning matter, not reaching 100%")),
            Wording("以是否達成預設數值評估,達成即成功,未達成即失敗",
                    _("Judged by whether the preset number is reached: reached is success, "
                      "missed is failure")),
        ),
        ContrastRow(
            "fits",
            Wording("適用情境", _("Where it fits")),
            Wording("快速成長或創新導向的企業,如科技公司或新創",
                    _("Fast-growing or innovation-driven organisations, such as tech companies "
                      "and start-ups")),
            Wording("穩定業務或傳統產業,如製造業或零售業",
                    _("Stable operations or traditional industries, such as manufacturing or retail")),
        ),
    ]


def faq_points() -> list[Wording]:
    """The guide's two FAQ points that bear on OKR versus KPI (zh-TW in the guide's terms)."""
    return [
        Wording("OKR不宜直接與績效考核掛鉤,否則大家會設定保守的低目標,OKR也會流於形式。",
                _("Do not tie OKRs directly to performance reviews: people then set low targets "
                  "and the OKRs become a formality.")),
        Wording("若所有KR都達成了,目標卻沒有達成,代表KR與目標的關聯不夠緊密或未能涵蓋目標;應定期檢視KR。",
                _("If every key result is met but the objective is not, the key results are not tied "
                  "closely enough to the objective or do not cover it; review them regularly.")),
    ]

