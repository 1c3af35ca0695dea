"""The one private pydantic module okrtui touches, stood in for here (as ui/textual_compat.py does for Textual).

pydantic looks for plugins (the `pydantic` entry-point group) the first time any validator is built:
`pydantic.plugin._schema_validator.create_schema_validator` imports `pydantic.plugin._loader`, which
imports importlib.metadata (with email, zipfile, csv, socket …) and scans every installed package's
entry points: 8-12 ms of a ~170 ms `okrtui checkin`. okrtui uses no pydantic plugin (they observe
validation, e.g. for tracing, and never change what a model accepts), and pydantic's documented switch,
PYDANTIC_DISABLE_PLUGINS, is read only inside the loader, after its imports. So before okrtui's models
build a validator, the loader's module is stood in for by one that finds no plugin.

The stand-in is installed only for the pydantic versions it was written for and only when the loader
was not imported yet (then it is left as it is); tests/domain/test_pydantic_compat.py checks the names and
that a validator built afterwards is pydantic's plain SchemaValidator.
"""

from __future__ import annotations

import sys
import types

import pydantic

from okrtui.domain.versions import version_tuple

PYDANTIC_2 = ((2, 0), (3, 0))  # from 2.0 up to, not including, 3.0
_LOADER = "pydantic.plugin._loader"


def _no_plugins() -> tuple[()]:
    return ()


def without_plugin_loader() -> bool:
    """Stand in for pydantic's plugin loader (see the module's text); True when the stand-in is in place."""
    low, high = PYDANTIC_2
    if not low <= version_tuple(pydantic.VERSION) < high:
        return False
    present = sys.modules.get(_LOADER)
    if present is not None:
        return getattr(present, "get_plugins", None) is _no_plugins
    stand_in = types.ModuleType(_LOADER, "okrtui's stand-in for pydantic's plugin loader: no plugins")
    stand_in.get_plugins = _no_plugins  # type: ignore[attr-defined]
    stand_in.PYDANTIC_ENTRY_POINT_GROUP = "pydantic"  # type: ignore[attr-defined]
    sys.modules[_LOADER] = stand_in
    return True
