"""Migrations run forward on open, keep a backup beside the file, and lose nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from okrtui.domain.clock import machine_zone_name
from okrtui.domain.models import SCHEMA_VERSION
from okrtui.storage.repository import Repository

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_schema_1_is_migrated_to_the_current_schema_with_a_backup(tmp_path):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v1.json", path)
    original = path.read_bytes()
    workspace = Repository(path).load()
    meta = json.loads(path.read_text(encoding="utf-8"))["meta"]["1"]
    assert meta["schema_version"] == SCHEMA_VERSION == 11
    assert meta["archived"] == [] and meta["id_floor"] == {}
    assert meta["timezone"] == machine_zone_name()  # schema 4: the migrating host's zone
    backups = list(tmp_path.glob("okr.json.v1-*.bak"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    raw = json.loads(original)
    assert len(workspace.checkins) == len(raw["checkins"])
    assert {o.title for o in workspace.objectives} == {o["title"] for o in raw["objectives"].values()}


def test_a_write_to_an_old_file_migrates_it_first(tmp_path):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v1.json", path)
    Repository(path).record_checkin(1, 40)
    assert json.loads(path.read_text(encoding="utf-8"))["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert len(list(tmp_path.glob("okr.json.v1-*.bak"))) == 1


def test_current_schema_is_not_rewritten_on_open(demo_path):
    before = demo_path.read_bytes()
    Repository(demo_path).load()
    assert demo_path.read_bytes() == before
    assert list(demo_path.parent.glob("*.bak")) == []


def test_schema_5_gets_a_database_id_of_its_own(tmp_path):
    """Schema 6: each database has an id (plan files name it); two migrated copies differ."""
    ids = []
    for name in ("a.json", "b.json"):
        path = tmp_path / name
        shutil.copy(FIXTURES / "schema-v5.json", path)
        assert "database_id" not in json.loads(path.read_text(encoding="utf-8"))["meta"]["1"]
        workspace = Repository(path).load()
        stored = json.loads(path.read_text(encoding="utf-8"))["meta"]["1"]
        assert stored["schema_version"] == SCHEMA_VERSION
        assert stored["database_id"] == workspace.meta.database_id
        assert len(stored["database_id"]) == 12 and int(stored["database_id"], 16) >= 0
        ids.append(stored["database_id"])
    assert ids[0] != ids[1]
    assert len(list(tmp_path.glob("a.json.v5-*.bak"))) == 1


def test_a_new_database_and_each_demo_copy_have_their_own_id(tmp_path, clock):
    from okrtui.storage.demo import install_demo

    new = Repository(tmp_path / "new.json")
    new.create()
    first = Repository(install_demo(tmp_path / "d1.json", clock)).load().meta.database_id
    second = Repository(install_demo(tmp_path / "d2.json", clock)).load().meta.database_id
    assert new.load().meta.database_id and first and second
    assert len({new.load().meta.database_id, first, second}) == 3


def test_schema_6_gains_an_empty_teams_table_and_no_objective_cadence(tmp_path):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v6.json", path)
    workspace = Repository(path).load()
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert raw["teams"] == {}  # no team settings yet: every team checks in weekly, as before
    assert all(o["cadence"] is None for o in raw["objectives"].values())
    assert workspace.team_settings == [] and all(o.cadence is None for o in workspace.objectives)
    assert len(list(tmp_path.glob("okr.json.v6-*.bak"))) == 1


def test_schema_7_fixture_keeps_its_team_settings(tmp_path):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v7.json", path)
    workspace = Repository(path).load()
    assert {(t.name, t.cadence, t.lead) for t in workspace.team_settings} == {
        ("行銷", "monthly", "林美玲"), ("業務", "weekly", "王小明")}
    assert workspace.objective(4).cadence == "biweekly"


def test_schema_7_gains_an_empty_initiatives_table(tmp_path):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v7.json", path)
    workspace = Repository(path).load()
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["meta"]["1"]["schema_version"] == 11 == SCHEMA_VERSION  # then on to 9 (KPI-fed KRs), 10 (levels), 11
    assert raw["initiatives"] == {}  # an older file planned no work under its KRs
    assert workspace.initiatives == [] and workspace.initiatives_of(1) == []
    assert len(list(tmp_path.glob("okr.json.v7-*.bak"))) == 1


def test_schema_8_fixture_keeps_its_initiatives(tmp_path):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v8.json", path)
    workspace = Repository(path).load()
    assert [(i.title, i.status, i.due) for i in workspace.initiatives_of(1)] == [
        ("拜訪20家潛在企業客戶", "doing", "2026-W49"), ("準備企業方案報價範本", "done", None)]
    assert [i.owner for i in workspace.initiatives_of(7)] == [""]


def test_schema_7_gains_no_source_kpi_for_any_kr(tmp_path):
    """Schema 9 (KRs fed by a KPI): every KR of an older file is checked in by hand, as before."""
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v7.json", path)
    before = json.loads(path.read_text(encoding="utf-8"))
    assert all("source_kpi_id" not in kr for kr in before["key_results"].values())
    workspace = Repository(path).load()
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["meta"]["1"]["schema_version"] == 11 == SCHEMA_VERSION
    assert [kr["source_kpi_id"] for kr in raw["key_results"].values()] == [None] * 9
    assert all(kr.source_kpi_id is None for kr in workspace.key_results)
    assert len(workspace.checkins) == len(before["checkins"])  # nothing else touched
    assert len(list(tmp_path.glob("okr.json.v7-*.bak"))) == 1


def test_schema_9_fixture_keeps_its_kpi_link(tmp_path):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v9.json", path)
    workspace = Repository(path).load()
    assert {kr.id: kr.source_kpi_id for kr in workspace.key_results if kr.source_kpi_id} == {7: 5}
    assert len(list(tmp_path.glob("okr.json.v9-*.bak"))) == 1


def test_schema_8_gains_no_source_kpi_and_keeps_its_initiatives(tmp_path):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v8.json", path)
    workspace = Repository(path).load()
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["meta"]["1"]["schema_version"] == 11
    assert all(kr["source_kpi_id"] is None for kr in raw["key_results"].values())
    assert len(workspace.initiatives_of(1)) == 2
    assert len(list(tmp_path.glob("okr.json.v8-*.bak"))) == 1


def test_schema_7_objectives_become_team_objectives_aligned_to_objectives_only(tmp_path):
    """Schema 10 (alignment): every objective of an older file was a team's, and aligned to objectives."""
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v7.json", path)
    before = json.loads(path.read_text(encoding="utf-8"))
    workspace = Repository(path).load()
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["meta"]["1"]["schema_version"] == 11
    assert {(o["level"], o["parent_kr_id"]) for o in raw["objectives"].values()} == {("team", None)}
    assert [o.parent_id for o in workspace.objectives] == [o["parent_id"] for o in before["objectives"].values()]
    assert len(list(tmp_path.glob("okr.json.v7-*.bak"))) == 1


def test_schema_10_fixture_keeps_its_levels_and_its_alignment_to_a_key_result(tmp_path):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v10.json", path)
    workspace = Repository(path).load()
    assert len(list(tmp_path.glob("okr.json.v10-*.bak"))) == 1  # then on to 11 (the log's own file)
    assert {kr.id: kr.source_kpi_id for kr in workspace.key_results if kr.source_kpi_id} == {7: 5}
    assert workspace.objective(1).level == "company"
    assert (workspace.objective(3).parent_kr_id, workspace.objective(3).parent_id) == (2, None)
    assert workspace.aligned_to_kr(2) == [workspace.objective(3)]
