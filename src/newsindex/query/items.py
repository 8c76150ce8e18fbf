"""Matching claims and figures: SQL for the filters and what the query can say, the rest checked on rows."""

from __future__ import annotations

from .docsets import doc_set
from .filter_queries import item_filter_query, item_where
from .filters import Filters


#: Above this share of the corpus, the articles a query allows are checked in Python rather
#: than handed to SQLite as a temporary table.
PREFILTER_SHARE = 0.3


def _items(ix, kind: str, user_q, filters: Filters, sort: str, reverse: bool) -> list[tuple]:
    """Every matching claim or figure in order, as (id, outlet, companies) rows.

    The filters and as much of the query as SQL can say (:func:`itemquery.to_sql`) run in
    SQLite; where the query is rare among articles, Whoosh's article matches narrow the rows
    first; whatever SQL could not say is checked on the rows (:func:`itemquery.matches`).
    """
    from whoosh import query as Q

    from .. import itemquery as IQ
    from ..store.schema import query_schema

    conds, args = item_where(kind, filters)
    check = [q for q in (user_q, item_filter_query(filters, query_schema(kind))) if q is not None]
    check_q = None if not check else check[0] if len(check) == 1 else Q.And(check)
    exact = True
    if check_q is not None:
        sql = IQ.to_sql(check_q, kind)
        if sql is not None:
            conds.append(sql[0])
            args += sql[1]
        exact = sql is not None and sql[2]
    article_q = IQ.relax(user_q)
    if article_q is not None:
        table = ix.doc_table()
        docs = doc_set(ix, article_q)
        if not docs:
            return []
        if len(docs) < PREFILTER_SHARE * max(1, table.count):  # selective: let SQL start from the articles
            ix.db.execute("CREATE TEMP TABLE IF NOT EXISTS allowed (article_id TEXT PRIMARY KEY)")
            ix.db.execute("DELETE FROM temp.allowed")
            ix.db.executemany("INSERT OR IGNORE INTO temp.allowed VALUES (?)", ((table.ids[d],) for d in docs))
            conds.append("article_id IN (SELECT article_id FROM temp.allowed)")
    direction = "ASC" if reverse else "DESC"
    if sort == "value":
        order = f"value IS NULL, value {direction}, rowid"
    else:
        order = f"published IS NULL, published {direction}, rowid"
    scored = user_q is not None and sort == "relevance"
    where = " AND ".join(conds)
    if exact and not scored:
        return ix.db.execute(f"SELECT id, outlet, companies FROM items WHERE {where} ORDER BY {order}", args).fetchall()
    rows = ix.db.execute(f"SELECT {', '.join(IQ.COLUMNS)} FROM items WHERE {where} ORDER BY {order}", args)
    score = None
    if scored:
        reader = ix.searcher().reader()
        score = IQ.scorer(user_q, reader.doc_frequency, reader.doc_count())
    out = []
    for r in rows:
        item = IQ.Item(r)
        if exact or IQ.matches(check_q, item):
            out.append((r[0], r[3], r[11], score(item) if score else 0.0))
    if score:
        out.sort(key=lambda t: -t[3])  # stable: ties stay newest first
    return [t[:3] for t in out]
