"""Differential: the bundled corpus plus samples of our own, built into both backends, give the same
records through every command's library function (same ids and totals for every filter
combination, the same facets, timelines, exports, listings, ledger and shown records).

Relevance order is each engine's own BM25: compared as sets, and the best hits' overlap.
Run against an osmem-server on 127.0.0.1, or the cluster ``NEWSINDEX_TEST_OPENSEARCH_URL`` names.
"""

from __future__ import annotations

import io
import json
import shutil
import uuid
from itertools import groupby
from pathlib import Path

import pytest

from newsindex import search as S

BUNDLED = Path(__file__).resolve().parent.parent / "corpus"

# Short articles of our own, in the layouts the parser reads (headline, by-line, dateline, body).
SAMPLES = {
    "samples/harbour_lidar.txt": (
        "Harbourline Robotics raises $40 million for port lidar\n\n"
        "By Mara Quill\n\n"
        "ROTTERDAM, March 3, 2021 — Harbourline Robotics said on Tuesday it had raised $40 million to fit "
        "lidar cameras on cranes at container ports.\n\n"
        "\"Ports want to see every container without a person on the quay,\" said Ilse Varga, the chief "
        "executive of Harbourline Robotics.\n\n"
        "The company said revenue rose 35% last year. Hikvision and Dahua also sell cameras to ports.\n"),
    "samples/quarry_ai.txt": (
        "Quarry AI cuts 120 jobs as facial recognition sales slow\n\n"
        "By Tomas Reyl and Ada Finch\n\n"
        "SINGAPORE, July 19, 2022 — Quarry AI will cut 120 jobs, about 8% of its staff, after sales of its "
        "facial recognition systems slowed, the company said.\n\n"
        "\"Demand from city governments has fallen sharply,\" Quarry AI said in a statement.\n\n"
        "Analysts at Berrow Capital said the market for surveillance cameras would shrink by 5% in 2023.\n"),
    "samples/state_of_the_art.txt": (
        "Regulators question state of the art surveillance\n\n"
        "By Lena Okoro\n\n"
        "BRUSSELS, January 11, 2020 — European regulators said state of the art surveillance systems sold by "
        "SenseTime and Megvii raised questions about privacy.\n\n"
        "\"The art of the state is to watch,\" said Paul Derrin, a researcher at the Lindqvist Institute.\n\n"
        "SenseTime was valued at $7.5 billion in its last funding round, the company said.\n"),
    "samples/undated_note.txt": (
        "A note on camera exports\n\n"
        "Exports of surveillance cameras from China grew again, said Wen Hollis, an analyst. "
        "Hikvision shipped 2 million cameras abroad.\n"),
}


def _corpus(root: Path) -> Path:
    corpus = root / "corpus"
    shutil.copytree(BUNDLED, corpus, ignore=shutil.ignore_patterns(".*"))
    for rel, text in SAMPLES.items():
        (corpus / rel).parent.mkdir(parents=True, exist_ok=True)
        (corpus / rel).write_text(text, encoding="utf-8")
    return corpus


@pytest.fixture(scope="module")
def both(opensearch_url, tmp_path_factory):
    """(whoosh backend, opensearch backend) over the same corpus, parsed by the same code."""
    from newsindex.backends.opensearch import OpenSearchBackend
    from newsindex.backends.whoosh import WhooshBackend

    root = tmp_path_factory.mktemp("differential")
    corpus = _corpus(root)
    w = WhooshBackend(root / "index")
    o = OpenSearchBackend.from_url(opensearch_url, prefix=f"nxdiff{uuid.uuid4().hex[:10]}")
    rw, ro = w.build(corpus), o.build(corpus)
    assert not rw.failed and not ro.failed
    assert (rw.added, ro.added) == (len(SAMPLES) + 5, len(SAMPLES) + 5)
    yield w, o
    w.close()
    o.client.indices.delete(index=f"{o.prefix}-*", params={"ignore_unavailable": "true"})


QUERIES = {
    "articles": [None, "surveillance", "camera", '"facial recognition"', '"state of the art"', "surveil*",
                 "title:china", "hikvision OR megvii", "cameras NOT huawei", "author:quill", "date:2019-11",
                 "(cameras AND ports) OR regulators"],
    "claims": [None, "cameras", '"said in a statement"', "speaker:varga", "demand OR privacy", "company:hikvision",
               "NOT china"],
    "figures": [None, "revenue", "unit:usd", "metric:funding", "cameras", "jobs OR staff"],
}

FILTERS = [
    {}, {"company": "Hikvision"}, {"company": "SenseTime"}, {"outlet": "Financial Times"},
    {"since": "2019-10", "until": "2020-12"}, {"since": "2021"}, {"company": "Megvii", "since": "2019"},
]

ITEM_FILTERS = {"claims": [{"speaker": "Ilse Varga"}], "figures": [{"unit": "USD"}, {"min_value": "1000000"},
                                                                   {"unit": "percent", "max_value": "50"}]}


def _cases():
    for kind, queries in QUERIES.items():
        for q in queries:
            for f in FILTERS + ITEM_FILTERS.get(kind, []):
                yield kind, q, f


def _key(row):
    return row.get("id", row.get("name"))


def _date_groups(rows):
    """Rows in date order as [(date, {ids})]: within one date the engines may order differently."""
    return [(d, sorted(_key(r) for r in grp)) for d, grp in groupby(rows, key=lambda r: r.get("published"))]


@pytest.mark.parametrize("kind, query, filters", list(_cases()))
def test_same_rows_totals_and_facets(both, kind, query, filters):
    w, o = both
    a = w.search(kind, query, S.parse_filters(**filters), sort="date", limit=None, snippets=False)
    b = o.search(kind, query, S.parse_filters(**filters), sort="date", limit=None, snippets=False)
    assert a.total == b.total
    assert _date_groups(a.rows) == _date_groups(b.rows)
    assert a.rows and sorted(map(_key, a.rows)) == sorted(map(_key, b.rows)) or not a.rows and not b.rows
    assert a.facets == b.facets and a.facets_truncated == b.facets_truncated
    # the records themselves, field for field
    by_id = {_key(r): r for r in b.rows}
    assert all(by_id[_key(r)] == r for r in a.rows)


#: queries whose words have no weight to rank by (names, units, dates: every match scores alike)
UNRANKED = ("company:", "unit:", "metric:", "date:", "author:", "speaker:")


@pytest.mark.parametrize("kind, query", [(k, q) for k, qs in QUERIES.items() for q in qs if q])
def test_relevance_same_set_and_top_overlap(both, kind, query):
    w, o = both
    a = w.search(kind, query, S.parse_filters(), limit=None, snippets=False)
    b = o.search(kind, query, S.parse_filters(), limit=None, snippets=False)
    assert sorted(map(_key, a.rows)) == sorted(map(_key, b.rows))
    if len(a.rows) >= 3 and not query.startswith(UNRANKED):
        top = {_key(r) for r in a.rows[:3]}
        assert len(top & {_key(r) for r in b.rows[:5]}) >= 2, (query, [_key(r) for r in a.rows[:5]],
                                                                [_key(r) for r in b.rows[:5]])


@pytest.mark.parametrize("kind", ["articles", "claims", "figures"])
@pytest.mark.parametrize("by", [None, "outlet", "company"])
@pytest.mark.parametrize("interval", ["month", "quarter", "year"])
def test_same_timeline(both, kind, by, interval):
    w, o = both
    for f in ({}, {"company": "Hikvision"}):
        assert (S.timeline(kind, None, S.parse_filters(**f), index_dir=w, interval=interval, by=by)
                == S.timeline(kind, None, S.parse_filters(**f), index_dir=o, interval=interval, by=by))


@pytest.mark.parametrize("kind, query, filters", [
    ("articles", None, {}), ("articles", "surveillance", {"since": "2019"}), ("claims", None, {}),
    ("figures", "revenue", {}), ("figures", None, {"unit": "USD"}), ("companies", None, {}),
    ("companies", "sense*", {}), ("companies", None, {"outlet": "CNBC"}),
])
def test_same_export(both, kind, query, filters, tmp_path):
    from newsindex.export import run_export

    w, o = both
    outs = []
    for backend in (w, o):
        buf = io.StringIO()
        result = run_export(kind, query, S.parse_filters(**filters), index_dir=backend, fmt="jsonl", out=buf,
                            sort="relevance" if kind == "companies" else "date")
        outs.append((result.rows, [json.loads(line) for line in buf.getvalue().splitlines()]))
    (na, ra), (nb, rb) = outs
    assert na == nb
    if kind == "companies":
        assert ra == rb
    else:
        assert _date_groups(ra) == _date_groups(rb)
        assert sorted(ra, key=_key) == sorted(rb, key=_key)


def test_same_listings_and_shown_records(both):
    w, o = both
    assert S.outlets(index_dir=w) == S.outlets(index_dir=o)
    assert S.outlets(S.parse_filters(since="2020"), index_dir=w) == S.outlets(S.parse_filters(since="2020"), index_dir=o)
    assert w.company_counts() == o.company_counts()
    assert w.gaps() == o.gaps() and w.missing_rows() == o.missing_rows()
    for row in w.iter_rows("articles", None, S.parse_filters()):
        assert S.show(row["id"], index_dir=w) == S.show(row["id"], index_dir=o)
    claim = next(iter(w.iter_rows("claims", None, S.parse_filters())))
    assert S.show(claim["id"], index_dir=o)["id"] == claim["article_id"]


def test_same_ledger(both):
    from newsindex import ledger

    w, o = both
    groups = []
    for backend in (w, o):
        rows = list(S.iter_rows("figures", None, S.parse_filters(), index_dir=backend, sort="date", reverse=True))
        groups.append([g.to_dict() for g in ledger.build_ledger(rows, min_size=1)])
    assert len(groups[0]) == len(groups[1])
    canon = [sorted(json.dumps(g, sort_keys=True, default=str) for g in gs) for gs in groups]
    assert canon[0] == canon[1]


def test_the_cli_on_the_cluster(both, tmp_path, monkeypatch):
    """`newsindex search|claims|figures|companies|outlets|show|export|timeline|compare --backend opensearch`."""
    from click.testing import CliRunner

    from newsindex.cli import cli

    w, o = both
    monkeypatch.setenv("NEWSINDEX_OPENSEARCH_PREFIX", o.prefix)
    runner = CliRunner()
    common = ["--backend", "opensearch", "--url", o.url]
    for args in (["search", "surveillance", "--limit", "0"], ["claims", "--company", "Hikvision", "--limit", "0"],
                 ["figures", "--unit", "USD", "--sort", "value", "--limit", "0"], ["companies", "--limit", "0"],
                 ["outlets"], ["timeline", "--by", "outlet"], ["compare", "--all"],
                 ["export", "figures", "--format", "jsonl"]):
        via_cluster = runner.invoke(cli, [*args, *common, "--format", "jsonl"] if args[0] != "export" else [*args, *common])
        via_folder = runner.invoke(cli, [*args, "--index", str(w.index_dir), "--format", "jsonl"]
                                   if args[0] != "export" else [*args, "--index", str(w.index_dir)])
        assert via_cluster.exit_code == via_folder.exit_code == 0, (args, via_cluster.output)
        a = sorted(via_folder.stdout.splitlines())
        b = sorted(via_cluster.stdout.splitlines())
        assert a == b, args
    rid = next(iter(w.iter_rows("articles", None, S.parse_filters())))["id"]
    shown = runner.invoke(cli, ["show", rid, *common, "--format", "json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["id"] == rid


@pytest.mark.parametrize("kind", ["claims", "figures"])
def test_review_filters_are_refused_not_ignored(both, kind):
    from newsindex.errors import UsageError

    _, o = both
    for call in (lambda f: o.search(kind, None, f), lambda f: list(o.iter_rows(kind, None, f)),
                 lambda f: o.timeline(kind, None, f)):
        with pytest.raises(UsageError, match="not available on the OpenSearch backend"):
            call(S.parse_filters(review="verified"))
