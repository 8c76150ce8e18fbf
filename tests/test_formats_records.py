"""Record files (issue 16, part 6): CSV, JSON and JSON Lines dumps of news APIs, one article per row.

Fixtures in tests/formats/ are written for these tests in the layouts of Media Cloud story
exports, news-please output and NewsAPI responses (no real article text).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsindex.cli import cli
from newsindex.formats.records import choose_map, parse_columns
from newsindex.parse import iter_parse, parse_paths

FIXTURES = Path(__file__).resolve().parent / "formats"
CUSTOM = "title=headline,body=story,published=when,outlet=paper,authors=writer"

# (file, part) -> title, outlet, published, author, body start, record map, warning fragment or None
ROWS = {
    ("mediacloud-stories.csv", 1): ("Harbour city doubles its camera network", "The Coastal Ledger", "2021-03-14",
                                    None, "The harbour authority said on Sunday", "mediacloud", None),
    ("mediacloud-stories.csv", 2): ("Ferry fares to rise by 6 per cent", "The Coastal Ledger", "2021-03-15", None,
                                    "", "mediacloud", "no body text in the record"),
    ("newsplease-article.json", None): ("Delivery app fined for tracking riders", "The Guardian", "2023-05-02",
                                        "Sofia Lindqvist", "A data protection regulator has fined", "newsplease", None),
    ("newsapi-response.json", 1): ("Port cranes to run on shore power", "Coastal Ledger", "2022-11-08", "Tom Reyes",
                                   "The port said on Tuesday its 30 container cranes", "newsapi", "cut short"),
    ("newsapi-response.json", 2): ("Memory chip prices fall for a third month", "Reuters", "2022-11-08",
                                   "Priya Nandakumar; Sam Cole", "Contract prices for memory chips", "newsapi",
                                   "no body text in the record: indexed with its metadata and summary"),
    ("custom-export.jsonl", 1): ("Tram line extension approved", "The Coastal Ledger", "2019-04-22", "Mina Okafor",
                                 "The city council approved a 7 km extension", "columns", None),
    ("custom-export.jsonl", 2): ("Library opens on Sundays", "The Coastal Ledger", "2019-04-23", "Tom Reyes",
                                 "The central library will open on Sundays", "columns", None),
}
# file -> articles read, warnings for rows skipped
COUNTS = {"mediacloud-stories.csv": (2, 0), "newsplease-article.json": (1, 0), "newsapi-response.json": (2, 1),
          "custom-export.jsonl": (2, 1)}


@pytest.fixture(scope="module")
def parsed():
    out = {}
    for name in COUNTS:
        items = list(iter_parse([FIXTURES / name], use_sources=False,
                                columns=parse_columns(CUSTOM) if name == "custom-export.jsonl" else None))
        out[name] = items
    return out


@pytest.mark.parametrize("key", sorted(ROWS, key=str))
def test_record_fields(parsed, key):
    name, part = key
    title, outlet, published, author, body, cmap, warning = ROWS[key]
    a = next(i for i in parsed[name] if hasattr(i, "to_dict") and i.part == part)
    assert (a.title, a.outlet, a.published, "; ".join(a.authors) or None, a.format, a.published_source) == (
        title, outlet, published, author, "records", "records")
    assert a.body.startswith(body)
    assert a.format_fields["record_map"] == cmap
    if warning:
        assert any(warning in w for w in a.warnings)
    else:
        assert not a.warnings


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_articles_counted(parsed, name):
    articles = [i for i in parsed[name] if hasattr(i, "to_dict")]
    skipped = [i for i in parsed[name] if hasattr(i, "reason") and not hasattr(i, "to_dict")]
    assert (len(articles), len(skipped)) == COUNTS[name]
    assert len({a.id for a in articles}) == len(articles)


def test_mediacloud_ids_are_the_story_ids(parsed):
    a = [i for i in parsed["mediacloud-stories.csv"] if hasattr(i, "to_dict")]
    assert [x.source_id for x in a] == ["90001", "90002"]
    assert a[0].published_at == "2021-03-14T08:30:00" and a[0].language == "en"


@pytest.mark.parametrize("row, expected", [
    ({"stories_id": 1, "title": "t", "text": "b"}, "mediacloud"),
    ({"maintext": "b", "title": "t", "date_publish": "2020-01-01"}, "newsplease"),
    ({"source": {"name": "X"}, "publishedAt": "2020-01-01T00:00:00Z", "content": "c"}, "newsapi"),
    ({"headline": "t", "body": "b"}, "generic"),
    ({"Title": "t", "Text": "b"}, "generic"),  # column case does not matter
])
def test_map_chosen_by_columns(row, expected):
    assert choose_map(row)["name"] == expected


@pytest.mark.parametrize("spec", ["title", "colour=x", "title=", "=x"])
def test_bad_columns_option_is_a_usage_error(spec):
    result = CliRunner().invoke(cli, ["parse", str(FIXTURES / "custom-export.jsonl"), "--columns", spec])
    assert result.exit_code == 2 and "--columns" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("name, data, reason", [
    ("list.json", b"[1, 2, 3]", "no article could be read"),
    ("bad.json", b"{not json", "not valid JSON"),
    ("numbers.csv", b"a,b\n1,2\n", "names no article column"),
    ("one.csv", b"justonecolumn\n", "names no article column"),
])
def test_unreadable_record_files(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    result = CliRunner().invoke(cli, ["build", "--corpus", str(tmp_path)])
    assert result.exit_code == 1
    assert f"Error: {name}: " in result.stderr and reason in result.stderr and "Traceback" not in result.output


def test_build_search_and_stable_ids(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("mediacloud-stories.csv", "newsapi-response.json", "custom-export.jsonl"):
        shutil.copy(FIXTURES / name, corpus / name)
    (corpus / "sources.toml").write_text(
        '[[source]]\nfile = "custom-export.jsonl"\ncolumns = { title = "headline", body = "story", '
        'published = "when", outlet = "paper", authors = "writer" }\n', encoding="utf-8")
    runner = CliRunner()
    built = runner.invoke(cli, ["build", "--corpus", str(corpus)])
    assert built.exit_code == 0, built.output
    assert "added 3" in built.stderr and "2 article(s) skipped" in built.stderr
    assert "Warning: custom-export.jsonl: part 3: not a JSON object" in built.stderr

    def search(*args):
        out = runner.invoke(cli, ["search", *args, "--corpus", str(corpus), "--format", "jsonl", "--limit", "0"])
        return [json.loads(line) for line in out.stdout.splitlines()]

    assert len(search()) == 6
    assert [r["title"] for r in search("tram")] == ["Tram line extension approved"]
    assert [r["title"] for r in search("cranes", "--outlet", "Coastal Ledger")] == ["Port cranes to run on shore power"]
    before = {r["title"]: r["id"] for r in search()}

    # change one row: that article gets a new id, the others keep theirs
    path = corpus / "custom-export.jsonl"
    path.write_text(path.read_text(encoding="utf-8").replace("next spring", "next summer"), encoding="utf-8")
    again = runner.invoke(cli, ["build", "--corpus", str(corpus)])
    assert "updated 1" in again.stderr
    after = {r["title"]: r["id"] for r in search()}
    assert after["Library opens on Sundays"] == before["Library opens on Sundays"]
    assert after["Tram line extension approved"] != before["Tram line extension approved"]
    assert {k: v for k, v in after.items() if "Tram" not in k} == {k: v for k, v in before.items() if "Tram" not in k}
    assert [r["title"] for r in search("summer")] == ["Tram line extension approved"]
    assert search("spring") == []

    path.unlink()
    removed = runner.invoke(cli, ["build", "--corpus", str(corpus)])
    assert "removed 1" in removed.stderr
    assert len(search()) == 4


def test_parse_paths_counts_rows(tmp_path):
    rows = [{"title": f"Story {i}", "text": f"Body of story number {i}.", "date": "2020-02-02"} for i in range(1, 41)]
    (tmp_path / "many.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = parse_paths([tmp_path / "many.jsonl"], use_sources=False)
    assert [a.part for a in result.articles] == list(range(1, 41))
    assert result.articles[39].title == "Story 40" and result.articles[39].published == "2020-02-02"
