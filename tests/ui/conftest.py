"""Fixtures: apps on temporary databases (the demo, or an empty one)."""

from __future__ import annotations

import pytest
from tests.ui.ui_helpers import DEMO_QUARTER

from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp


@pytest.fixture
def demo_app(demo_repo: Repository) -> OkrApp:
    return OkrApp(demo_repo, quarter=DEMO_QUARTER)


@pytest.fixture
def empty_app(empty_repo: Repository) -> OkrApp:
    return OkrApp(empty_repo)
