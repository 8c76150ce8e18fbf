"""The search layer: filters, the query language and its errors, sorting, facets, snippets, rows."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from newsindex import search as S
from newsindex.cli.common import error_text
from newsindex.errors import BadQuery, NotFound

MINE = {"Reuters", "Associated Press", "Bloomberg", "Financial Times", "The Guardian", "Nikkei Asia",
        "TechCrunch", "BBC News", "The Straits Times", "The Wall Street Journal"}

# --- filters --------------------------------------------------------------------------------

@pytest.mark.parametrize("text,end,expected", [
    ("2019-10", False, date(2019, 10, 1)),
    ("2019-10", True, date(2019, 10, 31)),
    ("Oct 2019", False, date(2019, 10, 1)),
    ("October 2019", True, date(2019, 10, 31)),
    ("2019-10-31", False, date(2019, 10, 31)),
    ("2019-10-31", True, date(2019, 10, 31)),
    ("31 October 2019", True, date(2019, 10, 31)),
    ("2019", False, date(2019, 1, 1)),
    ("2019", True, date(2019, 12, 31)),
    ("Feb 2020", True, date(2020, 2, 29)),
    ("2019/11/06", False, date(2019, 11, 6)),
], ids=lambda v: str(v))
def test_date_bounds(text, end, expected):
    assert S.parse_date_bound(text, "since", end=end) == expected


@pytest.mark.parametrize("text,message", [
    ("xyz", "--since: cannot read 'xyz' as a date"),
    ("2019-13-45", "--since: cannot read '2019-13-45' as a date"),
    ("Oct 31", "--since: 'Oct 31' has no year"),
    ("", "--since: cannot read '' as a date"),
    ("2019\x00", "--since: cannot read"),
])
def test_bad_dates(text, message):
    with pytest.raises(BadQuery) as e:
        S.parse_date_bound(text, "since", end=False)
    assert str(e.value).startswith(message.replace("--since", "`since`"))  # the library names its parameter
    assert e.value.message_for({"since": "--since"}).startswith(message)  # the CLI its option
    assert e.value.exit_code == 2


@pytest.mark.parametrize("text,value", [
    ("1000", 1000.0), ("1,000", 1000.0), ("7.5e9", 7.5e9), ("7.5bn", 7.5e9), ("7.5 billion", 7.5e9),
    ("-2.5", -2.5), ("1.8m", 1.8e6), ("0.25", 0.25), (".5", 0.5), (46, 46.0),
])
def test_numbers(text, value):
    assert S.parse_number(text, "min_value") == value


@pytest.mark.parametrize("text", ["abc", "1.2.3", "5 apples", "nan", "inf", "1e999", ""])
def test_bad_numbers(text):
    with pytest.raises(BadQuery, match="^`min_value`: cannot read .* as a number"):
        S.parse_number(text, "min_value")


def test_parse_filters_normalises():
    f = S.parse_filters(outlet="FT", since="2019-10", until="Nov 2019", unit="usd", metric="Valuation",
                        min_value="1bn", max_value="8e9")
    assert (f.outlet, f.since, f.until, f.unit, f.metric, f.min_value, f.max_value) == (
        "Financial Times", date(2019, 10, 1), date(2019, 11, 30), "USD", "valuation", 1e9, 8e9)
    assert f.describe() == ("outlet is Financial Times (from 'FT'); published on or after 2019-10-01; "
                            "published on or before 2019-11-30; unit is USD; metric is valuation; "
                            "value ≥ 1,000,000,000; value ≤ 8,000,000,000")
    assert S.parse_filters().is_empty() and S.parse_filters().describe() == ""


def test_company_filter_is_alias_aware(monkeypatch):
    monkeypatch.setattr("newsindex.query.filters.canonical_company", lambda name: "Dahua" if "dahua" in name.lower() else name)
    f = S.parse_filters(company="Zhejiang Dahua")
    assert f.company == "Dahua" and f.company_input == "Zhejiang Dahua"


@pytest.mark.parametrize("unit,expected", [("%", "percent"), ("per cent", "percent"), ("usd", "USD"), ("US$", "USD"),
                                           ("yuan", "CNY"), ("count", "count"), ("square_metre", "square_metre")])
def test_unit_aliases(unit, expected):
    assert S.parse_filters(unit=unit).unit == expected


@pytest.mark.parametrize("kwargs,message", [
    ({"since": "2019-12", "until": "2019-10"}, "--since 2019-12-01 is after --until 2019-10-31"),
    ({"min_value": "10", "max_value": "1"}, "--min 10 is more than --max 1"),
    ({"company": "   "}, "--company: give a value"),
    ({"speaker": "a\x1b[31m"}, "--speaker: not a usable value"),
])
def test_bad_filter_combinations(kwargs, message):
    """The library names the parameters (`since`), the CLI words them as its options (--since)."""
    with pytest.raises(BadQuery) as e:
        S.parse_filters(**kwargs)
    assert "--" not in str(e.value) and e.value.params
    assert error_text(e.value) == message


@pytest.mark.parametrize("kind,kwargs,error", [
    ("articles", {"company": "X", "outlet": "Y", "since": "2019"}, None),
    ("articles", {"speaker": "X"}, "--speaker does not apply to articles (it applies to: claims)"),
    ("articles", {"unit": "USD"}, "--unit does not apply to articles (it applies to: figures)"),
    ("claims", {"speaker": "X", "company": "Y"}, None),
    ("claims", {"min_value": "1"}, "--min does not apply to claims (it applies to: figures)"),
    ("figures", {"unit": "USD", "metric": "m", "min_value": 1, "max_value": 2}, None),
    ("figures", {"speaker": "X"}, "--speaker does not apply to figures (it applies to: claims)"),
    ("companies", {"outlet": "FT", "until": "2020"}, None),
    ("companies", {"metric": "valuation"}, "--metric does not apply to companies (it applies to: figures)"),
    ("outlets", {"max_value": 3}, "--max does not apply to outlets (it applies to: figures)"),
])
def test_filters_apply_to_kinds(kind, kwargs, error):
    f = S.parse_filters(**kwargs)
    if error is None:
        f.check(kind)
    else:
        with pytest.raises(BadQuery) as e:
            f.check(kind)
        assert "--" not in str(e.value)
        assert error_text(e.value) == error


# --- the query language: errors ------------------------------------------------------------------

@pytest.mark.parametrize("kind,query,message", [
    ("articles", '"facial recognition', 'unbalanced quote: a " is not closed'),
    ("articles", "(surveillance OR cameras", "unbalanced parentheses: a ( is not closed"),
    ("articles", "surveillance)", "unbalanced parentheses: a ) has no ("),
    ("articles", "NOT", "'NOT' needs a word to work on"),
    ("articles", "AND OR", "'AND' needs a word to work on"),
    ("articles", "cameras AND", "'AND' at the end of the query needs a word after it"),
    ("articles", "OR cameras", "'OR' at the start of the query needs a word before it"),
    ("articles", "*", "a lone * matches everything"),
    ("articles", "* ?", "a lone * matches everything"),
    ("articles", "colour:red", "unknown field 'colour:' for articles"),
    ("articles", "speaker:wang", "unknown field 'speaker:' for articles"),
    ("claims", "unit:usd", "unknown field 'unit:' for claims"),
    ("figures", "value:7", "search figures by value with --min and --max"),
    ("articles", "title: cameras", "title: needs a value right after the colon"),
    ("articles", "date:blah", "date:blah: cannot read 'blah' as a date"),
    ("claims", "surveillance date:someday", "date:someday: cannot read 'someday' as a date"),
    ("articles", "x" * 10_000, "the query is too long (10,000 characters; the limit is 1,000)"),
    ("articles", "cameras\x07", "the query contains control characters"),
    ("articles", "\x1b[31mred", "the query contains control characters"),
    ("articles", "the", "the query 'the' has nothing to search for"),
    ("articles", "a OR NOT b", "has nothing to search for"),
])
def test_bad_queries(index_dir, kind, query, message):
    with pytest.raises(BadQuery) as e:
        S.search(kind, query, None, index_dir=index_dir)
    assert message in error_text(e.value)
    with pytest.raises(BadQuery):
        list(S.iter_rows(kind, query, None, index_dir=index_dir))


@pytest.mark.parametrize("kind,sort,message", [
    ("articles", "value", "--sort value applies to figures only"),
    ("claims", "value", "--sort value applies to figures only"),
    ("companies", "date", "--sort date does not apply to companies"),
    ("figures", "size", "--sort: unknown order 'size'"),
])
def test_bad_sorts(index_dir, kind, sort, message):
    with pytest.raises(BadQuery) as e:
        S.search(kind, None, None, index_dir=index_dir, sort=sort)
    assert error_text(e.value).startswith(message)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60))
def test_any_query_gives_results_or_a_clean_error(index_dir, text):
    for kind in ("articles", "claims"):
        try:
            result = S.search(kind, text, None, index_dir=index_dir, limit=3)
        except BadQuery as e:
            assert str(e) and "\n" not in str(e)
        else:
            assert result.total >= len(result.rows)


# --- the query language: matches ------------------------------------------------------------------

def _outlets(rows):
    return sorted(r["outlet"] for r in rows)


@pytest.mark.parametrize("kind,query,filters,expected", [
    ("articles", "surveillance", {"outlet": "FT"}, None),  # only FT: checked below
    ("articles", "company:megvii", {}, ["Bloomberg", "Financial Times", "The Guardian"]),
    ("articles", "title:cameras", {}, ["BBC News", "Financial Times", "The Straits Times"]),
    ("articles", "zeppelin OR huawei", {"company": "Huawei"}, ["The Straits Times"]),
    ("articles", '"facial recognition" company:sensetime', {}, ["Associated Press"]),
    ("articles", "sense*", {"company": "SenseTime"}, ["Associated Press", "Bloomberg"]),
    ("articles", "cameras NOT xinjiang", {"company": "Hikvision"}, ["Financial Times"]),
    ("articles", "date:2019-12", {"company": "Hikvision"}, ["Financial Times"]),
    ("claims", None, {"company": "Hikvision"}, ["Reuters", "The Wall Street Journal"]),
    ("claims", None, {"speaker": "Feldstein"}, ["Associated Press"]),
    ("claims", None, {"speaker": "hikvision"}, ["Reuters", "The Wall Street Journal"]),
    ("claims", "speaker:wang", {}, ["BBC News"]),
    ("claims", "oppose", {"outlet": "reuters"}, ["Reuters"]),
    ("claims", "verb:told", {}, ["The Guardian"]),
    ("figures", None, {"company": "SenseTime", "unit": "USD"}, ["Associated Press", "Bloomberg", "Bloomberg"]),
    ("figures", None, {"metric": "valuation"}, ["Associated Press", "Bloomberg", "TechCrunch"]),
    ("figures", None, {"unit": "%"}, ["Financial Times", "Nikkei Asia", "The Wall Street Journal"]),
    ("figures", None, {"min_value": "-20", "max_value": "0"}, ["Nikkei Asia", "The Wall Street Journal"]),
    ("figures", None, {"min_value": "7.5bn"}, ["Associated Press", "Bloomberg", "Reuters"]),
    ("figures", "unit:hkd", {}, ["The Guardian"]),
    ("figures", "subject:* OR cameras", {"metric": "cameras"}, ["BBC News"]),
    ("figures", None, {"since": "2019-11", "until": "2019-11"}, ["Bloomberg", "Bloomberg", "The Wall Street Journal"]),
])
def test_queries_and_filters(index_dir, kind, query, filters, expected):
    rows = list(S.iter_rows(kind, query, S.parse_filters(**filters), index_dir=index_dir))
    if expected is None:
        assert rows and {r["outlet"] for r in rows} == {"Financial Times"}
    else:
        assert _outlets(rows) == expected
    result = S.search(kind, query, S.parse_filters(**filters), index_dir=index_dir, limit=100)
    assert result.total == len(rows) and [r["id"] for r in result.rows] == [r["id"] for r in rows]


def test_since_excludes_earlier_and_undated_articles(index_dir):
    rows = list(S.iter_rows("articles", None, S.parse_filters(since="2019-10-01"), index_dir=index_dir))
    dates = [r["published"] for r in rows]
    assert dates and all(d >= "2019-10-01" for d in dates)
    assert "The Straits Times" not in {r["outlet"] for r in rows}  # no date: not "since" anything
    seeds = {r["outlet"] for r in rows} - MINE
    assert not seeds & {"CNBC", "Week in China"}  # the seeds of May and February


# --- sorting ------------------------------------------------------------------------------------

def test_sort_value_largest_first_and_reverse(index_dir):
    f = S.parse_filters(company="SenseTime", unit="USD")
    rows = S.search("figures", None, f, index_dir=index_dir, sort="value").rows
    assert [(r["value"], r["published"]) for r in rows] == [(7.7e9, "2019-11-20"), (7.5e9, "2019-09-17"), (1e9, "2019-11-20")]
    rows = S.search("figures", None, f, index_dir=index_dir, sort="value", reverse=True).rows
    assert [r["value"] for r in rows] == [1e9, 7.5e9, 7.7e9]


def test_sort_date_newest_first(index_dir):
    rows = S.search("claims", None, None, index_dir=index_dir, sort="date", limit=0).rows
    dates = [r["published"] for r in rows]
    assert dates == sorted(dates, reverse=True) and len(dates) == 7
    rows = S.search("claims", None, None, index_dir=index_dir, sort="date", reverse=True, limit=0).rows
    assert [r["published"] for r in rows] == sorted(dates)


def test_relevance_without_query_is_newest_first(index_dir):
    rows = S.search("articles", None, S.parse_filters(company="Hikvision"), index_dir=index_dir).rows
    assert [r["outlet"] for r in rows] == ["Financial Times", "The Wall Street Journal", "Reuters"]


def test_relevance_ranks_denser_matches_first(index_dir):
    rows = S.search("claims", "hikvision", None, index_dir=index_dir).rows
    assert rows[0]["outlet"] == "The Wall Street Journal"  # "Hikvision" twice in a short claim


# --- limits, facets, snippets, descriptions ----------------------------------------------------------

def test_limit_total_and_truncation(index_dir):
    result = S.search("figures", None, None, index_dir=index_dir, limit=3, sort="value")
    assert len(result.rows) == 3 and result.total == 10 and result.truncated
    every = list(S.iter_rows("figures", None, None, index_dir=index_dir, sort="value"))
    assert len(every) == 10 and [r["id"] for r in every[:3]] == [r["id"] for r in result.rows]
    assert not S.search("figures", None, None, index_dir=index_dir, limit=0).truncated


def test_facets_count_matching_records(index_dir):
    result = S.search("claims", None, S.parse_filters(company="Hikvision"), index_dir=index_dir)
    assert result.facets["outlet"] == [("Reuters", 1), ("The Wall Street Journal", 1)]
    assert result.facets["company"] == [("Hikvision", 2)]
    assert result.facets_truncated == {"outlet": False, "company": False}
    assert result.description == "company is Hikvision"


def test_facets_of_everything_come_from_kept_counts(index_dir, monkeypatch):
    monkeypatch.setattr("newsindex.query.facets.FACET_SIZE", 3)
    result = S.search("articles", None, None, index_dir=index_dir)
    assert result.facets["company"] == [("Hikvision", 3), ("Megvii", 3), ("Dahua", 2)]
    assert result.facets_truncated["company"] and result.facets_truncated["outlet"]
    assert len(result.facets["outlet"]) == 3


def test_snippets_mark_query_terms_by_stem(index_dir):
    result = S.search("claims", "camera", None, index_dir=index_dir)
    assert result.rows
    for row, snip in zip(result.rows, result.snippets):
        marked = [snip["text"][a:b].lower() for a, b in snip["marks"]]
        assert marked and set(marked) <= {"camera", "cameras"}
        assert snip["text"].replace("… ", "").replace(" …", "") in " ".join(row["text"].split())


@pytest.mark.parametrize("text,terms,expected", [
    ("Cameras everywhere. The cameras watch.", {"camera"}, [["Cameras", "cameras"]]),
    ("Nothing here at all.", {"camera"}, [[]]),
    ("", {"camera"}, [[]]),
])
def test_snippet_marks(text, terms, expected):
    from newsindex.index import query_schema

    snip = S.snippet(text, terms, query_schema("claims")["text"].analyzer)
    assert [[snip["text"][a:b] for a, b in snip["marks"]]] == expected


def test_long_text_snippet_centres_on_the_match():
    from newsindex.index import schema

    text = "filler " * 200 + "the surveillance market " + "tail " * 200
    snip = S.snippet(text, {"surveil"}, schema()["body"].analyzer, width=80)
    assert snip["text"].startswith("… ") and snip["text"].endswith(" …") and len(snip["text"]) <= 90
    assert [snip["text"][a:b] for a, b in snip["marks"]] == ["surveillance"]


# --- row shapes --------------------------------------------------------------------------------------

def test_article_rows_have_no_body_unless_full(index_dir):
    row = next(S.iter_rows("articles", "quarter", None, index_dir=index_dir))
    assert "body" not in row and row["outlet"] == "Nikkei Asia" and row["schema"] == 1
    row = next(S.iter_rows("articles", "quarter", None, index_dir=index_dir, full=True))
    assert "net profit fell 12%" in row["body"]


def test_claim_and_figure_rows_carry_their_article(index_dir):
    claim = next(S.iter_rows("claims", None, S.parse_filters(speaker="Maya Wang"), index_dir=index_dir))
    assert claim["outlet"] == "BBC News" and claim["published"] == "2019-12-20"
    assert claim["title"] == "China's 200 million cameras" and claim["id"].startswith(claim["article_id"] + ":c")
    fig = next(S.iter_rows("figures", None, S.parse_filters(metric="cameras"), index_dir=index_dir))
    assert (fig["value"], fig["unit"], fig["article_id"]) == (2e8, "count", claim["article_id"])


def test_company_rows(index_dir):
    rows = list(S.iter_rows("companies", None, None, index_dir=index_dir))
    by = {r["name"]: r for r in rows}
    assert set(rows[0]) == {"name", "kind", "known", "articles", "mentions", "aliases"}
    assert (by["Hikvision"]["articles"], by["Hikvision"]["mentions"]) == (3, 6)
    assert [r["name"] for r in S.iter_rows("companies", "VISION", None, index_dir=index_dir)] == ["Hikvision"]
    assert [r["name"] for r in S.iter_rows("companies", "m*", None, index_dir=index_dir)] == ["Megvii"]
    ft = S.search("companies", None, S.parse_filters(outlet="FT"), index_dir=index_dir)
    assert sorted(r["name"] for r in ft.rows) == ["Hikvision", "IHS Markit", "Megvii"]
    assert ft.description == "outlet is Financial Times (from 'FT')"


def test_outlets(index_dir):
    rows = S.outlets(index_dir=index_dir)
    assert {r["outlet"] for r in rows} >= MINE
    assert S.outlets(S.parse_filters(company="SenseTime"), index_dir=index_dir) == [
        {"outlet": "Associated Press", "articles": 1, "first": "2019-09-17", "last": "2019-09-17"},
        {"outlet": "Bloomberg", "articles": 1, "first": "2019-11-20", "last": "2019-11-20"},
    ]


def test_show_by_id_prefix_and_claim_id(index_dir):
    claim = next(S.iter_rows("claims", None, S.parse_filters(speaker="Feldstein"), index_dir=index_dir))
    full = S.show(claim["article_id"][:8], index_dir=index_dir)
    assert full["id"] == claim["article_id"] and "SenseTime" in full["body"]
    assert list(full)[:12] == ["schema", "id", "path", "sha256", "title", "outlet", "author", "published",
                              "published_at", "published_source", "url", "body"]
    assert S.show(claim["id"], index_dir=index_dir)["id"] == claim["article_id"]
    with pytest.raises(NotFound, match="no article has the id 'zzzz'"):
        S.show("zzzz", index_dir=index_dir)


@pytest.mark.parametrize("kind,filters", [
    ("claims", {"speaker": "Nobody Known"}),
    ("figures", {"min_value": "1e15"}),
    ("articles", {"company": "No Such Company", "since": "2019"}),
])
def test_filters_matching_nothing_give_nothing(index_dir, kind, filters):
    """An empty set of allowed documents must not read as "no filter" (BUGS_CAUGHT)."""
    result = S.search(kind, None, S.parse_filters(**filters), index_dir=index_dir)
    assert (result.total, result.rows) == (0, [])
    assert list(S.iter_rows(kind, None, S.parse_filters(**filters), index_dir=index_dir)) == []


# --- date ranges as whole-month terms ---------------------------------------------------------

DATE_RANGES = [
    (date(2019, 10, 8), date(2019, 12, 3)),  # partial, whole, partial: the boundary days themselves
    (date(2019, 10, 9), date(2019, 12, 2)),  # trap: one day either side of those articles
    (date(2019, 11, 1), date(2019, 11, 30)),  # one whole month
    (date(2019, 9, 1), date(2019, 12, 31)),  # whole months only
    (date(2019, 11, 15), date(2019, 11, 20)),  # inside one month
    (date(2019, 11, 16), date(2019, 11, 19)),  # trap: between two articles of the month
    (date(2019, 10, 31), date(2019, 11, 1)),  # across a month end, no whole month
    (None, date(2019, 9, 17)),  # open start
    (date(2019, 11, 20), None),  # open end
    (date(2018, 2, 1), date(2019, 5, 10)),  # months the index does not hold
    (date(2021, 1, 1), None),  # trap: after every article
    (None, date(2001, 12, 31)),  # trap: before every article
]


@pytest.mark.parametrize("start,end", DATE_RANGES)
@pytest.mark.parametrize("with_reader", [True, False])
def test_date_query_matches_the_plain_day_range(index_dir, start, end, with_reader):
    from newsindex.index import open_index

    with open_index(index_dir) as ix:
        searcher = ix.searcher()
        reader = searcher.reader() if with_reader else None
        q = S.date_query(start, end, ix.schema, reader)
        plain = S._day_range(start, end)
        assert set(searcher.docs_for_query(q)) == set(searcher.docs_for_query(plain))
        ranges = [p for p in getattr(q, "subqueries", [q]) if type(p).__name__ == "DateRange"]
        assert len(ranges) <= 2


@pytest.mark.parametrize("start,end,months,ranges", [
    (date(2019, 10, 8), date(2020, 2, 3), ["2019-11", "2019-12", "2020-01"], 2),
    (date(2019, 11, 1), date(2019, 11, 30), ["2019-11"], 0),
    (date(2019, 1, 1), date(2019, 3, 15), ["2019-01", "2019-02"], 1),
    (date(2019, 11, 2), date(2019, 12, 29), [], 1),  # no whole month: one range
    (date(2019, 12, 31), date(2020, 1, 1), [], 1),
])
def test_date_query_shape(start, end, months, ranges):
    from newsindex.index import schema

    q = S.date_query(start, end, schema())
    parts = getattr(q, "subqueries", [q])
    assert [p.text for p in parts if type(p).__name__ == "Term"] == months
    assert sum(type(p).__name__ == "DateRange" for p in parts) == ranges
