"""The OpenSearch backend's queries: the same rows, totals, facets and counts as the Whoosh backend.

The query language and the filters become query DSL in :mod:`.dsl` (pure); this module sends it
and shapes the answers. Rows are the ``record`` each document carries (the Whoosh side store's
row, byte for byte). Streams (exports, listings) read with a point in time and ``search_after``,
so there is no 10,000-hit window and memory stays flat; a cluster without points in time is read
with ``search_after`` alone on the same total order (``id`` last), which a build running
meanwhile may shift.
"""

from __future__ import annotations

import json
from typing import Iterable, Iterator

from ...errors import NotFound
from .client import ClusterError, call
from .documents import alias, record_of

#: Rows per page of a stream.
PAGE = 2000
#: A page of search() larger than this is read as a stream.
MAX_PAGE = 10_000
#: How long a point in time is kept between pages.
KEEP_ALIVE = "2m"


def _index(backend, kind: str) -> str:
    backend._require()
    return alias(kind, backend.prefix)


def _search(backend, kind: str, body: dict, doing: str = "searching") -> dict:
    return call(backend.url, doing, backend.client.search, index=_index(backend, kind), body=body)


def _open_pit(backend, kind: str) -> str | None:
    try:
        got = backend.client.transport.perform_request(
            "POST", f"/{_index(backend, kind)}/_search/point_in_time", params={"keep_alive": KEEP_ALIVE})
    except Exception:  # noqa: BLE001 - no point in time here: search_after alone
        return None
    return (got or {}).get("pit_id")


def _close_pit(backend, pit: str) -> None:
    try:
        backend.client.transport.perform_request("DELETE", "/_search/point_in_time", body={"pit_id": [pit]})
    except Exception:  # noqa: BLE001 - it expires by itself
        pass


def scan(backend, kind: str, query: dict | None, fields: list[str] | None = None, sort: list | None = None,
         size: int = PAGE) -> Iterator[dict]:
    """Every hit of `query` in `sort` order (``id`` added last: a total order), page by page."""
    sort = list(sort or [])
    if not any("id" in s for s in sort if isinstance(s, dict)):
        sort.append({"id": {"order": "asc"}})
    base: dict = {"query": query or {"match_all": {}}, "sort": sort, "size": size, "track_total_hits": False}
    if fields is not None:
        base["_source"] = fields
    pit = _open_pit(backend, kind)
    after = None
    try:
        while True:
            body = dict(base)
            if after is not None:
                body["search_after"] = after
            if pit:
                body["pit"] = {"id": pit, "keep_alive": KEEP_ALIVE}
                got = call(backend.url, "reading results", backend.client.search, body=body)
            else:
                got = _search(backend, kind, body, "reading results")
            hits = (got.get("hits") or {}).get("hits") or []
            yield from hits
            if len(hits) < size:
                return
            after = hits[-1]["sort"]
            pit = got.get("pit_id") or pit
    finally:
        if pit:
            _close_pit(backend, pit)


def _row(hit: dict, full: bool = False) -> dict:
    src = hit["_source"]
    rec = record_of(src)
    return dict(rec, body=src.get("body") or "") if full else rec


def count(backend, kind: str, query: dict | None) -> int:
    got = call(backend.url, "counting", backend.client.count, index=_index(backend, kind),
               body={"query": query or {"match_all": {}}})
    return int(got.get("count", 0))


# -- search and export -------------------------------------------------------------------------

def _snippet(kind: str, hit: dict) -> dict:
    from ...query.snippets import SNIPPET_FIELD, snippet
    from . import dsl

    fragment = dsl.merge_highlights(hit.get("highlight"), SNIPPET_FIELD[kind])
    if fragment:
        return dsl.snippet_from_highlight(fragment)
    rec = record_of(hit["_source"])
    if kind == "articles":
        text = hit["_source"].get("body") or ""
    elif kind == "claims":
        text = rec.get("text") or ""
    else:
        text = rec.get("sentence") or rec.get("text") or ""
    return snippet(text, set(), None)


def search(backend, kind, query, filters, *, sort="relevance", limit=20, reverse=False, full=False, snippets=True):
    from ...query.api import SearchResult
    from . import dsl

    _supported(filters)

    if kind == "companies":
        rows = company_rows(backend, filters, query)
        shown = rows if not limit else rows[:limit]
        return SearchResult(kind, query, shown, len(rows), truncated=len(shown) < len(rows),
                            description=filters.describe(), sort=sort, limit=limit, generation=backend.generation)
    page = limit if limit and limit <= MAX_PAGE else 0
    body = dsl.search_body(kind, query, filters, sort=sort, reverse=reverse, size=page,
                           highlight=snippets and bool(page))
    got = _search(backend, kind, body)
    total = int(((got.get("hits") or {}).get("total") or {}).get("value", 0))
    hits = (got.get("hits") or {}).get("hits") or []
    if not page:  # every row: streamed, then kept (the caller asked for all of them)
        hits = list(scan(backend, kind, body["query"], None, body["sort"]))
    rows = [_row(h, full) for h in hits]
    if kind == "articles" and query is None and filters.is_empty():  # the whole corpus: the stored counts
        from ...query.facets import FACET_SIZE

        outlets = [(r["outlet"], r["articles"]) for r in outlet_rows(backend, None)]
        companies = [(r["name"], r["articles"]) for r in company_rows(backend, None)]
        facets = {"outlet": outlets[:FACET_SIZE], "company": companies[:FACET_SIZE]}
        cut = {"outlet": len(outlets) > FACET_SIZE, "company": len(companies) > FACET_SIZE}
    else:
        facets, cut = dsl.facets_from_aggs(got.get("aggregations") or {})
    snips = [_snippet(kind, h) for h in hits] if snippets else []
    return SearchResult(kind, query, rows, total, facets=facets, facets_truncated=cut, truncated=len(rows) < total,
                        snippets=snips, description=filters.describe(), sort=sort, limit=limit,
                        generation=backend.generation)


def iter_rows(backend, kind, query, filters, *, sort="relevance", reverse=False, full=False) -> Iterator[dict]:
    _supported(filters)
    from . import dsl

    if kind == "companies":
        yield from company_rows(backend, filters, query)
        return
    body = dsl.search_body(kind, query, filters, sort=sort, reverse=reverse, size=None, facets=False, highlight=False)
    fields = ["record", "body"] if full else ["record"]
    for hit in scan(backend, kind, body["query"], fields, body["sort"]):
        yield _row(hit, full)


def timeline(backend, kind, query, filters, *, interval="month", by=None, company=None):
    """Counts per period from ``composite`` pages of ``date_histogram`` (and ``terms``) buckets."""
    _supported(filters)
    from . import dsl

    q = dsl.full_query(kind, query, filters)
    buckets, after = [], None
    while True:
        got = _search(backend, kind, {"query": q, "size": 0, "aggs": dsl.timeline_aggs(interval, by, after)},
                      "counting over time")
        agg = (got.get("aggregations") or {}).get("timeline") or {}
        page = agg.get("buckets") or []
        buckets.extend(page)
        after = agg.get("after_key")
        if not page or not after:
            break
    return dsl.timeline_points(buckets, interval, by, company), count(backend, kind, q)


# -- listings ----------------------------------------------------------------------------------

def _supported(filters) -> None:
    """A usage error for a filter this backend cannot apply yet (rather than rows it did not filter)."""
    from ...errors import UsageError

    if filters is not None and getattr(filters, "review", None):
        raise UsageError("the review filters (--verified, --disputed, --unreviewed) are not available on the "
                         "OpenSearch backend yet")


def _filtered(kind: str, filters) -> dict | None:
    """The filters alone as a query, or None for none."""
    if filters is None or filters.is_empty():
        return None
    from . import dsl

    return dsl.full_query(kind, None, filters)


def company_rows(backend, filters, query: str | None = None) -> list[dict]:
    """{name, kind, known, articles, mentions, aliases}: every company of the (filtered) articles,
    most articles first, then most mentions, then name (as the Whoosh backend lists them)."""
    from ...query.listings import _name_matcher
    from ...store.sqlstore import merge_aliases

    match = _name_matcher(query)
    q = _filtered("articles", filters)
    agg: dict[str, dict] = {}
    # in path order, as a fresh Whoosh build stores the articles (the order aliases are merged in)
    for hit in scan(backend, "articles", q, ["id", "company_rows"], [{"path": {"order": "asc"}}]):
        for c in record_of(hit["_source"], "company_rows") or []:
            name = c.get("name")
            if not name:
                continue
            row = agg.get(name)
            if row is None:
                row = agg[name] = {"name": name, "kind": c.get("kind"), "known": bool(c.get("known")), "articles": 0,
                                   "mentions": 0, "_aliases": []}
            row["articles"] += 1
            row["mentions"] += int(c.get("mentions") or 0)
            row["_aliases"].append(json.dumps(c.get("aliases") or []))
    rows = sorted(agg.values(), key=lambda r: (-r["articles"], -r["mentions"], r["name"]))
    out = []
    for r in rows:
        r["aliases"] = merge_aliases("\x1f".join(r.pop("_aliases")))
        if filters is not None and filters.unknown and r["known"]:
            continue
        if match(r["name"], r["aliases"]):
            out.append(r)
    return out


def outlet_rows(backend, filters) -> list[dict]:
    """{outlet, articles, first, last} per outlet of the (filtered) articles."""
    q = _filtered("articles", filters) or {"match_all": {}}
    got = _search(backend, "articles", {"query": q, "size": 0, "aggs": {"outlets": {
        "terms": {"field": "outlet", "size": 65536},
        "aggs": {"first": {"min": {"field": "published", "format": "yyyy-MM-dd"}},
                 "last": {"max": {"field": "published", "format": "yyyy-MM-dd"}}}}}}, "counting outlets")
    rows = []
    for b in ((got.get("aggregations") or {}).get("outlets") or {}).get("buckets") or []:
        first, last = b.get("first") or {}, b.get("last") or {}
        rows.append({"outlet": b["key"], "articles": int(b["doc_count"]),
                     "first": first.get("value_as_string") if first.get("value") is not None else None,
                     "last": last.get("value_as_string") if last.get("value") is not None else None})
    return sorted(rows, key=lambda r: (-r["articles"], r["outlet"]))


def outlets(backend, filters) -> list[dict]:
    return outlet_rows(backend, filters)


def speakers(backend) -> list[str]:
    seen: dict[str, None] = {}
    for hit in scan(backend, "claims", {"exists": {"field": "speaker"}}, ["speaker"]):
        s = hit["_source"].get("speaker")
        if s:
            seen.setdefault(s)
    return list(seen)


# -- records by id -----------------------------------------------------------------------------

def records(backend, ids: Iterable[str]) -> dict[str, dict]:
    """Rows by id: articles (without body), claims and figures."""
    ids = [i for i in dict.fromkeys(ids) if i]
    out: dict[str, dict] = {}
    for i in range(0, len(ids), 1000):
        chunk = ids[i:i + 1000]
        by_kind: dict[str, list[str]] = {}
        for rid in chunk:
            kind = "articles" if ":" not in rid else ("claims" if rid.rsplit(":", 1)[1].startswith("c") else "figures")
            by_kind.setdefault(kind, []).append(rid)
        for kind, wanted in by_kind.items():
            got = _search(backend, kind, {"query": {"terms": {"id": wanted}}, "size": len(wanted),
                                          "_source": ["record"]}, "reading records")
            for hit in (got.get("hits") or {}).get("hits") or []:
                rec = record_of(hit["_source"])
                out[rec["id"]] = rec
    return out


def find_article_id(backend, given: str) -> str:
    key = given.strip().split(":", 1)[0]
    if not key:
        raise NotFound("no id given")
    got = _search(backend, "articles", {"query": {"prefix": {"id": key}}, "size": 2, "_source": ["id"],
                                        "sort": [{"id": {"order": "asc"}}]}, "finding the article")
    hits = (got.get("hits") or {}).get("hits") or []
    if not hits:
        raise NotFound(f"no article has the id {given!r} (ids are listed by `newsindex search --format jsonl`)")
    if len(hits) > 1:
        raise NotFound(f"the id {given!r} is ambiguous: give more characters")
    return hits[0]["_source"]["id"]


def show(backend, record_id: str) -> dict:
    """The full article (body included, after ``url``) by id, unique prefix, or claim/figure id."""
    aid = find_article_id(backend, record_id)
    got = _search(backend, "articles", {"query": {"term": {"id": aid}}, "size": 1, "_source": ["record", "body"]},
                  "reading the article")
    hits = (got.get("hits") or {}).get("hits") or []
    if not hits:
        raise NotFound(f"no record has the id {aid!r}")
    rec = record_of(hits[0]["_source"])
    out = dict(rec)
    out["body"] = hits[0]["_source"].get("body") or ""
    order = list(rec)
    at = order.index("url") + 1 if "url" in order else len(order)
    order.insert(at, "body")
    return {k: out[k] for k in order}


# -- what the build's account and `outlets --missing` read -------------------------------------

def _lacking(field: str) -> dict:
    return {"bool": {"must_not": [{"exists": {"field": field}}]}}


def gaps(backend):
    from ...gaps import Gaps

    return Gaps(count(backend, "articles", None), count(backend, "articles", _lacking("outlet")),
                count(backend, "articles", _lacking("published")), count(backend, "articles", _lacking("title")))


def missing_rows(backend, field: str | None = None) -> list[dict]:
    q = {"bool": {"should": [_lacking("outlet"), _lacking("published"), _lacking("title")], "minimum_should_match": 1}}
    out = []
    for hit in scan(backend, "articles", q, ["id", "path", "outlet", "published", "title"]):
        src = hit["_source"]
        outlet, published = src.get("outlet") or None, src.get("published") or None
        title = (src.get("title") or "").strip() or None
        lacks = [name for name, value in (("outlet", outlet), ("published", published), ("title", title)) if not value]
        if not lacks or (field and field not in lacks):
            continue
        out.append({"id": src["id"], "path": src.get("path"), "missing": lacks, "outlet": outlet,
                    "published": published, "title": title})
    return sorted(out, key=lambda r: (r["path"] or "", r["id"]))


__all__ = ["ClusterError", "search", "iter_rows", "timeline", "company_rows", "outlet_rows", "records", "show",
           "gaps", "missing_rows", "scan", "count"]
