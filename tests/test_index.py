"""The index: figure values, incremental builds, atomic generations, the lock, foreign and damaged folders."""

from __future__ import annotations

import json
import os
import signal
import stat
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from newsindex import index, search
from newsindex.errors import BadIndex, IndexBusy, NoIndex
from newsindex.index import BuildLock, build, open_index

# --- figure values ----------------------------------------------------------------------

VALUES = [-12, -1.5, -0.001, 0, 0.25, 46, 1.8e6, 7.5e9, 7.7e9, 1e300]


def test_whoosh_float_sortable_field_is_broken(tmp_path):
    """Why figure values live in the side store (a REAL column), not in Whoosh: its sortable float field fails."""
    from whoosh import fields
    from whoosh.filedb.filestore import FileStorage

    ix = FileStorage(str(tmp_path)).create_index(fields.Schema(v=fields.NUMERIC(float, sortable=True)))
    w = ix.writer()
    with pytest.raises(struct.error):
        w.add_document(v=7.5e9)
        w.commit()


@pytest.fixture(scope="module")
def value_index(tmp_path_factory):
    """One article whose figures carry VALUES (and one without a number), indexed."""
    from newsindex.records import Article, Figure

    root = tmp_path_factory.mktemp("values")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Values.\n", encoding="utf-8")

    def parser(path, rel, source):
        figures = [Figure(id=f"v:f{i}", text=str(v), value=v, unit="USD") for i, v in enumerate(VALUES)]
        figures.append(Figure(id="v:fnan", text="?", value=float("nan"), unit="USD"))
        return Article(id="v", path=rel, sha256="0", body="Values.", published="2019-10-08", figures=figures)

    build(corpus, root / "index", parser=parser)
    return root / "index"


def _values(rows) -> list:
    return [VALUES[int(r["id"].split(":f")[1])] for r in rows if not r["id"].endswith("nan")]


def test_values_sort_floats_negatives_and_billions(value_index):
    rows = list(search.iter_rows("figures", index_dir=value_index, sort="value"))
    assert _values(rows) == sorted(VALUES, reverse=True) and rows[-1]["id"] == "v:fnan"  # no value: last
    rows = list(search.iter_rows("figures", index_dir=value_index, sort="value", reverse=True))
    assert _values(rows) == sorted(VALUES) and rows[-1]["id"] == "v:fnan"


@pytest.mark.parametrize("low,high,expected", [
    (-20, 0, [-12, -1.5, -0.001, 0]),
    (-1.5, -1.5, [-1.5]),
    (7.5e9, None, [7.5e9, 7.7e9, 1e300]),
    (None, 0.25, [-12, -1.5, -0.001, 0, 0.25]),
    (1e6, 7.6e9, [1.8e6, 7.5e9]),
    (0.002, 0.3, [0.25]),
    (0.0005, 0.0009, []),  # no rounding: nothing lies between
])
def test_value_ranges(value_index, low, high, expected):
    f = search.parse_filters(min_value=low, max_value=high)
    rows = list(search.iter_rows("figures", None, f, index_dir=value_index))
    assert sorted(_values(rows)) == sorted(expected)
    assert all(not r["id"].endswith("nan") for r in rows)  # a figure without a number is in no range


# --- what a build prepares ----------------------------------------------------------------

def test_prepared_rows_carry_article_context():
    from newsindex.records import Article, Claim, Figure

    a = Article(id="abc", path="x.txt", sha256="0", body="Cameras were watching.", title="T", outlet="Reuters",
                published="2019-10-08",
                claims=[Claim(id="abc:c1", text="x said cameras", speaker="X", verb="Said", companies=["Hikvision"])],
                figures=[Figure(id="abc:f1", text="$1", value=1, unit="USD", companies=["A, Inc"], sentence="It cost $1.")])
    p = index.prepare(a)
    assert p.doc["id"] == "abc" and p.doc["body"] == ["camera", "were", "watch"]
    assert p.doc["date"].isoformat() == "2019-10-08T00:00:00" and p.doc["date"].tzinfo is None
    assert p.doc["month"] == "2019-10"
    cols = ("id", "article_id", "kind", "seq", "published", "outlet", "outlet_k", "speaker", "verb_k", "unit_k",
            "metric_k", "value", "subject", "companies", "tokens")
    claim, figure = (dict(zip(cols, row)) for row in p.items)
    assert claim["kind"] == "c" and claim["verb_k"] == "said" and claim["tokens"] == " said camera "  # one letter: not indexed; padded
    assert figure["unit_k"] == "usd" and figure["value"] == 1.0 and figure["outlet_k"] == "reuters"
    assert ("abc:f1", "abc", "f", "a  inc") in p.item_companies  # a comma inside a name does not split it
    assert [(r[0], r[2]) for r in p.records] == [("abc", "articles"), ("abc:claims", "claims"), ("abc:figures", "figures")]
    bundles = [index.unpack(r[3]) for r in p.records[1:]]  # one per kind: the article's context once, its rows in order
    assert all(b["context"]["article_id"] == "abc" and b["context"]["title"] == "T" for b in bundles)
    assert [[row["id"] for row in b["rows"]] for b in bundles] == [["abc:c1"], ["abc:f1"]]
    undated = index.prepare(Article(id="u", path="u.txt", sha256="0", body="b"))
    assert "date" not in undated.doc and undated.article[2] is None


# --- incremental builds ------------------------------------------------------------------

class CountingParser:
    def __init__(self, parser):
        self.parser = parser
        self.seen: list[str] = []

    def __call__(self, path, rel, source):
        self.seen.append(rel)
        return self.parser(path, rel, source)


N = 10  # the test articles in conftest


@pytest.fixture()
def small(tmp_path, kit):
    assert len(kit.articles) == N
    corpus = kit.write_corpus(tmp_path / "corpus", seeds=False)
    return corpus, tmp_path / "index"


def _ids(index_dir, kind, query=None, **filters):
    return [r["id"] for r in search.iter_rows(kind, query, search.parse_filters(**filters), index_dir=index_dir)]


def test_first_then_noop_build(small, kit):
    corpus, idx = small
    p = CountingParser(kit.parser)
    first = build(corpus, idx, parser=p)
    assert (first.added, first.updated, first.removed, first.unchanged) == (N, 0, 0, 0)
    assert first.generation == 1 and index.generation(idx) == 1
    p.seen.clear()
    again = build(corpus, idx, parser=p)
    assert p.seen == []
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, N)
    assert again.summary().startswith("nothing changed: added 0, updated 0, removed 0, unchanged 10 in ")
    assert index.generation(idx) == 1


def test_edit_reparses_only_that_file(small, kit):
    corpus, idx = small
    p = CountingParser(kit.parser)
    build(corpus, idx, parser=p)
    assert _ids(idx, "articles", "zeppelin") == []
    path = corpus / "nikkei_dahua.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nA zeppelin flew over the plant.\n", encoding="utf-8")
    p.seen.clear()
    report = build(corpus, idx, parser=p)
    assert p.seen == ["nikkei_dahua.txt"]
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 1, 0, N - 1)
    assert len(_ids(idx, "articles", "zeppelin")) == 1
    # the old version's records are gone: one Dahua growth figure, not two
    assert len(_ids(idx, "figures", None, company="Dahua", metric="growth")) == 1
    assert index.generation(idx) == 2


def test_touch_with_same_bytes_is_unchanged(small, kit):
    corpus, idx = small
    p = CountingParser(kit.parser)
    build(corpus, idx, parser=p)
    path = corpus / "bbc_cameras.txt"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    p.seen.clear()
    report = build(corpus, idx, parser=p)
    assert p.seen == [] and not report.changed


def test_delete_and_add(small, kit):
    corpus, idx = small
    build(corpus, idx, parser=kit.parser)
    before = _ids(idx, "claims", None, speaker="Maya Wang")
    assert len(before) == 1
    (corpus / "bbc_cameras.txt").unlink()
    (corpus / "new.md").write_text("A new headline\n\nSomething about quokkas.\n", encoding="utf-8")
    report = build(corpus, idx, parser=kit.parser)
    assert (report.added, report.removed) == (1, 1)
    assert _ids(idx, "claims", None, speaker="Maya Wang") == []
    assert _ids(idx, "figures", None, metric="cameras") == []
    assert len(_ids(idx, "articles", "quokkas")) == 1
    with open_index(idx) as ix:
        assert ix.article_count() == N
        assert "BBC News" not in [r["outlet"] for r in ix.outlet_counts()]


def test_sidecar_change_reparses_that_file(small, kit):
    corpus, idx = small
    p = CountingParser(kit.parser)
    build(corpus, idx, parser=p)
    sidecar = corpus / "sources.toml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace('"BBC News"', '"Quokka Broadcasting"'), encoding="utf-8")
    p.seen.clear()
    report = build(corpus, idx, parser=p)
    assert p.seen == ["bbc_cameras.txt"] and report.updated == 1
    assert len(_ids(idx, "articles", None, outlet="Quokka Broadcasting")) == 1


def test_rebuild_and_parser_change_parse_everything(small, monkeypatch, kit):
    corpus, idx = small
    p = CountingParser(kit.parser)
    build(corpus, idx, parser=p)
    p.seen.clear()
    report = build(corpus, idx, parser=p, rebuild=True)
    assert len(p.seen) == N and report.added == N
    monkeypatch.setattr("newsindex.store.build.parser_fingerprint", lambda *a: "another-parser")
    p.seen.clear()
    report = build(corpus, idx, parser=p)
    assert len(p.seen) == N
    assert report.updated == N and report.reason == "the parser changed: parsing every file again"


def test_bad_files_are_reported_and_the_rest_indexed(small, kit):
    corpus, idx = small
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    report = build(corpus, idx, parser=kit.parser)
    assert sorted(report.failed) == [("binary.txt", "binary file, not text"), ("empty.txt", "empty file")]
    assert report.added == N
    assert "2 file(s) failed" in report.summary()


def test_worker_processes_parse_a_bigger_batch(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    n = index.POOL_THRESHOLD + 6
    for i in range(n):
        (corpus / f"story{i:03d}.txt").write_text(f"Headline number {i}\n\nThe word marker{i} is here.\n", encoding="utf-8")
    seen = []
    report = build(corpus, tmp_path / "index", workers=2, progress=lambda done, total, path: seen.append((done, total)))
    assert report.added == n and not report.failed
    assert seen[-1] == (n, n)
    assert len(_ids(tmp_path / "index", "articles", f"marker{n - 1}")) == 1


# --- atomic generations: SIGKILL ---------------------------------------------------------

BUILD_SCRIPT = "import sys; from newsindex.index import build; build(sys.argv[1], sys.argv[2])"


@pytest.mark.parametrize("checkpoint", ["mid-build", "before-commit", "before-switch"])
def test_sigkill_leaves_previous_generation_searchable(tmp_path, checkpoint, kit):
    corpus = kit.write_corpus(tmp_path / "corpus", seeds=False)
    idx = tmp_path / "index"
    build(corpus, idx, parser=kit.parser)
    before = sorted(_ids(idx, "articles"))
    for i in range(6):  # enough changes that the build is interrupted half way through
        (corpus / f"extra{i}.txt").write_text(f"Extra headline {i}\n\nPlatypus story {i}.\n", encoding="utf-8")
    (corpus / "reuters_blacklist.txt").unlink()
    flag = tmp_path / "reached"
    env = dict(os.environ, NEWSINDEX_TEST_HOLD=f"{checkpoint}:{flag}")
    proc = subprocess.Popen([sys.executable, "-c", BUILD_SCRIPT, str(corpus), str(idx)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not flag.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert flag.exists(), proc.stderr.read().decode() if proc.poll() is not None else "checkpoint not reached"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    # the previous generation is live and complete
    assert index.generation(idx) == 1
    assert sorted(_ids(idx, "articles")) == before
    assert _ids(idx, "articles", "platypus") == []
    assert len(_ids(idx, "claims", None, company="Hikvision")) == 2
    # the dead build's lock is not "busy"; what it half wrote is cleaned up (the build is in place:
    # one store, and beside the live Whoosh TOC only the one it replaced, for searches opened before)
    report = build(corpus, idx, parser=kit.parser)
    assert (report.added, report.removed) == (6, 1) and index.generation(idx) == report.generation == 2
    assert len(_ids(idx, "articles", "platypus")) == 6
    assert [p.name for p in idx.iterdir() if p.name.startswith("gen-")] == ["gen-000001"]
    tocs = sorted(p.name for p in (idx / "gen-000001" / "whoosh").iterdir() if p.name.endswith(".toc"))
    with index.open_index(idx) as ix:
        assert tocs[-1] == f"_MAIN_{ix.whoosh_gen}.toc" and len(tocs) <= 2


# --- the incremental store: changed in place, one transaction as the switch -------------------------

EXTRA = ("Platypus sighting near the river\n\nA platypus was seen near the river on Monday, residents said. "
         "Hikvision cameras recorded it as it swam past the old bridge.\n")

def test_an_incremental_build_changes_the_store_in_place(small, kit):
    """No copy of the store: the same file, the same folder; only the changed articles are written."""
    corpus, idx = small
    build(corpus, idx, parser=kit.parser)
    store = idx / "gen-000001" / index.STORE
    inode, whoosh_before = store.stat().st_ino, set(os.listdir(idx / "gen-000001" / "whoosh"))
    (corpus / "extra.txt").write_text(EXTRA, encoding="utf-8")
    report = build(corpus, idx, parser=kit.parser)
    assert report.added == 1 and report.generation == index.generation(idx) == 2
    assert store.stat().st_ino == inode and [p.name for p in idx.iterdir() if p.name.startswith("gen-")] == ["gen-000001"]
    whoosh_after = set(os.listdir(idx / "gen-000001" / "whoosh"))
    assert whoosh_before - whoosh_after <= {"_MAIN_0.toc"}  # earlier segments are kept, not re-written
    assert len(_ids(idx, "articles", "platypus")) == 1 and len(_ids(idx, "articles")) == N + 1
    (corpus / "extra.txt").unlink()
    assert build(corpus, idx, parser=kit.parser).removed == 1 and index.generation(idx) == 3
    assert _ids(idx, "articles", "platypus") == [] and len(_ids(idx, "articles")) == N


def test_a_search_opened_before_a_build_keeps_its_generation(small, kit):
    """An open index sees one generation throughout; the build's switch waits for it, then is seen by the next."""
    import threading

    corpus, idx = small
    build(corpus, idx, parser=kit.parser)
    (corpus / "extra.txt").write_text(EXTRA, encoding="utf-8")
    done = threading.Event()
    with open_index(idx) as old:
        t = threading.Thread(target=lambda: (build(corpus, idx, parser=kit.parser), done.set()))
        t.start()
        time.sleep(1.0)  # the build has parsed and waits to commit
        assert old.generation == 1 and _ids(old, "articles", "platypus") == []
        assert len(_ids(old, "articles")) == N and old.article_count() == N
    t.join(60)
    assert done.is_set() and index.generation(idx) == 2 and len(_ids(idx, "articles", "platypus")) == 1


def test_a_build_that_fails_before_its_commit_changes_nothing(small, kit):
    """An exception at the last step before the commit (as a kill there): the store and Whoosh are as before."""
    corpus, idx = small
    build(corpus, idx, parser=kit.parser)
    (corpus / "extra.txt").write_text(EXTRA, encoding="utf-8")

    def failing(*a, **k):
        raise RuntimeError("disk full")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("newsindex.store.build.write_state", failing)
        with pytest.raises(RuntimeError):
            build(corpus, idx, parser=kit.parser)
    assert index.generation(idx) == 1 and _ids(idx, "articles", "platypus") == []
    report = build(corpus, idx, parser=kit.parser)
    assert report.added == 1 and len(_ids(idx, "articles", "platypus")) == 1
    tocs = [p for p in os.listdir(idx / "gen-000001" / "whoosh") if p.endswith(".toc")]
    assert len(tocs) <= 2  # the failed build's TOC is gone


# --- the lock --------------------------------------------------------------------------------

def test_concurrent_build_is_busy(small, kit):
    corpus, idx = small
    build(corpus, idx, parser=kit.parser)
    (corpus / "another.txt").write_text("Another\n\nText.\n", encoding="utf-8")
    with BuildLock(idx):
        with pytest.raises(IndexBusy, match=rf"^index is busy: another build is running \(pid {os.getpid()}\)$"):
            build(corpus, idx, parser=kit.parser)
        assert len(_ids(idx, "articles")) == N  # searching is not blocked by a build
    assert build(corpus, idx, parser=kit.parser).added == 1


def test_stale_lock_file_is_not_busy(small, kit):
    corpus, idx = small
    build(corpus, idx, parser=kit.parser)
    (idx / index.LOCK).write_text("999999", encoding="utf-8")  # left by a process that died
    (corpus / "another.txt").write_text("Another\n\nText.\n", encoding="utf-8")
    assert build(corpus, idx, parser=kit.parser).added == 1


# --- folders that are not (good) indexes -----------------------------------------------------

def test_foreign_folder_is_never_written_or_deleted(small, kit):
    corpus, _ = small
    foreign = corpus.parent / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("precious", encoding="utf-8")
    (foreign / "gen-000001").mkdir()
    for rebuild in (False, True):
        with pytest.raises(BadIndex, match="is not a newsindex index"):
            build(corpus, foreign, rebuild=rebuild, parser=kit.parser)
    with pytest.raises(BadIndex, match="is not a newsindex index"):
        open_index(foreign)
    assert sorted(p.name for p in foreign.iterdir()) == ["gen-000001", "notes.txt"]
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "precious"


def test_empty_folder_becomes_an_index(small, kit):
    corpus, idx = small
    idx.mkdir()
    assert build(corpus, idx, parser=kit.parser).added == N
    assert index.is_index_dir(idx)


def test_no_index_yet(tmp_path):
    with pytest.raises(NoIndex, match="run `newsindex build`"):
        open_index(tmp_path / "nothing")
    assert index.generation(tmp_path / "nothing") == 0


def test_open_or_build_builds_once(small):
    corpus, idx = small
    said = []
    with index.open_or_build(corpus, idx, on_build=said.append) as ix:
        assert ix.article_count() == N
    with index.open_or_build(corpus, idx, on_build=said.append):
        pass
    assert len(said) == 1 and said[0].startswith("No index yet: building it from")


def test_old_format_is_detected_and_rebuilt(small, kit):
    corpus, idx = small
    build(corpus, idx, parser=kit.parser)
    meta_path = idx / "gen-000001" / index.GEN_META
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta_path.write_text(json.dumps(dict(meta, format=index.INDEX_FORMAT - 1)), encoding="utf-8")
    with pytest.raises(BadIndex, match=r"incompatible version of newsindex .* run `newsindex build --rebuild`"):
        open_index(idx)
    report = build(corpus, idx, parser=kit.parser)
    assert report.added == N and "another version" in report.reason
    with open_index(idx) as ix:
        assert ix.article_count() == N


@pytest.mark.parametrize("current", ["gen-999999\n", "../../etc\n", "garbage"])
def test_damaged_pointer_is_reported(small, current, kit):
    corpus, idx = small
    build(corpus, idx, parser=kit.parser)
    (idx / index.CURRENT).write_text(current, encoding="utf-8")
    with pytest.raises(BadIndex, match=r"damaged .*newsindex build --rebuild"):
        open_index(idx)
    assert build(corpus, idx, parser=kit.parser, rebuild=True).added == N
    assert index.generation(idx) >= 1


def _snapshot(root: Path):
    return sorted((str(p.relative_to(root)), p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*"))


def test_read_only_index_serves_searches(small, kit):
    corpus, idx = small
    build(corpus, idx, parser=kit.parser)
    before = _snapshot(idx)
    paths = [idx, *idx.rglob("*")]
    modes = {p: p.stat().st_mode for p in paths}
    try:
        for p in paths:
            p.chmod(stat.S_IMODE(modes[p]) & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        result = search.search("claims", "surveillance", search.parse_filters(company="Dahua"), index_dir=idx)
        assert [r["speaker"] for r in result.rows] == ["Dahua"]
        with open_index(idx) as ix:
            assert ix.article(result.rows[0]["article_id"])["outlet"] == "Nikkei Asia"
    finally:
        for p in reversed(paths):
            p.chmod(stat.S_IMODE(modes[p]))
    assert _snapshot(idx) == before


# --- Whoosh remembers a missing lengths column ----------------------------------------------

@pytest.fixture(scope="module")
def with_and_without_column_cache(kit, tmp_path_factory):
    """The test corpus built twice: with the missing-column cache and with Whoosh's own method."""
    from whoosh.codec.whoosh3 import W3PerDocReader

    index.remember_missing_columns()
    patched = W3PerDocReader._cached_reader
    root = tmp_path_factory.mktemp("colcache")
    corpus = kit.write_corpus(root / "corpus")
    build(corpus, root / "cached", parser=kit.parser)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(W3PerDocReader, "_cached_reader", patched.__wrapped__)
        build(corpus, root / "plain", parser=kit.parser)
    return root / "cached", root / "plain", patched


@pytest.mark.parametrize("kind,query,filters", [
    ("articles", "surveillance", {}),
    ("articles", '"facial recognition"', {}),
    ("articles", None, {"outlet": "Reuters"}),
    ("articles", "shares", {"since": "2019-01-01", "until": "2019-12-31"}),
    ("claims", None, {"company": "Hikvision"}),
    ("figures", None, {"unit": "USD", "min_value": "1000000"}),
    ("articles", "zzzznotaword", {}),  # trap: nothing matches either way
])
def test_missing_column_cache_keeps_hits_and_scores(with_and_without_column_cache, kind, query, filters):
    from whoosh.codec.whoosh3 import W3PerDocReader

    cached, plain, patched = with_and_without_column_cache
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(W3PerDocReader, "_cached_reader", patched.__wrapped__)
        want = search.search(kind, query, search.parse_filters(**filters), index_dir=plain, limit=50)
    got = search.search(kind, query, search.parse_filters(**filters), index_dir=cached, limit=50)
    assert [r["id"] for r in got.rows] == [r["id"] for r in want.rows]
    assert (got.total, got.facets) == (want.total, want.facets)


def test_missing_column_is_looked_up_once_per_reader(with_and_without_column_cache):
    cached = with_and_without_column_cache[0]
    from newsindex.store.whoosh_internals import open_searcher, storage

    with open_index(cached) as ix:
        searcher, _ = open_searcher(storage(ix.gen_dir / "whoosh", readonly=True), ix.whoosh_gen)
        reader = searcher.reader()
        try:
            perdoc = reader.leaf_readers()[0][0]._perdoc
            calls = []
            original = perdoc._storage.file_exists
            perdoc._storage.file_exists = lambda name: calls.append(name) or original(name)
            lengths = {perdoc.doc_field_length(0, "outlet") for _ in range(50)}  # KEYWORD: no lengths column
            assert lengths == {0} and len(calls) == 1
            assert perdoc.doc_field_length(0, "body") >= 0 and len(calls) == 2  # a real column, read once
        finally:
            reader.close()


# --- the fast stemming path ------------------------------------------------------------------

_TEXT = st.lists(st.sampled_from(list("abcdeyz ABCYZ09.*,'-_\n\tİßéñ\u0307\u00a0")
                                 + ["the ", "and ", "running ", "Cities ", "U.S. ", "e-mail"]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_stem_tokens_are_what_the_analyser_makes(text):
    analyzer = index._analyzers()["stem"]
    assert index.stem_tokens(text) == [t.text for t in analyzer(text, mode="index")]


@pytest.mark.parametrize("text,expected", [
    ("Surveillance cameras were watching the cities", ["surveil", "camera", "were", "watch", "citi"]),
    ("U.S. officials", ["u.", "offici"]),  # as Whoosh's Porter stemmer has it
    ("a I x", []),  # single letters: not indexed
    ("", []),
])
def test_stem_tokens_rows(text, expected):
    assert index.stem_tokens(text) == expected
