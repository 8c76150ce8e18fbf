"""Where an index lives and how its generations are laid out, named, switched and removed."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path
from ..errors import BadIndex


#: Bump when the Whoosh schema or the side store changes: older indexes are rebuilt.
INDEX_FORMAT = 9  # 2: the month field; 3: one Whoosh document per article, claims and figures in the store;
#                  4: field lengths in the store (relevance), the pairs field; 5: a covering index for
#                  figures by unit and value; 6: near-duplicates found at build time (neardup tables);
#                  7: pairs made with stop words kept (exact phrases); 8: reviews and unplaced corrections;
#                  9: claims and figures records in one bundle per article and kind, an index of
#                  article_companies by name


MARKER = "newsindex-index.json"


CURRENT = "CURRENT"


LOCK = "build.lock"


GEN_PREFIX = "gen-"


WHOOSH_DIR = "whoosh"


STORE = "store.sqlite"


GEN_META = "generation.json"


def default_corpus() -> Path:
    """``$NEWSINDEX_CORPUS`` or ``./corpus``."""
    return Path(os.environ.get("NEWSINDEX_CORPUS") or "corpus")


def default_index_dir(corpus_dir=None) -> Path:
    """``$NEWSINDEX_INDEX`` or ``<corpus>/.newsindex``."""
    env = os.environ.get("NEWSINDEX_INDEX")
    if env:
        return Path(env)
    return Path(corpus_dir if corpus_dir is not None else default_corpus()) / ".newsindex"


def open_own_file(path: Path) -> int:
    """A descriptor, read-write, of one of the index's own files (the lock), created if missing.

    Never through a symbolic link (``O_NOFOLLOW``), never anything but a regular file with one
    name (a hard link to a file elsewhere would have that file truncated), never blocking: a
    planted link, FIFO or device is refused with BadIndex and left as it is.
    """
    import stat

    from ..safeio import _CLOEXEC, _NOFOLLOW, _NONBLOCK

    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC | _NONBLOCK, 0o644)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.ENXIO):
            raise BadIndex(f"{path} is a symbolic link, FIFO or socket, not a file newsindex made — "
                           "newsindex does not follow links in its index: remove it") from None
        raise
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
        os.close(fd)
        what = "a file with other names (hard links)" if stat.S_ISREG(st.st_mode) else "not a regular file"
        raise BadIndex(f"{path} is {what}, not a file newsindex made — remove it")
    return fd


def _read_json(path: Path) -> dict | None:
    """A JSON object from one of the index's files, read without following a link or waiting on a FIFO."""
    from ..safeio import open_regular

    try:
        with open_regular(path, follow=False) as fh:
            data = json.loads(fh.read(1 << 20).decode("utf-8"))
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def is_index_dir(path) -> bool:
    """True where the directory carries newsindex's marker file."""
    marker = _read_json(Path(path) / MARKER)
    return bool(marker) and marker.get("format") == "newsindex-index"


def _not_ours(path: Path) -> BadIndex:
    return BadIndex(
        f"{path} is not a newsindex index (it has no readable {MARKER}) — point `index` at a newsindex index or an "
        "empty folder and run `newsindex build --rebuild`; newsindex never writes into or deletes from a folder it did not make",
        params=("index",),
    )


def _current(path: Path) -> tuple[int, Path] | None:
    """(generation number, directory) named by CURRENT, or None."""
    from ..safeio import read_regular

    try:
        name = read_regular(path / CURRENT, limit=256, follow=False).decode("utf-8").strip()
    except (OSError, ValueError):  # ValueError: bytes that are not UTF-8 (a damaged pointer); a link or FIFO
        return None
    if not name.startswith(GEN_PREFIX) or "/" in name or "\\" in name or name in (".", ".."):
        return None
    try:
        number = int(name[len(GEN_PREFIX):])
    except ValueError:
        return None
    return number, path / name


def generation(index_dir) -> int:
    """The live generation's number (counted by every build that changed something, kept in the
    store); 0 where there is no index yet."""
    path = Path(index_dir)
    if not is_index_dir(path):
        return 0
    cur = _current(path)
    if not cur:
        return 0
    from .build import old_generation

    return old_generation(cur[1]) or cur[0]


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_atomic(path: Path, text: str | bytes, *, sync_dir: bool = True) -> None:
    """Write a small file by a new temporary file (random name, created exclusively, never through a
    link) renamed over it: a link planted at either name is replaced, never followed."""
    import secrets

    from ..safeio import _CLOEXEC, _NOFOLLOW

    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if sync_dir:
        _fsync_dir(path.parent)


def _prepare_dir(path: Path, rebuild: bool = False) -> None:
    """Create the index directory, or check an existing one is ours (or empty, then claim it).

    An index a newer newsindex made (a higher format in the marker) is left alone unless
    ``rebuild``: this version cannot read it, and rebuilding would lose the newer one."""
    if path.exists() and not path.is_dir():
        raise _not_ours(path)
    if path.is_dir() and not is_index_dir(path):
        if any(path.iterdir()):
            raise _not_ours(path)
    version = (_read_json(path / MARKER) or {}).get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > INDEX_FORMAT and not rebuild:
        raise BadIndex(
            f"{path} was made by a newer version of newsindex (index format {version}; this version writes "
            f"{INDEX_FORMAT}) — use that version, or replace it with `newsindex build --rebuild`")
    try:
        path.mkdir(parents=True, exist_ok=True)
        if version != INDEX_FORMAT:  # new, or another version's
            _write_atomic(path / MARKER, json.dumps({"format": "newsindex-index", "version": INDEX_FORMAT}) + "\n")
    except OSError as e:
        raise BadIndex(f"{path}: cannot write the index here ({e.strerror or e}) — give another folder as `index`",
                       params=("index",)) from None


def _check_whoosh_files(gen_dir: Path, expected: dict | None) -> None:
    if not isinstance(expected, dict):
        return
    for name, size in expected.items():
        try:
            actual = (gen_dir / WHOOSH_DIR / name).stat().st_size
        except OSError:
            raise ValueError(f"{name} is missing") from None
        if actual != size:
            raise ValueError(f"{name} has {actual:,} bytes, not {size:,}")


def _clean_generations(path: Path, keep: str) -> None:
    """Remove every generation directory but `keep` (only names we make, only inside our directory)."""
    for entry in os.scandir(path):
        if entry.name.startswith(GEN_PREFIX) and entry.name != keep and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        elif entry.name.startswith((f".{CURRENT}.", f".{MARKER}.")) and entry.name.endswith(".tmp"):
            try:
                os.unlink(entry.path)
            except OSError:
                pass
