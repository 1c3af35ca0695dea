"""The installed Textual's version, read before the first frame without importlib.metadata (issue 21:
~10 ms of imports, its email and zipfile modules included)."""

from __future__ import annotations

import os
import re


def version_tuple(text: str) -> tuple[int, ...]:
    """'8.2.8' -> (8, 2, 8); '9.0.0rc1' -> (9, 0, 0)."""
    return tuple(int(m) for m in re.findall(r"\d+", text)[:3])


def installed_textual_version() -> tuple[int, ...]:
    """From the name of the dist-info folder beside the package, as importlib.metadata finds it;
    importlib.metadata itself for an install laid out otherwise."""
    import textual

    folder = os.path.dirname(os.path.dirname(os.path.abspath(textual.__file__)))
    try:
        names = os.listdir(folder)
    except OSError:
        names = []
    found = [name[len("textual-"):-len(".dist-info")] for name in names
             if name.startswith("textual-") and name.endswith(".dist-info")]
    if len(found) == 1:
        return version_tuple(found[0])
    import importlib.metadata

    return version_tuple(importlib.metadata.version("textual"))
