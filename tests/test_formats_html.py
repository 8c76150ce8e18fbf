"""Saved web pages (issue 16, part 1): *.html, *.htm, gzip-compressed, and HTML saved as .txt.

Each fixture in tests/formats/ was written for these tests (not copied from a site): its title,
outlet, date (with where the date came from), authors and the start and end of its body are
checked in one table; then the same pages go through `build` and `search`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsindex.cli import cli
from newsindex.formats.registry import sniff
from newsindex.parse import parse_paths

FIXTURES = Path(__file__).resolve().parent / "formats"

# file -> title, outlet, published, published_source, author, first body words, last body words, url
PAGES = {
    "jsonld-page.html": ("Harbour city doubles its camera network", "The Coastal Ledger", "2021-03-14", "json-ld",
                         "Mina Okafor; Tom Reyes", "The harbour authority said on Sunday",
                         "before the first cameras go up.",
                         "https://www.coastalledger.example/news/2021/03/harbour-cameras"),
    "opengraph-page.htm": ("Chip maker delays its new plant", "Reuters", "2022-09-02", "opengraph",
                           "Priya Nandakumar", "A chip maker said on Friday", "while the wider market was flat.",
                           "https://www.reuters.com/technology/chip-maker-delays-plant-2022-09-02/"),
    "compressed-page.html.gz": ("Chip maker delays its new plant", "Reuters", "2022-09-02", "opengraph",
                                "Priya Nandakumar", "A chip maker said on Friday", "while the wider market was flat.",
                                "https://www.reuters.com/technology/chip-maker-delays-plant-2022-09-02/"),
    # no <title>, no metadata: the page's own lines (date line, byline, copyright footer) are read
    "bare-page.html": ("Water utility raises prices by 4 per cent", "Reuters", "2020-05-12", "header", "Lena Brandt",
                       "The regional water utility will raise prices", "would find the rise hard to bear.", None),
    "plain-page.txt": ("Rail operator orders 40 new trains", None, "2020-06-18", "meta", "Daniel Osei",
                       "The national rail operator has ordered", "a concern for their members.", None),
}


@pytest.fixture(scope="module")
def records():
    result = parse_paths([FIXTURES / name for name in PAGES], use_sources=False)
    assert not result.errors
    return {Path(a.path).name: a for a in result.articles}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_saved_page_fields(records, name):
    title, outlet, published, source, author, first, last, url = PAGES[name]
    a = records[name]
    assert (a.title, a.outlet, a.published, a.published_source, "; ".join(a.authors) or None, a.url) == (
        title, outlet, published, source, author, url)
    assert a.format == "html" and a.part is None
    assert a.body.startswith(first) and a.body.endswith(last)
    assert title not in a.body  # the headline is not repeated in the body
    assert "<" not in a.body and "All rights reserved" not in a.body and "Home" not in a.body  # no chrome


def test_jsonld_time_and_candidates(records):
    a = records["jsonld-page.html"]
    assert a.published_at == "2021-03-14T08:30:00+00:00"
    assert a.date_candidates[0].source == "json-ld" and a.date_candidates[0].accepted
    assert a.language == "en"
    assert "2021-01-01" not in a.published  # the WebPage node's date is not the article's


def test_body_goes_through_the_extractors(records):
    a = records["jsonld-page.html"]
    assert any(f.text == "$12 million" and f.unit == "USD" for f in a.figures)
    assert any(c.speaker == "harbour authority" for c in a.claims)


@pytest.mark.parametrize("name, head, expected", [
    ("page.html", b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
    ("page.txt", b"\n\n  <html lang='en'><head><title>x</title>", "html"),
    ("page.md", b"<?xml version='1.0'?>\n<!DOCTYPE html><html>", "html"),
    ("notes.txt", b"A plain article about <b>bold</b> claims.", "text"),  # trap: a tag inside text
    ("notes.txt", b"Markets fell on Monday. <p> was in the text.", "text"),  # trap
    ("page.htm", b"<p>Only a fragment</p><p>of a page</p>", "html"),
    ("page.html", b"no markup at all", "text"),
])
def test_recognised_by_content(name, head, expected):
    assert sniff(name, head) == expected


@pytest.mark.parametrize("name, data, reason", [
    ("paper.pdf", b"%PDF-1.7\n%\xb5\xb5\n1 0 obj\n", "a PDF document, not a news export"),
    ("memo.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "a Word 97-2003 (or other OLE) document"),
    ("memo.rtf", b"{\\rtf1\\ansi Hello}", "an RTF document, not a news export"),
    ("empty-page.html", b"<html><head><title>Nothing</title></head><body></body></html>", "no article text found"),
    ("archive.html.gz", b"\x1f\x8b\x08\x00garbage", "damaged gzip data"),
])
def test_refused_with_one_line(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    result = CliRunner().invoke(cli, ["parse", str(tmp_path / name), "--format", "jsonl"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {tmp_path / name}: ") and reason in lines[0]
    assert "Traceback" not in result.output


def test_refusal_names_the_formats_read(tmp_path):
    (tmp_path / "paper.pdf").write_bytes(b"%PDF-1.4\n")
    result = CliRunner().invoke(cli, ["parse", str(tmp_path)])
    assert "saved web pages (.html, .htm)" in result.stderr and "record files" in result.stderr


def test_build_and_search_saved_pages(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in PAGES:
        shutil.copy(FIXTURES / name, corpus / name)
    runner = CliRunner()
    built = runner.invoke(cli, ["build", "--corpus", str(corpus)])
    assert built.exit_code == 0, built.output
    assert f"added {len(PAGES)}" in built.stderr
    found = runner.invoke(cli, ["search", "pier cameras", "--corpus", str(corpus), "--format", "jsonl"])
    rows = [json.loads(line) for line in found.stdout.splitlines()]
    assert [(r["title"], r["outlet"], r["published"]) for r in rows] == [
        ("Harbour city doubles its camera network", "The Coastal Ledger", "2021-03-14")]
    by_outlet = runner.invoke(cli, ["search", "--outlet", "Reuters", "--corpus", str(corpus), "--format", "jsonl"])
    # the page and its gzip copy (the same story, two files) and the bare page's copyright line
    assert len(by_outlet.stdout.splitlines()) == 3
    again = runner.invoke(cli, ["build", "--corpus", str(corpus)])
    assert "nothing changed" in again.stderr
