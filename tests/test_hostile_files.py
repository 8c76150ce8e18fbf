"""Hostile files and names (issue 21, items 7, 11 and 14).

- A FIFO, socket or device named like an article is refused at once, never waited on (item 7).
- File names are bytes: a name that is not UTF-8 is carried as ``\\xNN`` and indexed (item 11).
- Control characters (C0, ESC, and the C1 controls U+0080–U+009F, among them U+009B CSI and U+009D
  OSC) in titles, bodies, outlets and file names never reach the terminal raw: tables drop them,
  error lines show them escaped, JSON escapes them (item 14).
"""

from __future__ import annotations

import os
import re
import signal
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsindex.cli import cli
from newsindex.corpus import path_text, read_source
from newsindex.errors import SourceError
from newsindex.index import build
from newsindex.parse import parse_paths

ARTICLE = ("Camera makers face new rules\n\nBEIJING - Hikvision said on Monday that sales rose 12% "
           "after the new rules.\n")
BUDGET = 20  # seconds: a hang detector, far above the milliseconds these take


class Hang(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - only on a hang
    raise Hang()


@pytest.fixture
def no_hang():
    """Fail (instead of hanging the suite) when something blocks for BUDGET seconds."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(BUDGET)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def invoke(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


# --- item 7: only regular files are read ------------------------------------------------------


def _specials(folder: Path) -> list[str]:
    os.mkfifo(folder / "x.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock.md"))
    sock.close()
    return ["x.txt", "sock.md"]


def test_fifo_and_socket_are_refused_by_read_source(tmp_path, no_hang):
    for name in _specials(tmp_path):
        with pytest.raises(SourceError, match="not a regular file"):
            read_source(tmp_path / name)


def test_parse_refuses_a_fifo_and_parses_the_rest(tmp_path, no_hang):
    (tmp_path / "good.txt").write_text(ARTICLE)
    _specials(tmp_path)
    result = invoke("parse", tmp_path, "--format", "jsonl")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    assert sorted(line.split(": ", 2)[2] for line in result.stderr.splitlines()) == [
        "a FIFO (named pipe), not a regular file", "a socket, not a regular file"]


def test_build_refuses_a_fifo_and_releases_its_lock(tmp_path, no_hang):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(ARTICLE)
    os.mkfifo(corpus / "x.txt")
    report = build(corpus, tmp_path / "index", workers=1)
    assert report.added == 1 and [p for p, _ in report.failed] == ["x.txt"]
    build(corpus, tmp_path / "index", workers=1)  # the lock was released: a second build runs


def test_a_file_replaced_by_a_fifo_is_refused_on_the_next_build(tmp_path, no_hang):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE)
    build(corpus, tmp_path / "index", workers=1)
    (corpus / "a.txt").unlink()
    os.mkfifo(corpus / "a.txt")  # same name: the build compares hashes first
    report = build(corpus, tmp_path / "index", workers=1)
    assert report.failed == [("a.txt", "a FIFO (named pipe), not a regular file")]


def test_companies_table_that_is_a_fifo_is_refused(tmp_path, no_hang):
    (tmp_path / "good.txt").write_text(ARTICLE)
    fifo = tmp_path / "companies-fifo"
    os.mkfifo(fifo)
    result = invoke("parse", tmp_path / "good.txt", env={"NEWSINDEX_COMPANIES": str(fifo)})
    assert result.exit_code != 0 and "not a regular file" in result.stderr


# --- item 11: names that are not UTF-8 ----------------------------------------------------------

BAD = b"caf\xe9 \xff report.txt"  # latin-1 bytes: not UTF-8


@pytest.mark.parametrize("raw, shown", [
    (b"caf\xe9.txt", "caf\\xe9.txt"),
    (b"\xff\xfe.md", "\\xff\\xfe.md"),
    (b"ok-\xc3\xa9.txt", "ok-\u00e9.txt"),  # valid UTF-8 stays as it is
    (b"half-\xe2\x82.txt", "half-\\xe2\\x82.txt"),  # a cut UTF-8 sequence
])
def test_path_text(raw, shown):
    assert path_text(os.fsdecode(raw)) == shown
    assert path_text(raw) == shown


def test_parse_carries_an_undecodable_name_escaped(tmp_path):
    folder = os.fsencode(tmp_path)
    with open(folder + b"/" + BAD, "wb") as fh:
        fh.write(ARTICLE.encode())
    (tmp_path / "good.txt").write_text(ARTICLE.replace("Camera", "Lens"))
    result = parse_paths([tmp_path])
    assert not result.errors
    assert sorted(Path(a.path).name for a in result.articles) == ["caf\\xe9 \\xff report.txt", "good.txt"]
    out = invoke("parse", tmp_path, "--format", "jsonl")
    assert out.exit_code == 0, out.stderr
    assert "caf\\\\xe9 \\\\xff report.txt" in out.stdout  # JSON of the text `caf\xe9 \xff report.txt`


def test_build_indexes_an_undecodable_name_and_keeps_it(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with open(os.fsencode(corpus) + b"/" + BAD, "wb") as fh:
        fh.write(ARTICLE.encode())
    report = build(corpus, tmp_path / "index", workers=1)
    assert (report.added, report.failed) == (1, [])
    again = build(corpus, tmp_path / "index", workers=1)
    assert (again.added, again.updated, again.unchanged, again.failed) == (0, 0, 1, [])
    found = invoke("search", "hikvision", "--corpus", corpus, "--index", tmp_path / "index", "--format", "jsonl")
    assert found.exit_code == 0 and "caf\\\\xe9 \\\\xff report.txt" in found.stdout


def test_an_undecodable_name_is_shown_escaped_in_an_error_line(tmp_path):
    with open(os.fsencode(tmp_path) + b"/\xff.txt", "wb") as fh:
        fh.write(b"")
    result = invoke("parse", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path}/\\xff.txt: empty file\n"


# --- item 14: control characters never reach the terminal raw ------------------------------------

C1_CSI, C1_OSC = "\x9b", "\x9d"
POISON = f"{C1_CSI}2J{C1_OSC}0;pwned\x07\x1b]0;title\x07\x1b[2J\x85"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory, kit):
    """An index whose title, body, outlet, author, companies, claims and figures carry C1 and ESC sequences."""
    root = tmp_path_factory.mktemp("poison")
    corpus = kit.write_corpus(root / "corpus", seeds=False)

    def parser(path, rel, source):
        article = kit.parser(path, rel, source)
        article.title = f"Title {POISON} end"
        article.body = f"Body {POISON} text.\n\n{article.body}"
        article.outlet = f"Outlet{POISON}"
        article.author = f"Author{POISON}"
        for c in article.companies:
            c.name += POISON
        for x in [*article.claims, *article.figures]:
            x.text = f"{x.text} {POISON}"
            x.companies = [n + POISON for n in x.companies]
        for c in article.claims:
            c.speaker = f"{c.speaker}{POISON}"
        return article

    build(corpus, root / "index", parser=parser)
    return corpus, root / "index"


def _first_id(poisoned) -> str:
    out = invoke("search", "--corpus", poisoned[0], "--index", poisoned[1], "--format", "jsonl", "--limit", "1")
    return re.search(r'"id": "([0-9a-f]+)"', out.stdout).group(1)


@pytest.mark.parametrize("args", [
    ["search", "hikvision"], ["search"], ["claims"], ["figures"], ["companies"], ["outlets"],
    ["timeline", "--by", "outlet"], ["compare", "--all"], ["show", "{id}"], ["explain", "{id}"],
    ["explain", "{id}:c1"],
])
def test_tables_never_print_control_characters(poisoned, args):
    args = [a.replace("{id}", _first_id(poisoned)) if "{id}" in a else a for a in args]
    result = invoke(*args, "--corpus", poisoned[0], "--index", poisoned[1], "--format", "table")
    assert result.exit_code in (0, 1), result.stderr
    assert not RAW.search(result.stdout), repr(RAW.search(result.stdout).group())
    assert not RAW.search(result.stderr)


@pytest.mark.parametrize("args", [["search", "--format", "jsonl"], ["show", "{id}", "--format", "json"],
                                  ["claims", "--format", "json"]])
def test_json_escapes_c1_controls(poisoned, args):
    args = [a.replace("{id}", _first_id(poisoned)) if "{id}" in a else a for a in args]
    result = invoke(*args, "--corpus", poisoned[0], "--index", poisoned[1])
    assert result.exit_code == 0
    assert not RAW.search(result.stdout)
    assert "\\u009b2J" in result.stdout  # the data is all there, escaped


@pytest.mark.parametrize("name", ["a\x1b]0;pwned\x07b.txt", "c\x1b[2J\x1bcd.txt", "e\x9b2Jf.txt", "g\nError: fake.txt"])
def test_file_names_with_escapes_are_shown_escaped_in_error_lines(tmp_path, name):
    (tmp_path / name).write_bytes(b"")  # an empty file: refused with an error line naming it
    for args in (["parse", tmp_path], ["build", "--corpus", tmp_path, "--index", tmp_path / ".ix"]):
        result = invoke(*args)
        assert result.exit_code == 1
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and errors[0].endswith(": empty file")
        assert not RAW.search(result.stderr.replace("\n", ""))
        assert "\\x" in errors[0]
