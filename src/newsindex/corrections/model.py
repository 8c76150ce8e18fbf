"""The corrections file's entries: what they are, their values, and reading them (the model)."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError

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
    from ..query.filters import canonical_company

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
    from ..errors import BadQuery
    from ..query.filters import canonical_unit, parse_number
    from ..sources import ValueProblem, normalise_outlet, normalise_published

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
            number = parse_number(value, "value")
        except BadQuery as e:
            raise ValueError(e.message_for({"value": "--value"})) from None
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
    from ..data import tomllib
    from ..safeio import read_regular

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
