"""Where an export's bytes go: ``-o PATH`` written as a shell's ``>`` would, atomically where it may.

docs/export.md has the table of what happens for each kind of path.
"""

from __future__ import annotations

import os

from ..errors import OutputError


def output_target(path) -> tuple[str, str]:
    """Where writing to `path` really goes, and how: ``(path to write, "atomic" | "through")``.

    As a shell's ``>`` would: a symbolic link is followed (the link stays, its target gets the
    data), a device, FIFO or socket is written through (``-o /dev/null`` stays a device). A
    regular file or a new path is written atomically: a temporary file beside it, renamed over
    it at the end, with the old file's permissions. A file with more than one hard link is
    written through too, so every name keeps seeing the same file. A folder, and a file that
    is read-only (no write permission bit, or no write access for this user), are refused:
    newsindex never replaces what the user protected, even when running as root.
    """
    import stat as S

    path = os.fspath(path)
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except FileNotFoundError:
        return real, "atomic"
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
    if S.S_ISDIR(st.st_mode):
        raise OutputError(f"cannot write {path}: it is a folder")
    if not S.S_ISREG(st.st_mode):
        return real, "through"
    if not (st.st_mode & 0o222) or not os.access(real, os.W_OK):
        raise OutputError(f"cannot write {path}: the file is read-only (mode {S.S_IMODE(st.st_mode):04o}); "
                          "newsindex does not replace a protected file")
    return real, ("through" if st.st_nlink > 1 else "atomic")


def is_regular_target(path) -> bool:
    """True when `path` is (or would be, once written) a regular file: where a manifest may sit beside it."""
    import stat as S

    try:
        return S.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _output_error(path: str, e: OSError) -> OutputError:
    from ..safeio import free_space_text, is_disk_full

    if is_disk_full(e):
        return OutputError(f"disk full while writing {path}: {free_space_text(os.path.dirname(os.path.abspath(path)))} left")
    return OutputError(f"cannot write {path}: {e.strerror or e}")


class atomic_output:
    """`with atomic_output(path) as f:` writes `path` as :func:`output_target` says.

    Atomically where it may (a temporary file beside the target, created exclusively and
    never through a link, fsynced and renamed over it on success, removed on failure),
    otherwise straight through (devices, FIFOs, hard-linked files).
    """

    def __init__(self, path):
        self.path = os.fspath(path)
        self.tmp = None
        self.file = None

    def __enter__(self):
        import secrets
        import stat as S

        self.target, how = output_target(self.path)
        try:
            if how == "through":
                self.file = open(self.target, "w", encoding="utf-8", newline="")
                return self.file
            folder = os.path.dirname(self.target)
            base = os.path.basename(self.target)
            try:
                mode = S.S_IMODE(os.stat(self.target).st_mode)
            except FileNotFoundError:
                mode = None
            self.tmp = os.path.join(folder, f".{base}.{secrets.token_hex(6)}.tmp")
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
            fd = os.open(self.tmp, flags, 0o666)  # the umask applies, as for any new file
            if mode is not None:
                os.fchmod(fd, mode)  # the replaced file's permissions
            self.file = open(fd, "w", encoding="utf-8", newline="")
        except OSError as e:
            self.tmp = None
            raise _output_error(self.path, e) from None
        return self.file

    def __exit__(self, exc_type, exc, tb):
        if isinstance(exc, OSError):  # a write failed (disk full, quota, I/O error): one line, nothing left
            try:
                self.file.close()
            except OSError:
                pass
            if self.tmp is not None and os.path.lexists(self.tmp):
                os.unlink(self.tmp)
            raise _output_error(self.path, exc) from None
        try:
            if exc_type is None and self.tmp is not None:
                self.file.flush()
                os.fsync(self.file.fileno())
            self.file.close()
            if exc_type is None and self.tmp is not None:
                os.replace(self.tmp, self.target)
        except OSError as e:
            raise _output_error(self.path, e) from None
        finally:
            if self.tmp is not None and os.path.lexists(self.tmp):
                os.unlink(self.tmp)
        return False
