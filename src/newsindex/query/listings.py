"""The companies and outlets listings, whole or for the filtered articles."""

from __future__ import annotations

import fnmatch
from typing import Callable, Iterator
from ..errors import BadQuery

from .docsets import _article_docs
from .filters import Filters
from .language import MAX_QUERY
from .opening import _open


def _name_matcher(query: str | None) -> Callable[[str, list], bool]:
    """Companies' query: a case-insensitive substring of the name or an alias; * and ? are wildcards."""
    if query is None or not str(query).strip():
        return lambda name, aliases: True
    text = str(query).strip()
    if len(text) > MAX_QUERY:
        raise BadQuery(f"the query is too long ({len(text):,} characters; the limit is {MAX_QUERY:,})")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise BadQuery("the query contains control characters")
    needle = text.lower().strip('"')
    if not needle.strip():
        raise BadQuery(f"the query {text[:60]!r} has nothing to search for")
    if not needle.replace("*", "").replace("?", "").strip():
        raise BadQuery("a lone * matches everything: leave the query out to list everything")
    if "*" in needle or "?" in needle:
        return lambda name, aliases: any(fnmatch.fnmatchcase(n.lower(), needle) for n in [name, *aliases])
    return lambda name, aliases: any(needle in n.lower() for n in [name, *aliases])


def _matching_article_ids(ix, filters: Filters) -> list[str]:
    searcher = ix.searcher()
    docs = _article_docs(ix, None, filters, ix.schema)
    if docs is None:
        docs = searcher.reader().all_doc_ids()
    table = ix.doc_table()
    return [table.ids[d] for d in sorted(docs)]


def _company_rows(ix, query, filters: Filters) -> Iterator[dict]:
    """{name, kind, known, articles, mentions, aliases}: every company, or those of the filtered articles."""
    import json

    match = _name_matcher(query)
    if filters.is_empty():
        rows = ix.company_counts()
    else:
        agg: dict[str, dict] = {}
        for name, kind, known, aid, mentions, aliases in ix.companies_of(_matching_article_ids(ix, filters)):
            row = agg.setdefault(name, {"name": name, "kind": kind, "known": bool(known), "articles": 0,
                                        "mentions": 0, "aliases": [], "_ids": set()})
            if aid not in row["_ids"]:
                row["_ids"].add(aid)
                row["articles"] += 1
            row["mentions"] += int(mentions or 0)
            for a in json.loads(aliases or "[]"):
                if a not in row["aliases"]:
                    row["aliases"].append(a)
        rows = sorted(agg.values(), key=lambda r: (-r["articles"], -r["mentions"], r["name"]))
        for r in rows:
            r.pop("_ids")
    for r in rows:
        if filters.unknown and r["known"]:
            continue
        if match(r["name"], r["aliases"]):
            yield r


def outlets(filters: Filters | None = None, *, index_dir) -> list[dict]:
    """{outlet, articles, first, last} per outlet, of every article or the filtered ones."""
    from ..backends import as_backend

    filters = filters or Filters()
    filters.check("outlets")
    backend, owned = as_backend(index_dir)
    try:
        return backend.outlets(filters)
    finally:
        if owned:
            backend.close()


def whoosh_outlets(index, filters: Filters) -> list[dict]:
    """outlets() on the Whoosh backend (checked filters; `index` a folder or an open Index)."""
    ix, owned = _open(index)
    try:
        if filters.is_empty():
            return ix.outlet_counts()
        ids = _matching_article_ids(ix, filters)
        agg: dict[str, dict] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for outlet, published in ix.db.execute(
                f"SELECT outlet, published FROM articles WHERE article_id IN ({marks}) AND outlet IS NOT NULL", chunk
            ):
                r = agg.setdefault(outlet, {"outlet": outlet, "articles": 0, "first": None, "last": None})
                r["articles"] += 1
                if published:
                    r["first"] = min(filter(None, [r["first"], published]))
                    r["last"] = max(filter(None, [r["last"], published]))
        return sorted(agg.values(), key=lambda r: (-r["articles"], r["outlet"]))
    finally:
        if owned:
            ix.close()
