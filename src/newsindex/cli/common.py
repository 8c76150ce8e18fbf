"""What every command shares: the click group, error and status lines, the one declaration of
each shared option (--format, --corpus/--index, the filters), where the index is, and the machine writer."""

from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..errors import NewsIndexError

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


#: The library's parameters whose option here has another name (the others: `--` and the name,
#: `_` written `-`). A library error names a parameter (`` `since` ``); the CLI words it as its option.
OPTION_NAMES = {"min_value": "--min", "max_value": "--max", "out": "-o", "index_dir": "--index"}


def option_name(param: str) -> str:
    """The option that sets a library parameter: `since` -> `--since`, `min_value` -> `--min`."""
    return OPTION_NAMES.get(param, "--" + param.replace("_", "-"))


def error_text(e) -> str:
    """An error's message with the parameters it names written as this CLI's options."""
    if isinstance(e, NewsIndexError):
        return e.message_for({p: option_name(p) for p in e.params})
    return str(e)


def _error(message) -> None:
    """One line on stderr: `Error: <message>`, with control characters and undecodable bytes made inert."""
    from ..render import inert

    click.echo(f"Error: {inert(error_text(message))}", err=True)


def _status(message) -> None:
    """A status line on stderr (summaries, warnings, "building the index…"), made inert like an error line."""
    from ..render import inert

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


def _trust_index(ctx, param, value) -> None:
    if value:
        from ..store import trust

        trust.TRUST_ANY = True


def _backend_choice(ctx, param, value) -> None:
    if value is not None:
        ctx.meta[f"newsindex.{param.name}"] = value


def index_options(f):
    """--corpus DIR (env NEWSINDEX_CORPUS, default ./corpus) and --index DIR (env NEWSINDEX_INDEX, default <corpus>/.newsindex),
    --trust-index (open an index this installation did not sign; see the README's "How the index is kept safe"),
    and --backend/--url (the index on an OpenSearch cluster instead; see index_backend)."""
    f = click.option("--url", default=None, metavar="URL", expose_value=False, callback=_backend_choice,
                     help="The OpenSearch cluster, with --backend opensearch (default: $NEWSINDEX_OPENSEARCH_URL). "
                          "Never credentials: NEWSINDEX_OPENSEARCH_USER/_PASSWORD or a netrc entry.")(f)
    f = click.option("--backend", type=click.Choice(["whoosh", "opensearch"], case_sensitive=False), default=None,
                     expose_value=False, callback=_backend_choice,
                     help="Where the index is: whoosh (a folder; the default) or opensearch (a cluster; "
                          "default: $NEWSINDEX_BACKEND).")(f)
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
        "speaker": lambda: click.option("--speaker", default=None, help="Claims by this speaker: words of the name as resolved or as written (Feldstein, 'Mr Feldstein'; titles like Mr or Dr are dropped)."),
        "unit": lambda: click.option("--unit", default=None, help="Figures in this unit (USD, CNY, percent, count, ...)."),
        "metric": lambda: click.option("--metric", default=None, help="Figures of this metric (valuation, funding, revenue, ...)."),
        "min_value": lambda: click.option("--min", "min_value", default=None, help="Figures with a value of at least this (1000, 7.5e9, 7.5bn)."),
        "max_value": lambda: click.option("--max", "max_value", default=None, help="Figures with a value of at most this."),
        "review": _review_options,
    }


def _review_options():
    """--verified, --disputed and --unreviewed: one filter (query.filters: review), three switches."""
    switches = [click.option(f"--{state}", "review", flag_value=state, help=text) for state, text in (
        ("verified", "Only records reviewed as verified (newsindex review ID --verified)."),
        ("disputed", "Only records reviewed as disputed."),
        ("unreviewed", "Only records nobody has reviewed."))]

    def deco(f):
        for option in reversed(switches):
            f = option(f)
        return f
    return deco


def filters_for(*kinds: str, skip: tuple = ()):
    """The filters that apply to any of `kinds` (query.filters.FILTERS says which), each declared once
    in _filter_declarations: a command's --help lists only what it takes."""
    from ..query.filters import FILTERS

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

    from ..index import default_corpus, default_index_dir

    corpus_path = Path(corpus) if corpus else default_corpus()
    return corpus_path, Path(index_dir) if index_dir else default_index_dir(corpus_path)


def index_backend(corpus, index_dir):
    """The backend --backend/--url (or the environment) choose, for the index folder or the cluster (not opened)."""
    from ..backends import open_backend

    ctx = click.get_current_context(silent=True)
    meta = ctx.meta if ctx is not None else {}
    _, index_path = resolve_locations(corpus, index_dir)
    return open_backend(backend=meta.get("newsindex.backend"), url=meta.get("newsindex.url"), index_dir=index_path)


def open_search_index(corpus, index_dir):
    """The backend, open for reading; a folder with no index yet is built from the corpus first (saying so on stderr)."""
    corpus_path, _ = resolve_locations(corpus, index_dir)
    return index_backend(corpus, index_dir).open(corpus_path, on_build=_build_status, progress=_progress_callback())


def _build_status(line: str) -> None:
    """A library's status line about building the index, worded with this CLI's options."""
    _status(line.replace("`trust_index`", option_name("trust_index")))


def _progress_callback():
    """A rich progress bar on stderr when it is a terminal; otherwise None (quiet)."""
    try:
        if not sys.stderr.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    from ..render import console

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


def _default_format() -> str:
    from ..render import default_format

    return default_format()


def _write_machine(rows, fmt: str, kind: str | None, full: bool = False) -> None:
    from ..export import write_rows

    write_rows(rows, fmt, sys.stdout, kind=kind, full=full)
    sys.stdout.flush()


UNKNOWN_OPTION = click.option(
    "--unknown", is_flag=True,
    help="Only companies discovered in the text and not in the gazetteer (to add them to a companies.toml).")


