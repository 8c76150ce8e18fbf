"""The SQLite side store: its tables and indexes, and how an article's rows are added, removed and counted."""

from __future__ import annotations

import json
import sqlite3

from .rows import Prepared


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
CREATE TABLE IF NOT EXISTS reviews (id TEXT PRIMARY KEY, article_id TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS unplaced (article_id TEXT NOT NULL, path TEXT NOT NULL, message TEXT NOT NULL);
"""


#: B-tree indexes; created after the rows of a fresh build are in (sorting once is faster than
#: growing them row by row), kept up to date by incremental builds. ``items_unit_value`` covers
#: what a figures search by unit and value reads (its words' tokens included), so SQLite answers
#: it from the index alone instead of looking up every row in the table.
STORE_INDEXES = """
CREATE INDEX IF NOT EXISTS records_article ON records(article_id);
CREATE INDEX IF NOT EXISTS article_companies_article ON article_companies(article_id);
CREATE INDEX IF NOT EXISTS article_companies_name ON article_companies(name);
CREATE INDEX IF NOT EXISTS items_article ON items(article_id);
CREATE INDEX IF NOT EXISTS items_published ON items(kind, published);
CREATE INDEX IF NOT EXISTS items_outlet ON items(kind, outlet_k);
CREATE INDEX IF NOT EXISTS items_unit_value ON items(kind, unit_k, value, id, outlet, companies, tokens);
CREATE INDEX IF NOT EXISTS items_value ON items(kind, value);
CREATE INDEX IF NOT EXISTS items_metric ON items(kind, metric_k);
CREATE INDEX IF NOT EXISTS item_companies_name ON item_companies(kind, name_k);
CREATE INDEX IF NOT EXISTS item_companies_article ON item_companies(article_id);
CREATE INDEX IF NOT EXISTS reviews_article ON reviews(article_id);
CREATE INDEX IF NOT EXISTS unplaced_article ON unplaced(article_id);
"""


def _store_delete(db: sqlite3.Connection, article_id: str, touched: "Touched | None" = None) -> None:
    if touched is not None:  # what the counts of companies and outlets must be recounted for
        touched.names.update(r[0] for r in db.execute(
            "SELECT name FROM article_companies WHERE article_id = ?", (article_id,)))
        touched.outlets.update(r[0] for r in db.execute(
            "SELECT outlet FROM articles WHERE article_id = ?", (article_id,)))
    for table in ("records", "bodies", "articles", "article_companies", "items", "item_companies", "reviews", "unplaced"):
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))


def _store_add(db: sqlite3.Connection, prep: Prepared, touched: "Touched | None" = None) -> None:
    if touched is not None:
        touched.names.update(row[1] for row in prep.companies)
        touched.outlets.add(prep.article[1])
    db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?)", prep.records)
    db.execute("INSERT OR REPLACE INTO bodies VALUES (?, ?)", (prep.id, prep.body))
    db.execute("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?)", prep.article)
    db.executemany("INSERT INTO article_companies VALUES (?, ?, ?, ?, ?, ?)", prep.companies)
    db.executemany("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", prep.items)
    db.executemany("INSERT INTO item_companies VALUES (?, ?, ?, ?)", prep.item_companies)
    db.executemany("INSERT OR REPLACE INTO reviews VALUES (?, ?, ?, ?)", prep.reviews)
    db.executemany("INSERT INTO unplaced VALUES (?, ?, ?)", ((prep.id, prep.path, m) for m in prep.unplaced))


class Touched:
    """The company names and outlets of the articles a build removed or added: only their counts change."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.outlets: set[str | None] = set()


def _chunks(values, size: int = 500):
    values = sorted(v for v in values if v is not None)
    for i in range(0, len(values), size):
        chunk = values[i:i + size]
        yield chunk, ",".join("?" * len(chunk))


def _store_counts(db: sqlite3.Connection, touched: Touched | None = None) -> None:
    """Precompute the unfiltered facet counts (companies and outlets commands, empty searches):
    all of them, or (an incremental build) those of the `touched` names and outlets."""
    company_sql = ("SELECT name, kind, known, COUNT(DISTINCT article_id), SUM(mentions), "
                   "GROUP_CONCAT(aliases, '\x1f') FROM article_companies {where} GROUP BY name")
    outlet_sql = ("SELECT outlet, COUNT(*), MIN(published), MAX(published) FROM articles "
                  "WHERE outlet IS NOT NULL {where} GROUP BY outlet")
    if touched is None:
        db.execute("DELETE FROM company_counts")
        db.execute("DELETE FROM outlet_counts")
        rows = db.execute(company_sql.format(where="")).fetchall()
        outlets = db.execute(outlet_sql.format(where="")).fetchall()
    else:
        rows, outlets = [], []
        for chunk, marks in _chunks(touched.names):
            db.execute(f"DELETE FROM company_counts WHERE name IN ({marks})", chunk)
            rows += db.execute(company_sql.format(where=f"WHERE name IN ({marks})"), chunk).fetchall()
        for chunk, marks in _chunks(touched.outlets):
            db.execute(f"DELETE FROM outlet_counts WHERE outlet IN ({marks})", chunk)
            outlets += db.execute(outlet_sql.format(where=f"AND outlet IN ({marks})"), chunk).fetchall()
    out = []
    for name, kind, known, articles, mentions, aliases in rows:
        out.append((name, kind, known, articles, mentions, json.dumps(merge_aliases(aliases))))
    db.executemany("INSERT INTO company_counts VALUES (?, ?, ?, ?, ?, ?)", out)
    db.executemany("INSERT INTO outlet_counts VALUES (?, ?, ?, ?)", outlets)


def _store_docmap(db: sqlite3.Connection, reader, keep_below: int = 0, gone=()) -> None:
    """Which Whoosh document number holds which article, for the Whoosh generation of `reader`.

    Rows below document number `keep_below` (the segments the previous generation had in the
    same places) are kept but for the articles in `gone` (deleted from them); the rest are read
    from the segments' stored ids: an incremental build reads only the segments it wrote or merged.
    """
    if not keep_below:
        db.execute("DELETE FROM docmap")
    else:
        db.execute("DELETE FROM docmap WHERE docnum >= ?", (keep_below,))
        for chunk, marks in _chunks(set(gone)):
            db.execute(f"DELETE FROM docmap WHERE docnum < ? AND article_id IN ({marks})", [keep_below, *chunk])
    for leaf, offset in reader.leaf_readers():
        if offset + leaf.doc_count_all() <= keep_below:
            continue
        db.executemany("INSERT INTO docmap VALUES (?, ?)",
                       ((offset + docnum, stored["id"]) for docnum, stored in leaf.iter_docs()
                        if offset + docnum >= keep_below))


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


#: The live state of a generation, changed in the same transaction as its rows: committing it is
#: what makes a build's changes live (and a build killed before that leaves nothing of itself).
STATE_TABLE = "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Run DDL statements one by one (``executescript`` would commit the open transaction first)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def read_state(db: sqlite3.Connection) -> dict:
    """The state: ``generation`` (int), ``whoosh_gen`` (int), ``whoosh_files`` ({name: size}), ``built``."""
    try:
        raw = dict(db.execute("SELECT key, value FROM state"))
    except sqlite3.OperationalError:
        return {}
    return {k: json.loads(v) for k, v in raw.items()}


def write_state(db: sqlite3.Connection, **values) -> None:
    db.executemany("INSERT OR REPLACE INTO state VALUES (?, ?)", ((k, json.dumps(v)) for k, v in values.items()))
