"""The committed schema-1 fixture opens with nothing lost; each later schema adds a fixture here."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from okrtui.domain.models import SCHEMA_VERSION
from okrtui.storage.repository import Repository

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_schema_1_fixture_opens_and_keeps_every_record(tmp_path):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v1.json", path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    workspace = Repository(path).load()
    assert len(workspace.objectives) == len(raw["objectives"]) == 4
    assert len(workspace.key_results) == len(raw["key_results"]) == 9
    assert len(workspace.checkins) == len(raw["checkins"])
    assert len(workspace.kpis) == len(raw["kpis"]) == 5
    assert json.loads(path.read_text(encoding="utf-8"))["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    backups = list(tmp_path.glob("okr.json.v1-*.bak"))
    # Schema 1 is current: nothing to migrate, so no backup; once schema 2 exists, one backup of v1.
    assert len(backups) == (0 if SCHEMA_VERSION == 1 else 1)


def test_there_is_a_fixture_for_every_schema():
    for version in range(1, SCHEMA_VERSION + 1):
        assert (FIXTURES / f"schema-v{version}.json").exists(), f"add tests/fixtures/schema-v{version}.json"
