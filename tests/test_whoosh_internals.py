"""Every use of Whoosh's private API (src/newsindex/store/whoosh_internals.py) against the pinned
version: each test fails loudly, naming what changed, if an upgrade moves or changes what it uses.
"""

from __future__ import annotations

from importlib.metadata import version

import pytest

from newsindex.store import whoosh_internals as WI


def test_the_pinned_version():
    assert version("whoosh-reloaded") == "2.7.5", "whoosh_internals.py was checked against 2.7.5 only: re-check it"


def test_the_private_names_exist():
    from whoosh.codec.whoosh3 import W3LeafMatcher, W3PerDocReader
    from whoosh.index import TOC, FileIndex
    from whoosh.query import MultiTerm
    from whoosh.writing import SegmentWriter

    for obj, names in [(W3PerDocReader, ["_cached_reader"]),
                       (W3LeafMatcher, ["_read_ids", "_read_weights", "_next_block"]),
                       (TOC, ["_latest_generation", "_segment_pattern", "_filename", "read"]),
                       (FileIndex, ["_reader"]), (SegmentWriter, ["_commit_toc"]), (MultiTerm, ["_btexts"])]:
        for name in names:
            assert hasattr(obj, name), f"Whoosh changed: {obj.__name__}.{name} is gone"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A Whoosh folder with two TOC generations: three documents, then one deleted and one added."""
    from whoosh import fields

    path = tmp_path_factory.mktemp("whoosh")
    st = WI.storage(path)
    schema = fields.Schema(id=fields.ID(stored=True, unique=True), body=fields.TEXT(), tag=fields.KEYWORD())
    ix = st.create_index(schema)
    w = ix.writer()
    for i, text in enumerate(["camera camera data", "camera", "data leaks"]):
        w.add_document(id=str(i), body=text, tag="t")
    first = WI.commit_keeping_files(w)
    w = ix.writer()
    w.delete_by_term("id", "1")
    w.add_document(id="3", body="camera leaks", tag="t")
    second = WI.commit_keeping_files(w)
    return st, first, second


def test_postings_block_reading_equals_whooshs_own_walk(folder):
    st, first, second = folder
    for gen in (first, second):
        searcher, _ = WI.open_searcher(st, gen)
        try:
            reader = searcher.reader()
            for term in ("camera", "data", "leaks", "absent"):
                ids, weights = WI.postings(reader, "body", term)
                want = []
                if reader.frequency("body", term):
                    m = reader.postings("body", term)
                    while m.is_active():
                        want.append((m.id(), m.weight()))
                        m.next()
                assert list(zip(ids, weights)) == want, (gen, term)
        finally:
            searcher.close()


def test_generations_stay_side_by_side_and_open_by_number(folder):
    st, first, second = folder
    assert WI.latest_generation(st) == second > first
    counts = {}
    for gen in (first, second):
        searcher, _ = WI.open_searcher(st, gen)
        counts[gen] = sorted(d["id"] for d in searcher.documents())
        searcher.close()
    assert counts == {first: ["0", "1", "2"], second: ["0", "2", "3"]}
    assert WI.generation_files(st, first) & WI.generation_files(st, second)  # unchanged segments are shared


def test_remove_unused_keeps_exactly_what_the_kept_generations_use(folder, tmp_path):
    import shutil

    st, first, second = folder
    copy = tmp_path / "copy"
    shutil.copytree(st.folder, copy)
    cst = WI.storage(copy)
    WI.remove_unused(cst, keep=[second])
    assert set(cst) == WI.generation_files(cst, second)
    searcher, _ = WI.open_searcher(cst, second)
    assert searcher.doc_count() == 3
    searcher.close()


def test_expansions_are_the_prefix_terms(folder):
    from whoosh import query as Q

    st, _, second = folder
    searcher, _ = WI.open_searcher(st, second)
    try:
        assert sorted(WI.expansions(Q.Prefix("body", "ca"), searcher.reader())) == ["camera"]
        assert sorted(WI.expansions(Q.Wildcard("body", "*a*"), searcher.reader())) == ["camera", "data", "leaks"]
    finally:
        searcher.close()


def test_remembered_missing_columns_give_the_same_lengths(folder):
    st, _, second = folder
    WI.remember_missing_columns()
    searcher, _ = WI.open_searcher(st, second)
    try:
        reader = searcher.reader()
        assert [reader.doc_field_length(d, "tag") for d in reader.all_doc_ids()] == [0, 0, 0]  # KEYWORD: no lengths
        assert [reader.doc_field_length(d, "body") for d in reader.all_doc_ids()] == [3, 2, 2]
    finally:
        searcher.close()


def test_the_stemming_analyser_still_has_the_parts_the_fast_path_reads():
    assert WI._stem_parts() is not None, "Whoosh's StemmingAnalyzer changed: stem_tokens falls back to the slow path"
