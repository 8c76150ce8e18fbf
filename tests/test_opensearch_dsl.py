"""The query language, filters, sorts, facets and timeline as OpenSearch DSL (backends/opensearch/dsl.py).

Table-driven: one row per query form with the exact DSL it becomes; trap rows for text in other
query syntaxes (``query_string``'s, regexes, escapes), which must stay literal words or be refused
with the Whoosh side's message; a property over strings made of the language's own pieces: whatever
the parser accepts becomes JSON-serialisable DSL without ``query_string``. No cluster needed.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsindex.backends.opensearch import dsl
from newsindex.errors import BadQuery
from newsindex.query.filters import parse_filters
from newsindex.timeline import series

ANY = {"minimum_should_match": 1}


def either(*clauses, boost=None):
    body = {"should": list(clauses), **ANY}
    if boost is not None:
        body["boost"] = boost
    return {"bool": body}


def words(word, title=None, body=None):
    """A word on the articles' default fields: title (boosted 2x) or body."""
    return either({"match": {"title": {"query": word, "boost": 2.0}}}, {"match": {"body": {"query": word}}})


def on_both(kind_title: dict, kind_body: dict):
    return either(kind_title, kind_body)


# (kind, query, DSL)
FORMS = [
    # words: as typed, analysed by OpenSearch like Whoosh's StemmingAnalyzer ("cameras" finds "camera")
    ("articles", "cameras", words("cameras")),
    ("articles", "Cameras", words("Cameras")),
    ("claims", "cameras", {"match": {"text": {"query": "cameras"}}}),
    ("figures", "revenue", {"match": {"text": {"query": "revenue"}}}),
    # a word the analyser splits: its terms, all of them (Whoosh's And of the parts)
    ("articles", "face-recognition", on_both(
        {"bool": {"must": [{"term": {"title": {"value": "face", "boost": 2.0}}},
                           {"term": {"title": {"value": "recognit", "boost": 2.0}}}]}},
        {"bool": {"must": [{"term": {"body": {"value": "face"}}}, {"term": {"body": {"value": "recognit"}}}]}})),
    # stop words and single letters are not indexed: left out, as Whoosh leaves them out
    ("articles", "the cameras", words("cameras")),
    # two words: both (AND is the default)
    ("claims", "cameras exports", {"bool": {"must": [{"match": {"text": {"query": "cameras"}}},
                                                     {"match": {"text": {"query": "exports"}}}]}}),
    # phrases: the words in a row, stop words included (the .phrase subfield keeps them)
    ("articles", '"state of the art"', on_both({"match_phrase": {"title.phrase": {"query": "state of the art", "boost": 2.0}}},
                                              {"match_phrase": {"body.phrase": {"query": "state of the art"}}})),
    ("claims", "\u201cfacial recognition\u201d", {"match_phrase": {"text.phrase": {"query": "facial recognition"}}}),
    # a phrase with a slop: on the stemmed field (Whoosh's slop 1 is OpenSearch's 0)
    ("claims", '"facial recognition"~3', {"match_phrase": {"text": {"query": "facial recognition", "slop": 2}}}),
    # operators and parentheses
    ("claims", "cameras OR cctv", either({"match": {"text": {"query": "cameras"}}}, {"match": {"text": {"query": "cctv"}}})),
    ("claims", "cameras AND NOT huawei", {"bool": {"must": [{"match": {"text": {"query": "cameras"}}},
                                                            {"bool": {"must_not": [{"match": {"text": {"query": "huawei"}}}]}}]}}),
    ("claims", "NOT huawei", {"bool": {"must_not": [{"match": {"text": {"query": "huawei"}}}]}}),
    ("claims", "NOT NOT huawei", {"match": {"text": {"query": "huawei"}}}),
    ("claims", "cameras ANDNOT huawei", {"bool": {"must": [{"match": {"text": {"query": "cameras"}}}],
                                                  "must_not": [{"match": {"text": {"query": "huawei"}}}]}}),
    ("claims", "(cameras OR cctv) AND exports", {"bool": {"must": [
        either({"match": {"text": {"query": "cameras"}}}, {"match": {"text": {"query": "cctv"}}}),
        {"match": {"text": {"query": "exports"}}}]}}),
    ("claims", "cameras^3", {"match": {"text": {"query": "cameras", "boost": 3.0}}}),
    # wildcards: on the terms the index holds (stems), as Whoosh matches them
    ("claims", "sense*", {"prefix": {"text": {"value": "sens"}}}),
    ("articles", "surveil*", on_both({"prefix": {"title": {"value": "surveil", "boost": 2.0}}},
                                     {"prefix": {"body": {"value": "surveil"}}})),
    ("claims", "se*se", {"wildcard": {"text": {"value": "se*s"}}}),
    # the pattern is stemmed as Whoosh stems it, since the index holds stems ("hikvision" is "hikvis")
    ("claims", "hik?ision", {"wildcard": {"text": {"value": "hik?is"}}}),
    # fields
    ("articles", "title:cameras", {"match": {"title": {"query": "cameras", "boost": 2.0}}}),
    ("articles", "body:cameras", {"match": {"body": {"query": "cameras"}}}),
    ("articles", "author:Wang", {"match": {"author": {"query": "Wang"}}}),
    ("articles", 'author:"Li Wang"', {"match_phrase": {"author": {"query": "Li Wang"}}}),
    ("articles", "title:*", {"exists": {"field": "title"}}),
    ("articles", "outlet:Reuters", {"term": {"outlet_k": {"value": "reuters"}}}),
    ("articles", 'outlet:"Financial Times"', {"term": {"outlet_k": {"value": "financial times"}}}),
    ("articles", "company:SenseTime", {"term": {"companies_k": {"value": "sensetime"}}}),
    ("articles", "companies:sense*", {"prefix": {"companies_k": {"value": "sense"}}}),
    ("claims", "speaker:wang", {"match": {"speaker": {"query": "wang"}}}),
    ("claims", "verb:Said", {"term": {"verb_k": {"value": "said"}}}),
    ("figures", "unit:USD", {"term": {"unit_k": {"value": "usd"}}}),
    ("figures", "metric:revenue", {"term": {"metric_k": {"value": "revenue"}}}),
    ("figures", "subject:cameras", {"match": {"subject": {"query": "cameras"}}}),
    ("figures", "sentence:cameras", {"match": {"text": {"query": "cameras"}}}),
    # dates: days on `published`, inclusive
    ("articles", "date:2019-10", {"range": {"published": {"gte": "2019-10-01", "lte": "2019-10-31"}}}),
    ("articles", "date:2019-10-08", {"range": {"published": {"gte": "2019-10-08", "lte": "2019-10-08"}}}),
    ("claims", "date:2019", {"range": {"published": {"gte": "2019-01-01", "lte": "2019-12-31"}}}),
    ("articles", "date:[201901 to 201906]", {"range": {"published": {"gte": "2019-01-01", "lte": "2019-06-30"}}}),
    # Whoosh's date parser read these as the whole of 2019: the query text gives it digits alone
    ("articles", "date:[2019-01 to 2019-06]", {"range": {"published": {"gte": "2019-01-01", "lte": "2019-06-30"}}}),
    ("articles", "date:[2019-03-05 TO 2019-06-15}", {"range": {"published": {"gte": "2019-03-05", "lte": "2019-06-15"}}}),
    ("articles", "date:[to 2019-06]", {"range": {"published": {"lte": "2019-06-30"}}}),
    ("articles", "date:>=2019-10", {"range": {"published": {"gte": "2019-10-01"}}}),
    ("claims", 'cameras date:[2019-01 to 2019-06]', {"bool": {"must": [
        {"match": {"text": {"query": "cameras"}}},
        {"range": {"published": {"gte": "2019-01-01", "lte": "2019-06-30"}}}]}}),
    ("articles", "date:[2018 to 2019]", {"range": {"published": {"gte": "2018-01-01", "lte": "2019-12-31"}}}),
    ("articles", "date:[2019 to]", {"range": {"published": {"gte": "2019-01-01"}}}),
    ("claims", "cameras date:2019", {"bool": {"must": [
        {"match": {"text": {"query": "cameras"}}},
        {"range": {"published": {"gte": "2019-01-01", "lte": "2019-12-31"}}}]}}),
    # Whoosh reads date:+ as this moment: no article is dated at a moment past midnight
    ("articles", "date:+", {"match_none": {}}),
    # no query
    ("articles", "", None),
    ("articles", "   ", None),
    ("articles", None, None),
]


@pytest.mark.parametrize("kind,text,expected", FORMS, ids=[f"{k}:{t}" for k, t, _ in FORMS])
def test_query_forms(kind, text, expected):
    assert dsl.query_dsl(kind, text) == expected


# Text in other query syntaxes: literal words (in `match`, which never reads syntax), or the same
# refusal as the Whoosh side. (kind, query, DSL or the BadQuery message)
TRAPS = [
    # query_string's field groups and proximity: single letters are not indexed, so nothing is left
    ("articles", "title:(a OR b)~2", "has nothing to search for"),
    ("articles", "title:(cameras OR cctv)~2", either({"match": {"title": {"query": "cameras", "boost": 2.0}}},
                                                     {"match": {"title": {"query": "cctv", "boost": 2.0}}})),
    # *:* is everything in Lucene's syntax, like a lone *
    ("articles", "*:*", "a lone * matches everything"),
    ("articles", "*", "a lone * matches everything"),
    ("articles", '\\"', 'unbalanced quote: a " is not closed'),
    ("claims", '\\"cameras\\"', {"match": {"text": {"query": "cameras"}}}),
    # a regex is not one: "/regex/" is the word, and a * in it a wildcard like any other (the dot literal)
    ("claims", "/came.*/", {"wildcard": {"text": {"value": "/came.*/"}}}),
    ("claims", "/regex/", {"match": {"text": {"query": "/regex/"}}}),
    # fuzzy and boosts of query_string: the tilde is not an operator here
    ("claims", "cameras~", {"match": {"text": {"query": "cameras~"}}}),
    # OpenSearch's own field names and query_string's _exists_ are not fields of the language
    ("articles", "_exists_:title", "unknown field '_exists_:'"),
    ("articles", "outlet_k:reuters", "unknown field 'outlet_k:'"),
    ("articles", "published:2019", "unknown field 'published:'"),
    ("figures", "value:[1 TO 5]", "search figures by value with `min_value` and `max_value`"),
    # OpenSearch's escapes are text: Whoosh's wildcard has no escape character, the backslash is doubled
    ("articles", "company:a\\b?c", {"wildcard": {"companies_k": {"value": "a\\\\b?c"}}}),
    ("articles", "company:a\\b*", {"prefix": {"companies_k": {"value": "a\\b"}}}),
    # JSON in the query is words
    ("claims", '{"match_all": {}}', {"match": {"text": {"query": "match_all"}}}),
    ("articles", "date:someday", "cannot read 'someday' as a date"),
    ("articles", 'date:""', "cannot read a date in the query"),
    ("articles", "date:[2019-13 to 2019-14]", "cannot read a date in the query"),
]


@pytest.mark.parametrize("kind,text,expected", TRAPS, ids=[f"{k}:{t}" for k, t, _ in TRAPS])
def test_traps(kind, text, expected):
    if isinstance(expected, str):
        with pytest.raises(BadQuery) as e:
            dsl.query_dsl(kind, text)
        from newsindex.query.language import parse_query
        from newsindex.store.schema import query_schema

        with pytest.raises(BadQuery) as whoosh:
            parse_query(kind, text, query_schema(kind))
        assert expected in str(e.value) and str(e.value) == str(whoosh.value)
    else:
        assert dsl.query_dsl(kind, text) == expected


# --- filters --------------------------------------------------------------------------------------

# (kind, filter options, clauses)
FILTERS = [
    ("articles", {}, []),
    # a name as the gazetteer has it and as typed (records may carry either)
    ("articles", {"company": "SenseTime"}, [{"term": {"companies_k": "sensetime"}}]),
    ("claims", {"outlet": "FT"}, [{"terms": {"outlet_k": ["financial times", "ft"]}}]),
    ("figures", {"outlet": "Reuters"}, [{"term": {"outlet_k": "reuters"}}]),
    ("articles", {"since": "2019-10"}, [{"range": {"published": {"gte": "2019-10-01"}}}]),
    ("articles", {"until": "2019-10"}, [{"range": {"published": {"lte": "2019-10-31"}}}]),
    ("claims", {"since": "Oct 2019", "until": "2020"}, [{"range": {"published": {"gte": "2019-10-01", "lte": "2020-12-31"}}}]),
    ("claims", {"speaker": "Li Wang"}, [{"match_phrase": {"speaker": {"query": "Li Wang"}}}]),
    ("claims", {"speaker": "!!"}, [{"match_none": {}}]),
    ("figures", {"unit": "$"}, [{"term": {"unit_k": "usd"}}]),
    ("figures", {"unit": "per cent"}, [{"term": {"unit_k": "percent"}}]),
    ("figures", {"metric": "Revenue"}, [{"term": {"metric_k": "revenue"}}]),
    ("figures", {"min_value": "7.5bn"}, [{"range": {"value": {"gte": 7.5e9}}}]),
    ("figures", {"min_value": "-2", "max_value": "1,000"}, [{"range": {"value": {"gte": -2.0, "lte": 1000.0}}}]),
]


@pytest.mark.parametrize("kind,options,expected", FILTERS, ids=[f"{k}:{o}" for k, o, _ in FILTERS])
def test_filters(kind, options, expected):
    assert dsl.filter_dsl(kind, parse_filters(**options)) == expected


@pytest.mark.parametrize("kind,options,message", [
    ("articles", {"speaker": "Wang"}, "--speaker does not apply to articles"),
    ("claims", {"unit": "USD"}, "--unit does not apply to claims"),
    ("articles", {"min_value": "5"}, "--min does not apply to articles"),
])
def test_filters_that_do_not_apply(kind, options, message):
    from newsindex.cli.common import error_text  # the library names the parameter, the CLI its option

    with pytest.raises(BadQuery) as e:
        dsl.filter_dsl(kind, parse_filters(**options))
    assert error_text(e.value).startswith(message)


def test_full_query_puts_the_query_in_must_and_filters_in_filter():
    got = dsl.full_query("claims", "cameras", parse_filters(company="SenseTime", since="2019"))
    assert got == {"bool": {"must": [{"match": {"text": {"query": "cameras"}}}],
                            "filter": [{"term": {"companies_k": "sensetime"}},
                                       {"range": {"published": {"gte": "2019-01-01"}}}]}}
    assert dsl.full_query("claims", None, parse_filters(outlet="Reuters")) == \
        {"bool": {"filter": [{"term": {"outlet_k": "reuters"}}]}}


# --- sorting --------------------------------------------------------------------------------------

LAST = {"id": {"order": "asc"}}
SORTS = [
    ("articles", "relevance", False, True, [{"_score": {"order": "desc"}}, {"published": {"order": "desc", "missing": "_last"}}, LAST]),
    # relevance without a query is date order, as on the Whoosh side
    ("articles", "relevance", False, False, [{"published": {"order": "desc", "missing": "_last"}}, LAST]),
    ("claims", "date", False, True, [{"published": {"order": "desc", "missing": "_last"}}, LAST]),
    ("claims", "date", True, True, [{"published": {"order": "asc", "missing": "_last"}}, LAST]),
    ("figures", "value", False, True, [{"value": {"order": "desc", "missing": "_last"}}, LAST]),
    ("figures", "value", True, False, [{"value": {"order": "asc", "missing": "_last"}}, LAST]),
]


@pytest.mark.parametrize("kind,sort,reverse,scored,expected", SORTS)
def test_sorts(kind, sort, reverse, scored, expected):
    assert dsl.sort_dsl(kind, sort, reverse, scored) == expected


@pytest.mark.parametrize("kind,sort,message", [
    ("articles", "value", "--sort value applies to figures only"),
    ("claims", "newest", "--sort: unknown order 'newest'"),
])
def test_sort_errors(kind, sort, message):
    from newsindex.cli.common import error_text  # the library names the parameter, the CLI its option

    with pytest.raises(BadQuery) as e:
        dsl.sort_dsl(kind, sort)
    assert error_text(e.value).startswith(message)


def test_search_body():
    body = dsl.search_body("figures", "revenue", parse_filters(unit="USD"), sort="value", size=5)
    assert body["query"] == {"bool": {"must": [{"match": {"text": {"query": "revenue"}}}],
                                      "filter": [{"term": {"unit_k": "usd"}}]}}
    assert body["sort"][0] == {"value": {"order": "desc", "missing": "_last"}}
    assert body["size"] == 5 and body["track_total_hits"] is True
    assert body["aggs"] == {"outlet": {"terms": {"field": "outlet", "size": dsl.FACET_FETCH}},
                            "company": {"terms": {"field": "companies", "size": dsl.FACET_FETCH}}}
    assert set(body["highlight"]["fields"]) == {"text", "text.phrase"}
    bare = dsl.search_body("articles", None, size=None, facets=False)
    assert bare == {"query": {"match_all": {}}, "sort": [{"published": {"order": "desc", "missing": "_last"}}, LAST],
                    "track_total_hits": True}


# --- facets, highlights, timeline -----------------------------------------------------------------

def test_facets_from_aggs_orders_ties_by_name_and_says_when_cut():
    aggs = {"outlet": {"buckets": [{"key": "b", "doc_count": 2}, {"key": "A", "doc_count": 2}, {"key": "c", "doc_count": 5}],
                       "sum_other_doc_count": 0},
            "company": {"buckets": [{"key": "X", "doc_count": 1}], "sum_other_doc_count": 3}}
    facets, cut = dsl.facets_from_aggs(aggs, size=2)
    assert facets == {"outlet": [("c", 5), ("A", 2)], "company": [("X", 1)]}
    assert cut == {"outlet": True, "company": True}
    assert dsl.facets_from_aggs({}, size=10) == ({"outlet": [], "company": []}, {"outlet": False, "company": False})


SNIPPETS = [
    ("plain text", {"text": "plain text", "marks": []}),
    ("\ue000Cameras\ue001 in  the\nstreet", {"text": "Cameras in the street", "marks": [[0, 7]]}),
    ("a <em>tag</em> is \ue000text\ue001", {"text": "a <em>tag</em> is text", "marks": [[18, 22]]}),
    ("\ue000state\ue001 \ue000of\ue001 \ue000art\ue001", {"text": "state of art", "marks": [[0, 5], [6, 8], [9, 12]]}),
    ("", {"text": "", "marks": []}),
]


@pytest.mark.parametrize("fragment,expected", SNIPPETS)
def test_snippet_from_highlight(fragment, expected):
    got = dsl.snippet_from_highlight(fragment)
    assert got == expected
    assert all(got["text"][s:e] and MARKLESS(got["text"][s:e]) for s, e in got["marks"])


def MARKLESS(s):
    return dsl.MARK_START not in s and dsl.MARK_END not in s


def test_merge_highlights_takes_the_fragment_with_more_marks():
    hl = {"body": ["\ue000cameras\ue001 everywhere"], "body.phrase": ["\ue000state\ue001 \ue000art\ue001"]}
    assert dsl.merge_highlights(hl, "body") == "\ue000state\ue001 \ue000art\ue001"
    assert dsl.merge_highlights({}, "body") is None


def _composite_buckets(rows, interval, by):
    """What OpenSearch's composite aggregation answers for these rows (a reference, by hand)."""
    from datetime import datetime, timezone

    from newsindex.timeline import period_of

    counts = {}
    for row in rows:
        period = period_of(row.get("published"), "month")
        if period == "undated":
            ms = None
        else:
            # the bucket's key is the start of the calendar interval, in epoch milliseconds
            y, m = int(period[:4]), int(period[5:7])
            if interval == "quarter":
                m = (m - 1) // 3 * 3 + 1
            elif interval == "year":
                m = 1
            ms = int(datetime(y, m, 1, tzinfo=timezone.utc).timestamp() * 1000)
        names = [None]
        if by == "outlet":
            names = [row.get("outlet")]
        elif by == "company":
            names = list(dict.fromkeys(row.get("companies") or [])) or [None]
        for name in names:
            key = {"period": ms} if by is None else {"series": name, "period": ms}
            k = json.dumps(key, sort_keys=True)
            counts[k] = counts.get(k, 0) + 1
    return [{"key": json.loads(k), "doc_count": n} for k, n in counts.items()]


ROW = st.fixed_dictionaries({
    "published": st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)).map(str)),
    "outlet": st.one_of(st.none(), st.sampled_from(["Reuters", "FT", "ft"])),
    "companies": st.lists(st.sampled_from(["SenseTime", "Hikvision", "Huawei"]), max_size=3),
})


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(ROW, max_size=25), interval=st.sampled_from(["month", "quarter", "year"]),
       by=st.sampled_from([None, "outlet", "company"]), company=st.sampled_from([None, "sensetime"]))
def test_timeline_points_equal_the_series_of_the_same_rows(rows, interval, by, company):
    buckets = _composite_buckets(rows, interval, by)
    assert dsl.timeline_points(buckets, interval, by, company) == series(rows, interval=interval, by=by, company=company)


def test_timeline_aggs():
    assert dsl.timeline_aggs("quarter", "company", after={"series": "X", "period": 0}, size=10) == {"timeline": {"composite": {
        "size": 10,
        "sources": [{"series": {"terms": {"field": "companies", "missing_bucket": True}}},
                    {"period": {"date_histogram": {"field": "published", "calendar_interval": "quarter", "missing_bucket": True}}}],
        "after": {"series": "X", "period": 0}}}}
    assert dsl.timeline_aggs("year")["timeline"]["composite"]["sources"] == [
        {"period": {"date_histogram": {"field": "published", "calendar_interval": "year", "missing_bucket": True}}}]
    with pytest.raises(BadQuery, match="--interval"):
        dsl.timeline_aggs("week")
    with pytest.raises(BadQuery, match="--by"):
        dsl.timeline_aggs("month", "speaker")


# --- any accepted query becomes plain DSL without query_string ---------------------------------------

PIECES = st.sampled_from([
    "cameras", "Cameras", "surveillance", "the", "of", "a", "x", "SenseTime", "face-recognition", "U.S.",
    "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "(", ")", '"', "*", "?", "sense*", "se*se", "~", "~2", "^2", ":",
    "title:", "body:", "author:", "outlet:", "company:", "companies:", "date:", "text:", "speaker:", "verb:",
    "subject:", "unit:", "metric:", "sentence:", "value:", "2019", "2019-10", "[", "]", "{", "}", "to", "TO",
    "\\", "/", "/regex/", "*:*", "_exists_:", "&&", "||", "!", "+", "-", "\u201c", "\u201d", "é", "3.5", ">", "<",
])
QUERY = st.lists(PIECES, min_size=1, max_size=8).flatmap(
    lambda parts: st.lists(st.sampled_from(["", " "]), min_size=len(parts), max_size=len(parts))
    .map(lambda seps: "".join(p + s for p, s in zip(parts, seps))))

ALLOWED = {"bool", "must", "should", "must_not", "filter", "minimum_should_match", "boost", "match", "match_phrase",
           "term", "prefix", "wildcard", "range", "exists", "match_all", "match_none", "dis_max", "fuzzy",
           "query", "value", "slop", "gte", "lte", "gt", "lt", "field", "queries", "tie_breaker", "fuzziness",
           "prefix_length"}


def _keys(node, fields):
    """Every key of the DSL that is not a field name."""
    if isinstance(node, list):
        for x in node:
            yield from _keys(x, fields)
    elif isinstance(node, dict):
        for k, v in node.items():
            if k not in fields:
                yield k
            yield from _keys(v, fields)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["articles", "claims", "figures"]), text=QUERY)
def test_any_accepted_query_is_plain_dsl(kind, text):
    from newsindex.query.language import parse_query
    from newsindex.store.schema import query_schema

    try:
        parse_query(kind, text, query_schema(kind))
    except BadQuery:
        with pytest.raises(BadQuery):
            dsl.query_dsl(kind, text)
        return
    got = dsl.query_dsl(kind, text)
    encoded = json.dumps(got)
    assert json.loads(encoded) == got
    assert "query_string" not in encoded
    fields = {f for f, _ in dsl.FIELDS[kind].values()} | {f + dsl.PHRASE for f, _ in dsl.FIELDS[kind].values()}
    assert set(_keys(got, fields)) <= ALLOWED, got
