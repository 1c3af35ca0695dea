"""The translation catalogs, made by Babel as pyproject.toml's [tool.babel.*] tables configure it.

    python scripts/i18n.py sync      # extract + update + compile: the one re-sync command
    python scripts/i18n.py check     # exit 1 listing what is missing, obsolete, untranslated, fuzzy, stale
    python scripts/i18n.py extract   # pybabel extract: okrtui/**.py -> okrtui/locale/okrtui.pot
    python scripts/i18n.py update    # pybabel update: the .pot merged into each <lang>/LC_MESSAGES/okrtui.po
    python scripts/i18n.py compile   # pybabel compile: each okrtui.po -> okrtui.mo (committed: the wheel ships it)

Messages are the literal texts of _("...") and ngettext("...", "...", n) in any module under
okrtui/; a click command's help is help=_("...") (pybabel reads no docstrings). pybabel skips a
call it cannot read without a word, so `check` names them: a non-literal text, and a call inside an
f-string (Python 3.12 extracts those, 3.11 does not). `update` marks a message whose English
changed a little "fuzzy" with the old translation: review it and delete the fuzzy flag.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import sys
import tempfile
import tomllib
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface, parse_keywords
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "okrtui"
LOCALE = PACKAGE / "locale"
POT = LOCALE / "okrtui.pot"
PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)?(?:![rsa])?(?::[^{}]*)?\}(?!\})")
_CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["babel"]
# Each translation function, and how many leading literal arguments it takes: _ 1, ngettext 2.
KEYWORDS = {name: max(i if isinstance(i, int) else i[0] for i in spec or (1,))  # (1, "c"): a context argument
            for name, spec in parse_keywords(_CONFIG["extract_messages"]["keywords"]).items()}


def pybabel(*args: str) -> None:
    """One pybabel command, run in the project folder (its options come from pyproject.toml)."""
    with contextlib.chdir(ROOT):
        CommandLineInterface().run(["pybabel", "--quiet", *args])


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "okrtui.po"


def languages() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/okrtui.po"))


def load(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def key(message) -> str:
    return message.id if isinstance(message.id, str) else "\0".join(message.id)


def entries(catalog: Catalog) -> dict[str, object]:
    return {key(m): m for m in catalog if m.id}


# ---- what pybabel would skip --------------------------------------------------------------------


def unreadable_calls(package: Path = PACKAGE) -> list[str]:
    """_() and ngettext() calls pybabel skips: a text that is not a literal, or a call in an f-string."""
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        if any(isinstance(n, ast.FunctionDef) and n.name == "_" for n in tree.body):
            continue  # the module that defines _() passes texts through it
        in_fstring = {id(n) for f in ast.walk(tree) if isinstance(f, ast.JoinedStr) for n in ast.walk(f)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS):
                continue
            where = f"{path.relative_to(package.parent).as_posix()}:{node.lineno}"
            texts = node.args[:KEYWORDS[node.func.id]]
            if id(node) in in_fstring:
                problem = "inside an f-string (give it a name first)"
            elif len(texts) < KEYWORDS[node.func.id] or not all(isinstance(t, ast.Constant) and isinstance(t.value, str)
                                                                for t in texts):
                problem = "of a non-literal"
            else:
                continue
            found.append(f"{where}: {node.func.id}() {problem}: {ast.unparse(node)[:70]}")
    return found


# ---- commands -----------------------------------------------------------------------------------


def _body(path: Path) -> str:
    """A catalog's text after its header (whose creation date changes on every extract)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return text.split("\n\n", 1)[-1]


def extract_template() -> Catalog:
    """Every message in the code, as pybabel extract finds it (nothing written)."""
    with tempfile.TemporaryDirectory() as folder:
        pot = Path(folder) / "okrtui.pot"
        pybabel("extract", "--output-file", str(pot))
        return load(pot)


def cmd_extract() -> int:
    with tempfile.TemporaryDirectory() as folder:
        pot = Path(folder) / "okrtui.pot"
        pybabel("extract", "--output-file", str(pot))
        if _body(pot) != _body(POT):  # unchanged messages keep the file (and its date) as it was
            POT.write_bytes(pot.read_bytes())
        count = len(entries(load(pot)))
    print(f"{POT.relative_to(ROOT)}: {count} messages")
    for problem in unreadable_calls():
        print("warning:", problem, file=sys.stderr)
    return 0


def cmd_update() -> int:
    for language in languages():
        before = entries(load(po_path(language)))
        pybabel("update", "--locale", language)
        after = entries(load(po_path(language)))
        new = sum(1 for k in after if k not in before)
        dropped = sum(1 for k in before if k not in after)
        todo = sum(1 for m in after.values() if m.fuzzy or not _translated(m))
        print(f"{po_path(language).relative_to(ROOT)}: {len(after)} messages, {new} new, {dropped} obsolete dropped, "
              f"{todo} untranslated or fuzzy")
    return 0


def cmd_compile() -> int:
    for language in languages():
        pybabel("compile", "--locale", language)
        done = sum(1 for m in entries(load(po_path(language))).values() if _translated(m) and not m.fuzzy)
        print(f"{po_path(language).with_suffix('.mo').relative_to(ROOT)}: {done} translated")
    return 0


def cmd_sync() -> int:
    return cmd_extract() or cmd_update() or cmd_compile()


# ---- check --------------------------------------------------------------------------------------


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(strings) and all(strings)


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


def compiled(catalog: Catalog) -> dict[str, object]:
    """What a .mo made from the catalog holds: each translation, and the plural rule."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return mo_contents(buffer)


def mo_contents(file) -> dict[str, object]:
    catalog = read_mo(file)
    out: dict[str, object] = {key(m): m.string for m in catalog if m.id}
    out[""] = catalog.plural_forms
    return out


def problems(template: Catalog | None = None) -> list[str]:
    """Everything that makes the catalogs disagree with the code, one line each."""
    out = unreadable_calls()
    code = entries(template if template is not None else extract_template())
    for language in languages():
        path = po_path(language)
        catalog = load(path)
        po = entries(catalog)
        out += [f"{language}: missing from the catalog: {k!r}" for k in code if k not in po]
        out += [f"{language}: obsolete (no longer in the code): {k!r}" for k in po if k not in code]
        for k, m in po.items():
            if not _translated(m):
                out.append(f"{language}: untranslated: {k!r}")
                continue
            if m.fuzzy:
                out.append(f"{language}: fuzzy (check the translation, then delete the flag): {k!r}")
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            for text in strings:  # a plural form may drop {n} only as the English singular does
                if placeholders(text) not in [placeholders(i) for i in ids]:
                    out.append(f"{language}: placeholders differ: {k!r} -> {text!r}")
        for m, errors in catalog.check():
            out += [f"{language}: {key(m)!r}: {error}" for error in errors]
        mo = path.with_suffix(".mo")
        with mo.open("rb") if mo.exists() else contextlib.nullcontext() as file:
            if file is None or mo_contents(file) != compiled(catalog):
                out.append(f"{language}: {mo.name} is not compiled from the current .po")
    return out


def cmd_check() -> int:
    found = problems()
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} problems; fix with 'python scripts/i18n.py sync' and translate the new msgstr",
              file=sys.stderr)
    return 1 if found else 0


COMMANDS = {"extract": cmd_extract, "update": cmd_update, "compile": cmd_compile, "check": cmd_check,
            "sync": cmd_sync}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in COMMANDS:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return COMMANDS[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
