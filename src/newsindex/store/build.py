"""Building a generation: finding what changed, parsing in worker processes, writing Whoosh and the store, switching.

Over 600 lines because a build's steps are read here in the order they run (find the changes,
parse, write, commit, switch); the parse pool (``_parse_chunk`` to ``_parse_all``) is what
would move out next, into its own module.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator
from ..corrections import CORRECTIONS, load as load_corrections
from ..errors import BadIndex, ConfigError, DiskFull, IndexBusy, NoIndex, SourceError
from ..safeio import open_regular, read_regular

from .layout import CURRENT, GEN_META, GEN_PREFIX, INDEX_FORMAT, STORE, WHOOSH_DIR, _clean_generations, _current, _fsync_dir, _prepare_dir, _read_json, _write_atomic, default_index_dir
from .lock import BuildLock
from .reader import Index, open_index
from .rows import prepare
from .schema import schema
from . import neardup
from .sqlstore import (STATE_TABLE, STORE_INDEXES, STORE_TABLES, Touched, _store_add, _store_counts, _store_delete, _store_docmap,
                       read_state, run_script, write_state)
from . import storecheck
from .trust import Untrusted, sign
from .whoosh_internals import (commit_keeping_files, generation_files, kept_prefix, open_searcher, remove_unused,
                               segment_layout, storage)


#: Files the parser's output depends on: when they change, every file is parsed again.
PARSER_FILES = ("parse.py", "corpus.py", "sources.py", "records.py", "corrections/*.py", "extract/*.py", "extract/*/*.py", "formats/*.py",
                "data/*.toml", "data/*.json")


#: Builds with fewer files to parse than this run in-process. Two workers halve the parse time of
#: about 12 ms of CPU per file but take about a second of CPU each to start (their imports), so
#: below a hundred or so files the pool costs more than it saves; a 1 % re-build of a few thousand
#: articles paid 1.5 s for its pool (BENCHMARKS.md, 2026-12-01 late).
POOL_THRESHOLD = 128


WORKERS = 2


#: Whoosh's posting pool, in its own accounting (a process holds about as much again in Python
#: objects): when full, it is sorted and spilled to a temporary run, and the runs are merged at the
#: commit. A 5,000-record web archive (one process) peaked at 203 MB with 128, 87 MB with 16 and
#: 104 MB with 32 (BENCHMARKS.md, "Web archives"); smaller pools mean more runs to merge.
WRITER_LIMIT_MB = 32


CHUNK = 16


def open_or_build(corpus_dir, index_dir, *, on_build: Callable[[str], None] | None = None,
                  progress=None) -> Index:
    """Open the index; where there is none yet, build it from the corpus first (zero set-up)."""
    path = Path(index_dir)
    try:
        return open_index(path)
    except Untrusted:  # a cache this installation did not write: made again from the corpus, never read
        corpus = Path(corpus_dir)
        if not corpus.is_dir():
            raise
        if on_build:
            on_build(f"The index at {path} was not written by this installation of newsindex: rebuilding it "
                     f"from {corpus} (`trust_index` opens it as it is)…")
        build(corpus, path, progress=progress, rebuild=True)
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


@dataclass
class BuildReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # articles of multi-article files not indexed
    problems: list[tuple[str, str]] = field(default_factory=list)  # sidecar values that could not be used
    seconds: float = 0.0
    generation: int = 0
    reason: str | None = None  # why every file was parsed again, where it was
    dedup_seconds: float = 0.0  # of `seconds`: finding near-duplicates (in the writer process)
    corrections: list[tuple[str, str]] = field(default_factory=list)  # corrections.toml entries not applied

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
        if self.skipped:
            text += f"; {len(self.skipped)} article(s) skipped"
        if self.problems:
            text += f"; {len(self.problems)} sidecar value(s) could not be used"
        if self.corrections:
            text += f"; {len(self.corrections)} correction(s) could not be applied"
        return text


def parser_fingerprint(corpus_dir=None) -> str:
    """A hash of the parser's code and data tables, and of the user's companies tables
    (``<corpus>/companies.toml``, ``$NEWSINDEX_COMPANIES``): records made by another parser are re-made."""
    root = Path(__file__).resolve().parent.parent  # the newsindex package
    h = hashlib.sha256()
    for extra in (Path(corpus_dir) / "companies.toml" if corpus_dir else None, os.environ.get("NEWSINDEX_COMPANIES")):
        if extra and Path(extra).is_file():
            try:
                h.update(read_regular(extra))
            except OSError as e:
                h.update(f"unreadable: {e}".encode())
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
    with open_regular(path) as fh:  # a FIFO that replaced a file is refused, never waited on
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
    corrections: list = field(default_factory=list)  # its corrections.toml entries (newsindex.corrections)


def parse_source(path: Path, rel: str, source: dict | None):
    """The default parser of a build: read one file and parse it into an Article (path = `rel`).

    A file holding several articles (an export, an archive) gives an iterator instead: an Article
    per part and a ``Skipped`` for each article that could not be read.
    """
    import itertools

    from ..extract.companies import Gazetteer
    from ..parse import parse_path

    depth = rel.count("/")  # `rel` may be the escaped form of the name: count its parts, not its characters
    corpus_root = str(Path(path).parents[depth]) if depth < len(Path(path).parents) else str(Path(path).parent)
    gaz = Gazetteer.for_corpus(corpus_root or ".")  # + the corpus's companies.toml and $NEWSINDEX_COMPANIES
    items = parse_path(path, rel, source=source, gazetteer=gaz)
    head = list(itertools.islice(items, 2))
    if len(head) == 1 and not hasattr(head[0], "reason"):
        return head[0]
    return itertools.chain(head, items)


@dataclass
class _Note:
    """An article of a file that was not indexed (a warning; the file's other articles are)."""

    rel: str
    message: str


@dataclass
class _Done:
    """The end of one file's articles."""

    rel: str


def _parse_chunk(jobs: list[tuple], parser: Callable | None = None) -> Iterator:
    """Parse files and prepare them for the index: for each file its Prepared articles, a _Note for
    each article that was not read, then _Done; or (path, message) when the file cannot be read.

    A job is (path, rel, source[, corrections]): the file's corrections.toml entries are applied
    to its articles before they are prepared (newsindex.corrections). Never raises for bad input.
    A generator, so the articles of a large archive stream through.
    """
    from .. import corrections as fixes
    from ..records import Article

    parser = parser or parse_source
    for path, rel, source, *more in jobs:
        entries = more[0] if more else []
        count = 0
        try:
            result = parser(Path(path), rel, source)
            items = [result] if isinstance(result, Article) else result
            ids: set[str] = set()
            if entries and not isinstance(result, Article):  # several articles: which entry is whose
                items = list(items)
                ids = {a.id for a in items if isinstance(a, Article)}
            for item in items:
                if isinstance(item, Article):
                    count += 1
                    outcome = fixes.apply(item, fixes.select(entries, item, ids)) if entries else None
                    prep = prepare(item)
                    if outcome is not None:
                        prep.unplaced = outcome.messages(rel)
                    yield prep
                else:
                    yield _Note(rel, item.message())
        except Exception as e:  # a parser bug must not stop the build: report the file
            message = e.reason if isinstance(e, SourceError) else f"could not be parsed ({type(e).__name__}: {e})"
            if not count:
                yield (rel, message)
                continue
            yield _Note(rel, f"stopped reading after {count} article(s): {message}")
        if count:
            yield _Done(rel)
        else:
            yield (rel, "no article could be read from the file")


def _parse_chunk_list(jobs, parser=None) -> list:
    """Worker process: a chunk's results as one list."""
    return list(_parse_chunk(jobs, parser))


def _streamed(job) -> bool:
    """Files parsed in this process, their articles streamed (a web archive may hold thousands)."""
    from ..formats.registry import suffix

    return suffix(job.rel) in (".warc", ".warc.gz")


def _parse_all(jobs: list[_Job], workers: int, parser: Callable | None = None) -> Iterator:
    """Parsed results in job order; worker processes for big batches, bounded in flight.

    A custom `parser` (tests, tools) runs in-process; so do web archives (streamed).
    """
    items = [(j.path, j.rel, j.source, j.corrections) for j in jobs if not _streamed(j)]
    streamed = [(j.path, j.rel, j.source, j.corrections) for j in jobs if _streamed(j)]
    yield from _parse_chunk(streamed, parser)
    chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
    if len(items) < POOL_THRESHOLD or workers <= 1 or parser is not None:
        for chunk in chunks:
            yield from _parse_chunk(chunk, parser)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    from .orphans import watch_build

    # forkserver/spawn: workers must not inherit the build lock's file descriptor. Every process of
    # the pool dies with this one, even on SIGKILL (see .orphans).
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    os.environ["NEWSINDEX_BUILD_PID"] = str(os.getpid())  # read by .orphans in the forkserver
    if method == "forkserver":
        context.set_forkserver_preload(["newsindex.store.orphans"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=watch_build,
                             initargs=(os.getpid(),)) as pool:
        pending: deque = deque()
        it = iter(chunks)
        for chunk in it:
            pending.append(pool.submit(_parse_chunk_list, chunk))
            if len(pending) >= workers * 4:
                break
        while pending:
            results = pending.popleft().result()
            nxt = next(it, None)
            if nxt is not None:
                pending.append(pool.submit(_parse_chunk_list, nxt))
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


def _disk_full(e: BaseException, where: Path) -> DiskFull | None:
    """A DiskFull for an OSError ENOSPC/EDQUOT or SQLite's "database or disk is full", else None."""
    from ..safeio import free_space_text, is_disk_full

    if is_disk_full(e):
        target = e.filename or where
    elif isinstance(e, sqlite3.OperationalError) and "full" in str(e):
        target = where / STORE if where.is_dir() else where
    else:
        return None
    return DiskFull(f"disk full while writing {target}: {free_space_text(where)} left — free some space and run "
                    "`newsindex build` again (the previous index is still live; what was written is removed)")


def _tidy(path: Path, live: Path) -> None:
    """Remove what an interrupted build left beside the live generation: other generation folders,
    temporary files, and Whoosh files the live TOC does not use. Only the live TOC is read: it was
    verified (store.trust) when this build opened the index; any other TOC may be planted."""
    _clean_generations(path, keep=live.name)
    try:
        db = sqlite3.connect(live / STORE, timeout=30)  # read-write: a rolled-back build's journal is undone
        try:
            gen = int(read_state(db).get("whoosh_gen"))
        finally:
            db.close()
        remove_unused(storage(live / WHOOSH_DIR), keep=[gen])
    except (sqlite3.Error, TypeError, ValueError, OSError):
        pass


def _plain(path: Path, kind: str) -> bool:
    """True when `path` is a regular file (or folder) itself, not a symbolic link to one."""
    import stat

    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return stat.S_ISDIR(mode) if kind == "dir" else stat.S_ISREG(mode)


def check_configuration(corpus: Path) -> None:
    """Raise ConfigError when the companies tables the build would use cannot be read: the
    corpus's ``companies.toml`` and ``$NEWSINDEX_COMPANIES`` (a missing file included). One line,
    naming the file (and the line, where TOML says it), before anything is written."""
    from ..errors import GazetteerError
    from ..extract.companies import ENV_VAR, Gazetteer

    if not (corpus / "companies.toml").is_file() and not os.environ.get(ENV_VAR):
        return  # the built-in table only: it ships with the parser (compiling it here costs 0.3 s for nothing)
    try:
        Gazetteer.for_corpus(corpus)
    except GazetteerError as e:
        raise ConfigError(f"{e} — nothing was built; the index is as it was") from None


def build(corpus_dir, index_dir=None, *, rebuild: bool = False, progress: Callable | None = None,
          workers: int | None = None, parser: Callable | None = None) -> BuildReport:
    """Bring the index up to date with the corpus; returns what changed.

    Incremental by content: a file whose stat is unchanged, or whose bytes hash the same,
    is not parsed again. ``progress(done, total, path)`` is called as files are parsed.
    ``parser(path, rel, source) -> Article`` replaces :func:`parse_source` (run in-process).
    Raises IndexBusy when another build holds the lock, BadIndex for a foreign directory.
    """
    from ..corpus import Sidecars, find_sources, path_text

    started = time.monotonic()
    corpus = Path(corpus_dir)
    path = Path(index_dir) if index_dir is not None else default_index_dir(corpus)
    if not corpus.is_dir():
        raise NoIndex(f"no corpus folder at {corpus} — give one with `corpus` or NEWSINDEX_CORPUS", params=("corpus",))
    workers = workers or int(os.environ.get("NEWSINDEX_WORKERS", WORKERS) or WORKERS)
    check_configuration(corpus)  # a broken companies table stops the build here, not file by file
    corrections = load_corrections(corpus)  # not TOML: stops the build here (ConfigError)
    _prepare_dir(path, rebuild)
    report = BuildReport()
    with BuildLock(path):
        fingerprint = parser_fingerprint(corpus)
        cur = _current(path)
        old_meta = _read_json(cur[1] / GEN_META) if cur else None
        old_files: dict[str, tuple] = {}
        incremental = bool(cur and old_meta and not rebuild and old_meta.get("format") == INDEX_FORMAT
                           and _plain(cur[1], "dir") and _plain(cur[1] / STORE, "file")
                           and _plain(cur[1] / WHOOSH_DIR, "dir"))  # never written through a link
        if cur and old_meta and not rebuild and old_meta.get("format") != INDEX_FORMAT:
            report.reason = "the index was made by another version of newsindex: rebuilding"
        if incremental:
            try:  # a damaged live generation (garbage store, truncated Whoosh files) is rebuilt, not copied
                Index(path, cur[1], cur[0], old_meta).close()
                db = sqlite3.connect(cur[1] / STORE)
                try:
                    same = storecheck.store_unchanged(cur[1] / STORE)  # flipped bytes anywhere, records included
                    if same is False:
                        raise sqlite3.DatabaseError("the store's bytes changed since the build that wrote it")
                    if same is None:  # no record to compare with: SQLite's own check of its pages
                        check = db.execute("PRAGMA quick_check(1)").fetchone()
                        if not check or check[0] != "ok":
                            raise sqlite3.DatabaseError(f"the store failed its check: {check[0] if check else '?'}")
                    old_files = {r[0]: r[1:] for r in db.execute(
                        "SELECT path, sha256, size, mtime_ns, source_key, article_id FROM files")}
                finally:
                    db.close()
            except Untrusted:
                incremental, old_files = False, {}
                report.reason = "the index was not written by this installation of newsindex: rebuilding it"
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
            rel = path_text(os.path.relpath(f, corpus).replace(os.sep, "/"))  # undecodable bytes as \\xNN
            seen.add(rel)
            try:
                entry = sidecars.entry(f)
            except SourceError as e:  # a broken sidecar is a configuration error: nothing is published
                raise ConfigError(f"{e} — nothing was built; the index is as it was") from None
            try:
                st = f.stat()
            except OSError as e:  # one line naming the file, not the OS's repr
                dangling = f.is_symlink() and not f.exists()
                report.failed.append((rel, "dangling symbolic link" if dangling else (e.strerror or str(e))))
                continue
            key = _source_key(entry)
            mine = corrections.for_file(rel)
            if mine:  # changed corrections of a file re-parse it (and only it)
                key = f"{key or ''}+{corrections.key(rel)}"
            stat = (st.st_size, st.st_mtime_ns)
            old = old_files.get(rel)
            job = _Job(str(f), rel, entry, stat, key, old[4] if old else None, mine)
            if old is None or reparse_all:
                jobs.append(job)
                continue
            same_stat = (old[1], old[2]) == stat
            if key == old[3] and (same_stat or _safe_hash(f) == old[0]):
                kept[rel] = (old[0], stat[0], stat[1], key, old[4], not same_stat)
                continue
            jobs.append(job)
        for problem in sidecars.take_problems():  # a sidecar's unreadable values: reported, the rest used
            report.problems.append((_relative(problem.path, corpus), str(problem)))
        removed = [(p, v[4]) for p, v in old_files.items() if p not in seen]
        if incremental and not reparse_all:
            report.unchanged = len(kept)
        report.corrections.extend(corrections.problems)
        report.corrections.extend(
            (_relative(corrections.path, corpus), f"{e.label}: its file {e.file!r} is not in the corpus "
                                                  "(kept in the file; if the file moved, change its `file`)")
            for e in corrections.entries if e.file not in seen)
        if incremental and not jobs and not removed:
            report.generation = old_generation(cur[1]) or cur[0]
            _tidy(path, cur[1])  # what a killed or failed build left (a no-op build cleans up too)
            report.corrections.extend(_unplaced(cur[1]))
            report.seconds = time.monotonic() - started
            return report

        if incremental and not reparse_all:
            # in place: one SQLite transaction (and a Whoosh TOC beside the live one) whose commit is the switch
            try:
                report.generation = _write_generation(cur[1], jobs, removed, kept, report, progress, workers,
                                                      fresh=False, parser=parser, corpus=corpus)
            except (OSError, sqlite3.OperationalError) as e:
                full = _disk_full(e, cur[1])
                if full is None:
                    raise
                _tidy(path, cur[1])  # the rolled-back transaction's Whoosh files
                raise full from None
            report.corrections.extend(_unplaced(cur[1]))
        else:
            number = (cur[0] if cur else 0) + 1
            name = f"{GEN_PREFIX}{number:06d}"
            _clean_generations(path, keep=cur[1].name if cur else "")
            gen_dir = path / name
            try:
                gen_dir.mkdir()
                (gen_dir / WHOOSH_DIR).mkdir()
                _write_atomic(gen_dir / GEN_META, json.dumps({
                    "format": INDEX_FORMAT, "parser": fingerprint, "corpus": str(corpus.resolve()),
                }) + "\n")
                report.generation = _write_generation(gen_dir, jobs, removed, {}, report, progress, workers,
                                                      fresh=True, parser=parser, corpus=corpus,
                                                      first=(old_generation(cur[1]) if cur else 0) + 1)
                _fsync_dir(gen_dir / WHOOSH_DIR)
                _fsync_dir(gen_dir)
                _checkpoint("before-switch")
                _write_atomic(path / CURRENT, name + "\n")
            except BaseException as e:
                import shutil

                shutil.rmtree(gen_dir, ignore_errors=True)  # never a half-written generation left behind
                full = _disk_full(e, gen_dir) if isinstance(e, (OSError, sqlite3.OperationalError)) else None
                if full is not None:
                    raise full from None
                raise
            _clean_generations(path, keep=name)
            report.corrections.extend(_unplaced(path / name))
    report.seconds = time.monotonic() - started
    return report


def _unplaced(gen_dir: Path) -> list[tuple[str, str]]:
    """(corrections.toml, message) for each correction the live generation's articles could not place, reported by
    every build until they are fixed (the articles are not parsed again while their files stay the same)."""
    try:
        db = sqlite3.connect((gen_dir / STORE).resolve().as_uri() + "?mode=ro", uri=True)
        try:
            return [(CORRECTIONS, m) for (m,) in db.execute("SELECT message FROM unplaced ORDER BY path, rowid")]
        finally:
            db.close()
    except sqlite3.Error:
        return []


def _ids(joined: str | None) -> list[str]:
    """The article ids of a file row (a multi-article file's are space-separated)."""
    return joined.split() if joined else []


def _relative(path: str, corpus: Path) -> str:
    """A path as the build reports it: relative to the corpus when inside it."""
    try:
        return Path(path).resolve().relative_to(corpus.resolve()).as_posix()
    except ValueError:
        return str(path)


def _safe_hash(path: Path) -> str | None:
    try:
        return _hash_file(path)
    except OSError:
        return None


def old_generation(gen_dir: Path) -> int:
    """The generation number a generation folder's store holds (0 when unreadable)."""
    try:
        db = sqlite3.connect((gen_dir / STORE).resolve().as_uri() + "?mode=ro", uri=True)
        try:
            return int(read_state(db).get("generation", 0))
        finally:
            db.close()
    except (sqlite3.Error, ValueError, TypeError):
        return 0


def _write_generation(gen_dir: Path, jobs: list[_Job], removed, kept: dict, report: BuildReport,
                      progress, workers: int, fresh: bool, parser: Callable | None = None, corpus: Path | None = None,
                      first: int = 1) -> int:
    """Apply deletions and additions: one Whoosh commit (a new TOC beside the live one), one store
    transaction. Fresh: a new folder, made live by switching CURRENT afterwards. In place: the
    live folder, made live by the store's commit (which names the new TOC). Returns the generation number."""
    st = storage(gen_dir / WHOOSH_DIR)
    db = sqlite3.connect(gen_dir / STORE, isolation_level=None, timeout=120)
    previous_trust = None
    try:
        if fresh:
            ix = st.create_index(schema())
            db.execute("PRAGMA synchronous = OFF")  # the folder is fsynced before CURRENT names it
            number = first
        else:
            # the transaction's pages stay in memory until the commit, so searches can read meanwhile
            # (SQLite's rollback journal: a writer that must spill its cache locks readers out)
            db.execute("PRAGMA cache_size = -524288")
            state = read_state(db)
            previous_trust = state.get("whoosh_trust")
            live = int(state["whoosh_gen"])
            remove_unused(st, keep=[live])  # a killed build's TOC and segments
            ix = st.open_index()
            number = int(state.get("generation", 0)) + 1
        db.execute("BEGIN IMMEDIATE")
        start = None if fresh else storecheck.at_start(gen_dir / STORE)  # for the pages the journal will not name
        run_script(db, STORE_TABLES)
        run_script(db, neardup.TABLES)
        db.execute(STATE_TABLE)
        copies = neardup.Finder(db)
        # compound=False: Whoosh opens a sub-file of a compound segment by copying it into a BytesIO
        # (the whole postings file, for every reader); separate files are read where they lie.
        writer = ix.writer(limitmb=WRITER_LIMIT_MB, compound=False)
    except BaseException:  # a build stopped here must not leave the write transaction open (and locked)
        db.close()
        raise
    try:
        live_ids = {a for v in kept.values() for a in _ids(v[4])}
        touched = None if fresh else Touched()  # in place: only the counts of these are made again
        gone: list[str] = []  # article ids deleted from Whoosh
        for rel, aid in removed:
            if aid and not fresh:
                for one in _ids(aid):
                    writer.delete_by_term("id", one)
                    _store_delete(db, one, touched)
                    copies.remove(one)
                    gone.append(one)
            db.execute("DELETE FROM files WHERE path = ?", (rel,))
            report.removed += 1
        for job in jobs:
            if job.old_id and not fresh:
                for one in _ids(job.old_id):
                    writer.delete_by_term("id", one)
                    _store_delete(db, one, touched)
                    copies.remove(one)
                    gone.append(one)
                db.execute("DELETE FROM files WHERE path = ?", (job.rel,))
        total = len(jobs)
        by_rel = {j.rel: j for j in jobs}
        done = 0
        ids: dict[str, list[str]] = {}  # the articles indexed so far of the file being read
        sha: dict[str, str] = {}
        for item in _parse_all(jobs, workers, parser):
            if isinstance(item, _Note):
                report.skipped.append((item.rel, item.message))
                continue
            if isinstance(item, tuple) or isinstance(item, _Done):
                rel = item[0] if isinstance(item, tuple) else item.rel
                job = by_rel[rel]
                done += 1
                if isinstance(item, tuple):
                    report.failed.append(item)
                elif ids.get(rel):
                    db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                               (rel, sha[rel], job.stat[0], job.stat[1], job.source_key, " ".join(ids.pop(rel))))
                    if job.old_id is None:
                        report.added += 1
                    else:
                        report.updated += 1
                if progress:
                    progress(done, total, rel)
                if done == max(1, total // 2):
                    _checkpoint("mid-build")
                continue
            job = by_rel[item.path]
            if item.id in live_ids:
                if item.part is None:
                    report.failed.append((job.rel, f"same name and bytes as another file (id {item.id}): indexed once"))
                else:
                    report.skipped.append((job.rel, f"part {item.part}: the same article as one already indexed "
                                                    f"(id {item.id}): indexed once"))
            else:
                live_ids.add(item.id)
                writer.add_document(**item.doc)
                _store_add(db, item, touched)
                copies.add(item.id, item.shingles, item.body_len, item.sig, item.body)
                ids.setdefault(job.rel, []).append(item.id)
                sha[job.rel] = item.sha256
        for rel, (sha, size, mtime, key, aid, restat) in kept.items():
            if restat:  # touched, same bytes
                db.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?", (size, mtime, rel))
        run_script(db, STORE_INDEXES)
        _store_counts(db, touched)
        copies.finish()
        report.dedup_seconds = copies.seconds
        _checkpoint("before-commit")
        whoosh_gen = commit_keeping_files(writer)
        searcher, _ = open_searcher(st, whoosh_gen)
        try:  # the segments the live generation has in the same places keep their rows
            keep_below = 0 if fresh else kept_prefix(segment_layout(st, live), segment_layout(st, whoosh_gen))
            _store_docmap(db, searcher.reader(), keep_below, gone)
        finally:
            searcher.close()
        files = generation_files(st, whoosh_gen)
        write_state(db, generation=number, whoosh_gen=whoosh_gen,
                    whoosh_files={n: st.file_length(n) for n in sorted(files)},
                    whoosh_trust=sign(gen_dir / WHOOSH_DIR, whoosh_gen, files, previous=previous_trust),
                    built=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        changed = None if fresh else storecheck.changed_pages(gen_dir / STORE, start)
        if not fresh:
            _checkpoint("before-switch")
        try:
            db.execute("COMMIT")  # in place: the switch
        except sqlite3.OperationalError as e:
            if "locked" not in str(e):
                raise
            raise IndexBusy("index is busy: a search or export kept reading it for two minutes; "
                            "nothing was changed — run the build again") from None
    except BaseException:
        try:
            if not writer.is_closed:
                writer.cancel()
        finally:
            db.close()  # rolls the transaction back
        raise
    db.close()
    storecheck.record_store(gen_dir / STORE, changed, start)  # what the store's bytes are now: the next build checks them
    if not fresh:
        remove_unused(st, keep=[whoosh_gen, live])  # the previous TOC stays for searches opened before the switch
    return number
