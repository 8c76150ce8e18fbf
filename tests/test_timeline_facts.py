"""The Whoosh backend counts articles over time from its document table (no records read):
the points must be exactly those of counting the rows, for every query, filter and series."""

from __future__ import annotations

import pytest

from newsindex.backends.base import Backend
from newsindex.backends.whoosh import WhooshBackend
from newsindex.search import parse_filters


@pytest.mark.parametrize("query, filters", [
    (None, {}),
    ("surveillance", {}),
    (None, {"company": "Hikvision"}),
    ("cameras OR billion", {"since": "2019-09"}),
    (None, {"outlet": "FT"}),
    ("nothingmatchesthis", {}),
])
@pytest.mark.parametrize("by, interval", [(None, "month"), ("outlet", "quarter"), ("company", "year")])
def test_article_timeline_from_the_document_table_equals_counting_the_rows(index_dir, query, filters, by, interval):
    backend = WhooshBackend(index_dir)
    try:
        parsed = parse_filters(**filters)
        company = parsed.company if by == "company" else None
        fast = backend.timeline("articles", query, parsed, interval=interval, by=by, company=company)
        rows = Backend.timeline(backend, "articles", query, parsed, interval=interval, by=by, company=company)
    finally:
        backend.close()
    assert fast == rows
