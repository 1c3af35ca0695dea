"""Every command's --help in zh-TW is Chinese: each help text the command tree holds has a
translation (checked in process), and what `okrtui --lang zh-TW <command> --help` prints has no
English word left beyond names a user types (checked as a real command line).

click reads help=_("...") when the decorators run, before --lang is known, so okrtui.i18n's
translate_click translates the tree at run time; a help given as a docstring is not extracted by
pybabel and stays English, which both tests catch."""

from __future__ import annotations

import re

import click
import pytest
from tests.cli.conftest import run  # noqa: F401  (the subprocess fixture)

from okrtui import i18n
from okrtui.i18n import _

NO_LOCALE = {"OKRTUI_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}


def command_paths(command: click.Command, path: tuple[str, ...] = ()):
    """(path, command) for the command and every subcommand below it, at any depth."""
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from command_paths(sub, (*path, name))


def _chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def untranslated_help(root: click.Command) -> list[tuple[str, str]]:
    """Each help text of the tree (a command's help and short help, its options' and arguments'
    help) that has no Chinese once the tree is translated to zh-TW."""
    i18n.set_language("zh-TW")
    try:
        i18n.translate_click(root)
        found = []
        for path, command in command_paths(root):
            texts = [command.help, command.short_help, *(getattr(p, "help", None) for p in command.params)]
            found += [(" ".join(path) or "(group)", t) for t in texts if t and not _chinese(t)]
        return found
    finally:
        i18n.set_language("en")
        i18n.translate_click(root)


def test_every_help_text_of_every_command_has_a_zh_tw_translation():
    from okrtui.cli.main import cli

    cli.load_all()  # every command module (the group imports them when a command is run)
    assert len(list(command_paths(cli))) > 20
    assert untranslated_help(cli) == [], "give each command help=_(\"...\") and run scripts/i18n.py sync"


def test_the_check_finds_a_docstring_help_and_an_untranslated_option_at_any_depth():
    @click.group(help=_("Redo the change your last undo reversed."))
    def top():
        pass

    @top.group(help=_("Redo the change your last undo reversed."))
    def middle():
        pass

    @middle.command()
    @click.option("--x", help=_("A short note."))
    @click.option("--y", help=_("an option nobody translated"))
    def leaf(x, y):
        """A docstring: pybabel never sees it."""

    assert untranslated_help(top) == [("middle leaf", "A docstring: pybabel never sees it."),
                                      ("middle leaf", "an option nobody translated")]
    assert top.commands["middle"].commands["leaf"].params[0].help == "A short note."  # English again after


# Words that stay in a Chinese help: names of things a user types or reads elsewhere.
HELP_NAMES = {"okrtui", "OKR", "KPI", "KR", "CSV", "JSON", "UTF", "BOM", "Markdown", "wiki", "IANA", "Asia", "Taipei",
              "textual", "serve", "toml", "md", "csv", "json", "en", "zh", "TW", "plan", "update", "compare", "standup",
              "export", "import", "YYYY", "MM", "DD", "apprise"}


def english_in_help(text: str, path: tuple[str, ...] = ()) -> list[str]:
    """English words left in a help text, once the usage line's command, options, metavars, choices,
    quoted commands, paths, the CSV column names and the command names of a group's list are set aside."""
    text = text.replace(" ".join(("okrtui", *path)), " ")  # the usage line's command
    text = re.sub(r"quarter(,\s+[a-z]+)+,?(\.\.\.)?", " ", text)  # the CSV columns (cut short in the command list)
    text = re.sub(r"'[^']*'|\[[^\]]*\]|\$\w+|\S+\.toml|\S*/\S*|--?[\w-]+", " ", text)
    text = re.sub(r"(?m)^  [a-z-]+  ", " ", text)  # "  checkin  記錄一次檢核…": the command's name
    words = re.findall(r"[A-Za-z]{2,}", text)
    return [w for w in words if w not in HELP_NAMES and not w.isupper()]


def test_the_english_word_check_sees_english_and_passes_names():
    assert english_in_help("用法： okrtui import [選項] FILE\n\n  匯入 CSV 檔（欄位：quarter, team, kind）。\n"
                           "  --db PATH  資料庫檔案（預設：$OKRTUI_DB）。", ("import",)) == []
    assert english_in_help("用法： okrtui import [選項] FILE\n\n  Import a CSV file.", ("import",)) == ["Import", "file"]


@pytest.mark.parametrize("path", [p for p, _c in command_paths(__import__("okrtui.cli.main", fromlist=["cli"]).cli)],
                         ids=lambda p: " ".join(p) or "okrtui")
def test_every_help_prints_in_chinese_under_zh_tw(run, path):
    text = run("--lang", "zh-TW", *path, "--help", env=NO_LOCALE, check_exit=0).stdout
    assert english_in_help(text, path) == [], text
    assert "用法：" in text and "選項：" in text and "顯示這段說明後結束。" in text, text


def test_import_help_is_chinese_and_english_stays_english(run):
    text = run("--lang", "zh-TW", "import", "--help", env=NO_LOCALE, check_exit=0).stdout
    assert "匯入 CSV 檔" in text and "owner）或由 'okrtui export' 產生的 JSON 檔。" in text
    assert "顯示版本後結束。" in run("--lang", "zh-TW", "--help", env=NO_LOCALE, check_exit=0).stdout
    assert run("--lang", "zh-TW", "--version", env=NO_LOCALE, check_exit=0).stdout.startswith("okrtui，版本 ")
    english = run("import", "--help", env=NO_LOCALE, check_exit=0).stdout
    assert "Usage: okrtui import [OPTIONS] FILE" in english and "Show this message and exit." in english
    assert "Import a CSV file (columns: quarter" in english
