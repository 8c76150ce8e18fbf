"""The index: a Whoosh index for finding records, a side store for reading them.

Layout of an index directory (default ``<corpus>/.newsindex``)::

    newsindex-index.json   marker: this directory was made by newsindex (and its format)
    CURRENT                the name of the live generation, switched with os.replace
    build.lock             fcntl.flock'ed by the one running build (holds its pid)
    gen-000007/            one generation, never changed once CURRENT names it
        whoosh/            the Whoosh index: one document per article (title, body, author, outlet,
                           companies, date)
        store.sqlite       records as zlib-compressed JSON, bodies, the file table, counts, and the
                           claims and figures as table rows (B-tree indexes on date, outlet, unit,
                           value, metric, company; their analysed text as tokens)
        generation.json    format version, parser fingerprint, counts

A build copies the live generation into a new one (Whoosh segment files are
immutable, so they are hard-linked; the store is copied), applies the changes,
commits once and then switches ``CURRENT``. A killed build leaves the old
generation live; the half-written one is removed by the next build.

Whoosh stores only the ``id`` of each document; everything shown to people is
read from the side store. Claims and figures are not Whoosh documents (about 40 per
article would make the index 40 times larger and the build as much slower): their
filters are SQL, and a query's words are matched against their stored tokens
(:mod:`newsindex.itemquery`) after Whoosh has narrowed the articles. Whoosh indexes pickle objects, so an index directory
is opened only when it carries the marker file.

No click or rich here: the CLI passes a ``progress`` callable.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import sqlite3
import time
import zlib
from array import array
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import BadIndex, IndexBusy, NoIndex, NotFound, SourceError

#: Bump when the Whoosh schema or the side store changes: older indexes are rebuilt.
INDEX_FORMAT = 5  # 2: the month field; 3: one Whoosh document per article, claims and figures in the store;
#                  4: field lengths in the store (relevance), the pairs field; 5: a covering index for
#                  figures by unit and value
MARKER = "newsindex-index.json"
CURRENT = "CURRENT"
LOCK = "build.lock"
GEN_PREFIX = "gen-"
WHOOSH_DIR = "whoosh"
STORE = "store.sqlite"
GEN_META = "generation.json"

#: Postings an opened index keeps in memory for the queries that follow (about 50 bytes each).
POSTINGS_BUDGET = 2_000_000

#: Files the parser's output depends on: when they change, every file is parsed again.
PARSER_FILES = ("parse.py", "corpus.py", "records.py", "extract/*.py", "data/*.toml")

#: Builds with fewer files to parse than this run in-process (no worker start-up cost).
POOL_THRESHOLD = 24
WORKERS = 2
CHUNK = 16


# --- locations -----------------------------------------------------------------------

def default_corpus() -> Path:
    """``$NEWSINDEX_CORPUS`` or ``./corpus``."""
    return Path(os.environ.get("NEWSINDEX_CORPUS") or "corpus")


def default_index_dir(corpus_dir=None) -> Path:
    """``$NEWSINDEX_INDEX`` or ``<corpus>/.newsindex``."""
    env = os.environ.get("NEWSINDEX_INDEX")
    if env:
        return Path(env)
    return Path(corpus_dir if corpus_dir is not None else default_corpus()) / ".newsindex"


# --- the schema --------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _analyzers():
    """The analysers every text is indexed and queried with (one instance each per process)."""
    from whoosh.analysis import KeywordAnalyzer, SimpleAnalyzer, StemmingAnalyzer

    return {"stem": StemmingAnalyzer(cachesize=100_000), "words": SimpleAnalyzer(),
            "keyword": KeywordAnalyzer(lowercase=True, commas=True)}


@functools.lru_cache(maxsize=None)
def schema():
    """The Whoosh schema: one document per article (claims and figures live in the side store).

    | field | type |
    |---|---|
    | id | ID, stored: the article id |
    | title, body | stemmed text (title boosted 2×); indexed from tokens made in the parse workers |
    | author | plain lowercase words (phrases allowed) |
    | outlet, companies | lowercase comma-separated keywords |
    | date | sortable DATETIME, naive UTC |
    | month | ID ``YYYY-MM``: date ranges as whole-month terms |
    | pairs | each two adjacent body terms as one term (``facial recognit``): a two-word phrase is one posting list |
    """
    from whoosh import fields

    an = _analyzers()
    keyword = dict(lowercase=True, commas=True)
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=an["stem"], field_boost=2.0),
        body=fields.TEXT(analyzer=an["stem"]),
        author=fields.TEXT(analyzer=an["words"]),
        outlet=fields.KEYWORD(**keyword),
        companies=fields.KEYWORD(**keyword),
        date=fields.DATETIME(sortable=True),
        month=fields.ID(),
        pairs=fields.ID(),  # terms given as a list (no analyser); presence only: no weights, no lengths
    )


@functools.lru_cache(maxsize=None)
def query_schema(kind: str):
    """The fields a query for `kind` may name, with the analysers that made the side store's tokens.

    Articles are searched in Whoosh with :func:`schema`. Claims and figures are not Whoosh
    documents: their queries are parsed with this schema (so ``speaker:wang`` or ``unit:usd``
    become the same terms as the stored tokens) and evaluated by :mod:`newsindex.itemquery`.
    """
    from whoosh import fields

    if kind == "articles":
        return schema()
    an = _analyzers()
    keyword = dict(lowercase=True, commas=True)
    common = dict(text=fields.TEXT(analyzer=an["stem"]), outlet=fields.KEYWORD(**keyword),
                  companies=fields.KEYWORD(**keyword), date=fields.DATETIME(), month=fields.ID())
    if kind == "claims":
        return fields.Schema(speaker=fields.TEXT(analyzer=an["words"]), verb=fields.KEYWORD(**keyword), **common)
    return fields.Schema(subject=fields.TEXT(analyzer=an["stem"]), unit=fields.KEYWORD(**keyword),
                         metric=fields.KEYWORD(**keyword), **common)


_MISSING_COLUMNS_REMEMBERED = False


def remember_missing_columns() -> None:
    """Make Whoosh cache "this segment has no such column" as it caches the columns it has.

    ``W3PerDocReader._cached_reader`` keeps a reader for a lengths column that exists but
    asks the file system again (``abspath`` + ``os.stat``) every time for one that does not:
    once per posting of every ID and KEYWORD field while a segment is written (about a fifth
    of a build's CPU). Segment files never change once written, and the writer opens its
    reader only after the segment's columns are closed, so remembering ``None`` is safe.
    Idempotent; called wherever this module opens a Whoosh index.
    """
    global _MISSING_COLUMNS_REMEMBERED
    if _MISSING_COLUMNS_REMEMBERED:
        return
    from whoosh.codec import whoosh3

    cls = whoosh3.W3PerDocReader
    original = cls._cached_reader

    def _cached_reader(self, fieldname, column):
        readers = self._readers
        if fieldname in readers:
            return readers[fieldname]
        reader = original(self, fieldname, column)
        if reader is None:
            readers[fieldname] = None
        return reader

    _cached_reader.__wrapped__ = original
    cls._cached_reader = _cached_reader
    _MISSING_COLUMNS_REMEMBERED = True


def postings(reader, fieldname: str, text: str) -> tuple[list[int], list[float]]:
    """The document numbers holding one term and the term's weight in each (its frequency,
    times the field's boost), read a block at a time.

    Whoosh's ``all_ids`` steps through a posting list one document at a time in Python
    (``is_active``, ``id``, ``next`` per document); a W3 leaf matcher holds each block's ids
    and weights as sequences, so taking them a block at a time is several times faster.
    Segments with deleted documents (whose matcher is wrapped to skip them) take Whoosh's
    own path.
    """
    from whoosh.codec.whoosh3 import W3LeafMatcher

    ids_out: list[int] = []
    weights_out: list[float] = []
    for leaf, offset in reader.leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        m = leaf.postings(fieldname, text)
        ids: list[int] = []
        weights: list[float] = []
        if type(m) is W3LeafMatcher:
            while m.is_active():
                if m._ids is None:
                    m._read_ids()
                if m._weights is None:
                    m._read_weights()
                ids.extend(m._ids[m._i:m._blocklength])
                weights.extend(m._weights[m._i:m._blocklength])
                m._next_block()
        else:
            while m.is_active():
                ids.append(m.id())
                weights.append(m.weight())
                m.next()
        ids_out.extend(ids if not offset else [i + offset for i in ids])
        weights_out.extend(weights)
    return ids_out, weights_out


def to_datetime(published: str | None) -> datetime | None:
    """``YYYY-MM-DD`` (or a longer ISO string) -> a naive datetime at midnight, or None."""
    if not published:
        return None
    try:
        return datetime.strptime(str(published)[:10], "%Y-%m-%d")
    except ValueError:
        return None


def month_key(day) -> str:
    """The ``month`` field's term for a date: ``YYYY-MM``."""
    return f"{day.year:04d}-{day.month:02d}"


def _keywords(names) -> str:
    """Names for a comma-separated KEYWORD field (commas inside a name become spaces)."""
    return ",".join(n.replace(",", " ").strip() for n in names if n and n.strip())


def keyword_term(name: str | None) -> str:
    """The term a KEYWORD field holds for one name: what ``_keywords`` and the analyser make of it.

    >>> keyword_term(" Alibaba Group Holding, Ltd ")
    'alibaba group holding  ltd'
    """
    return (name or "").replace(",", " ").strip().lower()


SEP = "\x1f"


@functools.lru_cache(maxsize=None)
def _stem_parts():
    """The stemming analyser's parts, read from the analyser itself: tokenizer pattern, stop words, minimum size."""
    from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

    items = _analyzers()["stem"].items
    kinds = [type(i) for i in items]
    if kinds != [RegexTokenizer, LowercaseFilter, StopFilter, StemFilter] or items[0].gaps or items[2].max:
        return None  # another Whoosh: use the analyser itself
    stem = functools.lru_cache(maxsize=200_000)(items[3].stemfn)
    return items[0].expression, items[2].stops, items[2].min, stem


def stem_tokens(text: str | None) -> list[str]:
    """The terms the stemming analyser indexes for `text`, in order (stop words dropped, as Whoosh numbers them).

    The same as ``[t.text for t in StemmingAnalyzer()(text)]`` (a property test holds them
    equal) at a third of the cost: no Token objects, no generator chain.
    """
    if not text:
        return []
    parts = _stem_parts()
    if parts is None:
        return [t.text for t in _analyzers()["stem"](text, mode="index")]
    expression, stops, minsize, stem = parts
    out = []
    for m in expression.finditer(text):
        w = m.group().lower()
        if len(w) >= minsize and w not in stops:
            out.append(stem(w))
    return out


def pair_terms(tokens: list[str]) -> list[str]:
    """Each two adjacent terms as one ``pairs`` term, once each: positions are numbered without stop
    words (as Whoosh numbers them), so a two-word phrase matches exactly where its pair is.

    >>> pair_terms(["facial", "recognit", "camera", "facial", "recognit"])
    ['facial recognit', 'recognit camera', 'camera facial']
    """
    return list(dict.fromkeys(f"{a} {b}" for a, b in zip(tokens, tokens[1:])))


def _padded(tokens: list[str]) -> str:
    """Tokens as the items table stores them: space-separated and space-padded (`` a b ``), so that
    SQL finds a whole term or a phrase with ``instr``."""
    return f" {' '.join(tokens)} " if tokens else ""


def _value(v) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f and abs(f) != float("inf") else None


@dataclass
class Prepared:
    """One parsed article made ready for the index in the parse worker: analysed, packed, as table rows."""

    id: str
    path: str
    sha256: str
    doc: dict  # the Whoosh document; title and body as token lists (Whoosh skips its analyser for lists)
    records: list  # (id, article_id, kind, packed row): the article without its body, its claims and figures
    body: bytes  # the body, zlib-compressed
    article: tuple  # articles row
    companies: list  # article_companies rows
    items: list  # items rows: the article's claims and figures
    item_companies: list  # item_companies rows


def prepare(article) -> Prepared:
    """Everything the writer needs from one Article; the costly part (analysis, JSON, zlib) runs in the workers."""
    date = to_datetime(article.published)
    outlet = article.outlet or ""
    names = [c.name for c in article.companies]
    body = stem_tokens(article.body)
    doc = {"id": article.id, "title": stem_tokens(article.title), "body": body, "pairs": pair_terms(body),
           "author": article.author or "", "outlet": _keywords([outlet]), "companies": _keywords(names)}
    if date is not None:
        doc["date"] = date
        doc["month"] = month_key(date)
    d = article.to_dict()  # each claim and figure is made a dict once, here
    d.pop("body", None)
    ctx = article_context(article)
    published = date.strftime("%Y-%m-%d") if date else None
    items, item_companies, records = [], [], [(article.id, article.id, "articles", pack(d))]
    for kind, objs in (("claims", article.claims), ("figures", article.figures)):
        for seq, (obj, row) in enumerate(zip(objs, d[kind])):
            records.append((obj.id, article.id, kind, pack({**row, **ctx})))
            if kind == "claims":
                extra = (obj.speaker, keyword_term(obj.verb), None, None, None, None, stem_tokens(obj.text))
            else:
                extra = (None, None, keyword_term(obj.unit), keyword_term(obj.metric), _value(obj.value),
                         obj.subject, stem_tokens(f"{obj.sentence or ''} {obj.text or ''}"))
            companies = list(dict.fromkeys(n for n in obj.companies if n))
            items.append((obj.id, article.id, kind[0], seq, published, article.outlet, keyword_term(outlet),
                          *extra[:6], SEP.join(companies), _padded(extra[6])))
            item_companies.extend((obj.id, article.id, kind[0], keyword_term(n)) for n in companies)
    return Prepared(
        id=article.id, path=article.path, sha256=article.sha256, doc=doc,
        records=records,
        body=zlib.compress((article.body or "").encode("utf-8"), 6),
        article=(article.id, article.outlet, article.published, SEP.join(names), len(doc["title"]), len(doc["body"])),
        companies=[(article.id, c.name, c.kind, int(bool(c.known)), int(c.mentions or 0), json.dumps(c.aliases))
                   for c in article.companies],
        items=items, item_companies=item_companies,
    )


# --- the side store ------------------------------------------------------------------

#: Tables; created before a build writes.
STORE_TABLES = """
CREATE TABLE IF NOT EXISTS records (id TEXT PRIMARY KEY, article_id TEXT NOT NULL, kind TEXT NOT NULL, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS bodies (article_id TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER, mtime_ns INTEGER,
                                  source_key TEXT, article_id TEXT);
CREATE TABLE IF NOT EXISTS articles (article_id TEXT PRIMARY KEY, outlet TEXT, published TEXT, companies TEXT,
                                     title_len INTEGER, body_len INTEGER);
CREATE TABLE IF NOT EXISTS article_companies (article_id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT,
                                              known INTEGER, mentions INTEGER, aliases TEXT);
CREATE TABLE IF NOT EXISTS items (id TEXT PRIMARY KEY, article_id TEXT NOT NULL, kind TEXT NOT NULL, seq INTEGER,
                                  published TEXT, outlet TEXT, outlet_k TEXT, speaker TEXT, verb_k TEXT, unit_k TEXT,
                                  metric_k TEXT, value REAL, subject TEXT, companies TEXT, tokens TEXT);
CREATE TABLE IF NOT EXISTS item_companies (item_id TEXT NOT NULL, article_id TEXT NOT NULL, kind TEXT NOT NULL,
                                           name_k TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docmap (docnum INTEGER PRIMARY KEY, article_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS company_counts (name TEXT PRIMARY KEY, kind TEXT, known INTEGER, articles INTEGER,
                                           mentions INTEGER, aliases TEXT);
CREATE TABLE IF NOT EXISTS outlet_counts (outlet TEXT PRIMARY KEY, articles INTEGER, first TEXT, last TEXT);
"""

#: B-tree indexes; created after the rows of a fresh build are in (sorting once is faster than
#: growing them row by row), kept up to date by incremental builds. ``items_unit_value`` covers
#: what a figures search by unit and value reads (its words' tokens included), so SQLite answers
#: it from the index alone instead of looking up every row in the table.
STORE_INDEXES = """
CREATE INDEX IF NOT EXISTS records_article ON records(article_id);
CREATE INDEX IF NOT EXISTS article_companies_article ON article_companies(article_id);
CREATE INDEX IF NOT EXISTS items_article ON items(article_id);
CREATE INDEX IF NOT EXISTS items_published ON items(kind, published);
CREATE INDEX IF NOT EXISTS items_outlet ON items(kind, outlet_k);
CREATE INDEX IF NOT EXISTS items_unit_value ON items(kind, unit_k, value, id, outlet, companies, tokens);
CREATE INDEX IF NOT EXISTS items_value ON items(kind, value);
CREATE INDEX IF NOT EXISTS items_metric ON items(kind, metric_k);
CREATE INDEX IF NOT EXISTS item_companies_name ON item_companies(kind, name_k);
CREATE INDEX IF NOT EXISTS item_companies_article ON item_companies(article_id);
"""


def pack(obj) -> bytes:
    return zlib.compress(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def unpack(blob: bytes):
    return json.loads(zlib.decompress(blob).decode("utf-8"))


def article_context(article) -> dict:
    """The keys a claim or figure row carries from its article."""
    return {"article_id": article.id, "title": article.title, "outlet": article.outlet,
            "published": article.published}


def _store_delete(db: sqlite3.Connection, article_id: str) -> None:
    for table in ("records", "bodies", "articles", "article_companies", "items", "item_companies"):
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))


def _store_add(db: sqlite3.Connection, prep: Prepared) -> None:
    db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?)", prep.records)
    db.execute("INSERT OR REPLACE INTO bodies VALUES (?, ?)", (prep.id, prep.body))
    db.execute("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?)", prep.article)
    db.executemany("INSERT INTO article_companies VALUES (?, ?, ?, ?, ?, ?)", prep.companies)
    db.executemany("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", prep.items)
    db.executemany("INSERT INTO item_companies VALUES (?, ?, ?, ?)", prep.item_companies)


def _store_counts(db: sqlite3.Connection) -> None:
    """Precompute the unfiltered facet counts (companies and outlets commands, empty searches)."""
    db.execute("DELETE FROM company_counts")
    db.execute("DELETE FROM outlet_counts")
    rows = db.execute(
        "SELECT name, kind, known, COUNT(DISTINCT article_id), SUM(mentions), GROUP_CONCAT(aliases, '\x1f') "
        "FROM article_companies GROUP BY name"
    ).fetchall()
    out = []
    for name, kind, known, articles, mentions, aliases in rows:
        out.append((name, kind, known, articles, mentions, json.dumps(merge_aliases(aliases))))
    db.executemany("INSERT INTO company_counts VALUES (?, ?, ?, ?, ?, ?)", out)
    db.execute(
        "INSERT INTO outlet_counts SELECT outlet, COUNT(*), MIN(published), MAX(published) FROM articles "
        "WHERE outlet IS NOT NULL GROUP BY outlet"
    )


def _store_docmap(db: sqlite3.Connection, ix) -> None:
    """Which Whoosh document number holds which article, for this generation (never changed after)."""
    db.execute("DELETE FROM docmap")
    with ix.reader() as reader:
        db.executemany("INSERT INTO docmap VALUES (?, ?)",
                       ((docnum, stored["id"]) for docnum, stored in reader.iter_docs()))


def merge_aliases(joined: str | None) -> list[str]:
    """Distinct aliases, in first-seen order, from JSON lists joined by \\x1f."""
    seen: list[str] = []
    for part in (joined or "").split("\x1f"):
        if not part:
            continue
        try:
            items = json.loads(part)
        except ValueError:
            continue
        for a in items:
            if a not in seen:
                seen.append(a)
    return seen


# --- the opened index ----------------------------------------------------------------------

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
    """A live generation, opened for reading: a Whoosh index and the side store."""

    def __init__(self, path: Path, gen_dir: Path, generation: int, meta: dict):
        from whoosh.filedb.filestore import FileStorage

        remember_missing_columns()
        self.path = path
        self.gen_dir = gen_dir
        self.generation = generation
        self.meta = meta
        self._searcher = None
        try:
            _check_whoosh_files(gen_dir, meta.get("whoosh_files"))
            storage = FileStorage(str(gen_dir / WHOOSH_DIR), readonly=True)
            self.ix = storage.open_index()
            self._searcher = self.ix.searcher()  # reads every segment's directory: a truncated segment shows here
            uri = (gen_dir / STORE).resolve().as_uri() + "?immutable=1"
            self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self.db.execute("PRAGMA cache_size = -65536")  # 64 MiB of page cache
            self.db.execute("SELECT 1 FROM records LIMIT 1").fetchall()
        except Exception as e:  # a damaged generation: say so, do not guess
            if self._searcher is not None:
                self._searcher.close()
            raise BadIndex(f"{path}: the index is damaged ({type(e).__name__}: {e}) — run `newsindex build --rebuild`") from None
        self.schema = self.ix.schema
        self._docs: DocTable | None = None
        self._terms: dict[tuple[str, str], tuple] = {}
        self._held = 0
        self._all: frozenset[int] | None = None

    def close(self) -> None:
        try:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self.db.close()
        finally:
            self.ix.close()

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def records(self, ids: Iterable[str]) -> dict[str, dict]:
        """Rows of the side store by id: articles (without body), claims and figures."""
        ids = list(ids)
        out: dict[str, dict] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for rid, blob in self.db.execute(f"SELECT id, data FROM records WHERE id IN ({marks})", chunk):
                out[rid] = unpack(blob)
        return out

    def record(self, rid: str) -> dict:
        row = self.db.execute("SELECT data FROM records WHERE id = ?", (rid,)).fetchone()
        if row is None:
            raise NotFound(f"no record has the id {rid!r}")
        return unpack(row[0])

    def searcher(self):
        """One Whoosh searcher for the life of this object (the generation never changes once live)."""
        if self._searcher is None:
            self._searcher = self.ix.searcher()
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

    def article_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


# --- directory checks ----------------------------------------------------------------

def _read_json(path: Path) -> dict | None:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def is_index_dir(path) -> bool:
    """True where the directory carries newsindex's marker file."""
    marker = _read_json(Path(path) / MARKER)
    return bool(marker) and marker.get("format") == "newsindex-index"


def _not_ours(path: Path) -> BadIndex:
    return BadIndex(
        f"{path} is not a newsindex index (it has no readable {MARKER}) — point --index at a newsindex index or an "
        "empty folder and run `newsindex build --rebuild`; newsindex never writes into or deletes from a folder it did not make"
    )


def _current(path: Path) -> tuple[int, Path] | None:
    """(generation number, directory) named by CURRENT, or None."""
    try:
        name = (path / CURRENT).read_text(encoding="utf-8").strip()
    except (OSError, ValueError):  # ValueError: bytes that are not UTF-8 (a damaged pointer)
        return None
    if not name.startswith(GEN_PREFIX) or "/" in name or "\\" in name or name in (".", ".."):
        return None
    try:
        number = int(name[len(GEN_PREFIX):])
    except ValueError:
        return None
    return number, path / name


def generation(index_dir) -> int:
    """The live generation's number; 0 where there is no index yet."""
    path = Path(index_dir)
    if not is_index_dir(path):
        return 0
    cur = _current(path)
    return cur[0] if cur else 0


def open_index(index_dir) -> Index:
    """Open the live generation for reading.

    Raises NoIndex (nothing there yet), BadIndex (not ours, damaged, or an older format).
    """
    path = Path(index_dir)
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


def open_or_build(corpus_dir, index_dir, *, on_build: Callable[[str], None] | None = None,
                  progress=None) -> Index:
    """Open the index; where there is none yet, build it from the corpus first (zero set-up)."""
    path = Path(index_dir)
    try:
        return open_index(path)
    except NoIndex:
        corpus = Path(corpus_dir)
        if not corpus.is_dir():
            raise NoIndex(
                f"no index at {path} and no corpus folder at {corpus} — run `newsindex build --corpus DIR`"
            ) from None
        if on_build:
            on_build(f"No index yet: building it from {corpus} into {path} (first run)…")
        build(corpus, path, progress=progress)
        return open_index(path)


# --- the lock --------------------------------------------------------------------------

class BuildLock:
    """An exclusive fcntl.flock on ``build.lock``; released by the OS when the holder dies."""

    def __init__(self, index_dir: Path):
        self.path = Path(index_dir) / LOCK
        self.fd: int | None = None

    def __enter__(self) -> "BuildLock":
        import fcntl

        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise BadIndex(f"{self.path.parent}: cannot write the index here ({e.strerror}) — use --index DIR") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            try:
                holder = os.read(fd, 64).decode("ascii", "replace").strip() or "unknown"
            finally:
                os.close(fd)
            raise IndexBusy(f"index is busy: another build is running (pid {holder})") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        import fcntl

        if self.fd is not None:
            try:
                os.ftruncate(self.fd, 0)
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            finally:
                os.close(self.fd)
                self.fd = None


# --- building ----------------------------------------------------------------------------

@dataclass
class BuildReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    generation: int = 0
    reason: str | None = None  # why every file was parsed again, where it was

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        """The one-line summary printed at the end of a build."""
        text = (f"added {self.added}, updated {self.updated}, removed {self.removed}, "
                f"unchanged {self.unchanged} in {self.seconds:.1f}s")
        if not self.changed and not self.failed:
            text = f"nothing changed: {text}"
        if self.failed:
            text += f"; {len(self.failed)} file(s) failed"
        return text


def parser_fingerprint(corpus_dir=None) -> str:
    """A hash of the parser's code and data tables, and of the user's companies tables
    (``<corpus>/companies.toml``, ``$NEWSINDEX_COMPANIES``): records made by another parser are re-made."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for extra in (Path(corpus_dir) / "companies.toml" if corpus_dir else None, os.environ.get("NEWSINDEX_COMPANIES")):
        if extra and Path(extra).is_file():
            h.update(Path(extra).read_bytes())
    for pattern in PARSER_FILES:
        for p in sorted(root.glob(pattern)):
            h.update(str(p.relative_to(root)).encode())
            try:
                h.update(p.read_bytes())
            except OSError:
                pass
    return h.hexdigest()[:16]


def _hash_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _source_key(entry: dict | None) -> str | None:
    if not entry:
        return None
    return hashlib.sha256(json.dumps(entry, sort_keys=True, default=str).encode()).hexdigest()[:16]


@dataclass
class _Job:
    path: str  # as opened
    rel: str  # relative to the corpus root (the record's path)
    source: dict | None
    stat: tuple[int, int]
    source_key: str | None
    old_id: str | None  # the article id this file had, if it was indexed


def parse_source(path: Path, rel: str, source: dict | None):
    """The default parser of a build: read one file and parse it into an Article (path = `rel`)."""
    from .corpus import read_source
    from .extract.companies import Gazetteer
    from .parse import parse_text

    src = read_source(path)
    corpus_root = str(path)[: -len(rel)] if str(path).endswith(rel) else str(Path(path).parent)
    gaz = Gazetteer.for_corpus(corpus_root or ".")  # + the corpus's companies.toml and $NEWSINDEX_COMPANIES
    return parse_text(src.text, path=rel, sha256=src.sha256, source=source, gazetteer=gaz, warnings=src.warnings)


def _parse_chunk(jobs: list[tuple[str, str, dict | None]], parser: Callable | None = None) -> list:
    """Worker: parse files and prepare them for the index; a Prepared or (path, message) per file.

    Never raises for bad input."""
    parser = parser or parse_source
    out = []
    for path, rel, source in jobs:
        try:
            out.append(prepare(parser(Path(path), rel, source)))
        except SourceError as e:
            out.append((rel, e.reason))
        except Exception as e:  # a parser bug must not stop the build: report the file
            out.append((rel, f"could not be parsed ({type(e).__name__}: {e})"))
    return out


def _parse_all(jobs: list[_Job], workers: int, parser: Callable | None = None) -> Iterator:
    """Parsed results in job order; worker processes for big batches, bounded in flight.

    A custom `parser` (tests, tools) runs in-process.
    """
    items = [(j.path, j.rel, j.source) for j in jobs]
    chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
    if len(items) < POOL_THRESHOLD or workers <= 1 or parser is not None:
        for chunk in chunks:
            yield from _parse_chunk(chunk, parser)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    # forkserver/spawn: workers must not inherit the build lock's file descriptor
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) as pool:
        pending: deque = deque()
        it = iter(chunks)
        for chunk in it:
            pending.append(pool.submit(_parse_chunk, chunk))
            if len(pending) >= workers * 4:
                break
        while pending:
            results = pending.popleft().result()
            nxt = next(it, None)
            if nxt is not None:
                pending.append(pool.submit(_parse_chunk, nxt))
            yield from results


def _checkpoint(name: str) -> None:
    """Test hook: with NEWSINDEX_TEST_HOLD=<name>:<file>, announce reaching `name` and wait to be killed."""
    spec = os.environ.get("NEWSINDEX_TEST_HOLD", "")
    if not spec.startswith(name + ":"):
        return
    flag = Path(spec.split(":", 1)[1])
    flag.write_text(str(os.getpid()), encoding="utf-8")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.05)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _prepare_dir(path: Path) -> None:
    """Create the index directory, or check an existing one is ours (or empty, then claim it)."""
    if path.exists() and not path.is_dir():
        raise _not_ours(path)
    if path.is_dir() and not is_index_dir(path):
        if any(path.iterdir()):
            raise _not_ours(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
        if (_read_json(path / MARKER) or {}).get("version") != INDEX_FORMAT:  # new, or another version's
            _write_atomic(path / MARKER, json.dumps({"format": "newsindex-index", "version": INDEX_FORMAT}) + "\n")
    except OSError as e:
        raise BadIndex(f"{path}: cannot write the index here ({e.strerror or e}) — use --index DIR") from None


def _copy_generation(old: Path, new: Path) -> None:
    """Hard-link the old generation's Whoosh files (immutable once written) and copy its store."""
    src, dst = old / WHOOSH_DIR, new / WHOOSH_DIR
    dst.mkdir(parents=True)
    for entry in os.scandir(src):
        if not entry.is_file() or entry.name.endswith("LOCK"):
            continue
        try:
            os.link(entry.path, dst / entry.name)
        except OSError:
            shutil.copy2(entry.path, dst / entry.name)
    shutil.copyfile(old / STORE, new / STORE)


def _whoosh_files(gen_dir: Path) -> dict[str, int]:
    """The Whoosh files of a generation and their sizes (checked when it is opened: a cut file shows)."""
    return {e.name: e.stat().st_size for e in os.scandir(gen_dir / WHOOSH_DIR)
            if e.is_file() and not e.name.endswith("LOCK")}


def _check_whoosh_files(gen_dir: Path, expected: dict | None) -> None:
    if not isinstance(expected, dict):
        return
    for name, size in expected.items():
        try:
            actual = (gen_dir / WHOOSH_DIR / name).stat().st_size
        except OSError:
            raise ValueError(f"{name} is missing") from None
        if actual != size:
            raise ValueError(f"{name} has {actual:,} bytes, not {size:,}")


def _clean_generations(path: Path, keep: str) -> None:
    """Remove every generation directory but `keep` (only names we make, only inside our directory)."""
    for entry in os.scandir(path):
        if entry.name.startswith(GEN_PREFIX) and entry.name != keep and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        elif entry.name.startswith(f".{CURRENT}.") and entry.name.endswith(".tmp"):
            try:
                os.unlink(entry.path)
            except OSError:
                pass


def build(corpus_dir, index_dir=None, *, rebuild: bool = False, progress: Callable | None = None,
          workers: int | None = None, parser: Callable | None = None) -> BuildReport:
    """Bring the index up to date with the corpus; returns what changed.

    Incremental by content: a file whose stat is unchanged, or whose bytes hash the same,
    is not parsed again. ``progress(done, total, path)`` is called as files are parsed.
    ``parser(path, rel, source) -> Article`` replaces :func:`parse_source` (run in-process).
    Raises IndexBusy when another build holds the lock, BadIndex for a foreign directory.
    """
    from .corpus import Sidecars, find_sources

    started = time.monotonic()
    corpus = Path(corpus_dir)
    path = Path(index_dir) if index_dir is not None else default_index_dir(corpus)
    if not corpus.is_dir():
        raise NoIndex(f"no corpus folder at {corpus} — give one with --corpus DIR or NEWSINDEX_CORPUS")
    workers = workers or int(os.environ.get("NEWSINDEX_WORKERS", WORKERS) or WORKERS)
    _prepare_dir(path)
    report = BuildReport()
    with BuildLock(path):
        fingerprint = parser_fingerprint(corpus)
        cur = _current(path)
        old_meta = _read_json(cur[1] / GEN_META) if cur else None
        old_files: dict[str, tuple] = {}
        incremental = bool(cur and old_meta and not rebuild and old_meta.get("format") == INDEX_FORMAT
                           and (cur[1] / STORE).is_file() and (cur[1] / WHOOSH_DIR).is_dir())
        if cur and old_meta and not rebuild and old_meta.get("format") != INDEX_FORMAT:
            report.reason = "the index was made by another version of newsindex: rebuilding"
        if incremental:
            try:  # a damaged live generation (garbage store, truncated Whoosh files) is rebuilt, not copied
                Index(path, cur[1], cur[0], old_meta).close()
                db = sqlite3.connect(cur[1] / STORE)
                try:
                    old_files = {r[0]: r[1:] for r in db.execute(
                        "SELECT path, sha256, size, mtime_ns, source_key, article_id FROM files")}
                finally:
                    db.close()
            except (BadIndex, sqlite3.Error):
                incremental, old_files = False, {}
                report.reason = "the index was damaged: rebuilding it"
            if incremental and old_meta.get("parser") != fingerprint:
                report.reason = "the parser changed: parsing every file again"
        reparse_all = bool(report.reason) or not incremental

        files, missing = find_sources([corpus])
        report.failed.extend((e.path, e.reason) for e in missing)
        sidecars = Sidecars()
        jobs: list[_Job] = []
        kept: dict[str, tuple] = {}
        seen: set[str] = set()
        for f in files:
            rel = os.path.relpath(f, corpus).replace(os.sep, "/")
            seen.add(rel)
            try:
                st = f.stat()
                entry = sidecars.entry(f)
            except SourceError as e:
                report.failed.append((rel, e.reason))
                continue
            except OSError as e:  # one line naming the file, not the OS's repr
                dangling = f.is_symlink() and not f.exists()
                report.failed.append((rel, "dangling symbolic link" if dangling else (e.strerror or str(e))))
                continue
            key = _source_key(entry)
            stat = (st.st_size, st.st_mtime_ns)
            old = old_files.get(rel)
            job = _Job(str(f), rel, entry, stat, key, old[4] if old else None)
            if old is None or reparse_all:
                jobs.append(job)
                continue
            same_stat = (old[1], old[2]) == stat
            if key == old[3] and (same_stat or _safe_hash(f) == old[0]):
                kept[rel] = (old[0], stat[0], stat[1], key, old[4])
                continue
            jobs.append(job)
        removed = [(p, v[4]) for p, v in old_files.items() if p not in seen]
        if incremental and not reparse_all:
            report.unchanged = len(kept)
        if incremental and not jobs and not removed:
            report.generation = cur[0]
            report.seconds = time.monotonic() - started
            return report

        number = (cur[0] if cur else 0) + 1
        name = f"{GEN_PREFIX}{number:06d}"
        _clean_generations(path, keep=cur[1].name if cur else "")
        gen_dir = path / name
        if incremental and not reparse_all:
            gen_dir.mkdir()
            _copy_generation(cur[1], gen_dir)
        else:
            gen_dir.mkdir()
            kept = {}
            (gen_dir / WHOOSH_DIR).mkdir()
        report.generation = number
        _write_generation(gen_dir, jobs, removed, kept, report, progress, workers,
                          fresh=not incremental or reparse_all, parser=parser)
        _write_atomic(gen_dir / GEN_META, json.dumps({
            "format": INDEX_FORMAT, "generation": number, "parser": fingerprint,
            "whoosh_files": _whoosh_files(gen_dir),
            "corpus": str(corpus.resolve()), "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }) + "\n")
        _fsync_dir(gen_dir)
        _checkpoint("before-switch")
        _write_atomic(path / CURRENT, name + "\n")
        _clean_generations(path, keep=name)
    report.seconds = time.monotonic() - started
    return report


def _safe_hash(path: Path) -> str | None:
    try:
        return _hash_file(path)
    except OSError:
        return None


def _write_generation(gen_dir: Path, jobs: list[_Job], removed, kept: dict, report: BuildReport,
                      progress, workers: int, fresh: bool, parser: Callable | None = None) -> None:
    """Apply deletions and additions to the new generation: one Whoosh commit, one store transaction."""
    from whoosh.filedb.filestore import FileStorage

    remember_missing_columns()
    storage = FileStorage(str(gen_dir / WHOOSH_DIR))
    ix = storage.create_index(schema()) if fresh else storage.open_index()
    db = sqlite3.connect(gen_dir / STORE)
    db.executescript(STORE_TABLES)
    db.execute("PRAGMA synchronous = OFF")  # the generation is fsynced before CURRENT names it
    # compound=False: Whoosh opens a sub-file of a compound segment by copying it into a BytesIO
    # (the whole postings file, for every reader); separate files are read where they lie.
    writer = ix.writer(limitmb=128, compound=False)
    try:
        live_ids = {v[4] for v in kept.values() if v[4]}
        for rel, aid in removed:
            if aid and not fresh:
                writer.delete_by_term("id", aid)
                _store_delete(db, aid)
            db.execute("DELETE FROM files WHERE path = ?", (rel,))
            report.removed += 1
        for job in jobs:
            if job.old_id and not fresh:
                writer.delete_by_term("id", job.old_id)
                _store_delete(db, job.old_id)
                db.execute("DELETE FROM files WHERE path = ?", (job.rel,))
        total = len(jobs)
        by_rel = {j.rel: j for j in jobs}
        for done, item in enumerate(_parse_all(jobs, workers, parser), 1):
            if isinstance(item, tuple):
                rel, message = item
                report.failed.append((rel, message))
                if progress:
                    progress(done, total, rel)
                continue
            job = by_rel[item.path]
            if item.id in live_ids:
                report.failed.append((job.rel, f"same name and bytes as another file (id {item.id}): indexed once"))
            else:
                live_ids.add(item.id)
                writer.add_document(**item.doc)
                _store_add(db, item)
                db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                           (job.rel, item.sha256, job.stat[0], job.stat[1], job.source_key, item.id))
                if job.old_id is None:
                    report.added += 1
                else:
                    report.updated += 1
            if progress:
                progress(done, total, job.rel)
            if done == max(1, total // 2):
                _checkpoint("mid-build")
        for rel, (sha, size, mtime, key, aid) in kept.items():
            db.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?", (size, mtime, rel))
        db.executescript(STORE_INDEXES)
        _store_counts(db)
        _checkpoint("before-commit")
        writer.commit()
        _store_docmap(db, ix)
    except BaseException:
        try:
            writer.cancel()
        finally:
            db.close()
        raise
    db.commit()
    db.close()
    ix.close()
