"""Page render times of the web view (`newsindex serve`), for scripts/bench.

Each page is requested in-process through Starlette's test client, so a measure is the whole
request as the server handles it: parameters read, the index read as the server reads it (kept
open between requests, opened again every few seconds: one row measures a page whose request
opens it), the library's functions called, the template rendered. No network and
no browser: what the server itself spends. Targets (issue 20): ≤ 200 ms a page on the bundled
corpus, ≤ 1 s on the 100,000-article bench index.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from urllib.parse import quote, quote_plus

BUNDLED_TARGET_MS = 200
BENCH_TARGET_MS = 1000
QUERY_WORD = "technology"  # common in the bundled articles and in the synthetic corpus


def page_urls(index_dir: Path) -> list[tuple[str, str]]:
    """(name, URL) of one page of each kind, on ids and names taken from the index itself."""
    from newsindex.search import search

    top = search("companies", None, None, index_dir=index_dir, limit=1).rows
    company = top[0]["name"] if top else "Huawei"
    claim = search("claims", None, None, index_dir=index_dir, limit=1, snippets=False).rows
    figure = search("figures", None, None, index_dir=index_dir, limit=1, snippets=False).rows
    article = claim[0]["article_id"] if claim else search("articles", None, None, index_dir=index_dir,
                                                          limit=1, snippets=False).rows[0]["id"]
    c = quote_plus(company)
    urls = [
        ("home (newest articles, facets)", "/"),
        ("search: a word", f"/search?q={QUERY_WORD}"),
        ("search: a word, page 5", f"/search?q={QUERY_WORD}&page=5"),
        ("claims of the top company", f"/claims?company={c}"),
        ("figures, USD, by value", "/figures?unit=USD&sort=value"),
        ("companies", "/companies"),
        ("company page (top company)", f"/companies/{quote(company, safe='')}"),
        ("article page", f"/articles/{article}"),
    ]
    if claim:
        urls.append(("claim page (explain)", f"/claims/{claim[0]['id']}"))
    if figure:
        urls.append(("figure page (explain)", f"/figures/{figure[0]['id']}"))
    urls.append(("claims.csv of the top company (whole export)", f"/claims.csv?company={c}"))
    return urls


def measure(index_dir: Path, reps: int = 10) -> list[dict]:
    """Each page `reps` times (after one warm-up request): p50 and p95 in ms, the page's size."""
    from starlette.testclient import TestClient

    from newsindex.web import make_app

    from newsindex.web import app as web_app

    client = TestClient(make_app(index_dir, allowed_hosts=["testserver"]))
    urls = page_urls(index_dir)
    urls.insert(1, ("home, the index opened for the request", "/"))
    out = []
    for name, url in urls:
        fresh = name.endswith("opened for the request")
        keep, web_app.KEEP_OPEN = web_app.KEEP_OPEN, (0.0 if fresh else web_app.KEEP_OPEN)
        first = client.get(url)
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            r = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        web_app.KEEP_OPEN = keep
        times.sort()
        out.append({"name": name, "url": url, "status": first.status_code, "bytes": len(r.content),
                    "p50": statistics.median(times), "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]})
    return out


def bundled_index(root: Path, work: Path) -> Path:
    """The bundled corpus (root/corpus) indexed into `work` (a fresh index, not the corpus's own)."""
    from newsindex.index import build

    index_dir = work / "bundled-index"
    build(root / "corpus", index_dir)
    return index_dir


def rows(results: list[dict], where: str, target_ms: float) -> list[tuple[str, str, str, bool | None]]:
    """(measure, value, target, ok) rows for scripts/bench's table; the export row has no target."""
    out = []
    for r in results:
        export = r["url"].split("?")[0].endswith((".csv", ".jsonl"))
        ok = None if export else (r["status"] == 200 and r["p95"] <= target_ms)
        value = f"{r['p50']:.1f} / {r['p95']:.1f} ms ({r['bytes'] / 1024:.0f} KB)" + (
            "" if r["status"] == 200 else f", status {r['status']}")
        out.append((f"page {r['name']}, {where}: p50 / p95", value,
                    "" if export else f"≤ {target_ms:g} ms", ok))
    return out
