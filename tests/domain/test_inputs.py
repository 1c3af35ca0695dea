"""What people type: numbers, milestone words, confidence and dates."""

from datetime import date

import pytest

from okrtui.domain.inputs import parse_checkin_value, parse_confidence, parse_date, parse_number
from okrtui.domain.models import KeyResult
from okrtui.domain.validation import InvalidInput


@pytest.mark.parametrize(
    "text, number",
    [
        ("42", 42.0),
        ("-3.5", -3.5),
        ("+7", 7.0),
        ("50,000", 50_000.0),
        ("1,234,567.5", 1_234_567.5),
        ("-2,000", -2_000.0),
        ("30%", 30.0),
        ("12.5 %", 12.5),
        ("  8 ", 8.0),
        ("0", 0.0),
        ("1e3", 1000.0),
    ],
)
def test_parse_number_accepts(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["abc", "nan", "NaN", "inf", "-inf", "Infinity", "1e999", "1,2,3", "12,34", "5,0000", "", "%", "4 2", "30%%"])
def test_parse_number_refuses(text):
    with pytest.raises(InvalidInput) as info:
        parse_number(text)
    message = str(info.value)
    assert "must be a number" in message or "must be a finite number" in message
    assert info.value.by_field.keys() == {"value"}


def test_parse_number_names_the_text_and_label():
    with pytest.raises(InvalidInput, match="target must be a number, not 'abc'"):
        parse_number("abc", label="target")


def kr(kind="increase", start=0, target=100):
    return KeyResult(id=1, objective_id=1, title="KR", kind=kind, start=start, target=target)


@pytest.mark.parametrize(
    "text, value",
    [("done", 1.0), ("Done", 1.0), (" DONE ", 1.0), ("yes", 1.0), ("1", 1.0), ("完成", 1.0), ("已完成", 1.0),
     ("not done", 0.0), ("Not Done", 0.0), ("no", 0.0), ("0", 0.0), ("未完成", 0.0)],
)
def test_milestone_words(text, value):
    assert parse_checkin_value(kr("milestone", 0, 1), text) == value


@pytest.mark.parametrize("text", ["0.5", "2", "maybe", "", "half"])
def test_milestone_refuses_other_values(text):
    with pytest.raises(InvalidInput, match="'done' \\(1\\) or 'not done' \\(0\\)"):
        parse_checkin_value(kr("milestone", 0, 1), text)


def test_numeric_kr_takes_numbers():
    assert parse_checkin_value(kr(), "1,000") == 1_000.0
    with pytest.raises(InvalidInput, match="must be a number"):
        parse_checkin_value(kr(), "done")


@pytest.mark.parametrize("text, value", [(None, None), ("", None), ("  ", None), ("0", 0), ("7", 7), (" 10 ", 10), (5, 5)])
def test_parse_confidence_accepts(text, value):
    assert parse_confidence(text) == value


@pytest.mark.parametrize("text", ["11", "-1", 11, "100"])
def test_parse_confidence_bounds(text):
    with pytest.raises(InvalidInput, match="from 0 to 10") as info:
        parse_confidence(text)
    assert info.value.by_field.keys() == {"confidence"}


@pytest.mark.parametrize("text", ["7.5", "high", "7/10"])
def test_parse_confidence_whole_numbers_only(text):
    with pytest.raises(InvalidInput, match="whole number from 0 to 10"):
        parse_confidence(text)


def test_parse_date():
    assert parse_date("2026-11-30") == date(2026, 11, 30)
    assert parse_date(" 2026-11-30 ") == date(2026, 11, 30)
    for bad in ("2026-13-01", "30/11/2026", "tomorrow", ""):
        with pytest.raises(InvalidInput, match="is not a date; write it like 2026-11-30"):
            parse_date(bad)
