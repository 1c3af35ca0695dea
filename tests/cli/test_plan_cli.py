"""okrtui apply, export --format md, lint FILE.md and edit (with a fake editor), as subprocesses."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest


def _export(run, db: Path, *extra: str) -> str:
    return run("export", "--format", "md", "--db", str(db), *extra, check_exit=0).stdout


def _rows(db: Path) -> dict:
    return json.loads(db.read_text(encoding="utf-8"))


def test_export_md_then_apply_to_a_new_database_and_again(run, cli_demo, tmp_path):
    text = _export(run, cli_demo)
    plan = tmp_path / "plan.md"
    plan.write_text(text, encoding="utf-8")
    new = tmp_path / "new.json"
    run("apply", str(plan), "--db", str(new), "--dry-run", check_exit=2)  # no database there
    from okrtui.storage.repository import Repository

    Repository(new).create()
    first = run("apply", str(plan), "--db", str(new), check_exit=0)
    # The demo: the company objective with its 3 KRs, three teams' 3 × 3, 張志豪's objective with 3.
    assert "5 objectives added, 15 key results added, 7 initiatives added" in first.stdout
    assert first.stdout.rstrip().endswith("applied: 5 objectives added, 15 key results added, 7 initiatives added")
    assert len(Repository(new).load().initiatives) == 7  # another database: its tags name nothing here
    before = new.read_bytes()
    second = run("apply", str(plan), "--db", str(new), check_exit=0)
    assert "nothing to change" in second.stdout and "applied" not in second.stdout
    assert new.read_bytes() == before


def test_dry_run_writes_nothing_and_prune_needs_yes_without_a_terminal(run, cli_demo, tmp_path):
    text = _export(run, cli_demo, "--team", "行銷")
    plan = tmp_path / "m.md"
    plan.write_text(text.split("- 完成2場線上直播活動")[0], encoding="utf-8")
    before = cli_demo.read_bytes()
    dry = run("apply", str(plan), "--db", str(cli_demo), "--prune", "--dry-run", check_exit=0)
    assert "- #6 完成2場線上直播活動,且參與人數達500人 (7 check-ins would be lost)" in dry.stdout
    refused = run("apply", str(plan), "--db", str(cli_demo), "--prune", check_exit=2)
    assert "pass --yes" in refused.stderr
    kept = run("apply", str(plan), "--db", str(cli_demo), check_exit=0)
    assert "not in the file, kept (--prune removes them): #6" in kept.stdout
    assert cli_demo.read_bytes() == before
    run("apply", str(plan), "--db", str(cli_demo), "--prune", "--yes", check_exit=0)
    assert "6" not in _rows(cli_demo)["key_results"]
    assert not any(c["kr_id"] == 6 for c in _rows(cli_demo)["checkins"].values())


def test_a_bad_file_is_one_line_with_its_number_exit_2_nothing_written(run, cli_demo, tmp_path):
    plan = tmp_path / "bad.md"
    plan.write_text("# 2026-Q4\n\n## Grow\nteam: A\n\n- Revenue\n  grows 0 → 5\n", encoding="utf-8")
    before = cli_demo.read_bytes()
    done = run("apply", str(plan), "--db", str(cli_demo), check_exit=2)
    assert done.stderr.startswith("okrtui: line 7: a key result's line starts with its kind and numbers")
    assert len(done.stderr.strip().splitlines()) == 1
    assert cli_demo.read_bytes() == before


PLAN = """# 2026-Q4

## Grow revenue 30% in Asia
team: Sales · owner: Ann · committed

""" + "".join(f"- Revenue step {i} to 10 M\n  increase 0 → 10 M€ · weight: 1\n" for i in range(6)) + """
## Delight customers
team: Support

- Satisfaction at 90%
  at_least 80 → 90 %
"""


def test_lint_a_file_names_the_objective_with_a_number_and_the_one_with_six_krs(run, tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_text(PLAN, encoding="utf-8")
    done = run("lint", str(plan), check_exit=0)  # warnings only
    assert "line 3: warning [objective-has-number]" in done.stdout
    assert "line 3: warning [too-many-krs] 6 key results; keep to 5 or fewer" in done.stdout
    assert "line 19: warning [too-few-krs]" in done.stdout
    plan.write_text(PLAN + "\n## Nothing measured\nteam: Ops\n", encoding="utf-8")
    failed = run("lint", str(plan), check_exit=1)
    assert "line 25: error [objective-no-krs]" in failed.stdout
    plan.write_text("# 2026-Q4\n- orphan\n", encoding="utf-8")
    assert run("lint", str(plan), check_exit=2).stderr.startswith("okrtui: line 2: ")


def _editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake_editor.py"
    script.write_text("import pathlib, sys\npath = pathlib.Path(sys.argv[-1])\ntext = path.read_text(encoding='utf-8')\n"
                      + body + "\npath.write_text(text, encoding='utf-8')\n", encoding="utf-8")
    return f"{sys.executable} {script}"


def test_edit_changes_exactly_the_kr_the_editor_changed_and_keeps_its_checkins(run, cli_demo, tmp_path):
    before = _rows(cli_demo)
    editor = _editor(tmp_path, "text = text.replace('網站月流量增長30%,達5萬次瀏覽 {#4}', '網站月流量達6萬次瀏覽 {#4}')"
                               ".replace('38500 → 50000', '38500 → 60000')")
    done = run("edit", "--db", str(cli_demo), "--yes", env={"EDITOR": editor, "VISUAL": ""}, check_exit=0)
    assert "applied: 1 key result changed" in done.stdout
    after = _rows(cli_demo)
    from datetime import datetime

    changed, was = dict(after["key_results"]["4"]), dict(before["key_results"]["4"])
    instant = [datetime.fromisoformat(r.pop("updated_at").replace("Z", "+00:00")) for r in (changed, was)]
    assert instant[0] == instant[1]  # the same moment (written as Z once rewritten)
    assert changed == {**was, "title": "網站月流量達6萬次瀏覽", "target": 60000.0}
    assert {k: v for k, v in after["key_results"].items() if k != "4"} == {
        k: v for k, v in before["key_results"].items() if k != "4"}
    assert after["objectives"] == before["objectives"] and after["checkins"] == before["checkins"]


def test_edit_removes_only_in_its_scope_what_was_deleted(run, cli_demo, tmp_path):
    editor = _editor(tmp_path, "text = text.split('- 每月解決90%')[0]")
    run("edit", "--db", str(cli_demo), "--team", "客服", "--yes", env={"EDITOR": editor}, check_exit=0)
    rows = _rows(cli_demo)
    assert "9" not in rows["key_results"] and set(rows["key_results"]) == {str(i) for i in range(1, 16)} - {"9"}


def test_edit_with_broken_syntax_exits_2_keeps_the_file_and_writes_nothing(run, cli_demo, tmp_path):
    before = cli_demo.read_bytes()
    editor = _editor(tmp_path, "text = text.replace('  increase 0 → 50 萬元', '  increase zero to fifty')")
    done = run("edit", "--db", str(cli_demo), "--yes", env={"EDITOR": editor}, check_exit=2)
    assert cli_demo.read_bytes() == before
    assert "a key result's line starts with its kind and numbers" in done.stderr
    kept = Path(done.stderr.strip().rsplit("your file is kept at ", 1)[1])
    assert "increase zero to fifty" in kept.read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    kept.unlink()


def test_the_editor_is_visual_then_editor_split_like_a_shell(run, cli_demo, tmp_path):
    folder = tmp_path / "with space"
    folder.mkdir()
    log = tmp_path / "used.txt"
    script = folder / "ed.py"
    script.write_text(f"import sys\nopen({str(log)!r}, 'w').write(' '.join(sys.argv[1:]))\n", encoding="utf-8")
    visual = f"{sys.executable} '{script}' --flag"
    run("edit", "--db", str(cli_demo), "--yes", env={"VISUAL": visual, "EDITOR": "false"}, check_exit=0)
    used = log.read_text()
    assert used.startswith("--flag ") and used.endswith(".md")
    assert not Path(used.split(" ", 1)[1]).exists()  # nothing changed: the file is gone


def test_no_editor_at_all_is_exit_2_with_a_sentence(run, cli_demo, tmp_path):
    env = {"VISUAL": "", "EDITOR": "", "PATH": str(tmp_path / "empty")}
    done = run("edit", "--db", str(cli_demo), env=env, check_exit=2)
    assert done.stderr.strip() == "okrtui: no editor found: set $VISUAL or $EDITOR (for example: export EDITOR=nano)"


@pytest.mark.parametrize("status", [1])
def test_an_editor_that_fails_writes_nothing(run, cli_demo, status):
    before = cli_demo.read_bytes()
    done = run("edit", "--db", str(cli_demo), "--yes", env={"EDITOR": "false", "VISUAL": ""}, check_exit=2)
    assert f"the editor exited with status {status}" in done.stderr
    assert cli_demo.read_bytes() == before


def test_errors_go_at_their_lines_as_comments_and_are_replaced_next_round():
    from okrtui.present.plan_edit import with_errors_at_their_lines
    from okrtui.domain.plan_text import PlanError
    from okrtui.domain.plan_text_parse import parse_plan

    text = "# 2026-Q4\n\n## Grow\nteam: A\n\n- Revenue\n  grows 0 → 5\n"
    with pytest.raises(PlanError) as first:
        parse_plan(text)
    marked = with_errors_at_their_lines(text, first.value)
    lines = marked.split("\n")
    assert lines[0].startswith("<!-- okrtui: fix the lines marked okrtui below")
    # crontab -e style: the problem sits right above the line it is about, indented like it
    assert lines[7] == "  <!-- okrtui: " + first.value.lines[0][1] + " -->"
    assert lines[8] == "  grows 0 → 5"
    with pytest.raises(PlanError) as second:
        parse_plan(marked)  # the comments are ignored; the problem is found at its new line
    assert second.value.lines[0][0] == 9
    again = with_errors_at_their_lines(marked, second.value)
    assert again == marked  # the previous round's comments are replaced, not piled up
    fixed = marked.replace("grows 0 → 5", "increase 0 → 5")
    assert parse_plan(fixed).objectives[0].key_results[0].target == 5


def test_a_problem_that_quotes_a_comment_end_cannot_end_its_own_comment():
    from okrtui.present.plan_edit import with_errors_at_their_lines
    from okrtui.domain.plan_text import PlanError
    from okrtui.domain.plan_text_parse import parse_plan

    text = "# 2026-Q4\n\n## Grow\nteam: A · colour: red --> blue\n\n- Revenue\n  increase 0 → 5\n"
    with pytest.raises(PlanError) as first:
        parse_plan(text)
    marked = with_errors_at_their_lines(text, first.value)
    with pytest.raises(PlanError) as second:
        parse_plan(marked)
    assert [m for _n, m in second.value.lines] == [m for _n, m in first.value.lines]


def test_editor_command_order(monkeypatch):
    from okrtui.present.plan_edit import editor_command

    monkeypatch.setenv("VISUAL", "code --wait 'a b'")
    monkeypatch.setenv("EDITOR", "nano")
    assert editor_command() == ["code", "--wait", "a b"]
    monkeypatch.setenv("VISUAL", "")
    assert editor_command() == ["nano"]
