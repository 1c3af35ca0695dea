"""The zh-TW catalog against the code: complete, nothing obsolete, placeholders intact, .mo compiled.

Uses scripts/i18n.py's own extractor, so what `check` reports and what fails here are the same.
The fix for a failure here is `python scripts/i18n.py sync`, then translating the new msgstr.
"""

from __future__ import annotations

import gettext
import importlib.util
import io
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
tool = importlib.util.module_from_spec(_spec)
sys.modules["i18n_script"] = tool  # dataclasses look their module up while the class is made
_spec.loader.exec_module(tool)  # type: ignore[union-attr]

FIX = "run 'python scripts/i18n.py sync' and translate the new msgstr in okrtui/locale/zh_TW/LC_MESSAGES/okrtui.po"


@pytest.fixture(scope="module")
def code():
    messages, problems = tool.extract()
    return messages, problems


@pytest.fixture(scope="module")
def po():
    return tool.read_po(tool.po_path("zh_TW"))


def test_every_translatable_string_is_a_literal(code):
    assert code[1] == [], "a _() or ngettext() whose text is not a literal cannot be extracted"


def test_every_string_in_the_code_is_in_the_catalog(code, po):
    missing = [key for key in code[0] if key not in po]
    assert missing == [], f"{len(missing)} strings missing from zh-TW; {FIX}"


def test_the_catalog_holds_no_string_the_code_no_longer_uses(code, po):
    obsolete = [key for key in po if key not in code[0]]
    assert obsolete == [], f"{len(obsolete)} obsolete strings in zh-TW; {FIX}"


def test_every_string_is_translated(po):
    assert len(po) > 500
    assert [key for key, m in po.items() if not m.translated] == []


def test_placeholders_are_kept(po):
    wrong = [(m.msgid, text) for m in po.values() for text in m.msgstr
             if tool.placeholders(text) not in (tool.placeholders(m.msgid), tool.placeholders(m.plural or m.msgid))]
    assert wrong == []


def test_translations_use_the_guides_vocabulary(po):
    def zh(msgid: str) -> str:
        return po[msgid].msgstr[0]

    assert zh("objective") == "目標" and zh("key result") == "關鍵成果"
    assert zh("Confidence") == "信心指數" and zh("Progress") == "進度" and zh("quarter") == "季度"
    assert zh("on track") == "進度正常" and zh("at risk") == "有風險" and zh("off track") == "落後"
    assert zh("Standup") == "站立會議" and zh("team") == "團隊" and zh("owner") == "負責人"
    assert zh("Check in") == "檢核" and zh("Update") == "更新"
    # No English sentence left untranslated: every msgstr with letters has Chinese in it too.
    english_only = [m.msgid for m in po.values() for t in m.msgstr
                    if any(c.isalpha() and c.isascii() for c in t) and not any("\u4e00" <= c <= "\u9fff" for c in t)
                    and any(len(w) > 3 and w.isalpha() for w in t.split())]
    allowed = {"KPIs", "0.0–1.0", "CSV (a spreadsheet; UTF-8 with BOM)", "Markdown (a wiki page)", "JSON (for programs)"}
    assert [m for m in english_only if m not in allowed] == []


def test_the_compiled_catalog_is_up_to_date(po):
    mo = tool.po_path("zh_TW").with_suffix(".mo")
    assert mo.read_bytes() == tool.mo_bytes(list(po.values()), "zh_TW"), f"okrtui.mo is stale; {FIX}"


def test_the_wheel_ships_the_catalog():
    """hatch takes every file of the package that git does not ignore: the .mo must not be ignored."""
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert not any(pattern in ignored for pattern in ("*.mo", "locale/", "okrtui/locale"))
    assert 'packages = ["okrtui"]' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


# ---- the tool itself ------------------------------------------------------------------------


def test_extract_finds_literals_plurals_and_click_docstrings(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text(
        'import click\n'
        'x = _("plain {name}")\n'
        'y = _("joined " "over lines")\n'
        'z = ngettext("{n} key result", "{n} key results", 3)\n'
        'w = _(f"{x} dynamic")\n'
        '@click.command()\n'
        'def cmd():\n'
        '    """Do a thing.\n\n    More about it."""\n', encoding="utf-8")
    messages, problems = tool.extract(package)
    assert list(messages) == ["plain {name}", "joined over lines", "{n} key result\0{n} key results",
                              "Do a thing.\n\nMore about it."]
    assert len(problems) == 1 and "non-literal" in problems[0]


def test_po_round_trip_and_mo_read_by_gettext(tmp_path):
    messages = [tool.Message('say "hi"\\ there\nnext line', msgstr=['說「嗨」\\ 那裡\n下一行']),
                tool.Message("{n} day", "{n} days", ["{n} 天"]),
                tool.Message("left alone")]
    path = tmp_path / "x.po"
    tool.write_po(path, messages, "zh_TW")
    back = tool.read_po(path)
    assert [(m.msgid, m.plural, m.msgstr) for m in back.values()] == [(m.msgid, m.plural, m.msgstr) for m in messages]
    catalog = gettext.GNUTranslations(io.BytesIO(tool.mo_bytes(list(back.values()), "zh_TW")))
    assert catalog.gettext('say "hi"\\ there\nnext line') == '說「嗨」\\ 那裡\n下一行'
    assert catalog.ngettext("{n} day", "{n} days", 1) == catalog.ngettext("{n} day", "{n} days", 5) == "{n} 天"
    assert catalog.gettext("left alone") == "left alone"  # untranslated: English, not empty


def test_check_reports_a_new_string_and_an_obsolete_one(tmp_path, monkeypatch):
    messages, _ = tool.extract()
    po = tool.read_po(tool.po_path("zh_TW"))
    key = next(iter(po))
    po.pop(key)
    po["a string nobody uses"] = tool.Message("a string nobody uses", msgstr=["沒人用"])
    fake = tmp_path / "zh_TW" / "LC_MESSAGES" / "okrtui.po"
    tool.write_po(fake, list(po.values()), "zh_TW")
    monkeypatch.setattr(tool, "po_path", lambda language: fake)
    found = tool.problems()
    assert any("missing from the catalog" in line and repr(key) in line for line in found)
    assert any("obsolete" in line and "a string nobody uses" in line for line in found)
    assert any("not compiled" in line for line in found)
    assert tool.cmd_check() == 1


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


# What is not prose: placeholders, quoted code, options, environment variables, file and path names.
NOT_PROSE = re.compile(r"\{[^{}]*\}|%\([a-z]+\)s|'[\x20-\x7e]*?'|--?[A-Za-z][\w-]*|\$\w+|[\w.~-]*\.toml|"
                       r"[A-Za-z0-9_.~-]*/[A-Za-z0-9_.~/-]+")


def test_chinese_prose_uses_full_width_punctuation(po):
    """，：；？！（） in Chinese sentences; half-width stays only in code, placeholders and between Latin words."""
    found = []
    for m in po.values():
        for text in m.msgstr:
            prose = NOT_PROSE.sub("\x00", text)
            for i, ch in enumerate(prose):
                near = prose[max(i - 1, 0):i] + prose[i + 1:i + 2]
                if ch in ",:;?!" and any(_cjk(c) for c in near):
                    found.append(text)
                elif ch == "(" and any(_cjk(c) for c in prose[i + 1:prose.find(")", i) if ")" in prose[i:] else None]):
                    found.append(text)
    assert found == [], found
