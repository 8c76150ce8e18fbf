"""The default backend: a Whoosh index and a SQLite side store in a folder (:mod:`newsindex.store`).

A thin adapter: every method calls the implementation that answered before the seam existed
(:mod:`newsindex.query`, :mod:`newsindex.store`, :mod:`newsindex.gaps`), so the results are the
same, byte for byte.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

from .base import Backend


class WhooshBackend(Backend):
    name = "whoosh"

    def __init__(self, index_dir=None, *, index=None, owned: bool | None = None):
        """For the index folder `index_dir`, or around an already open ``store.reader.Index``
        (``index=``: kept open by its owner and not closed here, unless ``owned=True``)."""
        self._ix = index
        self._owned = index is None if owned is None else owned
        self.index_dir = Path(index.path) if index is not None else Path(index_dir)

    # the open Index, opened by the first query that needs it
    @property
    def ix(self):
        if self._ix is None:
            from ..store.reader import open_index

            self._ix = open_index(self.index_dir)
        return self._ix

    def close(self) -> None:
        if self._ix is not None and self._owned:
            self._ix.close()
            self._ix = None

    @property
    def location(self) -> str:
        import os

        return os.path.abspath(self.index_dir)

    @property
    def generation(self):
        return self.ix.generation

    @property
    def path(self) -> Path:
        return self.index_dir

    def open(self, corpus=None, *, on_build: Callable | None = None, progress: Callable | None = None):
        """Opened for queries; with no index yet (or one this installation did not write), built
        from `corpus` first, saying so through `on_build`."""
        if self._ix is None:
            from ..store.build import open_or_build
            from ..store.layout import default_corpus

            self._ix = open_or_build(Path(corpus) if corpus is not None else default_corpus(), self.index_dir,
                                     on_build=on_build, progress=progress)
            self._owned = True
        return self

    def build(self, corpus, *, rebuild: bool = False, progress: Callable | None = None):
        from ..store.build import build

        self.close()
        return build(Path(corpus), self.index_dir, rebuild=rebuild, progress=progress)

    def search(self, kind, query, filters, *, sort="relevance", limit=20, reverse=False, full=False, snippets=True):
        from ..query.api import whoosh_search

        return whoosh_search(self.ix, kind, query, filters, sort=sort, limit=limit, reverse=reverse, full=full,
                             snippets=snippets)

    def iter_rows(self, kind, query, filters, *, sort="relevance", reverse=False, full=False) -> Iterator[dict]:
        from ..query.api import whoosh_iter_rows

        return whoosh_iter_rows(self.ix, kind, query, filters, sort=sort, reverse=reverse, full=full)

    def timeline(self, kind, query, filters, *, interval="month", by=None, company=None):
        """Articles are counted from the document table (query.api.whoosh_article_facts) instead of
        their records: the same points, without unpacking thousands of records (the web view's
        company page, `newsindex timeline` at scale)."""
        if kind != "articles":
            return super().timeline(kind, query, filters, interval=interval, by=by, company=company)
        from ..query.api import whoosh_article_facts
        from ..timeline import series

        seen = [0]

        def counted():
            for row in whoosh_article_facts(self.ix, query, filters):
                seen[0] += 1
                yield row

        points = series(counted(), interval=interval, by=by, company=company)
        return points, seen[0]

    def outlets(self, filters) -> list[dict]:
        from ..query.listings import whoosh_outlets

        return whoosh_outlets(self.ix, filters)

    def show(self, record_id: str) -> dict:
        return self.ix.article(record_id)

    def records(self, ids: Iterable[str]) -> dict[str, dict]:
        return self.ix.records(ids)

    def company_counts(self) -> list[dict]:
        return self.ix.company_counts()

    def outlet_counts(self) -> list[dict]:
        return self.ix.outlet_counts()

    def speakers(self) -> list[str]:
        return [r[0] for r in self.ix.db.execute(
            "SELECT DISTINCT speaker FROM items WHERE kind = 'c' AND speaker IS NOT NULL")]

    def article_count(self) -> int:
        return self.ix.article_count()

    def gaps(self):
        from ..gaps import store_gaps

        return store_gaps(self.ix)

    def missing_rows(self, field: str | None = None) -> list[dict]:
        from ..gaps import store_missing_rows

        return store_missing_rows(self.ix, field)

    def short_ids(self, ids: Iterable[str]) -> dict[str, str]:
        from ..query.shortids import short_ids

        return short_ids(self.ix, ids)

    def copies(self, article_ids: Iterable[str]) -> dict[str, list[str]]:
        return self.ix.copies(article_ids)
