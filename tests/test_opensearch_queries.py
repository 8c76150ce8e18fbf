"""The query language on OpenSearch against Whoosh: the same ids for each query form and filter.

The session's test corpus (the bundled articles and the annotated samples of conftest) is built
into the Whoosh index (``built``) and, once for this module, into an OpenSearch cluster
(osmem-server, or ``NEWSINDEX_TEST_OPENSEARCH_URL``); each row runs one query through both
backends and compares the matching ids (relevance order may differ: sets, and counts). Rows where
the two backends differ on purpose are listed in ``DIFFERENT`` with the reason.
"""

from __future__ import annotations

import uuid

import pytest

from newsindex import search as S
from newsindex.backends.whoosh import WhooshBackend


@pytest.fixture(scope="module")
def remote(opensearch_url, built, kit):
    from newsindex.backends.opensearch import OpenSearchBackend

    backend = OpenSearchBackend.from_url(opensearch_url, prefix=f"nxq{uuid.uuid4().hex[:10]}")
    backend.build(built[0], parser=kit.parser)
    yield backend
    try:
        backend.client.indices.delete(index=f"{backend.prefix}-*", params={"ignore_unavailable": "true"})
    except Exception:  # noqa: BLE001 - cleanup only
        pass


@pytest.fixture(scope="module")
def local(built):
    with WhooshBackend(built[1]) as b:
        yield b


def _ids(backend, kind, query, filters, sort="relevance"):
    got = backend.search(kind, query, S.parse_filters(**filters), sort=sort, limit=None, snippets=False)
    ids = [r["id"] for r in got.rows]
    assert got.total == len(ids)
    return ids


# (kind, query, filters): every form of the language, on each kind
QUERIES = [
    # words, stems both ways, case
    ("articles", "surveillance", {}),
    ("articles", "camera", {}),
    ("articles", "cameras", {}),
    ("articles", "Cameras", {}),
    ("articles", "recognition", {}),
    ("articles", "facial recognition", {}),
    ("claims", "surveillance", {}),
    ("figures", "billion", {}),
    ("figures", "valued", {}),
    # phrases, with stop words inside and pasted quotes
    ("articles", '"facial recognition"', {}),
    ("articles", '"state of the art"', {}),
    ("articles", '"the company"', {}),
    ("articles", "\u201cfacial recognition\u201d", {}),
    ("articles", '"entity list"', {}),
    # operators and parentheses
    ("articles", "surveillance OR cameras", {}),
    ("articles", "surveillance AND cameras", {}),
    ("articles", "surveillance NOT huawei", {}),
    ("articles", "NOT surveillance", {}),
    ("articles", "(hikvision OR dahua) AND NOT xinjiang", {}),
    ("articles", "surveillance ANDNOT sensetime", {}),
    ("claims", "NOT surveillance", {}),
    # wildcards
    ("articles", "surveil*", {}),
    ("articles", "sense*", {}),
    ("articles", "hik*ion", {}),
    ("articles", "da?ua", {}),
    ("claims", "export*", {}),
    # fields
    ("articles", "title:sensetime", {}),
    ("articles", "body:xinjiang", {}),
    ("articles", "outlet:reuters", {}),
    ('articles', 'outlet:"associated press"', {}),
    ("articles", "company:hikvision", {}),
    ("articles", "companies:sense*", {}),
    ("articles", "author:doe", {}),
    ("claims", "speaker:feldstein", {}),
    ("claims", "verb:said", {}),
    ("figures", "unit:usd", {}),
    ("figures", "metric:valuation", {}),
    ("figures", "subject:valuation", {}),
    # dates
    ("articles", "date:2019-10", {}),
    ("articles", "date:2019", {}),
    ("articles", "date:[201901 to 201909]", {}),
    ("articles", "date:[2019-09 to 2019-10]", {}),
    ("claims", "date:[2019-09-01 to 2019-10-08]", {}),
    ("articles", "date:[2019 to]", {}),
    ("claims", "date:2019", {}),
    ("figures", "billion date:2019", {}),
    # filters, alone and with a query
    ("articles", None, {"outlet": "Reuters"}),
    ("articles", None, {"outlet": "AP"}),
    ("articles", None, {"company": "Hikvision"}),
    ("articles", "surveillance", {"since": "2019-10", "until": "2020"}),
    ("articles", None, {"until": "2019-09"}),
    ("claims", None, {"company": "Hikvision"}),
    ("claims", None, {"speaker": "Steven Feldstein"}),
    ("claims", "surveillance", {"outlet": "Associated Press"}),
    ("figures", None, {"unit": "$"}),
    ("figures", None, {"min_value": "1bn", "max_value": "8bn"}),
    ("figures", None, {"company": "SenseTime", "since": "2018"}),
    ("figures", None, {"metric": "valuation"}),
    # no query at all
    ("articles", None, {}),
    ("claims", None, {}),
    ("figures", None, {}),
]


@pytest.mark.parametrize("kind,query,filters", QUERIES, ids=[f"{k}:{q}:{f}" for k, q, f in QUERIES])
def test_same_ids_as_whoosh(remote, local, kind, query, filters):
    want = _ids(local, kind, query, filters)
    got = _ids(remote, kind, query, filters)
    assert sorted(got) == sorted(want)


# sorts: the same order where it is fully determined (dates and values; ties by id may differ)
SORTED = [
    ("articles", None, {}, "date"),
    ("claims", None, {}, "date"),
    ("figures", None, {}, "value"),
    ("figures", "billion", {}, "value"),
]


@pytest.mark.parametrize("kind,query,filters,sort", SORTED)
def test_same_order_by_date_and_value(remote, local, kind, query, filters, sort):
    def keys(backend):
        got = backend.search(kind, query, S.parse_filters(**filters), sort=sort, limit=None, snippets=False)
        key = "value" if sort == "value" else "published"
        return [r.get(key) for r in got.rows]

    assert keys(remote) == keys(local)


def test_relevance_puts_the_same_articles_first(remote, local):
    """Scores differ in detail (BM25 with OpenSearch's statistics); the best few agree."""
    want = _ids(local, "articles", "hikvision surveillance", {})[:3]
    got = _ids(remote, "articles", "hikvision surveillance", {})[:3]
    assert len(set(want) & set(got)) >= 2, (want, got)


@pytest.mark.parametrize("kind,query,filters", [
    ("articles", "surveillance", {}),
    ("claims", None, {}),
    ("figures", None, {"unit": "USD"}),
])
def test_same_facets(remote, local, kind, query, filters):
    want = local.search(kind, query, S.parse_filters(**filters), limit=5)
    got = remote.search(kind, query, S.parse_filters(**filters), limit=5)
    assert got.facets == want.facets and got.facets_truncated == want.facets_truncated


@pytest.mark.parametrize("kind,query,interval,by", [
    ("articles", None, "month", None),
    ("articles", "surveillance", "quarter", "outlet"),
    ("claims", None, "year", "company"),
    ("figures", None, "month", "company"),
])
def test_same_timeline(remote, local, kind, query, interval, by):
    want = local.timeline(kind, query, S.parse_filters(), interval=interval, by=by)
    got = remote.timeline(kind, query, S.parse_filters(), interval=interval, by=by)
    assert got == want


def test_highlights_mark_the_query_words(remote):
    got = remote.search("articles", "surveillance", S.parse_filters(), limit=3)
    assert got.snippets and all(s["marks"] for s in got.snippets)
    for s in got.snippets:
        assert all(s["text"][a:b].lower().startswith("surveil") for a, b in s["marks"])


@pytest.mark.parametrize("query,outlet", [('outlet:"associated press"', "Associated Press"),
                                          ("outlet:Reuters", "Reuters")])
def test_whoosh_reads_a_quoted_name_as_one_term(local, query, outlet):
    """Whoosh failed on a phrase in a keyword field (no positions) and called the index damaged."""
    got = local.search("articles", query, S.parse_filters(), limit=None, snippets=False)
    assert got.rows and {r["outlet"] for r in got.rows} == {outlet}


@pytest.mark.parametrize("query,month", [("date:[2019-09 to 2019-09]", "2019-09"), ("date:[2019-10-01 TO 2019-10-31]", "2019-10")])
def test_whoosh_reads_hyphenated_dates_in_ranges(local, query, month):
    """Whoosh's date parser read 2019-09 in a range as the whole year (the README's own example)."""
    got = local.search("articles", query, S.parse_filters(), limit=None, snippets=False)
    assert got.rows and {r["published"][:7] for r in got.rows} == {month}
