"""The installed Textual's version, read before the first frame without importlib.metadata (issue 21:
~10 ms of imports, its email and zipfile modules included)."""

from __future__ import annotations

import os

from okrtui.domain.versions import dist_info_version, version_tuple


def installed_textual_version() -> tuple[int, ...]:
    """From the name of the dist-info folder beside the package, as importlib.metadata finds it;
    importlib.metadata itself for an install laid out otherwise."""
    import textual

    found = dist_info_version("textual", [os.path.dirname(os.path.dirname(os.path.abspath(textual.__file__)))])
    if found is not None:
        return version_tuple(found)
    import importlib.metadata

    return version_tuple(importlib.metadata.version("textual"))
