"""The OpenSearch backend: the same records, queries and commands on a cluster.

| module | holds |
|---|---|
| ``mapping.json`` | the three indices' settings and mappings, versioned |
| :mod:`.documents` | the mapping loaded; the documents an article becomes (pure) |
| :mod:`.client` | the connection: credentials, TLS, retries, one-line errors |
| :mod:`.build` | full builds (new indices, one alias switch) and incremental ones |
| :mod:`.dsl` | the query language and filters as query DSL (pure) |
| :mod:`.reading` | the queries: search, export streams, facets, timeline, listings |

Index names: each kind is read through an alias (``newsindex-articles``, ``-claims``,
``-figures``; ``NEWSINDEX_OPENSEARCH_PREFIX`` changes ``newsindex``) that points at one index
named after the mapping version and the build that wrote it.
"""

from __future__ import annotations

import os
from typing import Callable, Iterable, Iterator

from ..base import Backend
from .client import ClusterError, call, check_url, connect
from .documents import KINDS, alias

__all__ = ["OpenSearchBackend", "ClusterError"]


class OpenSearchBackend(Backend):
    name = "opensearch"

    def __init__(self, client, url: str, prefix: str = "newsindex"):
        self.client = client
        self.url = url
        self.prefix = prefix
        self.last_bulk = None  # the last build's Bulk (bytes sent, for benchmarks)
        self._live = None

    @classmethod
    def from_url(cls, url: str, prefix: str | None = None) -> "OpenSearchBackend":
        url = check_url(url)
        return cls(connect(url), url, prefix or os.environ.get("NEWSINDEX_OPENSEARCH_PREFIX") or "newsindex")

    def close(self) -> None:
        self._live = None

    def forget(self) -> None:
        """Read the aliases again at the next query (after a build)."""
        self._live = None

    @property
    def location(self) -> str:
        return f"{self.url} ({self.prefix}-*)"

    # -- the indices behind the aliases ---------------------------------------------------------

    def live_indices(self) -> dict[str, str] | None:
        """kind -> the index its alias points at; None when the aliases are not all there (no build yet)."""
        from opensearchpy import exceptions as E

        out = {}
        for kind in KINDS:
            try:
                got = self.client.indices.get_alias(name=alias(kind, self.prefix))
            except E.NotFoundError:
                return None
            except Exception as e:  # noqa: BLE001 - one line, whatever the client raised
                from .client import explain

                raise explain(e, self.url, "reading the aliases") from None
            if not got:
                return None
            out[kind] = sorted(got)[-1]
        return out

    def live_version(self, live: dict | None) -> int | None:
        if not live:
            return None
        got = call(self.url, "reading the mapping", self.client.indices.get_mapping, index=live["articles"])
        meta = (next(iter(got.values()), {}).get("mappings") or {}).get("_meta") or {}
        version = meta.get("newsindex_mapping")
        return int(version) if version is not None else None

    def _require(self) -> dict:
        if self._live is None:
            from ...errors import NoIndex

            live = self.live_indices()
            if live is None:
                raise NoIndex(f"no newsindex indices at {self.url} (aliases {self.prefix}-articles, -claims, -figures) "
                              "— run `newsindex build --backend opensearch` first")
            self._live = live
        return self._live

    @property
    def generation(self):
        return ",".join(self._require()[k] for k in KINDS)

    def scan(self, kind: str, query: dict | None, fields: list[str] | None = None, sort: list | None = None,
             size: int = 2000) -> Iterator[dict]:
        """Every hit of `query` in `kind`, in `sort` order, streamed with a point in time and
        ``search_after`` (no 10,000-hit window, flat memory). Where the cluster has no point in time,
        ``search_after`` alone on the same sort (unique by ``id``)."""
        from .reading import scan

        return scan(self, kind, query, fields, sort, size)

    # -- writing --------------------------------------------------------------------------------

    def build(self, corpus, *, rebuild: bool = False, progress: Callable | None = None, workers: int | None = None,
              parser: Callable | None = None):
        from .build import build

        return build(self, corpus, rebuild=rebuild, progress=progress, workers=workers, parser=parser)

    # -- queries --------------------------------------------------------------------------------

    def search(self, kind, query, filters, *, sort="relevance", limit=20, reverse=False, full=False, snippets=True):
        from . import reading

        return reading.search(self, kind, query, filters, sort=sort, limit=limit, reverse=reverse, full=full,
                              snippets=snippets)

    def iter_rows(self, kind, query, filters, *, sort="relevance", reverse=False, full=False) -> Iterator[dict]:
        from . import reading

        return reading.iter_rows(self, kind, query, filters, sort=sort, reverse=reverse, full=full)

    def outlets(self, filters) -> list[dict]:
        from . import reading

        return reading.outlets(self, filters)

    def timeline(self, kind, query, filters, *, interval="month", by=None, company=None):
        from . import reading

        return reading.timeline(self, kind, query, filters, interval=interval, by=by, company=company)

    def show(self, record_id: str) -> dict:
        from . import reading

        return reading.show(self, record_id)

    def records(self, ids: Iterable[str]) -> dict[str, dict]:
        from . import reading

        return reading.records(self, ids)

    def company_counts(self) -> list[dict]:
        from . import reading

        return reading.company_rows(self, None)

    def outlet_counts(self) -> list[dict]:
        from . import reading

        return reading.outlet_rows(self, None)

    def speakers(self) -> list[str]:
        from . import reading

        return reading.speakers(self)

    def article_count(self) -> int:
        from . import reading

        return reading.count(self, "articles", None)

    def gaps(self):
        from . import reading

        return reading.gaps(self)

    def missing_rows(self, field: str | None = None) -> list[dict]:
        from . import reading

        return reading.missing_rows(self, field)
