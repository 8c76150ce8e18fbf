"""The `.csv` / `.jsonl` twins of the listings: every matching row, streamed through the same
function as `newsindex export` (:func:`newsindex.export.run_export`), and the export's manifest.

``run_export`` writes to a stream; a worker thread runs it into a bounded queue that the
response reads from, so a large export is sent as it is written, in bounded memory, and stops
when the client goes away. Errors found before the first byte (a bad query) become a 400 page.
"""

from __future__ import annotations

import json
import queue
import shlex
import tempfile
import threading
from pathlib import Path
from typing import Callable, Iterator

from ..export import run_export
from ..query.language import parse_query
from ..store.schema import query_schema
from .params import FILTER_PARAMS, Listing

CHUNK = 64 * 1024
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
_DONE = object()


class _Closed(Exception):
    """The reader went away: the worker stops writing."""


class _QueueWriter:
    """A text stream whose writes go, in chunks of about CHUNK characters, into a queue."""

    def __init__(self, q: queue.Queue, closed: threading.Event):
        self.q, self.closed, self.parts, self.size = q, closed, [], 0

    def write(self, s: str) -> int:
        self.parts.append(s)
        self.size += len(s)
        if self.size >= CHUNK:
            self.flush()
        return len(s)

    def flush(self) -> None:
        if not self.parts:
            return
        data, self.parts, self.size = "".join(self.parts).encode("utf-8"), [], 0
        while True:
            if self.closed.is_set():
                raise _Closed()
            try:
                self.q.put(data, timeout=0.5)
                return
            except queue.Full:
                continue


def export_argv(state: Listing, fmt: str) -> list[str]:
    """The `newsindex export` command line that writes the same rows (for the manifest).

    >>> from newsindex.web.params import read_listing
    >>> shlex.join(export_argv(read_listing("claims", {"company": "Hikvision", "q": "said it"}), "csv"))
    "newsindex export claims 'said it' --format csv --company Hikvision"
    """
    argv = ["newsindex", "export", state.kind, *([state.q] if state.q else []), "--format", fmt]
    for name in FILTER_PARAMS:
        if name == "review" and name in state.given:  # the review filter is a switch: --verified, ...
            argv.append(f"--{state.given[name]}")
        elif name in state.given:
            argv += [f"--{name}", state.given[name]]
    if state.sort != "relevance":
        argv += ["--sort", state.sort]
    if state.reverse:
        argv.append("--reverse")
    if state.unknown:
        argv.append("--unknown")
    return argv


def check(state: Listing) -> None:
    """Raise BadQuery now, before any byte is sent, for a query the export would refuse."""
    if state.kind != "companies":
        parse_query(state.kind, state.q, query_schema(state.kind))


def stream(state: Listing, fmt: str, open_index: Callable) -> Iterator[bytes]:
    """The export's bytes, as run_export writes them. The first chunk is produced before this
    returns, so an error found while starting is raised here (and becomes a 400 page)."""
    check(state)
    q: queue.Queue = queue.Queue(maxsize=8)
    closed = threading.Event()

    def work() -> None:
        out = _QueueWriter(q, closed)
        try:
            with open_index() as ix:
                run_export(state.kind, state.q, state.filters, index_dir=ix, fmt=fmt, out=out,
                           sort=state.sort, reverse=state.reverse)
            out.flush()
            q.put(_DONE)
        except _Closed:
            pass
        except BaseException as e:  # handed to the reader, which raises it
            q.put(e)

    threading.Thread(target=work, name="newsindex-export", daemon=True).start()
    first = q.get()
    if isinstance(first, BaseException):
        raise first

    def rest() -> Iterator[bytes]:
        item = first
        try:
            while item is not _DONE:
                if isinstance(item, BaseException):
                    raise item
                yield item
                item = q.get()
        finally:
            closed.set()

    return rest()


def manifest(state: Listing, fmt: str, open_index: Callable) -> dict:
    """The manifest `newsindex export … --manifest FILE` writes for the same rows (the export is
    run into a hashing sink; the manifest goes through a private temporary folder, never a path
    from the URL)."""
    check(state)

    class _Sink:
        def write(self, s: str) -> int:
            return len(s)

        def flush(self) -> None:
            pass

    with tempfile.TemporaryDirectory(prefix="newsindex-web-") as tmp, open_index() as ix:
        path = Path(tmp) / "manifest.json"
        run_export(state.kind, state.q, state.filters, index_dir=ix, fmt=fmt, out=_Sink(), manifest=path,
                   argv=export_argv(state, fmt), sort=state.sort, reverse=state.reverse)
        return json.loads(path.read_text(encoding="utf-8"))
