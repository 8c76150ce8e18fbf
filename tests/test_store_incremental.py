"""Incremental builds change only what changed: and what they keep up to date equals what a full recount makes.

A re-build after a small change reads the pages of the store its transaction changed (from SQLite's
rollback journal), the Whoosh segments it wrote or merged (the document table), and the counts of
the companies and outlets of the articles it added or removed. After every build of a sequence
that adds, changes, touches and removes files (with enough of them for Whoosh to merge segments),
each of the three must equal what reading everything again gives.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from newsindex.records import Article, Claim, Company, Figure
from newsindex.store import storecheck
from newsindex.store.build import build
from newsindex.store.layout import STORE, WHOOSH_DIR, _current
from newsindex.store.sqlstore import _store_counts
from newsindex.store.whoosh_internals import open_searcher, storage

OUTLETS = ["Harbour Gazette", "Valley Wire", None]
COMPANIES = ["Hikvision", "Huawei", "SenseTime", "Dahua", "Alibaba"]


def parser(path: Path, rel: str, source):
    """Articles from our own one-line files: `<n> <words...>`; outlet, companies and items follow n."""
    text = path.read_text(encoding="utf-8")
    n = int(text.split()[0])
    aid = hashlib.sha256(f"{rel}\0{text}".encode()).hexdigest()[:16]
    names = [COMPANIES[(n + k) % len(COMPANIES)] for k in range(1 + n % 3)]
    companies = [Company(name=c, mentions=1 + n % 2, aliases=[c.upper()] if n % 2 else []) for c in names]
    figures = [Figure(id=f"{aid}:f{i}", text=f"{n + i}%", value=n + i, unit="percent", companies=names[:1],
                      sentence=f"Sales rose {n + i}% at {names[0]}.") for i in range(1 + n % 2)]
    claims = [Claim(id=f"{aid}:c0", text=f"{names[0]} said sales rose {n}%", speaker=names[0], verb="said",
                    companies=names[:1])]
    return Article(id=aid, path=rel, sha256=hashlib.sha256(text.encode()).hexdigest(), body=text,
                   title=f"Story {n}", outlet=OUTLETS[n % len(OUTLETS)], published=f"2020-01-{1 + n % 28:02d}",
                   companies=companies, figures=figures, claims=claims)


def write(corpus: Path, name: str, n: int, extra: str = "") -> None:
    words = " ".join(f"word{(n * 7 + k) % 53}" for k in range(40))
    (corpus / name).write_text(f"{n} cameras and sensors {words} {extra}\n", encoding="utf-8")


def _store(index: Path) -> Path:
    return _current(index)[1] / STORE


def check_against_full_reading(index: Path) -> None:
    store = _store(index)
    # 1. the recorded page checksums are those of every page
    record = storecheck._read_record(store)
    assert record is not None and record["size"] == store.stat().st_size
    assert storecheck._read_pages(store.with_name(storecheck.STORE_PAGES)) == storecheck.page_crcs(store)[1]
    db = sqlite3.connect(store)
    try:
        # 2. the document table is what the live Whoosh generation holds
        gen = int(dict(db.execute("SELECT key, value FROM state"))["whoosh_gen"])
        searcher, _ = open_searcher(storage(store.parent / WHOOSH_DIR, readonly=True), gen)
        try:
            expected = sorted((offset + d, stored["id"]) for leaf, offset in searcher.reader().leaf_readers()
                              for d, stored in leaf.iter_docs())
        finally:
            searcher.close()
        assert sorted(db.execute("SELECT docnum, article_id FROM docmap")) == expected
        assert {a for _, a in expected} == {r[0] for r in db.execute("SELECT article_id FROM articles")}
        kept_counts = (sorted(db.execute("SELECT * FROM company_counts")), sorted(db.execute("SELECT * FROM outlet_counts")))
    finally:
        db.close()
    # 3. the counts are what counting everything again gives
    copy = store.with_name("recount.sqlite")
    shutil.copyfile(store, copy)
    db = sqlite3.connect(copy)
    try:
        _store_counts(db)
        assert kept_counts == (sorted(db.execute("SELECT * FROM company_counts")),
                               sorted(db.execute("SELECT * FROM outlet_counts")))
    finally:
        db.close()
        copy.unlink()


@pytest.fixture
def corpus_index(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(12):
        write(corpus, f"s{n:02d}.txt", n)
    index = tmp_path / "index"
    build(corpus, index, parser=parser)
    return corpus, index


def test_each_incremental_build_keeps_checksums_docmap_and_counts_equal_to_a_full_reading(corpus_index, monkeypatch):
    corpus, index = corpus_index
    check_against_full_reading(index)
    updated = []  # whether each build updated the checksums from the journal (not by reading every page)
    original = storecheck._updated

    def spy(*args):
        got = original(*args)
        updated.append(got is not None)
        return got

    monkeypatch.setattr(storecheck, "_updated", spy)
    steps = [
        lambda: write(corpus, "s03.txt", 3, "changed"),  # one changed
        lambda: [write(corpus, f"new{n}.txt", 20 + n) for n in range(3)],  # added, new companies' counts
        lambda: (corpus / "s05.txt").unlink(),  # removed
        lambda: [write(corpus, f"s{n:02d}.txt", n + 1) for n in (0, 1, 2)],  # several changed: outlets move
        lambda: os.utime(corpus / "s07.txt", ns=(1, 1)),  # touched, same bytes
        lambda: [(corpus / f"new{n}.txt").unlink() for n in range(3)],  # a company's last articles gone
        *[lambda n=n: write(corpus, f"more{n}.txt", 40 + n) for n in range(6)],  # one segment each: merges
        lambda: [write(corpus, f"s{n:02d}.txt", 60 + n) for n in range(12) if n != 5],  # nearly all changed
    ]
    for step in steps:
        step()
        report = build(corpus, index, parser=parser)
        assert not report.failed
        check_against_full_reading(index)
    assert updated and all(updated)


def test_a_byte_flipped_after_an_incremental_build_is_found_by_the_next(corpus_index):
    corpus, index = corpus_index
    write(corpus, "s04.txt", 4, "changed")
    assert build(corpus, index, parser=parser).updated == 1
    store = _store(index)
    raw = bytearray(store.read_bytes())
    at = len(raw) // 2 // 4096 * 4096 + 1000
    for i in range(at, at + 16):
        raw[i] ^= 0x5A
    store.write_bytes(bytes(raw))
    report = build(corpus, index, parser=parser)
    assert report.reason == "the index was damaged: rebuilding it"
    assert build(corpus, index, parser=parser).reason is None


def test_the_same_bytes_under_another_stat_are_read_once_and_not_damage(corpus_index, monkeypatch):
    """A store copied over itself (new inode, new ctime): every page is read and found the same,
    nothing is rebuilt, and the build after that reads nothing."""
    corpus, index = corpus_index
    store = _store(index)
    copy = store.with_name("copy.sqlite")
    shutil.copyfile(store, copy)
    os.replace(copy, store)
    reads = []
    original = storecheck.page_crcs
    monkeypatch.setattr(storecheck, "page_crcs", lambda *a: reads.append(1) or original(*a))
    report = build(corpus, index, parser=parser)
    assert report.reason is None and not report.changed
    assert len(reads) == 1
    build(corpus, index, parser=parser)
    assert len(reads) == 1


def test_without_a_journal_every_page_is_read(corpus_index, monkeypatch):
    """Where the journal cannot tell the changed pages, the record is made from every page (never wrong)."""
    corpus, index = corpus_index
    monkeypatch.setattr(storecheck, "changed_pages", lambda store, start: None)
    write(corpus, "s02.txt", 2, "changed")
    assert build(corpus, index, parser=parser).updated == 1
    check_against_full_reading(index)


@pytest.mark.parametrize("cache_pages", [10, 100_000])
def test_changed_pages_name_every_page_a_transaction_changed(tmp_path, cache_pages):
    """Straight on SQLite: deletes (pages freed), inserts reusing them, updates scattered over the
    file and growth past its end; with a small cache the journal is synced mid-transaction (spilled
    pages, a second journal segment). The record updated from the journal equals a full reading."""
    store = tmp_path / "s.sqlite"
    db = sqlite3.connect(store, isolation_level=None)
    db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB)")
    db.execute("BEGIN")
    db.executemany("INSERT INTO t VALUES (?, ?)", ((hashlib.md5(str(i).encode()).hexdigest(), os.urandom(300))
                                                 for i in range(4000)))
    db.execute("COMMIT")
    db.execute("DELETE FROM t WHERE rowid % 7 = 0")  # a freelist before the transaction
    storecheck.record_store(store)
    for round_ in range(3):
        db.execute(f"PRAGMA cache_size = {cache_pages}")
        db.execute("BEGIN IMMEDIATE")
        start = storecheck.at_start(store)
        assert start is not None
        db.execute("DELETE FROM t WHERE rowid % 5 = ?", (round_,))
        db.executemany("INSERT INTO t VALUES (?, ?)", ((f"new{round_}-{i}", os.urandom(200 + i % 900))
                                                     for i in range(1500 + 1000 * round_)))
        db.execute("UPDATE t SET v = randomblob(310) WHERE rowid % 11 = ?", (round_,))
        changed = storecheck.changed_pages(store, start)
        assert changed is not None
        db.execute("COMMIT")
        storecheck.record_store(store, changed, start)
        assert storecheck._read_pages(store.with_name(storecheck.STORE_PAGES)) == storecheck.page_crcs(store)[1]
    db.close()
