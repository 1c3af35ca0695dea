"""Lines of the standup screen as rich Text, laid out by terminal cells (CJK is two cells).

Numbers, statuses and reasons come from domain (views, standup); this only draws them.
User text goes into Text as plain strings, never as markup.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from okrtui.domain.scoring import grade, status_label, status_symbol
from okrtui.domain.validation import field_label
from okrtui.domain.standup import Attention, Change, Edit
from okrtui.domain.views import KRView, ObjectiveView
from okrtui.domain.numbers import TARGET_MOVED_MARK, format_kr_value, format_number, format_percent, format_with_unit
from okrtui.present.formatting import title_marks
from okrtui.present.history_text import author_text
from okrtui.i18n import _, ngettext
from okrtui.domain.text_rules import cell_width
from okrtui.present.text import pad, truncate
from okrtui.present.text import visible
from okrtui.ui.themes import themed
from okrtui.present.formatting import kr_values
from okrtui.ui.rows.shared import GRADE_STYLE, STATUS_STYLE

PACE_MARK = "┃"
STATUS_W = 12
PCT_W = 5


def pace_bar(progress: float, expected: float, width: int) -> Text:
    """A bar coloured by grade with a mark where today's expected progress is."""
    width = max(width, 3)
    filled = width if progress >= 1.0 else int(max(progress, 0.0) * width + 1e-9)
    mark = min(int(expected * width + 1e-9), width - 1)
    style = GRADE_STYLE[grade(progress)]
    out = Text(no_wrap=True, overflow="crop")
    for start, end in ((0, mark), (mark + 1, width)):  # the runs either side of the mark
        if start == mark + 1:
            out.append(PACE_MARK, style="bold")
        full = max(min(filled, end) - start, 0)
        out.append("█" * full, style=style)
        out.append("░" * (end - start - full), style="dim")
    return out


def status_cell(status: str, width: int = STATUS_W) -> Text:
    return Text(pad(f"{status_symbol(status)} {status_label(status)}", width), style=STATUS_STYLE.get(status, ""))


def fill_line(left: Text, right: Text, width: int) -> Text:
    """left cut to leave exactly room for right, so columns line up."""
    room = max(width - right.cell_len, 0)
    line = Text(no_wrap=True, overflow="crop")
    shown = truncate(left.plain, room)  # cut, and bidi controls shown as marks
    if shown == left.plain:
        line.append_text(left)
    else:
        line.append(shown, style=left.style)
    line.append(" " * max(room - cell_width(shown), 0))
    line.append_text(right)
    return line


def bar_width(width: int) -> int:
    return 16 if width >= 100 else 10


def values_width(width: int) -> int:
    return 26 if width >= 120 else 20


def kr_line(view: KRView, expected: float, width: int) -> Text:
    """`  #7 title    44,000 → 50,000  ██████┃░░  62% ▲ at risk`; values only when there is room."""
    return fill_line(_kr_title(view), _kr_numbers(view, expected, width, 90), width)


def kr_two_lines(view: KRView, expected: float, width: int) -> Text:
    """A standup with rows to spare: the title on a line of its own, whole where the width allows,
    and its numbers right-aligned beneath it (the bars still line up; the values fit from 60 cells)."""
    out = fill_line(_kr_title(view), Text(""), width)
    out.append("\n")
    out.append_text(fill_line(Text(""), _kr_numbers(view, expected, width, 60), width))
    return out


def _kr_title(view: KRView) -> Text:
    stale = title_marks(view.stale, view.target_moved)
    return Text(f"  #{view.kr.id} {stale}{view.kr.title}", style="dim" if view.stale else "")


def _kr_numbers(view: KRView, expected: float, width: int, values_from: int) -> Text:
    """Values (from `values_from` cells wide), the pace bar, the percentage and the status."""
    kr = view.kr
    right = Text(" ")
    if width >= values_from:
        right.append(pad(kr_values(kr), values_width(width), "right") + "  ", style="dim")
    right.append_text(pace_bar(view.progress, expected, bar_width(width)))
    right.append(" " + pad(format_percent(view.raw), PCT_W - 1, "right") + " ")
    right.append_text(status_cell(view.status))
    return right


def objective_lines(view: ObjectiveView, expected: float, width: int, big: bool) -> Text:
    """Big: title / large bar / status (the percentage is a Digits beside it). Compact: one line."""
    o = view.objective
    title = Text(f"O{o.id} {o.title}", style="bold")
    if not big:
        # The same columns as its KRs' lines, so every bar and percentage lines up.
        right = Text(" " + (" " * (values_width(width) + 2) if width >= 90 else ""))
        right.append_text(pace_bar(view.progress, expected, bar_width(width)))
        right.append(" " + pad(format_percent(view.progress), PCT_W - 1, "right") + " ", style="bold")
        right.append_text(status_cell(view.status))
        return fill_line(title, right, width)
    out = fill_line(title, Text(""), width)
    out.append("\n")
    out.append_text(pace_bar(view.progress, expected, width))
    out.append("\n")
    detail = Text(f"{status_symbol(view.status)} {status_label(view.status)}", style=STATUS_STYLE.get(view.status, ""))
    extra = [o.owner] if o.owner else []
    if o.commitment == "committed":
        extra.append(_("committed"))
    if view.key_results:
        extra.append(ngettext("{n} KR", "{n} KRs", len(view.key_results)).format(n=len(view.key_results)))
    else:
        extra.append(_("rolls up its aligned objectives"))
    detail.append(Text(" · " + " · ".join(extra), style="dim"))
    out.append_text(fill_line(detail, Text(""), width))
    return out


def format_points(points: float) -> str:
    if abs(points) < 0.05:
        return _("±0 pts")
    shown = f"{points:+.0f}" if abs(points) >= 1 else f"{points:+.1f}"
    return _("{points} pts").format(points=shown)


DIRECTION = {"up": ("▲", "$okr-good"), "down": ("▼", "bold $okr-bad"), "flat": ("=", "dim")}


def when(moment: datetime, now: datetime) -> str:
    """Local "14:05" today, else "Fri 14:05"."""
    local, today = moment.astimezone(now.tzinfo), now
    if local.date() == today.date():
        return local.strftime("%H:%M")
    day = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))[local.weekday()]
    return f"{day} {local.strftime('%H:%M')}"


def _before_after(change: Change) -> str:
    kr = change.kr
    if kr.kind == "milestone":
        return f"{format_kr_value(kr.kind, change.before)} → {format_kr_value(kr.kind, change.after)}"
    return f"{format_number(change.before)} → {format_with_unit(change.after, kr.unit)}"


def change_lines(change: Change, width: int, now: datetime, two_lines: bool) -> Text:
    """`#1 title   +8 pts ▲   27 → 31` then `   王小明 · 11:55 · 3 check-ins · note` (or all on one line)."""
    symbol, style = DIRECTION[change.direction]
    right = Text(" ")
    right.append(pad(format_points(change.points), 9, "right") + " " + symbol, style=themed(style))
    right.append("  " + _before_after(change))
    who = [change.checkin.author] if change.checkin.author else []
    who.append(when(change.checkin.at, now))
    if change.count > 1:
        who.append(ngettext("{n} check-in", "{n} check-ins", change.count).format(n=change.count))
    if change.note:
        who.append(change.note)
    title = Text(f"#{change.kr.id} {change.kr.title}")
    if two_lines:
        out = fill_line(title, right, width)
        out.append("\n")
        out.append(truncate("    " + " · ".join(who), width), style="dim")
        return out
    # One line: the title gives way first, then the note.
    right.append(Text(visible("  " + " · ".join(who)), style="dim"))  # a note's bidi controls as marks
    title_room = max(min(cell_width(title.plain), width // 3), 12)
    head = Text(pad(title.plain, title_room), no_wrap=True)
    head.append_text(right)
    head.truncate(width, overflow="ellipsis")
    return head


def edit_line(edit: Edit, width: int, now: datetime) -> Text:
    """`#4 title  ⇄ target 50,000 → 48,000 · 王小明 · 11:55`: an edit since the standup, on one line."""
    what = {
        "target_moved": lambda: f"{TARGET_MOVED_MARK} {field_label(edit.field)} "
                                f"{format_number(edit.before)} → {format_number(edit.after)}",
        "kr_added": lambda: _("+ key result added"),
        "kr_removed": lambda: _("− key result removed"),
        "comment": lambda: "💬 " + edit.text.replace("\n", " "),
    }[edit.kind]()
    head = f"#{edit.kr_id} {edit.title}" if edit.kr_id is not None else f"O{edit.objective.id} {edit.title}"
    out = Text(pad(head, max(min(cell_width(head), width // 3), 12)) + "  ", no_wrap=True)
    out.append(what, style=themed("$okr-warning") if edit.kind == "target_moved" else "")
    out.append("  " + " · ".join([author_text(edit.author, edit.on_behalf_of), when(edit.at, now)]), style="dim")
    out.truncate(width, overflow="ellipsis")
    return out


def reason_text(item: Attention, now: datetime) -> Text:
    out = Text()
    for i, reason in enumerate(item.reasons):
        if i:
            out.append(" · ", style="dim")
        if reason in ("off_track", "at_risk"):
            out.append(f"{status_symbol(reason)} {status_label(reason)}", style=STATUS_STYLE[reason])
        elif reason == "confidence_drop":
            out.append(_("↓ confidence {old} → {new}").format(old=item.confidence_from, new=item.confidence_to),
                       style=themed("bold $okr-warning"))
        elif reason == "stale":
            out.append(ngettext("⌛ no check-in for {n} day", "⌛ no check-in for {n} days", item.days_quiet(now)).format(
                n=item.days_quiet(now)), style=themed("$okr-warning"))
        else:
            out.append(_("○ no KR progress this week"), style=themed("$okr-warning"))
    return out


def attention_line(item: Attention, width: int, now: datetime, show_team: bool) -> Text:
    """`✖ off track · ⌛ no check-in for 14 days   #6 title · 行銷`."""
    out = reason_text(item, now)
    out.no_wrap = True
    out.append("  ")
    what = f"#{item.kr.id} {item.kr.title}" if item.kr else f"O{item.objective.id} {item.objective.title}"
    if show_team:
        what += f" · {item.objective.team}"
    out.append(truncate(what, max(width - out.cell_len, 0)))
    out.truncate(width, overflow="ellipsis")
    return out
