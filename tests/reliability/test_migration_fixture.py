"""Every committed schema fixture opens, migrates forward with a backup, and keeps every record."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from okrtui.domain.models import SCHEMA_VERSION
from okrtui.storage.repository import Repository

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
VERSIONS = list(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("version", VERSIONS)
def test_fixture_opens_and_keeps_every_record(tmp_path, version):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / f"schema-v{version}.json", path)
    original = path.read_bytes()
    raw = json.loads(original)
    workspace = Repository(path).load()
    assert len(workspace.objectives) == len(raw["objectives"]) == 4
    assert len(workspace.key_results) == len(raw["key_results"]) == 9
    assert len(workspace.checkins) == len(raw["checkins"]) == 75
    assert len(workspace.kpis) == len(raw["kpis"]) == 5
    assert sum(len(k.readings) for k in workspace.kpis) == 15
    assert json.loads(path.read_text(encoding="utf-8"))["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    backups = list(tmp_path.glob(f"okr.json.v{version}-*.bak"))
    if version < SCHEMA_VERSION:
        assert len(backups) == 1 and backups[0].read_bytes() == original
    else:
        assert backups == [] and path.read_bytes() == original


def test_there_is_a_fixture_for_every_schema():
    for version in VERSIONS:
        assert (FIXTURES / f"schema-v{version}.json").exists(), f"add tests/fixtures/schema-v{version}.json"
