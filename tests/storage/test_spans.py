"""Tables a check-in does not read, kept as their bytes (storage/spans.py): the bytes written are
exactly what a full parse and encode would write, and spans that do not frame the table are
never used."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from okrtui.storage.demo import install_demo
from okrtui.storage.repository import Repository
from okrtui.storage import spans as spans_module
from okrtui.storage.spans import encode_tables, frames_table, lazy_loads, spans_of
from okrtui.storage.store import Store
from okrtui.storage.working_table import KeptRows
from tests.conftest import pinned_clock


def _file(tmp_path: Path) -> Path:
    db = tmp_path / "okr.json"
    install_demo(db, pinned_clock())
    Repository(db, clock=pinned_clock()).load()  # validated in full: proven from now on
    return db


def test_encode_tables_writes_orjsons_bytes_and_frames_the_kpis(tmp_path):
    data = orjson.loads(_file(tmp_path).read_bytes())
    data['odd "name" 名'] = {"1": {"x": "\u2028"}}
    payload, spans = encode_tables(data)
    assert payload == orjson.dumps(data)
    start, end = spans["kpis"]
    assert orjson.loads(payload[start:end]) == data["kpis"] and frames_table(payload, "kpis", (start, end))


def test_spans_that_do_not_frame_the_table_are_refused(tmp_path):
    payload, spans = encode_tables(orjson.loads(_file(tmp_path).read_bytes()))
    start, end = spans["kpis"]
    for wrong in ((start + 1, end), (start - 1, end), (0, len(payload)), (start, len(payload) + 5)):
        assert not frames_table(payload, "kpis", wrong)
    # one that looks right (it ends at a '}' inside the table): the spliced text does not parse
    for wrong in ((start + 1, end), (start, end - 1), (start - 1, end), (0, len(payload)), (start, len(payload) + 5)):
        assert lazy_loads(payload, {"kpis": wrong}, lambda data: {}) == orjson.loads(payload)


def test_lazy_loads_keeps_only_tables_the_scope_does_not_read(tmp_path):
    payload, spans = encode_tables(orjson.loads(_file(tmp_path).read_bytes()))
    kept = lazy_loads(payload, spans, lambda data: {"key_results": {"1"}})
    assert isinstance(kept["kpis"], KeptRows) and kept["kpis"].next_id is None  # no row may be added
    assert not isinstance(kept["checkins"], KeptRows)  # no largest id given: parsed
    assert encode_tables(kept)[0] == payload
    read = lazy_loads(payload, spans, lambda data: {"kpis": None})
    assert read == orjson.loads(payload)


def _checkin(db: Path, value: float) -> None:
    repo = Repository(db, clock=pinned_clock(), author="ann")
    kr = repo.load().key_results[0]
    repo.record_checkin(kr.id, value, confidence=5, force=True)


def test_a_check_in_writes_the_kpis_back_byte_for_byte(tmp_path, monkeypatch):
    db = _file(tmp_path)
    _checkin(db, 1.0)  # writes the spans into the digest cache's entry
    entry = orjson.loads(Store(db).digests.entry.read_bytes())
    assert "kpis" in entry["spans"]
    before = orjson.loads(db.read_bytes())
    kept: list[bool] = []

    def spying(raw, spans, scope, last=None):
        data = lazy_loads(raw, spans, scope, last)
        kept.append(isinstance(data["kpis"], KeptRows))
        return data

    monkeypatch.setattr(spans_module, "lazy_loads", spying)
    _checkin(db, 2.0)
    assert kept == [True]
    after = orjson.loads(db.read_bytes())
    assert after["kpis"] == before["kpis"]
    assert orjson.dumps(after["kpis"]) in db.read_bytes()
    workspace = Repository(db, clock=pinned_clock()).load()
    assert workspace.kpis and workspace.kpis == Repository(db, clock=pinned_clock()).load().kpis
    assert workspace.key_results[0].current == 2.0


@pytest.mark.parametrize("shift", [1, -1, 7])
def test_a_damaged_span_in_a_matching_entry_parses_the_whole_file(tmp_path, shift):
    db = _file(tmp_path)
    _checkin(db, 1.0)
    entry_path = Store(db).digests.entry
    entry = orjson.loads(entry_path.read_bytes())
    entry["spans"]["kpis"] = [entry["spans"]["kpis"][0] + shift, entry["spans"]["kpis"][1] + shift]
    entry_path.write_bytes(orjson.dumps(entry))
    before = orjson.loads(db.read_bytes())
    _checkin(db, 3.0)
    after = orjson.loads(db.read_bytes())  # valid JSON: nothing spliced at a wrong place
    assert after["kpis"] == before["kpis"]
    assert Repository(db, clock=pinned_clock()).load().key_results[0].current == 3.0


def test_spans_of_bytes_as_okrtui_writes_them_and_none_for_any_other_layout(tmp_path):
    data = orjson.loads(_file(tmp_path).read_bytes())
    payload, spans = encode_tables(data)
    assert spans_of(data, payload) == spans and set(spans) == {"checkins", "kpis"}
    assert spans_of(data, orjson.dumps(data, option=orjson.OPT_INDENT_2)) is None  # another tool's layout
    assert spans_of(data, payload + b" ") is None and spans_of(data, payload[:-1]) is None
    changed = payload.replace(b'"kind":"increase"', b'"kind":"decrease"', 1)
    assert changed != payload and spans_of(data, changed) is None
