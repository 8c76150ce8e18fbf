"""The seam between the commands and an index: what every backend does, and nothing about how.

Everything above this module (the CLI, the Python API, export, the ledger, explain, timeline,
gaps, suggestions) reads an index through a :class:`Backend` and gets plain data back: the same
rows, facets and counts whichever backend answers. Two implement it:

| backend | module | where the index lives |
|---|---|---|
| ``whoosh`` (the default) | :mod:`newsindex.backends.whoosh` | a folder beside the corpus (Whoosh + a SQLite side store) |
| ``opensearch`` | :mod:`newsindex.backends.opensearch` | three aliases on an OpenSearch cluster |

A backend is made for one index location (:func:`newsindex.backends.open_backend`), builds into it
(:meth:`Backend.build`) and answers queries; the first query opens what it needs, :meth:`close`
lets it go. Queries take the query language's text and a parsed :class:`~newsindex.query.filters.Filters`
(checked by the caller): a backend translates them, it never parses them differently.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Callable, Iterable, Iterator


class Backend(ABC):
    """One index, as the commands see it."""

    #: ``whoosh`` or ``opensearch``
    name: str = ""

    # -- where, which version ------------------------------------------------------------------

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the index is, for messages and export manifests (a folder, or a cluster URL)."""

    @property
    @abstractmethod
    def generation(self):
        """What identifies the live index now (a generation number, or the indices behind the aliases)."""

    def open(self, corpus=None, *, on_build: Callable | None = None, progress: Callable | None = None) -> "Backend":
        """Ready for queries (this backend, opened): NoIndex when there is no index to read. The
        Whoosh backend builds a missing index from `corpus` first (zero set-up), saying so through
        `on_build`; a cluster is never built into by a query."""
        self.generation  # noqa: B018  (reading it opens the index)
        return self

    def close(self) -> None:
        """Let go of what queries opened (a later query opens it again)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------

    @abstractmethod
    def build(self, corpus, *, rebuild: bool = False, progress: Callable | None = None):
        """Bring the index up to date with the corpus folder: new and changed files added, removed
        files' articles removed (a :class:`~newsindex.store.build.BuildReport`)."""

    # -- queries -------------------------------------------------------------------------------

    @abstractmethod
    def search(self, kind: str, query: str | None, filters, *, sort: str = "relevance", limit: int | None = 20,
               reverse: bool = False, full: bool = False, snippets: bool = True):
        """A page of matching rows with the total, facets and snippets (a ``SearchResult``)."""

    @abstractmethod
    def iter_rows(self, kind: str, query: str | None, filters, *, sort: str = "relevance", reverse: bool = False,
                  full: bool = False) -> Iterator[dict]:
        """Every matching row in order, streamed (exports): no limit, flat memory."""

    @abstractmethod
    def outlets(self, filters) -> list[dict]:
        """``{outlet, articles, first, last}`` per outlet, of every article or the filtered ones."""

    def timeline(self, kind: str, query: str | None, filters, *, interval: str = "month", by: str | None = None,
                 company: str | None = None) -> tuple[list, int]:
        """(counts per period, and per outlet or company, as ``timeline.Point``s; the number of
        matching rows) (``company`` with ``by="company"`` keeps that company's series only).

        By default the matching rows are counted as they stream; a backend that can count on the
        server overrides this with the same result."""
        from ..timeline import series

        seen = [0]

        def counted():
            for row in self.iter_rows(kind, query, filters, sort="date", reverse=True):
                seen[0] += 1
                yield row

        points = series(counted(), interval=interval, by=by, company=company)
        return points, seen[0]

    @abstractmethod
    def show(self, record_id: str) -> dict:
        """One article's full record (body included) by id, unique id prefix, or claim/figure id
        (the article it belongs to). NotFound when there is none."""

    @abstractmethod
    def records(self, ids: Iterable[str]) -> dict[str, dict]:
        """Rows by id (articles without their body, claims, figures); unknown ids are left out."""

    # -- what listings, suggestions and the build's account read ----------------------------------

    @abstractmethod
    def company_counts(self) -> list[dict]:
        """Every company: ``{name, kind, known, articles, mentions, aliases}``, most articles first."""

    @abstractmethod
    def outlet_counts(self) -> list[dict]:
        """Every outlet: ``{outlet, articles, first, last}``, most articles first."""

    @abstractmethod
    def speakers(self) -> list[str]:
        """The distinct speakers of the claims."""

    @abstractmethod
    def article_count(self) -> int:
        """How many articles the index holds."""

    @abstractmethod
    def gaps(self):
        """Counts of the articles without an outlet, a date or a title (a ``gaps.Gaps``)."""

    @abstractmethod
    def missing_rows(self, field: str | None = None) -> list[dict]:
        """Articles lacking an outlet, a date or a title (or only ``field``), by path."""

    def copies(self, article_ids: Iterable[str]) -> dict[str, list[str]]:
        """Article id -> its near-duplicate group, for those that have copies (none by default)."""
        return {}

    def short_ids(self, ids: Iterable[str]) -> dict[str, str]:
        """Id -> its short form for tables: the shortest prefix of its article id that no other
        article shares (at least 8 characters; ``query.shortids``), suffix kept, which :meth:`show`
        accepts. By default the ids as they are (a backend that can look up neighbours shortens)."""
        return {i: i for i in ids if isinstance(i, str)}
