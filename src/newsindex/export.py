"""Exports for scripts: CSV, JSON and JSON Lines, streamed, safe in a spreadsheet.

One code path: the search commands (`search`, `claims`, `figures`,
`companies`) and `export` all write machine-readable rows through
:func:`write_rows`, so the same query gives the same rows everywhere.

The columns of each kind are a data table (:data:`COLUMNS`), documented in
docs/export.md. CSV rows are those columns; JSON and JSON Lines rows are the
full records unless ``fields`` picks columns, in which case they carry exactly
the CSV's columns (lists as arrays, numbers as numbers).

No click, no rich here: the CLI parses options and calls one function.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from dataclasses import asdict, dataclass, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Iterable, Iterator

from .errors import BadQuery, OutputError, UsageError

FORMATS = ("csv", "json", "jsonl")

# Corrections and reviews (newsindex.corrections): the corrections in one line, the review's status,
# who reviewed, when (UTC) and why.
REVIEW_COLUMNS = ("corrected", "review", "review_by", "review_at", "review_note")

# The stable columns of each kind, in order. Add columns at the end; never rename or drop one.
COLUMNS: dict[str, list[str]] = {
    "articles": ["id", "path", "outlet", "published", "title", "author", "url", "sha256",
                 "companies", "claims", "figures", "warnings", *REVIEW_COLUMNS],
    "claims": ["id", "article_id", "outlet", "published", "title", "speaker", "verb", "quote",
               "text", "companies", "figures", "paragraph", *REVIEW_COLUMNS],
    "figures": ["id", "article_id", "outlet", "published", "title", "text", "value", "unit",
                "qualifier", "subject", "metric", "companies", "sentence", "paragraph",
                "low", "high", "group", *REVIEW_COLUMNS],
    "companies": ["name", "kind", "known", "articles", "mentions", "aliases"],
}
KINDS = tuple(COLUMNS)

LIST_SEPARATOR = "; "
# What a spreadsheet may read as a formula (OWASP "CSV injection"; the evidence is in docs/export.md):
# a cell starting with = + - @ (or their full-width forms), possibly after white space that an
# import trims, or starting with a tab, CR, LF or NUL. Such a text cell gets a ' prefix.
FORMULA_SIGNS = "=+-@\uff1d\uff0b\uff0d\uff20"  # = + - @ and full-width ＝ ＋ － ＠
FORMULA_TRIGGERS = tuple(FORMULA_SIGNS) + ("\t", "\r", "\n", "\0")
_formula_start = re.compile(r"[\t\r\n\0]|\s*[" + re.escape(FORMULA_SIGNS) + "]").match
FORMULA_GUARD = "'"

def _names(items) -> list:
    if not isinstance(items, list):
        return items
    return [i.get("name") if isinstance(i, dict) else i for i in items]


def _count(items):
    return len(items) if isinstance(items, (list, tuple)) else items


# Columns computed from a full record rather than copied: (kind, column) -> function of the record.
# An article record carries lists of Company/Claim/Figure dicts; its CSV row carries names and counts.
DERIVED = {
    ("articles", "companies"): lambda r: _names(r.get("companies")),
    ("articles", "claims"): lambda r: _count(r.get("claims")),
    ("articles", "figures"): lambda r: _count(r.get("figures")),
    ("claims", "article_id"): lambda r: r.get("article_id") or _article_of(r.get("id")),
    ("figures", "article_id"): lambda r: r.get("article_id") or _article_of(r.get("id")),
    **{(kind, "corrected"): lambda r: _corrected(r.get("corrected")) for kind in ("articles", "claims", "figures")},
    **{(kind, column): (lambda key: lambda r: (r.get("review") or {}).get(key))(column.partition("_")[2] or "status")
       for kind in ("articles", "claims", "figures") for column in REVIEW_COLUMNS[1:]},
}


def _corrected(corrected):
    """The corrections of a record in one line (empty when none).

    >>> _corrected([{"by": "al", "at": "2026-12-01T22:50:00Z", "note": "typo",
    ...              "fields": {"value": {"from": 12, "to": 13}}}])
    'value: 12 → 13 (al, 2026-12-01: typo)'
    >>> _corrected([]) is None
    True
    """
    if not corrected or not isinstance(corrected, list):
        return None
    from .corrections import describe

    return describe(corrected)


def _article_of(record_id):
    """`<article id>:c3` -> `<article id>`.

    >>> _article_of("ab12cd:c3")
    'ab12cd'
    >>> _article_of(None) is None
    True
    """
    if not isinstance(record_id, str) or ":" not in record_id:
        return None
    return record_id.rsplit(":", 1)[0]


def columns_for(kind: str | None, fields: list[str] | None = None) -> list[str] | None:
    """The columns to write: `fields` checked against the kind's columns, else all of them.

    >>> columns_for("companies", ["mentions", "name"])
    ['mentions', 'name']
    >>> columns_for("companies", ["nmae"])
    Traceback (most recent call last):
    ...
    newsindex.errors.BadQuery: unknown field 'nmae' for companies; valid fields: name, kind, known, articles, mentions, aliases
    """
    if kind is not None and kind not in COLUMNS:
        raise BadQuery(f"unknown kind {kind!r}; valid kinds: {', '.join(KINDS)}")
    if not fields:
        return list(COLUMNS[kind]) if kind else None
    fields = [f.strip() for f in fields if f and f.strip()]
    if not fields:
        raise BadQuery("--fields is empty")
    if kind is not None:
        valid = COLUMNS[kind]
        for f in fields:
            if f not in valid:
                raise BadQuery(f"unknown field {f!r} for {kind}; valid fields: {', '.join(valid)}")
    seen = set()
    dupes = [f for f in fields if f in seen or seen.add(f)]
    if dupes:
        raise BadQuery(f"field {dupes[0]!r} given twice in --fields")
    return fields


def parse_fields(text: str | None) -> list[str] | None:
    """`"id, title"` -> `['id', 'title']`; None or empty -> None.

    >>> parse_fields(" id, title ,")
    ['id', 'title']
    """
    if text is None or not text.strip():
        return None
    return [f.strip() for f in text.split(",") if f.strip()]


def project(kind: str | None, record: dict, columns: list[str]) -> dict:
    """The row of `columns` for one record (missing keys are None)."""
    row = {}
    for col in columns:
        fn = DERIVED.get((kind, col))
        row[col] = fn(record) if fn else record.get(col)
    return row


# ---------------------------------------------------------------- values


def _clean_str(s: str) -> str:
    """Text that UTF-8 can carry: lone surrogates (from undecodable bytes) become U+FFFD."""
    if s.isascii():
        return s
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in s)


def json_value(v):
    """A value as JSON data: integral floats as ints, NaN/inf as null, dates as ISO 8601.

    >>> json_value(7500000000.0), json_value(0.25), json_value(float("nan"))
    (7500000000, 0.25, None)
    """
    if isinstance(v, str):
        return _clean_str(v)
    if v is None or isinstance(v, (bool, int)):
        return v
    if isinstance(v, float):
        if not math.isfinite(v):
            return None
        if v.is_integer() and abs(v) < 1e18:
            return int(v)
        return v
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, dict):  # copied only where a value changes (exports stream millions of rows)
        out = None
        for k, x in v.items():
            y = json_value(x)
            if y is not x or not isinstance(k, str):
                out = out if out is not None else dict(v)
                out.pop(k)
                out[str(k)] = y
        return v if out is None else {str(k): out[str(k)] for k in v}
    if isinstance(v, list):
        out = None
        for i, x in enumerate(v):
            y = json_value(x)
            if y is not x:
                out = out if out is not None else list(v)
                out[i] = y
        return v if out is None else out
    if isinstance(v, (tuple, set, frozenset)):
        return [json_value(x) for x in v]
    if isinstance(v, Decimal):
        return json_value(float(v))
    return _clean_str(str(v))


def number_text(v) -> str:
    """A number for CSV, never in scientific notation; ints as ints.

    >>> number_text(7500000000.0), number_text(-5), number_text(1e-7), number_text(0.1)
    ('7500000000', '-5', '0.0000001', '0.1')
    """
    v = json_value(v)
    if v is None:
        return ""
    if isinstance(v, int):
        return str(v)
    text = format(Decimal(repr(v)), "f")
    return text


def neutralise(text: str) -> str:
    """Prefix `'` to a text cell a spreadsheet would read as a formula.

    >>> neutralise('=HYPERLINK("http://x")'), neutralise("-5"), neutralise("plain")
    ('\\'=HYPERLINK("http://x")', "'-5", 'plain')
    >>> neutralise("  =1+1"), neutralise("\uff1d1+1"), neutralise("a = b")
    ("'  =1+1", "'\uff1d1+1", 'a = b')
    """
    return FORMULA_GUARD + text if _formula_start(text) else text


def csv_cell(v) -> str:
    """One CSV cell's text (before quoting): lists joined with `; `, booleans true/false, nulls empty."""
    if isinstance(v, str):
        return neutralise(_clean_str(v))
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (float, Decimal)):
        return number_text(v)
    if isinstance(v, (list, tuple, set, frozenset)):
        items = [x.get("name", "") if isinstance(x, dict) else x for x in v]
        return neutralise(LIST_SEPARATOR.join(_plain(x) for x in items))
    if isinstance(v, dict):
        return neutralise(json.dumps(json_value(v), ensure_ascii=False, sort_keys=True))
    return neutralise(_plain(v))


def _plain(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float, Decimal)):
        return number_text(v)
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    return _clean_str(str(v))


_needs_quotes = re.compile(r'[,"\r\n]').search


def csv_quote(text: str) -> str:
    """RFC 4180 quoting: a cell with a comma, quote, CR or LF is quoted, quotes doubled.

    (Python's csv writer leaves a lone CR unquoted when lines end in LF; this does not.)

    >>> csv_quote('say "hi", twice')
    '"say ""hi"", twice"'
    """
    if _needs_quotes(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(cells: Iterable[str]) -> str:
    return ",".join(csv_quote(c) for c in cells) + "\n"


# ---------------------------------------------------------------- writers


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


_C1_RE = re.compile("[\x7f-\x9f]")


def json_text(data, indent: int | None = None) -> str:
    """JSON as UTF-8 text with DEL and the C1 controls (U+007F–U+009F) written as ``\\u00XX``:
    the same JSON data, but a terminal showing it never meets a raw 8-bit CSI or OSC.

    >>> json_text({"t": "a\\x9b2Jb"})
    '{"t": "a\\\\u009b2Jb"}'
    """
    text = json.dumps(json_value(data), ensure_ascii=False, indent=indent)
    if _C1_RE.search(text):  # only inside strings: JSON's own syntax is ASCII
        text = _C1_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


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
               fields: list[str] | None = None) -> int:
    """Write rows as csv, json or jsonl; return how many were written.

    `out` is a text stream (default stdout) or a path; a path is written to a
    temporary file in the same folder and renamed at the end, so a failure
    leaves nothing under the final name. `kind` picks the documented columns
    (CSV always; JSON only with `fields`); `fields` selects and orders them.
    Rows are written as they are read.

    >>> import io; buf = io.StringIO()
    >>> write_rows([{"name": "=cmd", "mentions": 3.0, "known": True}], "csv", buf, fields=["name", "mentions", "known"])
    1
    >>> buf.getvalue()
    "name,mentions,known\\n'=cmd,3,true\\n"
    """
    if fmt not in WRITERS:
        raise BadQuery(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")
    columns = columns_for(kind, fields)
    if fmt != "csv" and not fields:
        columns = None  # JSON without --fields: the full records
    writer = WRITERS[fmt]
    if out is None:
        return writer(iter(rows), sys.stdout, kind, columns)
    if isinstance(out, (str, os.PathLike)):
        with atomic_output(out) as f:
            return writer(iter(rows), f, kind, columns)
    return writer(iter(rows), out, kind, columns)


def output_target(path) -> tuple[str, str]:
    """Where writing to `path` really goes, and how: ``(path to write, "atomic" | "through")``.

    As a shell's ``>`` would: a symbolic link is followed (the link stays, its target gets the
    data), a device, FIFO or socket is written through (``-o /dev/null`` stays a device). A
    regular file or a new path is written atomically: a temporary file beside it, renamed over
    it at the end, with the old file's permissions. A file with more than one hard link is
    written through too, so every name keeps seeing the same file. A folder, and a file that
    is read-only (no write permission bit, or no write access for this user), are refused:
    newsindex never replaces what the user protected, even when running as root.
    """
    import stat as S

    path = os.fspath(path)
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except FileNotFoundError:
        return real, "atomic"
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
    if S.S_ISDIR(st.st_mode):
        raise OutputError(f"cannot write {path}: it is a folder")
    if not S.S_ISREG(st.st_mode):
        return real, "through"
    if not (st.st_mode & 0o222) or not os.access(real, os.W_OK):
        raise OutputError(f"cannot write {path}: the file is read-only (mode {S.S_IMODE(st.st_mode):04o}); "
                          "newsindex does not replace a protected file")
    return real, ("through" if st.st_nlink > 1 else "atomic")


def is_regular_target(path) -> bool:
    """True when `path` is (or would be, once written) a regular file: where a manifest may sit beside it."""
    import stat as S

    try:
        return S.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _output_error(path: str, e: OSError) -> OutputError:
    from .safeio import free_space_text, is_disk_full

    if is_disk_full(e):
        return OutputError(f"disk full while writing {path}: {free_space_text(os.path.dirname(os.path.abspath(path)))} left")
    return OutputError(f"cannot write {path}: {e.strerror or e}")


class atomic_output:
    """`with atomic_output(path) as f:` writes `path` as :func:`output_target` says.

    Atomically where it may (a temporary file beside the target, created exclusively and
    never through a link, fsynced and renamed over it on success, removed on failure),
    otherwise straight through (devices, FIFOs, hard-linked files).
    """

    def __init__(self, path):
        self.path = os.fspath(path)
        self.tmp = None
        self.file = None

    def __enter__(self):
        import secrets
        import stat as S

        self.target, how = output_target(self.path)
        try:
            if how == "through":
                self.file = open(self.target, "w", encoding="utf-8", newline="")
                return self.file
            folder = os.path.dirname(self.target)
            base = os.path.basename(self.target)
            try:
                mode = S.S_IMODE(os.stat(self.target).st_mode)
            except FileNotFoundError:
                mode = None
            self.tmp = os.path.join(folder, f".{base}.{secrets.token_hex(6)}.tmp")
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
            fd = os.open(self.tmp, flags, 0o666)  # the umask applies, as for any new file
            if mode is not None:
                os.fchmod(fd, mode)  # the replaced file's permissions
            self.file = open(fd, "w", encoding="utf-8", newline="")
        except OSError as e:
            self.tmp = None
            raise _output_error(self.path, e) from None
        return self.file

    def __exit__(self, exc_type, exc, tb):
        if isinstance(exc, OSError):  # a write failed (disk full, quota, I/O error): one line, nothing left
            try:
                self.file.close()
            except OSError:
                pass
            if self.tmp is not None and os.path.lexists(self.tmp):
                os.unlink(self.tmp)
            raise _output_error(self.path, exc) from None
        try:
            if exc_type is None and self.tmp is not None:
                self.file.flush()
                os.fsync(self.file.fileno())
            self.file.close()
            if exc_type is None and self.tmp is not None:
                os.replace(self.tmp, self.target)
        except OSError as e:
            raise _output_error(self.path, e) from None
        finally:
            if self.tmp is not None and os.path.lexists(self.tmp):
                os.unlink(self.tmp)
        return False


# ---------------------------------------------------------------- export with a manifest


class _HashingStream:
    """Passes writes through to `out` while hashing their UTF-8 bytes (the manifest's output_sha256)."""

    def __init__(self, out):
        import hashlib

        self.out = out
        self.hash = hashlib.sha256()

    def write(self, s: str):
        self.hash.update(s.encode("utf-8"))
        return self.out.write(s)

    def flush(self):
        flush = getattr(self.out, "flush", None)
        if flush:
            flush()


class SourceTracker:
    """Watches rows go by and remembers which source documents they came from (bounded: one entry per article)."""

    def __init__(self, kind: str):
        self.kind = kind
        self.sha256: dict[str, str | None] = {}  # article id -> sha256 (None until looked up)
        self.names: set[str] = set()  # companies kind: the exported company names

    def watch(self, rows: Iterable[dict]) -> Iterator[dict]:
        for row in rows:
            if self.kind == "articles":
                self.sha256[row.get("id")] = row.get("sha256")
            elif self.kind == "companies":
                self.names.add(row.get("name"))
                for aid in row.get("article_ids") or ():
                    self.sha256.setdefault(aid, None)
            else:
                aid = row.get("article_id") or _article_of(row.get("id"))
                if aid is not None:
                    self.sha256.setdefault(aid, row.get("article_sha256"))
            yield row


def utc_now() -> str:
    """The current UTC time, ISO 8601 with a `Z`, to the second."""
    from datetime import timezone

    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build_manifest(*, kind: str, query: str | None, filters: dict, fmt: str, columns: list[str] | None,
                   rows: int, sources: list[dict], argv: list[str] | None, index_dir: str | None,
                   generation, output: str | None, output_sha256: str | None, created: str | None = None) -> dict:
    """The manifest of one export: enough to re-run it and to check that the sources have not changed."""
    import shlex

    from . import __version__
    from .records import SCHEMA_VERSION

    argv = list(argv) if argv is not None else None
    return {
        "manifest": 1,
        "command": shlex.join(argv) if argv is not None else None,
        "argv": argv,
        "kind": kind,
        "query": query or "",
        "filters": {k: json_value(v) for k, v in filters.items() if v not in (None, "", [], ())},
        "format": fmt,
        "columns": columns,
        "newsindex_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "index": index_dir,
        "index_generation": generation,
        "created": created or utc_now(),
        "rows": rows,
        "output": output,
        "output_sha256": output_sha256,
        "sources": sources,
    }


def write_manifest(manifest: dict, path) -> None:
    with atomic_output(path) as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2)
        f.write("\n")


def check_outputs(output, manifest) -> None:
    """A usage error when the manifest would overwrite the export itself (the same path or file).

    >>> check_outputs("out.csv", "./out.csv")
    Traceback (most recent call last):
    ...
    newsindex.errors.UsageError: --manifest and -o name the same file (out.csv): give the manifest another name
    """
    if output is None or manifest is None:
        return
    same = os.path.realpath(output) == os.path.realpath(manifest)
    if not same:
        try:
            same = os.path.samefile(output, manifest)
        except OSError:
            same = False
    if same:
        raise UsageError(f"--manifest and -o name the same file ({os.fspath(output)}): give the manifest another name")


def manifest_path_for(output) -> str:
    """`out.csv` -> `out.csv.manifest.json`."""
    return os.fspath(output) + ".manifest.json"


@dataclass
class ExportResult:
    rows: int
    manifest: dict | None = None
    manifest_path: str | None = None


def _filters_dict(filters) -> dict:
    if filters is None:
        return {}
    if is_dataclass(filters):
        return asdict(filters)
    return dict(filters)


def resolve_sources(ix, tracker: SourceTracker, kind: str, filters) -> list[dict]:
    """`{article_id, path, sha256}` of every source document that contributed rows, sorted by id.

    `ix` is the opened index the rows came from. Company rows are aggregates: their sources are
    the articles (within the filters) that name an exported company.
    """
    from .search import iter_rows

    ids = {aid for aid in tracker.sha256 if aid is not None}
    if kind == "companies" and tracker.names:
        for art in iter_rows("articles", None, filters, index_dir=ix):
            if tracker.names & set(_names(art.get("companies")) or ()):
                ids.add(art.get("id"))
    if not ids:
        return []
    records = ix.records(sorted(ids))
    return [
        {"article_id": aid, "path": records.get(aid, {}).get("path"),
         "sha256": records.get(aid, {}).get("sha256") or tracker.sha256.get(aid)}
        for aid in sorted(ids)
    ]


def run_export(kind: str, query: str | None, filters, *, index_dir, fmt: str, out=None,
               fields: list[str] | None = None, manifest=None, argv: list[str] | None = None,
               sort: str = "relevance", reverse: bool = False) -> ExportResult:
    """Export every row of `kind` matching `query` and `filters` from the index at `index_dir`.

    `out`: a path (atomic write; a manifest is written beside it as `<out>.manifest.json` unless
    `manifest` names another path), a text stream, or None for stdout. `manifest`: a path, or None.
    The index is opened once, so the rows, the generation and the sources' hashes agree. When the
    manifest cannot be written, the export is not renamed into place either.
    """
    from .backends import as_backend
    from .search import iter_rows

    if fmt not in WRITERS:
        raise BadQuery(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")
    columns = columns_for(kind, fields)  # usage errors before any work
    to_file = isinstance(out, (str, os.PathLike))
    check_outputs(out if to_file else None, manifest)
    manifest_path = os.fspath(manifest) if manifest is not None else (
        manifest_path_for(out) if to_file and is_regular_target(out) else None)  # never beside a device
    ix, owned = as_backend(index_dir)  # the backend the rows, the generation and the sources come from
    try:
        generation = ix.generation  # opens the index: a missing or damaged one is reported before any output
        tracker = SourceTracker(kind)
        rows = tracker.watch(iter_rows(kind, query, filters, index_dir=ix, sort=sort, reverse=reverse))

        def finish(stream: _HashingStream, n: int) -> ExportResult:
            if manifest_path is None:
                return ExportResult(n)
            m = build_manifest(
                kind=kind, query=query, filters=_filters_dict(filters), fmt=fmt,
                columns=columns if (fields or fmt == "csv") else None, rows=n,
                sources=resolve_sources(ix, tracker, kind, filters), argv=argv,
                index_dir=ix.location, generation=generation,
                output=os.fspath(out) if to_file else "-", output_sha256=stream.hash.hexdigest(),
            )
            write_manifest(m, manifest_path)
            return ExportResult(n, m, manifest_path)

        if to_file:
            with atomic_output(out) as f:
                stream = _HashingStream(f)
                return finish(stream, write_rows(rows, fmt, stream, kind=kind, fields=fields))
        stream = _HashingStream(out if out is not None else sys.stdout)
        n = write_rows(rows, fmt, stream, kind=kind, fields=fields)
        stream.flush()
        return finish(stream, n)
    finally:
        if owned:
            ix.close()
