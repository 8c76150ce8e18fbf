"""Record files: CSV, JSON and JSON Lines dumps of news APIs, one article per row.

The column map (``data/record_columns.toml``: Media Cloud, news-please, NewsAPI, generic
names) is chosen by the columns present, or given as ``title=headline,body=text``. A row with
metadata but no text is read with a warning (Media Cloud exports often lack text); a row that
is not an object, or has neither a title nor text, is skipped with its part number.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Iterator

from .document import Document, paragraphs, split_authors

FIELDS = ("id", "title", "body", "published", "authors", "outlet", "url", "language", "fetched", "summary")

#: NewsAPI cuts `content` to about 200 characters and says so at the end
_NEWSAPI_CUT = re.compile(r"\s*(?:…|\.\.\.)?\s*\[\+\d+ chars\]\s*$")


class _Bad(str):
    """A row that could not be read: the reason."""


def parse_columns(spec: str | dict | None) -> dict[str, list[str]]:
    """``title=headline,body=text`` (or a dict) -> {field: [column]}; raises ValueError for unknown fields.

    >>> parse_columns("title=headline, body=story.text")
    {'title': ['headline'], 'body': ['story.text']}
    """
    if not spec:
        return {}
    items = spec.items() if isinstance(spec, dict) else (
        part.split("=", 1) if "=" in part else (part, "") for part in str(spec).split(",") if part.strip())
    out: dict[str, list[str]] = {}
    for key, column in items:
        key, column = str(key).strip(), str(column).strip()
        if key not in FIELDS or not column:
            raise ValueError(f"{key}={column or '?'} is not FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}")
        out[key] = [column]
    return out


def read(raw: bytes, name: str, columns: dict | None = None) -> Iterator:
    """The articles of a record file (CSV, JSON or JSON Lines, told apart by content)."""
    from ..corpus import decode

    text, warnings = decode(raw, name)
    rows = _rows(text.lstrip("\ufeff"), name)
    return _documents(rows, columns or {}, warnings)


def _rows(text: str, name: str):
    """(part, row or an error message) for each row of the file."""
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
            if stripped.startswith("{") and "\n" in stripped.strip():
                return _jsonl(stripped)
            raise ValueError("not valid JSON (nor JSON Lines)") from None
        if isinstance(data, dict):
            for key in ("articles", "stories", "results", "data", "items", "records", "docs", "hits"):
                if isinstance(data.get(key), list):
                    return list(enumerate(data[key], 1))
            return [(None, data)]  # one article per file (news-please)
        if isinstance(data, list):
            return list(enumerate(data, 1))
        raise ValueError("JSON that is neither an object nor a list of objects")
    if name.lower().endswith((".json", ".jsonl", ".ndjson")):
        raise ValueError("not JSON: a record file must hold objects (JSON, JSON Lines) or a header row (CSV)")
    return _csv(text)


def _jsonl(text: str):
    for n, line in enumerate((ln for ln in text.splitlines() if ln.strip()), 1):
        try:
            yield n, json.loads(line)
        except ValueError as e:
            yield n, _Bad(f"not a JSON object ({e.msg} at column {e.colno})")


def _csv(text: str):
    csv.field_size_limit(1 << 26)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise ValueError("a CSV file without a header row") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    if len(header) < 2 or not any(h.lower() in _known_columns() for h in header):
        raise ValueError("a CSV file whose header names no article column (title, text, url, date, ...)"
                         " — say which columns hold them (`newsindex parse --columns title=COL,body=COL`, or a"
                         " `columns` table in the file's sources.toml entry)")

    def rows():
        n = 0
        while True:
            n += 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                yield n, _Bad(f"unreadable CSV row ({e})")
                continue
            if not any(v.strip() for v in values):
                n -= 1
                continue
            yield n, dict(zip(header, values))
    return rows()


def _known_columns() -> set[str]:
    out = set()
    for m in _maps():
        for f in FIELDS:
            out.update(c.lower() for c in m.get(f, []))
    return out


def _maps() -> list[dict]:
    from .. import data

    return data.load("record_columns")["map"]


def _get(row: dict, column: str):
    node = row
    for key in column.split("."):
        if not isinstance(node, dict):
            return None
        if key in node:
            node = node[key]
        else:
            low = {str(k).lower(): v for k, v in node.items()}
            node = low.get(key.lower())
    return node


def choose_map(row: dict, columns: dict | None = None) -> dict:
    """The column map for a row: the first built-in map whose `detect` columns are all present,
    with the user's ``columns`` over it.

    >>> choose_map({"stories_id": 1, "title": "x"})["name"]
    'mediacloud'
    >>> choose_map({"headline": "x", "story": "y"}, {"title": ["headline"]})["title"]
    ['headline']
    """
    chosen = None
    for m in _maps():
        if all(_get(row, c) is not None for c in m.get("detect", [])):
            chosen = m
            break
    out = dict(chosen or _maps()[-1])
    if columns:
        out.update(columns)
        out["name"] = "columns"
    return out


def _first(row: dict, candidates) -> object:
    for c in candidates or ():
        v = _get(row, c)
        if v not in (None, "", [], {}):
            return v
    return None


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = "\n\n".join(str(v) for v in value if v)
    s = str(value).strip()
    return s or None


def _documents(rows, columns: dict, warnings: list[str]):
    cmap = None
    for part, row in rows:
        if isinstance(row, _Bad):
            yield _skip(part, str(row))
            continue
        if not isinstance(row, dict):
            yield _skip(part, f"a {type(row).__name__}, not an object")
            continue
        if cmap is None or columns:
            cmap = choose_map(row, columns)
        doc = _document(row, cmap, part)
        if doc is None:
            yield _skip(part, "no title and no text")
            continue
        doc.warnings = list(warnings) + doc.warnings
        yield doc


def _document(row: dict, cmap: dict, part: int | None) -> Document | None:
    title = _text(_first(row, cmap.get("title")))
    body = _text(_first(row, cmap.get("body")))
    warnings = []
    if body and cmap.get("name") == "newsapi" and _NEWSAPI_CUT.search(body):
        body = _NEWSAPI_CUT.sub(" …", body)
        warnings.append("the text was cut short by the API (NewsAPI gives the first 200 characters)")
    if not body:
        body = _text(_first(row, cmap.get("summary")))
        warnings.append("no body text in the record: indexed with its metadata" + (" and summary" if body else ""))
    if not title and not body:
        return None
    lines = re.split(r"\n\s*\n|\n", body or "")
    doc = Document(body=paragraphs(lines), format="records", part=part, title=title, warnings=warnings)
    doc.authors = split_authors(_first(row, cmap.get("authors")))
    published = _first(row, cmap.get("published"))
    if published is not None:
        doc.published = _date(published)
        doc.published_text, doc.published_source = str(published), "records"
    outlet = _text(_first(row, cmap.get("outlet")))
    doc.url = _text(_first(row, cmap.get("url")))
    doc.outlets = [o for o in (outlet, doc.url) if o]
    ident = _first(row, cmap.get("id"))
    doc.source_id = str(ident) if ident not in (None, "") else None
    doc.language = _text(_first(row, cmap.get("language")))
    fetched = _first(row, cmap.get("fetched"))
    doc.fetched = _date(fetched) if fetched is not None else None
    doc.extra = {"record_map": cmap.get("name")}
    return doc


def _date(value) -> str:
    """A date column's value as ISO text (numbers are Unix timestamps)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from datetime import datetime, timezone

        try:
            seconds = value / 1000 if value > 10**11 else value
            return datetime.fromtimestamp(seconds, tz=timezone.utc).isoformat()
        except (OverflowError, OSError, ValueError):
            return str(value)
    return str(value).strip()


def _skip(part, reason):
    from .reader import Skipped

    return Skipped(part, reason)
