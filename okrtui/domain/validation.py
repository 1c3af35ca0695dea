"""Refused input as sentences a user understands: field labels, InvalidInput, and pydantic's errors turned into (field, sentence) pairs."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from okrtui.i18n import _
from okrtui.domain.text_rules import describe_character, find_control_character


def field_label(name: str) -> str:
    """The user's word for a model field."""
    labels = {
        "title": _("title"), "description": _("description"), "team": _("team"), "owner": _("owner"),
        "quarter": _("quarter"), "parent_id": _("parent objective"), "commitment": _("commitment"),
        "state": _("state"), "final_score": _("final score"), "retrospective": _("retrospective"),
        "kind": _("kind"), "unit": _("unit"), "start": _("start"), "target": _("target"),
        "current": _("current value"), "weight": _("weight"), "confidence": _("confidence"),
        "value": _("value"), "note": _("note"), "author": _("author"), "name": _("name"),
        "direction": _("direction"), "watch_band": _("watch band"), "objective_id": _("objective"),
        "kr_id": _("key result"),
        "decision": _("decision"), "proposed_score": _("proposed score"), "score_reason": _("reason for the score"),
        "shortfall_reason": _("why it fell short"), "coverage_answer": _("do the KRs cover the objective?"),
        "text": _("text"),
        "cadence": _("check-in cadence"), "lead": _("team lead"), "source_kpi_id": _("fed by KPI"),
        "status": _("status"), "due": _("due week"),
        "level": _("level"), "parent_kr_id": _("aligned key result"),
    }
    return labels.get(name, name.replace("_", " "))


# Text rules live in the validator's native constraints (fast enough to re-validate a whole
# quarter on every write): trimmed, bounded, and no control characters, because text in a


def _control_message(label: str, char: str) -> str:
    return _("{label} contains a control character ({char}); remove it").format(
        label=label, char=describe_character(char)
    )


def _too_long_message(label: str, n: int, max_len: int) -> str:
    return _("{label} is {n} characters long; keep it to {max} or fewer").format(label=label, n=n, max=max_len)


class InvalidInput(ValueError):
    """Input a user gave that the model refuses; `problems` pairs each field with a sentence."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(message for _field, message in problems))

    @property
    def by_field(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for field, message in self.problems:
            out.setdefault(field, message)
        return out


def describe_errors(error: ValidationError) -> list[tuple[str, str]]:
    """Turn a pydantic ValidationError into (field, sentence) pairs a user understands."""
    problems: list[tuple[str, str]] = []
    for item in error.errors(include_url=False):
        loc = [str(part) for part in item.get("loc", ()) if not isinstance(part, int)]
        field = loc[0] if loc else ""
        label = field_label(field) if field else ""
        kind = item.get("type", "")
        ctx = item.get("ctx") or {}
        if kind == "value_error":
            message = str(ctx.get("error", item.get("msg", "")))
        elif kind in ("float_parsing", "float_type", "decimal_parsing"):
            message = _("{label} must be a number").format(label=label)
        elif kind in ("int_parsing", "int_type", "int_from_float"):
            message = _("{label} must be a whole number").format(label=label)
        elif kind == "int_parsing_size":
            message = _("{label} is too large a number").format(label=label)
        elif kind == "literal_error":
            message = _("{label} must be one of: {choices}").format(
                label=label, choices=str(ctx.get("expected", "")).replace("'", "")
            )
        elif kind in ("greater_than_equal", "greater_than"):
            bound = ctx.get("ge", ctx.get("gt"))
            word = _("at least") if kind == "greater_than_equal" else _("more than")
            message = _("{label} must be {word} {bound}").format(label=label, word=word, bound=bound)
        elif kind in ("less_than_equal", "less_than"):
            bound = ctx.get("le", ctx.get("lt"))
            word = _("at most") if kind == "less_than_equal" else _("less than")
            message = _("{label} must be {word} {bound}").format(label=label, word=word, bound=bound)
        elif kind == "string_pattern_mismatch":
            text = item.get("input")
            bad = find_control_character(text, allow_newlines=True) if isinstance(text, str) else None
            bad = bad or (find_control_character(text) if isinstance(text, str) else None)
            message = _control_message(label, bad) if bad else _("{label} has characters that are not allowed").format(label=label)
        elif kind == "string_too_long":
            text = item.get("input")
            n = len(text.strip()) if isinstance(text, str) else 0
            message = _too_long_message(label, n, int(ctx.get("max_length", 0)))
        elif kind == "string_too_short":
            message = _("{label} must not be empty").format(label=label)
        elif kind == "finite_number":
            message = _("{label} must be a finite number").format(label=label)
        elif kind == "missing":
            message = _("{label} is required").format(label=label)
        elif kind == "extra_forbidden":
            message = _("'{field}' is not a field okrtui knows").format(field=".".join(loc))
        elif kind in ("datetime_parsing", "datetime_type", "datetime_from_date_parsing"):
            message = _("{label} must be a date and time").format(label=label or _("date"))
        elif kind in ("string_type",):
            message = _("{label} must be text").format(label=label)
        else:
            message = f"{label}: {item.get('msg', '')}" if label else str(item.get("msg", ""))
        problems.append((field, message))
    return problems


M = TypeVar("M", bound=BaseModel)


def build(model: type[M], data: dict) -> M:
    """Validate `data` into `model`, raising InvalidInput with sentences on failure."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(describe_errors(error)) from None
