"""Issue 15 item 5: no module outside okrtui/ui/textual_compat.py names a private Textual attribute.

"Private Textual attribute" is read from Textual's own source: every single-underscore name it
defines (methods, class attributes, `self._x = ...`). okrtui's own private names that happen to be
spelt the same (`_write`, `_value` …) are okrtui's, so a name okrtui itself defines outside the
compat module does not count as an access; a method that overrides one of Textual's private
methods does (checked on the classes themselves, through their bases).
"""

from __future__ import annotations

import ast
import importlib
import inspect
from functools import lru_cache
from pathlib import Path

import textual

import okrtui

PACKAGE = Path(okrtui.__file__).parent
COMPAT = PACKAGE / "ui" / "textual_compat.py"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name != "_"


def _defined(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return {name for name in names if _private(name)}


@lru_cache(maxsize=1)
def textual_private_names() -> frozenset[str]:
    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        names |= _defined(ast.parse(path.read_text(encoding="utf-8")))
    return frozenset(names)


def okrtui_files() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if path != COMPAT)


def private_uses(tree: ast.AST, textual_names: frozenset[str]) -> list[tuple[int, str]]:
    """(line, name) of each private Textual name read in a module: x._name, getattr(x, "_name"),
    an import from a private textual module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in textual_names:
            found.append((node.lineno, node.attr))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id in ("getattr", "hasattr", "setattr") and len(node.args) > 1 and \
                isinstance(node.args[1], ast.Constant) and node.args[1].value in textual_names:
            found.append((node.lineno, node.args[1].value))
        elif isinstance(node, ast.ImportFrom) and node.module and \
                any(_private(part) for part in node.module.split(".")) and node.module.startswith("textual"):
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names
                      if a.name.startswith("textual") and any(_private(p) for p in a.name.split("."))]
    return found


def test_no_module_outside_the_compat_module_names_a_private_textual_attribute():
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in okrtui_files()}
    own = set().union(*(_defined(tree) for tree in trees.values()))
    textual_names = textual_private_names() - own
    found = [f"{path.relative_to(PACKAGE.parent)}:{line} {name}"
             for path, tree in trees.items() for line, name in private_uses(tree, textual_names)]
    assert found == [], "private Textual names outside okrtui/ui/textual_compat.py:\n" + "\n".join(found)


def test_no_okrtui_class_overrides_a_private_textual_method():
    """A private method written in an okrtui class body that a Textual base class defines too
    (textual_compat's UnhandledErrorHooks is the one place that does it)."""
    found = []
    for path in okrtui_files():
        if "ui" not in path.relative_to(PACKAGE).parts:
            continue
        module = importlib.import_module(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            cls = getattr(module, node.name, None) if isinstance(node, ast.ClassDef) else None
            if not inspect.isclass(cls):
                continue
            textual_bases = [base for base in cls.__mro__ if base.__module__.startswith("textual")]
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and _private(item.name) and \
                        any(item.name in base.__dict__ for base in textual_bases):
                    found.append(f"{module.__name__}.{node.name}.{item.name}")
    assert found == []


def test_the_scan_sees_what_it_is_looking_for():
    """The scan itself: each form of a private use is found, a public one is not."""
    names = textual_private_names()
    assert {"_move_page", "_check_bindings", "_filters", "_screen_stacks", "_driver"} <= names
    code = ("from textual._context import active_app\n"
            "app._filters.append(x)\n"
            "getattr(app, '_driver', None)\n"
            "app.screen_stack\n")
    found = [name for _, name in sorted(private_uses(ast.parse(code), names))]
    assert found == ["textual._context", "_filters", "_driver"]
