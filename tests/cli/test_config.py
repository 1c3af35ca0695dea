"""`okrtui config`, `--theme`, and config.toml as seen by the quick commands (real subprocesses)."""

from __future__ import annotations

import json
import os

from okrtui.settings.config import config_path
from okrtui.storage.repository import Repository


def write_config(text: str) -> None:
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text(text, encoding="utf-8")


def test_config_prints_the_path_and_where_each_value_came_from(run, tmp_path):
    done = run("config", env={"OKRTUI_USER": ""}, check_exit=0)
    assert str(config_path()) in done.stdout and "not created yet" in done.stdout
    assert "okrtui-dark" in done.stdout and "okrtui-ansi" in done.stdout  # the themes there are

    write_config('name = "王小明"\ntheme = "okrtui-light"\nstandup_rotate = 30\n')
    done = run("--theme", "okrtui-contrast", "config", "--json", env={"OKRTUI_DB": str(tmp_path / "x.json"),
                                                                   "OKRTUI_USER": ""}, check_exit=0)
    shown = json.loads(done.stdout)
    values = shown["settings"]
    assert shown["exists"] and shown["path"] == str(config_path())
    assert values["name"] == {"value": "王小明", "source": "file", "detail": ""}
    assert values["database"]["source"] == "environment" and values["database"]["detail"] == "$OKRTUI_DB"
    assert values["theme"] == {"value": "okrtui-contrast", "source": "flag", "detail": "--theme"}
    assert values["standup_rotate"]["value"] == 30

    table = run("config", "--db", str(tmp_path / "y.json"), check_exit=0).stdout
    line = next(row for row in table.splitlines() if row.startswith("database"))
    assert str(tmp_path / "y.json") in line and "flag (--db)" in line  # the option's name, not the key's
    assert "--database" not in table
    assert json.loads(run("config", "--json", "--db", str(tmp_path / "y.json"), check_exit=0).stdout)[
        "settings"]["database"]["detail"] == "--db"


def test_an_unknown_theme_exits_2_and_lists_the_names(run, tmp_path):
    never = str(tmp_path / "never.json")
    for args in (["--theme", "nope", "plan", "--db", never], ["plan", "--theme", "nope", "--db", never],
                 ["--db", never, "--theme", "nope"]):
        done = run(*args)
        assert done.returncode == 2, args
        assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
        assert "nope" in done.stderr and "okrtui-light" in done.stderr and "nord" in done.stderr
    assert not (tmp_path / "never.json").exists()


def test_the_database_and_name_come_from_the_config_file(run, cli_demo):
    write_config(f'database = {json.dumps(str(cli_demo))}\nname = "周執行長"\n')
    env = {k: "" for k in ("OKRTUI_USER", "OKRTUI_DB")}
    listed = run("list", env=env, check_exit=0)
    assert "拓展新市場" in listed.stdout
    run("checkin", "1", "33", env=env, check_exit=0)
    checkins = Repository(cli_demo).load().checkins
    assert checkins[-1].author == "周執行長"
    # $OKRTUI_USER still wins over the file
    run("checkin", "1", "34", env={"OKRTUI_USER": "ann", "OKRTUI_DB": ""}, check_exit=0)
    assert Repository(cli_demo).load().checkins[-1].author == "ann"


def test_a_broken_config_file_is_a_warning_not_a_failure(run, cli_demo):
    write_config("name = = 3\n")
    done = run("list", "--db", str(cli_demo), check_exit=0)
    assert "拓展新市場" in done.stdout
    assert "warning" in done.stderr and str(config_path()) in done.stderr and "Traceback" not in done.stderr


def test_config_language_is_used_unless_the_environment_says_otherwise(run):
    write_config('language = "zh-TW"\n')
    env = {**{k: "" for k in ("OKRTUI_LANG", "LC_ALL", "LC_MESSAGES")}, "LANG": "C.UTF-8"}
    done = run("config", "--json", env=env, check_exit=0)
    assert json.loads(done.stdout)["settings"]["language"] == {"value": "zh-TW", "source": "file", "detail": ""}
    assert os.environ.get("OKRTUI_LANG") == "en"  # the suite's own setting, untouched


def test_team_settings_are_set_shown_and_used_for_staleness(run, cli_demo):
    import json as _json

    from okrtui.storage.repository import Repository

    # #6 of 行銷 was last checked in 14 days before the demo's moment: stale while weekly
    assert "(14d ago, stale)" in run("list", "--db", str(cli_demo), check_exit=0).stdout
    done = run("config", "--db", str(cli_demo), "--team", "行銷", "--cadence", "monthly", check_exit=0)
    assert done.stdout.strip() == "team 行銷: checks in monthly; lead: 林美玲"
    assert Repository(cli_demo).load().team_record("行銷").cadence == "monthly"
    listing = run("list", "--db", str(cli_demo), check_exit=0).stdout
    assert "(14d ago)" in listing and "stale" not in listing
    run("config", "--db", str(cli_demo), "--team", "行銷", "--lead", "黃思涵", check_exit=0)
    shown = _json.loads(run("config", "--db", str(cli_demo), "--team", "行銷", "--json", check_exit=0).stdout)
    assert shown == {"team": "行銷", "cadence": "monthly", "lead": "黃思涵"}


def test_team_settings_refuse_bad_input_and_write_nothing(run, cli_demo):
    before = cli_demo.read_bytes()
    for args, words in ((("--team", "行銷", "--cadence", "daily"), "'daily' is not one of"),
                        (("--cadence", "monthly"), "name the team with --team T")):
        done = run("config", "--db", str(cli_demo), *args)
        assert done.returncode == 2 and words in done.stderr and done.stderr.count("\n") == 1
    assert cli_demo.read_bytes() == before
