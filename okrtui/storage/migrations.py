"""Forward migrations of the database file: MIGRATIONS[n] turns schema n into schema n + 1.

Each is a pure function of the raw TinyDB dict. The repository backs the file up
before running any, and validates the result before saving it. Schema 1 is the
first; every later schema adds its step here and a fixture under tests/fixtures.
"""

from __future__ import annotations

from typing import Callable

MIGRATIONS: dict[int, Callable[[dict], dict]] = {}
