"""Opening a file in any format: its format, its hash, and its articles as Documents.

The I/O edge of the formats package. Readers of one-article formats get the file's bytes
(read with ``corpus.read_bytes``: size limit, odd files refused); web archives are streamed
from the file, so a multi-gigabyte archive is never loaded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..errors import SourceError
from . import registry
from .document import Document


@dataclass
class Skipped:
    """An article (or a group of records) of a file that was not read, and why: a warning, not a failure."""

    part: int | None
    reason: str
    path: str = ""  # the file's path as the record gives it (set by parse.parse_path)

    def message(self) -> str:
        return f"part {self.part}: {self.reason}" if self.part is not None else self.reason


@dataclass
class Opened:
    """A file opened for parsing: plain text (``raw``) or Documents of another format."""

    format: str
    sha256: str
    raw: bytes | None = None  # plain text: the bytes, decoded by corpus.decode
    documents: Iterator[Document | Skipped] = field(default_factory=lambda: iter(()))
    multi: bool = False  # True when the file holds several articles (records have a part number)


#: formats whose files hold several articles
MULTI = {"warc", "records", "nexis", "lexisnexis", "factiva"}


def open_file(path: Path, columns: dict | None = None) -> Opened:
    """Recognise a file's format and open it; raises SourceError with one line when it cannot be read."""
    from ..corpus import max_bytes, path_text, read_bytes

    name = path_text(path)
    if registry.suffix(path.name) in (".warc", ".warc.gz"):
        from . import warc

        _check_regular(path)
        head = registry.read_head(path)
        try:
            fmt = registry.sniff(path.name, head)
        except ValueError as e:
            raise SourceError(name, f"{e} — {registry.READ_LIST}") from None
        if fmt == "warc":
            return Opened("warc", _hash_file(path), documents=warc.read(path, max_bytes()), multi=True)
        raw = read_bytes(path)
    else:
        raw = read_bytes(path)
    try:
        fmt = registry.sniff(path.name, raw[: registry.HEAD])
    except ValueError as e:
        raise SourceError(name, f"{e} — {registry.READ_LIST}") from None
    sha = hashlib.sha256(raw).hexdigest()
    if fmt == "text":
        return Opened("text", sha, raw=raw)
    if fmt == "warc":  # a web archive under another name: read it from memory (it is within the size limit)
        from . import warc

        return Opened("warc", sha, documents=warc.read_bytes(raw, max_bytes()), multi=True)
    try:
        docs = _read(fmt, raw, path, max_bytes(), columns)
    except ValueError as e:
        raise SourceError(name, str(e)) from None
    return Opened(fmt, sha, documents=docs, multi=fmt in MULTI)


def _read(fmt: str, raw: bytes, path: Path, limit: int, columns: dict | None = None):
    if fmt == "html":
        from .html import read_page

        if raw.startswith(b"\x1f\x8b"):
            raw = registry.gunzip(raw, limit, str(path))
        return iter([read_page(raw, fmt="html")])
    if fmt == "records":
        from . import records

        return records.read(raw, str(path), columns)
    if fmt in ("nexis", "lexisnexis"):
        from . import lexis

        return lexis.read(raw, fmt, str(path))
    if fmt == "factiva":
        from . import factiva

        return factiva.read(raw)
    raise ValueError(f"no reader for {fmt}")


def _check_regular(path: Path) -> None:
    import stat

    from ..corpus import path_text

    name = path_text(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise SourceError(name, "dangling symbolic link" if path.is_symlink() else "no such file") from None
    except OSError as e:
        raise SourceError(name, e.strerror or str(e)) from None
    if not stat.S_ISREG(st.st_mode):
        raise SourceError(name, "not a regular file")
    if st.st_size == 0:
        raise SourceError(name, "empty file")


def _hash_file(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except PermissionError:
        raise SourceError(str(path), "permission denied") from None
    except OSError as e:
        raise SourceError(str(path), e.strerror or str(e)) from None
    return h.hexdigest()
