"""domain/versions.py: versions read from dist-info folder names, without importlib.metadata."""

from __future__ import annotations

import importlib.metadata
import sys

import pytest

from okrtui.domain.versions import dist_info_version, version_tuple


@pytest.mark.parametrize("text, numbers", [
    ("8.2.8", (8, 2, 8)), ("9.0.0rc1", (9, 0, 0)), ("2.15b1", (2, 15)), ("2.14.4.post1", (2, 14, 4)),
    ("1.0+local", (1, 0)), ("10", (10,)), ("dev", ()),
])
def test_version_tuple_keeps_the_release_numbers(text, numbers):
    assert version_tuple(text) == numbers


def test_the_first_folder_with_exactly_one_dist_info_gives_the_version(tmp_path):
    empty, two, one = tmp_path / "empty", tmp_path / "two", tmp_path / "one"
    for folder in (empty, two, one):
        folder.mkdir()
    (two / "textual-8.1.0.dist-info").mkdir()
    (two / "textual-8.2.8.dist-info").mkdir()  # a stale install beside: ambiguous, look further
    (one / "textual-8.2.8.dist-info").mkdir()
    (one / "textual-plotext-1.0.1.dist-info").mkdir()  # another distribution sharing the prefix
    (one / "textual_serve-1.1.3.dist-info").mkdir()
    assert dist_info_version("textual", [str(tmp_path / "missing"), str(empty), str(two), str(one)]) == "8.2.8"
    assert dist_info_version("textual", [str(empty), str(two)]) is None


def test_the_installed_packages_are_found_as_importlib_metadata_finds_them():
    for name in ("textual", "pydantic", "click"):
        assert dist_info_version(name, sys.path) == importlib.metadata.version(name), name
