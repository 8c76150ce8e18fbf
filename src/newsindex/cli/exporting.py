"""`newsindex export`: every matching row, streamed through the one writer, with a manifest."""

from __future__ import annotations

import os
import sys

import click

from .common import (
    cli, EXPORT_FORMATS, filter_options, format_option, index_options, open_search_index,
    UNKNOWN_OPTION, _status,
)


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
    from .. import search as S
    from ..export import check_outputs, columns_for, parse_fields, run_export

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


