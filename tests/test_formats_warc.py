"""Web archives (issue 16, part 3): each HTML response record of a WARC is an article.

The archives are written here with warcio from the saved-page fixtures: HTML responses, a
duplicate, a non-HTML response, a redirect, a truncated record, a request record.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsindex.cli import cli
from newsindex.parse import iter_parse

FIXTURES = Path(__file__).resolve().parent / "formats"
CRAWLED = "2024-02-10T03:04:05Z"


def _response(writer, uri, body: bytes, ctype="text/html; charset=utf-8", status="200 OK", extra=None):
    http = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                    warc_headers_dict={"WARC-Date": CRAWLED, **(extra or {})})
    writer.write_record(rec)


def write_archive(path: Path, gz: bool = True) -> None:
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "newsindex tests"}))
        req = w.create_warc_record("https://www.coastalledger.example/news/2021/03/harbour-cameras", "request",
                                   payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
        w.write_record(req)
        _response(w, "https://www.coastalledger.example/news/2021/03/harbour-cameras",
                  (FIXTURES / "jsonld-page.html").read_bytes())
        _response(w, "https://www.reuters.com/technology/chip-maker-delays-plant-2022-09-02/",
                  (FIXTURES / "opengraph-page.htm").read_bytes())
        _response(w, "https://www.coastalledger.example/copy-of-harbour", (FIXTURES / "jsonld-page.html").read_bytes())
        _response(w, "https://www.coastalledger.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(50), ctype="image/png")
        _response(w, "https://www.coastalledger.example/old", b"", status="301 Moved Permanently")
        _response(w, "https://www.coastalledger.example/cut", (FIXTURES / "plain-page.txt").read_bytes(),
                  extra={"WARC-Truncated": "length"})
        _response(w, "https://rail.example/news/trains", (FIXTURES / "plain-page.txt").read_bytes())


# part -> title, outlet, published, published_source, author, url
EXPECTED = {
    1: ("Harbour city doubles its camera network", "The Coastal Ledger", "2021-03-14", "json-ld", "Mina Okafor; Tom Reyes",
        "https://www.coastalledger.example/news/2021/03/harbour-cameras"),
    2: ("Chip maker delays its new plant", "Reuters", "2022-09-02", "opengraph", "Priya Nandakumar",
        "https://www.reuters.com/technology/chip-maker-delays-plant-2022-09-02/"),
    7: ("Rail operator orders 40 new trains", None, "2020-06-18", "meta", "Daniel Osei", "https://rail.example/news/trains"),
}


@pytest.mark.parametrize("gz", [True, False])
def test_warc_records(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_archive(path, gz)
    items = list(iter_parse([path], use_sources=False))
    articles = [i for i in items if hasattr(i, "to_dict")]
    notes = [i.message() for i in items if not hasattr(i, "to_dict")]
    assert {a.part: (a.title, a.outlet, a.published, a.published_source, "; ".join(a.authors) or None, a.url) for a in articles} == EXPECTED
    for a in articles:
        assert a.format == "warc" and a.fetched == CRAWLED and a.source_id.startswith("<urn:uuid:")
        assert a.published != CRAWLED[:10]
    assert notes == ["skipped 4 record(s): 1 duplicate, 1 non-HTML, 1 redirect, 1 truncated"]


def test_cut_archive_keeps_what_was_read(tmp_path):
    whole = tmp_path / "whole.warc"
    write_archive(whole, gz=False)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: data.index(b"Chip maker delays") + 200])
    items = list(iter_parse([cut], use_sources=False))
    assert [i.part for i in items if hasattr(i, "to_dict")] == [1]
    assert any("the rest was not read" in i.message() or "skipped" in i.message() for i in items if hasattr(i, "message"))


def test_build_and_search_a_warc(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "crawls").mkdir(parents=True)
    write_archive(corpus / "crawls" / "news.warc.gz")
    runner = CliRunner()
    built = runner.invoke(cli, ["build", "--corpus", str(corpus)])
    assert built.exit_code == 0, built.output
    assert "added 1" in built.stderr and "Warning: crawls/news.warc.gz: skipped 4 record(s)" in built.stderr
    out = runner.invoke(cli, ["search", "chip plant", "--corpus", str(corpus), "--format", "jsonl"])
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(r["title"], r["outlet"], r["published"]) for r in rows] == [
        ("Chip maker delays its new plant", "Reuters", "2022-09-02")]
    total = runner.invoke(cli, ["search", "--corpus", str(corpus), "--format", "jsonl"])
    assert len(total.stdout.splitlines()) == 3
