"""The quick commands' JSON is written by orjson when that gives json.dumps(..., ensure_ascii=False,
indent=2)'s very bytes, and by json where it would not (floats under 1e-4, ints beyond 64 bits, a
lone surrogate); bidi controls are escaped either way."""

from __future__ import annotations

import json
import random

import pytest

from okrtui.cli.context import json_text


def _json(document) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("document", [
    {"a": [], "b": {}, "c": [1, 2.5, -0.0, None, True, "é 中文"], "d": {"e": [{"f": 1e16, "g": 123456789.125}]}},
    {"tiny": 5e-05, "tinier": 1.5e-09, "edge": 0.0001},  # json writes "5e-05", orjson "0.00005"
    {"huge": 2 ** 70, "float": 1e300},
    {"note": "0.00005 e-5 in a string"},  # looks like a tiny float: json writes it, same bytes
])
def test_the_text_is_jsons_own(document):
    assert json_text(document) == _json(document)


def test_random_numbers_give_jsons_bytes():
    rng = random.Random(21)
    values = [rng.random() * 10.0 ** rng.randint(-12, 20) * rng.choice((1, -1)) for _ in range(5000)]
    values += [round(rng.random(), 6) for _ in range(1000)] + [rng.randint(-10 ** 18, 10 ** 18) for _ in range(500)]
    for i in range(0, len(values), 50):
        document = {"values": values[i:i + 50]}
        assert json_text(document) == _json(document)


def test_bidi_controls_are_escaped_and_a_lone_surrogate_is_jsons_too():
    assert json_text({"t": "a\u202eb"}) == _json({"t": "a\\u202eb"}).replace("\\\\u202e", "\\u202e")
    assert "\u202e" not in json_text({"t": "a\u202eb"})
    assert json_text({"t": "x\ud800"}) == _json({"t": "x\ud800"})
