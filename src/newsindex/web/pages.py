"""What each page shows, as plain data for its template: the library's functions called as the
command line calls them (search, iter_rows, show, explain, the ledger, the timeline, the copies).

Each function takes an index (``ix``: a :class:`newsindex.backends.base.Backend`) and returns a dict; nothing here writes HTML (the
templates do, escaping every value) and nothing reads the file system.
"""

from __future__ import annotations

from collections import OrderedDict

from .. import ledger as L
from ..dedup import copies_of
from .. import timeline as T
from ..errors import NotFound
from ..explain import explain, kind_of
from ..query.filters import Filters, parse_filters
from ..search import iter_rows, search, show
from ..query.api import timeline
from ..suggest import company_suggestions, suggestion_lines
from . import charts
from .marks import body_segments, marked
from . import params as P
from .params import Listing, record_url

SHOWN_PER_GROUP = 20  # a company page lists this many articles, claims per speaker, figures per metric
RECENT = 300  # a company page groups (and lines up in its ledger) this many of its most recent claims and figures
LEDGER_GROUPS = 30
CHART_BARS = 15


def listing(ix, state: Listing) -> dict:
    """A page of a listing: its rows (with snippets cut into segments), the total, facets as links
    that add a filter, pagination, and the did-you-mean lines of a miss."""
    upto = state.page * P.PAGE_SIZE
    result = search(state.kind, state.q, state.filters, index_dir=ix, sort=state.sort, limit=upto,
                    reverse=state.reverse)
    start = upto - P.PAGE_SIZE
    rows = result.rows[start:upto]
    snippets = result.snippets[start:upto] if result.snippets else []
    copies = ix.copies(r.get("id") for r in rows) if state.kind == "articles" else {}
    shown = []
    for i, row in enumerate(rows):
        snip = snippets[i] if i < len(snippets) else None
        shown.append({"row": row, "snippet": marked(snip["text"], snip.get("marks")) if snip else None,
                      "copies": len(copies.get(row.get("id"), [])) - 1 if row.get("id") in copies else 0})
    facets = []
    for name in ("outlet", "company"):
        values = result.facets.get(name) or []
        if values:
            facets.append({"name": name, "truncated": result.facets_truncated.get(name, False),
                           "values": [{"value": v, "count": n, "active": state.given.get(name) == v,
                                       "url": state.url(**{name: v, "page": None})} for v, n in values]})
    pages = max(1, -(-result.total // P.PAGE_SIZE))
    return {
        "state": state, "kind": state.kind, "rows": shown, "total": result.total, "facets": facets,
        "active": [{"name": k, "value": v, "remove_url": state.url(**{k: None, "page": None})}
                   for k, v in state.given.items()],
        "description": result.description, "first": start + 1 if rows else 0, "last": start + len(rows),
        "page": state.page, "pages": pages,
        "prev_url": state.url(page=state.page - 1 if state.page > 2 else None) if state.page > 1 else None,
        "next_url": state.url(page=state.page + 1) if upto < result.total else None,
        "hints": suggestion_lines(ix, state.filters, state.kind) if not result.total else [],
    }


def _coarser(points: list, interval: str) -> list[tuple[str, int]]:
    """Monthly counts as (period, count), summed into quarters or years ("undated" kept last).

    >>> _coarser([("2019-05", 2), ("2019-06", 1), ("2019-07", 4), ("undated", 1)], "quarter")
    [('2019-Q2', 3), ('2019-Q3', 4), ('undated', 1)]
    """
    out: dict[str, int] = {}
    for period, n in points:
        if period != T.UNDATED and interval != "month":
            year, month = period[:4], int(period[5:7])
            period = year if interval == "year" else f"{year}-Q{(month - 1) // 3 + 1}"
        out[period] = out.get(period, 0) + n
    return list(out.items())


def _interval(points: list) -> str:
    """Months for up to three years of dates, quarters up to ten, years beyond."""
    years = {p[:4] for p, _ in points if p != T.UNDATED}
    if not years:
        return "month"
    span = int(max(years)) - int(min(years)) + 1
    return "month" if span <= 3 else "quarter" if span <= 10 else "year"


def _grouped(rows: list[dict], key) -> list[dict]:
    groups: OrderedDict[str, list] = OrderedDict()
    for r in rows:
        groups.setdefault(key(r) or "(none)", []).append(r)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0].lower()))
    return [{"name": k, "count": len(v), "rows": v[:SHOWN_PER_GROUP]} for k, v in ordered]


def company(ix, name: str) -> dict:
    """A company: aliases, articles by outlet and over time (charts, from the timeline), its most
    recent claims by speaker and figures by metric, and the figure ledger (`compare`) of those
    figures, disagreements flagged. Claims and figures are the RECENT most recent of each, so a
    company named in thousands of articles still gets its page at once; the page says so and
    links the listings (and names `compare`) for all of them."""
    filters = parse_filters(company=name)
    canonical = filters.company
    row = next((r for r in iter_rows("companies", None, Filters(), index_dir=ix)
                if r["name"].casefold() == canonical.casefold()), None)
    if row is None:
        close = company_suggestions(ix, name, canonical) or []
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise NotFound(f"No company named {name!r} in the index{hint}")
    filters = parse_filters(company=row["name"])
    articles = search("articles", None, filters, index_dir=ix, sort="date", limit=SHOWN_PER_GROUP, snippets=False)
    claims = search("claims", None, filters, index_dir=ix, sort="date", limit=RECENT, snippets=False)
    figures = search("figures", None, filters, index_dir=ix, sort="date", limit=RECENT, snippets=False)
    by_outlet = T.totals(timeline("articles", None, filters, index_dir=ix, interval="year", by="outlet")[0])
    ranked = sorted(by_outlet.items(), key=lambda kv: (-kv[1], kv[0].lower()))
    outlet_bars = [(o, n, f"/search?company={_q(row['name'])}&outlet={_q(o)}" if o != T.NONE else None)
                   for o, n in ranked[:CHART_BARS]]
    if len(ranked) > CHART_BARS:
        outlet_bars.append((f"{len(ranked) - CHART_BARS} other outlets", sum(n for _, n in ranked[CHART_BARS:]), None))
    monthly = {p.period: p.count for p in timeline("articles", None, filters, index_dir=ix, interval="month")[0]}
    interval = _interval(list(monthly.items()))
    groups = L.build_ledger(figures.rows, company=row["name"], min_size=1)
    groups.sort(key=lambda g: (not g.flags, -len(g.entries)))  # disagreements first
    return {
        "company": row,
        "articles": articles.rows, "n_articles": articles.total,
        "n_claims": claims.total, "n_figures": figures.total,
        "recent_claims": len(claims.rows), "recent_figures": len(figures.rows),
        "outlet_chart": charts.bars(outlet_bars, title=f"Articles naming {row['name']} by outlet"),
        "time_chart": charts.columns(_coarser(list(monthly.items()), interval),
                                     title=f"Articles naming {row['name']} per {interval}"),
        "interval": interval,
        "speakers": _grouped(claims.rows, lambda r: r.get("speaker")),
        "metrics": _grouped(figures.rows, lambda r: r.get("metric")),
        "ledger": [_ledger_group(g) for g in groups[:LEDGER_GROUPS]], "n_ledger": len(groups),
        "shown_per_group": SHOWN_PER_GROUP,
        "links": {k: f"/{k}?company={_q(row['name'])}" for k in ("search", "claims", "figures")},
    }


def _q(text: str) -> str:
    from urllib.parse import quote_plus

    return quote_plus(str(text))


def _ledger_group(g: L.Group) -> dict:
    flagged = {x for r in g.flags for x in (r.a, r.b)}
    texts = {e.id: f"{' '.join(x for x in (e.qualifier, e.text) if x)} ({e.outlet or '?'}, {e.published or '?'})"
             for e in g.entries}
    return {"company": g.company, "measure": g.measure, "unit": g.unit, "verdict": g.verdict,
            "spread": g.spread, "entries": g.entries, "flagged": flagged,
            "flags": [{"relation": r.relation, "a": texts.get(r.a, r.a), "b": texts.get(r.b, r.b),
                       "reason": r.reason} for r in g.flags]}


def article(ix, article_id: str) -> dict:
    """One article: metadata with where it came from, the body with claims and figures marked in
    place, its companies, claims and figures, and the copies of its story."""
    record = show(article_id, index_dir=ix)
    prov = explain(record, record["id"])
    return {
        "a": record, "prov": prov,
        "body": body_segments(record.get("body") or "", record.get("claims") or [], record.get("figures") or []),
        "copies": copies_of(ix, record),
    }


def record(ix, kind: str, record_id: str) -> dict:
    """A claim or a figure: the `explain` view (its paragraph with the span marked, the rule, the
    record) and its article."""
    if kind_of(record_id) != kind:
        raise NotFound(f"{record_id!r} is not a {kind} id (they look like <article id>:{kind[0]}3)")
    art = show(record_id, index_dir=ix)
    rest = record_id.strip().split(":", 1)[1]
    out = explain(art, f"{art['id']}:{rest}")
    para = marked(out.get("paragraph_text") or "", [out["highlight"]] if out.get("highlight") else [])
    return {"x": out, "rec": out.get("record") or {}, "paragraph": para, "article": art,
            "article_url": record_url("articles", art["id"])}
