"""Rows of the planning list as rich Text, laid out by terminal cells.

Everything is measured with okrtui.present.text (CJK takes two cells), so titles of
any script line up with the bars. User text is put into Text objects as plain
strings: `[bold]` in a title is shown as typed, never read as markup.
Numbers come from domain views; nothing here scores anything.
"""

from __future__ import annotations

from rich.text import Text

from okrtui.domain.scoring import grade
from okrtui.domain.views import KRView, ObjectiveView
from okrtui.domain.numbers import format_percent  # noqa: F401 (kr_values re-exported)
from okrtui.present.formatting import status_text, target_moved_text, title_marks
from okrtui.present.formatting import BAR  # noqa: F401 (kr_values re-exported)
from okrtui.domain.alignment import level_label
from okrtui.present.formatting import view_values
from okrtui.i18n import _, ngettext
from okrtui.present.text import bar, pad, truncate
from okrtui.ui.themes import ThemedStyles

PCT = 5
STATUS = 12
OWNER = 10
VALUES = 24
# From this width a KR's values and owners fit on its own line; below it they get a second line.
WIDE = 110

# Colours are the theme's variables, resolved when a row is drawn (okrtui/ui/themes.py).
GRADE_STYLE = ThemedStyles({"green": "$okr-good", "yellow": "$okr-warning", "red": "$okr-bad"})
STATUS_STYLE = ThemedStyles({"done": "bold $okr-good", "on_track": "$okr-good", "at_risk": "$okr-warning",
                             "off_track": "bold $okr-bad", "pending": "dim"})
BAR_STYLE = ThemedStyles({"empty": "$okr-bar-empty", "pace": "bold $okr-pace"})


def grade_bar(progress: float, width: int) -> Text:
    """A bar whose filled cells take the grade's colour and empty cells the theme's bar-empty colour."""
    cells = bar(progress, width)
    filled = len(cells.rstrip("░"))
    out = Text(cells[:filled], style=GRADE_STYLE[grade(progress)])
    out.append(cells[filled:], style=BAR_STYLE["empty"])
    return out


def progress_cells(progress: float, percent: float, status: str) -> Text:
    """bar, percentage and status word+symbol: the right-hand columns of every row."""
    out = grade_bar(progress, BAR)
    out.append(" " + pad(format_percent(percent), PCT - 1, "right") + " ")
    out.append(pad(status_text(status), STATUS), style=STATUS_STYLE.get(status, ""))
    return out


def grade_cells(score: float, state: str) -> Text:
    """A closed objective's final grade: bar and score in the grade colour, and closed or dropped."""
    out = Text()
    out.append(bar(score, BAR), style=GRADE_STYLE[grade(score)])
    out.append(" " + pad(f"{score:.2f}", PCT - 1, "right") + " ", style=GRADE_STYLE[grade(score)])
    status = "dropped" if state == "dropped" else "closed"
    out.append(pad(status_text(status), STATUS), style="dim" if state == "dropped" else "bold")
    return out


def aligned_line(left: str, width: int, right: Text, left_style: str = "") -> Text:
    """left text truncated to leave exactly room for `right`, so the columns align."""
    room = max(width - right.cell_len - 1, 1)
    text = Text(pad(left, room), style=left_style, no_wrap=True, overflow="crop")
    text.append(" ")
    text.append_text(right)
    return text


def objective_notes(view: ObjectiveView, width: int, titles: dict[int, str], children: list[int],
                    kr_titles: dict[int, str] | None = None) -> list[str]:
    """What an objective's second line says (owner when narrow, level, alignment); none: one line."""
    o = view.objective
    notes = []
    if width < WIDE and o.owner:
        notes.append(o.owner)
    if o.level != "team":
        notes.append(level_label(o.level))
    if o.commitment == "committed":
        notes.append(_("committed"))
    if o.parent_id is not None:
        parent = titles.get(o.parent_id)
        label = f"O{o.parent_id} {parent}" if parent else f"O{o.parent_id}"
        notes.append(_("aligned to {parent}").format(parent=label))
    if o.parent_kr_id is not None:
        kr_title = (kr_titles or {}).get(o.parent_kr_id)
        label = f"#{o.parent_kr_id} {kr_title}" if kr_title else f"#{o.parent_kr_id}"
        notes.append(_("aligned to {parent}").format(parent=label))
    if children:
        notes.append(_("aligned here: {children}").format(children=", ".join(f"O{c}" for c in sorted(children))))
    return notes


def objective_row_lines(view: ObjectiveView, width: int, children: list[int]) -> int:
    """Lines of objective_row without making it (the list's heights): a second line when it has notes
    (titles left out: they change a note's words, not whether there is one)."""
    return 2 if objective_notes(view, width, {}, children) else 1


def objective_row(view: ObjectiveView, width: int, titles: dict[int, str], children: list[int],
                  kr_titles: dict[int, str] | None = None) -> Text:
    """An objective: `O3 title  owner  bar pct status`, then who it aligns to / who aligns to it."""
    o = view.objective
    wide = width >= WIDE
    right = Text()
    if wide:
        right.append(pad(o.owner, OWNER), style="italic")
        right.append(" " + " " * VALUES + " ")
    if o.state != "active" and o.final_score is not None:  # a closed quarter shows its final grades
        right.append_text(grade_cells(o.final_score, o.state))
    else:
        right.append_text(progress_cells(view.progress, view.progress, view.status))
    row = aligned_line(f"O{o.id} {o.title}", width, right, "bold")
    notes = objective_notes(view, width, titles, children, kr_titles)
    if notes:
        row.append("\n")
        row.append(pad("   " + " · ".join(notes), width), style="dim")
    return row


def kr_row(view: KRView, width: int) -> Text:
    """A KR: `   #7 title  values owner  bar pct status`; narrow screens put values on a 2nd line.
    A KR with objectives aligned to it names them (measured by them, or beside its own check-ins)."""
    kr = view.kr
    wide = width >= WIDE
    right = Text()
    if wide:
        right.append(pad(kr.owner, OWNER), style="italic")
        right.append(" " + pad(view_values(view), VALUES) + " ")
    right.append_text(progress_cells(view.progress, view.raw, view.status))
    stale = title_marks(view.stale, view.target_moved)
    row = aligned_line(f"   #{kr.id} {stale}{kr.title}", width, right, "dim" if view.stale else "")
    if kr_row_lines(view, width) == 2:
        detail = (view_values(view) + (f" · {kr.owner}" if kr.owner else "")) if not wide else ""
        if view.aligned and not view.rolled_up:
            detail += (" · " if detail else "") + _("aligned here: {children}").format(
                children=", ".join(f"O{c}" for c in view.aligned))
        if view.stale:
            detail += " · " + _("stale")
        if view.target_moved:
            detail += " · " + target_moved_text()
        row.append("\n")
        row.append(pad("       " + detail, width), style="dim")
    return row


def kr_row_lines(view: KRView, width: int) -> int:
    """Lines of kr_row without making it: a second line when narrow or when objectives align to it."""
    return 2 if width < WIDE or (view.aligned and not view.rolled_up) else 1


def team_row(team: str, count: int, width: int) -> Text:
    label = ngettext("{team} · {n} objective", "{team} · {n} objectives", count).format(team=team, n=count)
    return Text(truncate(label, width), style="bold reverse", no_wrap=True)
