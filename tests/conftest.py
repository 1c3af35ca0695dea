"""Shared fixtures: every test works on a temporary database, never the user's data folder."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from okrtui.storage.demo import install_demo
from okrtui.storage.repository import Repository

# The demo re-dated to a fixed moment, so statuses that depend on "today" are stable in tests.
DEMO_NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory, monkeypatch):
    """Point every platformdirs folder and OKRTUI_DB away from the real user's files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("OKRTUI_DB", raising=False)
    monkeypatch.setenv("OKRTUI_LANG", "en")
    yield


@pytest.fixture(autouse=True)
def _english():
    """Tests assert on English sentences: every test starts in English, whatever the one before chose."""
    from okrtui import i18n

    before = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    return install_demo(tmp_path / "demo.json", now=DEMO_NOW)


@pytest.fixture
def demo_repo(demo_path: Path) -> Repository:
    return Repository(demo_path)


@pytest.fixture
def empty_repo(tmp_path: Path) -> Repository:
    repo = Repository(tmp_path / "okr.json")
    repo.create()
    return repo
