"""`newsindex add URL` (issue 16, part 2) against a local HTTP server on the loopback address.

Never the internet: the server runs in a thread on 127.0.0.1 and serves pages written here.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsindex.cli import cli

FIXTURES = Path(__file__).resolve().parent / "formats"
PAGE = (FIXTURES / "jsonld-page.html").read_bytes()
OTHER = (FIXTURES / "plain-page.txt").read_bytes()


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        routes = {
            "/news/2021/03/harbour-cameras": (200, "text/html; charset=utf-8", PAGE),
            "/rail/trains.html": (200, "text/html", OTHER),
            "/report.pdf": (200, "application/pdf", b"%PDF-1.4\n"),
            "/gone": (404, "text/html", b"<html><body>Not here</body></html>"),
            "/broken": (500, "text/html", b"oops"),
        }
        if self.path == "/old-address":
            self.send_response(301)
            self.send_header("Location", "/rail/trains.html")
            self.end_headers()
            return
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(1.5)
        status, ctype, body = routes.get(self.path, (200, "text/html", PAGE) if self.path == "/slow" else
                                         (404, "text/html", b"no"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture()
def server():
    Handler.hits = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_add_fetches_stores_and_indexes_once(tmp_path, server):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    url = f"{server}/news/2021/03/harbour-cameras"
    runner = CliRunner()
    first = runner.invoke(cli, ["add", url, "--corpus", str(corpus)])
    assert first.exit_code == 0, first.output
    host = server.split("//")[1].replace(":", "_")
    stored = corpus / "web" / host / "news-2021-03-harbour-cameras.html"
    assert stored.read_bytes() == PAGE
    assert f"added web/{host}/news-2021-03-harbour-cameras.html from {url}" in first.stderr
    assert "added 1" in first.stderr
    sidecar = (corpus / "web" / "sources.toml").read_text(encoding="utf-8")
    assert f'url = "{url}"' in sidecar and "fetched = " in sidecar
    rows = [json.loads(x) for x in runner.invoke(
        cli, ["search", "pier", "--corpus", str(corpus), "--format", "jsonl", "--full"]).stdout.splitlines()]
    assert [(r["title"], r["outlet"], r["published"], r["url"]) for r in rows] == [
        ("Harbour city doubles its camera network", "The Coastal Ledger", "2021-03-14", url)]
    shown = runner.invoke(cli, ["show", rows[0]["id"], "--corpus", str(corpus), "--format", "json"])
    assert json.loads(shown.stdout)["fetched"].endswith("Z")

    second = runner.invoke(cli, ["add", url, "--corpus", str(corpus)])
    assert second.exit_code == 0 and "already in the corpus: not fetched again" in second.stderr
    assert Handler.hits["/news/2021/03/harbour-cameras"] == 1
    assert sorted(p.name for p in (corpus / "web" / host).iterdir()) == ["news-2021-03-harbour-cameras.html"]


@pytest.mark.parametrize("path, message", [
    ("/report.pdf", "not a web page (Content-Type: application/pdf)"),
    ("/gone", "HTTP 404 Not Found"),
    ("/broken", "HTTP 500 Internal Server Error"),
    ("/loop", "too many redirects (5, the last to /loop)"),
    ("/slow", "timed out after 0.5 s"),
])
def test_each_failure_is_one_line_and_nothing_is_written(tmp_path, server, path, message):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    result = CliRunner().invoke(cli, ["add", f"{server}{path}", "--corpus", str(corpus), "--timeout", "0.5"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"Error: {server}{path}: {message}"]
    assert list(corpus.rglob("*")) == []  # no page, no sidecar, no temporary file


def test_redirect_is_followed_and_said(tmp_path, server):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    result = CliRunner().invoke(cli, ["add", f"{server}/old-address", "--corpus", str(corpus)])
    assert result.exit_code == 0
    assert f"(redirected to {server}/rail/trains.html)" in result.stderr
    again = CliRunner().invoke(cli, ["add", f"{server}/old-address", f"{server}/rail/trains.html", "--corpus", str(corpus)])
    assert again.stderr.count("not fetched again") == 2
    assert Handler.hits.get("/rail/trains.html") == 1


@pytest.mark.parametrize("args, message", [
    (["ftp://example.com/x"], "Error: ftp://example.com/x: not an http:// or https:// address"),
    (["not a url"], "Error: not a url: not an http:// or https:// address"),
])
def test_bad_addresses(tmp_path, args, message):
    result = CliRunner().invoke(cli, ["add", *args, "--corpus", str(tmp_path)])
    assert result.exit_code == 1 and result.stderr.strip() == message


def test_no_url_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["add", "--corpus", str(tmp_path)])
    assert result.exit_code == 2


def test_from_records(tmp_path, server):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = tmp_path / "stories.csv"
    records.write_text(f"stories_id,title,url,publish_date\n1,Harbour,{server}/news/2021/03/harbour-cameras,2021-03-14\n"
                       f"2,Trains,{server}/rail/trains.html,2020-06-18\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["add", "--from-records", str(records), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "added 2" in result.stderr
