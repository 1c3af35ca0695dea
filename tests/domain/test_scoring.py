"""Scoring conventions of DESIGN.md: progress, status, grades, confidence bands and staleness.

Expected values are worked out by hand from DESIGN.md's formulas; the arithmetic is in the comments.
"""

import math
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import assume, given, settings, strategies as st

from okrtui.domain.models import KeyResult
from okrtui.domain.quarter import Quarter
from okrtui.domain.scoring import (
    clamp,
    confidence_band,
    expected_progress,
    grade,
    is_stale,
    kr_clamped,
    kr_progress,
    kr_status,
    objective_progress,
    objective_status,
    pace_status,
    raw_progress,
    status_label,
    status_symbol,
    success_line,
    weighted_progress,
)


def kr(kind="increase", start=0.0, target=100.0, current=None, weight=1.0, confidence=5, **extra):
    return KeyResult(
        id=extra.pop("id", 1), objective_id=1, title="KR 1", kind=kind, start=start, target=target,
        current=current, weight=weight, confidence=confidence, **extra,
    )


def milestone(done=False, confidence=5):
    return kr("milestone", 0, 1, 1 if done else 0, confidence=confidence)


# ---- progress per kind --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, start, target, current, expected",
    [
        # increase: (current - start) / (target - start)
        ("increase", 0, 100, 0, 0.0),
        ("increase", 0, 100, 50, 0.5),
        ("increase", 20, 50, 35, 0.5),  # (35-20)/(50-20) = 15/30
        ("increase", 20, 50, 20, 0.0),
        ("increase", 20, 50, 50, 1.0),
        ("increase", 20, 50, 56, 1.2),  # (56-20)/30 = 36/30 = 1.2: over-achievement kept raw
        ("increase", 20, 50, 14, -0.2),  # (14-20)/30 = -0.2: went backwards
        ("increase", -10, 10, 0, 0.5),  # (0+10)/20
        # decrease: (start - current) / (start - target)
        ("decrease", 10, 2, 10, 0.0),
        ("decrease", 10, 2, 6, 0.5),  # (10-6)/(10-2) = 4/8
        ("decrease", 10, 2, 2, 1.0),
        ("decrease", 10, 2, 1, 1.125),  # (10-1)/8 = 9/8
        ("decrease", 10, 2, 12, -0.25),  # (10-12)/8 = -2/8
        # at_least: 1 if current >= target else 0
        ("at_least", 0, 90, 89.9, 0.0),
        ("at_least", 0, 90, 90, 1.0),
        ("at_least", 0, 90, 95, 1.0),
        # at_most: 1 if current <= target else 0
        ("at_most", 5, 1, 1.01, 0.0),
        ("at_most", 5, 1, 1, 1.0),
        ("at_most", 5, 1, 0.5, 1.0),
        # milestone: 1 if done else 0
        ("milestone", 0, 1, 0, 0.0),
        ("milestone", 0, 1, 1, 1.0),
    ],
)
def test_raw_progress(kind, start, target, current, expected):
    assert raw_progress(kind, start, target, current) == pytest.approx(expected, abs=1e-12)
    # the same through a KeyResult, at its current value and as a preview of an unsaved value
    model = kr(kind, start, target, current)
    assert kr_progress(model) == pytest.approx(expected, abs=1e-12)
    untouched = kr(kind, start, target)
    assert kr_progress(untouched, current) == pytest.approx(expected, abs=1e-12)
    assert kr_clamped(model) == pytest.approx(min(max(expected, 0.0), 1.0), abs=1e-12)


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        raw_progress("sideways", 0, 1, 0)


def test_kr_without_current_counts_from_start():
    model = kr("increase", 20, 50)  # no current: it sits at its start
    assert model.current == 20
    assert kr_progress(model) == 0.0


def test_over_achievement_shows_raw_but_clamps_for_bars():
    model = kr("increase", 0, 50_000, 60_000)  # 60,000 / 50,000 = 1.2 -> "120%"
    assert kr_progress(model) == pytest.approx(1.2)
    assert kr_clamped(model) == 1.0


@pytest.mark.parametrize("value, expected", [(-0.5, 0.0), (0.0, 0.0), (0.3, 0.3), (1.0, 1.0), (7.0, 1.0)])
def test_clamp(value, expected):
    assert clamp(value) == expected


# ---- roll-up ------------------------------------------------------------------------------------


def test_objective_progress_is_weighted_mean_of_clamped():
    krs = [
        kr("increase", 0, 100, 50, weight=1, id=1),  # p = 0.5
        kr("increase", 0, 100, 150, weight=2, id=2),  # p = 1.5, clamped to 1.0
        kr("decrease", 10, 2, 12, weight=1, id=3),  # p = -0.25, clamped to 0.0
        kr("milestone", 0, 1, 1, weight=4, id=4),  # p = 1.0
    ]
    # (0.5*1 + 1.0*2 + 0.0*1 + 1.0*4) / (1+2+1+4) = 6.5 / 8 = 0.8125
    assert objective_progress(krs) == pytest.approx(0.8125)


def test_weighted_progress_of_nothing_is_zero():
    assert weighted_progress([]) == 0.0
    assert objective_progress([]) == 0.0


def test_weighted_progress_equal_weights_is_plain_mean():
    # (0.2 + 0.4 + 0.9) / 3 = 0.5
    assert weighted_progress([(0.2, 1), (0.4, 1), (0.9, 1)]) == pytest.approx(0.5)


# ---- expected progress --------------------------------------------------------------------------


def test_expected_progress_is_elapsed_share():
    q4 = Quarter(2026, 4)
    assert expected_progress(q4, date(2026, 11, 15)) == pytest.approx(0.5)  # 46 / 92
    assert expected_progress(q4, date(2026, 9, 1)) == 0.0
    assert expected_progress(q4, date(2026, 12, 31)) == 1.0


# ---- status -------------------------------------------------------------------------------------


def test_pending_without_checkin():
    assert kr_status(kr("increase", 0, 100, 0), expected=0.5, has_checkin=False) == "pending"
    assert kr_status(kr("decrease", 10, 2, 10), expected=0.5, has_checkin=False) == "pending"
    assert kr_status(kr("at_least", 0, 90, 10), expected=0.5, has_checkin=False) == "pending"
    assert kr_status(milestone(False, confidence=9), expected=0.5, has_checkin=False) == "pending"


def test_a_preview_value_counts_as_a_checkin():
    model = kr("increase", 0, 100, 0)
    # expected 0.5: 60/100 = 0.6 >= 0.95*0.5 = 0.475 -> on_track
    assert kr_status(model, expected=0.5, has_checkin=False, value=60) == "on_track"


@pytest.mark.parametrize(
    "current, expected_status",
    [
        # expected = 1.0 (the last day): on_track at p >= 0.95, at_risk 0.75 <= p < 0.95, else off_track
        (95, "on_track"),  # 95/100 = 0.95 is the on_track boundary (both sides are the float 0.95)
        (99, "on_track"),
        (94.9, "at_risk"),  # 0.949 < 0.95
        (80, "at_risk"),
        (75, "at_risk"),  # 0.75 exactly: the at_risk boundary
        (74.9, "off_track"),  # 0.749 < 0.75
        (10, "off_track"),
        (-5, "off_track"),  # went backwards: p = -0.05
        (100, "done"),
        (120, "done"),  # p = 1.2 >= 1
    ],
)
def test_increase_status_at_quarter_end(current, expected_status):
    assert kr_status(kr("increase", 0, 100, current), expected=1.0, has_checkin=True) == expected_status


@pytest.mark.parametrize(
    "current, expected_status",
    [
        # expected = 0.5 (mid-quarter): on_track p >= 0.475, at_risk 0.375 <= p < 0.475, off_track below.
        # decrease 10 -> 2: p = (10 - current) / 8
        (6, "on_track"),  # 4/8 = 0.5
        (6.1, "on_track"),  # 3.9/8 = 0.4875 >= 0.475
        (6.5, "at_risk"),  # 3.5/8 = 0.4375
        (7, "at_risk"),  # 3/8 = 0.375 = 0.75*0.5 exactly: the at_risk boundary
        (7.5, "off_track"),  # 2.5/8 = 0.3125
        (10, "off_track"),  # 0
        (2, "done"),  # 8/8
        (0.5, "done"),  # 9.5/8 > 1
    ],
)
def test_decrease_status_mid_quarter(current, expected_status):
    assert kr_status(kr("decrease", 10, 2, current), expected=0.5, has_checkin=True) == expected_status


@pytest.mark.parametrize(
    "p, expected, status",
    [
        (0.0, 0.0, "on_track"),  # nothing expected yet: 0 >= 0.95*0
        (0.48, 0.5, "on_track"),  # 0.48 >= 0.475
        (0.47, 0.5, "at_risk"),  # 0.375 <= 0.47 < 0.475
        (0.38, 0.5, "at_risk"),
        (0.37, 0.5, "off_track"),  # 0.37 < 0.375
        (0.2, 0.2, "on_track"),  # exactly on pace
        (0.0, 0.2, "off_track"),
        (1.0, 0.3, "done"),
        (1.3, 1.0, "done"),
    ],
)
def test_pace_status(p, expected, status):
    assert pace_status(p, expected) == status


@pytest.mark.parametrize("kind, start, target", [("at_least", 0, 90), ("at_most", 5, 1)])
def test_threshold_kr_status(kind, start, target):
    satisfied = target  # at_least 90 with 90, at_most 1 with 1
    unsatisfied = 80 if kind == "at_least" else 2
    # DESIGN.md: "Threshold KRs: on_track while satisfied, off_track otherwise".
    # A satisfied threshold has p = 1 and the code reports it as "done" (see the report); unsatisfied is
    # off_track whatever the pace -- even at the very start of the quarter (expected 0).
    assert kr_status(kr(kind, start, target, satisfied), expected=0.5, has_checkin=True) == "done"
    assert kr_status(kr(kind, start, target, unsatisfied), expected=0.0, has_checkin=True) == "off_track"
    assert kr_status(kr(kind, start, target, unsatisfied), expected=1.0, has_checkin=True) == "off_track"


@pytest.mark.parametrize(
    "confidence, status",
    [(10, "on_track"), (7, "on_track"), (6, "at_risk"), (5, "at_risk"), (4, "at_risk"), (3, "off_track"), (0, "off_track")],
)
def test_milestone_status_from_confidence(confidence, status):
    # before done, a milestone's status comes from the latest confidence, not from the pace
    assert kr_status(milestone(False, confidence), expected=0.0, has_checkin=True) == status
    assert kr_status(milestone(False, confidence), expected=1.0, has_checkin=True) == status
    # a previewed confidence wins over the stored one
    assert kr_status(milestone(False, 5), expected=0.5, has_checkin=True, confidence=confidence) == status


def test_milestone_done_whatever_the_confidence():
    assert kr_status(milestone(True, 0), expected=0.5, has_checkin=True) == "done"


def test_no_checkin_is_pending_even_when_the_start_meets_the_target():
    # Issue 17 item 4: an `at most` KR whose start already meets its target showed "done 100%"
    # before anyone checked in. Nothing measured is pending, whatever the start says.
    assert kr_status(kr("at_most", 5, 1, 0), expected=0.5, has_checkin=False) == "pending"
    assert kr_status(kr("at_least", 92, 90, 92), expected=0.5, has_checkin=False) == "pending"
    assert kr_status(milestone(True), expected=0.5, has_checkin=False) == "pending"
    # The first check-in decides; a preview value counts as one.
    assert kr_status(kr("at_most", 5, 1, 0), expected=0.5, has_checkin=True) == "done"
    assert kr_status(kr("at_most", 5, 1, 0), expected=0.5, has_checkin=False, value=0.5) == "done"


def test_objective_status():
    assert objective_status([], 0.0, 0.5) == "pending"
    assert objective_status(["pending", "pending"], 0.0, 0.5) == "pending"
    assert objective_status(["done", "done"], 1.0, 0.5) == "done"
    # one checked-in KR: paced on the objective's progress. 0.48 >= 0.475 -> on_track
    assert objective_status(["pending", "on_track"], 0.48, 0.5) == "on_track"
    assert objective_status(["done", "at_risk"], 0.40, 0.5) == "at_risk"  # 0.375 <= 0.40 < 0.475
    assert objective_status(["done", "off_track"], 0.30, 0.5) == "off_track"


# ---- grades, confidence, staleness --------------------------------------------------------------


@pytest.mark.parametrize(
    "score, band",
    [(1.0, "green"), (0.7, "green"), (0.69, "yellow"), (0.5, "yellow"), (0.4, "yellow"), (0.39, "red"), (0.0, "red")],
)
def test_grade_bands(score, band):
    assert grade(score) == band


@pytest.mark.parametrize(
    "confidence, band",
    [(10, "high"), (7, "high"), (6, "medium"), (4, "medium"), (3, "low"), (0, "low")],
)
def test_confidence_bands(confidence, band):
    assert confidence_band(confidence) == band


def test_success_line():
    assert success_line("aspirational") == 0.7
    assert success_line("committed") == 1.0


NOW = datetime(2026, 11, 15, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "age, stale",
    [
        (timedelta(0), False),
        (timedelta(days=6, hours=23), False),
        (timedelta(days=7), False),  # exactly 7 days is not older than 7 days
        (timedelta(days=7, seconds=1), True),
        (timedelta(days=30), True),
    ],
)
def test_stale_after_seven_days(age, stale):
    assert is_stale(NOW - age, NOW) is stale


def test_never_checked_in_is_not_stale():
    assert is_stale(None, NOW) is False


def test_stale_reads_naive_times_as_utc():
    naive_now = datetime(2026, 11, 15, 12, 0)
    assert is_stale(NOW - timedelta(days=8), naive_now) is True
    assert is_stale(datetime(2026, 11, 10, 12, 0), NOW) is False


def test_every_status_has_a_word_and_a_distinct_symbol():
    statuses = ["pending", "on_track", "at_risk", "off_track", "done"]
    assert [status_label(s) for s in statuses] == ["pending", "on track", "at risk", "off track", "done"]
    symbols = [status_symbol(s) for s in statuses]
    assert len(set(symbols)) == 5 and "?" not in symbols


# ---- properties ---------------------------------------------------------------------------------

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
kinds = st.sampled_from(["increase", "decrease", "at_least", "at_most", "milestone"])


@settings(max_examples=300, deadline=None)
@given(kinds, finite, finite, finite)
def test_clamped_progress_is_in_0_1(kind, start, target, value):
    if kind == "increase":
        assume(target > start)
    elif kind == "decrease":
        assume(target < start)
    elif kind == "milestone":
        start, target, value = 0.0, 1.0, float(value > 0)
    p = clamp(raw_progress(kind, start, target, value))
    assert 0.0 <= p <= 1.0


@settings(max_examples=300, deadline=None)
@given(finite, finite, finite)
def test_decrease_mirrors_increase(start, target, value):
    assume(target < start)
    # decrease start -> target at v is increase -start -> -target at -v:
    # (-v - (-start)) / (-target - (-start)) = (start - v) / (start - target)
    assert raw_progress("decrease", start, target, value) == raw_progress("increase", -start, -target, -value)


@settings(max_examples=300, deadline=None)
@given(finite, finite, finite)
def test_at_most_mirrors_at_least(start, target, value):
    assert raw_progress("at_most", start, target, value) == raw_progress("at_least", -start, -target, -value)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(min_value=-5, max_value=5, allow_nan=False, allow_infinity=False),
            st.floats(min_value=0.01, max_value=100, allow_nan=False, allow_infinity=False),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_roll_up_is_weighted_mean_of_clamped(pairs):
    clamped = [min(max(p, 0.0), 1.0) for p, _w in pairs]
    mean = math.fsum(c * w for c, (_p, w) in zip(clamped, pairs)) / math.fsum(w for _p, w in pairs)
    result = weighted_progress(pairs)
    assert result == pytest.approx(mean, abs=1e-9)
    assert min(clamped) - 1e-9 <= result <= max(clamped) + 1e-9


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(min_value=-50, max_value=250, allow_nan=False, allow_infinity=False),
            st.integers(min_value=1, max_value=10),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_objective_progress_is_weighted_mean_of_its_krs(values_and_weights):
    krs = [kr("increase", 0, 100, v, weight=w, id=i) for i, (v, w) in enumerate(values_and_weights, 1)]
    clamped = [min(max(v / 100, 0.0), 1.0) for v, _w in values_and_weights]
    total_weight = sum(w for _v, w in values_and_weights)
    mean = math.fsum(c * w for c, (_v, w) in zip(clamped, values_and_weights)) / total_weight
    result = objective_progress(krs)
    assert result == pytest.approx(mean, abs=1e-9)
    assert min(clamped) - 1e-9 <= result <= max(clamped) + 1e-9


@settings(max_examples=200, deadline=None)
@given(finite, st.floats(min_value=1, max_value=1e6), st.floats(min_value=1, max_value=1e6))
def test_over_achievement_keeps_raw_above_one(start, span, extra):
    target = start + span
    value = target + extra
    assume(target > start and value > target)
    raw = raw_progress("increase", start, target, value)
    assert raw > 1.0
    assert clamp(raw) == 1.0
    # and the same in the decrease direction
    raw_down = raw_progress("decrease", -start, -target, -value)
    assert raw_down > 1.0 and clamp(raw_down) == 1.0


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-1, max_value=2, allow_nan=False), st.floats(min_value=0, max_value=1, allow_nan=False))
def test_pace_status_thresholds(p, expected):
    status = pace_status(p, expected)
    if p >= 1.0:
        assert status == "done"
    elif p >= 0.95 * expected:
        assert status == "on_track"
    elif p >= 0.75 * expected:
        assert status == "at_risk"
    else:
        assert status == "off_track"
