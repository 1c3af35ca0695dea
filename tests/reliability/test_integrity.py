"""Issues 16.5, 16.6, 16.9, 16.10, 17.8 and 17.9 through the command line: one sentence, exit 2,
nothing written; ids are canonical ASCII numbers; bidi controls are shown as marks."""

from __future__ import annotations

import json

import pytest
from filelock import FileLock, Timeout
from tinydb.table import Table

from okrtui.storage import exchange as importing
from okrtui.storage.exchange import import_file
from okrtui.storage import store as store_module
from okrtui.storage.repository import Repository

HEADER = "quarter,team,objective,kr,kind,unit,start,target,current,owner\n"


def one_sentence(done, *words: str) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


# ---- 16.5: a value whose progress overflows ---------------------------------------------------


def test_1e308_is_refused_before_saving_and_nothing_crashes_after_a_forced_huge_value(run_cli, demo_path):
    before = demo_path.read_bytes()
    one_sentence(run_cli("checkin", "7", "1e308", "--db", str(demo_path)), "more than 10 times", "--force")
    assert demo_path.read_bytes() == before
    done = run_cli("checkin", "7", "1e308", "--force", "--db", str(demo_path))  # forced: the renderers still cope
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    for args in (["list"], ["list", "--json"], ["report"], ["report", "--format", "csv"], ["report", "--format", "json"]):
        done = run_cli(*args, "--quarter", "2026-Q4", "--db", str(demo_path))
        assert done.returncode == 0, (args, done.stderr)


# ---- 16.6: hostile files -------------------------------------------------------------------------


def _with(demo_path, change) -> bytes:
    data = json.loads(demo_path.read_text(encoding="utf-8"))
    change(data)
    return json.dumps(data, ensure_ascii=False).encode()


HOSTILE = {
    "nested 100,000 levels": (lambda p: b"[" * 100_000 + b"]" * 100_000, "nested more than 1024 levels"),
    "1e400": (lambda p: p.read_bytes().replace(b'"revision":', b'"x":1e400,"revision":', 1), "too large (like 1e400)"),
    "id 07": (lambda p: _with(p, lambda d: d["key_results"].update({"07": d["key_results"]["7"]})), "the id '07'"),
    "id ٧": (lambda p: _with(p, lambda d: d["key_results"].update({"٧": d["key_results"]["7"]})), "the id '٧'"),
    "5,000-digit id": (lambda p: _with(p, lambda d: d["checkins"].update({"9" * 5000: d["checkins"]["1"]})),
                       "the id '999999999999999999999999…'"),
    "huge integer": (lambda p: p.read_bytes().replace(b'"kr_id":7', b'"kr_id":' + b"9" * 30, 1),
                     "key result is too large a number"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_database_is_one_sentence_naming_the_file(run_cli, demo_path, name):
    make, words = HOSTILE[name]
    content = make(demo_path)
    demo_path.write_bytes(content)
    for args in (["list"], ["checkin", "7", "2"]):
        one_sentence(run_cli(*args, "--db", str(demo_path)), str(demo_path), words)
    assert demo_path.read_bytes() == content


@pytest.mark.parametrize("name, content", [("deep.json", "[" * 100_000 + "]" * 100_000),
                                           ("deep.csv", '{"a":' * 100_000 + "1" + "}" * 100_000),
                                           ("inf.json", '{"app": "okrtui-export", "schema_version": 3, "x": 1e400}')])
def test_a_hostile_import_is_one_sentence(run_cli, demo_path, tmp_path, name, content):
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    before = demo_path.read_bytes()
    one_sentence(run_cli("import", str(source), "--db", str(demo_path)), name, "not valid JSON")
    assert demo_path.read_bytes() == before


# ---- 16.10: odd references ---------------------------------------------------------------------------


def test_an_arabic_indic_digit_is_not_an_id(run_cli, demo_path):
    before = demo_path.read_bytes()
    one_sentence(run_cli("checkin", "١", "5", "--db", str(demo_path)), "no key result matches '١'")
    one_sentence(run_cli("checkin", "9" * 5000, "5", "--db", str(demo_path)), "no key result has id 999")
    assert demo_path.read_bytes() == before


@pytest.mark.parametrize("args, words", [(["--as-of", "9999-12-31"], "'9999-12-31' is outside the dates"),
                                         (["--quarter", "0000-Q1"], "'0000-Q1' is not a quarter okrtui can use")])
def test_dates_and_quarters_at_the_edges_of_the_calendar_are_a_sentence(run_cli, demo_path, args, words):
    one_sentence(run_cli("list", *args, "--db", str(demo_path)), words)
    one_sentence(run_cli("report", "--quarter", "0000-Q1", "--db", str(demo_path)), "not a quarter okrtui can use")


def test_bidi_controls_are_shown_as_marks_in_list_and_reports(run_cli, demo_path):
    repo = Repository(demo_path)
    repo.update_key_result(7, title="回應時間 \u202eexe.txt", owner="\u2067陳\u2069")
    repo.update_objective(4, title="\u202bO4 title\u202c")
    repo.record_checkin(7, 2, note="note \u202d!")
    outputs = [run_cli(*args, "--quarter", "2026-Q4", "--db", str(demo_path)).stdout
               for args in (["list"], ["report"], ["report", "--format", "csv"])]
    for out in outputs:
        assert "⟨RLO⟩ex" in out and "⟨RLE⟩O4 title" in out
        assert not any(ch in out for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    for args in (["list", "--json"], ["report", "--format", "json"]):
        out = run_cli(*args, "--quarter", "2026-Q4", "--db", str(demo_path)).stdout
        assert "\u202e" not in out and "\\u202e" in out
        assert "回應時間 \u202eexe.txt" in json.dumps(json.loads(out), ensure_ascii=False)  # the data is unchanged
    checkin = run_cli("checkin", "7", "2", "--db", str(demo_path)).stdout
    assert "⟨RLO⟩" in checkin and "\u202e" not in checkin


# ---- 17.8: values nobody meant -------------------------------------------------------------------------


def test_a_negative_value_needs_no_double_dash(run_cli, demo_path):
    done = run_cli("checkin", "流量", "-5", "-c", "3", "--db", str(demo_path))
    assert done.returncode == 0, done.stderr
    assert Repository(demo_path).load().key_result(4).current == -5
    done = run_cli("checkin", "-c", "4", "流量", "-7.5", "--db", str(demo_path))
    assert done.returncode == 0, done.stderr
    assert Repository(demo_path).load().key_result(4).current == -7.5


@pytest.mark.parametrize("value, words", [("1e9", "more than 10 times as far from the start (38500)"),
                                          ("30%", "the value is in %, but this key result is measured in 次瀏覽/月")])
def test_an_unlikely_value_is_refused_unless_forced(run_cli, demo_path, value, words):
    before = demo_path.read_bytes()
    one_sentence(run_cli("checkin", "流量", value, "--db", str(demo_path)), words, "(--force records it anyway)")
    assert demo_path.read_bytes() == before
    assert run_cli("checkin", "流量", value, "--force", "--db", str(demo_path)).returncode == 0
    assert Repository(demo_path).load().key_result(4).current == float(value.rstrip("%"))


def test_csv_import_applies_the_same_rule(run_cli, demo_path, tmp_path):
    source = tmp_path / "new.csv"
    source.write_text(HEADER + "2026-Q4,客服,新目標,回覆率,increase,%,10,20,5000,王\n", encoding="utf-8")
    before = demo_path.read_bytes()
    done = run_cli("import", str(source), "--db", str(demo_path))
    assert done.returncode == 2 and "more than 10 times as far" in done.stderr and "--force imports it anyway" in done.stderr
    assert demo_path.read_bytes() == before
    assert run_cli("import", str(source), "--force", "--db", str(demo_path)).returncode == 0
    kr = next(k for k in Repository(demo_path).load().key_results if k.title == "回覆率")
    assert kr.current == 5000


# ---- 17.9: candidates ------------------------------------------------------------------------------------


def test_an_unknown_id_lists_eight_candidates_and_says_how_many_more(run_cli, demo_path):
    line = one_sentence(run_cli("checkin", "999", "10", "--db", str(demo_path)), "no key result has id 999")
    assert "8: " in line and "9: " not in line and line.endswith("… and 7 more)")  # the demo's 15 KRs


# ---- 16.9: an import inserts once -----------------------------------------------------------------------------


def test_a_csv_import_writes_each_table_once_whatever_the_number_of_rows(demo_path, tmp_path, monkeypatch):
    rows = "".join(f"2026-Q4,團隊{i // 100},目標 {i // 10},成果 {i},increase,件,0,100,{i % 90},王\n" for i in range(300))
    source = tmp_path / "many.csv"
    source.write_text(HEADER + rows, encoding="utf-8")
    updates: list[str] = []
    original_update = Table._update_table
    saves: list[int] = []
    original_write = store_module.atomic_write
    lock_free_while_planning: list[bool] = []
    original_plan = importing.plan_csv

    def counting_update(self, updater):
        updates.append(self.name)
        return original_update(self, updater)

    def counting_write(path, payload, **kwargs):
        saves.append(len(payload))
        return original_write(path, payload, **kwargs)

    def counting_plan(*args, **kwargs):
        try:  # the rows are parsed and checked before the lock is taken
            with FileLock(str(demo_path) + ".lock", timeout=0):
                lock_free_while_planning.append(True)
        except Timeout:
            lock_free_while_planning.append(False)
        return original_plan(*args, **kwargs)

    monkeypatch.setattr(Table, "_update_table", counting_update)
    monkeypatch.setattr(store_module, "atomic_write", counting_write)
    monkeypatch.setattr(importing, "plan_csv", counting_plan)
    plan = import_file(Repository(demo_path), source, author="t")
    assert len(plan.key_results) == 300 and len(plan.objectives) == 30
    # One insert per table (objectives, key results, check-ins, KPIs) and the meta revision (the log entry
    # is a line appended to the log file):
    # not one per row.
    assert sorted(updates) == sorted(["objectives", "key_results", "checkins", "kpis", "meta"]), updates
    assert len(saves) == 1 and lock_free_while_planning == [True]
    ws = Repository(demo_path).load()
    (entry,) = ws.changes
    assert entry.action == "import" and sum(r.kind == "key_result" and r.before is None for r in entry.records) == 300
    krs = [k for k in ws.key_results if k.title.startswith("成果 ")]
    assert len(krs) == 300 and all(len(ws.checkins_of(k.id)) == 1 for k in krs)
    assert {ws.objective(k.objective_id).title for k in krs} == {f"目標 {i}" for i in range(30)}
