"""Model validation: plain sentences for every refusal, text stored literally, control characters refused."""

import unicodedata
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from okrtui.domain.models import (KPI, LONG_TEXT_MAX, NAME_MAX, TITLE_MAX, CheckIn, Comment, Initiative, KeyResult,
                                  KPIReading, Meta, Objective)
from okrtui.domain.validation import InvalidInput, build

OBJ = {"quarter": "2026-Q4", "title": "Delight our customers", "team": "Support"}
KR = {"objective_id": 1, "title": "Response time to 1 hour", "kind": "decrease", "unit": "h", "start": 6, "target": 1}
CHECKIN = {"kr_id": 1, "at": datetime(2026, 10, 5, 9, 0, tzinfo=timezone.utc), "value": 4}
KPI_DATA = {"name": "Monthly revenue", "team": "Sales", "target": 500_000}


def refused(model, data) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        build(model, data)
    return info.value


# ---- objectives ---------------------------------------------------------------------------------


def test_objective_defaults():
    objective = build(Objective, OBJ)
    assert objective.quarter == "2026-Q4"
    assert objective.commitment == "aspirational"
    assert objective.state == "active"
    assert objective.parent_id is None and objective.final_score is None and objective.met is None


def test_objective_quarter_is_normalised():
    assert build(Objective, {**OBJ, "quarter": " 2026q4 "}).quarter == "2026-Q4"


def test_objective_bad_quarter_is_a_sentence():
    error = refused(Objective, {**OBJ, "quarter": "2026-Q7"})
    assert "is not a quarter" in str(error)
    assert "2026-Q4" in str(error)


def test_title_is_trimmed_and_required():
    assert build(Objective, {**OBJ, "title": "  Delight  "}).title == "Delight"
    error = refused(Objective, {**OBJ, "title": "   "})
    assert "title must not be empty" in str(error)
    assert error.by_field["title"] == "title must not be empty"


def test_team_is_required_owner_is_not():
    assert "team must not be empty" in str(refused(Objective, {**OBJ, "team": ""}))
    assert build(Objective, {**OBJ, "owner": ""}).owner == ""


def test_missing_field_is_named():
    data = dict(OBJ)
    del data["team"]
    assert "team is required" in str(refused(Objective, data))


def test_title_length_limit():
    assert build(Objective, {**OBJ, "title": "x" * TITLE_MAX}).title == "x" * TITLE_MAX
    error = refused(Objective, {**OBJ, "title": "x" * (TITLE_MAX + 1)})
    assert f"is {TITLE_MAX + 1} characters long" in str(error)
    assert f"keep it to {TITLE_MAX} or fewer" in str(error)


def test_name_fields_have_the_shorter_limit():
    assert build(Objective, {**OBJ, "team": "t" * NAME_MAX}).team == "t" * NAME_MAX
    assert f"keep it to {NAME_MAX} or fewer" in str(refused(Objective, {**OBJ, "owner": "o" * (NAME_MAX + 1)}))


def test_description_may_span_lines_but_title_may_not():
    text = "line one\n\tline two"
    assert build(Objective, {**OBJ, "description": text}).description == text
    error = refused(Objective, {**OBJ, "title": "line one\nline two"})
    assert "title contains a control character (newline)" in str(error)
    assert "control character" in str(refused(Objective, {**OBJ, "description": "a\rb"}))
    assert build(Objective, {**OBJ, "retrospective": "x" * LONG_TEXT_MAX}).retrospective == "x" * LONG_TEXT_MAX


def test_title_must_be_text():
    assert "title must be text" in str(refused(Objective, {**OBJ, "title": 42}))


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("commitment", "maybe", ["commitment must be one of", "aspirational", "committed"]),
        ("state", "paused", ["state must be one of", "active", "closed", "dropped"]),
        ("final_score", 1.5, ["final score must be at most 1"]),
        ("final_score", -0.1, ["final score must be at least 0"]),
        ("final_score", "lots", ["final score must be a number"]),
        ("colour", "red", ["'colour' is not a field okrtui knows"]),
    ],
)
def test_objective_field_errors_are_sentences(field, value, words):
    message = str(refused(Objective, {**OBJ, field: value}))
    for word in words:
        assert word in message
    assert "pydantic" not in message and "type=" not in message


def test_objective_cannot_align_to_itself():
    assert "cannot be aligned to itself" in str(refused(Objective, {**OBJ, "id": 3, "parent_id": 3}))
    assert build(Objective, {**OBJ, "id": 3, "parent_id": 2}).parent_id == 2


# ---- text is stored literally; control characters are refused -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "提升品牌知名度,吸引更多潛在用戶",  # CJK
        "Ship it 🚀🎉",  # emoji
        "Team 👩‍💻 rocks",  # ZWJ sequence
        "\u05e9\u05dc\u05d5\u05dd \u200fRTL",  # Hebrew and a right-to-left mark
        "مرحبا بالعالم",  # Arabic
        "[bold]x[/]",  # looks like markup; must stay literal
        "[red]alert[/red] & <b>html</b> %s {0} \\n",
        "e\u0301té",  # combining accent
    ],
)
def test_unusual_text_is_stored_literally(text):
    objective = build(Objective, {**OBJ, "title": text, "owner": text[:NAME_MAX]})
    assert objective.title == text
    assert objective.owner == text[:NAME_MAX]
    kr = build(KeyResult, {**KR, "title": text, "unit": text[:NAME_MAX]})
    assert kr.title == text and kr.unit == text[:NAME_MAX]


@pytest.mark.parametrize(
    "model, data, field",
    [
        (Objective, OBJ, "title"),
        (Objective, OBJ, "team"),
        (Objective, OBJ, "owner"),
        (Objective, OBJ, "description"),
        (Objective, OBJ, "retrospective"),
        (KeyResult, KR, "title"),
        (KeyResult, KR, "unit"),
        (KeyResult, KR, "owner"),
        (CheckIn, CHECKIN, "note"),
        (CheckIn, CHECKIN, "author"),
        (KPI, KPI_DATA, "name"),
        (KPI, KPI_DATA, "team"),
        (KPI, KPI_DATA, "unit"),
        (KPIReading, {"at": CHECKIN["at"], "value": 1}, "note"),
        (KPIReading, {"at": CHECKIN["at"], "value": 1}, "author"),
    ],
)
@pytest.mark.parametrize("char, name", [("\x1b", "ESC"), ("\x07", "BEL"), ("\x7f", "DEL"), ("\x9b", "U+009B")])
def test_every_text_field_refuses_control_characters(model, data, field, char, name):
    error = refused(model, {**data, field: f"ok{char}[31mred"})
    assert "control character" in str(error)
    assert f"({name})" in str(error)
    assert field in error.by_field


# ---- key results --------------------------------------------------------------------------------


def test_kr_defaults():
    kr = build(KeyResult, {"objective_id": 1, "title": "Signed clients to 10", "target": 10})
    assert kr.kind == "increase" and kr.start == 0 and kr.weight == 1 and kr.confidence == 5
    assert kr.current == 0  # no current value: it stands at its start
    assert kr.value == 0


@pytest.mark.parametrize("kind", ["increase", "decrease"])
def test_target_must_differ_from_start(kind):
    error = refused(KeyResult, {**KR, "kind": kind, "start": 5, "target": 5})
    assert "target must differ from start" in str(error)
    assert kind in str(error)


def test_direction_must_match_the_kind():
    assert "use 'decrease'" in str(refused(KeyResult, {**KR, "kind": "increase", "start": 10, "target": 2}))
    assert "use 'increase'" in str(refused(KeyResult, {**KR, "kind": "decrease", "start": 2, "target": 10}))


@pytest.mark.parametrize("kind", ["at_least", "at_most"])
def test_threshold_kinds_allow_start_equal_target(kind):
    assert build(KeyResult, {**KR, "kind": kind, "start": 90, "target": 90}).target == 90


def test_milestone_rules():
    done = build(KeyResult, {**KR, "kind": "milestone", "start": 0, "target": 1, "current": 1})
    assert done.current == 1
    fresh = build(KeyResult, {**KR, "kind": "milestone", "start": 0, "target": 1})
    assert fresh.current == 0
    assert "runs from 0 (not done) to 1 (done)" in str(
        refused(KeyResult, {**KR, "kind": "milestone", "start": 0, "target": 2})
    )
    assert "runs from 0" in str(refused(KeyResult, {**KR, "kind": "milestone", "start": 1, "target": 1}))
    assert "either done (1) or not done (0)" in str(
        refused(KeyResult, {**KR, "kind": "milestone", "start": 0, "target": 1, "current": 0.5})
    )


def test_unknown_kind():
    message = str(refused(KeyResult, {**KR, "kind": "sideways"}))
    assert "kind must be one of" in message
    for kind in ("increase", "decrease", "at_least", "at_most", "milestone"):
        assert kind in message


@pytest.mark.parametrize("field, label", [("start", "start"), ("target", "target"), ("current", "current value"), ("weight", "weight")])
def test_numbers_must_be_numbers(field, label):
    error = refused(KeyResult, {**KR, field: "abc"})
    assert f"{label} must be a number" in str(error)
    assert error.by_field[field] == f"{label} must be a number"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf"), "nan", "inf"])
def test_numbers_must_be_finite(bad):
    assert "target must be a finite number" in str(refused(KeyResult, {**KR, "kind": "increase", "start": 0, "target": bad}))


def test_numeric_strings_are_read_as_numbers():
    assert build(KeyResult, {**KR, "start": "6", "target": "1.5"}).target == 1.5


@pytest.mark.parametrize(
    "value, words",
    [
        (11, ["confidence must be at most 10"]),
        (-1, ["confidence must be at least 0"]),
        (7.5, ["confidence must be a whole number"]),
        ("high", ["confidence must be a whole number"]),
    ],
)
def test_confidence_bounds(value, words):
    message = str(refused(KeyResult, {**KR, "confidence": value}))
    for word in words:
        assert word in message


@pytest.mark.parametrize("confidence", [0, 5, 10])
def test_confidence_in_range(confidence):
    assert build(KeyResult, {**KR, "confidence": confidence}).confidence == confidence


def test_weight_bounds():
    assert "weight must be more than 0" in str(refused(KeyResult, {**KR, "weight": 0}))
    assert "weight must be at most 100" in str(refused(KeyResult, {**KR, "weight": 101}))
    assert build(KeyResult, {**KR, "weight": 2.5}).weight == 2.5


def test_several_problems_are_all_reported():
    error = refused(KeyResult, {**KR, "title": "", "confidence": 11, "start": "x"})
    fields = {field for field, _message in error.problems}
    assert {"title", "confidence", "start"} <= fields
    assert str(error).count(";") >= 2


def test_updated_at_is_utc():
    plus8 = datetime(2026, 10, 5, 17, 0, tzinfo=timezone(timedelta(hours=8)))
    kr = build(KeyResult, {**KR, "updated_at": plus8})
    assert kr.updated_at == datetime(2026, 10, 5, 9, 0, tzinfo=timezone.utc)
    assert kr.updated_at.utcoffset() == timedelta(0)
    naive = build(KeyResult, {**KR, "updated_at": datetime(2026, 10, 5, 9, 0)})
    assert naive.updated_at.tzinfo is not None and naive.updated_at.hour == 9


# ---- check-ins, KPIs, meta ----------------------------------------------------------------------


def test_checkin_rules():
    checkin = build(CheckIn, {**CHECKIN, "at": datetime(2026, 10, 5, 9, 0)})
    assert checkin.at.tzinfo is not None  # naive read as UTC
    assert checkin.confidence is None
    assert "confidence must be at most 10" in str(refused(CheckIn, {**CHECKIN, "confidence": 11}))
    assert "value must be a number" in str(refused(CheckIn, {**CHECKIN, "value": "lots"}))
    assert "value must be a finite number" in str(refused(CheckIn, {**CHECKIN, "value": float("nan")}))
    assert "must be a date and time" in str(refused(CheckIn, {**CHECKIN, "at": "yesterday-ish"}))


def test_kpi_rules():
    kpi = build(KPI, KPI_DATA)
    assert kpi.direction == "higher_is_better" and kpi.watch_band == pytest.approx(0.10) and kpi.current is None
    assert "direction must be one of" in str(refused(KPI, {**KPI_DATA, "direction": "up"}))
    assert "watch band must be at most 1" in str(refused(KPI, {**KPI_DATA, "watch_band": 1.5}))
    assert "name must not be empty" in str(refused(KPI, {**KPI_DATA, "name": " "}))
    assert build(KPI, {**KPI_DATA, "unit": ""}).unit == ""
    assert "current value must be a finite number" in str(refused(KPI, {**KPI_DATA, "current": float("inf")}))


def test_meta_defaults():
    meta = Meta()
    assert meta.app == "okrtui" and meta.schema_version >= 1 and meta.revision == 0


# ---- properties ---------------------------------------------------------------------------------

no_controls = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=TITLE_MAX
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=TITLE_MAX + 20))
def test_build_only_ever_raises_invalid_input(title):
    for model, data in ((Objective, OBJ), (KeyResult, KR)):
        try:
            built = build(model, {**data, "title": title})
        except InvalidInput as error:
            assert error.problems and all(isinstance(message, str) and message for _f, message in error.problems)
        else:
            assert built.title == title.strip()


@settings(max_examples=300, deadline=None)
@given(no_controls)
def test_any_text_without_control_characters_is_accepted(title):
    stripped = title.strip()
    if not stripped:
        assert "must not be empty" in str(refused(Objective, {**OBJ, "title": title}))
        return
    assert build(Objective, {**OBJ, "title": title}).title == stripped
    assert build(KeyResult, {**KR, "title": title}).title == stripped


@settings(max_examples=200, deadline=None)
@given(no_controls, st.characters(whitelist_categories=("Cc",)), no_controls)
def test_a_control_character_inside_text_is_refused(before, control, after):
    title = "a" + before + control + after + "z"
    assert unicodedata.category(control) == "Cc"
    error = refused(Objective, {**OBJ, "title": title})
    assert "control character" in error.by_field["title"]


@pytest.mark.parametrize("model, data, name", [
    (KeyResult, KR, "updated_at"),
    (CheckIn, CHECKIN, "at"),
    (KPIReading, {"at": CHECKIN["at"], "value": 1}, "at"),
    (Initiative, {"kr_id": 1, "title": "Call 20 customers"}, "status_at"),
    (Comment, {"target_kind": "key_result", "target_id": 1, "at": CHECKIN["at"], "text": "t"}, "edited_at"),
    (Comment, {"target_kind": "key_result", "target_id": 1, "at": CHECKIN["at"], "text": "t"}, "at"),
])
def test_every_time_a_record_holds_is_read_as_utc(model, data, name):
    plus8 = datetime(2026, 10, 5, 17, 0, tzinfo=timezone(timedelta(hours=8)))
    record = build(model, {**data, name: plus8})
    assert getattr(record, name) == plus8 and getattr(record, name).utcoffset() == timedelta(0)
    assert getattr(build(model, {**data, name: datetime(2026, 10, 5, 9, 0)}), name).tzinfo is not None  # naive: UTC
    if name != "at":
        assert getattr(build(model, {**data, name: None}), name) is None
