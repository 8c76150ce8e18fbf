"""The sources sidecar (``sources.toml``): read, checked and normalised once; written for the user.

A sidecar holds what a journalist knows about each source file, one ``[[source]]`` table per
file. Reading it (:func:`load_sidecar`) checks its shape and every value's type once and
normalises the values the way the text's are: an outlet alias becomes the outlet table's
canonical name (``FT`` -> ``Financial Times``) and a date is read by python-dateutil
(``"Oct 8 2019"`` -> ``2019-10-08``). A value that cannot be read is dropped and reported as a
:class:`Problem` naming the file, the entry and the field; the rest of the sidecar is used.
Only a file that is not TOML at all stops the caller (:class:`~newsindex.errors.ConfigError`).

:func:`set_entry` writes one entry for the user (``newsindex set FILE --published ...``): the
file's other entries, comments and layout are kept, the result is checked by reading it back,
and the file is replaced atomically.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError

SIDECAR = "sources.toml"

#: the string fields of an entry and what they mean (``published`` and ``confidence`` are read apart)
TEXT_FIELDS = ("outlet", "title", "author", "url", "evidence", "requested_url")
KNOWN_FIELDS = ("file", *TEXT_FIELDS, "published", "fetched", "confidence", "columns")
#: the fields ``newsindex set`` writes
SETTABLE = ("outlet", "published", "title", "author", "url", "evidence")


@dataclass(frozen=True)
class Problem:
    """A part of a sidecar that could not be used, with where it is."""

    path: str
    entry: str  # 'entry 3 (file "a.txt")', or '' for the whole file
    field: str  # '' for the whole entry
    message: str

    def __str__(self) -> str:
        where = ", ".join(x for x in (self.entry, f"field {self.field!r}" if self.field else "") if x)
        return f"{where}: {self.message}" if where else self.message


@dataclass
class Sidecar:
    """One sources.toml, read: file name -> normalised entry, and what could not be used."""

    path: str
    entries: dict[str, dict] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


# --- reading values ------------------------------------------------------------------------

class ValueProblem(ValueError):
    """A sidecar value that cannot be read (the message says why and what to write instead)."""


def normalise_published(value) -> str:
    """A sidecar date -> ISO 8601: ``2019-10-08``, or with its time ``2019-11-06T09:00:00+00:00``.

    Strings are read by python-dateutil; TOML dates and date-times are taken as they are.
    A date without a day, a year, or with an ambiguous numeric order is refused.

    >>> normalise_published("Oct 8 2019"), normalise_published("2019-10-08")
    ('2019-10-08', '2019-10-08')
    >>> normalise_published("2019-11-06T09:00:00+00:00")
    '2019-11-06T09:00:00+00:00'
    >>> normalise_published("someday")
    Traceback (most recent call last):
    ...
    newsindex.sources.ValueProblem: cannot read 'someday' as a date (write 2019-10-08 or 'Oct 8 2019')
    """
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, _dt.time) or not isinstance(value, str):
        raise ValueProblem(f"must be a date such as \"2019-10-08\", not {_describe(value)}")
    raw = " ".join(value.split())
    hint = "(write 2019-10-08 or 'Oct 8 2019')"
    if not raw or len(raw) > 100 or any(ord(c) < 32 for c in raw):
        raise ValueProblem(f"cannot read {raw[:40]!r} as a date {hint}")
    from dateutil import parser as dateparser

    if re.fullmatch(r"\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?", raw):
        try:
            dt = dateparser.isoparse(raw.replace(" ", "T"))
        except (ValueError, OverflowError):
            raise ValueProblem(f"{raw!r} is not a date of the calendar {hint}") from None
        return dt.isoformat() if len(raw) > 10 else dt.date().isoformat()
    numeric = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})", raw)
    if numeric and int(numeric.group(1)) <= 12 and int(numeric.group(2)) <= 12 \
            and numeric.group(1) != numeric.group(2):
        raise ValueProblem(f"{raw!r} is ambiguous (day/month or month/day?) {hint}")
    try:
        # two defaults that differ in every part reveal which parts the text gave
        low = dateparser.parse(raw, default=_dt.datetime(1904, 1, 1, 0, 0, 0))
        high = dateparser.parse(raw, default=_dt.datetime(1908, 12, 28, 23, 59, 59))
    except (ValueError, OverflowError, TypeError):
        raise ValueProblem(f"cannot read {raw!r} as a date {hint}") from None
    if low.year != high.year:
        raise ValueProblem(f"{raw!r} has no year {hint}")
    if low.month != high.month or low.day != high.day:
        raise ValueProblem(f"{raw!r} has no day: the record needs a full date {hint}")
    if not 1800 <= low.year <= 2200:
        raise ValueProblem(f"{raw!r}: the year {low.year} cannot be a publication date")
    if (low.hour, low.minute) != (high.hour, high.minute):
        return low.date().isoformat()
    return low.isoformat()


def normalise_outlet(value: str) -> str:
    """An outlet alias -> the outlet table's canonical name; an outlet it lacks is kept as written.

    >>> normalise_outlet("FT"), normalise_outlet("  Quokka  Weekly ")
    ('Financial Times', 'Quokka Weekly')
    """
    name = " ".join(value.split())
    from .extract.outlets import canonical_outlet

    return canonical_outlet(name) or name


def _describe(value) -> str:
    kinds = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a table",
             _dt.datetime: "a date-time", _dt.date: "a date", _dt.time: "a time"}
    kind = next((k for t, k in kinds.items() if type(value) is t), type(value).__name__)
    shown = repr(value)
    return f"{kind} ({shown[:40]}{'…' if len(shown) > 40 else ''})"


def _text(value, name: str) -> str | None:
    if not isinstance(value, str):
        extra = " (one entry names one author: the first by-line name)" if name == "author" and isinstance(value, list) else ""
        raise ValueProblem(f"must be text in quotes, not {_describe(value)}{extra}")
    text = " ".join(value.split())
    return text or None


def normalise_entry(raw: dict) -> tuple[dict, list[tuple[str, str]]]:
    """One ``[[source]]`` table -> (the entry with readable values normalised, [(field, problem)]).

    >>> entry, problems = normalise_entry({"file": "a.txt", "outlet": "FT", "published": "Oct 8 2019", "title": 5})
    >>> entry
    {'file': 'a.txt', 'outlet': 'Financial Times', 'published': '2019-10-08'}
    >>> problems
    [('title', 'must be text in quotes, not a number (5)')]
    """
    out: dict = {}
    problems: list[tuple[str, str]] = []
    for key, value in raw.items():
        try:
            if key == "file":
                if not isinstance(value, str) or not value.strip():
                    raise ValueProblem(f"must be the file's name in quotes, not {_describe(value)}")
                out["file"] = value.strip().replace("\\", "/")
            elif key in TEXT_FIELDS:
                text = _text(value, key)
                if text is not None:
                    out[key] = normalise_outlet(text) if key == "outlet" else text
            elif key in ("published", "fetched"):  # fetched: when `newsindex add` fetched the page
                if not (isinstance(value, str) and not value.strip()):
                    iso = normalise_published(value)
                    out[key] = iso if key == "published" or not isinstance(value, str) else value.strip()
            elif key == "confidence":
                if not isinstance(value, dict):
                    raise ValueProblem(f"must be a table such as {{ published = \"high\" }}, not {_describe(value)}")
                conf = {}
                for k, v in value.items():
                    if isinstance(v, str):
                        conf[str(k)] = v
                    else:
                        problems.append((f"confidence.{k}", f"must be text in quotes, not {_describe(v)}"))
                if conf:
                    out["confidence"] = conf
            elif key == "columns":  # a record file's column map (newsindex.formats.records)
                from .formats.records import parse_columns

                if not isinstance(value, (dict, str)):
                    raise ValueProblem(f"must be a table such as {{ title = \"headline\" }}, not {_describe(value)}")
                try:
                    parse_columns(value)
                except ValueError as e:
                    raise ValueProblem(str(e)) from None
                out["columns"] = value
            else:
                raise ValueProblem(f"unknown field (known: {', '.join(KNOWN_FIELDS)})")
        except ValueProblem as e:
            problems.append((key, str(e)))
    return out, problems


def read_sidecar_table(table: dict, path: str) -> Sidecar:
    """A parsed sources.toml -> its entries by file name, every problem named (never raises)."""
    side = Sidecar(path)
    sources = table.get("source")
    for key in table:
        if key != "source":
            side.problems.append(Problem(path, "", key, "unknown top-level field (each source is a [[source]] table)"))
    if sources is None:
        return side
    if isinstance(sources, dict):
        side.problems.append(Problem(path, "", "source",
                                     "[source] is a single table: write [[source]] (two brackets) before each entry"))
        sources = [sources]
    elif not isinstance(sources, list):
        side.problems.append(Problem(path, "", "source",
                                     f"must be [[source]] tables, not {_describe(sources)}"))
        return side
    where: dict[str, int] = {}
    for n, raw in enumerate(sources, 1):
        if not isinstance(raw, dict):
            side.problems.append(Problem(path, f"entry {n}", "", f"is {_describe(raw)}, not a [[source]] table: skipped"))
            continue
        entry, problems = normalise_entry(raw)
        name = entry.get("file")
        label = f"entry {n} (file {name!r})" if name else f"entry {n}"
        side.problems.extend(Problem(path, label, f, m) for f, m in problems)
        if not name:
            if "file" not in raw:
                side.problems.append(Problem(path, label, "file", "missing: the entry names no file and is skipped"))
            continue
        if name in where:
            side.problems.append(Problem(path, label, "file",
                                         f"also listed in entry {where[name]}: this later entry is used"))
        where[name] = n
        side.entries[name] = entry
    return side


def load_sidecar(folder) -> Sidecar:
    """Read ``sources.toml`` in folder. A file that is not TOML raises ConfigError (file and line)."""
    from .data import tomllib

    path = Path(folder) / SIDECAR
    side = Sidecar(str(path))
    if not path.is_file():
        return side
    try:
        with open(path, "rb") as fh:
            table = tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: cannot read the sources sidecar: not valid TOML ({e}) — "
                          "nothing was built; the index is as it was") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: cannot read the sources sidecar: not UTF-8 text — "
                          "nothing was built; the index is as it was") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the sources sidecar ({e.strerror or e})") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to read") from None
    return read_sidecar_table(table, str(path))


class Sidecars:
    """Looks up the sidecar entry of a file: sources.toml in its folder or the nearest parent.

    Each sidecar is read once; ``problems`` collects what could not be used, each once. The
    governing sidecar is found once per folder (a build asks for every file of the corpus).
    """

    def __init__(self) -> None:
        self._cache: dict[Path, Sidecar | None] = {}
        self._folders: dict[str, tuple[Path, Sidecar | None]] = {}  # folder as given -> (resolved, governing)
        self.problems: list[Problem] = []

    def _sidecar(self, d: Path) -> Sidecar | None:
        if d not in self._cache:
            self._cache[d] = None
            if (d / SIDECAR).is_file():
                side = load_sidecar(d)
                self._cache[d] = side
                self.problems.extend(side.problems)
        return self._cache[d]

    def _governing_of(self, folder: Path) -> Sidecar | None:
        for d in [folder, *folder.parents]:
            side = self._sidecar(d)
            if side is not None and side.entries:
                return side
        return None

    def _locate(self, path: Path) -> tuple[Path, Sidecar | None]:
        """(the file's path with links resolved, its governing sidecar)."""
        if path.is_symlink() or not path.exists():  # a link may lead to another folder: resolved on its own
            resolved = path.resolve()
            return resolved, self._governing_of(resolved.parent if path.exists() else path.parent)
        key = str(path.parent)
        got = self._folders.get(key)
        if got is None:
            folder = path.parent.resolve()
            got = self._folders[key] = (folder, self._governing_of(folder))
        return got[0] / path.name, got[1]

    def governing(self, path: Path) -> Sidecar | None:
        """The sidecar that speaks for this file (the nearest one with entries), or None."""
        return self._locate(path)[1]

    def entry(self, path: Path) -> dict | None:
        resolved, side = self._locate(path)
        if side is None:
            return None
        from .corpus import path_text  # names that are not UTF-8 are keyed as \xNN

        rel = path_text(os.path.relpath(resolved, Path(side.path).parent).replace(os.sep, "/"))
        return side.entries.get(rel) or side.entries.get(path_text(path.name))

    def take_problems(self) -> list[Problem]:
        """The problems found since the last call."""
        out, self.problems = self.problems, []
        return out


# --- writing an entry (newsindex set) ------------------------------------------------------

_ENTRY_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*source[ \t]*\]\][ \t]*(#.*)?$")
_ANY_HEADER = re.compile(r"^[ \t]*\[")


@dataclass
class SetResult:
    sidecar: Path
    file: str  # the entry's `file`
    values: dict  # what was written (normalised)
    created_entry: bool
    created_file: bool
    notes: list[str] = field(default_factory=list)


def toml_string(value: str) -> str:
    r"""A TOML basic string.

    >>> print(toml_string('say "hi"\\ now'))
    "say \"hi\"\\ now"
    """
    out = ['"']
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append({"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(ch, f"\\u{ord(ch):04x}"))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _inline_table(table: dict) -> str:
    return "{ " + ", ".join(f"{_key(k)} = {toml_string(str(v))}" for k, v in table.items()) + " }" if table else "{}"


def _key(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else toml_string(k)


def sidecar_for(file: Path) -> Path:
    """Where ``set`` writes the entry of ``file``: the nearest existing sources.toml in its folder
    or a parent (the one that is read for it), else a new one in the file's own folder."""
    folder = file.resolve().parent
    for d in [folder, *folder.parents]:
        if (d / SIDECAR).is_file():
            return d / SIDECAR
    return folder / SIDECAR


def set_entry(file, values: dict, *, sidecar: Path | None = None) -> SetResult:
    """Write ``values`` (outlet, published, title, author, url, evidence) into the file's sidecar entry.

    Values are normalised first (an unreadable one raises ConfigError with the reason, before
    anything is written). The entry is found by its ``file`` (relative to the sidecar's folder,
    or the bare name); a missing one is appended. Other entries, comments and layout are kept.
    A ``confidence`` note about a field being set is removed (it was about the old value).
    """
    from .data import tomllib

    file = Path(file)
    if not file.is_file():
        raise ConfigError(f"{file}: no such file")
    unknown = [k for k in values if k not in SETTABLE]
    if unknown:
        raise ConfigError(f"cannot set {', '.join(unknown)} (settable: {', '.join(SETTABLE)})")
    clean: dict = {}
    for key, value in values.items():
        try:
            if key == "published":
                clean[key] = normalise_published(value)
            else:
                text = _text(value, key)
                if text is None:
                    raise ValueProblem("is empty")
                clean[key] = normalise_outlet(text) if key == "outlet" else text
        except ValueProblem as e:
            raise ConfigError(f"`{key}`: {e}", params=(key,)) from None
    target = Path(sidecar) if sidecar else sidecar_for(file)
    real = Path(os.path.realpath(target))
    rel = os.path.relpath(file.resolve(), real.parent).replace(os.sep, "/")
    created_file = not real.exists()
    text = "" if created_file else _read_text(real)
    try:
        old = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{target}: not valid TOML ({e}): fix it before setting values") from None
    sources = old.get("source", [])
    if not isinstance(sources, list):
        raise ConfigError(f"{target}: 'source' is not a list of [[source]] tables: fix it before setting values")
    index = next((i for i, s in enumerate(sources) if isinstance(s, dict) and s.get("file") == rel), None)
    if index is None:
        index = next((i for i, s in enumerate(sources)
                      if isinstance(s, dict) and s.get("file") == file.name), None)
    result = SetResult(real, rel if index is None else sources[index]["file"], clean, index is None, created_file)
    if outlet := clean.get("outlet"):
        from .extract.outlets import canonical_outlet

        if canonical_outlet(outlet) is None:
            result.notes.append(f"{outlet!r} is not in the outlets table: kept as written")
    if index is None:
        new_text = _append_entry(text, result.file, clean, created_file)
    else:
        new_text = _edit_entry(text, index, clean, sources[index], target)
    # read it back: the entry must hold the new values and every other entry must be unchanged
    try:
        check = tomllib.loads(new_text).get("source", [])
    except tomllib.TOMLDecodeError:
        check = None
    expected = [dict(s) for s in sources]
    if index is None:
        expected.append({"file": result.file, **clean})
    else:
        conf = expected[index].get("confidence")
        expected[index].update(clean)
        if isinstance(conf, dict):
            conf = {k: v for k, v in conf.items() if k not in clean}
            if conf:
                expected[index]["confidence"] = conf
            else:
                expected[index].pop("confidence")
    if check != expected:
        raise ConfigError(f"{target}: cannot edit this entry safely (its layout is unusual): "
                          "edit it by hand or move the entry to [[source]] tables with one key per line")
    write_atomic(real, new_text)
    return result


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read ({e.strerror or e})") from None


def _append_entry(text: str, name: str, values: dict, created: bool) -> str:
    lines = ["[[source]]", f"file = {toml_string(name)}"]
    lines += [f"{k} = {toml_string(v)}" for k, v in values.items()]
    head = ""
    if created:
        head = ("# What is known about each source file in this folder (see README, \"The sources sidecar\").\n"
                "# Written by `newsindex set`; edit it with `newsindex set FILE --published ...`.\n")
    elif text and not text.endswith("\n"):
        head = "\n"
    sep = "\n" if text.strip() else ""
    return text + head + sep + "\n".join(lines) + "\n"


def _edit_entry(text: str, index: int, values: dict, old: dict, target) -> str:
    lines = text.splitlines(keepends=True)
    headers = [i for i, line in enumerate(lines) if _ENTRY_HEADER.match(line)]
    if index >= len(headers):
        raise ConfigError(f"{target}: cannot find entry {index + 1} in the text: edit it by hand")
    start = headers[index] + 1
    end = next((i for i in range(start, len(lines)) if _ANY_HEADER.match(lines[i])), len(lines))
    key_line = {}
    for i in range(start, end):
        m = re.match(r"^([ \t]*)(\"?)([A-Za-z0-9_.-]+)\2[ \t]*=", lines[i])
        if m:
            key_line[m.group(3)] = (i, m.group(1))
    last = max((i for i, _ in key_line.values()), default=start - 1)
    inserts: list[str] = []
    conf = old.get("confidence")
    if isinstance(conf, dict) and any(k in conf for k in values):
        if "confidence" not in key_line:
            raise ConfigError(f"{target}: cannot edit this entry's confidence table safely: edit it by hand")
        i, indent = key_line["confidence"]
        rest = {k: v for k, v in conf.items() if k not in values}
        lines[i] = f"{indent}confidence = {_inline_table(rest)}\n" if rest else ""
    for key, value in values.items():
        entry_line = f"{toml_string(value)}"
        if key in key_line:
            i, indent = key_line[key]
            lines[i] = f"{indent}{key} = {entry_line}{_trailing_comment(lines[i])}\n"
        else:
            inserts.append(f"{key} = {entry_line}\n")
    if inserts:
        if not lines[last].endswith("\n"):
            lines[last] += "\n"
        lines[last + 1:last + 1] = inserts
    return "".join(lines)


def _trailing_comment(line: str) -> str:
    """The ``  # comment`` after a one-line key = value, kept when the value is replaced."""
    from .data import tomllib

    for m in re.finditer("#", line):
        try:
            tomllib.loads(line[:m.start()])
        except tomllib.TOMLDecodeError:
            continue
        head = line[:m.start()]
        return head[len(head.rstrip()):] + line[m.start():].rstrip("\n")
    return ""


def write_atomic(path: Path, text: str) -> None:
    """Write text to a temporary file beside path, fsync it and rename it over path (keeping its mode)."""
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o7777 if path.exists() else None
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise ConfigError(f"{path}: cannot write ({e.strerror or e})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise ConfigError(f"{path}: cannot write ({e.strerror or e})") from None
        raise


__all__ = ["SIDECAR", "Problem", "Sidecar", "Sidecars", "SetResult", "load_sidecar", "normalise_entry",
           "normalise_outlet", "normalise_published", "read_sidecar_table", "set_entry"]
