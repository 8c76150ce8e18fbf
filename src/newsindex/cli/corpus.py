"""Commands that read the corpus or write the index: parse, add, build, outlets, set."""

from __future__ import annotations

import os
import sys

import click

from ..errors import NewsIndexError
from .common import (
    cli, filters_for, format_option, FORMATS, index_backend, index_options, open_search_index, resolve_locations,
    SEARCH_FORMATS, _default_format, _error, error_text, _progress_callback, _status,
    _write_machine,
)


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
    from ..parse import iter_parse
    from ..export import write_rows
    from ..formats.records import parse_columns
    from ..render import default_format

    fmt = fmt or default_format()
    try:
        column_map = parse_columns(columns)
    except ValueError as e:
        raise click.UsageError(f"--columns: {e}") from None
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
    from ..render import print_table

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
    from ..formats.fetch import FetchError, add_urls, urls_from_records

    urls = list(urls)
    if records_file:
        try:
            urls += urls_from_records(records_file)
        except (FetchError, NewsIndexError) as e:
            raise click.UsageError(error_text(e)) from None
    if not urls:
        raise click.UsageError("give one or more URLs (or --from-records FILE)")
    corpus_path, _ = resolve_locations(corpus, index_dir)
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
        report = index_backend(corpus, index_dir).build(corpus_path, progress=_progress_callback())
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
    The corrections in <corpus>/corrections.toml are applied; one that can no
    longer be placed is reported the same way (docs/corrections.md).

    Example:

        newsindex build --corpus corpus
    """
    corpus_path, _ = resolve_locations(corpus, index_dir)
    backend = index_backend(corpus, index_dir)
    report = backend.build(corpus_path, rebuild=rebuild, progress=_progress_callback())
    if report.reason:
        _status(report.reason)
    for path, message in [*report.failed, *report.problems, *report.corrections]:
        _error(f"{path}: {message}")
    for path, message in report.skipped:
        _status(f"Warning: {path}: {message}")
    _status(report.summary())
    _echo_gaps(backend)
    if report.failed or report.problems or report.corrections:
        sys.exit(1)


def _echo_gaps(backend) -> None:
    """The build's last line: how many articles the outlet, date and title filters will miss."""
    from ..gaps import gaps

    try:
        _status(gaps(backend).line())
    except NewsIndexError:
        return
    finally:
        backend.close()


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
    from .. import search as S

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
    from ..render.views import print_outlets

    print_outlets(rows, filters.describe())


def _missing(field: str, fmt, corpus, index_dir) -> None:
    from ..gaps import missing_rows

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
    from ..render import console, results_table

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
    from ..errors import ConfigError
    from ..sources import set_entry

    given = {k: v for k, v in values.items() if v is not None}
    if not given:
        raise click.UsageError("give at least one of --outlet, --published, --title, --author, --url, --evidence")
    try:
        result = set_entry(file, given)
    except ConfigError as e:
        _error(e)
        sys.exit(2 if e.params or "no such file" in str(e) else 1)
    what = ", ".join(f"{k} = {v!r}" for k, v in result.values.items())
    verb = "added an entry" if result.created_entry else "updated the entry"
    _status(f"{_shown(result.sidecar)}: {verb} for {result.file!r}: {what}")
    for note in result.notes:
        _status(f"Note: {note}")
    _status("Run `newsindex build` to index it.")


