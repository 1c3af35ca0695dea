"""One matching step for a plan file's objectives, key results and initiatives: by tag of this
database, else by the parent's title; each refusal a sentence on its line."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from okrtui.domain.plan_changes import plan_changes, plan_of
from okrtui.domain.plan_match import LineWords, match_line
from okrtui.domain.plan_text import PlanError
from okrtui.domain.plan_text_parse import parse_plan
from okrtui.domain.plan_text_render import render_plan
from okrtui.storage.repository import Repository

WORDS = LineWords("twice, first on line {first}", "no record {id}", "tag {id} twice")


@dataclass
class Thing:
    id: int | None
    title: str


@dataclass
class Entry:
    line: int
    tag: int | None
    title: str


RECORDS = {1: Thing(1, "a"), 2: Thing(2, "b"), 3: Thing(3, "a")}


def match(entries, *, tagged=True, elsewhere=lambda r: None):
    seen: dict = {}
    used: set[int] = set()
    problems: list[tuple[int, str]] = []
    found = [match_line(e, e.title, seen, tagged=RECORDS.get if tagged else None, candidates=list(RECORDS.values()),
                        used=used, words=WORDS, problems=problems, elsewhere=elsewhere) for e in entries]
    return [f.id if f else None for f in found], problems


def test_a_title_takes_the_first_record_no_earlier_line_took_then_a_new_one():
    ids, problems = match([Entry(1, None, "a"), Entry(2, None, "b"), Entry(3, None, "new")])
    assert (ids, problems) == ([1, 2, None], [])


def test_a_tag_names_its_record_even_renamed_and_a_title_then_skips_it():
    ids, problems = match([Entry(1, 1, "renamed"), Entry(2, None, "a")])
    assert (ids, problems) == ([1, 3], [])


def test_tags_are_ignored_for_another_databases_file():
    ids, _problems = match([Entry(1, 2, "a")], tagged=False)
    assert ids == [1]


def test_each_refusal_is_a_sentence_on_its_line():
    ids, problems = match([Entry(1, 9, "x"), Entry(2, 2, "b"), Entry(3, 2, "c"), Entry(4, None, "b")])
    assert ids == [None, 2, None, None]
    assert problems == [(1, "no record 9"), (3, "tag 2 twice"), (4, "twice, first on line 2")]
    ids, problems = match([Entry(5, 1, "a")], elsewhere=lambda r: f"{r.id} is elsewhere")
    assert (ids, problems) == ([None], [(5, "1 is elsewhere")])


def test_a_key_result_or_initiative_tag_given_twice_in_a_plan_is_refused(demo_path):
    ws = Repository(demo_path).load()
    text = render_plan(plan_of(ws, "2026-Q4"))
    for tag, other in (("{#1}", "{#2}"), ("{T1}", "{T2}")):
        assert tag in text and other in text
        with pytest.raises(PlanError) as caught:
            plan_changes(ws, parse_plan(text.replace(other, tag)))
        assert f"the tag {tag} is in the file twice" in str(caught.value)


def test_a_link_names_a_line_of_the_file_first_then_the_database():
    from okrtui.domain.plan_match import find_link

    def link(tag, title, tagged=True):
        return find_link(tag, title, file_tags=[5, None], file_titles=["matched", "new"], file_records=[Thing(7, "matched"), None],
                         tagged=RECORDS.get if tagged else None, records=list(RECORDS.values()))

    assert link(5, "") == (7, None)  # the file's line tagged 5, matched to record 7
    assert link(None, "new") == (None, 1)  # a new line of the file: linked once it has its id
    assert link(2, "") == (2, None)  # a tag of this database
    assert link(2, "", tagged=False) is None  # another database's tag names nothing here
    assert link(None, "b") == (2, None)  # a title the database has once
    assert link(None, "a") is None  # twice: nothing
