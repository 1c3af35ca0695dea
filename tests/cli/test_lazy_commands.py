"""The top group imports a command's module only when that command runs (okrtui/cli/group.py's
LAZY_COMMANDS): the quick commands import neither the plan-file parser, the coach, the plan diff nor
the app's toolkit, and --help, shell completion and "did you mean" still know every command."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from okrtui.cli.default_group import DefaultGroup
from okrtui.cli.group import LAZY_COMMANDS, cli

# What no quick command needs: plan files, the coach, reports, the app and its toolkit.
NEVER_ON_A_QUICK_COMMAND = ("okrtui.domain.plan_text", "okrtui.domain.plan_changes", "okrtui.domain.coach",
                            "okrtui.cli.plan", "okrtui.cli.cycle", "okrtui.cli.task", "okrtui.storage.plan_write",
                            "okrtui.present.report", "okrtui.ui", "textual", "rich")


def _registered_by(command) -> str:
    """The module a command's code lives in; for a group made by cli/default_group (whose own callback
    is shared), the module of its subcommands, which must all be one."""
    if isinstance(command, DefaultGroup):
        modules = {sub.callback.__module__ for sub in command.commands.values()}
        assert len(modules) == 1, modules
        return modules.pop()
    return command.callback.__module__


def test_the_map_names_the_module_that_registers_each_command():
    commands = cli.load_all()
    lazy = {name: _registered_by(command) for name, command in commands.items() if name in LAZY_COMMANDS}
    assert lazy == LAZY_COMMANDS  # every mapped command exists, registered by the module the map names
    assert set(commands) - set(LAZY_COMMANDS) == {"plan", "update", "compare", "standup", "serve"}  # group.py's own


def _modules_after(args: list[str], db) -> tuple[int, set[str]]:
    """Run okrtui ARGS in a fresh interpreter; its exit code and the modules it imported."""
    script = ("import sys, json\nfrom okrtui.cli.main import main\ntry:\n    main(sys.argv[1:])\n"
              "except SystemExit as e:\n    code = e.code\nsys.stderr.write('\\n' + json.dumps([code, sorted(sys.modules)]))\n")
    done = subprocess.run([sys.executable, "-c", script, *args, "--db", str(db)], capture_output=True, text=True,
                          timeout=60)
    code, modules = json.loads(done.stderr.strip().splitlines()[-1])
    return code, set(modules)


@pytest.mark.parametrize("args", [["checkin", "1", "41"], ["list"], ["list", "--json"], ["kpi", "1", "5"]])
def test_a_quick_command_imports_only_what_it_runs(demo_path, args):
    code, modules = _modules_after(args, demo_path)
    assert code == 0
    assert "okrtui.cli.quick" in modules
    assert [m for m in modules if m.startswith(NEVER_ON_A_QUICK_COMMAND)] == []
    assert "tomllib" not in modules  # no config file: nothing to parse
    # each opens the database as the narrow class it needs, not the Repository of every operation
    assert "okrtui.storage.repository" not in modules and "okrtui.storage.history" not in modules
    if args[0] == "list":
        assert "okrtui.storage.checkin_ops" not in modules
        assert "importlib.metadata" not in modules  # a proven file: no pydantic validator built
        # what only --as-of, an edit or a write reads (issue 21's B10: each is import time on every list)
        assert {"okrtui.domain.inputs", "okrtui.domain.batch", "okrtui.storage.plan_write", "csv",
                "okrtui.storage.exchange"} & modules == set()


# What `okrtui checkin` no longer imports (issue 21, B1): the batch reader, the views and what they bring,
# the undo's rule, "did you mean", and pydantic's plugin loader with importlib.metadata (domain/pydantic_compat).
NOT_ON_A_CHECKIN = ("okrtui.domain.batch", "okrtui.domain.views", "okrtui.domain.history", "okrtui.domain.cadence",
                    "okrtui.domain.checkin_fix", "difflib", "importlib.metadata", "email", "zipfile", "csv")


def test_a_checkin_on_a_proven_file_imports_none_of_what_it_does_not_run(demo_path):
    first, _modules = _modules_after(["checkin", "1", "41"], demo_path)  # the write proves the file
    code, modules = _modules_after(["checkin", "1", "42"], demo_path)
    assert first == code == 0
    assert [m for m in modules if m.startswith(NOT_ON_A_CHECKIN)] == []
    assert "okrtui.domain.checkin_rows" in modules and "okrtui.domain.closed" in modules  # the rules it runs


def test_help_lists_every_command_with_its_short_help(run):
    text = run("--help", check_exit=0).stdout
    for name in [*LAZY_COMMANDS, "plan", "serve"]:
        assert f"\n  {name} " in text, name
    assert "Record a check-in" in text and "Apply a plan file" in text


def test_an_unknown_command_names_the_close_ones(run, demo_path):
    done = run("chekin", "1", "5", "--db", str(demo_path), check_exit=2)
    assert done.stderr.strip() == "okrtui: there is no command 'chekin' (did you mean checkin?) (see 'okrtui --help')"
    done = run("lsit", "--db", str(demo_path), env={"OKRTUI_LANG": "zh-TW"}, check_exit=2)
    assert "沒有「lsit」這個指令" in done.stderr and "list" in done.stderr
    assert "did you mean" not in run("zzzzzz", check_exit=2).stderr
