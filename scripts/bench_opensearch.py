"""OpenSearch ingestion against the Whoosh build, in one run on one machine (issue 17; not part of the product).

    .venv/bin/python scripts/bench_opensearch.py --n 500 [--url URL]

Writes the synthetic corpus of ``scripts/bench`` (``synth_corpus``: n articles) into a temporary
folder, builds it with the Whoosh backend and then into an OpenSearch cluster (an osmem-server
started here on 127.0.0.1 unless --url names one), both with a fresh index, and prints the
articles per second of each, their ratio, and the bytes of the bulk bodies per article (what
sizing a cluster starts from: docs/scaling.md). Both builds parse in the same worker pool, so
the difference is what writing costs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--url", default=None)
    args = ap.parse_args()

    from synth_corpus import ensure_corpus

    from newsindex.backends.opensearch import OpenSearchBackend
    from newsindex.backends.whoosh import WhooshBackend

    with tempfile.TemporaryDirectory() as tmp:
        corpus, manifest = ensure_corpus(args.n, Path(tmp))
        server = None
        url = args.url
        if url is None:
            from osmem_server import OsmemServer

            server = OsmemServer.start(freeze=False, japanese=False, addr="127.0.0.1:0")
            url = server.url
        try:
            t = time.monotonic()
            w = WhooshBackend(Path(tmp) / "index").build(corpus)
            whoosh_s = time.monotonic() - t
            backend = OpenSearchBackend.from_url(url, prefix=f"nxbench{uuid.uuid4().hex[:8]}")
            t = time.monotonic()
            o = backend.build(corpus)
            os_s = time.monotonic() - t
            bulk = backend.last_bulk
            n = o.added
            kinds = ", ".join(f"{k} {v / max(1, n):,.0f} in {bulk.docs_by_kind[k] / max(1, n):.1f} documents"
                              for k, v in bulk.bytes_by_kind.items())
            print(f"articles: {n:,} ({manifest['bytes'] / max(1, n):,.0f} bytes of text each); whoosh failed "
                  f"{len(w.failed)}, opensearch failed {len(o.failed)}")
            print(f"whoosh build:     {whoosh_s:6.1f} s  {n / whoosh_s:6.1f} articles/s")
            print(f"opensearch build: {os_s:6.1f} s  {n / os_s:6.1f} articles/s  ({(n / os_s) / (n / whoosh_s):.2f}x whoosh)")
            print(f"bulk bodies: {bulk.sent_bytes:,} bytes, {bulk.sent_docs:,} documents; "
                  f"{bulk.sent_bytes / max(1, n):,.0f} bytes per article ({kinds})")
            backend.client.indices.delete(index=f"{backend.prefix}-*", params={"ignore_unavailable": "true"})
        finally:
            if server is not None:
                server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
