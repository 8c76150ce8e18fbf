"""Matching articles as sets of Whoosh document numbers, by set algebra over cached posting lists."""

from __future__ import annotations

from .filter_queries import filter_queries
from .filters import Filters


#: A prefix or wildcard expanding to more terms than this is left to Whoosh.
MAX_EXPANSION = 500


def doc_set(ix, q) -> frozenset[int] | set[int]:
    """The article documents matching a Whoosh query, as a set, by set algebra over posting lists.

    Terms are read a block at a time (:func:`newsindex.store.whoosh_internals.postings`) and cached with the opened
    index; And, Or and Not are set operations (in C). Whoosh's own matchers walk every
    matching document in Python, which is what made big result sets slow. Phrases and
    ranges are left to Whoosh, inside the documents their words allow.
    """
    from whoosh import query as Q

    from ..store.whoosh_internals import expansions

    if isinstance(q, Q.Term):
        return ix.term_docs(q.fieldname, q.text)
    if isinstance(q, Q.AndNot):
        return doc_set(ix, q.a) - doc_set(ix, q.b)
    if isinstance(q, Q.AndMaybe):
        return doc_set(ix, q.a)
    if isinstance(q, Q.And) and not isinstance(q, Q.Sequence):
        out = None
        for sub in sorted(q.subqueries, key=lambda c: not isinstance(c, Q.Term)):
            got = doc_set(ix, sub)
            out = set(got) if out is None else out & got
            if not out:
                return set()
        return out if out is not None else ix.all_docs()
    if isinstance(q, Q.Or):
        out = set()
        for sub in q.subqueries:
            out |= doc_set(ix, sub)
        return out
    if isinstance(q, Q.Not):
        return ix.all_docs() - doc_set(ix, q.query)
    if isinstance(q, Q.Every) and not q.fieldname:
        return ix.all_docs()
    if isinstance(q, Q.WrappingQuery):
        return doc_set(ix, q.child)
    if isinstance(q, Q.Phrase) and int(q.slop or 1) <= 1 and q.fieldname in ("body", "title"):
        return phrase_docs(ix, q)
    if isinstance(q, (Q.Prefix, Q.Wildcard)):
        reader = ix.searcher().reader()
        texts = []
        for text in expansions(q, reader):
            texts.append(text)
            if len(texts) > MAX_EXPANSION:
                return set(ix.searcher().docs_for_query(q))
        out = set()
        for text in texts:
            out |= ix.term_docs(q.fieldname, text)
        return out
    return set(ix.searcher().docs_for_query(q))


def phrase_docs(ix, q) -> set[int]:
    """Articles holding a phrase's words in a row in the body or title, stop words included.

    The words are the phrase as typed, as :func:`newsindex.store.terms.phrase_tokens` makes them.
    Body: a two-word phrase is one ``pairs`` term; a longer one is narrowed to the articles holding
    all its pairs, then checked on their text. Title: Whoosh's phrase (which skips stop words)
    narrows, the titles are checked.
    """
    from whoosh import query as Q

    from ..store.terms import has_phrase, pair_terms, phrase_tokens

    raw = getattr(q, "raw_text", None)
    tokens = phrase_tokens(raw) if raw else list(q.words)
    if len(tokens) < 2:
        return set(ix.searcher().docs_for_query(q))
    table = ix.doc_table()
    if q.fieldname == "body":
        pairs = pair_terms(tokens)
        found = set(ix.term_docs("pairs", pairs[0]))
        for pair in pairs[1:]:
            found &= ix.term_docs("pairs", pair)
            if not found:
                return found
        if len(tokens) == 2:
            return found
        return {d for d in found if has_phrase(phrase_tokens(ix.body(table.ids[d])), tokens)}
    words = [w for w in q.words if w]
    narrow = Q.Term("title", words[0]) if len(words) == 1 else Q.Phrase("title", words)
    found = set(ix.searcher().docs_for_query(narrow))
    titles = ix.records(table.ids[d] for d in found)
    return {d for d in found if has_phrase(phrase_tokens((titles.get(table.ids[d]) or {}).get("title")), tokens)}


def _article_docs(ix, user_q, filters: Filters, schema) -> set[int] | None:
    """Every article document matching the query and the filters; None for "every article"."""
    allowed = None
    parts = filter_queries(filters, schema, ix.searcher().reader())
    if user_q is not None:
        parts.append(user_q)
    for q in parts:
        got = doc_set(ix, q)
        allowed = set(got) if allowed is None else allowed & got
        if not allowed:
            return set()
    return allowed
