"""Files that are not usable okrtui databases: a clear sentence naming the file, and never a write."""

from __future__ import annotations

import json

import pytest

from okrtui.storage.errors import DatabaseError, FutureSchema, InvalidDatabase, NotAnOkrtuiDatabase, NotJSON
from okrtui.storage.repository import Repository


def _write(tmp_path, content: bytes):
    path = tmp_path / "db.json"
    path.write_bytes(content)
    return path


CASES = {
    "garbage": (b"this is not json \x00\x01", NotJSON, "not"),
    "empty": (b"", NotAnOkrtuiDatabase, "empty"),
    "foreign json": (json.dumps({"users": [1, 2, 3]}).encode(), NotAnOkrtuiDatabase, "not an okrtui database"),
    "json list": (b"[1, 2, 3]", NotAnOkrtuiDatabase, "not an okrtui database"),
    "bare tinydb": (b'{"_default": {}}', NotAnOkrtuiDatabase, "not an okrtui database"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_unusable_file_is_refused_and_left_unchanged(tmp_path, name):
    content, error, words = CASES[name]
    path = _write(tmp_path, content)
    repo = Repository(path)
    with pytest.raises(error) as caught:
        repo.load()
    assert str(path) in str(caught.value) and words in str(caught.value)
    with pytest.raises(DatabaseError):
        repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    assert path.read_bytes() == content


def test_truncated_demo_is_refused_and_left_unchanged(demo_path):
    content = demo_path.read_bytes()[: len(demo_path.read_bytes()) // 2]
    demo_path.write_bytes(content)
    repo = Repository(demo_path)
    with pytest.raises(NotJSON, match="not valid JSON"):
        repo.load()
    with pytest.raises(NotJSON):
        repo.record_checkin(1, 5)
    assert demo_path.read_bytes() == content


def test_a_record_with_wrong_types_is_named(demo_path):
    data = json.loads(demo_path.read_text(encoding="utf-8"))
    data["key_results"]["2"]["target"] = "lots"
    content = json.dumps(data, ensure_ascii=False).encode()
    demo_path.write_bytes(content)
    with pytest.raises(InvalidDatabase) as caught:
        Repository(demo_path).load()
    message = str(caught.value)
    assert "record 2 of 'key_results'" in message and "target must be a number" in message
    with pytest.raises(InvalidDatabase):
        Repository(demo_path).record_checkin(1, 5)
    assert demo_path.read_bytes() == content


def test_a_future_schema_is_refused_not_downgraded(demo_path):
    data = json.loads(demo_path.read_text(encoding="utf-8"))
    data["meta"]["1"]["schema_version"] = 99
    content = json.dumps(data).encode()
    demo_path.write_bytes(content)
    with pytest.raises(FutureSchema, match="newer okrtui"):
        Repository(demo_path).load()
    with pytest.raises(FutureSchema):
        Repository(demo_path).record_checkin(1, 5)
    assert demo_path.read_bytes() == content


def test_a_folder_in_place_of_the_file(tmp_path):
    folder = tmp_path / "db.json"
    folder.mkdir()
    with pytest.raises(DatabaseError, match="is a folder"):
        Repository(folder).load()
    with pytest.raises(DatabaseError, match="is a folder"):
        Repository(folder).add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    assert folder.is_dir() and list(folder.iterdir()) == []
