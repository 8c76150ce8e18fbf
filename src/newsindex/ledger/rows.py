"""The ledger as flat rows (CSV, ``compare --format csv``): one per entry, with its group's columns."""

from __future__ import annotations

from .groups import Group


def ledger_rows(groups: list[Group]) -> list[dict]:
    """Flat rows for CSV: one per entry, with its group's columns."""
    rows = []
    for n, g in enumerate(groups, 1):
        for e in g.entries:
            rows.append({
                "group": n,
                "company": g.company,
                "measure": g.measure,
                "unit": g.unit,
                "verdict": g.verdict,
                "min": g.spread.get("min"),
                "max": g.spread.get("max"),
                "ratio": g.spread.get("ratio"),
                "id": e.id,
                "published": e.published,
                "outlet": e.outlet,
                "text": e.text,
                "value": e.value,
                "qualifier": e.qualifier,
                "scope": e.scope,
                "as_of": e.as_of,
                "forecast": e.forecast,
                "vs_previous": e.vs_previous,
                "sentence": e.sentence,
            })
    return rows
