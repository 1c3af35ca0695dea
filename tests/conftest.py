"""Shared fixtures: every test works on a temporary database, never the user's data folder."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from okrtui.domain.clock import NOW_ENV, FixedClock, zone_named
from okrtui.storage.demo import install_demo
from okrtui.storage.repository import Repository

# The demo's moment: every test's "now", whatever day the tests run on. The demo is re-dated to
# it, OKRTUI_NOW starts every clock (in process and in the CLI's subprocesses) there, and
# statuses that depend on "today" are the same on every day of the year.
DEMO_NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


def pinned_clock() -> FixedClock:
    """A clock stopped at the demo's moment, reading the calendar of this machine's zone (the
    zone the demo workspace records when it is installed)."""
    return FixedClock(DEMO_NOW, zone_named(None))


@pytest.fixture
def clock() -> FixedClock:
    return pinned_clock()


@pytest.fixture(autouse=True)
def _pinned_now(monkeypatch):
    """Every clock of the product starts at the demo's moment (subprocesses inherit it)."""
    monkeypatch.setenv(NOW_ENV, DEMO_NOW.isoformat())


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
    return install_demo(tmp_path / "demo.json", pinned_clock())


@pytest.fixture
def demo_repo(demo_path: Path) -> Repository:
    return Repository(demo_path)


@pytest.fixture
def empty_repo(tmp_path: Path) -> Repository:
    repo = Repository(tmp_path / "okr.json")
    repo.create()
    return repo
