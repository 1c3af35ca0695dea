"""Hostile text through the command line: markup stays literal, controls are refused, nothing crashes."""

from __future__ import annotations

import json

import pytest

from okrtui.domain.validation import InvalidInput
from okrtui.storage.repository import Repository

LITERAL = [
    "[bold]big[/]",
    "[/]",
    "[link=https://x]click[/link]",
    "[@click=app.quit]quit[/]",
    "中文標題 with 漢字",
    "🚀🔥 emoji 👩‍👩‍👧",
    "עברית ‏right-to-left‎ العربية",
    "zero\u200bwidth\u200djoiner",
]
REFUSED = [
    ("\x1b[31mred\x1b[0m", "ESC"),
    ("\x1b]0;title\x07", "ESC"),
    ("\x1b]8;;https://evil\x1b\\link", "ESC"),
    ("bell\x07", "BEL"),
    ("carriage\rreturn", "CR"),
    ("c1\x9bcontrol", "U+009B"),
]


@pytest.mark.parametrize("text", LITERAL)
def test_markup_and_scripts_are_stored_and_printed_literally(run_cli, demo_path, text):
    done = run_cli("checkin", "回應時間", "2", "--note", text, "--author", text, "--db", str(demo_path))
    assert done.returncode == 0, done.stderr
    workspace = Repository(demo_path).load()
    last = max(workspace.checkins, key=lambda c: c.id)
    assert last.note == text and last.author == text


@pytest.mark.parametrize("text,char", REFUSED)
def test_control_characters_are_refused_in_every_cli_text_field(run_cli, demo_path, text, char):
    before = demo_path.read_bytes()
    for args in (
        ["checkin", "回應時間", "2", "--note", text],
        ["checkin", "回應時間", "2", "--author", text],
        ["kpi", "客訴率", "2", "--note", text],
    ):
        done = run_cli(*args, "--db", str(demo_path))
        assert done.returncode == 2, args
        assert "control character" in done.stderr and char in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    assert demo_path.read_bytes() == before


def test_hostile_titles_in_the_repository(demo_path):
    repo = Repository(demo_path)
    for text in LITERAL:
        objective = repo.add_objective(quarter="2026-Q4", title=text, team=text, owner=text, description=text)
        kr = repo.add_key_result(objective.id, title=text, unit=text[:20], owner=text, start=0, target=1)
        stored = repo.load()
        assert stored.objective(objective.id).title == text and stored.key_result(kr.id).title == text
    before = demo_path.read_bytes()
    with pytest.raises(InvalidInput, match="10000 characters long; keep it to 200"):
        repo.add_objective(quarter="2026-Q4", title="長" * 10_000, team="業務")
    for text, _char in REFUSED:
        with pytest.raises(InvalidInput, match="control character"):
            repo.add_objective(quarter="2026-Q4", title=text, team="業務")
        with pytest.raises(InvalidInput, match="control character"):
            repo.add_kpi(name=text, team="業務", target=1)
    assert demo_path.read_bytes() == before


def test_hostile_titles_show_literally_in_list(run_cli, demo_path):
    repo = Repository(demo_path)
    quarter = repo.load().objectives[0].quarter
    objective = repo.add_objective(quarter=quarter, title="[@click=app.quit]不要[/]", team="[red]x")
    repo.add_key_result(objective.id, title="[bold]KR[/bold] 🚀", unit="%", start=0, target=10)
    done = run_cli("list", "--quarter", quarter, "--db", str(demo_path))
    assert done.returncode == 0, done.stderr
    assert "[@click=app.quit]不要[/]" in done.stdout and "[bold]KR[/bold] 🚀" in done.stdout
    assert "\x1b" not in done.stdout
    doc = json.loads(run_cli("list", "--json", "--quarter", quarter, "--db", str(demo_path)).stdout)
    assert any(o["title"] == "[@click=app.quit]不要[/]" for o in doc["objectives"])


def test_a_ten_thousand_character_note_is_refused_with_a_sentence(run_cli, demo_path):
    before = demo_path.read_bytes()
    done = run_cli("checkin", "回應時間", "2", "--note", "字" * 10_000, "--db", str(demo_path))
    assert done.returncode == 2 and "keep it to 4000 or fewer" in done.stderr
    assert demo_path.read_bytes() == before
