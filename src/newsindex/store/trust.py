"""Only an index this installation wrote is opened: Whoosh's files are authenticated before Whoosh reads them.

Whoosh keeps its schema, segment list, block headers and inlined postings as Python pickles:
opening a crafted index runs whatever code its pickles name. The index is a cache of the corpus,
so nothing in it needs to be trusted that this user's newsindex did not write itself.

- A **per-user key** (32 random bytes) lives outside any corpus: ``$NEWSINDEX_KEY_FILE``, else
  ``$XDG_DATA_HOME/newsindex/index.key``, else ``~/.local/share/newsindex/index.key``, created
  on the first build (mode 0600, in a 0700 folder, never through a link).
- Each build **signs a manifest** of the live Whoosh generation: every file its TOC uses, with
  its size and SHA-256 (and the file's device, inode, mtime and ctime, so an unchanged file need
  not be read again), HMAC-SHA256 with the key. The manifest is stored in the store's state, in
  the same transaction that switches to that generation.
- Opening **verifies** before Whoosh reads a byte: the MAC, then each file — a regular file (not a
  link) whose stat matches the signed one (ctime cannot be set back by a user), or else whose
  SHA-256 does. A file that differs is "damaged" (bit rot, a flipped byte: ``build`` repairs it);
  a manifest that does not verify (another key: a folder received from someone else; none at
  all: an older newsindex) is :class:`Untrusted`. Searches then rebuild from the corpus;
  ``--trust-index`` opens such an index as it is.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
from pathlib import Path

from ..errors import BadIndex

#: Set by ``--trust-index``: open an index whose manifest does not verify (never a damaged one).
TRUST_ANY = False

KEY_BYTES = 32


class Untrusted(BadIndex):
    """The index was not written by this installation of newsindex (or its manifest was changed)."""


class Damaged(BadIndex):
    """A file of the index differs from what the build that wrote it recorded."""


def key_path() -> Path:
    env = os.environ.get("NEWSINDEX_KEY_FILE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "newsindex" / "index.key"


def _fallback_path() -> Path | None:
    """Where the key goes when the home folder cannot hold it (a read-only home, as in some CI):
    a folder of this user's own in the temporary directory, never one another user made."""
    if os.environ.get("NEWSINDEX_KEY_FILE") or not hasattr(os, "getuid"):
        return None
    import tempfile

    folder = Path(tempfile.gettempdir()) / f"newsindex-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return None
    return folder / "index.key"


def load_key(create: bool = False) -> bytes | None:
    """This user's key (from :func:`key_path`, else the fallback), or None when there is none
    (and `create` is false or it cannot be made)."""
    key = _load_key(key_path(), create)
    if key is None:
        fallback = _fallback_path()
        if fallback is not None:
            key = _load_key(fallback, create)
    return key


def _load_key(path: Path, create: bool) -> bytes | None:
    from ..safeio import _CLOEXEC, _NOFOLLOW, read_regular

    try:
        key = read_regular(path, limit=KEY_BYTES, follow=False)
        if len(key) == KEY_BYTES:
            return key
        if key:  # a short or long key file is not ours: do not use or replace it
            return None
    except FileNotFoundError:
        pass
    except OSError:
        return None
    if not create:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = os.urandom(KEY_BYTES)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600)
        try:
            os.write(fd, key)
            os.fsync(fd)
        finally:
            os.close(fd)
        return key
    except FileExistsError:  # another build made it meanwhile
        return _load_key(path, False)
    except OSError:
        return None


def _fingerprint(st: os.stat_result) -> list[int]:
    return [st.st_dev, st.st_ino, st.st_mtime_ns, st.st_ctime_ns]


def _hash(path: Path) -> str:
    from ..safeio import open_regular

    h = hashlib.sha256()
    with open_regular(path, follow=False) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _mac(key: bytes, gen: int, files: dict) -> str:
    body = json.dumps({"gen": gen, "files": files}, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def sign(folder: Path, gen: int, names, previous: dict | None = None) -> dict | None:
    """The signed manifest of Whoosh generation `gen`: ``{"gen", "files", "mac"}`` (None without a key).

    A file whose stat matches its entry in `previous` (the manifest it replaces) keeps its hash
    there: an incremental build reads only the files it wrote.
    """
    key = load_key(create=True)
    if key is None:
        return None
    old = (previous or {}).get("files") or {}
    files = {}
    for name in sorted(names):
        st = os.lstat(folder / name)
        entry = old.get(name)
        if entry and entry[0] == st.st_size and entry[2:] == _fingerprint(st):
            files[name] = entry
        else:
            files[name] = [st.st_size, _hash(folder / name), *_fingerprint(st)]
    return {"gen": gen, "files": files, "mac": _mac(key, gen, files)}


def verify(folder: Path, gen: int, manifest) -> None:
    """Raise Untrusted or Damaged unless every file of Whoosh generation `gen` is as this
    installation signed it. Nothing of Whoosh's is read before this returns."""
    where = folder.parent.parent
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        if TRUST_ANY:
            return
        raise Untrusted(f"{where}: the index carries no signature of this installation of newsindex (an older "
                        "version, or another program made it) — `newsindex build` rebuilds it from the corpus; "
                        "`trust_index` opens it as it is", params=("trust_index",))
    key = load_key()
    files = manifest["files"]
    good = key is not None and manifest.get("gen") == gen and hmac.compare_digest(
        str(manifest.get("mac", "")), _mac(key, gen, files))
    if not good and not TRUST_ANY:
        raise Untrusted(f"{where}: the index was not written by this installation of newsindex (or its "
                        "manifest was changed) — `newsindex build` rebuilds it from the corpus; "
                        "`trust_index` opens it as it is", params=("trust_index",))
    toc = f"_MAIN_{gen}.toc"
    if toc not in files:
        raise Damaged(f"{where}: the index is damaged (its manifest does not list {toc}) — run `newsindex build --rebuild`")
    for name, entry in files.items():
        path = folder / name
        if "/" in name or name in (".", ".."):
            raise Damaged(f"{where}: the index is damaged (a bad file name in its manifest) — run `newsindex build --rebuild`")
        try:
            st = os.lstat(path)
        except OSError:
            raise Damaged(f"{where}: the index is damaged ({name} is missing) — run `newsindex build --rebuild`") from None
        if not stat.S_ISREG(st.st_mode):
            raise Damaged(f"{where}: the index is damaged ({name} is not a regular file) — run `newsindex build --rebuild`")
        if st.st_size != entry[0]:
            raise Damaged(f"{where}: the index is damaged ({name} has {st.st_size:,} bytes, not {entry[0]:,}) — "
                          "run `newsindex build --rebuild`")
        if list(entry[2:]) == _fingerprint(st):
            continue  # the very file that was signed, untouched since (its ctime would have moved)
        try:
            digest = _hash(path)
        except OSError as e:
            raise Damaged(f"{where}: the index is damaged ({name}: {e.strerror or e}) — run `newsindex build --rebuild`") from None
        if digest != entry[1]:
            raise Damaged(f"{where}: the index is damaged ({name} is not the file that was written: its bytes "
                          "changed) — run `newsindex build --rebuild`")
