"""Migrations run forward on open, keep a backup beside the file, and lose nothing."""

from __future__ import annotations

import json

import pytest

from okrtui.domain import models
from okrtui.storage import migrations, repository
from okrtui.storage.repository import Repository


def test_an_older_schema_is_migrated_with_a_backup(demo_path, monkeypatch):
    original = demo_path.read_bytes()
    # Pretend the current code is at schema 2, with a step that adds a field-free change (a renamed team).
    monkeypatch.setattr(models, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(repository, "SCHEMA_VERSION", 2)

    def v1_to_v2(data: dict) -> dict:
        for objective in data["objectives"].values():
            if objective["team"] == "公司":
                objective["team"] = "全公司"
        return data

    monkeypatch.setitem(migrations.MIGRATIONS, 1, v1_to_v2)
    repo = Repository(demo_path)
    workspace = repo.load()
    assert json.loads(demo_path.read_text(encoding="utf-8"))["meta"]["1"]["schema_version"] == 2
    assert "全公司" in workspace.teams()
    backups = list(demo_path.parent.glob("demo.json.v1-*.bak"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert len(workspace.checkins) == len(json.loads(original)["checkins"])


def test_current_schema_is_not_rewritten_on_open(demo_path):
    before = demo_path.read_bytes()
    Repository(demo_path).load()
    assert demo_path.read_bytes() == before
    assert list(demo_path.parent.glob("*.bak")) == []
