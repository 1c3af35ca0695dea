"""okrtui edit's loop, in process (the editor is a function): the coach's findings and each problem
as comments at their lines, and what others changed meanwhile — who and what, from the change
log — with a second edit on top of their changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import pinned_clock

from okrtui.present.errors import UserError
from okrtui.present.plan_edit import run_edit
from okrtui.storage.repository import Repository
from tests.ui.ui_helpers import DEMO_QUARTER


@pytest.fixture
def editor(monkeypatch):
    """Each call of the editor runs the next step on the file's text (returning the text saved)."""
    steps: list = []
    seen: list[str] = []

    def call(command, **_kw):
        path = Path(command[-1])
        text = path.read_text(encoding="utf-8")
        seen.append(text)
        path.write_text(steps.pop(0)(text), encoding="utf-8")
        return 0

    monkeypatch.setenv("EDITOR", "fake-editor")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr("okrtui.present.plan_edit.subprocess.call", call)
    return steps, seen


@pytest.fixture
def answers(monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr("click.confirm", lambda text, **_kw: asked.append(text) or True)
    return asked


def _line_above(text: str, line_start: str) -> str:
    lines = text.split("\n")
    return lines[next(i for i, line in enumerate(lines) if line.startswith(line_start)) - 1]


def test_the_file_carries_the_coachs_findings_at_their_lines(demo_path, editor):
    steps, seen = editor
    steps.append(lambda text: text)
    run_edit(Repository(demo_path), DEMO_QUARTER, None, yes=True)
    above = _line_above(seen[0], "- 在新市場完成3場產品展示會")
    assert above.startswith("<!-- coach: hint [kr-partly-activity] '在新市場完成3場產品展示會' is an activity")
    assert above.endswith(" -->")


def test_errors_reopen_the_editor_with_each_problem_above_its_line(demo_path, editor, answers, capsys):
    steps, seen = editor
    steps.append(lambda text: text.replace("  increase 0 → 50 萬元", "  increase zero to fifty"))

    def fix(text: str) -> str:
        assert _line_above(text, "  increase zero to fifty").startswith(
            "  <!-- okrtui: a key result's line starts with its kind and numbers")
        assert text.startswith("<!-- okrtui: fix the lines marked okrtui below and save")
        return text.replace("increase zero to fifty", "increase 0 → 55 萬元")

    steps.append(fix)
    said, changes = run_edit(Repository(demo_path), DEMO_QUARTER, None, yes=False, interactive=True)
    assert answers == ["Edit again?", "Apply these changes?"]
    assert said == "applied: 1 key result changed" and changes is not None
    assert Repository(demo_path).load().key_result(1).target == 55


def test_someone_elses_change_to_another_record_is_kept_under_mine(demo_path, editor, answers, capsys):
    steps, _seen = editor

    def edit_while_they_rename(text: str) -> str:
        Repository(demo_path, author="王小明").update_key_result(5, title="社群互動增加2,000次")
        return text.replace("38500 → 50000", "38500 → 60000")

    steps.append(edit_while_they_rename)
    said, _changes = run_edit(Repository(demo_path, author="me"), DEMO_QUARTER, None, yes=True)
    assert said == "applied: 1 key result changed"
    err = capsys.readouterr().err
    assert "meanwhile, in the database:" in err and "王小明  edited  KR 5: title 社群媒體互動數(按讚數、分享、留言)增加2,000次 → 社群互動增加2,000次" in err
    ws = Repository(demo_path).load()
    assert ws.key_result(4).target == 60000
    assert ws.key_result(5).title == "社群互動增加2,000次"  # not put back by the file's old line


def _they_change_the_target_too(demo_path):
    def step(text: str) -> str:
        Repository(demo_path, author="王小明").update_key_result(4, target=55000)
        return text.replace("38500 → 50000", "38500 → 60000")
    return step


def test_a_conflict_without_a_terminal_says_who_and_writes_nothing(demo_path, editor, capsys):
    steps, _seen = editor
    steps.append(_they_change_the_target_too(demo_path))
    with pytest.raises(UserError) as error:
        run_edit(Repository(demo_path, author="me"), DEMO_QUARTER, None, yes=True)
    assert "王小明 changed the records you changed too; nothing was written; your file is kept at" in str(error.value)
    # The log speaks the workspace's wall clock: the demo's moment in this machine's zone.
    when = pinned_clock().local().strftime("%Y-%m-%d %H:%M")
    assert f"{when}  王小明  edited  KR 4: target 50,000 → 55,000" in capsys.readouterr().err
    assert Repository(demo_path).load().key_result(4).target == 55000
    Path(str(error.value).rsplit(" ", 1)[1]).unlink()


def test_a_conflict_on_a_terminal_reopens_the_file_on_top_of_their_change(demo_path, editor, answers):
    steps, _seen = editor
    steps.append(_they_change_the_target_too(demo_path))
    Repository(demo_path, author="王小明").update_key_result(6, title="兩場直播,參與人數達500人")  # before: in the file

    def second(text: str) -> str:
        note = _line_above(text, "- 網站月流量增長30%")
        assert note.startswith("<!-- okrtui: 王小明 also changed target here meanwhile (")
        assert "38500 → 60000" in text  # my value is kept, to choose
        return text.replace("38500 → 60000", "38500 → 58000")

    steps.append(second)
    said, _changes = run_edit(Repository(demo_path, author="me"), DEMO_QUARTER, None, yes=False, interactive=True)
    assert answers == ["Edit again on top of their changes?", "Apply these changes?"]
    assert said == "applied: 1 key result changed"
    assert Repository(demo_path).load().key_result(4).target == 58000


def test_rebase_takes_theirs_where_only_they_changed_and_brings_back_what_i_deleted_and_they_changed():
    from okrtui.domain.plan_rebase import rebase_plan
    from okrtui.domain.plan_text_parse import parse_plan

    base = parse_plan("# 2026-Q4\n\n## A {O1}\nteam: T\n\n- k1 {#1}\n  increase 0 → 5\n- k2 {#2}\n  increase 0 → 5\n")
    mine = parse_plan("# 2026-Q4\n\n## A renamed {O1}\nteam: T\n\n- k1 {#1}\n  increase 0 → 6\n- new\n  milestone\n")
    theirs = parse_plan("# 2026-Q4\n\n## A {O1}\nteam: T · owner: Bo\n\n- k1 {#1}\n  increase 0 → 7\n"
                        "- k2 {#2}\n  increase 0 → 9\n- k3 {#3}\n  milestone\n")
    merged, overlaps = rebase_plan(base, mine, theirs)
    o = merged.objectives[0]
    assert (o.title, o.owner) == ("A renamed", "Bo")
    assert [(k.title, k.target) for k in o.key_results] == [("k1", 6), ("new", 1), ("k2", 9), ("k3", 1)]
    assert [(v.kind, v.tag, v.fields) for v in overlaps] == [("#", 1, ["target"]), ("#", 2, [])]
