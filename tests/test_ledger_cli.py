"""compare / explain / timeline on the seed corpus, parsed for real and indexed once for this module."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsindex.cli import cli

SEEDS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    index = tmp_path_factory.mktemp("ledger") / "index"
    runner = CliRunner()
    built = runner.invoke(cli, ["build", "--corpus", str(SEEDS), "--index", str(index)])
    assert built.exit_code == 0, built.output

    def invoke(*args):
        return runner.invoke(cli, [*args, "--corpus", str(SEEDS), "--index", str(index)])

    return invoke


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_compare_sensetime_valuation(run):
    groups = _json(run("compare", "--company", "SenseTime", "--metric", "valuation", "--format", "json"))
    assert [(g["company"], g["measure"], g["unit"]) for g in groups] == [("SenseTime", "valuation", "USD")]
    g = groups[0]
    got = [(e["published"], e["outlet"], e["qualifier"], e["value"]) for e in g["entries"]]
    assert got == [("2019-05-27", "CNBC", "over", 4e9), ("2019-11-06", "The Edge Markets", "over", 7.5e9)]
    assert [r["relation"] for r in g["relations"]] == ["growth"]
    assert g["verdict"] == "consistent growth" and g["flags"] == []
    assert g["spread"] == {"min": 4e9, "max": 7.5e9, "ratio": 1.875, "n": 2}


def test_compare_megvii_valuation_is_dated_by_its_sentences(run):
    g = _json(run("compare", "--company", "Megvii", "--metric", "valuation", "--format", "json"))[0]
    assert [(e["value"], e["qualifier"], e["as_of"]) for e in g["entries"]] == [
        (3.5e9, None, "2018-12"),  # "last December", in a February article
        (4e9, "around", ""),
        (4e9, "more than", "2019-05"),  # "in May", in a November article
    ]
    assert g["flags"] == []


def test_compare_cameras(run):
    groups = _json(run("compare", "--subject", "cameras", "--format", "json"))
    g = next(x for x in groups if x["company"] is None and x["measure"] == "cameras")
    by_value = {e["value"]: e for e in g["entries"]}
    assert by_value[2.2e8]["qualifier"] == "nearly"
    assert by_value[1.76e8]["as_of"] == "2016"
    assert by_value[2e7]["scope"] == "ai-enabled"  # a narrower count: shown, not compared
    assert 2e8 in by_value
    published = [e["published"] for e in g["entries"]]
    assert published == sorted(published)
    rel = {(r["a"], r["b"]): r["relation"] for r in g["relations"]}
    ids = {v: e["id"] for v, e in by_value.items()}
    assert rel[(ids[1.76e8], ids[2e8])] == "growth"  # 2016 -> May 2019
    assert rel[(ids[2e8], ids[2.2e8])] == "agree"  # 200m vs nearly 220m
    assert not any(ids[2e7] in pair for pair in rel)
    assert g["flags"] == []


def test_compare_csv_and_table(run):
    result = run("compare", "--subject", "cameras", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"group", "measure", "published", "outlet", "text", "qualifier", "as_of", "vs_previous"} <= set(rows[0])
    assert any(r["qualifier"] == "nearly" and r["value"] == "220000000" for r in rows)
    table = run("compare", "--company", "SenseTime", "--metric", "valuation", "--format", "table")
    assert table.exit_code == 0 and "consistent growth" in table.stdout and "CNBC" in table.stdout


def test_explain_every_kind(run):
    articles = [json.loads(line) for line in run("search", "--format", "jsonl", "--limit", "0").stdout.splitlines()]
    assert len(articles) == 5
    for art in articles:
        full = _json(run("show", art["id"], "--format", "json"))
        ids = [full["id"]] + [c["id"] for c in full["claims"]] + [f["id"] for f in full["figures"]]
        ids += [f"{full['id']}:company:{c['name']}" for c in full["companies"]]
        for rid in ids:
            out = _json(run("explain", rid, "--format", "json"))
            assert out["id"] == rid and out["rule"]
            if out["kind"] in ("claim", "figure"):
                s, e = out["span"]
                assert full["body"][s:e] == out["record"]["text"] == out["span_text"]
                assert out["span_source"] == "record"
        art_out = _json(run("explain", full["id"][:6], "--format", "json"))  # a unique prefix works
        assert art_out["kind"] == "article" and art_out["date_candidates"]
    table = run("explain", articles[0]["id"], "--format", "table")
    assert table.exit_code == 0 and "Publication-date candidates" in table.stdout


@pytest.mark.parametrize("rid", ["nosuchid", "ffffffffffff:f1"])
def test_explain_unknown_id(run, rid):
    result = run("explain", rid)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("kind, search_cmd, company", [
    ("articles", "search", None),
    ("claims", "claims", None),
    ("figures", "figures", None),
    ("figures", "figures", "SenseTime"),
    ("articles", "search", "Megvii"),
])
@pytest.mark.parametrize("interval", ["month", "quarter", "year"])
def test_timeline_sums_match_search(run, kind, search_cmd, company, interval):
    extra = ["--company", company] if company else []
    result = run("timeline", "--kind", kind, "--interval", interval, "--format", "csv", *extra)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    found = run(search_cmd, "--format", "jsonl", "--limit", "0", *extra)
    assert found.exit_code == 0, found.output
    assert sum(int(r["count"]) for r in rows) == len(found.stdout.splitlines()) > 0


def test_timeline_by_outlet_json_and_table(run):
    points = _json(run("timeline", "--by", "outlet", "--interval", "year", "--format", "json"))
    assert {(p["series"], p["count"]) for p in points} == {
        ("CNBC", 1), ("Week in China", 1), ("South China Morning Post", 1), ("The Edge Markets", 1),
        ("Financial Times", 1)}
    table = run("timeline", "--format", "table")
    assert table.exit_code == 0 and "█" in table.stdout and "2019-05" in table.stdout


@pytest.mark.parametrize("args", [
    ["timeline", "--interval", "week"],
    ["timeline", "--by", "author"],
    ["compare", "--format", "xml"],
])
def test_usage_errors(run, args):
    assert run(*args).exit_code == 2
