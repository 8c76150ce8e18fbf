"""The entry points: search() (a page with facets and snippets), iter_rows() (every row, streamed), show()."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator
from ..errors import BadQuery

from .docsets import _article_docs
from .facets import _article_facets, _item_facets, _stored_facets
from .filters import Filters
from .items import _items
from .language import KINDS, SORTS, parse_query
from .listings import _company_rows
from .opening import _open, opened
from .ranking import _article_page
from .snippets import _snippets


@dataclass
class SearchResult:
    kind: str
    query: str | None
    rows: list[dict]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    facets_truncated: dict[str, bool] = field(default_factory=dict)
    truncated: bool = False  # more rows matched than `limit`
    snippets: list[dict | None] = field(default_factory=list)  # per row: {"text", "marks": [[s, e], ...]}
    description: str = ""
    sort: str = "relevance"
    limit: int | None = 20
    generation: int = 0
    reverse: bool = False
    short_ids: dict[str, str] = field(default_factory=dict)  # id -> short id (with ``short_ids=True``)


def _check_sort(kind: str, sort: str) -> None:
    if sort not in SORTS:
        raise BadQuery(f"`sort`: unknown order {sort!r} (choose from {', '.join(SORTS)})", params=("sort",))
    if sort == "value" and kind != "figures":
        raise BadQuery("`sort` value applies to figures only", params=("sort",))
    if sort == "date" and kind == "companies":
        raise BadQuery("`sort` date does not apply to companies (they are listed by number of articles)",
                       params=("sort",))


def _article_rows(ix, docnums: list[int], full: bool) -> list[dict]:
    ids = [ix.doc_table().ids[d] for d in docnums]
    recs = ix.records(i for i in ids if i)
    rows = []
    for rid in ids:
        rec = recs.get(rid)
        if rec is None:
            continue
        rows.append(dict(rec, body=ix.body(rid)) if full else rec)
    return rows


def _prepare(kind: str, query, filters: Filters | None, sort: str):
    if kind not in KINDS:
        raise BadQuery(f"unknown kind {kind!r} (choose from {', '.join(KINDS)})")
    filters = filters or Filters()
    filters.check(kind)
    _check_sort(kind, sort)
    return filters


def search(kind: str, query: str | None = None, filters: Filters | None = None, *, index_dir, sort: str = "relevance",
           limit: int | None = 20, reverse: bool = False, full: bool = False, snippets: bool = True,
           short_ids: bool = False) -> SearchResult:
    """A page of matching rows (at most `limit`), the total, facets and snippets; with `short_ids`,
    each row's short id (``Backend.short_ids``: what a table shows and ``show``/``explain`` accept).

    `index_dir`: an index folder, an open ``store.reader.Index`` or a backend
    (:mod:`newsindex.backends`); the backend answers."""
    from ..backends import as_backend

    filters = _prepare(kind, query, filters, sort)
    backend, owned = as_backend(index_dir)
    try:
        result = backend.search(kind, query, filters, sort=sort, limit=limit, reverse=reverse, full=full,
                                snippets=snippets)
        result.reverse = reverse
        if short_ids and kind != "companies":
            result.short_ids = backend.short_ids(r.get("id") for r in result.rows)
        return result
    finally:
        if owned:
            backend.close()


def whoosh_search(index, kind: str, query: str | None, filters: Filters, *, sort: str = "relevance",
                  limit: int | None = 20, reverse: bool = False, full: bool = False,
                  snippets: bool = True) -> SearchResult:
    """search() on the Whoosh backend (checked arguments; `index` a folder or an open Index)."""
    from ..store.schema import query_schema

    with opened(index) as ix:
        if kind == "companies":
            rows = list(_company_rows(ix, query, filters))
            total = len(rows)
            shown = rows if not limit else rows[:limit]
            return SearchResult(kind, query, shown, total, truncated=len(shown) < total,
                                description=filters.describe(), sort=sort, limit=limit, generation=ix.generation)
        user_q = parse_query(kind, query, query_schema(kind))
        if kind == "articles":
            searcher = ix.searcher()
            matched = _article_docs(ix, user_q, filters, ix.schema)
            docnums = _article_page(ix, user_q, matched, not filters.is_empty(), sort, reverse, limit or None)
            total = searcher.doc_count() if matched is None else len(matched)
            rows = _article_rows(ix, docnums, full)
            if matched is None:
                facets, cut = _stored_facets(ix)
            else:
                facets, cut = _article_facets(ix, matched)
        else:
            items = _items(ix, kind, user_q, filters, sort, reverse)
            total = len(items)
            page = items if not limit else items[:limit]
            recs = ix.records(r[0] for r in page)
            rows = [recs[r[0]] for r in page if r[0] in recs]
            facets, cut = _item_facets(items)
        snips = _snippets(ix, kind, rows, user_q) if snippets else []
        return SearchResult(kind, query, rows, total, facets=facets, facets_truncated=cut,
                            truncated=len(rows) < total, snippets=snips, description=filters.describe(),
                            sort=sort, limit=limit, generation=ix.generation)


def iter_rows(kind: str, query: str | None = None, filters: Filters | None = None, *, index_dir,
              sort: str = "relevance", reverse: bool = False, full: bool = False) -> Iterator[dict]:
    """Every matching row, in order, streamed (for exports); no limit. `index_dir` as for search()."""
    from ..backends import as_backend

    filters = _prepare(kind, query, filters, sort)
    backend, owned = as_backend(index_dir)
    try:
        yield from backend.iter_rows(kind, query, filters, sort=sort, reverse=reverse, full=full)
    finally:
        if owned:
            backend.close()


def whoosh_iter_rows(index, kind: str, query: str | None, filters: Filters, *, sort: str = "relevance",
                     reverse: bool = False, full: bool = False) -> Iterator[dict]:
    """iter_rows() on the Whoosh backend (checked arguments; `index` a folder or an open Index)."""
    from ..store.schema import query_schema

    with opened(index) as ix:
        if kind == "companies":
            yield from _company_rows(ix, query, filters)
            return
        user_q = parse_query(kind, query, query_schema(kind))
        if kind == "articles":
            matched = _article_docs(ix, user_q, filters, ix.schema)
            docnums = _article_page(ix, user_q, matched, not filters.is_empty(), sort, reverse, None)
            for i in range(0, len(docnums), 500):
                yield from _article_rows(ix, docnums[i:i + 500], full)
            return
        ids = [r[0] for r in _items(ix, kind, user_q, filters, sort, reverse)]
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            recs = ix.records(chunk)
            yield from (recs[rid] for rid in chunk if rid in recs)


def whoosh_article_facts(index, query: str | None, filters: Filters) -> Iterator[dict]:
    """``{published, outlet, companies}`` of every matching article, from the document table (the
    date, outlet and companies kept per document): what a timeline counts, without reading the
    articles' records (checked arguments; `index` a folder or an open Index)."""
    from ..store.schema import query_schema

    with opened(index) as ix:
        user_q = parse_query("articles", query, query_schema("articles"))
        matched = _article_docs(ix, user_q, filters, ix.schema)
        table = ix.doc_table()
        for d in (range(len(table.ids)) if matched is None else sorted(matched)):
            if table.ids[d] is not None:
                yield {"published": table.dates[d] or None, "outlet": table.outlets[d],
                       "companies": table.companies(d)}


def timeline(kind: str, query: str | None = None, filters: Filters | None = None, *, index_dir,
             interval: str = "month", by: str | None = None) -> tuple[list, int]:
    """(``timeline.Point`` counts per period, and per outlet or company; the number of matching rows).

    The rows are those ``iter_rows`` gives; with ``by="company"`` and a company filter only that
    company's series is kept. `index_dir` as for search()."""
    from ..backends import as_backend
    from ..timeline import BY, INTERVALS

    if interval not in INTERVALS:
        raise BadQuery(f"--interval: unknown interval {interval!r} (choose from {', '.join(INTERVALS)})")
    if by is not None and by not in BY:
        raise BadQuery(f"--by: unknown series {by!r} (choose from {', '.join(BY)})")
    filters = _prepare(kind, query, filters, "date")
    backend, owned = as_backend(index_dir)
    try:
        return backend.timeline(kind, query, filters, interval=interval, by=by,
                                company=filters.company if by == "company" else None)
    finally:
        if owned:
            backend.close()


def show(article_id: str, *, index_dir) -> dict:
    """One article's full record (body, claims, figures) by id, unique id prefix, or claim/figure id.

    A claim or figure id must name one that exists (``<id>:c99999`` is NotFound, not the article),
    as must ``<id>:company:<name>``."""
    from ..backends import as_backend

    backend, owned = as_backend(index_dir)
    try:
        record = backend.show(article_id)
        rest = article_id.strip().split(":", 1)[1] if ":" in article_id else ""
        if rest:
            _check_part(record, rest, article_id)
        return record
    finally:
        if owned:
            backend.close()


def _check_part(record: dict, rest: str, given: str) -> None:
    """NotFound unless `rest` (after the article id) names a claim, figure or company of `record`."""
    from ..errors import NotFound

    if rest.startswith("company:"):
        name = rest[len("company:"):].strip().casefold()
        if any((c.get("name") or "").casefold() == name for c in record.get("companies") or []):
            return
        raise NotFound(f"no company {rest[len('company:'):]!r} in article {record['id']}")
    ids = {x.get("id") for kind in ("claims", "figures") for x in record.get(kind) or []}
    if f"{record['id']}:{rest}" not in ids:
        removed = next((c for c in record.get("corrected") or [] if c.get("record") == f"{record['id']}:{rest}"), None)
        if removed:  # newsindex correct ID --not-a-claim
            from ..explain import correction_line

            raise NotFound(f"claim {record['id']}:{rest} was removed as not a claim ({correction_line(removed)}); "
                           f"see `newsindex explain {record['id']}`")
        what = {"c": "claim", "f": "figure"}.get(rest[:1], "claim or figure")
        raise NotFound(f"no {what} {given.strip()!r} in article {record['id']} "
                       f"({len(record.get('claims') or [])} claims, {len(record.get('figures') or [])} figures)")
