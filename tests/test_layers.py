"""okrtui/domain and okrtui/storage never import textual, rich or apprise (checked in the source and at run time);
the quick commands import none of them either (apprise only when `remind` runs)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "okrtui"
FORBIDDEN = ("textual", "rich", "apprise")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", ["domain", "storage"])
def test_layer_source_imports_no_ui_library(layer):
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert files
    for path in files:
        assert not (_imports(path) & set(FORBIDDEN)), path


def test_layers_do_not_pull_ui_libraries_in_at_run_time():
    code = (
        "import sys, pkgutil, importlib, okrtui.domain, okrtui.storage\n"
        "for pkg in (okrtui.domain, okrtui.storage):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "import okrtui.cli.main, okrtui.cli.output, okrtui.cli.checkin\n"
        "import okrtui.cli.rhythm, okrtui.present.rhythm_text\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in ('textual', 'rich', 'apprise')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
