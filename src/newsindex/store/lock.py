"""The build lock: one build at a time per index directory."""

from __future__ import annotations

import os
from pathlib import Path
from ..errors import BadIndex, IndexBusy

from .layout import LOCK, open_own_file


class BuildLock:
    """An exclusive fcntl.flock on ``build.lock``; released by the OS when the holder dies."""

    def __init__(self, index_dir: Path):
        self.path = Path(index_dir) / LOCK
        self.fd: int | None = None

    def __enter__(self) -> "BuildLock":
        import fcntl

        try:
            fd = open_own_file(self.path)
        except BadIndex:
            raise
        except OSError as e:
            raise BadIndex(f"{self.path.parent}: cannot write the index here ({e.strerror}) — give another folder as `index`",
                           params=("index",)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            try:
                holder = os.read(fd, 64).decode("ascii", "replace").strip() or "unknown"
            finally:
                os.close(fd)
            raise IndexBusy(f"index is busy: another build is running (pid {holder})") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        import fcntl

        if self.fd is not None:
            try:
                os.ftruncate(self.fd, 0)
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            finally:
                os.close(self.fd)
                self.fd = None
