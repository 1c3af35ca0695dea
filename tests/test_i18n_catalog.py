"""The zh-TW catalog against the code: complete, nothing obsolete, placeholders intact, .mo compiled.

Messages are found by pybabel extract, configured in pyproject.toml, as scripts/i18n.py runs it:
what `scripts/i18n.py check` reports and what fails here are the same. The fix for a failure here
is `python scripts/i18n.py sync`, then translating the new msgstr.
"""

from __future__ import annotations

import gettext
import importlib.util
import io
import re
import sys
import tomllib
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords
from babel.messages.pofile import read_po, write_po
from babel.util import pathmatch

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
tool = importlib.util.module_from_spec(_spec)
sys.modules["i18n_script"] = tool
_spec.loader.exec_module(tool)  # type: ignore[union-attr]

FIX = "run 'python scripts/i18n.py sync' and translate the new msgstr in okrtui/locale/zh_TW/LC_MESSAGES/okrtui.po"
BABEL = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["babel"]


@pytest.fixture(scope="module")
def template():
    return tool.extract_template()


@pytest.fixture(scope="module")
def code(template):
    return tool.entries(template)


@pytest.fixture(scope="module")
def catalog():
    return tool.load(tool.po_path("zh_TW"))


@pytest.fixture(scope="module")
def po(catalog):
    return tool.entries(catalog)


def strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_every_translatable_call_is_one_pybabel_reads():
    assert tool.unreadable_calls() == [], "pybabel skips these without a word: a literal text, outside f-strings"


def test_every_string_in_the_code_is_in_the_catalog(code, po):
    assert len(code) > 1000
    missing = [key for key in code if key not in po]
    assert missing == [], f"{len(missing)} strings missing from zh-TW; {FIX}"


def test_the_catalog_holds_no_string_the_code_no_longer_uses(code, po):
    obsolete = [key for key in po if key not in code]
    assert obsolete == [], f"{len(obsolete)} obsolete strings in zh-TW; {FIX}"


def test_every_string_is_translated_and_none_is_fuzzy(po):
    assert len(po) > 1000
    assert [key for key, m in po.items() if not tool._translated(m)] == []
    assert [key for key, m in po.items() if m.fuzzy] == []


def test_plural_messages_keep_their_plural(po):
    plurals = [m for m in po.values() if isinstance(m.id, tuple)]
    assert len(plurals) > 40
    catalog = gettext.GNUTranslations(io.BytesIO(_mo_bytes(tool.load(tool.po_path("zh_TW")))))
    assert catalog.ngettext("{n} check-in", "{n} check-ins", 1) == catalog.ngettext("{n} check-in", "{n} check-ins", 7) \
        == "{n} 次檢核"


def test_placeholders_are_kept(po):
    wrong = [(m.id, text) for m in po.values() for text in strings(m)
             if tool.placeholders(text) not in [tool.placeholders(i) for i in (m.id if isinstance(m.id, tuple) else (m.id,))]]
    assert wrong == []


def test_babels_own_checks_pass(catalog):
    assert [(m.id, errors) for m, errors in catalog.check()] == []


def test_translations_use_the_guides_vocabulary(po):
    def zh(msgid: str) -> str:
        return po[msgid].string

    assert zh("objective") == "目標" and zh("key result") == "關鍵成果"
    assert zh("Confidence") == "信心指數" and zh("Progress") == "進度" and zh("quarter") == "季度"
    assert zh("on track") == "進度正常" and zh("at risk") == "有風險" and zh("off track") == "落後"
    assert zh("Standup") == "站立會議" and zh("team") == "團隊" and zh("owner") == "負責人"
    assert zh("Check in") == "檢核" and zh("Update") == "更新"
    # No English sentence left untranslated: every msgstr with letters has Chinese in it too.
    english_only = [m.id for m in po.values() for t in strings(m)
                    if any(c.isalpha() and c.isascii() for c in t) and not any("\u4e00" <= c <= "\u9fff" for c in t)
                    and any(len(w) > 3 and w.isalpha() for w in t.split())]
    allowed = {"KPIs", "0.0–1.0", "CSV (a spreadsheet; UTF-8 with BOM)", "Markdown (a wiki page)", "JSON (for programs)"}
    assert [m for m in english_only if m not in allowed] == []


def _mo_bytes(catalog: Catalog) -> bytes:
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def test_the_compiled_catalog_is_up_to_date(catalog):
    with tool.po_path("zh_TW").with_suffix(".mo").open("rb") as mo:
        assert tool.mo_contents(mo) == tool.compiled(catalog), f"okrtui.mo is stale; {FIX}"


def test_the_wheel_ships_the_catalog():
    """hatch takes every file of the package that git does not ignore: the .mo must not be ignored."""
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert not any(pattern in ignored for pattern in ("*.mo", "locale/", "okrtui/locale"))
    assert 'packages = ["okrtui"]' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


# ---- the configuration and the tool ---------------------------------------------------------------


def test_extraction_reaches_every_module_under_okrtui_wherever_it_moves():
    extract = BABEL["extract_messages"]
    assert extract["input_paths"] == ["okrtui"]
    patterns = [p for m in BABEL["mappings"] if m["method"] == "python" for p in [m["pattern"]]]
    for module in ("cli.py", "cli/main.py", "present/labels.py", "ui/dialogs/forms/kr.py"):
        assert any(pathmatch(p, module) for p in patterns), module
    assert not any(pathmatch(p, "locale/okrtui.pot") for p in patterns)


def test_extract_finds_literals_and_plurals_and_no_docstrings(tmp_path):
    package = tmp_path / "pkg"
    (package / "deep" / "er").mkdir(parents=True)
    (package / "a.py").write_text(
        'import click\n'
        'x = _("plain {name}")\n'
        'y = _("joined " "over lines")\n'
        'z = ngettext("{n} key result", "{n} key results", 3)\n'
        'w = _(f"{x} dynamic")\n'
        'v = gettext("not one of ours")\n'
        '@click.command(help=_("Do a thing."))\n'
        'def cmd():\n'
        '    """A docstring is no message."""\n', encoding="utf-8")
    (package / "deep" / "er" / "b.py").write_text('q = f"{_(\'in an f-string\')}"\nr = _("found deep down")\n',
                                                    encoding="utf-8")
    keywords = parse_keywords(BABEL["extract_messages"]["keywords"])
    method_map = [(m["pattern"], m["method"]) for m in BABEL["mappings"]]
    found = [message for _file, _line, message, _comments, _context in extract_from_dir(str(package), method_map,
                                                                                        keywords=keywords)]
    assert "plain {name}" in found and "joined over lines" in found and ("{n} key result", "{n} key results") in found
    assert "Do a thing." in found and "found deep down" in found
    assert "A docstring is no message." not in found and "not one of ours" not in found
    problems = tool.unreadable_calls(package)
    assert len(problems) == 2, problems
    assert any("a.py:5" in p and "non-literal" in p for p in problems)
    assert any("b.py:1" in p and "f-string" in p for p in problems)


OLD_FORMAT = '''# okrtui messages. Generated by scripts/i18n.py; translate the msgstr lines.
msgid ""
msgstr ""
"Project-Id-Version: okrtui\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_TW\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

#: okrtui/cli.py:87
#: okrtui/cli.py:99
msgid "Database file (default: $OKRTUI_DB, then the user data folder)."
msgstr "資料庫檔案（預設：$OKRTUI_DB，其次為使用者資料夾）。"

#: okrtui/cli_plan.py:88
msgid "{n} check-in"
msgid_plural "{n} check-ins"
msgstr[0] "{n} 次檢核"
msgstr[1] "{n} 次檢核"

#: okrtui/x.py:1
msgid ""
"two\\n"
"lines"
msgstr ""
"兩\\n"
"行"
'''


def test_a_catalog_written_by_the_old_script_is_read_merged_and_compiled(tmp_path):
    """Branches that ran the old scripts/i18n.py sync bring their .po in that format: Babel takes it."""
    with io.BytesIO(OLD_FORMAT.encode("utf-8")) as file:
        catalog = read_po(file, locale="zh_TW")
    template = Catalog()
    for message in catalog:
        if message.id:
            template.add(message.id, locations=message.locations)
    template.add("a new message")
    catalog.update(template, no_fuzzy_matching=True)
    out = io.BytesIO()
    write_po(out, catalog, width=None)
    back = read_po(io.BytesIO(out.getvalue()))
    assert back.get("two\nlines").string == "兩\n行" and back.get("a new message").string == ""
    translations = gettext.GNUTranslations(io.BytesIO(_mo_bytes(back)))
    assert translations.gettext("Database file (default: $OKRTUI_DB, then the user data folder).").startswith("資料庫檔案")
    assert translations.ngettext("{n} check-in", "{n} check-ins", 3) == "{n} 次檢核"
    assert translations.gettext("a new message") == "a new message"  # untranslated: English, not empty


def test_check_reports_new_obsolete_untranslated_fuzzy_and_stale(tmp_path, monkeypatch, template):
    catalog = tool.load(tool.po_path("zh_TW"))
    keys = [m.id for m in catalog if m.id and isinstance(m.id, str)]
    catalog.delete(keys[0])
    catalog.add("a string nobody uses", "沒人用")
    catalog[keys[1]].string = ""
    catalog[keys[2]].flags.add("fuzzy")
    fake = tmp_path / "zh_TW" / "LC_MESSAGES" / "okrtui.po"
    fake.parent.mkdir(parents=True)
    with fake.open("wb") as file:
        write_po(file, catalog, width=None)
    monkeypatch.setattr(tool, "po_path", lambda language: fake)
    monkeypatch.setattr(tool, "languages", lambda: ["zh_TW"])
    found = tool.problems(template)
    assert any("missing from the catalog" in line and repr(keys[0]) in line for line in found)
    assert any("obsolete" in line and "a string nobody uses" in line for line in found)
    assert any("untranslated" in line and repr(keys[1]) in line for line in found)
    assert any("fuzzy" in line and repr(keys[2]) in line for line in found)
    assert any("not compiled" in line for line in found)
    fake.with_suffix(".mo").write_bytes(_mo_bytes(tool.load(fake)))
    assert not any("not compiled" in line for line in tool.problems(template))


def test_the_real_catalogs_pass_check(capsys):
    assert tool.cmd_check() == 0, capsys.readouterr().out


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


# What is not prose: placeholders, quoted code, options, environment variables, file and path names.
NOT_PROSE = re.compile(r"\{[^{}]*\}|%\([a-z]+\)s|'[\x20-\x7e]*?'|--?[A-Za-z][\w-]*|\$\w+|[\w.~-]*\.toml|"
                       r"[A-Za-z0-9_.~-]*/[A-Za-z0-9_.~/-]+")


def test_chinese_prose_uses_full_width_punctuation(po):
    """，：；？！（） in Chinese sentences; half-width stays only in code, placeholders and between Latin words."""
    found = []
    for m in po.values():
        for text in strings(m):
            prose = NOT_PROSE.sub("\x00", text)
            for i, ch in enumerate(prose):
                near = prose[max(i - 1, 0):i] + prose[i + 1:i + 2]
                if ch in ",:;?!" and any(_cjk(c) for c in near):
                    found.append(text)
                elif ch == "(" and any(_cjk(c) for c in prose[i + 1:prose.find(")", i) if ")" in prose[i:] else None]):
                    found.append(text)
    assert found == [], found
