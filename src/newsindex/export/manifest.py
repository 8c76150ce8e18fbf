"""An export with its manifest: every matching row, the sources they came from, and how to re-run it.

:func:`run_export` opens the index once, streams the rows through :func:`.writers.write_rows`
while hashing the bytes and noting each row's source document, and writes the manifest
(docs/export.md, "The manifest") beside the output.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass, is_dataclass
from datetime import datetime
from typing import Iterable, Iterator

from ..errors import BadQuery, UsageError
from .cells import json_value
from .columns import _article_of, _names, columns_for
from .output import atomic_output, is_regular_target
from .writers import FORMATS, WRITERS, write_rows


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

    from .. import __version__
    from ..records import SCHEMA_VERSION

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
    newsindex.errors.UsageError: `manifest` and `out` name the same file (out.csv): give the manifest another name
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
        raise UsageError(f"`manifest` and `out` name the same file ({os.fspath(output)}): give the manifest another name",
                         params=("manifest", "out"))


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
    from ..search import iter_rows

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
    from ..backends import as_backend
    from ..search import iter_rows

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
        full = kind == "articles" and "body" in (columns or ())  # the body is read only when asked for
        rows = tracker.watch(iter_rows(kind, query, filters, index_dir=ix, sort=sort, reverse=reverse, full=full))

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
