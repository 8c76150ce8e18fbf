"""Making entries for records and appending them to corrections.toml (``newsindex correct`` and ``review``)."""

from __future__ import annotations

import datetime as _dt
import os
import re
from pathlib import Path

from ..errors import ConfigError, UsageError
from .model import CONTEXT, CORRECTIONS, FIELDS, HEADER, REVIEW_STATES, Entry, _a, _timestamp, kind_of, normalise_change, read_table


def current_user() -> str:
    """Who makes a correction: ``$NEWSINDEX_USER``, else the login name."""
    name = os.environ.get("NEWSINDEX_USER", "").strip()
    if name:
        return name
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name (a container without one): still a usable entry
        return "unknown"


def now_utc() -> str:
    return _timestamp(_dt.datetime.now(_dt.timezone.utc))


def _find(article: dict, record_id: str) -> dict | None:
    kind = kind_of(record_id)
    for rec in article.get({"claim": "claims", "figure": "figures"}.get(kind, ""), None) or []:
        if rec.get("id") == record_id:
            return rec
    return None


def make_entry(table: str, article: dict, record_id: str, *, changes: dict | None = None,
               status: str | None = None, note: str | None = None, by: str | None = None,
               at: str | None = None) -> Entry:
    """An entry for a record of `article` (a full record, body included, as the index gives it).

    Raises UsageError for what the person asked wrongly: a field that does not apply to the
    record's kind, an unreadable value, nothing to change, an unknown review status.
    """
    kind = kind_of(record_id)
    if kind == "record" or record_id.split(":", 1)[0] != article.get("id"):
        raise UsageError(f"{record_id}: not an article, claim or figure id")
    rec = article if kind == "article" else _find(article, record_id)
    if rec is None:
        raise UsageError(f"no {kind} {record_id} in article {article.get('id')}")
    entry = Entry(table, 0, record_id, article.get("path") or "", article.get("part"),
                  by=by or current_user(), at=at or now_utc(), note=" ".join(note.split()) if note else None)
    if kind != "article":
        from ..explain import locate_span

        body, text = article.get("body") or "", rec.get("text") or ""
        start, end, _ = locate_span(body, int(rec.get("start") or 0), int(rec.get("end") or 0), text,
                                    rec.get("paragraph"))  # a stored span that misses its text: where it is
        entry.span, entry.text = (start, end), body[start:end] or text
        entry.before, entry.after = body[max(0, start - CONTEXT):start], body[end:end + CONTEXT]
    if table == "review":
        if status not in REVIEW_STATES:
            raise UsageError(f"give --verified or --disputed (a review is one of: {', '.join(REVIEW_STATES)})")
        entry.status = status
        return entry
    changes = {k: v for k, v in (changes or {}).items() if v not in (None, False, (), [])}
    if not changes:
        raise UsageError(f"nothing to correct: give one of {_options(FIELDS[kind])} for {_a(kind)}")
    for name, value in changes.items():
        if name not in FIELDS[kind]:
            raise UsageError(f"{_options([name])} does not apply to {_a(kind)} (it takes: {_options(FIELDS[kind])})")
        try:
            entry.changes[name] = normalise_change(name, value)
        except ValueError as e:
            raise UsageError(str(e)) from None
    present = {n.casefold(): n for n in rec.get("companies") or []} if kind != "article" else {}
    for op in entry.changes.get("companies", []):
        if op[0] == "-" and op[1:].casefold() not in present:
            listed = ", ".join(present.values()) or "none"
            raise UsageError(f"--company -{op[1:]}: not one of the {kind}'s companies ({listed})")
    return entry


def _options(names) -> str:
    return ", ".join("--" + ("company" if n == "companies" else n.replace("_", "-")) for n in names)


def _toml_value(value) -> str:
    from ..sources import toml_string

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return toml_string(str(value))


def entry_text(entry: Entry) -> str:
    """The entry as a TOML table, one key per line (what :func:`append_entry` writes)."""
    lines = [f"[[{entry.table}]]", f"id = {_toml_value(entry.id)}", f"file = {_toml_value(entry.file)}"]
    if entry.part is not None:
        lines.append(f"part = {entry.part}")
    if entry.span is not None:
        lines.append(f"span = [{entry.span[0]}, {entry.span[1]}]")
        lines.append(f"text = {_toml_value(entry.text)}")
        lines.append(f"context = [{_toml_value(entry.before)}, {_toml_value(entry.after)}]")
    if entry.status:
        lines.append(f"status = {_toml_value(entry.status)}")
    lines += [f"{k} = {_toml_value(v)}" for k, v in entry.changes.items()]
    lines.append(f"by = {_toml_value(entry.by)}")
    lines.append(f"at = {entry.at}" if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.at)
                 else f"at = {_toml_value(entry.at)}")
    if entry.note:
        lines.append(f"note = {_toml_value(entry.note)}")
    return "\n".join(lines) + "\n"


def append_entry(corpus, entry: Entry) -> Entry:
    """Append `entry` to ``<corpus>/corrections.toml`` (made with a header when missing).

    The bytes already there are kept as they are; the new text is read back (the old entries
    unchanged, the new one as meant) before the file is replaced atomically. Returns the entry
    as read back (with its number). Raises ConfigError when the file cannot be read, is not
    valid TOML, or cannot be written.
    """
    from ..data import tomllib
    from ..safeio import read_regular
    from ..sources import write_atomic

    path = Path(corpus) / CORRECTIONS
    with _locked(Path(corpus)):
        return _append(path, entry)


def _locked(folder: Path):
    """An exclusive lock on the corpus folder (flock on its descriptor) while the file is read and
    replaced, so two `correct` commands at once both land; a no-op where folders cannot be locked."""
    import contextlib

    @contextlib.contextmanager
    def hold():
        try:
            import fcntl

            fd = os.open(folder, os.O_RDONLY)
        except (ImportError, OSError):
            yield
            return
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError:
                pass
            yield
        finally:
            os.close(fd)  # closing releases the lock
    return hold()


def _append(path: Path, entry: Entry) -> Entry:
    from ..data import tomllib
    from ..safeio import read_regular
    from ..sources import write_atomic

    created = not os.path.lexists(path)
    try:
        old = "" if created else read_regular(path).decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text: fix it before adding to it") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read ({e.strerror or e})") from None
    try:
        before = read_table(tomllib.loads(old), str(path))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e}): fix it before adding to it") from None
    head = HEADER if created else ("\n" if old and not old.endswith("\n") else "")
    new = old + head + ("\n" if old.strip() or created else "") + entry_text(entry)
    try:
        after = read_table(tomllib.loads(new), str(path))
    except tomllib.TOMLDecodeError as e:  # pragma: no cover - entry_text writes valid TOML
        raise ConfigError(f"{path}: the new entry would not read back ({e}); nothing was written") from None
    mine = [e for e in after.entries if e.table == entry.table]
    added = mine[-1] if mine else None
    if (len(after.entries) != len(before.entries) + 1 or added is None
            or (added.id, added.changes, added.status, added.span) != (entry.id, entry.changes, entry.status, entry.span)):
        raise ConfigError(f"{path}: the new entry would not read back as meant (the file's layout is unusual): "
                          "nothing was written")
    target = Path(os.path.realpath(path))
    write_atomic(target, new)
    return added


def corpus_of(index, given=None) -> Path:
    """The corpus whose corrections.toml speaks for an index: the one given, else the one the
    index was built from (its generation's metadata), else ./corpus."""
    if given:
        return Path(given)
    built = (getattr(index, "meta", None) or {}).get("corpus")
    if built and Path(built).is_dir():
        return Path(built)
    from ..index import default_corpus

    return Path(default_corpus())


def record_entry(index, table: str, record_id: str, *, corpus=None, changes: dict | None = None,
                 status: str | None = None, note: str | None = None) -> tuple[Entry, Path]:
    """``newsindex correct`` and ``newsindex review``: find the record in the index (an id or a
    unique prefix, as ``show`` takes them), make its entry and append it to the corpus's
    corrections.toml. Returns the entry as written and the file.

    UsageError for an unknown or ambiguous id and what :func:`make_entry` refuses; ConfigError
    when the file cannot be read or written.
    """
    from ..errors import NotFound
    from ..search import show

    try:
        article = show(record_id, index_dir=index)
    except NotFound as e:
        raise UsageError(str(e)) from None
    rest = record_id.strip().split(":", 1)[1] if ":" in record_id else ""
    full = f"{article['id']}:{rest}" if rest else article["id"]
    entry = make_entry(table, article, full, changes=changes, status=status, note=note)
    root = corpus_of(index, corpus)
    return append_entry(root, entry), root / CORRECTIONS
