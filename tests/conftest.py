"""Shared fixtures: a small corpus in several outlets' styles (plus the seeds), indexed once per session.

The extraction layers change while the index is tested, so the session index is built with a
parser that reads each file for real (metadata, body, sidecar) and then sets companies, claims
and figures from the hand-written ANNOTATIONS below: search tests assert exact rows without
depending on what the extractors find. Seeds get no annotations (no companies, claims, figures).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsindex.records import Claim, Company, Figure

SEEDS = Path(__file__).resolve().parent.parent / "corpus"

# file name -> (text, sidecar entry)
ARTICLES: dict[str, tuple[str, dict]] = {
    "reuters_blacklist.txt": (
        "US blacklists Hikvision and Dahua over Xinjiang\n\n"
        "WASHINGTON (Reuters) - The U.S. Commerce Department added Hikvision and Dahua to its entity list "
        "on Monday, citing surveillance of Uighurs in Xinjiang.\n\n"
        "\"We strongly oppose this decision,\" a Hikvision spokesperson said in a statement.\n\n"
        "Hikvision reported revenue of $7.5 billion last year.\n\n"
        "Reporting by Jane Doe; Editing by Tom Brown\n",
        {"outlet": "Reuters", "published": "2019-10-08", "title": "US blacklists Hikvision and Dahua over Xinjiang"},
    ),
    "ap_sensetime.txt": (
        "SenseTime valued at $7.5 billion as facial recognition booms\n\n"
        "BEIJING (AP) — SenseTime, the Chinese facial recognition company, is now valued at $7.5 billion, "
        "investors said.\n\n"
        "\"Chinese firms are exporting surveillance worldwide,\" said Steven Feldstein, a researcher.\n\n"
        "Copyright 2019 The Associated Press. All rights reserved.\n",
        {"outlet": "Associated Press", "published": "2019-09-17", "title": "SenseTime valued at $7.5 billion as facial recognition booms"},
    ),
    "bloomberg_sensetime.txt": (
        "SenseTime Raises $1 Billion in Funding Round\n\n"
        "(Bloomberg) -- SenseTime Group Ltd. raised $1 billion in a funding round that values the "
        "artificial intelligence startup at $7.7 billion, people familiar said.\n\n"
        "Megvii, a rival, is preparing an initial public offering in Hong Kong.\n",
        {"outlet": "Bloomberg", "published": "2019-11-20", "title": "SenseTime Raises $1 Billion in Funding Round"},
    ),
    "ft_market.txt": (
        "How China came to dominate the surveillance camera market\n\n"
        "Chinese groups now hold 46 per cent of the global market for facial recognition surveillance "
        "cameras, according to IHS Markit.\n\n"
        "Hikvision and Megvii are the best known.\n\n"
        "© The Financial Times Limited 2019\n",
        {"outlet": "Financial Times", "published": "2019-12-03", "title": "How China came to dominate the surveillance camera market"},
    ),
    "guardian_megvii.txt": (
        "Megvii files for Hong Kong listing\n\n"
        "Megvii, the facial recognition company behind Face++, has filed for a listing in Hong Kong "
        "that could raise HK$ 3.9 billion.\n\n"
        "\"We do not comment on market rumours,\" a Megvii spokeswoman told the Guardian.\n",
        {"outlet": "The Guardian", "published": "2019-08-26", "title": "Megvii files for Hong Kong listing"},
    ),
    "nikkei_dahua.txt": (
        "Dahua profit falls as trade war bites\n\n"
        "TOKYO -- Zhejiang Dahua Technology said net profit fell 12% in the first quarter as the trade war "
        "weighed on exports of its surveillance cameras.\n",
        {"outlet": "Nikkei Asia", "published": "2019-05-10", "title": "Dahua profit falls as trade war bites"},
    ),
    "techcrunch_yitu.txt": (
        "Yitu raises a new round at a $4.5 billion valuation\n\n"
        "Yitu, the Shanghai-based computer vision startup, has raised funding at a valuation of "
        "about $4.5 billion, sources told TechCrunch. Yitu declined to comment.\n",
        {"outlet": "TechCrunch", "published": "2019-10-30", "title": "Yitu raises a new round at a $4.5 billion valuation"},
    ),
    "bbc_cameras.txt": (
        "China's 200 million cameras\n\n"
        "China has more than 200 million surveillance cameras, said Maya Wang of Human Rights Watch.\n\n"
        "Image copyright Getty Images\n",
        {"outlet": "BBC News", "published": "2019-12-20", "title": "China's 200 million cameras"},
    ),
    "straitstimes_undated.txt": (
        "Huawei pushes smart city cameras in South-east Asia\n\n"
        "SINGAPORE - Huawei is selling its safe city systems to governments across the region, "
        "the company said.\n",
        {"outlet": "The Straits Times", "title": "Huawei pushes smart city cameras in South-east Asia"},
    ),
    "wsj_hikvision.txt": (
        "[bold red]Hikvision[/] sales \x1b[31mslip\x1b[0m in the US\n\n"
        "Hikvision's sales in the U.S. fell about 1.5 percent, a Hikvision executive said, blaming the blacklist.\n",
        {"outlet": "The Wall Street Journal", "published": "2019-11-15", "title": "[bold red]Hikvision[/] sales slip in the US"},
    ),
}

# file name -> companies [(name, mentions)], claims [(text, speaker, verb, companies)],
# figures [(text, value, unit, metric, companies, sentence)]
ANNOTATIONS: dict[str, dict] = {
    "reuters_blacklist.txt": {
        "companies": [("Hikvision", 3), ("Dahua", 1)],
        "claims": [("\"We strongly oppose this decision,\" a Hikvision spokesperson said in a statement.",
                    "Hikvision spokesperson", "said", ["Hikvision"])],
        "figures": [("$7.5 billion", 7.5e9, "USD", "revenue", ["Hikvision"],
                     "Hikvision reported revenue of $7.5 billion last year.")],
    },
    "ap_sensetime.txt": {
        "companies": [("SenseTime", 1)],
        "claims": [("\"Chinese firms are exporting surveillance worldwide,\" said Steven Feldstein, a researcher.",
                    "Steven Feldstein", "said", [])],
        "figures": [("$7.5 billion", 7.5e9, "USD", "valuation", ["SenseTime"],
                     "SenseTime, the Chinese facial recognition company, is now valued at $7.5 billion, investors said.")],
    },
    "bloomberg_sensetime.txt": {
        "companies": [("SenseTime", 1), ("Megvii", 1)],
        "claims": [],
        "figures": [
            ("$1 billion", 1e9, "USD", "funding", ["SenseTime"],
             "SenseTime Group Ltd. raised $1 billion in a funding round that values the artificial intelligence startup at $7.7 billion, people familiar said."),
            ("$7.7 billion", 7.7e9, "USD", "valuation", ["SenseTime"],
             "SenseTime Group Ltd. raised $1 billion in a funding round that values the artificial intelligence startup at $7.7 billion, people familiar said."),
        ],
    },
    "ft_market.txt": {
        "companies": [("Hikvision", 1), ("Megvii", 1), ("IHS Markit", 1)],
        "claims": [("Chinese groups now hold 46 per cent of the global market for facial recognition surveillance cameras, according to IHS Markit.",
                    "IHS Markit", "according to", [])],
        "figures": [("46 per cent", 46, "percent", "market_share", [],
                     "Chinese groups now hold 46 per cent of the global market for facial recognition surveillance cameras, according to IHS Markit.")],
    },
    "guardian_megvii.txt": {
        "companies": [("Megvii", 2)],
        "claims": [("\"We do not comment on market rumours,\" a Megvii spokeswoman told the Guardian.",
                    "Megvii spokeswoman", "told", ["Megvii"])],
        "figures": [("HK$ 3.9 billion", 3.9e9, "HKD", "funding", ["Megvii"],
                     "Megvii, the facial recognition company behind Face++, has filed for a listing in Hong Kong that could raise HK$ 3.9 billion.")],
    },
    "nikkei_dahua.txt": {
        "companies": [("Dahua", 1)],
        "claims": [("Zhejiang Dahua Technology said net profit fell 12% in the first quarter as the trade war weighed on exports of its surveillance cameras.",
                    "Dahua", "said", ["Dahua"])],
        "figures": [("fell 12%", -12, "percent", "growth", ["Dahua"],
                     "Zhejiang Dahua Technology said net profit fell 12% in the first quarter as the trade war weighed on exports of its surveillance cameras.")],
    },
    "techcrunch_yitu.txt": {
        "companies": [("Yitu", 2)],
        "claims": [],
        "figures": [("$4.5 billion", 4.5e9, "USD", "valuation", ["Yitu"],
                     "Yitu, the Shanghai-based computer vision startup, has raised funding at a valuation of about $4.5 billion, sources told TechCrunch.")],
    },
    "bbc_cameras.txt": {
        "companies": [],
        "claims": [("China has more than 200 million surveillance cameras, said Maya Wang of Human Rights Watch.",
                    "Maya Wang", "said", [])],
        "figures": [("200 million", 2e8, "count", "cameras", [],
                     "China has more than 200 million surveillance cameras, said Maya Wang of Human Rights Watch.")],
    },
    "straitstimes_undated.txt": {"companies": [("Huawei", 1)], "claims": [], "figures": []},
    "wsj_hikvision.txt": {
        "companies": [("Hikvision", 2)],
        "claims": [("Hikvision's sales in the U.S. fell about 1.5 percent, a Hikvision executive said, blaming the blacklist.",
                    "Hikvision executive", "said", ["Hikvision"])],
        "figures": [("1.5 percent", -1.5, "percent", "growth", ["Hikvision"],
                     "Hikvision's sales in the U.S. fell about 1.5 percent, a Hikvision executive said, blaming the blacklist.")],
    },
}


def write_corpus(root: Path, *, seeds: bool = True) -> Path:
    """Write the test articles and their sidecar into root (and the seeds into root/seeds)."""
    root.mkdir(parents=True, exist_ok=True)
    lines = []
    for name, (text, meta) in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
        lines.append("[[source]]")
        lines.append(f'file = "{name}"')
        for key, value in meta.items():
            escaped = value.replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'{key} = "{escaped}"')
        lines.append("")
    (root / "sources.toml").write_text("\n".join(lines), encoding="utf-8")
    if seeds:
        shutil.copytree(SEEDS, root / "seeds", ignore=shutil.ignore_patterns(".*"))
    return root


def annotated_parser(path: Path, rel: str, source: dict | None):
    """Parse for real, then set companies, claims and figures from ANNOTATIONS (deterministic records)."""
    from newsindex.index import parse_source

    article = parse_source(path, rel, source)
    ann = ANNOTATIONS.get(path.name, {"companies": [], "claims": [], "figures": []})
    aid = article.id
    article.companies = [Company(name=n, mentions=m, aliases=[n]) for n, m in ann["companies"]]
    article.figures = [
        Figure(id=f"{aid}:f{i}", text=t, value=v, unit=u, metric=met, companies=list(cos), sentence=s)
        for i, (t, v, u, met, cos, s) in enumerate(ann["figures"], 1)
    ]
    article.claims = [
        Claim(id=f"{aid}:c{i}", text=t, speaker=sp, verb=vb, quote=t.startswith('"'), companies=list(cos))
        for i, (t, sp, vb, cos) in enumerate(ann["claims"], 1)
    ]
    return article


@pytest.fixture(scope="session", autouse=True)
def _index_key(tmp_path_factory):
    """The tests sign their indexes with a key of their own, not the user's (newsindex.store.trust)."""
    import os

    os.environ.setdefault("NEWSINDEX_KEY_FILE", str(tmp_path_factory.mktemp("key") / "index.key"))


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """(corpus, index) built once with the annotated parser; tests must not change them."""
    from newsindex.index import build

    root = tmp_path_factory.mktemp("search")
    corpus = write_corpus(root / "corpus")
    index_dir = root / "index"
    report = build(corpus, index_dir, parser=annotated_parser)
    assert not report.failed, report.failed
    return corpus, index_dir


@pytest.fixture(scope="session")
def index_dir(built):
    return built[1]


@pytest.fixture(scope="session")
def kit():
    """The corpus helpers for tests (conftest is not importable under --import-mode=importlib)."""
    from types import SimpleNamespace

    return SimpleNamespace(articles=ARTICLES, annotations=ANNOTATIONS, write_corpus=write_corpus,
                           parser=annotated_parser)


@pytest.fixture(scope="session")
def opensearch_url():
    """A cluster for the OpenSearch backend's tests: ``NEWSINDEX_TEST_OPENSEARCH_URL`` when set, else
    an osmem-server (the test extra: an in-memory OpenSearch-compatible server) started here on
    127.0.0.1 for the session. Skipped, with the reason, only when neither can be had."""
    import os

    url = os.environ.get("NEWSINDEX_TEST_OPENSEARCH_URL")
    try:
        import opensearchpy  # noqa: F401
    except ImportError:
        pytest.skip("opensearch-py is not installed (pip install -e '.[test]')")
    if url:
        yield url
        return
    try:
        from osmem_server import OsmemServer
    except ImportError:
        pytest.skip("osmem-server is not installed (pip install -e '.[test]') and NEWSINDEX_TEST_OPENSEARCH_URL is unset")
    try:
        server = OsmemServer.start(freeze=False, japanese=False, addr="127.0.0.1:0")
    except Exception as e:  # noqa: BLE001 - any reason it cannot start is a reason to skip, said
        pytest.skip(f"osmem-server could not start on 127.0.0.1: {e}")
    try:
        yield server.url
    finally:
        server.close()


@pytest.fixture
def os_backend(opensearch_url):
    """An OpenSearch backend on indices of its own (a prefix per test), deleted afterwards."""
    import uuid

    from newsindex.backends.opensearch import OpenSearchBackend

    backend = OpenSearchBackend.from_url(opensearch_url, prefix=f"nxtest{uuid.uuid4().hex[:10]}")
    yield backend
    try:
        backend.client.indices.delete(index=f"{backend.prefix}-*", params={"ignore_unavailable": "true"})
    except Exception:  # noqa: BLE001 - a test that broke the cluster reports its own failure
        pass


# --- hostile text for the web view (tests/test_web.py, tests/test_web_browser.py) ------------
# Each payload sets window.__pwned (to its own number) if a browser ever runs it.
HOSTILE = {
    "title": "<script>window.__pwned=1</script>Acme wins <b>bold</b> \x1b[31mred\x1b[0m",
    "outlet": "<img src=x onerror=\"window.__pwned=2\">Evil Times",
    "author": "Jane <svg onload=window.__pwned=3>Doe",
    "url": "javascript:window.__pwned=4",
    "company": "<script>window.__pwned=5</script>Acme & Co",
    "alias": "<i onmouseover=\"window.__pwned=6\">Acme</i>",
    "speaker": "<img src=x onerror=window.__pwned=7>Mr Smith",
    "metric": "<iframe src=\"javascript:window.__pwned=8\"></iframe>",
}
HOSTILE_BODY = (
    "Acme <script>window.__pwned=9</script> wins a contract.\n\n"
    "Sales rose 5% in May, <a href=\"javascript:window.__pwned=10\">said</a> Mr Smith of Acme. "
    "[bold red]markup[/bold red] and \x1b]0;title\x07 escapes stay text.\n"
)


def hostile_parser(path: Path, rel: str, source: dict | None):
    """Parse for real, then put the HOSTILE values in every field a page shows."""
    from newsindex.index import parse_source

    a = parse_source(path, rel, source)
    h = HOSTILE
    a.title, a.outlet, a.author, a.authors, a.url = h["title"], h["outlet"], h["author"], [h["author"]], h["url"]
    body = a.body
    claim_start = body.find("Sales rose")
    claim_end = body.find("Acme.", claim_start) + len("Acme.")
    fig_start = body.find("5%")
    acme = body.find("Acme")
    a.companies = [Company(name=h["company"], mentions=1, aliases=[h["company"], h["alias"]], spans=[[acme, acme + 4]])]
    a.figures = [Figure(id=f"{a.id}:f1", text="5%", value=5, unit="percent", metric=h["metric"], subject="sales",
                        companies=[h["company"]], sentence=body[claim_start:claim_end], paragraph=1,
                        start=fig_start, end=fig_start + 2, rule="percent")]
    a.claims = [Claim(id=f"{a.id}:c1", text=body[claim_start:claim_end], speaker=h["speaker"], verb="said",
                      companies=[h["company"]], figures=[f"{a.id}:f1"], paragraph=1, start=claim_start,
                      end=claim_end, rule="said_after")]
    return a


@pytest.fixture(scope="session")
def hostile_index(tmp_path_factory):
    """An index of one article whose every shown field carries markup, script and escapes."""
    from newsindex.index import build

    root = tmp_path_factory.mktemp("hostile")
    (root / "corpus").mkdir()
    (root / "corpus" / "evil.txt").write_text("Acme wins\n\n" + HOSTILE_BODY, encoding="utf-8")
    report = build(root / "corpus", root / "index", parser=hostile_parser)
    assert not report.failed, report.failed
    return root / "index"


@pytest.fixture(scope="session")
def hostile():
    """The hostile values (conftest is not importable under --import-mode=importlib)."""
    return dict(HOSTILE, body=HOSTILE_BODY)
