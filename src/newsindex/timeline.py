"""Counts of articles, claims or figures over time, optionally one series per outlet or company.

Pure: rows in (dicts with ``published`` as ``YYYY-MM-DD`` and, for ``by``, ``outlet`` or
``companies``), a list of points out. Every period between the first and the last is present,
with zero counts filled in, so the series can be plotted as it is. Rows without a readable date
are counted in the period ``undated`` (last), so the counts always add up to the rows given.
With ``by="company"`` a row about several companies counts once for each of them, so series
totals may exceed the number of rows; rows about no company go to the series ``(none)``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Iterable, Mapping

INTERVALS = ("month", "quarter", "year")
BY = ("outlet", "company")
UNDATED = "undated"
NONE = "(none)"

_DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")


@dataclass
class Point:
    period: str  # 2019-05, 2019-Q2, 2019 or "undated"
    series: str  # outlet or company name; "all" when not split
    count: int

    def to_dict(self) -> dict:
        return asdict(self)


def period_of(published, interval: str = "month") -> str:
    """The period a date falls in.

    >>> [period_of("2019-05-27", i) for i in INTERVALS]
    ['2019-05', '2019-Q2', '2019']
    >>> period_of(None), period_of("someday")
    ('undated', 'undated')
    """
    if interval not in INTERVALS:
        raise ValueError(f"interval must be one of {', '.join(INTERVALS)}")
    m = _DATE_RE.match(str(published or ""))
    if not m or not 1 <= int(m.group(2)) <= 12:
        return UNDATED
    year, month = int(m.group(1)), int(m.group(2))
    if interval == "year":
        return f"{year:04d}"
    if interval == "quarter":
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    return f"{year:04d}-{month:02d}"


def _ordinal(period: str, interval: str) -> int:
    if interval == "year":
        return int(period)
    if interval == "quarter":
        y, q = period.split("-Q")
        return int(y) * 4 + int(q) - 1
    y, mo = period.split("-")
    return int(y) * 12 + int(mo) - 1


def _label(n: int, interval: str) -> str:
    if interval == "year":
        return f"{n:04d}"
    if interval == "quarter":
        return f"{n // 4:04d}-Q{n % 4 + 1}"
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def periods_between(first: str, last: str, interval: str) -> list[str]:
    """Every period from first to last inclusive.

    >>> periods_between("2018-Q4", "2019-Q2", "quarter")
    ['2018-Q4', '2019-Q1', '2019-Q2']
    """
    a, b = _ordinal(first, interval), _ordinal(last, interval)
    return [_label(n, interval) for n in range(a, b + 1)]


def _series_names(row: Mapping, by: str | None) -> list[str]:
    if by is None:
        return ["all"]
    if by == "outlet":
        return [str(row.get("outlet") or NONE)]
    if by == "company":
        names = []
        for c in row.get("companies") or []:
            name = c.get("name") if isinstance(c, Mapping) else c
            if name and str(name) not in names:
                names.append(str(name))
        return names or [NONE]
    raise ValueError(f"by must be one of {', '.join(BY)}")


def series(rows: Iterable[Mapping], *, interval: str = "month", by: str | None = None,
           company: str | None = None) -> list[Point]:
    """Count rows per period (and per outlet/company), zero-filled between first and last period.

    ``company`` with ``by="company"`` keeps only that company's series.
    Points are ordered by series (largest total first, then name) and period.
    """
    if interval not in INTERVALS:
        raise ValueError(f"interval must be one of {', '.join(INTERVALS)}")
    counts: dict[tuple[str, str], int] = {}
    dated: set[str] = set()
    for row in rows:
        period = period_of(row.get("published"), interval)
        if period != UNDATED:
            dated.add(period)
        for name in _series_names(row, by):
            if company and by == "company" and name.lower() != company.lower():
                continue
            counts[(name, period)] = counts.get((name, period), 0) + 1
    return points(counts, dated, interval)


def points(counts: Mapping[tuple[str, str], int], dated: Iterable[str], interval: str) -> list[Point]:
    """Points from counts per (series, period), zero-filled over the `dated` periods' span (the
    periods of every row counted, "undated" aside); shared by :func:`series` and backends that
    count in the index (OpenSearch's aggregations)."""
    dated = set(dated)
    if not counts:
        return []
    periods = periods_between(min(dated, key=lambda p: _ordinal(p, interval)),
                              max(dated, key=lambda p: _ordinal(p, interval)), interval) if dated else []
    if any(p == UNDATED for _, p in counts):
        periods.append(UNDATED)
    totals: dict[str, int] = {}
    for (name, _), n in counts.items():
        totals[name] = totals.get(name, 0) + n
    names = sorted(totals, key=lambda s: (-totals[s], s.lower()))
    return [Point(p, name, counts.get((name, p), 0)) for name in names for p in periods]


def totals(points: Iterable[Point]) -> dict[str, int]:
    """Total count per series."""
    out: dict[str, int] = {}
    for p in points:
        out[p.series] = out.get(p.series, 0) + p.count
    return out


def wide(points: list[Point]) -> tuple[list[str], list[dict]]:
    """Series as columns: (column names, one row per period), for CSV and tables."""
    names: list[str] = []
    rows: dict[str, dict] = {}
    for p in points:
        if p.series not in names:
            names.append(p.series)
        rows.setdefault(p.period, {"period": p.period})[p.series] = p.count
    return ["period", *names], list(rows.values())
