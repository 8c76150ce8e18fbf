"""The `newsindex` command line: parse options, call one library function, render.

Heavy modules (whoosh, rich, the parser) are imported inside the commands, so
`newsindex --help` and `--version` stay fast.
"""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .errors import NewsIndexError

FORMATS = ["table", "json", "jsonl"]  # a record or a report: parse, show, explain
SEARCH_FORMATS = ["table", "json", "jsonl", "csv"]  # rows: search commands, compare, timeline
EXPORT_FORMATS = ["csv", "jsonl", "json"]  # export


def format_option(choices=SEARCH_FORMATS, help="Output format (default: table on a terminal, jsonl when piped)."):
    """The one declaration of --format (each command names its choices)."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=None, help=help)


def _raise_errors() -> bool:
    """Under pytest or NEWSINDEX_RAISE_ERRORS unexpected exceptions are re-raised, loud."""
    return bool(os.environ.get("NEWSINDEX_RAISE_ERRORS")) or "pytest" in sys.modules and bool(
        os.environ.get("PYTEST_CURRENT_TEST")
    )


class NewsIndexGroup(click.Group):
    """Turns expected errors into one-line messages with the right exit status."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except NewsIndexError as e:
            _error(e)
            ctx.exit(e.exit_code)
        except BrokenPipeError:
            _quiet_broken_pipe()
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as e:  # pragma: no cover - last resort, never a traceback for users
            damaged = _damage(e)  # flipped bytes in the store, found while reading it
            if damaged is not None:
                _error(damaged)
                ctx.exit(1)
            if _raise_errors():
                raise
            _error(f"unexpected {type(e).__name__}: {e} (set NEWSINDEX_RAISE_ERRORS=1 for details)")
            ctx.exit(1)


def _damage(e: Exception) -> str | None:
    """A message for an error that means the index's store is damaged (flipped or cut bytes found
    while reading it), or None. A full disk is said as such, not as damage."""
    import sqlite3
    import zlib

    if isinstance(e, sqlite3.OperationalError) and "full" in str(e):
        return None
    if isinstance(e, (sqlite3.DatabaseError, zlib.error)) or (
            isinstance(e, UnicodeDecodeError) and "zlib" in repr(e.__context__)):
        return (f"the index is damaged ({type(e).__name__}: {e}) — run `newsindex build --rebuild` "
                "(or `newsindex build`, which checks the store and rebuilds a damaged one)")
    return None


def _error(message) -> None:
    """One line on stderr: `Error: <message>`, with control characters and undecodable bytes made inert."""
    from .render import inert

    click.echo(f"Error: {inert(message)}", err=True)


def _status(message) -> None:
    """A status line on stderr (summaries, warnings, "building the index…"), made inert like an error line."""
    from .render import inert

    click.echo(inert(message), err=True)


def _quiet_broken_pipe() -> None:
    """After `| head` closed the pipe: point stdout at devnull so Python's exit flush is silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@click.group(cls=NewsIndexGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsindex")
def cli():
    """newsindex: turn news articles into searchable, exportable evidence.

    Parse plain-text articles into records (title, outlet, author, date, body,
    companies, claims, figures), index them with Whoosh and search them.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@format_option(FORMATS)
@click.option("--no-sources", is_flag=True, help="Ignore the corpus's sources.toml sidecar: metadata from the text alone.")
@click.option("--columns", default=None, metavar="FIELD=COL,...",
              help="Record files (CSV/JSON): which columns hold title, body, published, authors, outlet, url, id.")
def parse(paths, fmt, no_sources, columns):
    """Parse article files or folders into records; touches no index.

    Folders are read recursively (*.txt, *.md, saved pages, web archives, news-database
    exports and record files: see the README's "Your own articles"). A file that cannot be read
    is reported on stderr; the others are still parsed, and the exit status is 1.

    Example:

        newsindex parse corpus --format jsonl
    """
    from .parse import iter_parse
    from .export import write_rows
    from .formats.records import parse_columns
    from .render import default_format

    fmt = fmt or default_format()
    try:
        column_map = parse_columns(columns)
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    failed = 0
    articles = []

    def records():
        nonlocal failed
        for item in iter_parse(paths, use_sources=not no_sources, columns=column_map or None):
            if isinstance(item, NewsIndexError):
                failed += 1
                _error(item)
            elif not hasattr(item, "to_dict"):  # an article of a multi-article file that was not read
                _status(f"Warning: {item.path}: {item.message()}")
            else:
                if fmt == "table":
                    articles.append(item)
                yield item.to_dict()

    if fmt in ("json", "jsonl"):
        write_rows(records(), fmt)
    else:
        for _ in records():
            pass
        _print_article_table(articles)
    sys.stdout.flush()
    if failed:
        sys.exit(1)


def _print_article_table(articles) -> None:
    from .render import print_table

    rows = [
        {
            "id": a.id,
            "outlet": a.outlet,
            "published": a.published,
            "title": a.title,
            "companies": len(a.companies),
            "claims": len(a.claims),
            "figures": len(a.figures),
        }
        for a in articles
    ]
    cols = [("id", "ID"), ("outlet", "Outlet"), ("published", "Date"), ("title", "Title"),
            ("companies", "Cos"), ("claims", "Claims"), ("figures", "Figs")]
    print_table(rows, cols, caption=f"{len(rows)} article(s)")


# --- the index and the search commands (issue 6) ---------------------------------------------
# Shared option decorators, reusable by other commands: @index_options gives `corpus` and
# `index_dir`; @filter_options gives the filter keyword arguments of search.parse_filters.



def _trust_index(ctx, param, value) -> None:
    if value:
        from .store import trust

        trust.TRUST_ANY = True


def index_options(f):
    """--corpus DIR (env NEWSINDEX_CORPUS, default ./corpus) and --index DIR (env NEWSINDEX_INDEX, default <corpus>/.newsindex),
    and --trust-index (open an index this installation did not sign; see the README's "How the index is kept safe")."""
    f = click.option("--trust-index", is_flag=True, expose_value=False, callback=_trust_index, is_eager=True,
                     help="Open an index this installation of newsindex did not write (it holds pickles: "
                          "only for an index you trust).")(f)
    f = click.option("--index", "index_dir", type=click.Path(file_okay=False), default=None,
                     help="Index folder (default: $NEWSINDEX_INDEX or <corpus>/.newsindex).")(f)
    f = click.option("--corpus", type=click.Path(file_okay=False), default=None,
                     help="Corpus folder (default: $NEWSINDEX_CORPUS or ./corpus).")(f)
    return f


def company_option(help="Only records about this company (any alias: 'Zhejiang Dahua' finds Dahua)."):
    """The one declaration of --company (search commands, compare, timeline)."""
    return click.option("--company", default=None, help=help)


def _filter_declarations() -> dict:
    """Each filter's one declaration (an option factory), by the name query.filters.FILTERS gives it."""
    return {
        "company": company_option,
        "outlet": lambda: click.option("--outlet", default=None, help="Only this outlet (any alias: FT, the Financial Times)."),
        "since": lambda: click.option("--since", default=None, help="Published on or after this date (2019-10-01, 2019-10, 'Oct 2019')."),
        "until": lambda: click.option("--until", default=None, help="Published on or before this date (a month means its last day)."),
        "speaker": lambda: click.option("--speaker", default=None, help="Claims by this speaker (words of the name, e.g. Feldstein)."),
        "unit": lambda: click.option("--unit", default=None, help="Figures in this unit (USD, CNY, percent, count, ...)."),
        "metric": lambda: click.option("--metric", default=None, help="Figures of this metric (valuation, funding, revenue, ...)."),
        "min_value": lambda: click.option("--min", "min_value", default=None, help="Figures with a value of at least this (1000, 7.5e9, 7.5bn)."),
        "max_value": lambda: click.option("--max", "max_value", default=None, help="Figures with a value of at most this."),
    }


def filters_for(*kinds: str, skip: tuple = ()):
    """The filters that apply to any of `kinds` (query.filters.FILTERS says which), each declared once
    in _filter_declarations: a command's --help lists only what it takes."""
    from .query.filters import FILTERS

    decls = _filter_declarations()
    wanted = [spec.name for spec in FILTERS if spec.name not in skip and (not kinds or set(kinds) & spec.kinds)]

    def deco(f):
        for name in reversed(wanted):
            f = decls[name]()(f)
        return f
    return deco


def filter_options(f):
    """Every filter (export, whose kind is an argument: one that does not apply is a usage error)."""
    return filters_for()(f)


def resolve_locations(corpus, index_dir):
    """(corpus Path, index Path) from the options, the environment and the defaults."""
    from pathlib import Path

    from .index import default_corpus, default_index_dir

    corpus_path = Path(corpus) if corpus else default_corpus()
    return corpus_path, Path(index_dir) if index_dir else default_index_dir(corpus_path)


def open_search_index(corpus, index_dir):
    """Open the index for reading; with no index yet, build it from the corpus first (saying so on stderr)."""
    from .index import open_or_build

    corpus_path, index_path = resolve_locations(corpus, index_dir)
    return open_or_build(corpus_path, index_path, on_build=_status,
                         progress=_progress_callback())


def _progress_callback():
    """A rich progress bar on stderr when it is a terminal; otherwise None (quiet)."""
    try:
        if not sys.stderr.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    from .render import console

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    state: dict = {}

    def update(done, total, path):
        if "bar" not in state:
            bar = Progress(TextColumn("parsing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                           console=console(stderr=True), transient=True)
            bar.start()
            state["bar"] = bar
            state["task"] = bar.add_task("parse", total=total)
        state["bar"].update(state["task"], completed=done)
        if done >= total:
            state.pop("bar").stop()

    return update


@cli.command()
@click.argument("urls", nargs=-1)
@index_options
@click.option("--from-records", "records_file", type=click.Path(dir_okay=False), default=None,
              help="Also fetch the url column of a record file (CSV, JSON, JSON Lines).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds to wait for each page.")
def add(urls, corpus, index_dir, records_file, timeout):
    """Download web pages into the corpus (once each) and index them.

    Each page is kept as <corpus>/web/<host>/<slug>.html, its URL and the time it was fetched
    in <corpus>/web/sources.toml; a URL already there is not fetched again, and builds never
    touch the network. One line per URL on stderr; exit status 1 if any could not be added.

    Example:

        newsindex add https://www.example.com/news/story.html --corpus corpus
    """
    from .formats.fetch import FetchError, add_urls, urls_from_records
    from .index import build as build_index

    urls = list(urls)
    if records_file:
        try:
            urls += urls_from_records(records_file)
        except (FetchError, NewsIndexError) as e:
            raise click.UsageError(str(e)) from None
    if not urls:
        raise click.UsageError("give one or more URLs (or --from-records FILE)")
    corpus_path, index_path = resolve_locations(corpus, index_dir)
    if not corpus_path.is_dir():
        raise click.UsageError(f"no corpus folder at {corpus_path} — give one with --corpus DIR")

    def say(r):
        if r.status == "failed":
            click.echo(f"Error: {r.url}: {r.message}", err=True)
        elif r.status == "present":
            click.echo(f"{r.url}: {r.message} ({r.path})", err=True)
        else:
            click.echo(f"added {r.path} from {r.url}" + (f" ({r.message})" if r.message else ""), err=True)

    results = add_urls(urls, corpus_path, timeout=timeout, on_result=say)
    if any(r.status == "added" for r in results):
        report = build_index(corpus_path, index_path, progress=_progress_callback())
        for path, message in report.failed:
            click.echo(f"Error: {path}: {message}", err=True)
        click.echo(report.summary(), err=True)
    if any(r.status == "failed" for r in results):
        sys.exit(1)


@cli.command()
@index_options
@click.option("--rebuild", is_flag=True, help="Parse every file again and write a fresh index.")
def build(corpus, index_dir, rebuild):
    """Build or update the index from the corpus (incremental: only new or changed files are parsed).

    The build writes a new generation and switches to it at the end, so an
    interrupted build leaves the previous index searchable. A file that cannot
    be read is reported on stderr and the exit status is 1; the rest is indexed.

    Example:

        newsindex build --corpus corpus
    """
    from .index import build as build_index

    corpus_path, index_path = resolve_locations(corpus, index_dir)
    report = build_index(corpus_path, index_path, rebuild=rebuild, progress=_progress_callback())
    if report.reason:
        _status(report.reason)
    for path, message in [*report.failed, *report.problems]:
        _error(f"{path}: {message}")
    for path, message in report.skipped:
        _status(f"Warning: {path}: {message}")
    _status(report.summary())
    _echo_gaps(index_path)
    if report.failed or report.problems:
        sys.exit(1)


def _echo_gaps(index_path) -> None:
    """The build's last line: how many articles the outlet, date and title filters will miss."""
    from .gaps import gaps
    from .index import open_index

    try:
        ix = open_index(index_path)
    except NewsIndexError:
        return
    try:
        _status(gaps(ix).line())
    finally:
        ix.close()


_KIND_COLUMNS = {
    "articles": [("published", "Date"), ("outlet", "Outlet"), ("title", "Title"), ("snippet", "Snippet"), ("id", "ID")],
    "claims": [("published", "Date"), ("outlet", "Outlet"), ("speaker", "Speaker"), ("verb", "Verb"),
               ("snippet", "Claim"), ("companies", "Companies")],
    "figures": [("published", "Date"), ("outlet", "Outlet"), ("text", "Figure"), ("value", "Value"), ("unit", "Unit"),
                ("metric", "Metric"), ("companies", "Companies"), ("snippet", "Sentence")],
    "companies": [("name", "Company"), ("articles", "Articles"), ("mentions", "Mentions"), ("kind", "Kind"),
                  ("aliases", "Aliases")],
    "outlets": [("outlet", "Outlet"), ("articles", "Articles"), ("first", "First"), ("last", "Last")],
}


def _search_command(kind: str, words, *, fmt, limit, sort, reverse, full, corpus, index_dir, **filter_args):
    from . import search as S

    filters = S.parse_filters(**filter_args)
    filters.check(kind)
    query = " ".join(words).strip() or None
    fmt = fmt or _default_format()
    ix = open_search_index(corpus, index_dir)
    hints: list[str] = []
    try:
        result = S.search(kind, query, filters, index_dir=ix, sort=sort, limit=limit or None, reverse=reverse,
                          full=full, snippets=fmt == "table")
        if kind == "articles" and fmt == "table":
            _fold_copies(result, ix)  # issue 10: one row per story, "+N copies"
        if not result.total:  # a miss points at the fix: names close to a filter that names nothing
            from .suggest import suggestion_lines

            hints = suggestion_lines(ix, filters, kind)
    finally:
        ix.close()
    for line in hints:
        _status(line)
    if result.truncated:  # honest machine output: a cut is said on stderr, whatever the format
        _status(f"{len(result.rows):,} of {result.total:,} {kind}; --limit 0 or `newsindex export {kind}` for all")
    if fmt == "table":
        _print_result(result)
    else:
        _write_machine(result.rows, fmt, kind)


def _default_format() -> str:
    from .render import default_format

    return default_format()


def _write_machine(rows, fmt: str, kind: str | None) -> None:
    from .export import write_rows

    write_rows(rows, fmt, sys.stdout, kind=kind)
    sys.stdout.flush()


def _print_result(result) -> None:
    from .render import console, facet_lines, results_table, safe_text

    con = console()
    if result.description:
        con.print(f"[dim]Filters:[/dim] {safe_text(result.description)}")
    shown = len(result.rows)
    order = {"relevance": "by relevance" if result.query else "newest first", "date": "by date",
             "value": "by value"}[result.sort]
    caption = f"{shown:,} of {result.total:,} {result.kind} ({order})"
    if result.truncated:
        caption += " — use --limit N to see more"
    # figures show their sentence only when a query picked words in it
    snippet_col = "snippet" if result.snippets and (result.query or result.kind != "figures") else None
    cols = [c for c in _KIND_COLUMNS[result.kind] if c[0] != "snippet" or snippet_col]
    if result.kind == "claims" and not snippet_col:
        cols.insert(4, ("text", "Claim"))
    rows = [dict(r, value=_value_text(r["value"])) if "value" in r else r for r in result.rows]
    if rows:
        con.print(results_table(rows, cols, snippets=result.snippets, snippet_column=snippet_col, caption=caption))
    else:
        con.print(f"No {result.kind} match.")
    for line in facet_lines(result.facets, result.facets_truncated):
        con.print(line)


def _value_text(value) -> str:
    """7500000000.0 -> '7,500,000,000'; -1.5 -> '-1.5'."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "" if value is None else str(value)
    if v.is_integer() and abs(v) < 1e18:
        return f"{int(v):,}"
    return f"{v:,.6g}"


def _search_options(kind: str, sorts=("relevance", "date", "value")):
    def deco(f):
        f = format_option(SEARCH_FORMATS)(f)
        f = click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True,
                         help="Show at most N rows (0: all).")(f)
        f = click.option("--sort", type=click.Choice(list(sorts)), default="relevance", show_default=True,
                         help="Order: relevance (newest first without a query), date (newest first), value (largest first).")(f)
        f = click.option("--reverse", is_flag=True, help="Oldest or smallest first (with --sort date or value).")(f)
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


UNKNOWN_OPTION = click.option(
    "--unknown", is_flag=True,
    help="Only companies discovered in the text and not in the gazetteer (to add them to a companies.toml).")


@cli.command()
@click.argument("query", nargs=-1)
@_search_options("companies", sorts=("relevance",))
@filters_for("companies")
@UNKNOWN_OPTION
@index_options
def companies(query, fmt, limit, sort, reverse, corpus, index_dir, **filters):
    """List companies by the number of articles naming them; QUERY matches names and aliases (* wildcards).

    Example:

        newsindex companies --outlet FT --since 2019-10

        newsindex companies --unknown --format csv
    """
    _search_command("companies", query, fmt=fmt, limit=limit, sort=sort, reverse=reverse, full=False,
                    corpus=corpus, index_dir=index_dir, **filters)


@cli.command()
@format_option(SEARCH_FORMATS)
@click.option("--missing", is_flag=False, flag_value="any", default=None,
              type=click.Choice(["any", "outlet", "published", "title"]),
              help="Instead: the articles without an outlet, a date or a title (or only the one named), "
                   "with the `newsindex set` command that fills them in.")
@filters_for("outlets")
@index_options
def outlets(fmt, missing, corpus, index_dir, **filter_args):
    """List outlets with their number of articles and first and last dates.

    With --missing, list the articles the outlet, date and title filters miss.

    Example:

        newsindex outlets --company Megvii

        newsindex outlets --missing published
    """
    from . import search as S

    if missing:
        if any(v is not None for v in filter_args.values()):
            raise click.UsageError("--missing lists every article lacking a field: it takes no filters")
        _missing(missing, fmt, corpus, index_dir)
        return
    filters = S.parse_filters(**filter_args)
    filters.check("outlets")
    fmt = fmt or _default_format()
    ix = open_search_index(corpus, index_dir)
    try:
        rows = S.outlets(filters, index_dir=ix)
    finally:
        ix.close()
    if fmt != "table":
        _write_machine(rows, fmt, None)
        return
    from .render import console, results_table, safe_text

    con = console()
    if filters.describe():
        con.print(f"[dim]Filters:[/dim] {safe_text(filters.describe())}")
    con.print(results_table(rows, _KIND_COLUMNS["outlets"], caption=f"{len(rows):,} outlet(s)"))


def _missing(field: str, fmt, corpus, index_dir) -> None:
    from .gaps import missing_rows

    fmt = fmt or _default_format()
    corpus_path, _ = resolve_locations(corpus, index_dir)
    ix = open_search_index(corpus, index_dir)
    try:
        rows = list(missing_rows(ix, None if field == "any" else field))
    finally:
        ix.close()
    for r in rows:
        opts = {"outlet": "--outlet NAME", "published": "--published DATE", "title": "--title TEXT"}
        path = str(corpus_path / r["path"]) if r.get("path") else r["id"]
        r["fix"] = f"newsindex set {_shell_quote(path)} " + " ".join(opts[m] for m in r["missing"])
    if fmt != "table":
        _write_machine(({**r, "missing": r["missing"]} for r in rows), fmt, None)
        return
    from .render import console, results_table

    con = console()
    if not rows:
        con.print("Every article has an outlet, a date and a title." if field == "any" else f"No article lacks {field}.")
        return
    shown = [dict(r, missing=", ".join(r["missing"])) for r in rows]
    con.print(results_table(shown, [("path", "File"), ("missing", "Missing"), ("title", "Title"), ("id", "ID")],
                            caption=f"{len(rows):,} article(s) lacking {'a field' if field == 'any' else field}"))
    con.print("Fill them in with `newsindex set FILE --outlet … --published …` (--format jsonl gives each command).")


def _shown(path) -> str:
    """A path relative to the working folder when it lies inside it."""
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def _shell_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


@cli.command(name="set")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--outlet", default=None, help="The outlet (any alias is written as its canonical name: FT -> Financial Times).")
@click.option("--published", default=None, help="The publication date (2019-10-08, 'Oct 8 2019', 2019-10-08T09:00+01:00).")
@click.option("--title", default=None, help="The headline.")
@click.option("--author", default=None, help="The first by-line name.")
@click.option("--url", default=None, help="Where the article was published.")
@click.option("--evidence", default=None, help="How this was established (kept in the entry for the next reader).")
def set_source(file, **values):
    """Write what you know about a source file into its sources.toml entry (no hand-editing TOML).

    The entry goes into the sidecar read for FILE (the nearest sources.toml in its folder or a
    parent; a new one in its folder if there is none). Other entries and comments are kept;
    the file is replaced atomically. The next `newsindex build` parses FILE again.

    Example:

        newsindex set corpus/ft-huawei.txt --outlet FT --published "Oct 8 2019"
    """
    from .errors import ConfigError
    from .sources import set_entry

    given = {k: v for k, v in values.items() if v is not None}
    if not given:
        raise click.UsageError("give at least one of --outlet, --published, --title, --author, --url, --evidence")
    try:
        result = set_entry(file, given)
    except ConfigError as e:
        _error(str(e))
        sys.exit(2 if str(e).startswith("--") or "no such file" in str(e) else 1)
    what = ", ".join(f"{k} = {v!r}" for k, v in result.values.items())
    verb = "added an entry" if result.created_entry else "updated the entry"
    _status(f"{_shown(result.sidecar)}: {verb} for {result.file!r}: {what}")
    for note in result.notes:
        _status(f"Note: {note}")
    _status("Run `newsindex build` to index it.")


@cli.command()
@click.argument("article_id")
@format_option(FORMATS)
@index_options
def show(article_id, fmt, corpus, index_dir):
    """Show one article: metadata, clean body, its claims and figures. ID may be a unique prefix.

    Example:

        newsindex show 3f2a9c
    """
    from .export import json_text
    from .search import show as show_article

    fmt = fmt or _default_format()
    ix = open_search_index(corpus, index_dir)
    try:
        record = show_article(article_id, index_dir=ix)
        copies = _copies_of(ix, record) if fmt == "table" else []  # issue 10: near-duplicates
    finally:
        ix.close()
    if fmt == "json":
        click.echo(json_text(record, indent=2))
        return
    if fmt == "jsonl":
        click.echo(json_text(record))
        return
    _print_article(record)
    _print_copies(copies, record["id"])


def _print_article(rec: dict) -> None:
    from rich.text import Text

    from .render import console, plain_text, results_table, safe_text

    con = console()
    con.print(Text(plain_text(rec.get("title") or "(no title)"), style="bold"))
    for key, label in (("outlet", "Outlet"), ("author", "Author"), ("published", "Published"), ("url", "URL"),
                       ("path", "Path"), ("id", "ID")):
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
        con.print()
        con.print(results_table(rec["claims"], [("speaker", "Speaker"), ("verb", "Verb"), ("text", "Claim"),
                                                ("companies", "Companies")], title="Claims"))
    if rec.get("figures"):
        con.print()
        con.print(results_table(rec["figures"], [("text", "Figure"), ("value", "Value"), ("unit", "Unit"),
                                                 ("metric", "Metric"), ("subject", "Subject"),
                                                 ("companies", "Companies")], title="Figures"))


# --- export (issue 7) ------------------------------------------------------------------------
# The query, filters and sort are those of the search commands (@filter_options, search.iter_rows);
# the rows go through export.write_rows, as the search commands' csv/json/jsonl output does.

_EXTENSION_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}


def _export_format(fmt, output) -> str:
    """--format, else the output file's extension, else csv."""
    if fmt:
        return fmt
    ext = os.path.splitext(output or "")[1].lower()
    return _EXTENSION_FORMATS.get(ext, "csv")


def _export_command_line(kind, query, params: dict) -> list[str]:
    """The export as a canonical, re-runnable argv (for the manifest)."""
    argv = ["newsindex", "export", kind, *query]
    for name, value in params.items():
        if value in (None, False, "") or (name == "sort" and value == "relevance"):
            continue
        option = {"min_value": "--min", "max_value": "--max", "index_dir": "--index", "output": "-o"}.get(
            name, "--" + name.replace("_", "-"))
        argv += [option] if value is True else [option, str(value)]
    return argv


def _utf8_stdout() -> None:
    """Exports are UTF-8 with \\n line ends whatever the locale says."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure:
        try:
            reconfigure(encoding="utf-8", newline="")
        except (ValueError, OSError):  # pragma: no cover - a stream that cannot change
            pass


@cli.command()
@click.argument("kind", type=click.Choice(["articles", "claims", "figures", "companies"]))
@click.argument("query", nargs=-1)
@format_option(EXPORT_FORMATS, help="csv, jsonl or json (default: from the -o file's extension, else csv).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to FILE (atomically: a temporary file renamed at the end) and a FILE.manifest.json beside it.")
@click.option("--fields", default=None, help="Comma-separated columns to write, in this order (see docs/export.md).")
@click.option("--manifest", type=click.Path(dir_okay=False), default=None,
              help="Write the export's manifest (command, index generation, row count, sources' sha256) to FILE.")
@click.option("--sort", type=click.Choice(["relevance", "date", "value"]), default="relevance", show_default=True,
              help="Order: relevance (newest first without a query), date (newest first), value (figures, largest first).")
@click.option("--reverse", is_flag=True, help="Oldest or smallest first (with --sort date or value).")
@filter_options
@UNKNOWN_OPTION
@index_options
def export(kind, query, fmt, output, fields, manifest, sort, reverse, corpus, index_dir, **filter_args):
    """Export every matching article, claim, figure or company (no row limit) as CSV, JSON Lines or JSON.

    QUERY and the filters are those of the search commands. CSV columns are
    documented in docs/export.md; a text cell starting with = + - @ is
    prefixed with ' so a spreadsheet cannot run it as a formula.

    Example:

        newsindex export claims --company Hikvision --format csv -o hikvision.csv
    """
    from . import search as S
    from .export import check_outputs, columns_for, parse_fields, run_export

    fmt = _export_format(fmt, output)
    check_outputs(output, manifest)  # a usage error before the index is opened
    field_list = parse_fields(fields)
    columns_for(kind, field_list)  # unknown fields: a usage error before the index is opened
    filters = S.parse_filters(**filter_args)
    filters.check(kind)
    text = " ".join(query).strip() or None
    argv = _export_command_line(kind, query, {"format": fmt, "output": output, "fields": fields, "sort": sort,
                                              "reverse": reverse, **filter_args, "corpus": corpus,
                                              "index_dir": index_dir})
    ix = open_search_index(corpus, index_dir)
    try:
        if output is None:
            _utf8_stdout()
        result = run_export(kind, text, filters, index_dir=ix, fmt=fmt, out=output, fields=field_list,
                            manifest=manifest, argv=argv, sort=sort, reverse=reverse)
    finally:
        ix.close()
    if output is not None:
        where = f" (manifest: {result.manifest_path})" if result.manifest_path else ""
        _status(f"Exported {result.rows:,} {kind} to {output}{where}")


# --- the figure ledger, provenance and timeline (issue 10) -----------------------------------
# compare / explain / timeline read the index through search.iter_rows and search.show; the
# work is done by ledger.py, explain.py, timeline.py and dedup.py (pure), rendered here.

_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k"))


def _human(value) -> str:
    """7.5e9 -> '7.5bn' (for table cells)."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "" if value is None else str(value)
    for size, suffix in _SCALES:
        if abs(v) >= size:
            return f"{v / size:,.3g}{suffix}"
    return f"{v:,.6g}"


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
    from . import ledger
    from . import search as S

    filters = S.parse_filters(**filter_args)
    filters.check("figures")
    text = " ".join(query).strip() or None
    fmt = fmt or _default_format()
    ix = open_search_index(corpus, index_dir)
    try:
        rows = list(S.iter_rows("figures", text, filters, index_dir=ix, sort="date", reverse=True))
    finally:
        ix.close()
    min_size = 1 if (show_all or not filters.is_empty() or text or metric or subject) else 2
    groups = ledger.build_ledger(rows, company=filters.company, metric=metric, subject=subject, min_size=min_size)
    if fmt == "csv":
        from .export import write_rows

        out = ledger.ledger_rows(groups)
        fields = list(out[0]) if out else ["group", "company", "measure", "unit", "verdict", "id"]
        write_rows(out, "csv", sys.stdout, fields=fields)
    elif fmt in ("json", "jsonl"):
        _write_machine((g.to_dict() for g in groups), fmt, None)
    else:
        _print_ledger(groups, filters.describe())


def _print_ledger(groups, description: str) -> None:
    from rich.table import Table
    from rich.text import Text

    from .render import cell_text, console, plain_text, safe_text

    con = console()
    if description:
        con.print(f"[dim]Filters:[/dim] {safe_text(description)}")
    if not groups:
        con.print("No figures to compare.")
        return
    for g in groups:
        s = g.spread
        spread = ""
        if s.get("n"):
            spread = f"min {_human(s['min'])}, max {_human(s['max'])}"
            if s.get("ratio"):
                spread += f", ratio {s['ratio']:.3g}"
        style = {"discrepancy": "bold red", "tension": "yellow", "decline": "yellow"}.get(g.verdict, "green")
        title = Text()
        title.append(plain_text(g.company or "(no company)"), style="bold")
        title.append(f" · {plain_text(g.measure)} · {plain_text(g.unit)}  ")
        title.append(g.verdict, style=style)
        t = Table(title=title, caption=spread or None, title_justify="left", expand=False)
        for heading in ("Published", "Outlet", "Figure", "Value", "As of", "Scope", "vs earlier", "Sentence", "ID"):
            t.add_column(heading, overflow="fold")
        for e in g.entries:
            figure = " ".join(x for x in (e.qualifier, e.text) if x)
            as_of = e.as_of + (" (forecast)" if e.forecast else "")
            value = _human(e.value)
            if e.vague and e.reading:
                value = f"{_human(e.reading[0])}–{_human(e.reading[1])}"
            t.add_row(cell_text(e.published), cell_text(e.outlet), cell_text(figure), value,
                      cell_text(as_of), cell_text(e.scope), cell_text(e.vs_previous), cell_text(e.sentence),
                      cell_text(e.id))
        con.print(t)
        texts = {e.id: f"{' '.join(x for x in (e.qualifier, e.text) if x)} ({e.outlet or '?'}, {e.published or '?'})"
                 for e in g.entries}
        for r in g.flags:
            line = Text("  ⚑ ", style=style)
            line.append(r.relation, style="bold")
            line.append(plain_text(f": {texts.get(r.a, r.a)} vs {texts.get(r.b, r.b)} — {r.reason}"))
            con.print(line)
        con.print()


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
    from .explain import explain as explain_record
    from .export import json_text
    from .search import show as show_article

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

    from .render import console, plain_text, results_table, safe_text

    con = console()
    con.print(Text(f"{out['kind']} {plain_text(out['id'])}", style="bold"))
    for key, label in (("title", "Article"), ("outlet", "Outlet"), ("published", "Published"), ("path", "Path"),
                       ("rule", "Rule")):
        if out.get(key):
            con.print(f"[dim]{label}:[/dim] {safe_text(out[key])}")
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


def _highlighted(text: str, span):
    """A paragraph as rich Text with the span styled (render.marked_text; no markup is read)."""
    from .render import marked_text

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
    from . import search as S
    from . import timeline as T

    filters = S.parse_filters(**filter_args)
    filters.check(kind)
    text = " ".join(query).strip() or None
    fmt = fmt or _default_format()
    ix = open_search_index(corpus, index_dir)
    try:
        rows = list(S.iter_rows(kind, text, filters, index_dir=ix, sort="date", reverse=True))
    finally:
        ix.close()
    points = T.series(rows, interval=interval, by=by, company=filters.company if by == "company" else None)
    if fmt == "csv":
        from .export import write_rows

        write_rows((p.to_dict() for p in points), "csv", sys.stdout, fields=["period", "series", "count"])
    elif fmt in ("json", "jsonl"):
        _write_machine((p.to_dict() for p in points), fmt, None)
    else:
        _print_timeline(points, kind, interval, filters.describe(), len(rows))


def _print_timeline(points, kind: str, interval: str, description: str, n_rows: int, width: int = 40) -> None:
    from rich.table import Table
    from rich.text import Text

    from .render import console, plain_text, safe_text
    from .timeline import totals

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


def _fold_copies(result, ix) -> None:
    """Search results for a table: one row per story, "(+N copies)" after its title."""
    from .dedup import fold

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


def _copies_of(ix, record: dict) -> list[dict]:
    """What each copy of this article's story adds ([] when it has no copies)."""
    from .dedup import copy_differences

    ids = ix.copies([record["id"]]).get(record["id"])
    if not ids:
        return []
    docs = [record if i == record["id"] else ix.article(i) for i in ids]
    return copy_differences(docs)


def _print_copies(copies: list[dict], this_id: str) -> None:
    from rich.text import Text

    from .render import console, plain_text

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


def main() -> None:
    cli(prog_name="newsindex")


if __name__ == "__main__":  # pragma: no cover
    main()
