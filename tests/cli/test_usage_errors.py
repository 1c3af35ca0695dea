"""Click's own usage errors become one line in the interface language."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "args,english,chinese",
    [
        (["checkin"], "missing argument KR", "缺少參數 KR"),
        (["bogus"], "there is no command 'bogus'", "沒有「bogus」這個指令"),
        (["list", "--jsn"], "no such option: --jsn (did you mean --json?)", "沒有這個選項：--jsn"),
    ],
)
def test_usage_errors_in_both_languages(run, cli_demo, args, english, chinese):
    done = run(*args, "--db", str(cli_demo), env={"OKRTUI_LANG": "en"})
    assert done.returncode == 2 and english in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    done = run(*args, "--db", str(cli_demo), env={"OKRTUI_LANG": "", "LANG": "zh_TW.UTF-8"})
    assert done.returncode == 2 and chinese in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_version_comes_from_the_one_place_it_is_written(run):
    import tomllib
    from pathlib import Path

    declared = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    done = run("--version", check_exit=0)
    assert done.stdout.split()[-1] == declared["project"]["version"]


def test_shell_completion_as_the_readme_documents_it(run):
    # bash asks with COMP_WORDS/COMP_CWORD; click answers "type,value" lines.
    done = run(env={"_OKRTUI_COMPLETE": "bash_complete", "COMP_WORDS": "okrtui ch", "COMP_CWORD": "1"}, check_exit=0)
    assert done.stdout.split() == ["plain,checkin"]
    assert "_okrtui_completion" in run(env={"_OKRTUI_COMPLETE": "bash_source"}, check_exit=0).stdout
