"""The columns of each kind of row: which exist, which CSV writes by default, how each is made.

docs/export.md documents every column here (a test holds the two together). A column is the
record's key of the same name unless :data:`DERIVED` computes it from the record.

Adding a column is one line: append its name to the kind's list in :data:`COLUMNS` (written by
default) or :data:`EXTRA_COLUMNS` (written only when ``fields`` names it), plus a row in
docs/export.md; a column that is not a key of the stored record also gets a :data:`DERIVED` entry.
"""

from __future__ import annotations

from ..errors import BadQuery

# Corrections and reviews (newsindex.corrections): the corrections in one line, the review's status,
# who reviewed, when (UTC) and why.
REVIEW_COLUMNS = ("corrected", "review", "review_by", "review_at", "review_note")

# The stable columns of each kind, in order: CSV's columns when no fields are picked.
# Add columns at the end; never rename or drop one.
COLUMNS: dict[str, list[str]] = {
    "articles": ["id", "path", "outlet", "published", "title", "author", "url", "sha256",
                 "companies", "claims", "figures", "warnings", *REVIEW_COLUMNS,
                 "site", "authors", "updated", "published_at", "published_source", "format", "part",
                 "source_id", "fetched", "language"],
    "claims": ["id", "article_id", "outlet", "published", "title", "speaker", "verb", "quote",
               "text", "companies", "figures", "paragraph", *REVIEW_COLUMNS,
               "start", "end", "rule", "speaker_text", "speaker_role"],
    "figures": ["id", "article_id", "outlet", "published", "title", "text", "value", "unit",
                "qualifier", "subject", "metric", "companies", "sentence", "paragraph",
                "low", "high", "group", *REVIEW_COLUMNS,
                "start", "end", "rule", "vague", "converted_from", "currency_source", "direction"],
    "companies": ["name", "kind", "known", "articles", "mentions", "aliases"],
}

# Columns that exist but are written only when `fields` names them: long text (`body`) and
# structured values (in CSV: JSON text, see docs/export.md).
EXTRA_COLUMNS: dict[str, list[str]] = {
    "articles": ["body", "schema", "format_fields", "date_candidates", "company_records"],
    "claims": [],
    "figures": [],
    "companies": [],
}
KINDS = tuple(COLUMNS)


def exportable(kind: str) -> list[str]:
    """Every column of `kind` that ``fields`` accepts: the default columns, then the extra ones.

    >>> exportable("companies")
    ['name', 'kind', 'known', 'articles', 'mentions', 'aliases']
    """
    return COLUMNS[kind] + EXTRA_COLUMNS.get(kind, [])


def default_columns(kind: str, *, full: bool = False) -> list[str]:
    """CSV's columns for `kind` when no fields are picked; `full` adds an article's `body`.

    >>> default_columns("articles", full=True)[-1]
    'body'
    """
    return COLUMNS[kind] + (["body"] if full and kind == "articles" else [])


def _names(items) -> list:
    if not isinstance(items, list):
        return items
    return [i.get("name") if isinstance(i, dict) else i for i in items]


def _count(items):
    return len(items) if isinstance(items, (list, tuple)) else items


def _article_of(record_id):
    """`<article id>:c3` -> `<article id>`.

    >>> _article_of("ab12cd:c3")
    'ab12cd'
    >>> _article_of(None) is None
    True
    """
    if not isinstance(record_id, str) or ":" not in record_id:
        return None
    return record_id.rsplit(":", 1)[0]


# Columns computed from a full record rather than copied: (kind, column) -> function of the record.
# An article record carries lists of Company/Claim/Figure dicts; its CSV row carries names and counts.
DERIVED = {
    ("articles", "companies"): lambda r: _names(r.get("companies")),
    ("articles", "claims"): lambda r: _count(r.get("claims")),
    ("articles", "figures"): lambda r: _count(r.get("figures")),
    ("articles", "company_records"): lambda r: r.get("companies"),
    ("claims", "article_id"): lambda r: r.get("article_id") or _article_of(r.get("id")),
    ("figures", "article_id"): lambda r: r.get("article_id") or _article_of(r.get("id")),
    **{(kind, "corrected"): lambda r: _corrected(r.get("corrected")) for kind in ("articles", "claims", "figures")},
    **{(kind, column): (lambda key: lambda r: (r.get("review") or {}).get(key))(column.partition("_")[2] or "status")
       for kind in ("articles", "claims", "figures") for column in REVIEW_COLUMNS[1:]},
}


def _corrected(corrected):
    """The corrections of a record in one line (empty when none).

    >>> _corrected([{"by": "al", "at": "2026-12-01T22:50:00Z", "note": "typo",
    ...              "fields": {"value": {"from": 12, "to": 13}}}])
    'value: 12 → 13 (al, 2026-12-01: typo)'
    >>> _corrected([]) is None
    True
    """
    if not corrected or not isinstance(corrected, list):
        return None
    from ..corrections import describe

    return describe(corrected)


def columns_for(kind: str | None, fields: list[str] | None = None) -> list[str] | None:
    """The columns to write: `fields` checked against the kind's columns, else the default ones.

    >>> columns_for("companies", ["mentions", "name"])
    ['mentions', 'name']
    >>> columns_for("companies", ["nmae"])
    Traceback (most recent call last):
    ...
    newsindex.errors.BadQuery: unknown field 'nmae' for companies; valid fields: name, kind, known, articles, mentions, aliases
    """
    if kind is not None and kind not in COLUMNS:
        raise BadQuery(f"unknown kind {kind!r}; valid kinds: {', '.join(KINDS)}")
    if not fields:
        return list(COLUMNS[kind]) if kind else None
    fields = [f.strip() for f in fields if f and f.strip()]
    if not fields:
        raise BadQuery("`fields` is empty", params=("fields",))
    if kind is not None:
        valid = exportable(kind)
        for f in fields:
            if f not in valid:
                raise BadQuery(f"unknown field {f!r} for {kind}; valid fields: {', '.join(valid)}")
    seen = set()
    dupes = [f for f in fields if f in seen or seen.add(f)]
    if dupes:
        raise BadQuery(f"field {dupes[0]!r} given twice in `fields`", params=("fields",))
    return fields


def parse_fields(text: str | None) -> list[str] | None:
    """`"id, title"` -> `['id', 'title']`; None or empty -> None.

    >>> parse_fields(" id, title ,")
    ['id', 'title']
    """
    if text is None or not text.strip():
        return None
    return [f.strip() for f in text.split(",") if f.strip()]


def project(kind: str | None, record: dict, columns: list[str]) -> dict:
    """The row of `columns` for one record (missing keys are None)."""
    row = {}
    for col in columns:
        fn = DERIVED.get((kind, col))
        row[col] = fn(record) if fn else record.get(col)
    return row
