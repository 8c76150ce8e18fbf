"""Bad input files: each gives a record with warnings or a one-line error naming the file (issue 8, part 1)."""

from __future__ import annotations

import json
import os
import sys

import pytest
from click.testing import CliRunner

from newsindex.cli import cli
from newsindex.corpus import decode, read_source
from newsindex.errors import SourceError
from newsindex.parse import parse_paths

ARTICLE = "Chip maker reports record sales\n\nBy Jane Roe\n\nThe company said sales rose 12 per cent.\n"

# (name, bytes, expected: "ok" | error fragment, expected warning fragment or None)
FILES = [
    ("utf8.txt", ARTICLE.encode("utf-8"), "ok", None),
    ("utf8-bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"), "ok", None),
    ("utf16-bom.txt", ARTICLE.encode("utf-16"), "ok", "UTF-16"),
    ("utf16le-nobom.txt", ARTICLE.encode("utf-16-le"), "ok", "UTF-16"),
    ("utf16be-nobom.txt", ARTICLE.encode("utf-16-be"), "ok", "UTF-16"),
    ("cp1252.txt", "Caf\u00e9 owners \u201cwin\u201d\n\nThe caf\u00e9 said so.\n".encode("cp1252"), "ok", "cp1252"),
    ("latin1.txt", "Se\u00f1or Pe\u00f1a\n\nM\u00fcller said \u00bd.\n".encode("latin-1"), "ok", "cp1252"),
    ("truncated.txt", ARTICLE.encode("utf-8") + "\u201c".encode("utf-8")[:2], "ok", "truncated"),
    ("crlf.txt", ARTICLE.replace("\n", "\r\n").encode(), "ok", None),
    ("mixed-endings.txt", b"Title line\r\n\r\nOne paragraph.\rAnother.\n\nLast.\n", "ok", None),
    ("empty.txt", b"", "empty file", None),
    ("blank.txt", b"   \n\t\n  \n", "empty file", None),
    ("nul.txt", b"Title\x00\x00\x00binary\x00data" * 20, "binary", None),
    ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary", None),
    ("pdf.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nstream\n" + bytes(range(256)) * 8, "binary", None),
    ("name with spaces.txt", ARTICLE.encode(), "ok", None),
    ("caf\u00e9 \u5317\u4eac.txt", ARTICLE.encode(), "ok", None),
]


@pytest.mark.parametrize("name,raw,expected,warning", FILES, ids=[f[0] for f in FILES])
def test_each_bad_file(tmp_path, name, raw, expected, warning):
    path = tmp_path / name
    path.write_bytes(raw)
    if expected == "ok":
        src = read_source(path)
        assert src.text.strip()
        assert "\r" not in src.text
        if warning:
            assert any(warning in w for w in src.warnings), src.warnings
        else:
            assert src.warnings == []
    else:
        with pytest.raises(SourceError) as exc:
            read_source(path)
        assert expected in str(exc.value)
        assert name in str(exc.value)
        assert "\n" not in str(exc.value)


def test_directory_named_like_a_file(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(SourceError, match="folder"):
        read_source(tmp_path / "folder.txt")


def test_dangling_symlink(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "missing.txt")
    with pytest.raises(SourceError, match="dangling"):
        read_source(link)


def test_unreadable_file(tmp_path, monkeypatch):
    """chmod 0 does not stop root (CI runs as root), so the OS refusing is simulated."""
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE)
    real_open = os.open

    def refusing_open(file, flags, *a, **kw):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *a, **kw)

    monkeypatch.setattr(os, "open", refusing_open)
    with pytest.raises(SourceError, match="permission denied"):
        read_source(path)


def test_too_large_file_is_skipped_not_loaded(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSINDEX_MAX_BYTES", "1000")
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    with pytest.raises(SourceError, match="too large"):
        read_source(path)


def test_single_5mb_line_parses(tmp_path):
    path = tmp_path / "oneline.txt"
    # a scraped blob: 5 MB without a line break, a few real sentences at either end
    line = "Acme Inc said sales rose 5 per cent. " + "data " * 1_000_000 + "Shares of Acme Inc fell 2 per cent."
    path.write_text(line)
    assert path.stat().st_size > 5_000_000
    result = parse_paths([path])
    assert not result.errors
    article = result.articles[0]
    assert "data data" in article.body
    assert {f.text for f in article.figures} >= {"5 per cent", "2 per cent"}


def test_folder_of_bad_files_parses_the_rest(tmp_path):
    for name, raw, _, _ in FILES:
        (tmp_path / name).write_bytes(raw)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    result = CliRunner().invoke(cli, ["parse", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 1
    ok = [f for f in FILES if f[2] == "ok"]
    bad = [f for f in FILES if f[2] != "ok"]
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == len(ok)
    errors = result.stderr.strip().splitlines()
    assert len(errors) == len(bad) + 1  # + the dangling link
    for name, *_ in bad:
        assert sum(name in line for line in errors) == 1
    assert "Traceback" not in result.output


def test_missing_path_is_reported(tmp_path):
    result = CliRunner().invoke(cli, ["parse", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "nope.txt: no such file or folder" in result.stderr


@pytest.mark.parametrize(
    "raw,text",
    [
        (b"plain ascii", "plain ascii"),
        ("\u201cquoted\u201d".encode(), "\u201cquoted\u201d"),
        (b"a\r\nb\rc", "a\nb\nc"),
    ],
)
def test_decode_table(raw, text):
    assert decode(raw)[0] == text


def test_no_traceback_in_subprocess(tmp_path):
    """A real process, as a user runs it: bad files give one line each and no traceback."""
    import subprocess

    (tmp_path / "good.txt").write_bytes(ARTICLE.encode())
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    proc = subprocess.run(
        [sys.executable, "-m", "newsindex.cli", "parse", str(tmp_path), "--format", "jsonl"],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": "src"},
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "bin.txt: binary" in proc.stderr
    assert len(proc.stdout.splitlines()) == 1
