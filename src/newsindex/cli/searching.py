"""The search commands: search, claims, figures, companies, show."""

from __future__ import annotations


import click

from .common import (
    cli, filters_for, format_option, FORMATS, index_options, open_search_index, SEARCH_FORMATS,
    UNKNOWN_OPTION, _default_format, _status, _write_machine,
)


def _search_command(kind: str, words, *, fmt, limit, sort, reverse, full, corpus, index_dir, **filter_args):
    from .. import search as S

    filters = S.parse_filters(**filter_args)
    filters.check(kind)
    query = " ".join(words).strip() or None
    fmt = fmt or _default_format()
    ix = open_search_index(corpus, index_dir)
    hints: list[str] = []
    try:
        result = S.search(kind, query, filters, index_dir=ix, sort=sort, limit=limit or None, reverse=reverse,
                          full=full, snippets=fmt == "table", short_ids=fmt == "table")
        if kind == "articles" and fmt == "table":
            _fold_copies(result, ix)  # issue 10: one row per story, "+N copies"
        if not result.total:  # a miss points at the fix: names close to a filter that names nothing
            from ..suggest import suggestion_lines

            hints = suggestion_lines(ix, filters, kind)
    finally:
        ix.close()
    for line in hints:
        _status(line)
    if result.truncated:  # honest machine output: a cut is said on stderr, whatever the format
        _status(f"{len(result.rows):,} of {result.total:,} {kind}; --limit 0 or `newsindex export {kind}` for all")
    if fmt == "table":
        from ..render.views import print_results

        print_results(result)
    else:
        _write_machine(result.rows, fmt, kind, full=full)


def _search_options(kind: str, sorts=("relevance", "date", "value")):
    """--format, --limit, and (unless `sorts` is empty: companies are listed by number of articles)
    --sort with the orders that apply and --reverse."""
    def deco(f):
        f = format_option(SEARCH_FORMATS)(f)
        f = click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True,
                         help="Show at most N rows (0: all).")(f)
        if sorts:
            orders = {"relevance": "relevance (newest first without a query)", "date": "date (newest first)",
                      "value": "value (largest first)"}
            f = click.option("--sort", type=click.Choice(list(sorts)), default="relevance", show_default=True,
                             help="Order: " + ", ".join(orders[s] for s in sorts) + ".")(f)
            flips = " or ".join(s for s in sorts if s != "relevance")
            f = click.option("--reverse", is_flag=True, help=f"Oldest or smallest first (with --sort {flips}).")(f)
        return f
    return deco


@cli.command()
@click.argument("query", nargs=-1)
@_search_options("articles")
@click.option("--full", is_flag=True, help="Include each article's body in json/jsonl/csv rows.")
@filters_for("articles")
@index_options
def search(query, fmt, limit, sort, reverse, full, corpus, index_dir, **filters):
    """Search articles: words, "phrases", AND/OR/NOT, field:value (title, body, author, outlet, company, date), wildcards.

    With no index yet, the first search builds one from the corpus.

    Example:

        newsindex search surveillance --outlet FT --since 2019-10
    """
    _search_command("articles", query, fmt=fmt, limit=limit, sort=sort, reverse=reverse, full=full,
                    corpus=corpus, index_dir=index_dir, **filters)


@cli.command()
@click.argument("query", nargs=-1)
@_search_options("claims")
@filters_for("claims")
@index_options
def claims(query, fmt, limit, sort, reverse, corpus, index_dir, **filters):
    """Search claims (who said what about whom): text, speaker, verb, company, outlet, date fields.

    Example:

        newsindex claims --company Hikvision --sort date
    """
    _search_command("claims", query, fmt=fmt, limit=limit, sort=sort, reverse=reverse, full=False,
                    corpus=corpus, index_dir=index_dir, **filters)


@cli.command()
@click.argument("query", nargs=-1)
@_search_options("figures")
@filters_for("figures")
@index_options
def figures(query, fmt, limit, sort, reverse, corpus, index_dir, **filters):
    """Search figures (values with units): text, subject, unit, metric, company, outlet, date fields.

    Example:

        newsindex figures --company SenseTime --unit USD --sort value
    """
    _search_command("figures", query, fmt=fmt, limit=limit, sort=sort, reverse=reverse, full=False,
                    corpus=corpus, index_dir=index_dir, **filters)


@cli.command()
@click.argument("query", nargs=-1)
@_search_options("companies", sorts=())
@filters_for("companies")
@UNKNOWN_OPTION
@index_options
def companies(query, fmt, limit, corpus, index_dir, **filters):
    """List companies by the number of articles naming them; QUERY matches names and aliases (* wildcards).

    Example:

        newsindex companies --outlet FT --since 2019-10

        newsindex companies --unknown --format csv
    """
    _search_command("companies", query, fmt=fmt, limit=limit, sort="relevance", reverse=False, full=False,
                    corpus=corpus, index_dir=index_dir, **filters)


@cli.command()
@click.argument("article_id")
@format_option(FORMATS)
@index_options
def show(article_id, fmt, corpus, index_dir):
    """Show one article: metadata, clean body, its claims and figures. ID may be a unique prefix.

    Example:

        newsindex show 3f2a9c
    """
    from ..export import json_text
    from ..search import show as show_article

    fmt = fmt or _default_format()
    ix = open_search_index(corpus, index_dir)
    shorts: dict = {}
    try:
        record = show_article(article_id, index_dir=ix)
        from ..dedup import copies_of

        copies = copies_of(ix, record) if fmt == "table" else []  # issue 10: near-duplicates
        if fmt == "table":  # the ids `explain` takes, short
            shorts = ix.short_ids(x.get("id") for kind in ("claims", "figures") for x in record.get(kind) or [])
    finally:
        ix.close()
    if fmt == "json":
        click.echo(json_text(record, indent=2))
        return
    if fmt == "jsonl":
        click.echo(json_text(record))
        return
    from ..render.views import print_article

    print_article(record, short_ids=shorts)
    _print_copies(copies, record["id"])


def _fold_copies(result, ix) -> None:
    """Search results for a table: one row per story, "(+N copies)" after its title."""
    from ..dedup import fold

    groups = ix.copies(row.get("id") for row in result.rows)
    if not groups:
        return
    rows, snippets = [], []
    for i, row in fold(result.rows, groups):
        n = row["copies_n"]
        if n:
            row["title"] = f"{row.get('title') or ''} (+{n} cop{'y' if n == 1 else 'ies'})"
        rows.append(row)
        if i < len(result.snippets):
            snippets.append(result.snippets[i])
    result.rows = rows
    if result.snippets:
        result.snippets = snippets


def _print_copies(copies: list[dict], this_id: str) -> None:
    from rich.text import Text

    from ..render import console, plain_text

    if not copies:
        return
    con = console()
    con.print()
    con.print(Text(f"Copies of this story ({len(copies) - 1} besides this one)", style="bold"))
    for c in copies:
        head = f"{c['id']}  {c.get('outlet') or '?'}  {c.get('published') or '?'}"
        con.print(Text(plain_text(head + ("  (this article)" if c["id"] == this_id else "")), style="dim"))
        if not c["sentences_only_here"] and not c["figures_only_here"]:
            con.print("  adds nothing the other copies lack")
        for sentence in c["sentences_only_here"]:
            con.print(Text("  + " + plain_text(sentence)))
        for f in c["figures_only_here"]:
            con.print(Text("  + figure " + plain_text(f.get("text") or "")))


