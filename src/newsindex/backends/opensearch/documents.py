"""The mapping (``mapping.json``) and the documents a parsed article becomes: pure, no cluster.

One article gives one ``articles`` document and one document per claim and per figure, each
carrying what its filters need (outlet, date, companies), so every filter is one query without
joins. ``record`` holds the row exactly as the Whoosh backend's side store returns it (as JSON
text, so that its keys keep their order and its numbers their form), so both backends give the
same records, byte for byte.
"""

from __future__ import annotations

import functools
import json
import zlib
from importlib import resources

KINDS = ("articles", "claims", "figures")


@functools.lru_cache(maxsize=None)
def mapping() -> dict:
    """The versioned mapping file shipped in the package."""
    return json.loads(resources.files(__package__).joinpath("mapping.json").read_text("utf-8"))


def mapping_version() -> int:
    return int(mapping()["version"])


def alias(kind: str, prefix: str = "newsindex") -> str:
    """The alias a kind is read through: ``newsindex-articles``."""
    return f"{prefix}-{kind}"


def _sizing(variable: str, kind: str) -> int | None:
    """A shard or replica count for `kind` from the environment: ``12`` for every kind, or
    ``articles=12,claims=8,figures=12``; None when unset or not given for this kind.

    >>> import os; os.environ["NEWSINDEX_TEST_SIZING"] = "articles=12, claims=8"
    >>> _sizing("NEWSINDEX_TEST_SIZING", "claims"), _sizing("NEWSINDEX_TEST_SIZING", "figures")
    (8, None)
    """
    import os

    from ...errors import UsageError

    text = (os.environ.get(variable) or "").strip()
    if not text:
        return None
    try:
        if "=" not in text:
            return int(text)
        pairs = dict((k.strip(), int(v)) for k, v in (p.split("=", 1) for p in text.split(",") if p.strip()))
    except ValueError:
        raise UsageError(f"{variable}={text!r}: a number, or kind=number pairs (articles=12,claims=8,figures=12)") from None
    return pairs.get(kind)


def index_body(kind: str, meta: dict | None = None) -> dict:
    """The body that creates an index of `kind` (settings and its mapping, ``_meta`` with the version).
    ``NEWSINDEX_OPENSEARCH_SHARDS`` / ``_REPLICAS`` size it (docs/scaling.md); 1 shard, 0 replicas otherwise."""
    m = mapping()
    body = dict(m["mappings"][kind])
    body["_meta"] = {"newsindex_mapping": m["version"], "kind": kind, **(meta or {})}
    settings = json.loads(json.dumps(m["settings"]))
    for variable, key in (("NEWSINDEX_OPENSEARCH_SHARDS", "number_of_shards"),
                          ("NEWSINDEX_OPENSEARCH_REPLICAS", "number_of_replicas")):
        n = _sizing(variable, kind)
        if n is not None:
            settings["index"][key] = n
    return {"settings": settings, "mappings": body}


def _date(published) -> str | None:
    from ...store.terms import to_datetime

    day = to_datetime(published)
    return day.strftime("%Y-%m-%d") if day else None


def _names(values) -> list[str]:
    out = []
    for v in values or []:
        name = v.get("name") if isinstance(v, dict) else v
        if name and str(name).strip() and name not in out:
            out.append(str(name))
    return out


def _keywords(names) -> list[str]:
    from ...store.terms import keyword_term

    return list(dict.fromkeys(k for k in (keyword_term(n) for n in names) if k))


def _common(row: dict, companies: list[str], corpus: str) -> dict:
    from ...store.terms import keyword_term

    outlet = row.get("outlet") or None
    return {"outlet": outlet, "outlet_k": keyword_term(outlet) if outlet else None,
            "companies": companies, "companies_k": _keywords(companies), "published": _date(row.get("published")),
            "corpus": corpus}


def article_document(record: dict, body: str, *, corpus: str, source_key: str | None, parser: str) -> dict:
    """The ``articles`` document of an article record (the store's row, without body) and its body."""
    authors = [a for a in record.get("authors") or [] if a]
    companies = _names(record.get("companies"))
    doc = {"id": record["id"], "path": record.get("path"), "sha256": record.get("sha256"),
           "source_key": source_key, "parser": parser, "language": record.get("language"),
           "title": record.get("title") if (record.get("title") or "").strip() else None, "body": body or "",
           "author": "; ".join(authors) or record.get("author") or "", "authors": authors,
           **_common(record, companies, corpus), "record": _json(record),
           "company_rows": _json([{k: c.get(k) for k in ("name", "kind", "known", "mentions", "aliases")}
                                  for c in record.get("companies") or [] if isinstance(c, dict)])}
    return doc


def _json(obj) -> str:
    """A record as the text the document keeps (the store's JSON: keys in order, numbers as written)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def record_of(source: dict, field: str = "record"):
    """The record (or another JSON text field) of a document's ``_source``."""
    value = source.get(field)
    return json.loads(value) if isinstance(value, str) else value


def item_document(kind: str, seq: int, row: dict, *, corpus: str) -> dict:
    """A ``claims`` or ``figures`` document from the store's row (which carries its article's
    ``article_id``, ``title``, ``outlet`` and ``published``). Its companies are the claim's or
    the figure's own, as the Whoosh backend filters them."""
    from ...store.terms import _value, keyword_term

    doc = {"id": row["id"], "article_id": row.get("article_id"), "seq": seq,
           **_common(row, _names(row.get("companies")), corpus), "record": _json(row)}
    if kind == "claims":
        doc.update(text=row.get("text") or "", speaker=row.get("speaker") or "",
                   verb_k=keyword_term(row.get("verb")) or None)
    else:
        doc.update(text=f"{row.get('sentence') or ''} {row.get('text') or ''}".strip(),
                   subject=row.get("subject") or "", unit=row.get("unit"), unit_k=keyword_term(row.get("unit")) or None,
                   metric=row.get("metric"), metric_k=keyword_term(row.get("metric")) or None,
                   value=_value(row.get("value")))
    return doc


def documents(prepared, *, corpus: str, source_key: str | None, parser: str) -> list[tuple[str, dict]]:
    """(kind, document) for one ``store.rows.Prepared`` article: its claims and figures first, the
    article last (a build that stops between them re-sends the article: it is not there yet)."""
    from ...store.rows import unpack

    out: list[tuple[str, dict]] = []
    article = None
    for rid, _aid, kind, blob in prepared.records:
        row = unpack(blob)
        if kind == "articles":
            article = row
            continue
        # an article's claims (or figures) are one bundle: its rows in order, its context once
        out.extend((kind, item_document(kind, seq, {**item, **row["context"]}, corpus=corpus))
                   for seq, item in enumerate(row["rows"]))
    if article is not None:
        body = zlib.decompress(prepared.body).decode("utf-8")
        out.append(("articles", article_document(article, body, corpus=corpus, source_key=source_key, parser=parser)))
    return out
