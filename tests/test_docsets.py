"""Article searches by set algebra over posting lists, and date order from the document table,
give what Whoosh's own matchers and sortable column give."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from newsindex import search as S
from newsindex.index import open_index, postings, query_schema


@pytest.fixture(scope="module")
def ix(index_dir):
    with open_index(index_dir) as opened:
        yield opened


ARTICLE_QUERIES = [
    "surveillance", "surveillance cameras", "surveillance OR hikvision", "surveillance NOT china",
    "NOT surveillance", '"facial recognition"', "camera*", "surveil* AND NOT title:china", "company:hikvision",
    "outlet:reuters OR outlet:bloomberg", "date:2019-10", "date:[2019-01 to 2019-10]", "title:china AND body:data",
    "compan?", "surveillance ANDNOT camera", "surveillance ANDMAYBE camera", "author:wang",
    '"surveillance cameras"', '"chinese surveillance companies"', 'body:"data leaks"',
    '"recognition facial"', '"facial recognition"~3',
]


@pytest.mark.parametrize("text", ARTICLE_QUERIES)
def test_doc_set_is_what_whoosh_matches(ix, text):
    q = S.parse_query("articles", text, query_schema("articles"))
    assert set(S.doc_set(ix, q)) == set(ix.searcher().docs_for_query(q))


def test_a_phrase_with_a_stop_word_needs_the_stop_word(ix):
    """Whoosh skips stop words in phrases (its positions are numbered without them); the doc sets
    do not: tests/test_phrases.py checks phrases against the stored text."""
    q = S.parse_query("articles", '"facial the recognition"', query_schema("articles"))
    got, whoosh = set(S.doc_set(ix, q)), set(ix.searcher().docs_for_query(q))
    assert got <= whoosh
    table = ix.doc_table()
    assert all("facial the recognition" in " ".join(ix.body(table.ids[d]).lower().split()) for d in got)


def test_the_queries_find_articles(ix):
    found = [text for text in ARTICLE_QUERIES if S.doc_set(ix, S.parse_query("articles", text, ix.schema))]
    assert len(found) >= len(ARTICLE_QUERIES) * 2 // 3


_WORDS = ["surveillance", "camera", "china", "data", "hikvision", "police", "market", "facial", "recognition",
          "title:china", "company:huawei", "outlet:reuters", "surveil*", '"facial recognition"',
          '"surveillance cameras"', '"chinese surveillance companies"']


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.recursive(st.sampled_from(_WORDS), lambda sub: st.one_of(
    st.builds(lambda a, b: f"({a} AND {b})", sub, sub),
    st.builds(lambda a, b: f"({a} OR {b})", sub, sub),
    st.builds(lambda a, b: f"({a} AND NOT {b})", sub, sub)), max_leaves=5))
def test_random_article_queries(ix, text):
    q = S.parse_query("articles", text, ix.schema)
    assert set(S.doc_set(ix, q)) == set(ix.searcher().docs_for_query(q))


@pytest.mark.parametrize("field,term", [("body", "surveil"), ("companies", "hikvision"), ("month", "2019-10"),
                                        ("body", "no-such-term"), ("title", "china")])
def test_posting_ids(ix, field, term):
    from whoosh import query as Q

    reader = ix.searcher().reader()
    assert postings(reader, field, term)[0] == sorted(ix.searcher().docs_for_query(Q.Term(field, term)))


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("limit", [1, 3, None])
@pytest.mark.parametrize("text", [None, "surveillance"])
def test_date_order_is_whoosh_date_column_order_with_undated_last(ix, reverse, limit, text):
    """Dated articles in the order of Whoosh's sortable date column; undated ones last (Whoosh puts
    them first when newest come first, which nobody reading a newest-first list expects)."""
    from whoosh import query as Q, sorting

    user_q = S.parse_query("articles", text, ix.schema) if text else None
    matched = S.doc_set(ix, user_q) if user_q is not None else None
    got = S._article_page(ix, user_q, matched, False, "date", reverse, limit)
    dates = ix.doc_table().dates
    whoosh = [h.docnum for h in ix.searcher().search(user_q or Q.Every(), limit=None, terms=False,
                                                     sortedby=sorting.FieldFacet("date", reverse=not reverse))]
    want = [d for d in whoosh if dates[d]] + [d for d in whoosh if not dates[d]]
    assert any(not dates[d] for d in whoosh) or text  # the corpus has an undated article
    assert got == want[:limit]


# --- relevance ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["surveillance", "surveillance cameras", "china OR data", '"facial recognition"',
                                  "hikvision", "surveillance NOT china"])
def test_relevance_agrees_with_whoosh_bm25f(ix, text):
    """Our BM25F (exact field lengths) and Whoosh's (lengths rounded to a byte) agree on the order,
    up to near-ties: the top three of either are within the other's top five."""
    q = S.parse_query("articles", text, ix.schema)
    matched = S.doc_set(ix, q)
    ours = S._rank(ix, q, matched, None)
    whoosh = [h.docnum for h in ix.searcher().search(q, limit=None, terms=False)]
    assert set(ours) == set(whoosh) == set(matched)
    assert set(ours[:3]) <= set(whoosh[:5]) and set(whoosh[:3]) <= set(ours[:5])


def test_relevance_rows(tmp_path):
    """Title words weigh double, more occurrences beat fewer, shorter beats longer, ties keep order."""
    from newsindex.index import build
    from newsindex.records import Article

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = {
        "a.txt": ("Budget report", "Cameras in the city. " + "Other words here. " * 20),
        "b.txt": ("Cameras everywhere", "The city. " + "Other words here. " * 20),
        "c.txt": ("Budget report", "Cameras and cameras and more cameras. " + "Other words here. " * 20),
        "d.txt": ("Budget report", "Cameras."),
        "e.txt": ("Budget report", "Cameras."),
    }
    for name in texts:
        (corpus / name).write_text(name, encoding="utf-8")

    def parser(path, rel, source):
        title, body = texts[rel]
        return Article(id=rel[0], path=rel, sha256=rel, title=title, body=body)

    build(corpus, tmp_path / "index", parser=parser)
    ids = [r["id"] for r in S.search("articles", "cameras", index_dir=tmp_path / "index").rows]
    assert ids.index("c") < ids.index("a")  # three occurrences beat one
    assert ids.index("d") < ids.index("a")  # the same once, in a shorter body
    assert ids.index("d") + 1 == ids.index("e")  # a tie keeps the build's order
    assert ids.index("b") < ids.index("a")  # a title word weighs double


def test_postings_cache_stays_within_its_budget(index_dir, monkeypatch):
    monkeypatch.setattr("newsindex.store.reader.POSTINGS_BUDGET", 20)
    with open_index(index_dir) as fresh:
        q = S.parse_query("articles", "surveillance OR china OR data OR camera OR hikvision", fresh.schema)
        assert set(S.doc_set(fresh, q)) == set(fresh.searcher().docs_for_query(q))
        assert fresh._held <= 20 or len(fresh._terms) == 1  # one term bigger than the budget is still kept
        assert fresh._held == sum(len(v[0]) for v in fresh._terms.values())
