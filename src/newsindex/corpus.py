"""Finding and reading source files, decoding them, and the sources sidecar.

This is the I/O edge of the parser: everything past ``read_text`` is pure.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SourceError
from .formats.registry import EXTENSIONS

#: what find_sources picks up in folders: text, and the formats of newsindex.formats (which checks content too)
SUFFIXES = EXTENSIONS
#: Files larger than this are skipped, not loaded (override with NEWSINDEX_MAX_BYTES).
MAX_BYTES = 20 * 1024 * 1024


def path_text(path) -> str:
    """A file name as text that UTF-8 can carry: bytes that are not UTF-8 (which Python holds as
    surrogate escapes) written as ``\\xNN``, as ``ls -b`` shows them.

    Names are bytes on Linux; this is the name a record carries and a message shows. The file
    itself is always opened by its real name.

    >>> path_text(os.fsdecode(b"caf\\xe9.txt")), path_text("café.txt")
    ('caf\\\\xe9.txt', 'café.txt')
    """
    text = os.fspath(path) if not isinstance(path, str) else path
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join(
            (f"\\x{ord(c) - 0xDC00:02x}" if 0xDC80 <= ord(c) <= 0xDCFF else f"\\u{ord(c):04x}")
            if 0xD800 <= ord(c) <= 0xDFFF else c
            for c in text
        )


def max_bytes() -> int:
    try:
        return int(os.environ.get("NEWSINDEX_MAX_BYTES", MAX_BYTES))
    except ValueError:
        return MAX_BYTES


def find_sources(paths) -> tuple[list[Path], list[SourceError]]:
    """Expand files and folders (recursively, *.txt, *.md and the SUFFIXES of other formats) into a sorted,
    de-duplicated list.

    Returns the files and an error for each given path that does not exist.
    Hidden folders (such as the index, ``.newsindex``) are not walked. Symbolic links to folders are
    followed, as links to files are; a folder reached twice (a link back up the tree, two links to
    one folder) is read once.
    """
    files: list[Path] = []
    errors: list[SourceError] = []
    seen: set[str] = set()

    def add(p: Path) -> None:
        key = os.path.normpath(str(p))
        if key not in seen:
            seen.add(key)
            files.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = []
            walked: set[tuple[int, int]] = set()  # (device, inode) of each folder read: links never loop
            for dirpath, dirnames, filenames in os.walk(p, followlinks=True):
                try:
                    st = os.stat(dirpath)
                except OSError:
                    continue
                if (st.st_dev, st.st_ino) in walked:  # reached again through a link: read once
                    dirnames[:] = []
                    continue
                walked.add((st.st_dev, st.st_ino))
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in filenames:
                    if name.lower().endswith(SUFFIXES) and not name.startswith("."):
                        found.append(Path(dirpath) / name)
            for f in sorted(found):
                add(f)
        elif p.exists() or p.is_symlink():
            add(p)
        else:
            errors.append(SourceError(path_text(raw), "no such file or folder"))
    return files, errors


@dataclass
class Source:
    """A source file read from disk: its bytes' hash and its decoded text."""

    path: str
    sha256: str
    text: str
    warnings: list[str] = field(default_factory=list)


def read_bytes(path: Path) -> bytes:
    """Read a file's bytes, refusing what is not a readable regular file of bounded size.

    Checked with ``lstat``/``stat`` before opening and ``fstat`` after a non-blocking open
    (:func:`newsindex.safeio.open_regular`): a FIFO, device or socket named ``x.txt`` is
    refused at once, never waited on.
    """
    import stat as S

    from .safeio import NotRegular, kind_of, open_regular

    name = path_text(path)
    try:
        if path.is_symlink() and not path.exists():
            raise SourceError(name, "dangling symbolic link")
        st = path.stat()
        if S.S_ISDIR(st.st_mode):
            raise SourceError(name, "is a folder, not a file")
        if not S.S_ISREG(st.st_mode):
            raise SourceError(name, f"{kind_of(st.st_mode)}, not a regular file")
        if st.st_size > max_bytes():
            raise SourceError(name, f"too large ({st.st_size:,} bytes; the limit is {max_bytes():,})")
        with open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes():  # replaced between the checks
                raise SourceError(name, f"too large ({size:,} bytes; the limit is {max_bytes():,})")
            return fh.read(max_bytes() + 1)
    except SourceError:
        raise
    except NotRegular as e:
        raise SourceError(name, e.strerror) from None
    except PermissionError:
        raise SourceError(name, "permission denied") from None
    except OSError as e:
        raise SourceError(name, e.strerror or str(e)) from None


def decode(raw: bytes, name: str = "<bytes>") -> tuple[str, list[str]]:
    """Bytes -> text and warnings. Raises SourceError for empty or binary input.

    >>> decode(b"caf\\xe9 au lait")
    ('café au lait', ['not UTF-8: decoded as cp1252'])
    """
    warnings: list[str] = []
    if not raw.strip():
        raise SourceError(name, "empty file")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="replace")
        warnings.append("decoded as UTF-16")
    elif raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8", errors="replace")
    elif _looks_utf16(raw):
        enc = "utf-16-le" if raw[1::2].count(0) > raw[0::2].count(0) else "utf-16-be"
        text = raw.decode(enc, errors="replace")
        warnings.append("decoded as UTF-16 (no byte-order mark)")
    else:
        if b"\x00" in raw[:8192] or _looks_binary(raw[:8192]):
            raise SourceError(name, "binary file, not text")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            if e.start >= len(raw) - 3 and e.reason in ("unexpected end of data",):
                text = raw.decode("utf-8", errors="replace")
                warnings.append("truncated UTF-8 at the end of the file")
            else:
                text = raw.decode("cp1252", errors="replace")
                warnings.append("not UTF-8: decoded as cp1252")
    if "\x00" in text or _looks_binary(text[:8192].encode("utf-8", "replace")):
        raise SourceError(name, "binary file, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceError(name, "no text (whitespace only)")
    return text, warnings


def _looks_utf16(raw: bytes) -> bool:
    sample = raw[:4096]
    if len(sample) < 4:
        return False
    zeros_odd = sample[1::2].count(0)
    zeros_even = sample[0::2].count(0)
    half = len(sample) / 2
    return max(zeros_odd, zeros_even) > 0.4 * half and min(zeros_odd, zeros_even) < 0.05 * half


_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 27)) | set(range(28, 32))


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    bad = sum(1 for b in sample if b in _CONTROL)
    return bad > 0.05 * len(sample)


def read_source(path: Path) -> Source:
    raw = read_bytes(path)
    text, warnings = decode(raw, path_text(path))
    return Source(path=path_text(path), sha256=hashlib.sha256(raw).hexdigest(), text=text, warnings=warnings)


def article_id(path: str, raw_sha256: str) -> str:
    """Stable id: the file's name and its bytes, so the same file has the same id everywhere.

    >>> article_id("corpus/a.txt", "00" * 32) == article_id("/elsewhere/a.txt", "00" * 32)
    True
    """
    name = os.path.basename(path)
    return hashlib.sha256(f"{name}\0{raw_sha256}".encode()).hexdigest()[:12]


# --- the sources sidecar: newsindex.sources (kept importable from here) -------------------

from .sources import SIDECAR, Sidecars, load_sidecar  # noqa: E402,F401
