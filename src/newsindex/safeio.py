"""Opening files that someone else may have planted: only regular files, never blocking.

A FIFO named ``x.txt`` blocks ``open()`` until a writer appears; a device can be endless; a
symbolic link can point anywhere. Every file newsindex reads from a corpus or an index goes
through :func:`open_regular`: it opens without blocking (``O_NONBLOCK``), checks with
``fstat`` on the opened descriptor (no race between a check and the open) that it is a regular
file, and only then reads. ``follow=False`` adds ``O_NOFOLLOW`` (the index's own files).
"""

from __future__ import annotations

import errno
import os
import stat

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class NotRegular(OSError):
    """The path exists but is not a regular file (a FIFO, device, socket, folder or, unfollowed, a link)."""

    def __init__(self, path, what: str):
        super().__init__(f"{what}, not a regular file")
        self.strerror = f"{what}, not a regular file"
        self.filename = os.fspath(path)
        self.what = what

    def __str__(self) -> str:
        return self.strerror


def kind_of(mode: int) -> str:
    """A file type in words.

    >>> kind_of(stat.S_IFIFO), kind_of(stat.S_IFDIR)
    ('a FIFO (named pipe)', 'a folder')
    """
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def open_regular(path, *, follow: bool = True, write: bool = False):
    """Open a regular file for binary reading (or reading and writing), never blocking on what is not one.

    Raises :class:`NotRegular` for anything else (with ``follow=False`` a symbolic link too:
    ``ELOOP`` from ``O_NOFOLLOW``), and the usual OSError for a missing or unreadable file.
    """
    flags = (os.O_RDWR if write else os.O_RDONLY) | _NONBLOCK | _CLOEXEC | (0 if follow else _NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        if not follow and e.errno == errno.ELOOP:
            raise NotRegular(path, "a symbolic link") from None
        if e.errno == errno.ENXIO:  # a socket, or a FIFO opened for writing
            raise NotRegular(path, "a socket or FIFO") from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(path, kind_of(st.st_mode))
        if _NONBLOCK:
            import fcntl

            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~_NONBLOCK)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "r+b" if write else "rb")


def read_regular(path, *, limit: int | None = None, follow: bool = True) -> bytes:
    """The bytes of a regular file (at most `limit` + 1 of them, so a caller can tell it was cut)."""
    with open_regular(path, follow=follow) as fh:
        return fh.read() if limit is None else fh.read(limit + 1)


def free_space_text(path) -> str:
    """The free space of the file system holding `path` (or its nearest existing parent), in words."""
    import shutil
    from pathlib import Path

    for p in [Path(path), *Path(path).parents]:
        try:
            free = shutil.disk_usage(p).free
            break
        except OSError:
            continue
    else:
        return "unknown"
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if free >= size:
            return f"{free / size:.1f} {unit}"
    return f"{free} bytes"


def is_disk_full(e: BaseException) -> bool:
    return isinstance(e, OSError) and e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
