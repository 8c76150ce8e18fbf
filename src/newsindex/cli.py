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

FORMATS = ["table", "json", "jsonl"]


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
            click.echo(f"Error: {e}", err=True)
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
            if _raise_errors():
                raise
            click.echo(f"Error: unexpected {type(e).__name__}: {e} (set NEWSINDEX_RAISE_ERRORS=1 for details)", err=True)
            ctx.exit(1)


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
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: table on a terminal, jsonl when piped).")
@click.option("--no-sources", is_flag=True, help="Ignore the corpus's sources.toml sidecar: metadata from the text alone.")
def parse(paths, fmt, no_sources):
    """Parse article files or folders into records; touches no index.

    Folders are read recursively (*.txt and *.md). A file that cannot be read
    is reported on stderr; the others are still parsed, and the exit status is 1.

    Example:

        newsindex parse corpus --format jsonl
    """
    from .parse import iter_parse
    from .render import default_format, write_json, write_jsonl

    fmt = fmt or default_format()
    failed = 0
    articles = []

    def records():
        nonlocal failed
        for item in iter_parse(paths, use_sources=not no_sources):
            if isinstance(item, NewsIndexError):
                failed += 1
                click.echo(f"Error: {item}", err=True)
            else:
                if fmt == "table":
                    articles.append(item)
                yield item.to_dict()

    if fmt == "jsonl":
        write_jsonl(records())
    elif fmt == "json":
        write_json(records())
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


def main() -> None:
    cli(prog_name="newsindex")


if __name__ == "__main__":  # pragma: no cover
    main()
