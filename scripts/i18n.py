"""The translation catalogs: extract, update, compile and check them.

    python scripts/i18n.py sync      # extract + update + compile: the one re-sync command
    python scripts/i18n.py extract   # okrtui/**/*.py -> okrtui/locale/okrtui.pot
    python scripts/i18n.py update    # merge the .pot into each <lang>/LC_MESSAGES/okrtui.po
    python scripts/i18n.py compile   # each okrtui.po -> okrtui.mo (committed: the wheel ships it)
    python scripts/i18n.py check     # exit 1 listing missing, untranslated, obsolete, stale strings

Messages are found with the ast module: _("literal"), ngettext("s", "p", n), and the docstrings
of click commands (click shows them as help; okrtui.i18n.translate_click translates them).
Only literal first arguments are messages; a non-literal _() argument is reported by `check`.
"""

from __future__ import annotations

import ast
import inspect
import re
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "okrtui"
LOCALE = PACKAGE / "locale"
POT = LOCALE / "okrtui.pot"
LANGUAGES = ("zh_TW",)
PLURAL_FORMS = {"zh_TW": "nplurals=1; plural=0;"}
PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)?(?:![rsa])?(?::[^{}]*)?\}(?!\})")


@dataclass
class Message:
    msgid: str
    plural: str | None = None
    msgstr: list[str] = field(default_factory=lambda: [""])
    refs: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.msgid if self.plural is None else self.msgid + "\0" + self.plural

    @property
    def translated(self) -> bool:
        return all(self.msgstr) and bool(self.msgstr)


# ---- extraction -----------------------------------------------------------------------------


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # "a" "b" split over lines with +
        left, right = _literal(node.left), _literal(node.right)
        return left + right if left is not None and right is not None else None
    return None


def _is_click_command(function: ast.FunctionDef) -> bool:
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr in ("command", "group"):
            return True
    return False


def extract(package: Path = PACKAGE) -> tuple[dict[str, Message], list[str]]:
    """Every message in the package's code, in order of first use; and the non-literal calls."""
    messages: dict[str, Message] = {}
    problems: list[str] = []

    def add(msgid: str, plural: str | None, where: str) -> None:
        message = Message(msgid, plural, ["", ""] if plural is not None else [""])
        messages.setdefault(message.key, message).refs.append(where)

    for path in sorted(package.rglob("*.py")):
        if path == package / "i18n.py":  # defines _() and retranslates texts already extracted
            continue
        relative = path.relative_to(package.parent).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in sorted(ast.walk(tree), key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0))):
            where = f"{relative}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
                if node.func.id == "_":
                    text = _literal(node.args[0])
                    if text is None:
                        problems.append(f"{where}: _() of a non-literal: {ast.unparse(node)[:70]}")
                    elif text:
                        add(text, None, where)
                elif node.func.id == "ngettext" and len(node.args) >= 2:
                    singular, plural = _literal(node.args[0]), _literal(node.args[1])
                    if singular is None or plural is None:
                        problems.append(f"{where}: ngettext() of a non-literal: {ast.unparse(node)[:70]}")
                    else:
                        add(singular, plural, where)
            elif isinstance(node, ast.FunctionDef) and _is_click_command(node):
                doc = ast.get_docstring(node, clean=False)
                if doc:
                    add(inspect.cleandoc(doc), None, where)
    return messages, problems


# ---- .po reading and writing ----------------------------------------------------------------


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    lines = escaped.split("\n")
    if len(lines) == 1:
        return f'"{escaped}"'
    parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{part}"' for part in parts)


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), body)


def header(language: str | None) -> str:
    lines = ["Project-Id-Version: okrtui", "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
             "Content-Transfer-Encoding: 8bit"]
    if language:
        lines += [f"Language: {language}", f"Plural-Forms: {PLURAL_FORMS.get(language, 'nplurals=2; plural=(n != 1);')}"]
    return "\n".join(lines) + "\n"


def write_po(path: Path, messages: list[Message], language: str | None) -> None:
    out = ['# okrtui messages. Generated by scripts/i18n.py; translate the msgstr lines.',
           'msgid ""', "msgstr " + _quote(header(language)), ""]
    for m in messages:
        out += [f"#: {ref}" for ref in m.refs]
        if m.flags:
            out.append("#, " + ", ".join(m.flags))
        out.append("msgid " + _quote(m.msgid))
        if m.plural is None:
            out.append("msgstr " + _quote(m.msgstr[0]))
        else:
            out.append("msgid_plural " + _quote(m.plural))
            out += [f"msgstr[{i}] " + _quote(s) for i, s in enumerate(m.msgstr)]
        out.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out), encoding="utf-8")


def read_po(path: Path) -> dict[str, Message]:
    """The entries of a .po file (the header left out); obsolete (#~) entries are skipped."""
    messages: dict[str, Message] = {}
    current: Message | None = None
    section: tuple[str, int] | None = None
    refs: list[str] = []
    flags: list[str] = []

    def finish() -> None:
        if current is not None and current.msgid:
            messages[current.key] = current

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#:"):
            refs += line[2:].split()
        elif line.startswith("#,"):
            flags += [f.strip() for f in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            assert current is not None
            current.plural, section = _unquote(line[13:]), ("plural", 0)
        elif line.startswith("msgid "):
            finish()
            current = Message(_unquote(line[6:]), refs=refs, flags=flags)
            refs, flags, section = [], [], ("msgid", 0)
        elif line.startswith("msgstr["):
            assert current is not None
            index = int(line[7:line.index("]")])
            while len(current.msgstr) <= index:
                current.msgstr.append("")
            current.msgstr[index] = _unquote(line[line.index("]") + 1:])
            section = ("msgstr", index)
        elif line.startswith("msgstr "):
            assert current is not None
            current.msgstr[0], section = _unquote(line[7:]), ("msgstr", 0)
        elif line.startswith('"') and current is not None and section is not None:
            kind, index = section
            if kind == "msgid":
                current.msgid += _unquote(line)
            elif kind == "plural":
                current.plural = (current.plural or "") + _unquote(line)
            else:
                current.msgstr[index] += _unquote(line)
    finish()
    return messages


# ---- .mo ------------------------------------------------------------------------------------


def mo_bytes(messages: list[Message], language: str) -> bytes:
    """A GNU .mo file of the translated messages (as CPython's Tools/i18n/msgfmt.py writes it)."""
    catalog = {"": header(language)}
    for m in messages:
        if m.translated and "fuzzy" not in m.flags:
            catalog[m.key] = "\0".join(m.msgstr)
    keys = sorted(catalog)
    ids = strs = b""
    offsets = []
    for key in keys:
        k, v = key.encode("utf-8"), catalog[key].encode("utf-8")
        offsets.append((len(ids), len(k), len(strs), len(v)))
        ids += k + b"\0"
        strs += v + b"\0"
    start_ids = 7 * 4 + 16 * len(keys)
    start_strs = start_ids + len(ids)
    key_table, value_table = [], []
    for id_offset, id_len, str_offset, str_len in offsets:
        key_table += [id_len, start_ids + id_offset]
        value_table += [str_len, start_strs + str_offset]
    head = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    return head + struct.pack(f"{len(key_table)}i", *key_table) + struct.pack(f"{len(value_table)}i", *value_table) + ids + strs


# ---- commands -------------------------------------------------------------------------------


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "okrtui.po"


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


def cmd_extract() -> int:
    messages, problems = extract()
    write_po(POT, list(messages.values()), None)
    print(f"{POT.relative_to(ROOT)}: {len(messages)} messages")
    for problem in problems:
        print("warning:", problem, file=sys.stderr)
    return 0


def cmd_update() -> int:
    template = read_po(POT)
    for language in LANGUAGES:
        path = po_path(language)
        old = read_po(path) if path.exists() else {}
        merged = []
        for key, message in template.items():
            if key in old:
                message.msgstr, message.flags = old[key].msgstr, old[key].flags
            merged.append(message)
        added = sum(1 for key in template if key not in old)
        dropped = sum(1 for key in old if key not in template)
        write_po(path, merged, language)
        untranslated = sum(1 for m in merged if not m.translated)
        print(f"{path.relative_to(ROOT)}: {len(merged)} messages, {added} new, {dropped} obsolete dropped, "
              f"{untranslated} untranslated")
    return 0


def cmd_compile() -> int:
    for language in LANGUAGES:
        path = po_path(language)
        messages = list(read_po(path).values())
        path.with_suffix(".mo").write_bytes(mo_bytes(messages, language))
        print(f"{path.with_suffix('.mo').relative_to(ROOT)}: {sum(m.translated for m in messages)} translated")
    return 0


def problems() -> list[str]:
    """Everything that makes the catalogs disagree with the code, one line each."""
    code, found = extract()
    out = list(found)
    for language in LANGUAGES:
        path = po_path(language)
        if not path.exists():
            return out + [f"{path}: missing; run 'python scripts/i18n.py sync'"]
        po = read_po(path)
        out += [f"{language}: missing from the catalog: {key!r}" for key in code if key not in po]
        out += [f"{language}: obsolete (no longer in the code): {key!r}" for key in po if key not in code]
        for key, m in po.items():
            if not m.translated:
                out.append(f"{language}: untranslated: {key!r}")
                continue
            for text in m.msgstr:  # a plural form may drop {n} only as the English singular does
                if placeholders(text) not in (placeholders(m.msgid), placeholders(m.plural or m.msgid)):
                    out.append(f"{language}: placeholders differ: {key!r} -> {text!r}")
        mo = path.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != mo_bytes(list(po.values()), language):
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


def cmd_sync() -> int:
    return cmd_extract() or cmd_update() or cmd_compile()


COMMANDS = {"extract": cmd_extract, "update": cmd_update, "compile": cmd_compile, "check": cmd_check,
            "sync": cmd_sync}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in COMMANDS:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return COMMANDS[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
