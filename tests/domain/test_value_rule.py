"""Issue 17.8 and 16.5: the one rule for a check-in value, in the domain."""

from __future__ import annotations

import pytest

from okrtui.domain.inputs import RANGE_FACTOR, UnlikelyValue, check_value, parse_checkin_value
from okrtui.domain.models import KeyResult
from okrtui.domain.validation import InvalidInput

TRAFFIC = KeyResult(objective_id=1, title="網站月流量", unit="次瀏覽/月", start=38_500, target=50_000)
PERCENT = KeyResult(objective_id=1, title="滿意度", kind="at_least", unit="%", start=82, target=90)
MILESTONE = KeyResult(objective_id=1, title="上線", kind="milestone", target=1)


@pytest.mark.parametrize("text, value", [("46000", 46_000), ("46,000 次瀏覽/月", 46_000), ("-5", -5),
                                         (str(38_500 + RANGE_FACTOR * 11_500), 153_500)])
def test_values_within_ten_spans_of_the_start_are_taken(text, value):
    assert parse_checkin_value(TRAFFIC, text) == value


@pytest.mark.parametrize("text", ["1e9", "-200000", "153501"])
def test_values_far_outside_start_to_target_are_refused_unless_forced(text):
    with pytest.raises(UnlikelyValue, match="more than 10 times as far from the start"):
        parse_checkin_value(TRAFFIC, text)
    assert parse_checkin_value(TRAFFIC, text, force=True) == float(text)


def test_a_value_in_another_unit_is_refused_unless_forced():
    with pytest.raises(UnlikelyValue, match="in %, but this key result is measured in 次瀏覽/月"):
        parse_checkin_value(TRAFFIC, "30%")
    assert parse_checkin_value(TRAFFIC, "30%", force=True) == 30
    assert parse_checkin_value(PERCENT, "87%") == 87  # the KR's own unit


def test_a_threshold_kr_whose_start_is_its_target_scales_by_the_target():
    kr = KeyResult(objective_id=1, title="上限", kind="at_most", unit="件", start=5, target=5)
    assert parse_checkin_value(kr, "40") == 40
    with pytest.raises(UnlikelyValue):
        parse_checkin_value(kr, "60")


@pytest.mark.parametrize("value", [1e308, 1.7976931348623157e308])
def test_a_value_whose_progress_is_not_finite_is_refused_even_when_forced(value):
    kr = KeyResult(objective_id=1, title="回應時間", kind="decrease", unit="小時", start=-1e308, target=-1.5e308)
    with pytest.raises(InvalidInput, match="too large a number"):
        check_value(kr, value, force=True)


def test_a_milestone_takes_only_0_or_1_even_when_forced():
    for value in (0.5, 2, -1):
        with pytest.raises(InvalidInput, match="milestone"):
            check_value(MILESTONE, value, force=True)
    check_value(MILESTONE, 1)
    check_value(MILESTONE, 0)


def test_the_repository_applies_the_rule_to_every_check_in(demo_repo):
    kr = demo_repo.load().key_results[3]
    before = demo_repo.path.read_bytes()
    with pytest.raises(UnlikelyValue):
        demo_repo.record_checkin(kr.id, kr.start + 100 * abs(kr.target - kr.start))
    assert demo_repo.path.read_bytes() == before
    demo_repo.record_checkin(kr.id, kr.start + 100 * abs(kr.target - kr.start), force=True)
