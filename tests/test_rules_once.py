"""Issue 15 item 3: every rule of the method once, in the domain (or, for how wide a bar is and
which arrow a KPI's direction gets, in okrtui/formatting.py); the app and the command line import
them. This scan of okrtui/ui and the command line fails when one of them writes its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import okrtui

PACKAGE = Path(okrtui.__file__).parent
STATUSES = {"off_track", "at_risk", "pending", "on_track", "done"}
DIRECTIONS = {"higher_is_better", "lower_is_better"}


def scanned() -> list[Path]:
    files = [*(PACKAGE / "ui").rglob("*.py"), *PACKAGE.glob("cli*.py"), *(PACKAGE / "cli").rglob("*.py")]
    return sorted(set(files))


def _attr(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == name


def own_rules(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) for each rule a module writes itself instead of importing it."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, int):
            found += [(node.lineno, f"bar width {t.id}") for t in node.targets
                      if isinstance(t, ast.Name) and t.id.endswith("BAR")]
        elif isinstance(node, ast.Dict) and {k.value for k in node.keys if isinstance(k, ast.Constant)} >= STATUSES \
                and all(isinstance(v, ast.Constant) and isinstance(v.value, int) for v in node.values):
            found.append((node.lineno, "a status order"))
        elif isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and \
                sum(_attr(v, "owner") for v in node.values) >= 2:
            found.append((node.lineno, "the owner fallback (kr.owner or objective.owner)"))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in ("needs_attention", "attention_reasons"):
            if not _delegates(node):
                found.append((node.lineno, f"needs-attention ({node.name})"))
        elif isinstance(node, ast.BoolOp) and any(_attr(v, "stale") for v in node.values):
            found.append((node.lineno, "needs-attention (stale or …)"))
        elif isinstance(node, ast.IfExp) and any(_attr(n, "previous_value") for n in ast.walk(node.test)):
            found.append((node.lineno, "the value before the first check-in"))
        elif isinstance(node, ast.Name) and node.id in ("THRESHOLD_KINDS", "kr_status"):
            found.append((node.lineno, f"{node.id}: a threshold or a KR status decided here (kr_rules)"))
        elif isinstance(node, ast.Compare) and any(isinstance(c, ast.Constant) and c.value in DIRECTIONS
                                                   for c in [node.left, *node.comparators]):
            found.append((node.lineno, "a KPI direction turned into an arrow here"))
    return found


def _delegates(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A property that only returns the domain's answer (`return needs_attention(self.view)`)."""
    body = [n for n in func.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    return len(body) == 1 and isinstance(body[0], ast.Return) and isinstance(body[0].value, ast.Call)


def test_the_app_and_the_command_line_write_no_rule_of_their_own():
    found = [f"{path.relative_to(PACKAGE.parent)}:{line} {what}"
             for path in scanned() for line, what in own_rules(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == [], "rules written outside okrtui/domain:\n" + "\n".join(found)


@pytest.mark.parametrize("code, what", [
    ("BAR = 10", "bar width BAR"),
    ("SHORT_BAR = 5", "bar width SHORT_BAR"),
    ("ORDER = {'off_track': 0, 'at_risk': 1, 'pending': 2, 'on_track': 3, 'done': 4}", "a status order"),
    ("owner = kr.owner or objective.owner", "the owner fallback"),
    ("def needs_attention(v):\n    x = 1\n    return v.stale or x", "needs-attention"),
    ("flag = view.stale or view.status == 'off_track'", "needs-attention"),
    ("v = c.previous_value if c.previous_value is not None else kr.start", "the value before"),
    ("ok = kr.kind in THRESHOLD_KINDS", "THRESHOLD_KINDS"),
    ("s = kr_status(kr, 0.5, True)", "kr_status"),
    ("a = '↑' if k.direction == 'higher_is_better' else '↓'", "arrow"),
])
def test_the_scan_finds_each_rule_written_again(code, what):
    found = own_rules(ast.parse(code))
    assert found and what in found[0][1], found


def test_the_scan_lets_imported_rules_be():
    code = ("from okrtui.present.formatting import BAR\n"
            "width = BAR\n"
            "def needs_attention(self):\n    return needs_attention(self.view)\n"
            "owner = effective_owner(kr, objective)\n")
    assert own_rules(ast.parse(code)) == []
