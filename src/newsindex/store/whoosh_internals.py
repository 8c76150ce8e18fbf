"""Every use of Whoosh's private API, in one place (tests/test_whoosh_internals.py fails loudly when the pinned version changes them)."""

from __future__ import annotations

import functools

from .schema import _analyzers


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


# --- one Whoosh folder holding several generations (TOCs) ------------------------------------------
#
# A generation's store names the Whoosh TOC generation it goes with (:mod:`.sqlstore`'s state):
# readers open exactly that TOC, a build writes the next one beside it without deleting anything
# (Whoosh's own commit deletes every other TOC and every segment the new one does not use), and
# files no kept TOC uses are removed only after the store has switched.

INDEX_NAME = "MAIN"  # Whoosh's default index name


class _NoLock:
    """Whoosh's write lock, not taken: the build lock (:mod:`.lock`) already keeps builds apart,
    and a flock taken by a build that died in this process would otherwise stay held."""

    def acquire(self, blocking=False):
        return True

    def release(self):
        pass


def storage(folder, *, readonly: bool = False):
    """A Whoosh FileStorage for a folder (writable ones without Whoosh's write lock)."""
    from whoosh.filedb.filestore import FileStorage

    remember_missing_columns()
    st = FileStorage(str(folder), readonly=readonly)
    if not readonly:
        st.lock = lambda name: _NoLock()
    return st


def open_searcher(st, gen: int):
    """(searcher, schema) of one TOC generation of a Whoosh folder (not necessarily the latest)."""
    from whoosh.index import TOC, FileIndex
    from whoosh.searching import Searcher

    toc = TOC.read(st, INDEX_NAME, gen=gen)
    reader = FileIndex._reader(st, toc.schema, toc.segments, toc.generation)
    return Searcher(reader), toc.schema


def latest_generation(st) -> int:
    from whoosh.index import TOC

    return TOC._latest_generation(st, INDEX_NAME)


def commit_keeping_files(writer) -> int:
    """Commit a Whoosh writer without deleting the files of earlier TOCs; the new TOC's generation."""
    from whoosh.index import TOC

    def _commit_toc(segments):
        TOC(writer.schema, segments, writer.generation).write(writer.storage, writer.indexname)

    writer._commit_toc = _commit_toc
    writer.commit()
    return writer.generation


def segment_layout(st, gen: int) -> list[tuple[str, int]]:
    """(segment id, documents counted with the deleted ones) of each segment of one TOC
    generation, in document-number order (a reader numbers them in TOC order)."""
    from whoosh.index import TOC

    return [(s.segment_id(), s.doc_count_all()) for s in TOC.read(st, INDEX_NAME, gen=gen).segments]


def kept_prefix(before: list[tuple[str, int]], after: list[tuple[str, int]]) -> int:
    """The document numbers below which two generations' segments are the same (same numbers, same articles)."""
    keep = 0
    for a, b in zip(before, after):
        if a != b:
            break
        keep += a[1]
    return keep


def generation_files(st, gen: int) -> set[str]:
    """The files one TOC generation uses: its TOC and its segments' files."""
    from whoosh.index import TOC

    toc = TOC.read(st, INDEX_NAME, gen=gen)
    segments = {s.segment_id() for s in toc.segments}
    pattern = TOC._segment_pattern(INDEX_NAME)
    out = {TOC._filename(INDEX_NAME, gen)}
    for name in st:
        m = pattern.match(name)
        if m and m.group(1) in segments:
            out.add(name)
    return out


def remove_unused(st, keep: list[int]) -> None:
    """Delete every Whoosh file that none of the `keep` TOC generations uses (earlier and
    abandoned TOCs, merged-away segments, a killed commit's temporary TOC)."""
    used: set[str] = set()
    for gen in keep:
        try:
            used |= generation_files(st, gen)
        except Exception:  # an unreadable TOC keeps nothing
            continue
    for name in list(st):
        if name not in used and name.startswith((f"_{INDEX_NAME}_", f"{INDEX_NAME}_")):
            try:
                st.delete_file(name)
            except OSError:
                pass


def expansions(q, reader):
    """The indexed terms a prefix or wildcard query stands for, as str (``MultiTerm._btexts``:
    Whoosh's public ``expanded_terms`` builds a list of (field, bytes) pairs for every term)."""
    for text in q._btexts(reader):
        yield text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
