"""A corpus folder full of bad files, indexed by `newsindex build` (issue 8, parts 1 and 4).

tests/test_bad_input.py checks each bad file through the parser and `parse`; here the same kinds
of file sit beside the five seed articles and go through `build` and the search commands: the
seeds are indexed, each bad file is reported once (one line naming it), the exit status is 1
when any file failed, searches still work, and no output contains "Traceback". The last test
does the same with the installed `newsindex` executable in real processes, as a user would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsindex.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
EXECUTABLE = Path(sys.executable).parent / "newsindex"

STORY = ("Port operator posts record quarter\n\nBy Ana Lima\n\n"
         "SINGAPORE - The operator said container volumes rose 8 per cent in the quarter.\n")
BIG = 50 * 1024 * 1024  # the "50 MB text file": over the default limit (corpus.MAX_BYTES, 20 MiB)

# name -> (bytes, outcome): ("indexed", warning fragment or None) or ("failed", the message after "name: ")
FILES: dict[str, tuple[bytes, tuple[str, str | None]]] = {
    "empty.txt": (b"", ("failed", "empty file")),
    "whitespace.txt": (b" \n\t\r\n  \n", ("failed", "empty file")),
    "nul-bytes.txt": (b"Head\x00line\x00" * 50, ("failed", "binary file, not text")),
    "photo.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, ("failed", "binary file, not text")),
    "renamed-pdf.md": (b"%PDF-1.7\n%\xb5\xb5\xb5\xb5\n1 0 obj\n" + bytes(range(256)) * 8, ("failed", "binary file, not text")),
    "truncated-utf8.txt": (STORY.encode() + "\u2019".encode()[:2], ("indexed", "truncated UTF-8")),
    "utf16-bom.txt": (STORY.encode("utf-16"), ("indexed", "decoded as UTF-16")),
    "utf16-no-bom.txt": (STORY.encode("utf-16-le"), ("indexed", "UTF-16 (no byte-order mark)")),
    "cp1252.txt": ("Caf\u00e9 chain \u201cexpands\u201d\n\nThe caf\u00e9 group said so.\n".encode("cp1252"),
                   ("indexed", "not UTF-8: decoded as cp1252")),
    "mixed-endings.txt": (b"Ferry line reopens\r\n\r\nServices resumed.\rTickets sold out.\n\nMore soon.\n", ("indexed", None)),
    "name with spaces.txt": (STORY.replace("Port", "Harbour").encode(), ("indexed", None)),
    "Z\u00fcrich \u5317\u4eac caf\u00e9.txt": (STORY.replace("Port", "Airport").encode(), ("indexed", None)),
    "folder.txt/inside.txt": (STORY.replace("Port", "Rail").encode(), ("indexed", None)),  # a folder named x.txt is a folder
}
SPECIAL_FAILURES = {
    "dangling.txt": "dangling symbolic link",
    "locked.txt": "permission denied",
    "huge.txt": f"too large ({BIG:,} bytes; the limit is {20 * 1024 * 1024:,})",
}
INDEXED = sorted(name for name, (_, (outcome, _w)) in FILES.items() if outcome == "indexed")
FAILED = {name: message for name, (_, (outcome, message)) in FILES.items() if outcome == "failed"} | SPECIAL_FAILURES


def make_bad_corpus(root: Path, *, unreadable: bool = True) -> Path:
    """Seeds + sidecar, every bad file, a dangling link, a sparse 50 MB file and (optionally) locked.txt."""
    root.mkdir(parents=True)
    for seed in SEEDS:
        shutil.copyfile(seed, root / seed.name)
    shutil.copyfile(ROOT / "corpus" / "sources.toml", root / "sources.toml")
    for name, (raw, _) in FILES.items():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_bytes(raw)
    (root / "dangling.txt").symlink_to(root / "nowhere" / "gone.txt")
    with open(root / "huge.txt", "wb") as fh:  # sparse: 50 MB by stat, no disk used; never read
        fh.truncate(BIG)
    if unreadable:
        (root / "locked.txt").write_text(STORY, encoding="utf-8")
    return root


def refusing_open(locked: Path, opened: list):
    """os.open that refuses `locked` as the OS would without read permission (CI runs as root).

    Source files are opened with os.open (non-blocking, then fstat: newsindex.safeio)."""
    real_open = os.open

    def fake(file, *args, **kwargs):
        opened.append(os.path.basename(str(file)))
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    return fake


def assert_reported_once(stderr: str, failed: dict[str, str]) -> None:
    """One `Error: <name>: <message>` line per failed file, the summary and the account of gaps last, nothing else."""
    lines = stderr.strip().splitlines()
    assert "Traceback" not in stderr
    errors = [line for line in lines if line.startswith("Error: ")]
    assert sorted(errors) == sorted(f"Error: {name}: {message}" for name, message in failed.items())
    for name in failed:
        assert sum(name in line for line in lines) == 1, name
    assert lines[-2].endswith(f"; {len(failed)} file(s) failed")
    assert " without outlet, " in lines[-1] or "every one has" in lines[-1]
    assert len(lines) == len(failed) + 2


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    """The bad corpus built once with `newsindex build` in-process; locked.txt refused by the 'OS'."""
    root = tmp_path_factory.mktemp("bad-corpus")
    corpus = make_bad_corpus(root / "corpus")
    index_dir = root / "index"
    opened: list[str] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "open", refusing_open(corpus / "locked.txt", opened))
        env = {"NEWSINDEX_WORKERS": "1", "NEWSINDEX_MAX_BYTES": None}  # parse in this process (sees the patch)
        first = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--index", str(index_dir)], env=env)
        second = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--index", str(index_dir)], env=env)
    return corpus, index_dir, first, second, opened


def search_rows(index_dir, *args) -> list[dict]:
    result = CliRunner().invoke(cli, [*args, "--index", str(index_dir), "--format", "jsonl", "--limit", "0"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_build_reports_each_bad_file_once_and_exits_1(bad_build):
    _, _, first, _, _ = bad_build
    assert first.exit_code == 1
    assert first.stdout == ""
    assert_reported_once(first.stderr, FAILED)
    assert first.stderr.strip().splitlines()[-2].startswith(
        f"added {len(SEEDS) + len(INDEXED)}, updated 0, removed 0, unchanged 0 in ")


def test_a_second_build_reports_them_again_and_keeps_the_rest(bad_build):
    _, _, _, second, _ = bad_build
    assert second.exit_code == 1
    assert_reported_once(second.stderr, FAILED)
    assert f"added 0, updated 0, removed 0, unchanged {len(SEEDS) + len(INDEXED)} in " in second.stderr


def test_the_seeds_and_the_readable_files_are_indexed(bad_build):
    _, index_dir, *_ = bad_build
    rows = search_rows(index_dir, "search")
    assert sorted(r["path"] for r in rows) == sorted([s.name for s in SEEDS] + INDEXED)
    seeds = {r["path"]: r for r in rows if r["path"] in {s.name for s in SEEDS}}
    assert all(r["title"] and r["published"] for r in seeds.values())  # the sidecar was read too


@pytest.mark.parametrize("name", INDEXED)
def test_odd_encodings_are_indexed_with_their_warning(bad_build, name):
    _, index_dir, *_ = bad_build
    rows = {r["path"]: r for r in search_rows(index_dir, "search")}
    warning = FILES[name][1][1]
    if warning:
        assert any(warning in w for w in rows[name]["warnings"]), rows[name]["warnings"]
    else:
        assert not any("decoded" in w or "UTF" in w for w in rows[name]["warnings"])
    shown = CliRunner().invoke(cli, ["show", rows[name]["id"], "--index", str(index_dir), "--format", "jsonl"])
    body = json.loads(shown.stdout)["body"]
    assert body.strip() and "\r" not in body and "\x00" not in body


def test_searches_still_work(bad_build):
    _, index_dir, *_ = bad_build
    assert {r["path"] for r in search_rows(index_dir, "search", "surveillance")} <= {s.name for s in SEEDS}
    assert search_rows(index_dir, "search", "surveillance")
    assert search_rows(index_dir, "search", "container volumes")  # the UTF-16 and odd-name copies
    for command in ("claims", "figures"):
        search_rows(index_dir, command)  # exit 0, no traceback


def test_the_50mb_file_is_never_opened(bad_build):
    *_, opened = bad_build
    assert "huge.txt" not in opened
    assert "locked.txt" in opened  # the refusal came from os.open(), as the OS's would


def test_a_smaller_limit_from_the_environment_skips_a_file_without_reading_it(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "short.txt").write_text(STORY, encoding="utf-8")
    (corpus / "long.txt").write_text(STORY + "More words. " * 400, encoding="utf-8")
    size = (corpus / "long.txt").stat().st_size
    opened: list[str] = []
    monkeypatch.setattr(os, "open", refusing_open(tmp_path / "nothing", opened))
    env = {"NEWSINDEX_MAX_BYTES": "2048", "NEWSINDEX_WORKERS": "1"}
    result = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--index", str(tmp_path / "ix")], env=env)
    assert result.exit_code == 1
    assert_reported_once(result.stderr, {"long.txt": f"too large ({size:,} bytes; the limit is 2,048)"})
    assert "long.txt" not in opened and "short.txt" in opened


def test_everything_readable_exits_0(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in INDEXED:
        (corpus / name).parent.mkdir(exist_ok=True)
        (corpus / name).write_bytes(FILES[name][0])
    result = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"added {len(INDEXED)}, updated 0, removed 0, unchanged 0 in ")
    assert "Error" not in result.stderr


# --- as a user runs it: the installed executable, real processes ------------------------------------

def test_end_to_end_with_the_real_executable(tmp_path):
    """build, search, claims, figures, export and show (with bad ids) as separate `newsindex` processes."""
    as_root = os.geteuid() == 0
    corpus = make_bad_corpus(tmp_path / "corpus", unreadable=not as_root)
    if not as_root:  # root reads any file: the refusal is then proven in-process (bad_build) instead
        (corpus / "locked.txt").chmod(0)
    failed = {k: v for k, v in FAILED.items() if k != "locked.txt" or not as_root}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSINDEX_", "PYTEST_"))}
    env.update(NO_COLOR="1", NEWSINDEX_CORPUS=str(corpus), NEWSINDEX_INDEX=str(tmp_path / "index"))

    def newsindex(*args, code: int):
        proc = subprocess.run([str(EXECUTABLE), *args], capture_output=True, text=True, env=env, cwd=tmp_path,
                              timeout=300)
        assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
        assert proc.returncode == code, (args, proc.returncode, proc.stderr)
        return proc

    build = newsindex("build", code=1)
    assert_reported_once(build.stderr, failed)
    articles = [json.loads(x) for x in newsindex("search", "--limit", "0", code=0).stdout.splitlines()]
    assert sorted(a["path"] for a in articles) == sorted([s.name for s in SEEDS] + INDEXED)
    assert newsindex("search", "surveillance", "--format", "csv", code=0).stdout.startswith("id,")
    newsindex("claims", "--limit", "5", code=0)
    newsindex("figures", "--unit", "USD", "--sort", "value", code=0)
    export = newsindex("export", "articles", "--format", "jsonl", code=0)
    assert len(export.stdout.splitlines()) == len(articles)
    out = tmp_path / "out" / "claims.csv"
    out.parent.mkdir()
    newsindex("export", "claims", "-o", str(out), code=0)
    assert out.is_file() and Path(f"{out}.manifest.json").is_file()
    shown = json.loads(newsindex("show", articles[0]["id"][:8], "--format", "jsonl", code=0).stdout)
    assert shown["id"] == articles[0]["id"] and shown["body"]
    for bad_id in ("000000000000", "\x1b[31m:c1"):
        proc = newsindex("show", bad_id, code=1)
        assert proc.stdout == "" and len(proc.stderr.splitlines()) == 1 and proc.stderr.startswith("Error: ")
    for args in (["claims", '"open'], ["export", "figures", "--min", "abc"]):
        proc = newsindex(*args, code=2)
        assert proc.stdout == "" and proc.stderr.count("Error:") == 1
