"""What the store's bytes were when a build left it: a checksum per page, updated in proportion to the change.

The store holds no pickles (records are zlib-compressed JSON), so readers need not verify it; but
a flipped byte in it should not survive a "nothing changed" build. After each commit the build
records, beside the store:

- ``store.check.json``: the store's size and stat fingerprint (device, inode, mtime, ctime) and
  its page size;
- ``store.pages``: the CRC-32 of every page (4 bytes each, little-endian), written before the JSON.

The next build (which holds the lock: nothing else writes the store) compares. When the stat is
the one recorded, the file is the one this newsindex wrote (its ctime would have moved otherwise,
and ctime cannot be set back), as :mod:`.trust` assumes for Whoosh's files: nothing is read. When
the stat moved (a copied folder, a touched or edited file), every page is read and compared.

An incremental build changes a few thousand pages of a store that may hold a million: reading
them all again after its commit would make every re-build cost as much as the corpus. So it
re-reads only the pages its transaction can have changed, which SQLite's rollback journal names
(format: https://www.sqlite.org/fileformat.html#the_rollback_journal): before a page of the file
is changed, its original content is written to ``store.sqlite-journal`` under its page number.
Read just before ``COMMIT``, the journal lists every changed page but three kinds, added here:
pages on the freelist when the transaction began (SQLite reuses them without journaling, their
content being garbage), pages past the file's original end, and page 1 (the header's change
counter). (The header's magic number stays zero until the journal is first synced, at the
commit or when the cache spills.) Whenever the journal cannot be read as expected, every page is read instead: slower,
never wrong. ``tests/test_store_incremental.py`` holds the recorded checksums equal to a full
reading after incremental builds that add, change and remove articles.
"""

from __future__ import annotations

import json
import os
import zlib
from array import array
from dataclasses import dataclass
from pathlib import Path

STORE_CHECK = "store.check.json"
STORE_PAGES = "store.pages"
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def _fingerprint(st: os.stat_result) -> list[int]:
    return [st.st_dev, st.st_ino, st.st_mtime_ns, st.st_ctime_ns]


def _header(fd: int) -> tuple[int, int, int, int]:
    """(page size, pages, first freelist trunk page, freelist pages) from a database file's header."""
    head = os.pread(fd, 100, 0)
    if len(head) < 100 or not head.startswith(b"SQLite format 3\0"):
        raise ValueError("not an SQLite database")
    size = int.from_bytes(head[16:18], "big")
    size = 65536 if size == 1 else size
    pages = os.fstat(fd).st_size // size
    return size, pages, int.from_bytes(head[32:36], "big"), int.from_bytes(head[36:40], "big")


def page_crcs(store: Path, page_size: int | None = None) -> tuple[int, array]:
    """(page size, the CRC-32 of every page) of the whole file."""
    out = array("I")
    with open(store, "rb", buffering=0) as fh:
        if page_size is None:
            page_size = _header(fh.fileno())[0]
        chunk = page_size * 256
        crc = zlib.crc32
        while True:
            block = fh.read(chunk)
            if not block:
                break
            view = memoryview(block)
            out.extend(crc(view[i:i + page_size]) for i in range(0, len(block), page_size))
    return page_size, out


@dataclass
class Start:
    """The store as a write transaction found it: what the journal does not say."""

    page_size: int
    pages: int
    free: set[int]


def at_start(store: Path) -> Start | None:
    """Read once the write transaction holds its lock (nothing else can change the file then)."""
    try:
        fd = os.open(store, os.O_RDONLY)
    except OSError:
        return None
    try:
        page_size, pages, trunk, count = _header(fd)
        free: set[int] = set()
        seen = 0
        while trunk and seen <= pages:  # a trunk page: next trunk, leaf count, leaf page numbers
            seen += 1
            raw = os.pread(fd, page_size, (trunk - 1) * page_size)
            if len(raw) < 8:
                return None
            free.add(trunk)
            leaves = int.from_bytes(raw[4:8], "big")
            if 8 + 4 * leaves > len(raw):
                return None
            free.update(int.from_bytes(raw[8 + 4 * i:12 + 4 * i], "big") for i in range(leaves))
            trunk = int.from_bytes(raw[:4], "big")
        if len(free) != count:
            return None
        return Start(page_size, pages, free)
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)


def changed_pages(store: Path, start: Start | None) -> set[int] | None:
    """The pages (numbered from 1) the open write transaction can have changed, read from its
    rollback journal before ``COMMIT``; None when that cannot be told (then all are read)."""
    if start is None:
        return None
    journal = store.with_name(store.name + "-journal")
    try:
        fd = os.open(journal, os.O_RDONLY)
    except OSError:
        return None
    pages: set[int] = {1, *start.free}
    try:
        size = os.fstat(fd).st_size
        off = 0
        while off < size:
            head = os.pread(fd, 28, off)
            if len(head) < 28 or head[:8] not in (JOURNAL_MAGIC, bytes(8)):  # zeros until the journal's first sync
                return None if off == 0 else pages  # after a segment: the rest is not ours to read
            records = int.from_bytes(head[8:12], "big")
            sector = int.from_bytes(head[20:24], "big")
            if int.from_bytes(head[24:28], "big") != start.page_size or not 32 <= sector <= 65536:
                return None
            rec = start.page_size + 8  # page number, page, checksum
            at = off + sector
            if records in (0, 0xFFFFFFFF):  # the segment being written: up to the end of the file
                records = (size - at) // rec
                last = True
            else:
                last = False
            for i in range(records):
                number = int.from_bytes(os.pread(fd, 4, at + i * rec), "big")
                if not 1 <= number <= start.pages:
                    return None
                pages.add(number)
            if last:
                break
            off = -(-(at + records * rec) // sector) * sector
        return pages
    except OSError:
        return None
    finally:
        os.close(fd)


def record_store(store: Path, changed: set[int] | None = None, start: Start | None = None) -> None:
    """Write the store's checksums beside it, right after a commit: from the previous record and
    the `changed` pages (with `start`) where that can be trusted, else from every page."""
    from .layout import _write_atomic

    try:
        crcs = None
        if changed is not None and start is not None:
            crcs = _updated(store, changed, start)
        if crcs is None:
            page_size, crcs = page_crcs(store)
        else:
            page_size = start.page_size
        _write_pages(store.with_name(STORE_PAGES), crcs)
        st = os.lstat(store)
        _write_atomic(store.with_name(STORE_CHECK), json.dumps(
            {"size": st.st_size, "stat": _fingerprint(st), "page_size": page_size, "pages": len(crcs)}) + "\n")
    except (OSError, ValueError):
        for name in (STORE_CHECK, STORE_PAGES):  # no record is better than a wrong one
            try:
                store.with_name(name).unlink()
            except OSError:
                pass


def _updated(store: Path, changed: set[int], start: Start) -> array | None:
    """The previous record with the changed pages read again; None where it does not fit."""
    record = _read_record(store)
    old = _read_pages(store.with_name(STORE_PAGES))
    if record is None or old is None or record.get("page_size") != start.page_size or len(old) != start.pages:
        return None
    with open(store, "rb", buffering=0) as fh:
        fd = fh.fileno()
        pages = os.fstat(fd).st_size // start.page_size
        crcs = old[:pages] if pages < len(old) else old
        crcs.extend([0] * (pages - len(crcs)))
        for number in sorted(p for p in changed if p <= pages) + list(range(start.pages + 1, pages + 1)):
            crcs[number - 1] = zlib.crc32(os.pread(fd, start.page_size, (number - 1) * start.page_size))
    return crcs


def _write_pages(path: Path, crcs: array) -> None:
    from .layout import _write_atomic

    data = crcs.tobytes() if array("I", [1]).tobytes()[0] == 1 else _swapped(crcs)
    _write_atomic(path, data, sync_dir=False)


def _swapped(crcs: array) -> bytes:
    copy = array("I", crcs)
    copy.byteswap()
    return copy.tobytes()


def _read_pages(path: Path) -> array | None:
    from ..safeio import read_regular

    try:
        raw = read_regular(path, limit=1 << 34, follow=False)
    except (OSError, ValueError):
        return None
    if len(raw) % 4:
        return None
    out = array("I")
    out.frombytes(raw)
    if array("I", [1]).tobytes()[0] != 1:
        out.byteswap()
    return out


def _read_record(store: Path) -> dict | None:
    from .layout import _read_json

    return _read_json(store.with_name(STORE_CHECK))


def store_unchanged(store: Path) -> bool | None:
    """Whether the store's bytes are what the last build recorded: True, False, or None when
    there is no record (an index an older newsindex made). Reads the file only when its stat moved."""
    record = _read_record(store)
    if not record or "page_size" not in record:
        return None
    try:
        st = os.lstat(store)
        if st.st_size != record.get("size"):
            return False
        if record.get("stat") == _fingerprint(st):
            return True
        old = _read_pages(store.with_name(STORE_PAGES))
        if old is None:
            return False
        _, now = page_crcs(store, record["page_size"])
        if now != old:
            return False
    except (OSError, ValueError):
        return False
    from .layout import _write_atomic

    try:  # the same bytes under another stat (a copied folder): the next build need not read them again
        _write_atomic(store.with_name(STORE_CHECK), json.dumps({**record, "stat": _fingerprint(st)}) + "\n")
    except OSError:
        pass
    return True
