"""What the filters will miss: articles of an index without an outlet, a date or a title.

``build`` ends with :meth:`Gaps.line`; ``newsindex outlets --missing`` lists :func:`missing_rows`,
each with the ``newsindex set`` command that fills it in. Read from the side store's
``articles`` table (one row per article), so it costs one scan, not a parse.
"""

from __future__ import annotations

from dataclasses import dataclass
#: the fields counted, in the order they are reported
FIELDS = ("outlet", "published", "title")


@dataclass(frozen=True)
class Gaps:
    articles: int
    without_outlet: int
    without_date: int
    without_title: int

    def line(self) -> str:
        """The one-line account printed at the end of a build.

        >>> Gaps(16, 4, 7, 0).line()
        '16 articles: 4 without outlet, 7 without date, 0 without title — see `newsindex outlets --missing`'
        >>> Gaps(2, 0, 0, 0).line()
        '2 articles: every one has an outlet, a date and a title'
        """
        n = f"{self.articles:,} article{'' if self.articles == 1 else 's'}"
        if not (self.without_outlet or self.without_date or self.without_title):
            return f"{n}: every one has an outlet, a date and a title" if self.articles else f"{n} indexed"
        return (f"{n}: {self.without_outlet:,} without outlet, {self.without_date:,} without date, "
                f"{self.without_title:,} without title — see `newsindex outlets --missing`")


def _untitled(ix, candidates: list[str]) -> set[str]:
    """Of the articles whose title has no words, those with no title at all (read from their records)."""
    out = set()
    for aid, rec in ix.records(candidates).items():
        if not (rec.get("title") or "").strip():
            out.add(aid)
    return out


def gaps(index) -> Gaps:
    """Counts of the index's articles without an outlet, a date or a title (`index`: a folder, an open
    Index or a backend)."""
    from .backends import as_backend

    backend, owned = as_backend(index)
    try:
        return backend.gaps()
    finally:
        if owned:
            backend.close()


def missing_rows(index, field: str | None = None) -> list[dict]:
    """Articles lacking an outlet, a date or a title (or only ``field``), by path:
    {id, path, missing, outlet, published, title}."""
    from .backends import as_backend

    backend, owned = as_backend(index)
    try:
        return backend.missing_rows(field)
    finally:
        if owned:
            backend.close()


def store_gaps(ix) -> Gaps:
    """gaps() of the Whoosh backend's side store (an open Index)."""
    total, no_outlet, no_date = ix.db.execute(
        "SELECT COUNT(*), COALESCE(SUM(outlet IS NULL OR outlet = ''), 0), "
        "COALESCE(SUM(published IS NULL OR published = ''), 0) FROM articles").fetchone()
    candidates = [r[0] for r in ix.db.execute("SELECT article_id FROM articles WHERE COALESCE(title_len, 0) = 0")]
    return Gaps(total, no_outlet, no_date, len(_untitled(ix, candidates)))


def store_missing_rows(ix, field: str | None = None) -> list[dict]:
    """missing_rows() of the Whoosh backend's side store (an open Index)."""
    rows = ix.db.execute(
        "SELECT article_id, outlet, published FROM articles "
        "WHERE outlet IS NULL OR outlet = '' OR published IS NULL OR published = '' "
        "OR COALESCE(title_len, 0) = 0").fetchall()
    records = ix.records([r[0] for r in rows])
    out = []
    for aid, outlet, published in rows:
        rec = records.get(aid, {})
        title = (rec.get("title") or "").strip() or None
        lacks = [name for name, value in (("outlet", outlet), ("published", published), ("title", title))
                 if not value]
        if not lacks or (field and field not in lacks):
            continue
        out.append({"id": aid, "path": rec.get("path"), "missing": lacks, "outlet": outlet or None,
                    "published": published or None, "title": title})
    return sorted(out, key=lambda r: (r["path"] or "", r["id"]))
