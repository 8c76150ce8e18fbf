"""Facets: counts by outlet and company of the matching rows."""

from __future__ import annotations

from collections import Counter
from itertools import chain



FACET_SIZE = 10


def _top_counts(counts: Counter, size: int) -> tuple[list, bool]:
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))
    return ranked[:size], len(ranked) > size


def _article_facets(ix, docnums, size: int = FACET_SIZE) -> tuple[dict, dict]:
    """Counts by outlet and company of the matching articles (from the document table, not Whoosh)."""
    table = ix.doc_table()
    outlets = Counter(o for o in map(table.outlets.__getitem__, docnums) if o)
    companies = Counter(chain.from_iterable(map(table.companies, docnums)))
    (o, o_cut), (c, c_cut) = _top_counts(outlets, size), _top_counts(companies, size)
    return {"outlet": o, "company": c}, {"outlet": o_cut, "company": c_cut}


def _item_facets(items: list, size: int = FACET_SIZE) -> tuple[dict, dict]:
    """Counts by outlet and company of matching claims or figures (rows: id, outlet, companies)."""
    from ..store.terms import SEP

    outlets = Counter(r[1] for r in items if r[1])
    companies = Counter(chain.from_iterable(r[2].split(SEP) for r in items if r[2]))
    (o, o_cut), (c, c_cut) = _top_counts(outlets, size), _top_counts(companies, size)
    return {"outlet": o, "company": c}, {"outlet": o_cut, "company": c_cut}


def _stored_facets(ix) -> tuple[dict, dict]:
    """Facets of the whole corpus from the counts kept with the index (no walk over documents)."""
    outlets = [(r["outlet"], r["articles"]) for r in ix.outlet_counts()]
    companies = [(r["name"], r["articles"]) for r in ix.company_counts()]
    return ({"outlet": outlets[:FACET_SIZE], "company": companies[:FACET_SIZE]},
            {"outlet": len(outlets) > FACET_SIZE, "company": len(companies) > FACET_SIZE})
