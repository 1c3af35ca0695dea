"""The KPI lens: hit when the target is met in its direction, watch within the band, miss otherwise."""

import pytest

from okrtui.domain.kpi import kpi_status, kpi_status_at, kpi_status_label, kpi_status_symbol, kr_as_kpi
from okrtui.domain.models import KPI, KeyResult


@pytest.mark.parametrize(
    "value, status",
    [
        # higher is better, target 100, band 10% -> watch from 90 up to (not incl.) 100
        (150, "hit"),
        (100, "hit"),
        (99.99, "watch"),
        (95, "watch"),
        (90, "watch"),  # 100 - 100*0.1 = 90 (the float product is exactly 10.0): the edge of the band
        (89, "miss"),
        (0, "miss"),
    ],
)
def test_higher_is_better(value, status):
    assert kpi_status_at("higher_is_better", 100, value, 0.10) == status


@pytest.mark.parametrize(
    "value, status",
    [
        # lower is better, target 3 (e.g. hours), band 10% -> watch above 3 up to 3.3
        (1, "hit"),
        (3, "hit"),
        (3.1, "watch"),
        (3.25, "watch"),
        (3.31, "miss"),  # 3.31 > 3 + 0.3
        (5, "miss"),
    ],
)
def test_lower_is_better(value, status):
    assert kpi_status_at("lower_is_better", 3, value, 0.10) == status


def test_band_is_a_share_of_the_target():
    # 20% of 500 is 100: 420 is inside (>= 400), 390 outside
    assert kpi_status_at("higher_is_better", 500, 420, 0.20) == "watch"
    assert kpi_status_at("higher_is_better", 500, 390, 0.20) == "miss"
    # a zero band: anything short of the target is a miss
    assert kpi_status_at("higher_is_better", 500, 499, 0.0) == "miss"
    assert kpi_status_at("lower_is_better", 2, 2.5, 0.0) == "miss"


def test_negative_target_uses_its_size_for_the_band():
    # target -10 (e.g. a loss to shrink), band 10% of |−10| = 1: -10.5 watch, -12 miss
    assert kpi_status_at("higher_is_better", -10, -10.5, 0.10) == "watch"
    assert kpi_status_at("higher_is_better", -10, -12, 0.10) == "miss"


def test_zero_target_takes_the_band_as_an_absolute_amount():
    # zero incidents, band 0.1 (absolute since 10% of 0 is nothing)
    assert kpi_status_at("lower_is_better", 0, 0, 0.10) == "hit"
    assert kpi_status_at("lower_is_better", 0, 0.05, 0.10) == "watch"
    assert kpi_status_at("lower_is_better", 0, 1, 0.10) == "miss"


def test_no_data_without_a_reading():
    assert kpi_status_at("higher_is_better", 100, None, 0.10) == "no_data"
    assert kpi_status(KPI(name="Revenue", team="Sales", target=100)) == "no_data"


def test_kpi_status_of_a_model():
    assert kpi_status(KPI(name="NPS", team="CS", target=90, current=92)) == "hit"
    assert kpi_status(KPI(name="NPS", team="CS", target=90, current=85)) == "watch"  # 90 - 9 = 81 <= 85
    assert kpi_status(KPI(name="NPS", team="CS", target=90, current=80)) == "miss"
    hours = KPI(name="Response", team="CS", direction="lower_is_better", target=1, current=1.05, watch_band=0.1)
    assert kpi_status(hours) == "watch"


def kr(kind, start, target, current):
    return KeyResult(id=1, objective_id=1, title="KR", kind=kind, start=start, target=target, current=current)


@pytest.mark.parametrize(
    "kind, start, target, current, status",
    [
        ("increase", 0, 100, 99, "miss"),  # p = 0.99: a KPI is hit or miss, no partial credit
        ("increase", 0, 100, 100, "hit"),
        ("increase", 0, 100, 130, "hit"),
        ("decrease", 10, 2, 2.5, "miss"),  # p = 7.5/8
        ("decrease", 10, 2, 2, "hit"),
        ("at_least", 0, 90, 90, "hit"),
        ("at_least", 0, 90, 89, "miss"),
        ("at_most", 5, 1, 1, "hit"),
        ("at_most", 5, 1, 1.5, "miss"),
        ("milestone", 0, 1, 0, "miss"),
        ("milestone", 0, 1, 1, "hit"),
    ],
)
def test_kr_as_kpi_hits_only_when_fully_reached(kind, start, target, current, status):
    assert kr_as_kpi(kr(kind, start, target, current)) == status


def test_labels_and_symbols():
    statuses = ["hit", "watch", "miss", "no_data"]
    assert [kpi_status_label(s) for s in statuses] == ["hit", "watch", "miss", "no data"]
    symbols = [kpi_status_symbol(s) for s in statuses]
    assert len(set(symbols)) == 4 and "?" not in symbols
