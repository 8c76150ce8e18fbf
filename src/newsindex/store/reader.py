"""A live generation opened for reading: the Whoosh searcher, the side store, cached postings and the document table."""

from __future__ import annotations

import json
import sqlite3
import zlib
from array import array
from pathlib import Path
from typing import Iterable, Iterator
from ..errors import BadIndex, NoIndex, NotFound

from .layout import CURRENT, GEN_META, INDEX_FORMAT, MARKER, STORE, WHOOSH_DIR, _check_whoosh_files, _current, _not_ours, _read_json, is_index_dir
from .rows import bundle_id, unpack
from .terms import SEP
from .sqlstore import read_state
from .trust import Damaged, Untrusted, verify
from .whoosh_internals import open_searcher, postings, storage


#: Postings an opened index keeps in memory for the queries that follow (about 50 bytes each).
POSTINGS_BUDGET = 2_000_000


class DocTable:
    """Whoosh document number -> article id, outlet, companies: facet counts and id lookups
    without reading Whoosh's stored fields or columns document by document."""

    def __init__(self, db: sqlite3.Connection):
        # two plain scans joined here: SQLite's join looks each article up by its key (twice the time)
        docnum_of = dict(db.execute("SELECT article_id, docnum FROM docmap"))
        size = (max(docnum_of.values()) + 1) if docnum_of else 0
        self.count = len(docnum_of)  # live documents
        self.ids: list[str | None] = [None] * size
        self.outlets: list[str | None] = [None] * size
        self.dates: list[str] = [""] * size  # YYYY-MM-DD, "" for none
        self._companies: list[str | None] = [None] * size
        self._ranks: dict[bool, list[int]] = {}
        self._norms: dict[tuple, list[float]] = {}
        titles, bodies = [0] * size, [0] * size
        self.lengths: dict[str, list[int]] = {"title": titles, "body": bodies}
        ids, outlets, dates, companies = self.ids, self.outlets, self.dates, self._companies
        for aid, outlet, comps, published, title_len, body_len in db.execute(
                "SELECT article_id, outlet, companies, published, title_len, body_len FROM articles"):
            d = docnum_of.get(aid)
            if d is None:
                continue
            ids[d], outlets[d], companies[d] = aid, outlet, comps
            dates[d] = published[:10] if published else ""
            titles[d], bodies[d] = title_len or 0, body_len or 0

    def date_rank(self, newest: bool) -> list[int]:
        """Per document number, its place in date order (higher first): newest or oldest first,
        equal dates in document order, undated articles last either way (as claims and figures)."""
        ranks = self._ranks.get(newest)
        if ranks is None:
            size = len(self.dates)
            order = sorted(range(size), key=self.dates.__getitem__, reverse=newest)  # stable: ties keep order
            order.sort(key=lambda d: self.dates[d] == "")
            ranks = [0] * size
            for place, d in enumerate(order):
                ranks[d] = size - place
            self._ranks[newest] = ranks
        return ranks

    def norms(self, fieldname: str, b: float, k1: float) -> list[float]:
        """Per document number, BM25's length norm ``k1 * (1 - b + b * length / average length)``."""
        key = (fieldname, b, k1)
        got = self._norms.get(key)
        if got is None:
            lengths = self.lengths[fieldname]
            live = [n for aid, n in zip(self.ids, lengths) if aid is not None]
            average = (sum(live) / len(live)) if live and sum(live) else 1.0
            got = self._norms[key] = [k1 * (1 - b + b * n / average) for n in lengths]
        return got

    def companies(self, docnum: int) -> list[str]:
        raw = self._companies[docnum]
        return raw.split(SEP) if raw else []


class Index:
    """A live generation, opened for reading: the side store and the Whoosh TOC it names.

    The store is read inside one read transaction for the life of this object: a build's commit
    waits for it to end (SQLite's shared lock), so the store and the Whoosh generation it names
    always agree; the build keeps the previous Whoosh generation's files for searches opened
    before its switch. Nothing is written: opening and reading leave the folder as it was.
    """

    def __init__(self, path: Path, gen_dir: Path, generation: int, meta: dict):
        import os

        self.path = path
        self.gen_dir = gen_dir
        self.meta = meta
        self._searcher = None
        self.db = None
        try:
            store = gen_dir / STORE
            if not store.is_file():
                raise ValueError(f"{STORE} is missing")
            writable = os.access(gen_dir, os.W_OK) and os.access(store, os.W_OK)
            # immutable where nothing can write (a read-only index: no -wal or -shm can be made there)
            uri = store.resolve().as_uri() + ("?mode=rw" if writable else "?immutable=1")
            self.db = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA cache_size = -65536")  # 64 MiB of page cache
            self.db.execute("BEGIN")
            self.db.execute("SELECT 1 FROM records LIMIT 1").fetchall()  # the read transaction starts here
            state = read_state(self.db)
            if "whoosh_gen" not in state:
                raise ValueError("the store has no state")
            self.generation = int(state.get("generation", generation))
            self.whoosh_gen = int(state["whoosh_gen"])
            _check_whoosh_files(gen_dir, state.get("whoosh_files"))
            # before Whoosh reads (unpickles) a byte: the files are the ones this installation signed
            verify(gen_dir / WHOOSH_DIR, self.whoosh_gen, state.get("whoosh_trust"))
            # reads every segment's directory: a truncated segment shows here
            self._searcher, self.schema = open_searcher(storage(gen_dir / WHOOSH_DIR, readonly=True), self.whoosh_gen)
        except Exception as e:  # a damaged generation: say so, do not guess
            if self._searcher is not None:
                self._searcher.close()
            if self.db is not None:
                self.db.close()
            if isinstance(e, (Untrusted, Damaged)):
                raise
            raise BadIndex(f"{path}: the index is damaged ({type(e).__name__}: {e}) — run `newsindex build --rebuild`") from None
        self._docs: DocTable | None = None
        self._terms: dict[tuple[str, str], tuple] = {}
        self._held = 0
        self._all: frozenset[int] | None = None

    def close(self) -> None:
        try:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
        finally:
            self.db.close()

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def records(self, ids: Iterable[str]) -> dict[str, dict]:
        """Rows of the side store by id: articles (without body), claims and figures."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, dict] = {}
        for chunk, marks in _chunks(ids):
            for rid, blob in self.db.execute(f"SELECT id, data FROM records WHERE id IN ({marks})", chunk):
                out[rid] = unpack(blob)
        wanted: dict[str, list[tuple[str, int]]] = {}  # claims and figures: bundle id -> (id, place)
        for chunk, marks in _chunks([i for i in ids if i not in out]):
            for rid, aid, kind, seq in self.db.execute(
                    f"SELECT id, article_id, kind, seq FROM items WHERE id IN ({marks})", chunk):
                wanted.setdefault(bundle_id(aid, "claims" if kind == "c" else "figures"), []).append((rid, seq))
        for chunk, marks in _chunks(list(wanted)):
            for bid, blob in self.db.execute(f"SELECT id, data FROM records WHERE id IN ({marks})", chunk):
                bundle = unpack(blob)
                rows, ctx = bundle["rows"], bundle["context"]
                for rid, seq in wanted[bid]:
                    if 0 <= seq < len(rows):
                        out[rid] = {**rows[seq], **ctx}
        return out

    def record(self, rid: str) -> dict:
        got = self.records([rid]).get(rid)
        if got is None:
            raise NotFound(f"no record has the id {rid!r}")
        return got

    def searcher(self):
        """The Whoosh searcher of this generation, for the life of this object."""
        return self._searcher

    def postings(self, fieldname: str, text: str) -> tuple[list[int], list[float], frozenset[int]]:
        """(document numbers, weights, the same numbers as a set) of a term, kept for the life
        of this object (at most POSTINGS_BUDGET postings in all, about 50 bytes each)."""
        key = (fieldname, text)
        got = self._terms.get(key)
        if got is None:
            ids, weights = postings(self.searcher().reader(), fieldname, text)
            got = (array("I", ids), array("f", weights), frozenset(ids))
            self._held += len(ids)
            while self._terms and self._held > POSTINGS_BUDGET:  # the oldest go first
                self._held -= len(self._terms.pop(next(iter(self._terms)))[0])
            self._terms[key] = got
        return got

    def term_docs(self, fieldname: str, text: str) -> frozenset[int]:
        """The documents holding a term."""
        return self.postings(fieldname, text)[2]

    def all_docs(self) -> frozenset[int]:
        if self._all is None:
            self._all = frozenset(self.searcher().reader().all_doc_ids())
        return self._all

    def doc_table(self) -> "DocTable":
        """Per Whoosh document number: the article id, outlet and companies (read once per opened index)."""
        if self._docs is None:
            self._docs = DocTable(self.db)
        return self._docs

    def body(self, article_id: str) -> str:
        row = self.db.execute("SELECT data FROM bodies WHERE article_id = ?", (article_id,)).fetchone()
        return zlib.decompress(row[0]).decode("utf-8") if row else ""

    def find_article_id(self, prefix: str) -> str:
        """An article id from a full id, a unique prefix, or a claim/figure id."""
        key = prefix.strip().split(":", 1)[0]
        if not key:
            raise NotFound("no id given")
        rows = self.db.execute(
            "SELECT article_id FROM articles WHERE article_id >= ? AND article_id < ? LIMIT 2",
            (key, key + "\uffff"),
        ).fetchall()
        if not rows:
            raise NotFound(f"no article has the id {prefix!r} (ids are listed by `newsindex search --format jsonl`)")
        if len(rows) > 1:
            raise NotFound(f"the id {prefix!r} is ambiguous: give more characters")
        return rows[0][0]

    def article(self, article_id: str) -> dict:
        """The full Article dict, body included."""
        rec = self.record(self.find_article_id(article_id))
        out = dict(rec)
        out["body"] = self.body(rec["id"])
        order = list(rec)
        at = order.index("url") + 1 if "url" in order else len(order)
        order.insert(at, "body")
        return {k: out[k] for k in order}

    def company_counts(self) -> list[dict]:
        return [
            {"name": n, "kind": k, "known": bool(kn), "articles": a, "mentions": m, "aliases": json.loads(al or "[]")}
            for n, k, kn, a, m, al in self.db.execute(
                "SELECT name, kind, known, articles, mentions, aliases FROM company_counts ORDER BY articles DESC, mentions DESC, name"
            )
        ]

    def outlet_counts(self) -> list[dict]:
        return [
            {"outlet": o, "articles": a, "first": f, "last": la}
            for o, a, f, la in self.db.execute(
                "SELECT outlet, articles, first, last FROM outlet_counts ORDER BY articles DESC, outlet"
            )
        ]

    def companies_of(self, article_ids: list[str]) -> Iterator[tuple]:
        """(name, kind, known, article_id, mentions, aliases-json) for the given articles."""
        for i in range(0, len(article_ids), 500):
            chunk = article_ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            yield from self.db.execute(
                f"SELECT name, kind, known, article_id, mentions, aliases FROM article_companies WHERE article_id IN ({marks})",
                chunk,
            )

    def copies(self, article_ids: Iterable[str]) -> dict[str, list[str]]:
        """Article id -> the ids of its near-duplicate group (representative first), for those of
        the given articles that have copies (found by the build: nothing is computed here)."""
        from .neardup import groups_of

        try:
            return groups_of(self.db, article_ids)
        except sqlite3.OperationalError:  # a store without the tables
            return {}

    def article_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


def _chunks(values: list, size: int = 500):
    for i in range(0, len(values), size):
        chunk = values[i:i + size]
        yield chunk, ",".join("?" * len(chunk))


def open_index(index_dir) -> Index:
    """Open the live generation for reading.

    Raises NoIndex (nothing there yet), BadIndex (not ours, damaged, or an older format). A
    generation that a full build removed while this was opening it is not damage: when
    ``CURRENT`` has moved meanwhile, the new generation is opened instead (once).
    """
    path = Path(index_dir)
    before = _current(path)
    try:
        return _open_index(path)
    except (Untrusted, NoIndex):
        raise
    except BadIndex:
        after = _current(path)
        if after is not None and after != before:
            return _open_index(path)
        raise


def _open_index(path: Path) -> Index:
    if not path.exists() or (path.is_dir() and not any(path.iterdir())):
        raise NoIndex(f"no index at {path} — run `newsindex build` first")
    if not path.is_dir() or not is_index_dir(path):
        raise _not_ours(path)
    marker = _read_json(path / MARKER) or {}
    cur = _current(path)
    if cur is None:
        if (path / CURRENT).exists():
            raise BadIndex(f"{path}: the index is damaged (unreadable {CURRENT}) — run `newsindex build --rebuild`")
        raise NoIndex(f"no index at {path} yet (no build has finished) — run `newsindex build`")
    number, gen_dir = cur
    meta = _read_json(gen_dir / GEN_META)
    if meta is None:
        raise BadIndex(f"{path}: the index is damaged (generation {number} is missing) — run `newsindex build --rebuild`")
    if meta.get("format") != INDEX_FORMAT or marker.get("version") != INDEX_FORMAT:
        raise BadIndex(
            f"{path} was made by an incompatible version of newsindex (format "
            f"{meta.get('format') if meta.get('format') != INDEX_FORMAT else marker.get('version')}, "
            f"this version reads {INDEX_FORMAT}) — run `newsindex build --rebuild`"
        )
    return Index(path, gen_dir, number, meta)
