"""The row writers: CSV, JSON and JSON Lines, streamed (rows are written as they are read).

CSV rows are the kind's columns (:mod:`.columns`); JSON and JSON Lines rows are the full
records unless ``fields`` picks columns, in which case they carry exactly the CSV's columns
(lists as arrays, numbers as numbers).
"""

from __future__ import annotations

import os
import sys
from typing import Iterable, Iterator

from ..errors import BadQuery
from .cells import csv_cell, csv_line, json_text
from .columns import columns_for, default_columns, project
from .output import atomic_output

FORMATS = ("csv", "json", "jsonl")


def _csv(rows: Iterator[dict], out, kind, columns) -> int:
    n = 0
    for record in rows:
        if columns is None:  # no kind, no fields: the first row's keys
            columns = list(record)
        if n == 0:
            out.write(csv_line(columns))
        out.write(csv_line(csv_cell(v) for v in project(kind, record, columns).values()))
        n += 1
    if n == 0 and columns is not None:
        out.write(csv_line(columns))
    return n


def _json_rows(rows: Iterator[dict], kind, columns) -> Iterator[str]:
    for record in rows:
        data = project(kind, record, columns) if columns is not None else record
        yield json_text(data)


def _jsonl(rows, out, kind, columns) -> int:
    n = 0
    for line in _json_rows(rows, kind, columns):
        out.write(line)
        out.write("\n")
        n += 1
    return n


def _json(rows, out, kind, columns) -> int:
    n = 0
    out.write("[")
    for line in _json_rows(rows, kind, columns):
        out.write(",\n" if n else "\n")
        out.write(line)
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


WRITERS = {"csv": _csv, "json": _json, "jsonl": _jsonl}


def write_rows(rows: Iterable[dict], fmt: str, out=None, *, kind: str | None = None,
               fields: list[str] | None = None, full: bool = False) -> int:
    """Write rows as csv, json or jsonl; return how many were written.

    `out` is a text stream (default stdout) or a path; a path is written to a
    temporary file in the same folder and renamed at the end, so a failure
    leaves nothing under the final name. `kind` picks the documented columns
    (CSV always; JSON only with `fields`); `fields` selects and orders them.
    `full`: without `fields`, CSV rows of articles carry their `body` too (the
    rows must hold it: ``search(..., full=True)``). Rows are written as they are read.

    >>> import io; buf = io.StringIO()
    >>> write_rows([{"name": "=cmd", "mentions": 3.0, "known": True}], "csv", buf, fields=["name", "mentions", "known"])
    1
    >>> buf.getvalue()
    "name,mentions,known\\n'=cmd,3,true\\n"
    """
    if fmt not in WRITERS:
        raise BadQuery(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")
    columns = columns_for(kind, fields)
    if full and kind is not None and not fields:
        columns = default_columns(kind, full=True)
    if fmt != "csv" and not fields:
        columns = None  # JSON without --fields: the full records
    writer = WRITERS[fmt]
    if out is None:
        return writer(iter(rows), sys.stdout, kind, columns)
    if isinstance(out, (str, os.PathLike)):
        with atomic_output(out) as f:
            return writer(iter(rows), f, kind, columns)
    return writer(iter(rows), out, kind, columns)
