"""Timeline series: periods, zero-filling, splitting by outlet/company, totals that add up."""

from __future__ import annotations

import pytest
from datetime import date

from hypothesis import given, strategies as st

from newsindex import timeline

ROWS = [
    {"published": "2019-02-22", "outlet": "Week in China", "companies": ["Megvii", "SenseTime"]},
    {"published": "2019-05-27", "outlet": "CNBC", "companies": ["SenseTime"]},
    {"published": "2019-05-03", "outlet": "Reuters", "companies": [{"name": "Huawei", "mentions": 2}]},
    {"published": "2019-11-01", "outlet": "South China Morning Post", "companies": []},
    {"published": "2019-11-06", "outlet": "The Edge Markets", "companies": ["SenseTime", "Megvii"]},
    {"published": None, "outlet": "Reuters", "companies": ["Huawei"]},  # trap: no date
]


@pytest.mark.parametrize("date, interval, period", [
    ("2019-05-27", "month", "2019-05"),
    ("2019-05-27", "quarter", "2019-Q2"),
    ("2019-12-31", "quarter", "2019-Q4"),
    ("2019-01-01", "quarter", "2019-Q1"),
    ("2019-05-27", "year", "2019"),
    ("2019-05", "month", "2019-05"),
    ("2019-05-27T09:00:00+00:00", "month", "2019-05"),
    (None, "month", "undated"),  # traps
    ("", "year", "undated"),
    ("27 May 2019", "month", "undated"),
    ("2019-13-01", "month", "undated"),
])
def test_period_of(date, interval, period):
    assert timeline.period_of(date, interval) == period


def test_bad_interval_is_a_caller_mistake():
    with pytest.raises(ValueError):
        timeline.period_of("2019-05-27", "week")


def test_month_series_is_zero_filled_and_sums_to_rows():
    points = timeline.series(ROWS, interval="month")
    periods = [p.period for p in points]
    assert periods[0] == "2019-02" and periods[-2] == "2019-11" and periods[-1] == "undated"
    assert len(periods) == 10 + 1  # Feb..Nov plus undated
    counts = {p.period: p.count for p in points}
    assert counts["2019-05"] == 2 and counts["2019-03"] == 0 and counts["undated"] == 1
    assert sum(p.count for p in points) == len(ROWS)


def test_quarter_by_outlet():
    points = timeline.series(ROWS, interval="quarter", by="outlet")
    got = {(p.series, p.period): p.count for p in points if p.count}
    assert got == {
        ("Reuters", "2019-Q2"): 1, ("Reuters", "undated"): 1, ("Week in China", "2019-Q1"): 1,
        ("CNBC", "2019-Q2"): 1, ("South China Morning Post", "2019-Q4"): 1, ("The Edge Markets", "2019-Q4"): 1,
    }
    assert timeline.totals(points)["Reuters"] == 2
    assert points[0].series == "Reuters"  # the largest series first


def test_by_company_counts_each_company_and_none():
    points = timeline.series(ROWS, interval="year", by="company")
    assert timeline.totals(points) == {"SenseTime": 3, "Megvii": 2, "Huawei": 2, "(none)": 1}
    only = timeline.series(ROWS, interval="year", by="company", company="sensetime")
    assert {p.series for p in only} == {"SenseTime"}
    assert sum(p.count for p in only) == 3


def test_empty_and_wide():
    assert timeline.series([], interval="year") == []
    cols, rows = timeline.wide(timeline.series(ROWS[:3], interval="quarter", by="outlet"))
    assert cols[0] == "period" and set(cols[1:]) == {"Week in China", "CNBC", "Reuters"}
    assert rows == [
        {"period": "2019-Q1", "CNBC": 0, "Reuters": 0, "Week in China": 1},
        {"period": "2019-Q2", "CNBC": 1, "Reuters": 1, "Week in China": 0},
    ]


@given(st.lists(st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)).map(lambda d: d.isoformat()), st.text(max_size=12)), max_size=40),
       st.sampled_from(timeline.INTERVALS))
def test_counts_always_add_up(dates, interval):
    rows = [{"published": d, "outlet": "X"} for d in dates]
    points = timeline.series(rows, interval=interval)
    assert sum(p.count for p in points) == len(rows)
    periods = [p.period for p in points if p.period != "undated"]
    assert periods == sorted(periods)  # labels sort in time order within one series
