"""okrtui/domain/pydantic_compat.py: the stand-in for pydantic's plugin loader is in place on the installed
pydantic, pydantic still loads plugins by the private names it stands in for, and validation is unchanged."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pydantic
import pydantic_core
from pydantic.plugin import _schema_validator

from okrtui.domain import models, pydantic_compat
from okrtui.domain.versions import version_tuple


def test_the_installed_pydantic_is_one_the_stand_in_was_written_for():
    low, high = pydantic_compat.PYDANTIC_2
    assert low <= version_tuple(pydantic.VERSION) < high, (
        f"pydantic {pydantic.VERSION}: check pydantic_compat against it and widen PYDANTIC_2")


def test_pydantic_still_finds_its_plugins_through_the_module_stood_in_for():
    # If pydantic stops importing get_plugins from this module when it builds a validator, the
    # stand-in no longer saves anything (and may no longer be right): this fails, to look again.
    source = inspect.getsource(_schema_validator.create_schema_validator)
    assert "from ._loader import get_plugins" in source
    assert "plugins = get_plugins()" in source


def test_the_models_build_pydantic_s_own_validator_without_the_loader():
    assert pydantic_compat.without_plugin_loader()  # in place (the models module installed it)
    assert list(sys.modules["pydantic.plugin._loader"].get_plugins()) == []
    models.Team.model_rebuild(force=True)
    assert type(models.Team.__pydantic_validator__) is pydantic_core.SchemaValidator
    assert models.Team.model_validate({"name": " Web "}).name == "Web"  # validation as before


def test_a_process_that_validates_never_imports_importlib_metadata():
    script = ("import sys\nfrom okrtui.domain.models import CheckIn\n"
              "CheckIn.model_validate({'kr_id': 1, 'at': '2026-11-30T04:00:00Z', 'value': 2})\n"
              "print('importlib.metadata' in sys.modules, 'pydantic.plugin._loader' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["False", "True"]  # the stand-in only


def test_a_loader_already_imported_is_left_as_it_is():
    script = ("import sys\nimport pydantic.plugin._loader as real\nfrom okrtui.domain import pydantic_compat\n"
              "print(pydantic_compat.without_plugin_loader(), sys.modules['pydantic.plugin._loader'] is real)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["False", "True"]
