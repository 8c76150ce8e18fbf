"""What the table format shows: search results, one article, the figure ledger.

Each view turns plain data (a SearchResult, an article record, ledger groups) into rows and lays
them out with :mod:`.fit`: at 80 to 120 columns ids and dates never wrap, the text column (the
claim, the sentence, the snippet) gets the width, and narrower terminals stack values instead of
squeezing columns. Ids are the short ids of :mod:`newsindex.query.shortids` when given (``show``
and ``explain`` accept them), else the full ids.
"""

from __future__ import annotations

from .fit import Field, fitted_table

_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k"))


def value_text(value) -> str:
    """A figure's value for a cell: 7500000000.0 -> '7,500,000,000'; -1.5 -> '-1.5'.

    >>> value_text(7500000000.0), value_text(-1.5), value_text(None)
    ('7,500,000,000', '-1.5', '')
    """
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "" if value is None else str(value)
    if v.is_integer() and abs(v) < 1e18:
        return f"{int(v):,}"
    return f"{v:,.6g}"


def human(value) -> str:
    """A value in short form: 7.5e9 -> '7.5bn'.

    >>> human(7.5e9), human(46), human(None)
    ('7.5bn', '46', '')
    """
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "" if value is None else str(value)
    for size, suffix in _SCALES:
        if abs(v) >= size:
            return f"{v / size:,.3g}{suffix}"
    return f"{v:,.6g}"


# --- layouts: tiers of columns, widest first (render.fit) ------------------------------------

ID = Field("ID", ("sid",), "id")
ID_DATE = Field("ID\nDate", ("sid", "published"), "id")
DATE = Field("Date", ("published",), "date")
DATE_OUTLET = Field("Date\nOutlet", ("published", "outlet"), cap=16)
OUTLET = Field("Outlet", ("outlet",), cap=16)
COMPANIES = Field("Companies", ("companies",), cap=18)


def _claim_tiers(in_article: bool = False):
    claim = Field("Claim", ("claim",), "text")
    if in_article:  # `show`: every claim is of this article, its date and outlet are above
        return [[ID, Field("Speaker", ("speaker", "verb"), cap=20), claim, COMPANIES],
                [ID, Field("Speaker\nCompanies", ("speaker", "companies"), cap=16), claim]]
    return [
        [ID, DATE, OUTLET, Field("Speaker", ("speaker", "verb"), cap=20), claim, COMPANIES],
        [ID, DATE_OUTLET, Field("Speaker\nCompanies", ("speaker", "companies"), cap=18), claim],
        [ID_DATE, Field("Speaker\nOutlet", ("speaker", "outlet"), cap=16), claim],
    ]


def _figure_tiers(sentence: bool, in_article: bool = False):
    text = [Field("Sentence", ("sentence_text",), "text")] if sentence else []
    figure = Field("Figure", ("text",), cap=18)
    figure_value = Field("Figure\nValue", ("text", "value_unit"), cap=18)
    metric_companies = Field("Metric\nCompanies", ("metric", "companies"), cap=16)
    if in_article:
        return [
            [ID, figure, Field("Value", ("value_text",), "number"), Field("Unit", ("unit",), cap=10),
             Field("Metric", ("metric",), cap=14), Field("Subject", ("subject",), cap=16), COMPANIES, *text],
            [ID, figure_value, Field("Metric\nSubject", ("metric", "subject"), cap=16), COMPANIES, *text],
            [ID, figure_value, metric_companies, *text],
        ]
    value, unit, metric = (Field("Value", ("value_text",), "number"), Field("Unit", ("unit",), cap=10),
                           Field("Metric", ("metric",), cap=14))
    return [
        [ID, DATE, OUTLET, figure, value, unit, metric, COMPANIES, *text],
        [ID, DATE_OUTLET, figure, value, unit, metric, COMPANIES, *text],
        [ID, DATE_OUTLET, figure_value, metric_companies, *text],
        [ID_DATE, Field("Figure\nValue\nOutlet", ("text", "value_unit", "outlet"), cap=18),
         *(text or [metric_companies])],
    ]


def _article_tiers(snippet: bool):
    if not snippet:
        title = Field("Title", ("title",), "text")
        return [[ID, DATE, OUTLET, title], [ID_DATE, Field("Title\nOutlet", ("title", "outlet"), "text")]]
    text = Field("Snippet", ("snippet",), "text")
    return [
        [ID, DATE, OUTLET, Field("Title", ("title",), cap=36), text],
        [ID, DATE_OUTLET, Field("Title", ("title",), cap=24), text],
        [ID_DATE, Field("Title\nOutlet", ("title", "outlet"), cap=20), text],
    ]


_COMPANY_TIERS = [
    [Field("Company", ("name",), cap=28), Field("Articles", ("articles",), "number"),
     Field("Mentions", ("mentions",), "number"), Field("Kind", ("kind",), cap=12), Field("Aliases", ("aliases",), "text")],
    [Field("Company\nKind", ("name", "kind"), cap=22), Field("Articles", ("articles",), "number"),
     Field("Mentions", ("mentions",), "number"), Field("Aliases", ("aliases",), "text")],
]
_OUTLET_TIERS = [[Field("Outlet", ("outlet",), cap=40), Field("Articles", ("articles",), "number"),
                  Field("First", ("first",), "date"), Field("Last", ("last",), "date")]]

_LEDGER_TIERS = [
    [ID, Field("Published", ("published",), "date"), Field("Outlet", ("outlet",), cap=14),
     Field("Figure", ("figure",), cap=16), Field("Value", ("value",), "number"), Field("As of", ("as_of",), cap=10),
     Field("Scope", ("scope",), cap=12), Field("vs earlier", ("vs_previous",), cap=12),
     Field("Sentence", ("sentence",), "text")],
    [ID, DATE_OUTLET, Field("Figure\nValue", ("figure", "value"), cap=16),
     Field("As of\nScope\nvs earlier", ("as_of", "scope", "vs_previous"), cap=12), Field("Sentence", ("sentence",), "text")],
    [ID_DATE, Field("Figure\nValue\nOutlet", ("figure", "value", "outlet"), cap=16),
     Field("As of\nScope\nvs earlier", ("as_of", "scope", "vs_previous"), cap=12), Field("Sentence", ("sentence",), "text")],
    [ID_DATE, Field("Figure\nValue\nOutlet", ("figure", "value", "outlet"), cap=16),
     Field("Sentence", ("sentence",), "text")],
]


# --- search results ----------------------------------------------------------------------------

def _caption(result) -> str:
    if result.kind == "companies":
        order = "by number of articles"
    else:
        order = {"relevance": "by relevance" if result.query else "newest first", "date": "by date",
                 "value": "by value"}.get(result.sort, result.sort)
        if getattr(result, "reverse", False) and result.sort in ("date", "value"):
            order += ", reversed"
    caption = f"{len(result.rows):,} of {result.total:,} {result.kind} ({order})"
    if result.truncated:
        caption += " — use --limit N to see more"
    return caption


def _with_display_keys(row: dict, short_ids: dict | None) -> dict:
    out = dict(row)
    rid = row.get("id")
    out["sid"] = (short_ids or {}).get(rid, rid)
    if "value" in row:
        out["value_text"] = value_text(row.get("value"))
        out["value_unit"] = " ".join(x for x in (value_text(row.get("value")), row.get("unit") or "") if x)
    return out


def results_table(result, *, console, short_ids: dict | None = None):
    """The table of a SearchResult (None when it has no rows)."""
    from . import marked_text

    if not result.rows:
        return None
    snippets = result.snippets or []
    # claims and figures show a snippet only when a query picked words in it (else the claim's whole
    # text, cut to the row's lines; a figure's sentence is left out); articles the body's opening
    use_snippets = bool(snippets) and (bool(result.query) or result.kind == "articles")
    rows = []
    for i, row in enumerate(result.rows):
        out = _with_display_keys(row, short_ids)
        snip = snippets[i] if use_snippets and i < len(snippets) and snippets[i] else None
        if result.kind == "claims":
            out["claim"] = marked_text(snip) if snip else row.get("text")
        elif result.kind == "figures":
            out["sentence_text"] = marked_text(snip) if snip else row.get("sentence")
        elif result.kind == "articles":
            out["snippet"] = marked_text(snip) if snip else None
        rows.append(out)
    if result.kind == "claims":
        tiers = _claim_tiers()
    elif result.kind == "figures":
        tiers = _figure_tiers(sentence=use_snippets)
    elif result.kind == "articles":
        tiers = _article_tiers(snippet=use_snippets)
    elif result.kind == "companies":
        tiers = _COMPANY_TIERS
    else:
        tiers = _OUTLET_TIERS
    return fitted_table(rows, tiers, console=console, caption=_caption(result))


def print_results(result, *, console=None, short_ids: dict | None = None) -> None:
    """A search command's table: the filters, the rows, the counts by outlet and company."""
    from . import console as make_console, facet_lines, safe_text

    con = console or make_console()
    if result.description:
        con.print(f"[dim]Filters:[/dim] {safe_text(result.description)}")
    table = results_table(result, console=con, short_ids=short_ids or getattr(result, "short_ids", None))
    if table is None:
        con.print(f"No {result.kind} match.")
    else:
        con.print(table)
    for line in facet_lines(result.facets, result.facets_truncated):
        con.print(line)


def print_outlets(rows: list[dict], description: str = "", *, console=None) -> None:
    """The outlets command's table: each outlet with its article count and first and last dates."""
    from . import console as make_console, safe_text

    con = console or make_console()
    if description:
        con.print(f"[dim]Filters:[/dim] {safe_text(description)}")
    con.print(fitted_table(rows, _OUTLET_TIERS, console=con, caption=f"{len(rows):,} outlet(s)"))


# --- one article (show) ------------------------------------------------------------------------

def print_article(rec: dict, *, console=None, short_ids: dict | None = None) -> None:
    """An article: metadata, clean body, then its claims and figures with their (short) ids."""
    from rich.text import Text

    from . import console as make_console, plain_text, safe_text

    con = console or make_console()
    con.print(Text(plain_text(rec.get("title") or "(no title)"), style="bold"))
    for key, label in (("outlet", "Outlet"), ("site", "Site"), ("author", "Author"), ("published", "Published"),
                       ("url", "URL"), ("path", "Path"), ("id", "ID")):
        if rec.get(key):
            con.print(f"[dim]{label}:[/dim] {safe_text(rec[key])}")
    names = ", ".join(c.get("name", "") for c in rec.get("companies") or [])
    if names:
        con.print(f"[dim]Companies:[/dim] {safe_text(names)}")
    for w in rec.get("warnings") or []:
        con.print(f"[dim]Warning:[/dim] {safe_text(w)}")
    con.print()
    con.print(Text(plain_text(rec.get("body") or "")))
    if rec.get("claims"):
        rows = [dict(_with_display_keys(c, short_ids), claim=c.get("text")) for c in rec["claims"]]
        con.print()
        con.print(fitted_table(rows, _claim_tiers(in_article=True), console=con, title="Claims"))
    if rec.get("figures"):
        rows = [_with_display_keys(f, short_ids) for f in rec["figures"]]
        con.print()
        con.print(fitted_table(rows, _figure_tiers(sentence=False, in_article=True), console=con, title="Figures"))


# --- the figure ledger (compare) ---------------------------------------------------------------

def print_ledger(groups, description: str, *, console=None, short_ids: dict | None = None) -> None:
    """Each ledger group as a table (oldest first), its spread as the caption, its flags below."""
    from rich.text import Text

    from . import console as make_console, plain_text, safe_text

    con = console or make_console()
    if description:
        con.print(f"[dim]Filters:[/dim] {safe_text(description)}")
    if not groups:
        con.print("No figures to compare.")
        return
    for g in groups:
        s = g.spread
        spread = ""
        if s.get("n"):
            spread = f"min {human(s['min'])}, max {human(s['max'])}"
            if s.get("ratio"):
                spread += f", ratio {s['ratio']:.3g}"
        style = {"discrepancy": "bold red", "tension": "yellow", "decline": "yellow"}.get(g.verdict, "green")
        title = Text()
        title.append(plain_text(g.company or "(no company)"), style="bold")
        title.append(f" · {plain_text(g.measure)} · {plain_text(g.unit)}  ")
        title.append(g.verdict, style=style)
        rows = []
        for e in g.entries:
            value = human(e.value)
            if e.vague and e.reading:
                value = f"{human(e.reading[0])}–{human(e.reading[1])}"
            rows.append({"sid": (short_ids or {}).get(e.id, e.id), "published": e.published, "outlet": e.outlet,
                         "figure": " ".join(x for x in (e.qualifier, e.text) if x), "value": value,
                         "as_of": e.as_of + (" (forecast)" if e.forecast else ""), "scope": e.scope,
                         "vs_previous": e.vs_previous, "sentence": e.sentence})
        con.print(fitted_table(rows, _LEDGER_TIERS, console=con, title=title, caption=spread or None))
        texts = {e.id: f"{' '.join(x for x in (e.qualifier, e.text) if x)} ({e.outlet or '?'}, {e.published or '?'})"
                 for e in g.entries}
        for r in g.flags:
            line = Text("  ⚑ ", style=style)
            line.append(r.relation, style="bold")
            line.append(plain_text(f": {texts.get(r.a, r.a)} vs {texts.get(r.b, r.b)} — {r.reason}"))
            con.print(line)
        con.print()
