"""Models built from rows the digest cache proved valid, without validating them again.

The rows are exactly the bytes okrtui validated (or wrote from validated models) before, so
their text is already trimmed, their quarters normalised and their numbers in range. What
validation would still change is converted here the same way: instants to UTC datetimes,
whole numbers in float fields to floats, nested rows (KPI readings, change records) to their
models, defaults filled in, and a KR's missing current value set to its start.
tests/storage/test_digest_cache.py proves the result equals validation's on the demo and
synthetic files.
"""

from __future__ import annotations

import types
import typing
from datetime import datetime
from typing import Any, Callable

from pydantic import BaseModel

from okrtui.domain.models import KeyResult, Model
from okrtui.domain.quarter import as_utc

Convert = Callable[[Any], Any]


def instant(value: Any) -> Any:
    """A proven row's instant as validation gives it (an aware UTC datetime); storage/lazy_checkins.py
    orders rows by it, as the built models are ordered."""
    if isinstance(value, str):
        return as_utc(datetime.fromisoformat(value))
    return value



def _number(value: Any) -> Any:
    return float(value) if type(value) is int else value


def _args(annotation: Any) -> tuple:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _args(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return tuple(a for arg in typing.get_args(annotation) for a in _args(arg))
    return (annotation,)


def _nested(model: type[Model]) -> Convert:
    def convert(value: Any) -> Any:
        if not isinstance(value, list) or not value:
            return [] if isinstance(value, list) else value
        build = builder(model)  # written when first needed: a list's KPIs come without their readings
        return [build(None, item) for item in value]

    return convert


def _converter(annotation: Any) -> Convert | None:
    kinds = _args(annotation)
    if datetime in kinds:
        return instant
    if float in kinds:
        return _number
    for kind in kinds:
        if typing.get_origin(kind) is list:
            (item,) = typing.get_args(kind) or (None,)
            if isinstance(item, type) and issubclass(item, BaseModel):
                return _nested(item)  # type: ignore[arg-type]
    return None


_BUILDERS: dict[type, Callable[[Any, dict], Any]] = {}


def builder(model: type[Model]) -> Callable[[Any, dict], Any]:
    """build(record_id, row) -> the model, as model_validate({**row, "id": record_id}) would give it
    for a valid row (record_id None: a nested row without an id).

    The function is written out for each model once (as dataclasses writes __init__), one line per
    field to convert: a loop over the fields cost more than the conversions themselves (L's list
    builds ~2,500 rows: ~9 ms looped, ~4 ms written out)."""
    known = _BUILDERS.get(model)
    if known is not None:
        return known
    fields = model.model_fields
    space: dict[str, Any] = {"MODEL": model, "new": object.__new__, "set_attr": object.__setattr__,
                             "DEFAULTS": {name: info.default for name, info in fields.items()
                                          if info.default_factory is None and not info.is_required()},
                             "fromisoformat": datetime.fromisoformat, "as_utc": as_utc}
    factories = "".join(f"{name!r}: F_{name}(), " for name, info in fields.items() if info.default_factory is not None)
    space.update({f"F_{name}": info.default_factory for name, info in fields.items() if info.default_factory is not None})
    lines = ["def build(record_id, row):",
             f"    values = {{**DEFAULTS, {factories}**row}}",
             "    set_fields = set(row)"]
    if "id" in fields:
        lines += ["    if record_id is not None:", "        values['id'] = record_id", "        set_fields.add('id')"]
    for name, info in fields.items():
        convert = _converter(info.annotation)
        if convert is None:
            continue
        lines.append(f"    value = values.get({name!r})")
        if convert is _number:
            lines.append(f"    if type(value) is int: values[{name!r}] = float(value)")
        elif convert is instant:
            lines.append(f"    if type(value) is str: values[{name!r}] = as_utc(fromisoformat(value))")
            lines.append(f"    elif value is not None: values[{name!r}] = C_{name}(value)")
        else:
            lines.append(f"    if value is not None: values[{name!r}] = C_{name}(value)")
        space[f"C_{name}"] = convert
    if model is KeyResult:  # validation's rule: a KR with no current value stands at its start
        lines += ["    if values.get('current') is None:", "        values['current'] = values.get('start')"]
    lines += ["    instance = new(MODEL)",
              "    set_attr(instance, '__dict__', values)",
              "    set_attr(instance, '__pydantic_fields_set__', set_fields)",
              "    set_attr(instance, '__pydantic_extra__', None)",
              "    set_attr(instance, '__pydantic_private__', None)",
              "    return instance"]
    exec(compile("\n".join(lines), f"<okrtui.storage.trusted.builder({model.__name__})>", "exec"), space)  # noqa: S102
    build = space["build"]
    _BUILDERS[model] = build
    return build
