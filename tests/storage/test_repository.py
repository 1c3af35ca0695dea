"""The repository: single atomic writes, exact records, revision counter, permissions, undo and restore."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timedelta, timezone

import pytest

from okrtui.domain.models import SCHEMA_VERSION
from okrtui.domain.validation import InvalidInput
from okrtui.storage.errors import DatabaseError, NotFound
from okrtui.storage.repository import Repository


def raw(repo: Repository) -> dict:
    return json.loads(repo.path.read_text(encoding="utf-8"))


def test_create_makes_a_private_file_with_meta(tmp_path):
    repo = Repository(tmp_path / "new.json")
    workspace = repo.create()
    assert stat.S_IMODE(repo.path.stat().st_mode) == 0o600
    data = raw(repo)
    assert data["meta"]["1"]["app"] == "okrtui"
    assert data["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert workspace.objectives == []


def test_every_write_bumps_the_revision(empty_repo):
    start = empty_repo.load().meta.revision
    objective = empty_repo.add_objective(quarter="2026-Q4", title="讓客戶更滿意", team="客服")
    empty_repo.update_objective(objective.id, owner="陳大同")
    assert empty_repo.load().meta.revision == start + 2


def test_record_checkin_appends_and_updates_kr_in_one_write(empty_repo):
    o = empty_repo.add_objective(quarter="2026-Q4", title="Delight customers", team="Support")
    kr = empty_repo.add_key_result(o.id, title="Response time to 1h", kind="decrease", unit="h", start=4, target=1)
    before = empty_repo.load().meta.revision
    checkin, updated = empty_repo.record_checkin(kr.id, 2.5, confidence=8, note="new rota", author="ann")
    ws = empty_repo.load()
    assert ws.meta.revision == before + 1  # one write, not two
    stored = ws.key_result(kr.id)
    assert stored.current == 2.5 and stored.confidence == 8
    assert stored.updated_at == checkin.at
    history = ws.checkins_of(kr.id)
    assert [(c.value, c.confidence, c.note, c.author) for c in history] == [(2.5, 8, "new rota", "ann")]
    assert history[0].previous_value == 4 and history[0].previous_confidence == 5


def test_checkin_without_confidence_keeps_the_krs_confidence(empty_repo):
    o = empty_repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    kr = empty_repo.add_key_result(o.id, title="Clients 0 to 10", unit="clients", start=0, target=10, confidence=6)
    empty_repo.record_checkin(kr.id, 3)
    assert empty_repo.load().key_result(kr.id).confidence == 6


def test_undo_checkin_restores_value_and_confidence(empty_repo):
    o = empty_repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    kr = empty_repo.add_key_result(o.id, title="Clients 0 to 10", unit="clients", start=0, target=10)
    first, _ = empty_repo.record_checkin(kr.id, 3, confidence=7)
    second, _ = empty_repo.record_checkin(kr.id, 5, confidence=4)
    empty_repo.undo_checkin(second.id)
    ws = empty_repo.load()
    assert ws.key_result(kr.id).current == 3 and ws.key_result(kr.id).confidence == 7
    assert [c.id for c in ws.checkins_of(kr.id)] == [first.id]
    empty_repo.undo_checkin(first.id)
    ws = empty_repo.load()
    assert ws.key_result(kr.id).current == 0 and ws.key_result(kr.id).confidence == 5
    assert ws.checkins_of(kr.id) == []


def test_undo_of_an_older_checkin_keeps_a_later_one_from_someone_else(empty_repo):
    o = empty_repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    kr = empty_repo.add_key_result(o.id, title="Clients 0 to 10", unit="clients", start=0, target=10)
    t0 = datetime(2026, 11, 1, tzinfo=timezone.utc)
    mine, _ = empty_repo.record_checkin(kr.id, 3, at=t0)
    empty_repo.record_checkin(kr.id, 6, confidence=9, at=t0 + timedelta(hours=1))
    empty_repo.undo_checkin(mine.id)
    assert empty_repo.load().key_result(kr.id).current == 6


def test_invalid_input_writes_nothing(empty_repo):
    o = empty_repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    before = empty_repo.path.read_bytes()
    with pytest.raises(InvalidInput, match="target must differ from start"):
        empty_repo.add_key_result(o.id, title="Flat", kind="increase", start=5, target=5)
    with pytest.raises(InvalidInput, match="control character"):
        empty_repo.add_objective(quarter="2026-Q4", title="bad\x1b[31m", team="Sales")
    with pytest.raises(NotFound):
        empty_repo.record_checkin(999, 1)
    kr = empty_repo.add_key_result(o.id, title="Launch", kind="milestone", start=0, target=1)
    after_add = empty_repo.path.read_bytes()
    with pytest.raises(InvalidInput, match="milestone"):
        empty_repo.record_checkin(kr.id, 0.5)
    assert empty_repo.path.read_bytes() == after_add
    assert before != after_add


def test_delete_objective_and_restore_brings_everything_back(demo_repo):
    before = demo_repo.load()
    objective = before.objectives_in("2026-Q4", "客服")[0]
    kr_ids = [k.id for k in before.krs_of(objective.id)]
    n_checkins = sum(len(before.checkins_of(k)) for k in kr_ids)
    assert n_checkins > 0
    gone = demo_repo.delete_objective(objective.id)
    mid = demo_repo.load()
    assert mid.objective(objective.id) is None
    assert all(mid.key_result(k) is None for k in kr_ids)
    assert len(mid.checkins) == len(before.checkins) - n_checkins
    demo_repo.restore(gone)
    after = demo_repo.load()
    assert after.objective(objective.id) == objective
    assert [k.model_dump() for k in after.krs_of(objective.id)] == [k.model_dump() for k in before.krs_of(objective.id)]
    assert sorted(c.id for c in after.checkins) == sorted(c.id for c in before.checkins)


def _aligned_to_the_company_objective(demo_repo):
    """The demo's teams serve the company's KRs (schema 8); these tests want links to the objective."""
    for objective_id in (2, 3, 4):
        demo_repo.update_objective(objective_id, parent_kr_id=None, parent_id=1)
    return demo_repo.load()


def test_deleting_a_parent_unaligns_children_and_restore_realigns(demo_repo):
    ws = _aligned_to_the_company_objective(demo_repo)
    company = next(o for o in ws.objectives if o.level == "company")
    children = [c.id for c in ws.children_of(company.id)]
    assert len(children) == 3
    gone = demo_repo.delete_objective(company.id)
    assert all(demo_repo.load().objective(c).parent_id is None for c in children)
    demo_repo.restore(gone)
    assert all(demo_repo.load().objective(c).parent_id == company.id for c in children)


def test_alignment_loops_and_missing_parents_are_refused(demo_repo):
    ws = _aligned_to_the_company_objective(demo_repo)
    company = next(o for o in ws.objectives if o.level == "company")
    child, other = ws.children_of(company.id)[:2]
    demo_repo.update_objective(other.id, parent_id=child.id)  # a team under a team: allowed
    with pytest.raises(InvalidInput, match="loop"):
        demo_repo.update_objective(child.id, parent_id=other.id)
    with pytest.raises(InvalidInput, match="is a team objective; a company objective aligns to its own level"):
        demo_repo.update_objective(company.id, parent_id=child.id)  # the company under a team
    with pytest.raises(InvalidInput, match="no objective 999"):
        demo_repo.update_objective(child.id, parent_id=999)


def test_new_file_is_0600_and_existing_mode_is_kept(tmp_path):
    repo = Repository(tmp_path / "okr.json")
    repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    assert stat.S_IMODE(repo.path.stat().st_mode) == 0o600
    os.chmod(repo.path, 0o640)
    repo.add_objective(quarter="2026-Q4", title="Shine", team="Marketing")
    assert stat.S_IMODE(repo.path.stat().st_mode) == 0o640


def test_no_temporary_files_are_left_behind(empty_repo):
    o = empty_repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    for value in range(5):
        kr = empty_repo.add_key_result(o.id, title=f"KR {value}", start=0, target=10)
        empty_repo.record_checkin(kr.id, value)
    leftovers = [p.name for p in empty_repo.path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_stat_token_changes_when_another_writer_saves(demo_repo):
    token = demo_repo.stat_token()
    other = Repository(demo_repo.path)
    other.record_checkin(1, 7)
    assert demo_repo.stat_token() != token


def test_text_is_stored_literally(empty_repo):
    title = "[bold]紅[/] 🚀 ‏עברית‎ 👩‍💻 [@click=app.quit]"
    o = empty_repo.add_objective(quarter="2026-Q4", title=title, team="團隊")
    assert empty_repo.load().objective(o.id).title == title
    assert title in empty_repo.path.read_text(encoding="utf-8")  # readable, not \\u-escaped


def test_kpi_reading_appends_history_and_sets_current(empty_repo):
    kpi = empty_repo.add_kpi(name="客訴率", team="客服", unit="%", direction="lower_is_better", target=3)
    empty_repo.record_kpi_reading(kpi.id, 3.4)
    updated = empty_repo.record_kpi_reading(kpi.id, 2.9, note="better")
    assert updated.kpi.current == 2.9 and updated.fed == []  # no KR names it as its source
    assert [r.value for r in empty_repo.load().kpis[0].readings] == [3.4, 2.9]


def test_update_delete_and_restore_a_kpi(empty_repo):
    kpi = empty_repo.add_kpi(name="月營收", team="業務", unit="萬元", target=120)
    empty_repo.record_kpi_reading(kpi.id, 100)
    updated = empty_repo.update_kpi(kpi.id, target=130, watch_band=0.05)
    assert (updated.target, updated.watch_band, updated.current) == (130, 0.05, 100)
    with pytest.raises(InvalidInput, match="watch band must be at most 1"):
        empty_repo.update_kpi(kpi.id, watch_band=2)
    gone = empty_repo.delete_kpi(kpi.id)
    assert empty_repo.load().kpis == []
    empty_repo.restore(gone)
    restored = empty_repo.load().kpis
    assert [(k.id, k.target, len(k.readings)) for k in restored] == [(kpi.id, 130, 1)]


def test_standup_marker_is_shared_through_the_file(empty_repo):
    moment = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
    empty_repo.mark_standup(moment)
    assert Repository(empty_repo.path).load().meta.standup_at == moment


def test_rows_remembered_as_valid_are_checked_again_once_the_file_changes(demo_repo):
    """The repository skips validating rows equal to ones it validated; a row edited behind its
    back (by hand, by another version) is validated again and refused."""
    demo_repo.load()
    demo_repo.record_checkin(1, 7)  # the repository has now validated every row of the file
    data = raw(demo_repo)
    data["key_results"]["1"]["target"] = "lots"
    demo_repo.path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = demo_repo.path.read_bytes()
    with pytest.raises(DatabaseError, match="record 1 of 'key_results'"):
        demo_repo.load()
    with pytest.raises(DatabaseError, match="record 1 of 'key_results'"):
        demo_repo.record_checkin(2, 7)
    assert demo_repo.path.read_bytes() == before


def test_a_row_changed_in_place_by_a_write_is_not_served_stale(demo_repo):
    demo_repo.load()
    demo_repo.update_key_result(1, title="新的標題 10 家")
    demo_repo.record_checkin(1, 9)
    again = demo_repo.load()
    assert again.key_result(1).title == "新的標題 10 家" and again.key_result(1).current == 9
    assert Repository(demo_repo.path).load().key_result(1) == again.key_result(1)


def test_team_settings_are_set_kept_and_bad_ones_refused(demo_repo):
    from okrtui.domain.validation import InvalidInput

    team = demo_repo.set_team_settings("行銷", cadence="monthly")
    assert (team.name, team.cadence, team.lead) == ("行銷", "monthly", "林美玲")  # the lead is kept
    demo_repo.set_team_settings("行銷", lead="黃思涵")
    assert demo_repo.load().team_record("行銷").model_dump(exclude={"id"}) == {
        "name": "行銷", "cadence": "monthly", "lead": "黃思涵"}
    new = demo_repo.set_team_settings("研發", cadence="biweekly")
    assert (new.cadence, new.lead) == ("biweekly", "") and demo_repo.load().team_record("研發") is not None
    before = demo_repo.path.read_bytes()
    with pytest.raises(InvalidInput, match="cadence"):
        demo_repo.set_team_settings("行銷", cadence="daily")
    assert demo_repo.path.read_bytes() == before


def test_a_deleted_key_result_comes_back_record_for_record(demo_repo):
    def rows() -> dict:
        ws = demo_repo.load()
        return {t: sorted((r.model_dump() for r in getattr(ws, t)), key=lambda r: r["id"])
                for t in ("objectives", "key_results", "checkins", "initiatives", "kpis")}

    ws = demo_repo.load()
    kr = next(k for k in ws.key_results if ws.checkins_of(k.id) and ws.aligned_to_kr(k.id))
    demo_repo.add_initiative(kr.id, "Call the first ten", owner="王小明", status="doing", due="2026-W50")
    before = rows()
    gone = demo_repo.delete_key_result(kr.id)
    mid = demo_repo.load()
    assert mid.key_result(kr.id) is None and not mid.checkins_of(kr.id) and not mid.initiatives_of(kr.id)
    assert not mid.aligned_to_kr(kr.id)
    demo_repo.restore(gone)
    assert rows() == before  # the same ids, fields and links
