"""The UI never writes the file on the event loop (issue 15 item 4): every Repository write a screen
asks for runs in the file worker (`app.write(action, done=, failed=)`, ui/file_work.py). The rule,
kept by a scan of okrtui/ui: a call of a Repository write method may only stand in a lambda or a
nested function (the action handed to the worker), never in a method or function body itself."""

from __future__ import annotations

import ast
import inspect
import textwrap
from pathlib import Path

import okrtui.ui
from okrtui.storage.repository import Repository

UI = Path(okrtui.ui.__file__).parent
# The file worker itself runs the actions; nothing else may call a write directly.
ALLOWED_FILES = {"file_work.py"}
# Store's primitives a write goes through: a method calling one writes the file.
PRIMITIVES = {"_write", "transaction", "_locked", "_save", "_read_for_write", "_read_raw_for_write"}
# Reads: `load` migrates a file of an older schema, which happens once, when run_app opens it before
# the app runs (app.py); after that every read of the app is of the current schema.
READS = {"load"}


def _self_calls(function: object) -> set[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))  # type: ignore[arg-type]
    return {node.func.attr for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "self"}


def write_methods() -> set[str]:
    """Repository's public methods that write the file: those calling a write primitive, directly
    or through another write method (found from the storage code, so a new write is covered)."""
    calls = {name: _self_calls(member) for name, member in inspect.getmembers(Repository, inspect.isfunction)
             if getattr(member, "__module__", "").startswith("okrtui.storage")}
    writes = set(PRIMITIVES)
    while True:
        more = {name for name, called in calls.items() if called & writes} - writes
        if not more:
            return {name for name in writes if not name.startswith("_")} - READS
        writes |= more


def direct_writes(source: str, writes: set[str]) -> list[tuple[int, str]]:
    """(line, method) of each write called in a method's or function's own body."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, depth: int) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Lambda):
                continue  # an action for the worker
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if depth >= 1:
                    continue  # a nested function: an action for the worker
                visit(child, depth + 1)
                continue
            if isinstance(child, ast.ClassDef):
                visit(child, 0)
                continue
            if (isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute)
                    and child.func.attr in writes):
                found.append((child.lineno, child.func.attr))
            visit(child, depth)

    visit(ast.parse(source), 0)
    return found


def test_the_write_methods_are_found():
    writes = write_methods()
    # Known writes of each kind (plain, history, initiatives, the file itself) and known reads.
    assert {"add_objective", "record_checkin", "set_team_settings", "undo", "redo", "update_initiative",
            "create", "add_key_result", "record_kpi_reading"} <= writes
    assert not {"load", "exists", "stat_token", "waiting", "load_archive"} & writes


def test_the_scan_sees_a_direct_write_and_lets_a_worker_action_pass():
    source = textwrap.dedent("""
        class Form:
            def submit(self):
                self.okr_app.repo.add_objective(title="x")
            def save(self):
                repo = self.okr_app.repo
                self.okr_app.write(lambda: repo.add_objective(title="x"))
                def action():
                    return repo.update_objective(1, title="y")
                return action
        def helper(repo):
            repo.create()
    """)
    assert direct_writes(source, write_methods()) == [(4, "add_objective"), (12, "create")]


def test_no_screen_writes_the_file_on_the_event_loop():
    writes = write_methods()
    found = [f"{path.relative_to(UI)}:{line} {name}" for path in sorted(UI.rglob("*.py"))
             if path.name not in ALLOWED_FILES
             for line, name in direct_writes(path.read_text(encoding="utf-8"), writes)]
    assert found == [], "write through app.write(action, done=, failed=) (ui/file_work.py): " + ", ".join(found)
