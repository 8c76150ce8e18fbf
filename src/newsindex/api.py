"""The Python API for notebooks and scripts: the same functions the command line calls.

``newsindex.open(corpus)`` gives a :class:`Corpus` whose methods take the query and the filters
of the commands as keyword arguments (``company=``, ``outlet=``, ``since=``, ``until=``,
``speaker=``, ``unit=``, ``metric=``, ``min_value=``, ``max_value=``) and return plain records
(dicts, as ``--format jsonl`` writes them), streamed. ``docs/python.md`` shows it at work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Mapping

from .parse import parse_text  # noqa: F401  (part of the API)


class Corpus:
    """An indexed corpus, open for reading (built first when it has no index yet)."""

    def __init__(self, corpus=None, *, index=None, build: bool = True, backend: str | None = None,
                 url: str | None = None):
        """`backend`/`url`: where the index is (``"opensearch"`` and a cluster's URL; by default
        ``NEWSINDEX_BACKEND``/``NEWSINDEX_OPENSEARCH_URL``, else the folder `index`)."""
        from .backends import open_backend
        from .store.layout import default_corpus, default_index_dir

        self.corpus = Path(corpus) if corpus is not None else default_corpus()
        self.index_dir = Path(index) if index is not None else default_index_dir(self.corpus)
        self._ix = open_backend(backend=backend, url=url, index_dir=self.index_dir)
        if build:
            self.report = self._ix.build(self.corpus)
        self._ix.generation  # noqa: B018  (opens the index now: a missing one is reported here)

    def close(self) -> None:
        self._ix.close()

    def __enter__(self) -> "Corpus":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _rows(self, kind: str, query, sort: str, reverse: bool, full: bool = False, **filters) -> Iterator[dict]:
        from . import search as S

        return S.iter_rows(kind, query, S.parse_filters(**filters), index_dir=self._ix, sort=sort,
                           reverse=reverse, full=full)

    def search(self, query: str | None = None, *, sort: str = "relevance", reverse: bool = False,
               full: bool = False, **filters) -> Iterator[dict]:
        """Articles (``full=True`` adds the body)."""
        return self._rows("articles", query, sort, reverse, full, **filters)

    def claims(self, query: str | None = None, *, sort: str = "relevance", reverse: bool = False,
               **filters) -> Iterator[dict]:
        """Claims, each with its article's ``article_id``, ``title``, ``outlet`` and ``published``."""
        return self._rows("claims", query, sort, reverse, **filters)

    def figures(self, query: str | None = None, *, sort: str = "relevance", reverse: bool = False,
                **filters) -> Iterator[dict]:
        """Figures, each with its article's ``article_id``, ``title``, ``outlet`` and ``published``."""
        return self._rows("figures", query, sort, reverse, **filters)

    def companies(self, query: str | None = None, **filters) -> Iterator[dict]:
        """Companies by number of articles (``unknown=True``: those the gazetteer lacks)."""
        return self._rows("companies", query, "relevance", False, **filters)

    def timeline(self, query: str | None = None, *, kind: str = "articles", interval: str = "month",
                 by: str | None = None, **filters) -> list[dict]:
        """Counts over time: ``{"period", "series", "count"}`` rows, as ``newsindex timeline`` makes them."""
        from . import search as S

        points, _ = S.timeline(kind, query, S.parse_filters(**filters), index_dir=self._ix, interval=interval, by=by)
        return [p.to_dict() for p in points]

    def compare(self, *, company: str | None = None, metric: str | None = None, subject: str | None = None,
                all: bool = False) -> list[dict]:
        """The figure ledger: groups of figures that measure the same thing (``newsindex compare``)."""
        from . import ledger
        from . import search as S

        parsed = S.parse_filters(company=company)
        rows = S.iter_rows("figures", None, parsed, index_dir=self._ix, sort="date", reverse=True)
        min_size = 1 if (all or company or metric or subject) else 2
        return [g.to_dict() for g in ledger.build_ledger(rows, company=parsed.company, metric=metric,
                                                         subject=subject, min_size=min_size)]

    def show(self, record_id: str) -> dict:
        """One article's full record by id, unique prefix, or claim/figure id."""
        return self._ix.show(record_id)


def open(corpus=None, *, index=None, build: bool = True, backend: str | None = None,  # noqa: A001 - the API's name
         url: str | None = None) -> Corpus:
    """Open a corpus folder for searching (``build=True``: bring its index up to date first)."""
    return Corpus(corpus, index=index, build=build, backend=backend, url=url)


def records_to_dataframe(rows: Iterable[Mapping]):
    """Records as a pandas DataFrame (pandas is optional: ``pip install pandas``)."""
    try:
        import pandas
    except ImportError:
        raise ImportError("records_to_dataframe needs pandas, which newsindex does not require: "
                          "pip install pandas") from None
    return pandas.DataFrame.from_records(list(rows))
