"""Every kind of unusable file: one clear sentence, exit 2, and the file byte-for-byte unchanged."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from okrtui.domain.models import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CURRENT = FIXTURES / f"schema-v{SCHEMA_VERSION}.json"


def _demo_bytes() -> bytes:
    return CURRENT.read_bytes()


def _wrong_types() -> bytes:
    data = json.loads(_demo_bytes())
    data["checkins"]["3"]["value"] = {"not": "a number"}
    return json.dumps(data).encode()


def _future() -> bytes:
    data = json.loads(_demo_bytes())
    data["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1  # a schema this okrtui does not know yet
    return json.dumps(data).encode()


CONTENTS = {
    "garbage": (lambda: os.urandom(64) + b"{{{", ("not",)),
    "empty": (lambda: b"", ("empty",)),
    "truncated": (lambda: _demo_bytes()[:1000], ("not valid JSON",)),
    "wrong types": (_wrong_types, ("record 3 of 'checkins'", "value must be a number")),
    "foreign json": (lambda: b'{"glossary": {"title": "example"}}', ("not an okrtui database",)),
    "future schema": (_future, ("newer okrtui", f"schema {SCHEMA_VERSION + 1}")),
}
COMMANDS = [["list"], ["list", "--json"], ["lint"], ["checkin", "1", "5"], ["kpi", "1", "5"]]


@pytest.mark.parametrize("name", list(CONTENTS))
def test_bad_content(run_cli, tmp_path, name):
    make, words = CONTENTS[name]
    path = tmp_path / "okr.json"
    content = make()
    path.write_bytes(content)
    for args in COMMANDS:
        done = run_cli(*args, "--db", str(path))
        assert done.returncode == 2, (args, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in done.stderr
        assert str(path) in lines[0]
        for word in words:
            assert word in lines[0], (word, lines[0])
    assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".bak"))] == []


def test_a_folder_in_place_of_the_file(run_cli, tmp_path):
    path = tmp_path / "okr.json"
    path.mkdir()
    for args in COMMANDS:
        done = run_cli(*args, "--db", str(path))
        assert done.returncode == 2 and "is a folder" in done.stderr
    assert list(path.iterdir()) == []


def test_no_read_permission(unprivileged, shared_dir):
    path = shared_dir / "okr.json"
    shutil.copy(CURRENT, path)
    os.chmod(path, 0o000)
    before = path.read_bytes()
    for args in COMMANDS:
        done = unprivileged([*args, "--db", str(path)])
        assert done.returncode == 2, done.stderr
        assert "permission denied" in done.stderr and str(path) in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before


def test_no_write_permission(unprivileged, shared_dir):
    path = shared_dir / "okr.json"
    shutil.copy(CURRENT, path)
    os.chmod(path, 0o444)
    before = path.read_bytes()
    done = unprivileged(["list", "--db", str(path)])
    assert done.returncode == 0, done.stderr  # reading is fine
    for args in (["checkin", "1", "5"], ["kpi", "1", "5"]):
        done = unprivileged([*args, "--db", str(path)])
        assert done.returncode == 2, done.stderr
        assert "permission denied" in done.stderr and str(path) in done.stderr
    assert path.read_bytes() == before


def test_read_only_folder(unprivileged, shared_dir):
    """The file may be written but the folder may not (no lock file, no temporary file can be made)."""
    folder = shared_dir / "ro"
    folder.mkdir()
    path = folder / "okr.json"
    shutil.copy(CURRENT, path)
    os.chmod(path, 0o666)
    os.chmod(folder, 0o555)
    before = path.read_bytes()
    done = unprivileged(["checkin", "1", "5", "--db", str(path)])
    assert done.returncode == 2, done.stderr
    assert "cannot write" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["okr.json"]


def test_an_old_schema_file_that_may_not_be_written_is_still_readable(unprivileged, shared_dir):
    """Migrated in memory for reading; the file itself stays as it was (no backup, no rewrite)."""
    path = shared_dir / "okr.json"
    shutil.copy(FIXTURES / "schema-v1.json", path)
    os.chmod(path, 0o444)
    os.chmod(shared_dir, 0o555)
    try:
        before = path.read_bytes()
        done = unprivileged(["list", "--json", "--db", str(path)])
        assert done.returncode == 0, done.stderr
        assert len(json.loads(done.stdout)["objectives"]) == 4
        assert path.read_bytes() == before
        assert sorted(p.name for p in shared_dir.iterdir()) == ["okr.json"]
    finally:
        os.chmod(shared_dir, 0o777)


def test_an_invalid_old_file_is_not_migrated_or_backed_up(run_cli, tmp_path):
    data = json.loads((FIXTURES / "schema-v1.json").read_bytes())
    data["key_results"]["1"]["kind"] = "sideways"
    path = tmp_path / "okr.json"
    content = json.dumps(data).encode()
    path.write_bytes(content)
    done = run_cli("list", "--db", str(path))
    assert done.returncode == 2 and "kind must be one of" in done.stderr
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["okr.json"]
