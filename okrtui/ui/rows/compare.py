"""Rows of the comparison mode as rich Text: a KR under both lenses, a KPI with its trend.

Laid out by terminal cells (okrtui.present.text), so CJK names line up with the numbers.
Colours follow the grade bands, and every coloured cell also carries a word or
symbol. All numbers and verdicts come from domain (lens, kpi); nothing is scored here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from rich.text import Text

from okrtui.domain.kpi import kpi_status_label, kpi_status_symbol
from okrtui.domain.lens import KRLens, LensSummary, verdict_label, verdict_symbol
from okrtui.domain.models import KeyResult
from okrtui.domain.views import KPIView
from okrtui.domain.numbers import format_with_unit
from okrtui.present.formatting import title_marks
from okrtui.present.formatting import BAR, NARROW_BAR, direction_arrow
from okrtui.i18n import _
from okrtui.domain.text_rules import cell_width
from okrtui.present.text import pad
from okrtui.ui.themes import ThemedStyles, themed
from okrtui.ui.rows.shared import GRADE_STYLE, aligned_line, grade_bar
from okrtui.ui.rows.shared import view_values

VALUES_MAX = 28  # a values column wider than this is cut ("44,000 → 50,000 次瀏覽/…")
VERDICT = 11  # "◐ progress"
KPI_WORD = 9  # "▲ watch"
VALUE = 13
SPARK = 8
WIDE = 110

KPI_STYLE = ThemedStyles({"hit": "bold $okr-good", "watch": "$okr-warning", "miss": "bold $okr-bad", "no_data": "dim"})
VERDICT_STYLE = ThemedStyles({"success": "bold $okr-good", "progress": "$okr-warning", "behind": "bold $okr-bad"})
SPARK_CHARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float], width: int = SPARK) -> str:
    """The last `width` readings as block heights between their own minimum and maximum."""
    values = values[-width:]
    if not values:
        return "·"
    low, high = min(values), max(values)
    # Halves: the differences of any two finite floats stay finite (and two subnormals may halve
    # to the same number: then the line is flat too).
    span = high / 2 - low / 2
    if span == 0:
        return SPARK_CHARS[3] * len(values)
    top = len(SPARK_CHARS) - 1
    return "".join(SPARK_CHARS[round((v / 2 - low / 2) / span * top)] for v in values)


def kpi_cell(status: str) -> Text:
    return Text(pad(f"{kpi_status_symbol(status)} {kpi_status_label(status)}", KPI_WORD), style=KPI_STYLE.get(status, ""))


@dataclass(frozen=True)
class LensColumns:
    """The widths of the KR rows' columns, measured from what is shown (in cells)."""

    values: int = 0  # 0: no values and aim columns (below WIDE)
    aim: int = 0
    bar: int = BAR


def _aim(line: float) -> str:
    return _("aim {line}").format(line=f"{line:.1f}")


def lens_columns(items: list[KRLens], width: int) -> LensColumns:
    """From WIDE columns the values and the aim join in, each as wide as its widest cell (the aim's
    label is as long as its language makes it: "目標線 1.0"); if the titles would then be cut,
    the bar gives way to a short one before a title does."""
    if width < WIDE or not items:
        return LensColumns()
    values = min(max(cell_width(view_values(i)) for i in items), VALUES_MAX)
    aim = max(cell_width(_aim(i.line)) for i in items)
    titles = max(cell_width(f"#{i.kr.id} {title_marks(False, i.target_moved)}{i.kr.title}") for i in items)
    fixed = values + 1 + aim + 1 + 5 + 1 + VERDICT + 3 + KPI_WORD
    bar = BAR if width - (fixed + BAR) - 1 >= titles else NARROW_BAR  # the titles before a full bar
    return LensColumns(values, aim, bar)


def lens_header(width: int, columns: LensColumns | None = None) -> Text:
    """Column heads over the KR rows: what each lens says."""
    columns = columns or LensColumns()
    right = Text()
    right.append(pad(_("OKR lens: score, grade"), 5 + columns.bar + 1 + VERDICT), style="bold")
    right.append(" │ ")
    right.append(pad(_("as a KPI"), KPI_WORD), style="bold")
    return aligned_line(_("Key results, judged both ways"), width, right, "bold underline")


def team_cells(summary: LensSummary) -> Text:
    out = Text(_("OKR average") + " ")
    out.append(f"{summary.average:.2f}", style=GRADE_STYLE[summary.grade])
    out.append(" · " + _("as KPIs: {n} of {count} hit").format(n=summary.hits, count=summary.count))
    return out


def team_row(summary: LensSummary, width: int) -> Text:
    label = Text(f" {summary.team} ", style="bold reverse")
    label.append(" ")
    label.append_text(team_cells(summary))
    label.truncate(width, overflow="ellipsis")
    return label


def lens_row(item: KRLens, width: int, flagged: bool = False, columns: LensColumns | None = None) -> Text:
    """`#7 title  [values  aim]  0.80 ████████░░ ◐ progress │ ✖ miss`, plus a coach line when flagged."""
    columns = columns or LensColumns()
    style = GRADE_STYLE[item.grade]
    right = Text()
    if columns.values:
        right.append(pad(view_values(item), columns.values) + " " + pad(_aim(item.line), columns.aim) + " ",
                     style="dim")
    right.append(f"{item.score:.2f} ", style=style)
    right.append_text(grade_bar(item.score, columns.bar))
    right.append(" ")
    right.append(pad(f"{verdict_symbol(item.verdict)} {verdict_label(item.verdict)}", VERDICT),
                 style=VERDICT_STYLE[item.verdict])
    right.append(" │ ")
    right.append_text(kpi_cell(item.as_kpi))
    # One line a KR even at 80 columns, so both lenses and the KPIs share one screen;
    # the values (plan mode shows them too) join in from WIDE columns.
    row = aligned_line(f"#{item.kr.id} {title_marks(False, item.target_moved)}{item.kr.title}", width, right)
    if flagged:
        row.append("\n")
        row.append(pad("    ⚑ " + _("a KPI in disguise: it only holds a level already met · k: keep as KPI"),
                       width), style=themed("$okr-warning"))
    return row


def lens_row_lines(flagged: bool) -> int:
    """Lines of lens_row without making it: the coach's line under a flagged KR."""
    return 2 if flagged else 1


def kpi_header(width: int) -> Text:
    right = Text()
    right.append(pad(_("now"), VALUE, "right") + " " + pad(_("target"), VALUE + 2) + " " + pad(_("trend"), SPARK) + " ",
                 style="bold")
    right.append(pad(_("status"), KPI_WORD), style="bold")
    return aligned_line(_("KPIs · health metrics"), width, right, "bold underline")


def kpi_row(view: KPIView, width: int, feeds: Sequence[KeyResult] = ()) -> Text:
    """`K1 月營收 · 業務   124 萬元   ↑ 120 萬元   ▁▅█   ✔ hit`, and a line naming the KRs it feeds."""
    k = view.kpi
    arrow = direction_arrow(k.direction)
    right = Text()
    now = format_with_unit(k.current, k.unit) if k.current is not None else "–"  # not "–%"
    right.append(pad(now, VALUE, "right") + " ")
    right.append(pad(f"{arrow} {format_with_unit(k.target, k.unit)}", VALUE + 2) + " ", style="dim")
    right.append(pad(sparkline([r.value for r in sorted(k.readings, key=lambda r: r.at)]), SPARK) + " ")
    right.append_text(kpi_cell(view.status))
    row = aligned_line(f"K{k.id} {k.name} · {k.team}", width, right)
    if feeds:
        row.append("\n")
        row.append(pad("    ↳ " + feeds_text(feeds), width), style="dim")
    return row


def kpi_row_lines(feeds: Sequence[KeyResult]) -> int:
    """Lines of kpi_row without making it: a line naming the KRs it feeds."""
    return 2 if feeds else 1


def feeds_text(feeds: Sequence[KeyResult]) -> str:
    """"readings also check in #7 平均客服回應時間…" (one KR: its title too), "… #7, #12" (more)."""
    if len(feeds) == 1:
        return _("readings also check in #{id} {title}").format(id=feeds[0].id, title=feeds[0].title)
    return _("readings also check in {krs}").format(krs=", ".join(f"#{kr.id}" for kr in feeds))

