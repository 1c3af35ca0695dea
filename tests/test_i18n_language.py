"""Choosing the language (--lang, config.toml, the locale, else English) and what the command line
then says: errors, help, quarters. Command lines run as real subprocesses."""

from __future__ import annotations


import pytest
from tests.cli.conftest import cli_demo, run  # noqa: F401  (the subprocess fixtures)

from okrtui import i18n
from okrtui.settings.config import config_path
from okrtui.domain.quarter import Quarter, format_quarter

NO_LOCALE = {"OKRTUI_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}


@pytest.fixture
def chinese():
    i18n.set_language("zh-TW")
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("value, language", [
    ("zh_TW.UTF-8", "zh-TW"), ("zh_HK.UTF-8", "zh-TW"), ("zh-tw", "zh-TW"), ("zh_Hant_TW", "zh-TW"),
    ("en_US.UTF-8", "en"), ("C.UTF-8", "en"), ("zh_CN.UTF-8", "en"), ("", None)])
def test_locale_names(value, language):
    assert i18n.normalize_language(value) == language


def test_lang_flag_is_read_before_click_parses():
    assert i18n.language_flag(["--lang", "zh-TW", "list"]) == "zh-TW"
    assert i18n.language_flag(["--db", "x", "--lang=en", "--help"]) == "en"
    assert i18n.language_flag(["checkin", "--", "--lang", "x"]) is None


def test_quarters_have_one_display_form(chinese):
    q = Quarter(2026, 4)
    assert format_quarter(q) == format_quarter("2026-Q4") == f"{q}" == "2026年第4季"
    assert "{quarter} 還沒有目標。".format(quarter=q) == "2026年第4季 還沒有目標。"
    assert str(q) == "2026-Q4" and f"{q:>8}" == " 2026-Q4"  # the id (storage, --quarter) never changes
    i18n.set_language("en")
    assert f"{q}" == "2026-Q4"


def test_retranslate_goes_back_and_forth(chinese):
    assert i18n._("Quit") == "離開"
    i18n.set_language("en")
    assert i18n.retranslate("離開") == "Quit"
    i18n.set_language("zh-TW")
    assert i18n.retranslate("Quit") == "離開" and i18n.retranslate("no such text") == "no such text"


def test_locale_gives_chinese_errors_for_list_and_checkin(run, tmp_path, cli_demo):
    env = {**NO_LOCALE, "LANG": "zh_TW.UTF-8"}
    missing = run("list", "--db", str(tmp_path / "none.json"), env=env, check_exit=2)
    assert "沒有資料庫" in missing.stderr and "okrtui demo --db" in missing.stderr
    bad_quarter = run("list", "--db", str(cli_demo), "--quarter", "Q9", env=env, check_exit=2)
    assert "不是季度" in bad_quarter.stderr
    unknown = run("checkin", "nothing-like-this", "5", "--db", str(cli_demo), env=env, check_exit=2)
    assert "沒有符合「nothing-like-this」的關鍵成果" in unknown.stderr
    bad_value = run("checkin", "1", "lots", "--db", str(cli_demo), env={**NO_LOCALE, "LC_ALL": "zh_HK.UTF-8"},
                    check_exit=2)
    assert "必須是數字" in bad_value.stderr and "lots" in bad_value.stderr
    listing = run("list", "--db", str(cli_demo), "--quarter", "2026-Q4", env=env, check_exit=0)
    assert listing.stdout.startswith("2026年第4季 · 第") and "關鍵成果" not in listing.stderr


def test_precedence_flag_then_config_then_locale(run, tmp_path):
    never = str(tmp_path / "none.json")
    zh_locale = {**NO_LOCALE, "LANG": "zh_TW.UTF-8"}
    assert "no database" in run("--lang", "en", "list", "--db", never, env=zh_locale).stderr
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text('language = "en"\n', encoding="utf-8")
    assert "no database" in run("list", "--db", never, env=zh_locale).stderr  # the file beats the locale
    assert "沒有資料庫" in run("--lang", "zh-TW", "list", "--db", never, env=zh_locale).stderr
    config_path().write_text('language = "zh-TW"\n', encoding="utf-8")
    assert "沒有資料庫" in run("list", "--db", never, env={**NO_LOCALE, "LANG": "en_US.UTF-8"}).stderr
    assert "no database" in run("list", "--db", never, env={**NO_LOCALE, "OKRTUI_LANG": "en"}).stderr
    bad = run("--lang", "fr", "list", "--db", never, env=NO_LOCALE, check_exit=2)
    assert "'fr' 不是 'en', 'zh-TW' 之一。" in bad.stderr  # click's own sentence, in config.toml's language


def test_help_is_translated(run):
    text = run("--lang", "zh-TW", "--help", env=NO_LOCALE, check_exit=0).stdout
    assert "以鍵盤帶領團隊執行 OKR" in text and "介面語言" in text and "記錄一次檢核" in text
    text = run("--lang", "zh-TW", "checkin", "--help", env=NO_LOCALE, check_exit=0).stdout
    assert "信心指數 0–10" in text and "記錄一次檢核" in text
    assert "Record a check-in" in run("checkin", "--help", env=NO_LOCALE, check_exit=0).stdout


def test_click_help_switches_back_in_one_process(chinese):
    from okrtui.cli.main import cli

    cli.load_all()
    i18n.translate_click(cli)
    assert cli.commands["checkin"].help.startswith("記錄一次檢核")
    i18n.set_language("en")
    i18n.translate_click(cli)
    assert cli.commands["checkin"].help.startswith("Record a check-in")
    assert all(not any("\u4e00" <= c <= "\u9fff" for c in (p.help or "")) for p in cli.commands["list"].params)


def test_the_lang_option_after_the_subcommand(run, cli_demo):
    done = run("list", "--lang", "zh-TW", "--db", str(cli_demo), env=NO_LOCALE, check_exit=0)
    assert done.stdout.startswith("2026年第4季 · 第 9/13 週")
    assert "沒有資料庫" in run("checkin", "1", "5", "--db", str(cli_demo) + ".none", "--lang=zh-TW", env=NO_LOCALE,
                             check_exit=2).stderr
    bad = run("list", "--lang", "fr", "--db", str(cli_demo), env=NO_LOCALE, check_exit=2)
    assert "'fr' is not one of 'en', 'zh-TW'" in bad.stderr


def test_click_usage_errors_in_chinese(run, cli_demo):
    done = run("--lang", "zh-TW", "serve", "--port", "0", "--db", str(cli_demo), env=NO_LOCALE, check_exit=2)
    assert "0 不在 1<=x<=65535 範圍內。" in done.stderr
    done = run("--lang", "zh-TW", "list", "extra", "--db", str(cli_demo), env=NO_LOCALE, check_exit=2)
    assert "多出了未預期的參數（extra）" in done.stderr
