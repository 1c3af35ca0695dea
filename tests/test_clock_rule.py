"""Only okrtui/domain/clock.py reads the system clock. Checked on the syntax tree, not by grep:
`from datetime import datetime as dt; dt.now()` or `import time as t; t.time()` are caught too."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "okrtui"
ALLOWED = PACKAGE / "domain" / "clock.py"
# What reads the wall clock (a mention counts, called or passed on as a function).
FORBIDDEN = {
    "datetime.datetime.now", "datetime.datetime.utcnow", "datetime.datetime.today", "datetime.date.today",
    "time.time", "time.time_ns", "time.localtime", "time.gmtime", "time.ctime", "time.asctime", "time.strftime",
}


def _aliases(tree: ast.AST) -> dict[str, str]:
    """Local name -> what it stands for, from the module's imports (any depth: imports in functions too)."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _qualified(node: ast.AST, names: dict[str, str]) -> str | None:
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _qualified(node.value, names)
        return f"{base}.{node.attr}" if base else None
    return None


def clock_reads(source: str) -> list[tuple[int, str]]:
    """(line, name) of every mention of a wall-clock reader in `source`."""
    tree = ast.parse(source)
    names = _aliases(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Name, ast.Attribute)):
            name = _qualified(node, names)
            if name in FORBIDDEN:
                found.append((node.lineno, name))
    return found


def test_only_the_clock_module_reads_the_system_clock():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == ALLOWED:
            continue
        for line, name in clock_reads(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line} {name}")
    assert offenders == [], "read the time from okrtui.domain.clock (an injected Clock) instead"


def test_the_clock_module_is_where_the_reading_is():
    # The rule is not vacuous: clock.py itself does read the system clock, and is found doing so.
    assert {name for _line, name in clock_reads(ALLOWED.read_text(encoding="utf-8"))} >= {"datetime.datetime.now"}


def test_aliases_do_not_hide_a_reading():
    sources = {
        "from datetime import datetime as dt\nx = dt.now()": "datetime.datetime.now",
        "import datetime as d\nx = d.date.today()": "datetime.date.today",
        "import datetime\nx = datetime.datetime.utcnow()": "datetime.datetime.utcnow",
        "from time import time as wall\nx = wall()": "time.time",
        "import time as t\nx = t.localtime()": "time.localtime",
        "from datetime import date\nf = date.today": "datetime.date.today",
        "def f():\n    from datetime import datetime\n    return datetime.now()": "datetime.datetime.now",
    }
    for source, name in sources.items():
        assert [n for _line, n in clock_reads(source)] == [name], source
    # Reading a moment that was handed in is fine.
    assert clock_reads("from datetime import datetime\nx = datetime.fromisoformat('2026-11-30')") == []
    assert clock_reads("import time\nx = time.monotonic()") == []
