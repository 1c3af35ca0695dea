"""`okrtui close QUARTER`: the closing conversation on the command line (no textual).

Every answer is collected first and checked by domain/grading; only then is
the quarter closed, in one write (storage/closing), so a cancelled session
(ctrl+c, end of input) leaves nothing half-written.
"""

from __future__ import annotations

from typing import Callable

import click

from okrtui.domain.grading import (
    ClosingEntry,
    Proposal,
    asks_coverage,
    asks_shortfall,
    carry_text,
    coverage_question,
    decision_label,
    early_close_question,
    is_adjusted,
    parse_carry,
    parse_score,
    proposals,
)
from okrtui.domain.models import DECISIONS
from okrtui.domain.validation import InvalidInput
from okrtui.domain.quarter import Quarter, format_quarter
from okrtui.domain.numbers import TARGET_MOVED_MARK
from okrtui.present.history_text import target_change_line
from okrtui.i18n import _, ngettext
from okrtui.storage.closing import close_quarter, reopen_quarter
from okrtui.storage.repository import Repository


def _ask(label: str, default: str | None = None) -> str:
    """A required answer: asked again until it is not empty."""
    while True:
        answer = click.prompt(label, default=default, show_default=default is not None).strip()
        if answer:
            return answer
        click.echo(_("  an answer is needed here"), err=True)


def _ask_score(proposal: Proposal) -> float | None:
    while True:
        text = _ask(_("Score (0.0–1.0)"), f"{proposal.proposed:.2f}")
        try:
            score = parse_score(text)
        except InvalidInput as error:
            click.echo("  " + str(error), err=True)
            continue
        return None if abs(score - proposal.proposed) < 0.005 else score


def _ask_decision() -> str:
    choices = "  ".join(f"{n} {decision_label(d)}" for n, d in enumerate(DECISIONS, 1))
    while True:
        text = _ask(_("Decision ({choices})").format(choices=choices)).casefold().replace(" ", "_")
        by_label = {decision_label(d).casefold().replace(" ", "_"): d for d in DECISIONS}
        if text.isdigit() and 1 <= int(text) <= len(DECISIONS):
            return DECISIONS[int(text) - 1]
        if text in DECISIONS or text in by_label:
            return by_label.get(text, text)
        click.echo(_("  choose 1–5 or one of: {names}").format(names=", ".join(decision_label(d) for d in DECISIONS)), err=True)


def _ask_carry(proposal: Proposal) -> list[int]:
    """Which KRs go into the next quarter; the unfinished ones unless the team says otherwise."""
    default = carry_text([kr.id for kr in proposal.unfinished if kr.id is not None])
    while True:
        text = click.prompt(_("Key results to carry (ids; - for none; finished ones stay behind unless named)"),
                            default=default, show_default=True)
        try:
            return parse_carry(text, proposal)
        except InvalidInput as error:
            click.echo("  " + str(error), err=True)


def _entry(proposal: Proposal, local: Callable) -> ClosingEntry:
    o = proposal.objective
    click.echo("")
    commitment = _("committed") if o.commitment == "committed" else _("aspirational")
    click.echo(f"O{o.id} {o.title}  ({o.team} · {commitment})")
    for k in proposal.krs:
        click.echo(f"   #{k.kr.id} {k.kr.title}: {k.grade:.2f}")
        for move in k.moves:  # a goal that moved is read beside its grade
            click.echo(f"      {TARGET_MOVED_MARK} {target_change_line(move, local)}")
    click.echo(_("   proposed score (weighted mean of the KR grades): {score}").format(score=f"{proposal.proposed:.2f}"))
    entry = ClosingEntry(o.id or 0)
    entry.score = _ask_score(proposal)
    if is_adjusted(proposal, entry):
        entry.score_reason = _ask(_("Why does the score differ from the proposed one?"))
    entry.decision = _ask_decision()
    if entry.decision == "carry_forward":
        entry.carry_krs = _ask_carry(proposal)
    entry.retrospective = _ask(_("Retrospective: what worked, what did not?"))
    if asks_shortfall(proposal, entry):
        entry.shortfall_reason = _ask(_("Committed but below 1.0: why did it fall short?"))
    if asks_coverage(proposal, entry):
        click.echo(coverage_question())
        entry.coverage_answer = _ask(_("Answer"))
    return entry


def close_command(repo: Repository, quarter: Quarter, assume_yes: bool) -> str:
    ws = repo.load()
    label = str(quarter)
    if label in ws.meta.archived:
        raise InvalidInput([("quarter", _("{quarter} is already closed; 'okrtui close {quarter} --reopen' reopens it")
                             .format(quarter=format_quarter(label)))])
    pending = proposals(ws, label)
    early = early_close_question(quarter, repo.clock.today()) if pending else None
    if early and not assume_yes and not click.confirm(early, default=False):
        return _("Nothing was changed.")
    entries = [_entry(p, repo.clock.local) for p in pending]
    if pending:
        click.echo("")
        carried = sum(1 for e in entries if e.decision == "carry_forward")
        question = ngettext("Close {quarter}: record {n} grade, carry {c} forward into {next}, and make it read-only?",
                            "Close {quarter}: record {n} grades, carry {c} forward into {next}, and make it read-only?",
                            len(entries)).format(
            quarter=quarter, n=len(entries), c=carried, next=quarter.next())
        if not assume_yes and not click.confirm(question, default=False):
            return _("Nothing was changed.")
    closed = close_quarter(repo, label, entries)
    lines = [ngettext("Closed {quarter}: {n} objective graded; it is archived and read-only until reopened.",
                      "Closed {quarter}: {n} objectives graded; it is archived and read-only until reopened.",
                      len(closed.objectives)).format(
        quarter=quarter, n=len(closed.objectives))]
    for o in closed.objectives:
        lines.append(f"  O{o.id} {o.title}: {o.final_score:.2f} · {decision_label(o.decision)}")
    after = repo.load() if closed.carried else None
    for copy in closed.carried:
        lines.append(_("  carried into {quarter} as O{id} {title}").format(quarter=format_quarter(copy.quarter), id=copy.id, title=copy.title))
        n = len(after.krs_of(copy.id)) if after else 0
        lines.append("    " + ngettext("{n} key result carried; it is pending until its first check-in",
                                       "{n} key results carried; they are pending until their first check-in",
                                       n).format(n=n))
    return "\n".join(lines)


def reopen_command(repo: Repository, quarter: Quarter, assume_yes: bool) -> str:
    question = _("Reopen {quarter}? Its objectives become editable again; the grades stay as a starting point.").format(
        quarter=quarter)
    if not assume_yes and not click.confirm(question, default=False):
        return _("Nothing was changed.")
    reopened = reopen_quarter(repo, quarter)
    return ngettext("Reopened {quarter}: {n} objective is active again.", "Reopened {quarter}: {n} objectives are active again.",
                    len(reopened)).format(quarter=quarter, n=len(reopened))
