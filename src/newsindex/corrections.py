"""Corrections and reviews, kept as data beside the corpus (``<corpus>/corrections.toml``).

Extraction is never perfect; what a person corrects or checks must outlive every rebuild. Each
``[[correction]]`` table of the file is one person's change to one record, each ``[[review]]``
one person's verdict on it (``verified`` or ``disputed``). Both name their target the way it can
be found again after the file changes: the source file (relative to the corpus), for a claim or
figure also its span, the text of the span and a little context either side. The build applies
them to every parsed record (:func:`apply`): a claim or figure whose span moved is re-anchored by
its text (the occurrence whose context matches, nearest the old place); one that can no longer
be placed is reported, and stays in the file.

The file is the person's: ``newsindex correct`` and ``newsindex review`` only ever append an entry
(:func:`append_entry`: the bytes before it are kept, the result is read back, the file replaced
atomically), and the build only reads it.

Pure functions, apart from :func:`load` and :func:`append_entry` at the edge.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError, UsageError

CORRECTIONS = "corrections.toml"

#: characters of context kept either side of a claim's or figure's text
CONTEXT = 40

#: what can be corrected, per kind of record (the option is ``--<name>``, ``not_a_claim`` ``--not-a-claim``)
FIELDS: dict[str, tuple[str, ...]] = {
    "claim": ("speaker", "companies", "not_a_claim"),
    "figure": ("value", "unit", "metric", "companies"),
    "article": ("outlet", "published", "title"),
}
ALL_FIELDS = tuple(dict.fromkeys(f for names in FIELDS.values() for f in names))
REVIEW_STATES = ("verified", "disputed")
TABLES = ("correction", "review")
_TARGET_KEYS = ("id", "file", "part", "span", "text", "context")
_META_KEYS = ("by", "at", "note")

HEADER = ("# Corrections and reviews of this corpus's records: one [[correction]] or [[review]] per change.\n"
          "# Written by `newsindex correct` and `newsindex review`; every build applies them (see docs/corrections.md).\n"
          "# Edit or delete entries by hand if you like: newsindex only ever appends.\n")


@dataclass
class Entry:
    """One ``[[correction]]`` or ``[[review]]`` table, read and checked."""

    table: str  # "correction" or "review"
    number: int  # 1-based position among the file's tables of that name
    id: str  # the record's id when the entry was made (article, <article>:c<n>, <article>:f<n>)
    file: str  # the source file, relative to the corpus
    part: int | None = None  # the article's part in a multi-article file
    span: tuple[int, int] | None = None  # claims and figures: [start, end) in the body
    text: str | None = None  # the span's text
    before: str = ""  # context either side of the span
    after: str = ""
    changes: dict = field(default_factory=dict)  # corrections: field -> new value (companies: ["+X", "-Y"])
    status: str | None = None  # reviews: verified / disputed
    by: str = ""
    at: str = ""  # UTC, 2026-12-01T22:50:00Z
    note: str | None = None
    raw: str = ""  # the table as JSON, for change detection

    @property
    def kind(self) -> str:
        return kind_of(self.id)

    @property
    def article_id(self) -> str:
        return self.id.split(":", 1)[0]

    @property
    def label(self) -> str:
        """How messages name the entry: ``correction 3 (3f2a9c1d0b7e:c4)``."""
        return f"{self.table} {self.number} ({self.id})"

    def stamp(self) -> dict:
        """Who, when and why, as records carry it."""
        return {"by": self.by, "at": self.at, "note": self.note}


def kind_of(record_id: str) -> str:
    """article, claim or figure, from an id's shape (anything else: ``record``).

    >>> [kind_of(i) for i in ["3f2a9c1d0b7e", "3f2a9c1d0b7e:c4", "3f2a9c1d0b7e:f12", "x:company:Acme"]]
    ['article', 'claim', 'figure', 'record']
    """
    rest = record_id.split(":", 1)[1] if ":" in record_id else ""
    if not rest:
        return "article"
    return {"c": "claim", "f": "figure"}.get(rest[:1], "record") if rest[1:].isdigit() else "record"


# --- values ------------------------------------------------------------------------------------

def _text_value(value, name: str) -> str:
    if not isinstance(value, str) or not " ".join(value.split()):
        raise ValueError(f"--{name.replace('_', '-')}: give some text")
    text = " ".join(value.split())
    if len(text) > 500:
        raise ValueError(f"--{name.replace('_', '-')}: more than 500 characters")
    return text


def company_changes(values) -> list[str]:
    """``--company`` values -> ``["+Name", "-Name"]`` (a bare name adds; aliases become canonical names).

    >>> company_changes(["+Quokka Robotics", "-Acme", "Wombat Ltd"])
    ['+Quokka Robotics', '-Acme', '+Wombat Ltd']
    """
    from .query.filters import canonical_company

    if isinstance(values, str):
        values = [values]
    if not isinstance(values, (list, tuple)) or not values:
        raise ValueError("--company: give +Name to add a company or -Name to remove one")
    out = []
    for v in values:
        if not isinstance(v, str):
            raise ValueError(f"--company: {v!r} is not a name")
        v = v.strip()
        sign = v[0] if v[:1] in "+-" else "+"
        name = _text_value(v[1:] if v[:1] in "+-" else v, "company")
        out.append(sign + canonical_company(name))
    return out


def normalise_change(name: str, value):
    """A correction's new value, checked and normalised as the records hold it; ValueError says why.

    >>> normalise_change("value", "7.5bn"), normalise_change("unit", "$"), normalise_change("outlet", "FT")
    (7500000000, 'USD', 'Financial Times')
    >>> normalise_change("published", "Oct 8 2019")
    '2019-10-08'
    """
    from .errors import BadQuery
    from .query.filters import canonical_unit, parse_number
    from .sources import ValueProblem, normalise_outlet, normalise_published

    if name == "not_a_claim":
        if value is not True:
            raise ValueError("--not-a-claim takes no value (not_a_claim = true)")
        return True
    if name == "companies":
        return company_changes(value)
    if name == "value":
        if isinstance(value, bool):
            raise ValueError("--value: not a number")
        try:
            number = parse_number(value, "--value")
        except BadQuery as e:
            raise ValueError(str(e)) from None
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    if name == "published":
        try:
            return normalise_published(value)
        except ValueProblem as e:
            raise ValueError(f"--published: {e}") from None
    text = _text_value(value, name)
    if name == "unit":
        return canonical_unit(text)
    if name == "metric":
        metric = text.lower().replace(" ", "_").replace("-", "_")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", metric):
            raise ValueError(f"--metric: {text!r} is not a metric name (revenue, market_share, ...)")
        return metric
    if name == "outlet":
        return normalise_outlet(text)
    if name in ("speaker", "title"):
        return text
    raise ValueError(f"{name}: not something a correction can change (it can change: {', '.join(ALL_FIELDS)})")


def _timestamp(value) -> str:
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return value.replace(microsecond=0).isoformat() + "Z"
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise ValueError("must be a date-time such as 2026-12-01T22:50:00Z")


# --- reading -------------------------------------------------------------------------------------

@dataclass
class Corrections:
    """One corpus's corrections.toml, read: its entries by source file, and what could not be used."""

    path: str
    entries: list[Entry] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (where, message)

    def for_file(self, rel: str) -> list[Entry]:
        return [e for e in self.entries if e.file == rel]

    def key(self, rel: str) -> str | None:
        """A hash of the entries of one source file (None when it has none): a file whose entries
        changed is parsed again by the next build."""
        mine = [e.raw for e in self.for_file(rel)]
        return hashlib.sha256("\n".join(mine).encode()).hexdigest()[:16] if mine else None

    def files(self) -> set[str]:
        return {e.file for e in self.entries}


def read_entry(table: str, number: int, raw: dict) -> Entry:
    """One table of the file -> an Entry; ValueError names what is wrong."""
    unknown = [k for k in raw if k not in (*_TARGET_KEYS, *_META_KEYS, *ALL_FIELDS, "status")]
    if unknown:
        raise ValueError(f"unknown field {unknown[0]!r}")
    rid, file = raw.get("id"), raw.get("file")
    if not isinstance(rid, str) or kind_of(rid.strip()) == "record":
        raise ValueError("'id' must be an article, claim or figure id in quotes")
    if not isinstance(file, str) or not file.strip():
        raise ValueError("'file' must be the source file's path in the corpus, in quotes")
    entry = Entry(table, number, rid.strip(), file.strip().replace("\\", "/"))
    part = raw.get("part")
    if part is not None and (not isinstance(part, int) or isinstance(part, bool) or part < 1):
        raise ValueError("'part' must be a whole number from 1")
    entry.part = part
    if entry.kind in ("claim", "figure"):
        span, text = raw.get("span"), raw.get("text")
        if not (isinstance(span, list) and len(span) == 2 and all(type(x) is int and x >= 0 for x in span)
                and span[0] <= span[1]):
            raise ValueError("'span' must be [start, end]")
        if not isinstance(text, str) or not text:
            raise ValueError("'text' must be the text of the span, in quotes")
        entry.span, entry.text = (span[0], span[1]), text
        context = raw.get("context", ["", ""])
        if not (isinstance(context, list) and len(context) == 2 and all(isinstance(x, str) for x in context)):
            raise ValueError("'context' must be [\"text before\", \"text after\"]")
        entry.before, entry.after = context
    by, note = raw.get("by", ""), raw.get("note")
    if not isinstance(by, str):
        raise ValueError("'by' must be a name in quotes")
    if note is not None and not isinstance(note, str):
        raise ValueError("'note' must be text in quotes")
    entry.by, entry.note = by, note
    try:
        entry.at = _timestamp(raw.get("at")) if "at" in raw else ""
    except ValueError as e:
        raise ValueError(f"'at' {e}") from None
    if table == "review":
        status = raw.get("status")
        if status not in REVIEW_STATES:
            raise ValueError(f"'status' must be {' or '.join(repr(s) for s in REVIEW_STATES)}")
        extra = [k for k in ALL_FIELDS if k in raw]
        if extra:
            raise ValueError(f"a review changes nothing: {extra[0]!r} belongs in a [[correction]]")
        entry.status = status
    else:
        if "status" in raw:
            raise ValueError("'status' belongs in a [[review]]")
        for name in ALL_FIELDS:
            if name in raw:
                if name not in FIELDS[entry.kind]:
                    raise ValueError(f"{name!r} cannot be corrected on {_a(entry.kind)} "
                                     f"(it can: {', '.join(FIELDS[entry.kind])})")
                entry.changes[name] = normalise_change(name, raw[name])
        if not entry.changes:
            raise ValueError(f"changes nothing (give one of: {', '.join(FIELDS[entry.kind])})")
    entry.raw = json.dumps({"table": table, **raw}, sort_keys=True, default=str, ensure_ascii=False)
    return entry


def _a(kind: str) -> str:
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def read_table(table: dict, path: str) -> Corrections:
    """A parsed corrections.toml -> its entries; what cannot be used is a problem, never raised."""
    out = Corrections(path)
    for key in table:
        if key not in TABLES:
            out.problems.append((path, f"unknown table {key!r} (each entry is a [[correction]] or a [[review]])"))
    for name in TABLES:
        items = table.get(name, [])
        if isinstance(items, dict):
            items = [items]
        if not isinstance(items, list):
            out.problems.append((path, f"{name!r} must be [[{name}]] tables"))
            continue
        for n, raw in enumerate(items, 1):
            if not isinstance(raw, dict):
                out.problems.append((path, f"{name} {n}: not a [[{name}]] table: skipped"))
                continue
            try:
                out.entries.append(read_entry(name, n, raw))
            except ValueError as e:
                rid = raw.get("id") if isinstance(raw.get("id"), str) else "?"
                out.problems.append((path, f"{name} {n} ({rid}): {e}: skipped (fix it in the file)"))
    return out


def load(corpus) -> Corrections:
    """Read ``<corpus>/corrections.toml`` (none: no entries). A file that is not TOML raises ConfigError."""
    from .data import tomllib
    from .safeio import read_regular

    path = Path(corpus) / CORRECTIONS
    if not os.path.lexists(path):
        return Corrections(str(path))
    try:
        text = read_regular(path).decode("utf-8")
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e}) — nothing was built; the index is as it was") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text — nothing was built; the index is as it was") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read ({e.strerror or e}) — nothing was built; the index is as it was") from None
    return read_table(table, str(path))


# --- making and writing entries ------------------------------------------------------------------

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
        body = article.get("body") or ""
        start, end = int(rec.get("start") or 0), int(rec.get("end") or 0)
        entry.span, entry.text = (start, end), body[start:end] or rec.get("text") or ""
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
    return entry


def _options(names) -> str:
    return ", ".join("--" + ("company" if n == "companies" else n.replace("_", "-")) for n in names)


def _toml_value(value) -> str:
    from .sources import toml_string

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
    from .data import tomllib
    from .safeio import read_regular
    from .sources import write_atomic

    path = Path(corpus) / CORRECTIONS
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


# --- applying ------------------------------------------------------------------------------------

def select(entries: list[Entry], article, ids_in_file: set[str] | None = None) -> list[Entry]:
    """The entries (of the article's file) that speak for this article. A file of one article:
    all of them. A file of several: those made for its id, and those whose id is no longer in the
    file made for its part (an article edited in place gets a new id)."""
    if article.part is None:
        return list(entries)
    ids = ids_in_file or set()
    return [e for e in entries
            if e.article_id == article.id or (e.article_id not in ids and e.part == article.part)]


def _ws_pattern(text: str) -> re.Pattern:
    return re.compile(r"\s+".join(re.escape(w) for w in text.split()))


def anchor(body: str, entry: Entry) -> tuple[int, int] | None:
    """Where the entry's text is in `body` now: its recorded span if it still holds the text,
    else the occurrence whose context matches best, nearest the old place (white space may
    differ); None when the text is gone.

    >>> e = Entry("correction", 1, "a:f1", "x.txt", span=(10, 14), text="$4bn", before="Sales: ", after=".")
    >>> anchor("Intro. Sales: $4bn. Cost: $4bn.", e)
    (14, 18)
    """
    text, (old_start, old_end) = entry.text or "", entry.span or (0, 0)
    if not text:
        return None
    if body[old_start:old_end] == text:
        return old_start, old_end
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(text), body)]
    if not spans and text.split():
        spans = [(m.start(), m.end()) for m in _ws_pattern(text).finditer(body)]
    if not spans:
        return None

    def score(span):
        s, e = span
        fits = int(bool(entry.before) and body[:s].endswith(entry.before)) + \
            int(bool(entry.after) and body[e:].startswith(entry.after))
        return (-fits, abs(s - old_start))

    return min(spans, key=score)


def _record_at(records: list, start: int, end: int):
    """The record whose span is [start, end), else the one overlapping it most (None: none does)."""
    for r in records:
        if (r.start, r.end) == (start, end):
            return r
    best, most = None, 0
    for r in records:
        overlap = min(r.end, end) - max(r.start, start)
        if overlap > most:
            best, most = r, overlap
    return best


def _short(text: str | None, n: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n - 1] + "…"


@dataclass
class Outcome:
    """What applying the entries of one article did: placed entries, and those that could not be placed."""

    placed: list[Entry] = field(default_factory=list)
    unplaced: list[tuple[Entry, str]] = field(default_factory=list)

    def messages(self, path: str) -> list[str]:
        """One line per entry that could not be placed (the build reports them after the file's name)."""
        return [f"{e.label} in {path}: {why} (kept in the file)" for e, why in self.unplaced]


def _change_companies(current: list[str], ops: list[str]) -> list[str]:
    """+Name / -Name applied to a list of names (case-insensitive; order kept).

    >>> _change_companies(["Acme", "Quokka"], ["-acme", "+Wombat", "+Quokka"])
    ['Quokka', 'Wombat']
    """
    out = list(current)
    for op in ops:
        sign, name = op[0], op[1:]
        present = [n for n in out if n.casefold() == name.casefold()]
        if sign == "-":
            out = [n for n in out if n.casefold() != name.casefold()]
        elif not present:
            out.append(name)
    return out


def _set_article(article, name: str, value) -> tuple:
    if name == "published":
        old = article.published_at or article.published
        if "T" in value:
            article.published_at, article.published = value, value[:10]
        else:
            article.published, article.published_at = value, None
        article.published_source = "correction"
        return old, value
    old = getattr(article, name)
    setattr(article, name, value)
    return old, value


def _correct(article, rec, entry: Entry) -> None:
    fields = {}
    for name, value in entry.changes.items():
        if rec is article:
            old, new = _set_article(article, name, value)
        elif name == "companies":
            old, new = list(rec.companies), _change_companies(rec.companies, value)
            rec.companies = new
        elif name == "not_a_claim":
            article.claims = [c for c in article.claims if c is not rec]
            article.corrected.append({**entry.stamp(), "fields": {"not_a_claim": {"from": rec.id, "to": True}},
                                      "record": rec.id, "text": rec.text})
            continue
        else:
            old, new = getattr(rec, name), value
            setattr(rec, name, value)
        fields[name] = {"from": old, "to": new}
    if fields:
        rec.corrected.append({**entry.stamp(), "fields": fields})


def apply(article, entries: list[Entry]) -> Outcome:
    """Apply the entries of one article to it (in place): corrections in file order, then reviews
    (the last review of a record is its review). A claim or figure is found by its text."""
    outcome = Outcome()
    ordered = [e for e in entries if e.table == "correction"] + [e for e in entries if e.table == "review"]
    for entry in ordered:
        if entry.kind == "article":
            rec = article
        else:
            records = article.claims if entry.kind == "claim" else article.figures
            at = anchor(article.body or "", entry)
            if at is None:
                outcome.unplaced.append((entry, f"its text is no longer in the article: “{_short(entry.text)}”"))
                continue
            rec = _record_at(records, *at)
            if rec is None:
                if entry.changes.get("not_a_claim"):  # no claim there any more: nothing to remove
                    outcome.placed.append(entry)
                    continue
                outcome.unplaced.append((entry, f"no {entry.kind} is found at its text any more: “{_short(entry.text)}”"))
                continue
        if entry.table == "review":
            rec.review = {"status": entry.status, **entry.stamp()}
        else:
            _correct(article, rec, entry)
        outcome.placed.append(entry)
    return outcome


def review_rows(article) -> list[tuple[str, str, str, str]]:
    """(record id, article id, kind letter, status) of every reviewed record of the article."""
    rows = [(article.id, article.id, "a", article.review["status"])] if article.review else []
    for kind, records in (("c", article.claims), ("f", article.figures)):
        rows += [(r.id, article.id, kind, r.review["status"]) for r in records if r.review]
    return rows


def describe(corrected: list[dict] | None) -> str:
    """A record's corrections in one line (the CSV cell, the tables):
    ``speaker: Mina Hart → Quokka Robotics (alice, 2026-12-01: the company said it)``.

    >>> describe([{"by": "al", "at": "2026-12-01T22:50:00Z", "note": None,
    ...            "fields": {"companies": {"from": ["A"], "to": ["A", "B"]}}}])
    'companies: A → A, B (al, 2026-12-01)'
    """
    parts = []
    for c in corrected or []:
        changes = "; ".join(f"{name}: {_shown(v.get('from'))} → {_shown(v.get('to'))}"
                            for name, v in (c.get("fields") or {}).items())
        who = ", ".join(x for x in (c.get("by"), (c.get("at") or "")[:10], ) if x)
        note = f": {c['note']}" if c.get("note") else ""
        parts.append(f"{changes} ({who}{note})")
    return " | ".join(parts)


def _shown(v) -> str:
    if isinstance(v, list):
        return ", ".join(str(x) for x in v) or "none"
    if v is None:
        return "none"
    if v is True:
        return "yes"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


__all__ = ["CORRECTIONS", "FIELDS", "REVIEW_STATES", "Corrections", "Entry", "Outcome", "anchor", "append_entry",
           "apply", "current_user", "describe", "entry_text", "kind_of", "load", "make_entry", "normalise_change",
           "read_table", "review_rows", "select"]
