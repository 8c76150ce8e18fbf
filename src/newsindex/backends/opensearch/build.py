"""Building into a cluster: what changed, parsing in the Whoosh build's worker pool, bulk requests, the alias switch.

**Full builds** (the first, ``--rebuild``, a new mapping version) write three new indices, copy
in on the server the documents of *other* corpora that the live indices hold (``_reindex``: other
machines' folders are kept), send this corpus's articles, and then move the three aliases in one
``_aliases`` call; the old indices are deleted after the switch. A full build that stops before
the switch leaves the aliases on the previous complete indices; its own indices are deleted as
it stops, or by a later build once they are an hour old.

**Incremental builds** write into the live indices: a file whose bytes (sha256), sidecar entry
and parser are those the cluster holds for its path is neither parsed nor sent; the articles of
changed and removed files are deleted (with their claims and figures), and the changed and new
ones sent, each article's claims and figures before the article itself, so a build that stops
half-way leaves articles that the next build finds missing or different and sends again. Several
machines can run incremental builds of *different* corpus folders into one cluster at once:
every document carries its corpus's name (``corpus``: the folder's name, or
``NEWSINDEX_CORPUS_NAME``) and a build only ever deletes its own corpus's documents; ids are
content-derived, so sending an article twice writes the same document.

Bulk requests are cut at ``NEWSINDEX_BULK_BYTES`` (5 MB); a request or an item the cluster
answers busy (429, 503) is retried with back-off; anything else it refuses stops the build with
one line naming the document and the reason.
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path
from typing import Callable

from ...errors import ConfigError, NoIndex, SourceError
from .client import RETRIES, BACKOFF, ClusterError, call
from .documents import KINDS, alias, documents, index_body, mapping_version

BULK_BYTES = 5_000_000
#: A full build's indices that never got an alias are deleted by later builds after this long.
LEFTOVER_SECONDS = 3600


def corpus_name(corpus: Path) -> str:
    """The name a corpus's documents carry in the cluster (``NEWSINDEX_CORPUS_NAME``, else the folder's name)."""
    return os.environ.get("NEWSINDEX_CORPUS_NAME") or corpus.resolve().name or "corpus"


class Bulk:
    """Documents sent in ``_bulk`` requests of at most `limit` bytes, busy answers retried."""

    def __init__(self, backend, limit: int | None = None):
        self.backend = backend
        self.limit = limit or int(os.environ.get("NEWSINDEX_BULK_BYTES") or BULK_BYTES)
        self.lines: list[bytes] = []
        self.size = 0
        self.sent_bytes = 0
        self.sent_docs = 0
        self.bytes_by_kind = {k: 0 for k in KINDS}
        self.docs_by_kind = {k: 0 for k in KINDS}

    def add(self, index: str, kind: str, doc: dict) -> None:
        head = json.dumps({"index": {"_index": index, "_id": doc["id"]}}).encode()
        body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        size = len(head) + len(body) + 2
        if self.lines and self.size + size > self.limit:
            self.flush()
        self.lines += [head, body]
        self.size += size
        self.bytes_by_kind[kind] += size
        self.docs_by_kind[kind] += 1

    def flush(self) -> None:
        lines, self.lines, self.size = self.lines, [], 0
        delay = BACKOFF
        for attempt in range(RETRIES + 1):
            if not lines:
                return
            payload = b"\n".join(lines) + b"\n"
            answer = call(self.backend.url, "sending documents", self.backend.client.bulk, body=payload)
            retry: list[bytes] = []
            for i, item in enumerate(answer.get("items") or []):
                result = next(iter(item.values()))
                status = result.get("status", 200)
                if status < 300:
                    self.sent_bytes += len(lines[2 * i]) + len(lines[2 * i + 1]) + 2
                    self.sent_docs += 1
                elif status in (429, 503) and attempt < RETRIES:
                    retry += lines[2 * i:2 * i + 2]
                else:
                    err = result.get("error") or {}
                    reason = f"{err.get('type', 'error')}: {err.get('reason', '')}" if isinstance(err, dict) else err
                    raise ClusterError(f"{self.backend.url} rejected document {result.get('_id')!r} in "
                                       f"{result.get('_index')} (HTTP {status}: {reason})")
            lines = retry
            if lines:
                time.sleep(delay)
                delay *= 2


def _held_files(backend, corpus: str) -> dict[str, dict]:
    """path -> {sha256, source_key, parser, ids} of this corpus's articles in the live indices."""
    out: dict[str, dict] = {}
    query = {"term": {"corpus": corpus}}
    for hit in backend.scan("articles", query, ["id", "path", "sha256", "source_key", "parser"]):
        src = hit["_source"]
        entry = out.setdefault(src.get("path") or "", {"sha256": src.get("sha256"), "source_key": src.get("source_key"),
                                                       "parser": src.get("parser"), "ids": []})
        entry["ids"].append(src["id"])
    return out


def _delete_articles(backend, ids: list[str]) -> None:
    """Delete articles and their claims and figures from the live indices."""
    for i in range(0, len(ids), 1000):
        chunk = ids[i:i + 1000]
        for kind in KINDS:
            field = "id" if kind == "articles" else "article_id"
            call(backend.url, "deleting changed articles", backend.client.delete_by_query, index=alias(kind, backend.prefix),
                 body={"query": {"terms": {field: chunk}}}, params={"refresh": "true", "conflicts": "proceed"})


def _cleanup_leftovers(backend, keep: set[str]) -> None:
    """Delete indices of this prefix that no alias points at and that are over an hour old (a stopped full build's)."""
    try:
        indices = call(backend.url, "listing indices", backend.client.indices.get, index=f"{backend.prefix}-*-v*")
    except ClusterError:
        return
    now = time.time() * 1000
    for name, info in (indices or {}).items():
        if name in keep or info.get("aliases"):
            continue
        created = int(((info.get("settings") or {}).get("index") or {}).get("creation_date") or now)
        if now - created > LEFTOVER_SECONDS * 1000:
            call(backend.url, "deleting a stopped build's index", backend.client.indices.delete, index=name,
                 params={"ignore_unavailable": "true"})


def build(backend, corpus_dir, *, rebuild: bool = False, progress: Callable | None = None,
          workers: int | None = None, parser: Callable | None = None):
    """Bring the cluster's indices up to date with the corpus folder (a ``BuildReport``)."""
    from ...corpus import Sidecars, find_sources, path_text
    from ...store.build import (WORKERS, BuildReport, _Done, _Job, _Note, _parse_all, _relative, _safe_hash,
                                _source_key, check_configuration, parser_fingerprint)

    started = time.monotonic()
    corpus = Path(corpus_dir)
    if not corpus.is_dir():
        raise NoIndex(f"no corpus folder at {corpus} — give one with --corpus DIR or NEWSINDEX_CORPUS")
    workers = workers or int(os.environ.get("NEWSINDEX_WORKERS", WORKERS) or WORKERS)
    check_configuration(corpus)
    from ...corrections import CORRECTIONS, load as load_corrections

    corrections = load_corrections(corpus)  # applied to the parsed records (newsindex.corrections)
    label = corpus_name(corpus)
    fingerprint = parser_fingerprint(corpus)
    report = BuildReport()

    live = backend.live_indices()  # kind -> index name, or None
    version = backend.live_version(live)
    full = rebuild or live is None or version != mapping_version()
    if live is not None and version != mapping_version() and not rebuild:
        report.reason = "the cluster's indices have another mapping version: writing new ones"
    held = {} if live is None else _held_files(backend, label)
    if not full and held and any(v["parser"] != fingerprint for v in held.values()):
        report.reason = "the parser changed: parsing every file again"

    files, missing = find_sources([corpus])
    report.failed.extend((e.path, e.reason) for e in missing)
    sidecars = Sidecars()
    jobs: list[_Job] = []
    seen: set[str] = set()
    for f in files:
        rel = path_text(os.path.relpath(f, corpus).replace(os.sep, "/"))
        seen.add(rel)
        try:
            entry = sidecars.entry(f)
        except SourceError as e:
            raise ConfigError(f"{e} — nothing was built; the index is as it was") from None
        try:
            st = f.stat()
        except OSError as e:
            dangling = f.is_symlink() and not f.exists()
            report.failed.append((rel, "dangling symbolic link" if dangling else (e.strerror or str(e))))
            continue
        key = _source_key(entry)
        mine = corrections.for_file(rel)
        if mine:  # changed corrections of a file re-parse it
            key = f"{key or ''}+{corrections.key(rel)}"
        old = held.get(rel)
        if old is not None and not full and old["parser"] == fingerprint and old["source_key"] == key \
                and _safe_hash(f) == old["sha256"]:
            report.unchanged += 1
            continue
        jobs.append(_Job(str(f), rel, entry, (st.st_size, st.st_mtime_ns), key, None, mine))
    for problem in sidecars.take_problems():
        report.problems.append((_relative(problem.path, corpus), str(problem)))
    report.corrections.extend(corrections.problems)
    redone = {j.rel for j in jobs}
    stale = [i for p, v in held.items() if (p not in seen or p in redone) for i in v["ids"]]

    if not full and not jobs and not stale:
        report.generation = 0
        report.seconds = time.monotonic() - started
        backend.last_bulk = None
        return report

    if full:
        import secrets

        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime()) + f"-{secrets.token_hex(3)}"
        targets = {k: f"{alias(k, backend.prefix)}-v{mapping_version()}-{stamp}" for k in KINDS}
        meta = {"host": socket.gethostname(), "started": time.time()}
        for kind in KINDS:
            call(backend.url, f"creating the {kind} index", backend.client.indices.create, index=targets[kind],
                 body=index_body(kind, meta))
    else:
        targets = {k: alias(k, backend.prefix) for k in KINDS}
    bulk = Bulk(backend)
    sources = {j.rel: j.source_key for j in jobs}
    written: set[str] = set()
    try:
        if full and live is not None and version == mapping_version():
            for kind in KINDS:  # the other corpora's documents, copied on the server
                call(backend.url, f"copying other corpora's {kind}", backend.client.reindex,
                     body={"source": {"index": live[kind], "query": {"bool": {"must_not": [{"term": {"corpus": label}}]}}},
                           "dest": {"index": targets[kind]}},
                     params={"wait_for_completion": "true", "refresh": "true"})
        if not full and stale:
            _delete_articles(backend, stale)
        done, total = 0, len(jobs)
        for item in _parse_all(jobs, workers, parser):
            if isinstance(item, tuple):
                report.failed.append(item)
                done += 1
                if progress:
                    progress(done, total, item[0])
                continue
            if isinstance(item, _Note):
                report.skipped.append((item.rel, item.message))
                continue
            if isinstance(item, _Done):
                done += 1
                if item.rel in held and not full:  # counted by file, as the Whoosh build counts
                    report.updated += 1
                else:
                    report.added += 1
                if progress:
                    progress(done, total, item.rel)
                continue
            report.corrections.extend((CORRECTIONS, m) for m in item.unplaced)  # when its file is parsed
            for kind, doc in documents(item, corpus=label, source_key=sources.get(item.path), parser=fingerprint):
                bulk.add(targets[kind], kind, doc)
            written.add(item.id)
        bulk.flush()
        for kind in KINDS:
            call(backend.url, "refreshing the indices", backend.client.indices.refresh, index=targets[kind])
        if full:
            actions = []
            for kind in KINDS:
                if live is not None:
                    actions.append({"remove": {"index": live[kind], "alias": alias(kind, backend.prefix)}})
                actions.append({"add": {"index": targets[kind], "alias": alias(kind, backend.prefix)}})
            call(backend.url, "switching the aliases", backend.client.indices.update_aliases, body={"actions": actions})
    except BaseException:
        if full:  # never a half-written index behind an alias; the aliases are as they were
            for name in targets.values():
                try:
                    backend.client.indices.delete(index=name, params={"ignore_unavailable": "true"})
                except Exception:  # noqa: BLE001 - already failing; a later build deletes leftovers
                    pass
        raise
    if full and live is not None:
        for name in live.values():
            call(backend.url, "deleting the previous indices", backend.client.indices.delete, index=name,
                 params={"ignore_unavailable": "true"})
    _cleanup_leftovers(backend, set(targets.values()))
    report.removed = 0 if full else sum(1 for p in held if p not in seen)
    backend.last_bulk = bulk
    backend.forget()
    report.seconds = time.monotonic() - started
    return report
