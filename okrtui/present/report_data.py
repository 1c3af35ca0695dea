"""A report as data: the JSON document and the CSV table (one row per key result)."""

from __future__ import annotations

import json

from okrtui.domain.scoring import grade
from okrtui.domain.views import initiative_as_dict
from okrtui.present.forecast_text import forecast_dict
from okrtui.present.history_text import target_change_dict, target_change_line
from okrtui.domain.spreadsheet import csv_text
from okrtui.present.initiative_text import initiative_status_text
from okrtui.present.report import BOM, KRLine, ObjectiveLine, Report, score_grade, round_score


def _kr_dict(line: KRLine, local) -> dict:
    k = line.view
    return {
        "id": k.kr.id, "title": k.kr.title, "kind": k.kr.kind, "unit": k.kr.unit, "owner": k.kr.owner,
        "start": k.kr.start, "target": k.kr.target, "current": k.kr.current, "weight": k.kr.weight,
        "progress": round(k.progress, 6), "grade": grade(k.progress), "status": k.status,
        "confidence": k.kr.confidence, "checkins": line.checkins, "aligned": k.aligned, "rolled_up": k.rolled_up,
        "latest_notes": [{"at": c.at.isoformat(), "author": c.author, "note": c.note} for c in line.notes],
        "target_changes": [target_change_dict(m, local) for m in line.moves],
        "forecast": forecast_dict(line.projection, with_value=True),
        "initiatives": [initiative_as_dict(i) for i in k.initiatives],
    }


def _objective_dict(line: ObjectiveLine, local) -> dict:
    o = line.view.objective
    return {
        "id": o.id, "title": o.title, "team": o.team, "owner": o.owner, "commitment": o.commitment,
        "level": o.level, "parent_id": o.parent_id, "parent_kr_id": o.parent_kr_id, "state": o.state,
        "progress": round(line.view.progress, 6), "status": line.status,
        "score": round(line.score, 6), "grade": grade(line.score), "counted": line.view.counted,
        "final_score": o.final_score, "proposed_score": o.proposed_score, "decision": o.decision, "met": o.met,
        "score_reason": o.score_reason, "shortfall_reason": o.shortfall_reason,
        "coverage_answer": o.coverage_answer, "retrospective": o.retrospective,
        "key_results": [_kr_dict(k, local) for k in line.krs],
        "forecast": forecast_dict(line.projection),
    }


def report_dict(report: Report) -> dict:
    return {
        "quarter": str(report.quarter), "as_of": report.as_of.isoformat(), "expected": round(report.expected, 6),
        "closed": report.closed, "owner": report.owner,
        "company": {
            "score": round_score(report.score), "grade": score_grade(report.score), "objectives": len(report.objectives),
            "key_results": sum(t.kr_count for t in report.teams), "checkins": sum(t.checkin_count for t in report.teams),
            "forecast": forecast_dict(report.company.projection if report.company else None),
        },
        "teams": [
            {"team": t.team, "score": round_score(t.score), "grade": score_grade(t.score), "decisions": t.decisions,
             "forecast": forecast_dict(t.chart.projection if t.chart else None),
             "objectives": [_objective_dict(o, report.local) for o in t.objectives]}
            for t in report.teams
        ],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"


# ---- CSV --------------------------------------------------------------------

CSV_HEADER = [
    "quarter", "team", "objective_id", "objective", "objective_owner", "commitment", "objective_status",
    "objective_score", "decision", "kr_id", "kr", "kind", "unit", "owner", "start", "target", "current",
    "kr_progress", "kr_status", "confidence", "checkins", "latest_note", "retrospective", "target_changes",
    "kr_forecast_value", "kr_forecast_grade",
    "initiatives",
]


def _number(value: float | None) -> str:
    """Plain numbers (no grouping) so that every spreadsheet reads them as numbers."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.6g}"


def render_csv(report: Report) -> str:
    rows: list[list] = [CSV_HEADER]
    for line in report.objectives:
        o = line.view.objective
        head = [str(report.quarter), o.team, o.id, o.title, o.owner, o.commitment, line.status,
                f"{line.score:.4f}", o.decision or ""]
        krs: list[KRLine | None] = list(line.krs) or [None]
        for k in krs:
            if k is None:  # an objective measured by the objectives aligned to it still gets its row
                rows.append(head + [""] * 13 + [o.retrospective, "", "", "", ""])
                continue
            kr = k.view.kr
            rows.append(head + [
                kr.id, kr.title, kr.kind, kr.unit, kr.owner, _number(kr.start), _number(kr.target),
                _number(kr.current), f"{k.view.progress:.4f}", k.view.status, kr.confidence, k.checkins,
                k.notes[0].note if k.notes else "", o.retrospective,
                "; ".join(target_change_line(m, report.local) for m in k.moves),
                _number(k.projection.forecast.value) if k.projection else "",
                f"{k.projection.score:.4f}" if k.projection else "",
                "; ".join(f"{initiative_status_text(i.status)} {i.title}" for i in k.view.initiatives),
            ])
    return BOM + csv_text(rows)
