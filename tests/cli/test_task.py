"""`okrtui task` (issue 20): initiatives from the shell — add, start, done, list, edit, delete —
and the initiatives beside their KR in `okrtui list` and its JSON."""

from __future__ import annotations

import json

from okrtui.storage.repository import Repository


def test_add_start_done_by_tag_and_by_kr_and_title(run, cli_demo):
    db = ("--db", str(cli_demo))
    added = run("task", "add", "網站", "寫三篇客座文章", "--owner", "黃思涵", "--due", "2026-W51", *db, check_exit=0)
    assert added.stdout.splitlines() == ["Added: T8 ☐ to do  寫三篇客座文章 (黃思涵, due W51)",
                                         "  under #4 網站月流量增長30%,達5萬次瀏覽"]
    assert run("task", "start", "T8", *db, check_exit=0).stdout.startswith("Started: T8 ▶ doing  寫三篇客座文章")
    assert run("task", "done", "4", "客座", *db, check_exit=0).stdout.startswith("Done: T8 ✔ done")
    stored = Repository(cli_demo).load().initiative(8)
    assert (stored.kr_id, stored.status, stored.owner, stored.due) == (4, "done", "黃思涵", "2026-W51")
    assert stored.status_at is not None


def test_list_of_a_kr_and_of_the_quarter_with_filters(run, cli_demo):
    db = ("--db", str(cli_demo))
    one = run("task", "list", "1", *db, check_exit=0).stdout.splitlines()
    assert one == ["#1 新簽約10家企業客戶,達成50萬營收",
                   "  T1 ▶ doing  拜訪20家潛在企業客戶 (王小明, due W50)",
                   "  T2 ✔ done  簡化報價審核流程 (王小明, due W49)"]
    doing = json.loads(run("task", "list", "--status", "doing", "--json", *db, check_exit=0).stdout)
    assert sorted(i["id"] for i in doing) == [1, 3, 5, 7]  # the demo's four in progress
    mine = json.loads(run("task", "list", "--owner", "林美玲", "--json", *db, check_exit=0).stdout)
    assert [(i["id"], i["kr_title"][:4]) for i in mine] == [(4, "網站月流"), (5, "完成2場")]
    assert run("task", "list", "--team", "客服", *db, check_exit=0).stdout.count("  T") == 2


def test_edit_and_delete_then_undo_brings_it_back(run, cli_demo):
    db = ("--db", str(cli_demo))
    run("task", "edit", "T4", "--title", "SEO內容改寫", "--due", "none", "--owner", "", *db, check_exit=0)
    edited = Repository(cli_demo).load().initiative(4)
    assert (edited.title, edited.due, edited.owner) == ("SEO內容改寫", None, "")
    run("task", "delete", "T4", *db, check_exit=0)
    assert Repository(cli_demo).load().initiative(4) is None
    run("undo", *db, check_exit=0)
    assert Repository(cli_demo).load().initiative(4).title == "SEO內容改寫"


def test_bad_input_is_one_sentence_exit_2_and_nothing_written(run, cli_demo):
    db = ("--db", str(cli_demo))
    before = cli_demo.read_bytes()
    cases = [
        (("task", "add", "4", "x", "--due", "next week"), "is not a week; write it like 2026-W50"),
        (("task", "add", "4", "x", "--status", "finished"), "status must be one of: todo, doing, done"),
        (("task", "add", "nothing like this", "x"), "no key result matches"),
        (("task", "done", "4", "zzz"), "no initiative matches 'zzz'"),
        (("task", "done", "T99"), "there is no initiative T99"),
        (("task", "edit", "T4"), "say what to change"),
        (("task", "add", "4", "x", "--due", "2026-W54"), "2026 has no week 54"),
    ]
    for args, sentence in cases:
        done = run(*args, *db)
        assert done.returncode == 2, args
        assert sentence in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
    assert cli_demo.read_bytes() == before


def test_list_shows_initiatives_under_their_kr_and_in_json(run, cli_demo):
    db = ("--db", str(cli_demo))
    lines = run("list", *db, env={"COLUMNS": "120"}, check_exit=0).stdout.splitlines()
    kr = next(n for n, line in enumerate(lines) if line.lstrip().startswith("#4 "))
    assert lines[kr + 1].strip() == "T4 ☐ to do  改寫產品頁的SEO內容 (林美玲, due W50)"
    assert lines[kr + 2].lstrip().startswith("#5 ")  # #5 has none
    data = json.loads(run("list", "--json", *db, check_exit=0).stdout)
    krs = {k["id"]: k for o in data["objectives"] for k in o["key_results"]}
    assert [i["title"] for i in krs[1]["initiatives"]] == ["拜訪20家潛在企業客戶", "簡化報價審核流程"]
    assert krs[1]["initiatives"][0]["status"] == "doing" and krs[2]["initiatives"] == []
