"""Filters as queries: Whoosh queries over articles, SQL conditions over claims and figures."""

from __future__ import annotations

from datetime import date, datetime

from .filters import Filters


def _terms(schema, fieldname: str, text: str) -> list[str]:
    """The tokens the index holds for `text` in a field (the same analyzer as indexing)."""
    from ..store.terms import _keywords

    if fieldname in ("outlet", "companies", "unit", "metric", "verb"):
        text = _keywords([text])
    return [t.text for t in schema[fieldname].analyzer(text, mode="query")]


def _exact(schema, fieldname: str, text: str):
    """A query for a whole keyword (or a phrase of words) in one field."""
    from whoosh import query as Q

    tokens = _terms(schema, fieldname, text)
    if not tokens:
        return Q.NullQuery
    if len(tokens) == 1:
        return Q.Term(fieldname, tokens[0])
    if schema[fieldname].format.supports("positions"):
        return Q.Phrase(fieldname, tokens)
    return Q.And([Q.Term(fieldname, t) for t in tokens])


def _either(schema, fieldname: str, canonical: str, typed: str | None):
    """The canonical name, or the name as typed (records may carry a name the alias table maps elsewhere)."""
    from whoosh import query as Q

    if not typed or typed.lower() == canonical.lower():
        return _exact(schema, fieldname, canonical)
    return Q.Or([_exact(schema, fieldname, canonical), _exact(schema, fieldname, typed)])


def _day_range(start: date | None, end: date | None):
    from whoosh import query as Q

    return Q.DateRange("date", datetime.combine(start, datetime.min.time()) if start else None,
                       datetime.combine(end, datetime.max.time()) if end else None)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _month_end(day: date) -> date:
    """The last day of `day`'s month (no arithmetic past it: 9999-12 has an end too).

    >>> _month_end(date(2020, 2, 10)), _month_end(date(9999, 12, 30))
    (datetime.date(2020, 2, 29), datetime.date(9999, 12, 31))
    """
    import calendar

    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def date_query(start: date | None, end: date | None, schema, reader=None):
    """Articles dated from `start` to `end` (inclusive; either may be open).

    Whole months are ``month`` terms (``2019-11``), read as one posting list each; only the
    partial months at the two ends are ``DateRange`` queries, which Whoosh expands into many
    trie terms walked document by document. With a reader, open ends stop at the first and
    last month the index holds, and months it does not hold are left out.
    """
    from whoosh import query as Q

    if "month" not in schema.names():
        return _day_range(start, end)
    present = None
    if reader is not None:
        present = sorted(reader.field_terms("month")) if "month" in reader.indexed_field_names() else []
        if not present:
            return _day_range(start, end)
        if start is None:
            start = date(int(present[0][:4]), int(present[0][5:7]), 1)
        if end is None:
            end = _month_end(date(int(present[-1][:4]), int(present[-1][5:7]), 1))
    if start is None or end is None or start > end:
        return _day_range(start, end)
    # months as numbers (year * 12 + month - 1): no date arithmetic that could pass year 1 or 9999
    number = lambda d: d.year * 12 + d.month - 1  # noqa: E731
    first_whole = number(start) + (start.day != 1)  # the first whole month in the range
    last_whole = number(end) - (end != _month_end(end))  # the last whole month
    if first_whole > last_whole:  # no whole month inside: at most two partial months
        return _day_range(start, end)
    parts = []
    if start.day != 1:
        parts.append(_day_range(start, _month_end(start)))
    key = lambda n: f"{n // 12:04d}-{n % 12 + 1:02d}"  # noqa: E731  (index.month_key of that month)
    if present is not None:  # only the months the index holds
        months = [m for m in present if key(first_whole) <= m <= key(last_whole)]
    else:
        months = [key(n) for n in range(first_whole, last_whole + 1)]
    parts.extend(Q.Term("month", m) for m in months)
    if end != _month_end(end):
        parts.append(_day_range(_month_start(end), end))
    if not parts:  # no month of the range is in the index (not NullQuery: And drops those)
        return _day_range(start, end)
    return parts[0] if len(parts) == 1 else Q.Or(parts)


def filter_queries(filters: Filters, schema, reader=None) -> list:
    """The Whoosh queries of the article filters (one implementation for search, export and the
    companies and outlets commands; claims and figures are filtered by :func:`item_where`)."""
    out = []
    if filters.company:
        out.append(_either(schema, "companies", filters.company, filters.company_input))
    if filters.outlet:
        out.append(_either(schema, "outlet", filters.outlet, filters.outlet_input))
    if filters.since or filters.until:
        out.append(date_query(filters.since, filters.until, schema, reader))
    return out


def _names(canonical: str, typed: str | None) -> list[str]:
    """The keyword terms of a name filter: the canonical name, and the name as typed."""
    from ..store.terms import keyword_term

    return list(dict.fromkeys(keyword_term(n) for n in (canonical, typed) if n))


def item_where(kind: str, filters: Filters) -> tuple[list[str], list]:
    """SQL conditions (and their arguments) on the ``items`` table for the filters of claims and figures.

    The same meaning as the article filters: names compared as keyword terms (case-insensitive,
    canonical or as typed), dates inclusive, values inclusive. The speaker filter is a phrase
    of words and is checked on the rows (:func:`item_filter_query`).
    """
    from ..store.terms import keyword_term

    conds, args = ["kind = ?"], [kind[0]]
    if filters.company:
        names = _names(filters.company, filters.company_input)
        # `+kind`: not the kind index then (SQLite has no statistics and would walk every claim or
        # figure of the kind); the company's rows are found through item_companies instead
        conds[0] = "+kind = ?"
        conds.append(f"id IN (SELECT item_id FROM item_companies WHERE kind = ? AND name_k IN ({','.join('?' * len(names))}))")
        args += [kind[0], *names]
    if filters.outlet:
        names = _names(filters.outlet, filters.outlet_input)
        conds.append(f"outlet_k IN ({','.join('?' * len(names))})")
        args += names
    if filters.since:
        conds.append("published >= ?")
        args.append(filters.since.isoformat())
    if filters.until:
        conds.append("published <= ?")
        args.append(filters.until.isoformat())
    for name, column in (("unit", "unit_k"), ("metric", "metric_k")):
        if getattr(filters, name):
            conds.append(f"{column} = ?")
            args.append(keyword_term(getattr(filters, name)))
    if filters.min_value is not None:
        conds.append("value >= ?")
        args.append(filters.min_value)
    if filters.max_value is not None:
        conds.append("value <= ?")
        args.append(filters.max_value)
    if filters.review == "unreviewed":
        conds.append("id NOT IN (SELECT id FROM reviews)")
    elif filters.review:
        conds.append("id IN (SELECT id FROM reviews WHERE status = ?)")
        args.append(filters.review)
    return conds, args


def item_filter_query(filters: Filters, schema):
    """The filters checked on the rows themselves (the speaker's words), as a query, or None."""
    return _exact(schema, "speaker", filters.speaker) if filters.speaker else None
