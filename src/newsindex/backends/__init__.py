"""Index backends behind one seam (:class:`.base.Backend`), and choosing one.

``open_backend`` makes the backend the options and the environment ask for:

| setting | option | environment | default |
|---|---|---|---|
| which backend | ``--backend whoosh\\|opensearch`` | ``NEWSINDEX_BACKEND`` | ``whoosh`` |
| the cluster (opensearch) | ``--url URL`` | ``NEWSINDEX_OPENSEARCH_URL`` | none: a usage error |
| credentials (opensearch) | never an option | ``NEWSINDEX_OPENSEARCH_USER`` / ``_PASSWORD``, else a netrc file (``NEWSINDEX_NETRC`` or ``~/.netrc``) | none |
| TLS verification (opensearch) | | ``NEWSINDEX_OPENSEARCH_CA`` (a CA bundle); ``NEWSINDEX_OPENSEARCH_INSECURE=1`` turns it off | on |

``as_backend`` lets the library functions take what callers have always given them (an index
folder, an open ``store.reader.Index``) or a backend.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import UsageError
from .base import Backend

BACKENDS = ("whoosh", "opensearch")


def backend_name(backend: str | None = None) -> str:
    """The backend asked for: the option, else ``NEWSINDEX_BACKEND``, else ``whoosh``."""
    name = (backend or os.environ.get("NEWSINDEX_BACKEND") or "whoosh").strip().lower()
    if name not in BACKENDS:
        raise UsageError(f"unknown backend {name!r} (choose from {', '.join(BACKENDS)})")
    return name


def open_backend(*, backend: str | None = None, url: str | None = None, index_dir=None) -> Backend:
    """The backend the options and the environment choose, for `index_dir` (whoosh) or `url` (opensearch)."""
    name = backend_name(backend)
    if name == "opensearch":
        from .opensearch import OpenSearchBackend

        url = url or os.environ.get("NEWSINDEX_OPENSEARCH_URL")
        if not url:
            raise UsageError("--backend opensearch needs the cluster's address: --url URL or NEWSINDEX_OPENSEARCH_URL")
        return OpenSearchBackend.from_url(url)
    if url:
        raise UsageError("--url names an OpenSearch cluster: add --backend opensearch (or set NEWSINDEX_BACKEND)")
    from .whoosh import WhooshBackend

    if index_dir is None:
        from ..store.layout import default_corpus, default_index_dir

        index_dir = default_index_dir(default_corpus())
    return WhooshBackend(Path(index_dir))


def as_backend(source) -> tuple[Backend, bool]:
    """(a backend, whether the caller owns it and must close it) for an index folder, an open
    ``store.reader.Index`` or a backend."""
    if isinstance(source, Backend):
        return source, False
    from ..store.reader import Index
    from .whoosh import WhooshBackend

    if isinstance(source, Index):
        return WhooshBackend(index=source), False
    return WhooshBackend(Path(source)), True
