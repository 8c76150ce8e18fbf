"""The figure ledger (compare), provenance (explain) and counts over time (timeline)."""

from __future__ import annotations

import sys

import click

from .common import (
    cli, filters_for, format_option, FORMATS, index_options, open_search_index, SEARCH_FORMATS,
    _default_format, _write_machine,
)


# compare / explain / timeline read the index through search.iter_rows and search.show; the
# work is done by ledger/, explain.py, timeline.py and dedup.py (pure), rendered by render/.

@cli.command()
@click.argument("query", nargs=-1)
@click.option("--metric", default=None, help="Only this metric (valuation, funding, revenue, ...; 'worth' is valuation).")
@click.option("--subject", default=None, help="Only this subject (cameras matches 'surveillance cameras').")
@click.option("--all", "show_all", is_flag=True, help="Also list groups with a single figure (implied by a filter).")
@format_option(SEARCH_FORMATS)
@filters_for("figures", skip=("metric",))
@index_options
def compare(query, metric, subject, show_all, fmt, corpus, index_dir, **filter_args):
    """Line up figures that measure the same thing across sources, oldest first, disagreements flagged.

    A group is one company (or none), one metric or subject, one unit. Each
    figure shows its qualifier, outlet, date and sentence; the group shows the
    spread (min, max, ratio) and flags values that disagree beyond their
    qualifiers ("over $4bn" in May and "$7.5bn" in November is growth;
    "$3.5bn" and "$4bn" in one month is a discrepancy). See docs/ledger.md.

    Example:

        newsindex compare --company SenseTime --metric valuation
    """
    from .. import ledger
    from .. import search as S

    filters = S.parse_filters(**filter_args)
    filters.check("figures")
    text = " ".join(query).strip() or None
    fmt = fmt or _default_format()
    min_size = 1 if (show_all or not filters.is_empty() or text or metric or subject) else 2
    ix = open_search_index(corpus, index_dir)
    shorts: dict = {}
    try:
        rows = list(S.iter_rows("figures", text, filters, index_dir=ix, sort="date", reverse=True))
        groups = ledger.build_ledger(rows, company=filters.company, metric=metric, subject=subject, min_size=min_size)
        if fmt == "table":  # the ids `explain` takes, short
            shorts = ix.short_ids(e.id for g in groups for e in g.entries)
    finally:
        ix.close()
    if fmt == "csv":
        from ..export import write_rows

        out = ledger.ledger_rows(groups)
        fields = list(out[0]) if out else ["group", "company", "measure", "unit", "verdict", "id"]
        write_rows(out, "csv", sys.stdout, fields=fields)
    elif fmt in ("json", "jsonl"):
        _write_machine((g.to_dict() for g in groups), fmt, None)
    else:
        from ..render.views import print_ledger

        print_ledger(groups, filters.describe(), short_ids=shorts)


@cli.command()
@click.argument("record_id")
@format_option(FORMATS)
@index_options
def explain(record_id, fmt, corpus, index_dir):
    """Show where a record came from: its paragraph with the span highlighted, and the rule.

    RECORD_ID is an article id (or unique prefix), a claim or figure id
    (<article>:c3, <article>:f7), or <article>:company:<Name>. For an article,
    every publication-date candidate is listed, accepted or rejected and why.

    Example:

        newsindex explain 3f2a9c:f7
    """
    from ..explain import explain as explain_record
    from ..export import json_text
    from ..search import show as show_article

    fmt = fmt or _default_format()
    ix = open_search_index(corpus, index_dir)
    try:
        record = show_article(record_id, index_dir=ix)
    finally:
        ix.close()
    rest = record_id.strip().split(":", 1)[1] if ":" in record_id else ""
    out = explain_record(record, f"{record['id']}:{rest}" if rest else record["id"])
    if fmt == "json":
        click.echo(json_text(out, indent=2))
    elif fmt == "jsonl":
        click.echo(json_text(out))
    else:
        _print_explanation(out)


def _print_explanation(out: dict) -> None:
    from rich.text import Text

    from ..render import console, plain_text, results_table, safe_text

    con = console()
    con.print(Text(f"{out['kind']} {plain_text(out['id'])}", style="bold"))
    for key, label in (("title", "Article"), ("outlet", "Outlet"), ("published", "Published"), ("path", "Path"),
                       ("rule", "Rule")):
        if out.get(key):
            con.print(f"[dim]{label}:[/dim] {safe_text(out[key])}")
    _print_corrections(con, out)
    if out["kind"] == "article":
        con.print(f"[dim]Date from:[/dim] {safe_text(out.get('published_source') or 'nowhere: no date found')}")
        cands = [dict(c, accepted="yes" if c.get("accepted") else "no") for c in out.get("date_candidates", [])]
        if cands:
            con.print(results_table(cands, [("value", "Date"), ("source", "Source"), ("accepted", "Accepted"),
                                            ("reason", "Why"), ("text", "From")], title="Publication-date candidates"))
        else:
            con.print("No publication-date candidates were recorded.")
        comps = [dict(c, spans=len(c.get("spans") or [])) for c in out.get("companies", [])]
        if comps:
            con.print(results_table(comps, [("name", "Company"), ("rule", "Rule"), ("mentions", "Mentions"),
                                            ("spans", "Spans"), ("id", "Explain with")], title="Companies"))
        con.print(f"[dim]{len(out.get('claims', []))} claim(s), {len(out.get('figures', []))} figure(s): "
                  f"explain them by id (newsindex show {safe_text(out['id'])}).[/dim]")
        return
    if out["kind"] == "company":
        for m in out.get("mentions", []):
            con.print(f"[dim]Span {m['span'][0]}–{m['span'][1]}, paragraph {m['paragraph']}:[/dim]")
            con.print(_highlighted(m.get("paragraph_text") or "", m.get("highlight")))
        return
    s, e = out["span"]
    note = {"record": "", "located": " (the stored span did not hold the text; found it here)",
            "missing": " (the text is not in the body)"}[out["span_source"]]
    con.print(f"[dim]Span:[/dim] {s}–{e} in body, paragraph {out.get('paragraph')}{safe_text(note)}")
    con.print()
    con.print(_highlighted(out.get("paragraph_text") or "", out.get("highlight")))
    con.print()
    rec = out.get("record") or {}
    keys = (["text", "value", "unit", "qualifier", "subject", "metric", "companies"] if out["kind"] == "figure"
            else ["speaker", "verb", "quote", "companies", "figures"])
    con.print(results_table([rec], [(k, k.capitalize()) for k in keys]))


def _print_corrections(con, out: dict) -> None:
    """Corrections as rules of their own (after the extraction's rule), then the review."""
    from ..corrections import describe
    from ..render import safe_text

    for c in out.get("corrections") or []:
        con.print(f"[dim]Rule:[/dim] correction — {safe_text(c['text'])}")
        changes = describe([{"fields": c.get("fields")}]).rsplit(" (", 1)[0]
        con.print(f"      {safe_text(changes)}" + (f" “{safe_text(c['record_text'])}”" if c.get("record_text") else ""))
    if out.get("review"):
        con.print(f"[dim]Review:[/dim] {safe_text(out['review']['text'])}")


def _highlighted(text: str, span):
    """A paragraph as rich Text with the span styled (render.marked_text; no markup is read)."""
    from ..render import marked_text

    ok = span and 0 <= span[0] <= span[1] <= len(text)
    return marked_text({"text": text, "marks": [list(span)] if ok else []})


@cli.command()
@click.argument("query", nargs=-1)
@click.option("--by", type=click.Choice(["outlet", "company"]), default=None, help="One series per outlet or company.")
@click.option("--interval", type=click.Choice(["month", "quarter", "year"]), default="month", show_default=True)
@click.option("--kind", type=click.Choice(["articles", "claims", "figures"]), default="articles", show_default=True,
              help="What to count (claims take --speaker; figures --unit, --metric, --min, --max).")
@format_option(SEARCH_FORMATS)
@filters_for("articles", "claims", "figures")
@index_options
def timeline(query, by, interval, kind, fmt, corpus, index_dir, **filter_args):
    """Counts of articles, claims or figures over time, as a bar chart (or CSV/JSON for plotting).

    The counts add up to what `newsindex search` (or `claims`, `figures`)
    finds with the same --company; undated records are counted as "undated".
    With --by company a record about several companies counts for each.

    Example:

        newsindex timeline --company Megvii --interval quarter --by outlet
    """
    from .. import search as S

    filters = S.parse_filters(**filter_args)
    filters.check(kind)
    text = " ".join(query).strip() or None
    fmt = fmt or _default_format()
    ix = open_search_index(corpus, index_dir)
    try:
        points, n_rows = S.timeline(kind, text, filters, index_dir=ix, interval=interval, by=by)
    finally:
        ix.close()
    if fmt == "csv":
        from ..export import write_rows

        write_rows((p.to_dict() for p in points), "csv", sys.stdout, fields=["period", "series", "count"])
    elif fmt in ("json", "jsonl"):
        _write_machine((p.to_dict() for p in points), fmt, None)
    else:
        _print_timeline(points, kind, interval, filters.describe(), n_rows)


def _print_timeline(points, kind: str, interval: str, description: str, n_rows: int, width: int = 40) -> None:
    from rich.table import Table
    from rich.text import Text

    from ..render import console, plain_text, safe_text
    from ..timeline import totals

    con = console()
    if description:
        con.print(f"[dim]Filters:[/dim] {safe_text(description)}")
    if not points:
        con.print(f"No {kind} to count.")
        return
    peak = max(p.count for p in points) or 1
    sums = totals(points)
    t = Table(title=f"{kind} per {interval}", caption=f"{n_rows:,} {kind}", title_justify="left", show_lines=False)
    t.add_column("Period")
    multi = len(sums) > 1
    if multi:
        t.add_column("Series", overflow="fold")
    t.add_column("Count", justify="right")
    t.add_column("")
    colours = ["cyan", "magenta", "green", "yellow", "blue", "red"]
    colour = {name: colours[i % len(colours)] for i, name in enumerate(sums)}
    shown: set[str] = set()
    for p in sorted(points, key=lambda p: (p.period == "undated", p.period, -sums[p.series], p.series)):
        if multi and p.count == 0:
            if p.period in shown or any(q.period == p.period and q.count for q in points):
                continue
            p = type(p)(p.period, "", 0)  # a period with nothing in any series still gets its row
        shown.add(p.period)
        bar = Text("█" * max(1 if p.count else 0, round(p.count / peak * width)), style=colour.get(p.series, ""))
        cells = [Text(p.period)] + ([Text(plain_text(p.series))] if multi else []) + [Text(f"{p.count:,}"), bar]
        t.add_row(*cells)
    con.print(t)


