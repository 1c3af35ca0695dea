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


@pytest.mark.parametrize("document", [
    {"c": [1, 2.5, -0.0, None, True, "é 中文"], "d": {"e": [{"f": 1e16}]}},
    {"tiny": 5e-05},  # json's way
    {"t": "a\u202eb 中文"},  # escaped: the text's way
])
def test_echo_json_writes_json_texts_bytes(document, monkeypatch):
    import click
    from click.testing import CliRunner

    from okrtui.cli import context

    @click.command()
    def show():
        context.echo_json(document)

    expected = (json_text(document) + "\n").encode()
    calls = []
    monkeypatch.setattr(context, "json_text", lambda d: calls.append(d) or json_text(d))
    result = CliRunner().invoke(show)
    assert result.exit_code == 0 and result.stdout_bytes == expected
    assert bool(calls) == ("tiny" in document or "t" in document)  # orjson's bytes written as they are otherwise
