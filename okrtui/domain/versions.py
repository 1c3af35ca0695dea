"""Installed distributions' versions, read without importlib.metadata: its imports (email, zipfile,
csv …) cost ~10 ms of a start or a check-in (issue 21). Used for Textual's and pydantic's version
checks (ui/textual_compat.py, domain/pydantic_compat.py) and okrtui's own in the digest cache's key."""

from __future__ import annotations

import os
import re
from typing import Iterable

_RELEASE_PART = re.compile(r"\d+")


def version_tuple(text: str) -> tuple[int, ...]:
    """The release numbers: '8.2.8' -> (8, 2, 8); '9.0.0rc1' -> (9, 0, 0); '2.15b1' -> (2, 15)."""
    numbers: list[int] = []
    for part in text.split(".")[:3]:
        found = _RELEASE_PART.match(part)
        if found is None:
            break
        numbers.append(int(found.group()))
        if found.end() < len(part):  # a pre-release or local tag ends the release numbers
            break
    return tuple(numbers)


def dist_info_version(distribution: str, folders: Iterable[str]) -> str | None:
    """The version in the name of `distribution`'s dist-info folder ('textual-8.2.8.dist-info'), from
    the first of `folders` holding exactly one, as importlib.metadata finds an installed one; None
    when none does (the caller then asks importlib.metadata, or says it does not know)."""
    prefix = f"{distribution}-"
    for folder in folders:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        found = [name[len(prefix):-len(".dist-info")] for name in names
                 if name.startswith(prefix) and name.endswith(".dist-info") and name[len(prefix):][:1].isdigit()]
        if len(found) == 1:
            return found[0]
    return None
