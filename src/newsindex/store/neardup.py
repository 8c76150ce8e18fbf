"""Near-duplicate articles, found while building and kept in the store: the query process only reads them.

Each article's MinHash signature (:func:`newsindex.dedup.signature`, made in the parse worker)
is cut into LSH bands; an article added by a build looks up the articles sharing a band with it
(an indexed lookup per band, whatever the corpus size), keeps those whose signatures suggest a
copy, and checks each against its stored body with the exact rule of :mod:`newsindex.dedup`
(containment of 5-word shingles ≥ 0.8 of the smaller text). Copies found are pairs; groups are
the pairs closed under "is a copy of", re-made at the end of a build from the pairs alone (so
their cost follows the number of copies, not of articles).

Tables (created with the store's, :mod:`.sqlstore`):

| table | row |
|---|---|
| neardup | one per article with enough text: doc number, article id, shingle count, body length, signature |
| lsh | (band key, doc number) for every band of every signature |
| dup_pairs | (a, b, jaccard, containment): two articles found to be copies (a < b) |
| dup_groups | (article id, representative, place in its group) for every member of a group |

Not counted, unlike :func:`newsindex.dedup.duplicate_groups` over a set of documents: shingles
shared by hundreds of articles (boilerplate); a build sees one article at a time, so only texts
of at least ``MIN_SHINGLES`` shingles are compared.
"""

from __future__ import annotations

import sqlite3
import time
import zlib

from .. import dedup

TABLES = """
CREATE TABLE IF NOT EXISTS neardup (doc INTEGER PRIMARY KEY, article_id TEXT NOT NULL UNIQUE, shingles INTEGER,
                                    body_len INTEGER, sig BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS lsh (key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dup_pairs (a TEXT NOT NULL, b TEXT NOT NULL, jaccard REAL, containment REAL,
                                      PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dup_pairs_b ON dup_pairs(b);
CREATE TABLE IF NOT EXISTS dup_groups (article_id TEXT PRIMARY KEY, rep TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS dup_groups_rep ON dup_groups(rep, seq);
"""

#: Candidates whose signatures estimate a containment below this are not checked on their text.
ESTIMATE_FLOOR = dedup.THRESHOLD - 0.2


class Finder:
    """The near-duplicate side of one build: add and remove articles, then :meth:`finish`."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.changed = False
        self.checked = 0  # candidates checked on their text (for the bench)
        self.seconds = 0.0  # time spent here (for the build report)

    def remove(self, article_id: str) -> None:
        started = time.perf_counter()
        try:
            self._remove(article_id)
        finally:
            self.seconds += time.perf_counter() - started

    def add(self, article_id: str, shingles: int, body_len: int, sig: bytes | None, body_z: bytes) -> None:
        """Record one article and the copies of it among the articles recorded before."""
        started = time.perf_counter()
        try:
            self._add(article_id, shingles, body_len, sig, body_z)
        finally:
            self.seconds += time.perf_counter() - started

    def _remove(self, article_id: str) -> None:
        db = self.db
        row = db.execute("SELECT doc, sig FROM neardup WHERE article_id = ?", (article_id,)).fetchone()
        if row is not None:
            db.executemany("DELETE FROM lsh WHERE key = ? AND doc = ?", ((k, row[0]) for k in dedup.band_keys(row[1])))
            db.execute("DELETE FROM neardup WHERE doc = ?", (row[0],))
        if db.execute("DELETE FROM dup_pairs WHERE a = ? OR b = ?", (article_id, article_id)).rowcount:
            self.changed = True
        if db.execute("SELECT 1 FROM dup_groups WHERE article_id = ?", (article_id,)).fetchone():
            self.changed = True

    def _add(self, article_id: str, shingles: int, body_len: int, sig: bytes | None, body_z: bytes) -> None:
        if sig is None:
            return
        db = self.db
        keys = dedup.band_keys(sig)
        marks = ",".join("?" * len(keys))
        candidates = db.execute(
            f"SELECT DISTINCT n.doc, n.article_id, n.shingles, n.sig FROM lsh JOIN neardup n USING (doc) "
            f"WHERE lsh.key IN ({marks})", keys).fetchall()
        doc = db.execute("INSERT OR REPLACE INTO neardup (article_id, shingles, body_len, sig) VALUES (?, ?, ?, ?)",
                         (article_id, shingles, body_len, sig)).lastrowid
        db.executemany("INSERT OR IGNORE INTO lsh VALUES (?, ?)", ((k, doc) for k in keys))
        mine = None
        for _, other, n_other, other_sig in candidates:
            if other == article_id:
                continue
            estimate = dedup.estimated_containment(dedup.estimated_jaccard(sig, other_sig), shingles, n_other)
            if estimate < ESTIMATE_FLOOR:
                continue
            if mine is None:
                mine = dedup.shingles(zlib.decompress(body_z).decode("utf-8"))
            row = db.execute("SELECT data FROM bodies WHERE article_id = ?", (other,)).fetchone()
            if row is None:
                continue
            self.checked += 1
            sim = dedup.similarity(mine, dedup.shingles(zlib.decompress(row[0]).decode("utf-8")))
            if sim["containment"] >= dedup.THRESHOLD:
                a, b = sorted((article_id, other))
                db.execute("INSERT OR REPLACE INTO dup_pairs VALUES (?, ?, ?, ?)",
                           (a, b, sim["jaccard"], sim["containment"]))
                self.changed = True

    def finish(self) -> None:
        """Re-make the groups from the pairs (only where something changed)."""
        if not self.changed:
            return
        started = time.perf_counter()
        db = self.db
        pairs = db.execute("SELECT a, b FROM dup_pairs").fetchall()
        ids = sorted({x for p in pairs for x in p})
        facts: dict[str, tuple] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for aid, published, body_len in db.execute(
                    f"SELECT a.article_id, a.published, n.body_len FROM articles a LEFT JOIN neardup n USING (article_id) "
                    f"WHERE a.article_id IN ({marks})", chunk):
                published = str(published or "")
                facts[aid] = (published == "", published, -(body_len or 0), aid)
        groups = dedup.groups_from_pairs(pairs, lambda aid: facts.get(aid, (True, "", 0, aid)))
        db.execute("DELETE FROM dup_groups")
        db.executemany("INSERT INTO dup_groups VALUES (?, ?, ?)",
                       ((aid, ids[0], seq) for ids in groups for seq, aid in enumerate(ids)))
        self.seconds += time.perf_counter() - started


def groups_of(db: sqlite3.Connection, article_ids) -> dict[str, list[str]]:
    """Article id -> its group's ids (representative first), for the given articles that have copies."""
    ids = list(dict.fromkeys(article_ids))
    reps: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        reps.update(db.execute(f"SELECT article_id, rep FROM dup_groups WHERE article_id IN ({marks})", chunk))
    members: dict[str, list[str]] = {}
    for rep in set(reps.values()):
        members[rep] = [r[0] for r in db.execute("SELECT article_id FROM dup_groups WHERE rep = ? ORDER BY seq", (rep,))]
    return {aid: members[rep] for aid, rep in reps.items()}
