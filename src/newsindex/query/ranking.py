"""Ordering matching articles: BM25F relevance from cached postings, or date order."""

from __future__ import annotations


#: BM25F's free parameters (Whoosh's defaults) and the fields relevance is scored on.
BM25_B, BM25_K1 = 0.75, 1.2


SCORED_FIELDS = ("title", "body")


def _rank(ix, user_q, matched, limit: int | None) -> list[int] | None:
    """The matching documents by BM25F relevance (best first, ties in document order), or None
    where the query has no word to score by.

    Whoosh's collector scores every matching document through its matcher tree, a few
    microseconds each; here each query word's postings (read a block at a time, cached with
    the opened index) update a dict of scores, and only the page is sorted. The formula is
    Whoosh's BM25F: ``idf * w * (k1 + 1) / (w + k1 * (1 - b + b * length / average))`` with
    ``idf = log(N / (df + 1)) + 1``, summed over the query's title and body words (title words
    weigh double, as indexed).
    """
    import heapq
    from math import log

    from ..itemquery import positive_terms

    terms = [t for t in positive_terms(user_q) if t[0] in SCORED_FIELDS]
    if not terms or matched is None:
        return None
    table = ix.doc_table()
    n_docs = ix.searcher().reader().doc_count_all()
    scores: dict[int, float] = {}
    get = scores.get
    for fieldname, text, boost in dict.fromkeys(terms):
        ids, weights, _ = ix.postings(fieldname, text)
        if not ids:
            continue
        norm = table.norms(fieldname, BM25_B, BM25_K1)
        k = (log(n_docs / (len(ids) + 1)) + 1) * (BM25_K1 + 1) * boost
        if len(matched) * 4 < len(ids):
            tf = dict(zip(ids, weights))
            for d in matched:
                w = tf.get(d)
                if w:
                    scores[d] = get(d, 0.0) + k * w / (w + norm[d])
        else:
            for d, w in zip(ids, weights):
                if d in matched:
                    scores[d] = get(d, 0.0) + k * w / (w + norm[d])
    if limit is None or limit >= len(matched):
        return sorted(matched, key=lambda d: (-get(d, 0.0), d))
    if len(scores) >= limit:
        kth = heapq.nlargest(limit, scores.values())[-1]
        best = [d for d, v in scores.items() if v >= kth]
    else:
        best = list(scores) + heapq.nsmallest(limit, (d for d in matched if d not in scores))
    return sorted(best, key=lambda d: (-get(d, 0.0), d))[:limit]


def _article_page(ix, user_q, matched: set[int] | None, filtered: bool, sort: str, reverse: bool,
                  limit: int | None) -> list[int]:
    """Document numbers of the matching articles in order, at most `limit` (None: all).

    Relevance (with a query) is :func:`_rank`'s BM25F over cached postings (Whoosh's formula, not
    its collector), restricted to the matching documents; only a query with no word to score by
    falls back to Whoosh's searcher. Date order (and "relevance" without a query) is newest
    first, or oldest first with `reverse`.
    """
    import heapq

    if matched is not None and not matched:
        return []
    if sort == "relevance" and user_q is not None:
        ranked = _rank(ix, user_q, matched, limit)
        if ranked is not None:
            return ranked
        results = ix.searcher().search(user_q, limit=limit, filter=matched if filtered else None, terms=False)
        return [h.docnum for h in results]
    docs = matched if matched is not None else ix.all_docs()
    rank = ix.doc_table().date_rank(newest=not reverse)
    if limit is None or limit >= len(docs):
        return sorted(docs, key=rank.__getitem__, reverse=True)
    return heapq.nlargest(limit, docs, key=rank.__getitem__)
