"""Issue 16.5: any value and any text the model accepts reaches every renderer without an exception.

Hypothesis draws databases from the models' whole domain (any finite float, 1e308 included; any
text the models accept, bidi controls and CJK included), writes them as a file, and feeds them
through the command line's list (text and --json), report (md, csv, json, html, md with charts) and each app mode's
row renderers (plan, update, compare, standup).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import hypothesis.strategies as st
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from rich.console import Console

from okrtui.cli.main import cli
from okrtui.domain.lens import lens_report
from okrtui.domain.models import KPI, KR_KINDS, SCHEMA_VERSION, CheckIn, KeyResult, Objective
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.quarter import Quarter
from okrtui.domain.standup import changes_since, needs_attention
from okrtui.domain.views import view_quarter
from okrtui.storage.repository import Repository
from okrtui.ui.rows import compare as compare_rows
from okrtui.ui.rows import shared as rows
from okrtui.ui.rows import standup as standup_rows
from okrtui.ui.rows import update as update_rows

QUARTER = Quarter(2026, 4)
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
# Any finite float, with the edges of the domain drawn often (hypothesis alone rarely pairs them).
EDGES = [1.7976931348623157e308, -1.7976931348623157e308, 1e308, -1e308, 5e-324, -5e-324, 1e-300, 0.0, 1e16]
numbers = st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(EDGES)
texts = st.text(st.characters(exclude_categories=("Cc", "Cs")) | st.sampled_from("\u202e\u2066\u202a中[/]"), max_size=30)
names = texts.filter(lambda t: t.strip() != "")


@st.composite
def key_results(draw, objective_id: int):
    kind = draw(st.sampled_from(KR_KINDS))
    if kind == "milestone":
        start, target, current = 0.0, 1.0, draw(st.sampled_from([0.0, 1.0]))
    else:
        start, target, current = draw(numbers), draw(numbers), draw(numbers)
        if kind == "increase":
            start, target = min(start, target), max(start, target)
        elif kind == "decrease":
            start, target = max(start, target), min(start, target)
    fields = {"objective_id": objective_id, "title": draw(names), "kind": kind, "unit": draw(texts),
              "start": start, "target": target, "current": current, "owner": draw(texts),
              "weight": draw(st.floats(min_value=1e-9, max_value=100)), "confidence": draw(st.integers(0, 10))}
    try:
        return build(KeyResult, fields)
    except InvalidInput:
        assume(False)


@st.composite
def databases(draw):
    objectives, krs, checkins, kpis = {}, {}, {}, {}
    for oid in range(1, draw(st.integers(1, 3)) + 1):
        state = draw(st.sampled_from(["active", "active", "closed", "dropped"]))
        objective = build(Objective, {
            "quarter": str(QUARTER), "title": draw(names), "team": draw(names), "owner": draw(texts),
            "parent_id": draw(st.sampled_from([None, 1])) if oid > 1 else None, "state": state,
            "final_score": draw(st.floats(0, 1)) if state != "active" else None})
        objectives[str(oid)] = objective.model_dump(mode="json", exclude={"id"})
    for kid in range(1, draw(st.integers(1, 4)) + 1):
        kr = draw(key_results(draw(st.integers(1, len(objectives)))))
        kr = kr.model_copy(update={"updated_at": NOW})
        krs[str(kid)] = kr.model_dump(mode="json", exclude={"id"})
        for _n in range(draw(st.integers(0, 3))):
            at = NOW - timedelta(days=draw(st.integers(0, 60)), minutes=draw(st.integers(0, 600)))
            value = kr.current if kr.kind == "milestone" else draw(numbers)
            checkin = build(CheckIn, {"kr_id": kid, "at": at, "value": value, "note": draw(texts), "author": draw(texts),
                                      "confidence": draw(st.none() | st.integers(0, 10)),
                                      "previous_value": draw(st.none() | numbers)})
            checkins[str(len(checkins) + 1)] = checkin.model_dump(mode="json", exclude={"id"})
    for pid in range(1, draw(st.integers(0, 2)) + 1):
        readings = [{"at": (NOW - timedelta(days=d)).isoformat(), "value": draw(numbers), "note": draw(texts)}
                    for d in range(draw(st.integers(0, 3)))]
        kpi = build(KPI, {"name": draw(names), "team": draw(names), "unit": draw(texts), "target": draw(numbers),
                          "current": draw(st.none() | numbers), "readings": readings,
                          "direction": draw(st.sampled_from(["higher_is_better", "lower_is_better"])),
                          "watch_band": draw(st.floats(0, 1))})
        kpis[str(pid)] = kpi.model_dump(mode="json", exclude={"id"})
    meta = {"app": "okrtui", "schema_version": SCHEMA_VERSION, "revision": 1,
            "standup_at": (NOW - timedelta(days=draw(st.integers(0, 9)))).isoformat()}
    return {"objectives": objectives, "key_results": krs, "checkins": checkins, "kpis": kpis, "meta": {"1": meta}}


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=True)
    assert result.exception is None or (isinstance(result.exception, SystemExit) and result.exit_code == 0), (
        args, result.output, result.exc_info)
    return result.output


def _render(text) -> None:
    console = Console(width=200, record=True, color_system="truecolor", file=open("/dev/null", "w"))
    console.print(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=databases())
def test_every_renderer_survives_any_value_the_model_accepts(tmp_path, data):
    path = tmp_path / "okr.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    db = str(path)
    _cli("list", "--quarter", str(QUARTER), "--as-of", "2026-11-30", "--db", db)
    json.loads(_cli("list", "--json", "--quarter", str(QUARTER), "--db", db))
    for fmt in ("md", "csv", "json"):
        _cli("report", "--quarter", str(QUARTER), "--format", fmt, "--db", db)
    _cli("report", "--quarter", str(QUARTER), "--charts", "--db", db)
    _cli("report", "--quarter", str(QUARTER), "--format", "html", "-o", str(tmp_path / "r.html"), "--db", db)

    workspace = Repository(path).load()
    view = view_quarter(workspace, QUARTER, NOW.date(), now=NOW)
    titles = {o.objective.id: o.objective.title for o in view.objectives}
    for width in (40, 80, 160):
        for o in view.objectives:  # plan
            _render(rows.objective_row(o, width, titles, []))
            for k in o.key_results:
                _render(rows.kr_row(k, width))
                _render(standup_rows.kr_line(k, view.expected, width))
            _render(standup_rows.objective_lines(o, view.expected, width, big=width > 80))
        for entry in update_rows.entries_of(view):  # update
            _render(update_rows.update_row(entry, width, view.expected, NOW))
        report = lens_report(view)  # compare
        for summary in [*report.teams, report.total]:
            _render(compare_rows.team_row(summary, width))
        for item in report.krs:
            _render(compare_rows.lens_row(item, width, flagged=True))
        for kpi in view.kpis:
            _render(compare_rows.kpi_row(kpi, width))
        for change in changes_since(workspace, view, NOW - timedelta(days=30)):  # standup
            _render(standup_rows.change_lines(change, width, NOW, two_lines=True))
        for item in needs_attention(workspace, view, NOW):
            _render(standup_rows.attention_line(item, width, NOW, show_team=True))


def test_a_sparkline_of_two_subnormal_readings_is_flat_not_a_division_by_zero():
    # Found by the property above: 5e-324 / 2 rounds to 0, so max/2 - min/2 was 0 while max != min.
    from okrtui.ui.rows.compare import SPARK_CHARS, sparkline

    assert sparkline([0.0, 5e-324]) == SPARK_CHARS[3] * 2
