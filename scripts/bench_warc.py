#!/usr/bin/env python3
"""Memory of building a web archive: peak RSS of `newsindex build` over WARCs of N HTML records.

    scripts/bench_warc.py                 # 500 and 5,000 records (issue 16: within 50 MB of each other)
    scripts/bench_warc.py --n 500 --n 2000
    scripts/bench_warc.py --n 5000 --writer-mb 128   # another size of Whoosh's posting pool

Each WARC (gzip) is generated into bench-data/warc/ from short synthetic pages (distinct
headlines, outlets, dates and bodies), then built in a fresh process with `NEWSINDEX_WORKERS=1`;
the child's peak resident set size comes from getrusage. The archive is streamed record by
record, so peak memory should not grow with the number of records. A script, not a test.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_PY = ROOT / ".venv" / "bin" / "python"
if Path(sys.prefix).resolve() != VENV_PY.parents[1].resolve() and VENV_PY.exists():
    os.execv(str(VENV_PY), [str(VENV_PY), __file__, *sys.argv[1:]])

WORDS = ("port council camera network contract privacy group harbour city transport budget rail tram plan vote "
         "company shares profit quarter market chip plant supply order delay growth court ruling data app").split()
OUTLETS = ("The Coastal Ledger", "Reuters", "Financial Times", "The Guardian", "Valley Courier")


def page(i: int, rng: random.Random) -> bytes:
    words = [rng.choice(WORDS) for _ in range(6)]
    title = f"{' '.join(words).capitalize()} {i}"
    paras = []
    for _ in range(6):
        sent = " ".join(rng.choice(WORDS) for _ in range(18))
        paras.append(f"<p>{sent.capitalize()}, the company said on Monday, adding that {rng.randint(2, 900)} "
                     f"people were affected.</p>")
    day = f"20{rng.randint(10, 23)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    outlet = rng.choice(OUTLETS)
    return (f'<!DOCTYPE html><html lang="en"><head><title>{title}</title>'
            f'<meta property="og:site_name" content="{outlet}">'
            f'<meta property="article:published_time" content="{day}T08:00:00Z">'
            f'<meta name="author" content="Writer {i}"></head><body><nav>Home | News</nav>'
            f'<article><h1>{title}</h1>{"".join(paras)}</article><footer>© {outlet}</footer></body></html>').encode()


def make_warc(path: Path, n: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(n)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i in range(n):
            body = page(i, rng)
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://news.example/story/{i}", "response",
                                                payload=io.BytesIO(body), http_headers=http))


BUILD = """
import resource, sys, time
from newsindex.index import build
if len(sys.argv) > 3:  # --writer-mb: the Whoosh posting pool of this build
    import newsindex.store.build
    newsindex.store.build.WRITER_LIMIT_MB = int(sys.argv[3])
t = time.monotonic()
r = build(sys.argv[1], sys.argv[2], workers=1)
print(r.added, r.summary(), round(time.monotonic() - t, 1), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def measure(n: int, data: Path, writer_mb: int | None = None) -> tuple[int, float, int, str]:
    corpus = data / f"n{n}"
    warc = corpus / "crawl.warc.gz"
    if not warc.exists():
        make_warc(warc, n)
    index = data / f"index-{n}"
    shutil.rmtree(index, ignore_errors=True)
    cmd = [sys.executable, "-c", BUILD, str(corpus), str(index)] + ([str(writer_mb)] if writer_mb else [])
    out = subprocess.run(cmd, capture_output=True, text=True,
                         env={**os.environ, "NEWSINDEX_WORKERS": "1"}, check=True)
    line = out.stdout.strip().splitlines()[-1]
    parts = line.split()
    added_articles = _count(index)
    shutil.rmtree(index, ignore_errors=True)
    return added_articles, float(parts[-2]), int(parts[-1]) // 1024, warc.stat().st_size


def _count(index: Path) -> int:
    from newsindex.index import open_index

    with open_index(index) as ix:
        return ix.article_count()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, action="append", help="records per WARC (repeatable; default 500 and 5000)")
    ap.add_argument("--data", default=str(ROOT / "bench-data" / "warc"))
    ap.add_argument("--writer-mb", type=int, help="the Whoosh writer's posting pool (default: store.build.WRITER_LIMIT_MB)")
    args = ap.parse_args()
    data = Path(args.data)
    rows = []
    for n in args.n or [500, 5000]:
        articles, seconds, rss_mb, size = measure(n, data, args.writer_mb)
        rows.append((n, articles, seconds, rss_mb, size))
        print(f"{n:>6} records  {size / 1e6:6.1f} MB warc.gz  {articles:>6} articles  {seconds:7.1f} s  peak RSS {rss_mb} MB",
              flush=True)
    if len(rows) > 1:
        print(f"peak RSS grew {rows[-1][3] - rows[0][3]} MB from {rows[0][0]} to {rows[-1][0]} records")


if __name__ == "__main__":
    main()
