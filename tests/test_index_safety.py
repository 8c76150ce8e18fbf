"""The index under stress: a second build process, a build stopped at any line, damaged and foreign
folders, a read-only index (issue 8, part 3).

tests/test_index.py already proves: busy against a lock held in this process, a stale lock *file*,
SIGKILL at three checkpoints (and that the dead build's lock is then not busy), a damaged CURRENT
(text), an old generation format, a foreign folder with notes and a gen-* folder, a chmod'ed
index (which root ignores). This module adds what those leave open.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsindex import index
from newsindex import store
from newsindex.store import build as store_build
from newsindex.cli import cli
from newsindex.index import build, open_index

EXECUTABLE = Path(sys.executable).parent / "newsindex"

STORIES = {
    "reuters.txt": "Chipmaker cuts outlook\n\nTAIPEI (Reuters) - The chipmaker cut its outlook, citing weak demand for phones.\n",
    "guardian.txt": "Regulator fines bank\n\nThe regulator fined the bank for failing to monitor transfers, it said on Tuesday.\n",
    "verge.md": "# A phone with a folding screen\n\nThe company showed a phone with a folding screen at its launch event.\n",
}
EXTRA = {
    "nikkei.txt": "Carmaker recalls vans\n\nTOKYO -- The carmaker is recalling vans over faulty brakes, it said.\n",
    "bbc.txt": "Ferry strike ends\n\nThe ferry strike has ended after talks, the union said.\n",
}


def run(*args, env=None):
    result = CliRunner().invoke(cli, list(args), env=env or {})
    assert "Traceback" not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def write(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def article_paths(index_dir) -> list[str]:
    """The paths of the live generation's articles (opening it checks it is whole)."""
    with open_index(index_dir) as ix:
        ids = [row[0] for row in ix.db.execute("SELECT article_id FROM articles")]
        return sorted(record["path"] for record in ix.records(ids).values())


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """A corpus of three stories and its index (generation 1); tests copy the index before changing it."""
    root = tmp_path_factory.mktemp("safety")
    corpus = root / "corpus"
    write(corpus, STORIES)
    result = run("build", "--corpus", str(corpus), "--index", str(root / "index"))
    assert result.exit_code == 0, result.stderr
    return corpus, root / "index"


@pytest.fixture()
def copied(pristine, tmp_path):
    corpus, idx = pristine
    shutil.copytree(idx, tmp_path / "index", symlinks=True)
    return corpus, tmp_path / "index"


# --- a real second process ------------------------------------------------------------------------

def test_second_process_build_is_busy_then_its_death_frees_the_lock(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, STORIES)
    idx = tmp_path / "index"
    assert run("build", "--corpus", str(corpus), "--index", str(idx)).exit_code == 0
    write(corpus, EXTRA)
    flag = tmp_path / "reached"
    env = dict(os.environ, NEWSINDEX_TEST_HOLD=f"mid-build:{flag}", NEWSINDEX_INDEX=str(idx),
               NEWSINDEX_CORPUS=str(corpus))
    env.pop("PYTEST_CURRENT_TEST", None)
    holder = subprocess.Popen([str(EXECUTABLE), "build"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not flag.exists() and holder.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert flag.exists(), holder.stderr.read().decode() if holder.poll() is not None else "no checkpoint"
        busy = run("build", "--corpus", str(corpus), "--index", str(idx))
        assert busy.exit_code == 1
        assert busy.stderr == f"Error: index is busy: another build is running (pid {holder.pid})\n"
        busy = run("build", "--rebuild", "--corpus", str(corpus), "--index", str(idx))
        assert busy.exit_code == 1 and "index is busy" in busy.stderr
        # searching is not blocked: the previous generation answers
        found = run("search", "chipmaker", "--index", str(idx), "--format", "jsonl")
        assert found.exit_code == 0 and [json.loads(x)["path"] for x in found.stdout.splitlines()] == ["reuters.txt"]
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=30)
    finally:
        if holder.poll() is None:
            os.killpg(holder.pid, signal.SIGKILL)
            holder.wait()
    assert holder.returncode == -signal.SIGKILL
    assert (idx / index.LOCK).read_text(encoding="ascii") == str(holder.pid)  # the dead holder's pid stays...
    after = run("build", "--corpus", str(corpus), "--index", str(idx))  # ...but its flock died with it
    assert after.exit_code == 0, after.stderr
    assert "added 2, " in after.stderr.splitlines()[-2]
    assert article_paths(idx) == sorted([*STORIES, *EXTRA])


# --- a build stopped at any line ------------------------------------------------------------------

class Killed(BaseException):
    """Stands for the process dying: not an Exception, so no `except Exception` handler catches it."""


#: The functions of the store package that write during a build.
BUILD_FUNCTIONS = {"build", "_prepare_dir", "_write_generation", "_copy_generation", "_clean_generations",
                   "_write_atomic", "_fsync_dir", "_store_add", "_store_delete", "_store_counts"}


STORE_DIR = str(Path(store.__file__).parent)


class ReleasedOnDeath(index.BuildLock):
    """The build lock, remembered so a stopped build's flock can be dropped as the OS drops a dead process's."""

    held: list = []

    def __enter__(self):
        ReleasedOnDeath.held.append(self)
        return super().__enter__()


def build_stopped_at(n: int, corpus, idx) -> tuple[bool, int]:
    """Run a build, raising Killed at the n-th line it executes in BUILD_FUNCTIONS (0: never).

    Returns (whether it was stopped, the number of lines the build executed).
    """
    count = 0
    store_build.BuildLock = ReleasedOnDeath

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
            if count == n:
                raise Killed()
        return local

    def calls(frame, event, arg):
        code = frame.f_code
        return local if code.co_filename.startswith(STORE_DIR) and code.co_name in BUILD_FUNCTIONS else None

    sys.settrace(calls)
    try:
        build(corpus, idx)
    except Killed:
        return True, count
    finally:
        sys.settrace(None)
        store_build.BuildLock = ReleasedOnDeath.__mro__[1]
        # CPython 3.11 does not run __exit__ for an exception the tracer raises on some lines (a `try:`
        # is a NOP outside the with block's handler range); a dead process's flock is dropped by the OS
        while ReleasedOnDeath.held:
            ReleasedOnDeath.held.pop().__exit__(None, None, None)
    return False, count


def test_a_build_stopped_at_any_line_leaves_a_searchable_index(pristine, tmp_path):
    """The build is stopped at ~20 evenly spread lines; each time the live index is complete, old or new."""
    corpus_src, idx_src = pristine
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_src, corpus)
    write(corpus, EXTRA)  # two added,
    (corpus / "guardian.txt").write_text(STORIES["guardian.txt"] + "\nThe bank will appeal.\n", encoding="utf-8")  # one edited,
    (corpus / "verge.md").unlink()  # one removed
    before = sorted(STORIES)
    after = sorted(["reuters.txt", "guardian.txt", *EXTRA])

    full = tmp_path / "full"
    shutil.copytree(idx_src, full)
    stopped, lines = build_stopped_at(0, corpus, full)
    assert not stopped and lines > 50 and article_paths(full) == after

    points = sorted({1, 2, lines - 1, lines, *range(1, lines, max(1, lines // 16))})
    live = {}
    for n in points:
        idx = tmp_path / f"stopped-{n}"
        shutil.copytree(idx_src, idx)
        stopped, _ = build_stopped_at(n, corpus, idx)
        assert stopped, n
        number = index.generation(idx)
        live[n] = number
        assert article_paths(idx) == (before if number == 1 else after), n
        with open_index(idx) as ix:
            assert ix.article_count() == len(before if number == 1 else after)
        # the next build finishes the job, whatever was left behind
        report = build(corpus, idx)
        assert not report.failed and article_paths(idx) == after, n
        shutil.rmtree(idx)
    assert set(live.values()) == {1, 2}  # stopped both before and after the switch


# --- damaged, foreign and other versions' folders ------------------------------------------------------

def _gen(idx: Path) -> Path:
    return idx / (idx / index.CURRENT).read_text(encoding="utf-8").strip()


def _truncate(path: Path, size: int) -> None:
    with open(path, "r+b") as fh:
        fh.truncate(size)


def _each(idx: Path, pattern: str, action) -> None:
    files = sorted((_gen(idx) / index.WHOOSH_DIR).glob(pattern))
    assert files, pattern
    for f in files:
        action(f)


def _empty_db(path: Path) -> None:
    path.unlink()
    sqlite3.connect(path).close()


DAMAGED = "the index is damaged"
OLD = "made by an incompatible version of newsindex"

# name -> (damage, message fragment of `search`, line `build` prints before its summary or None)
DAMAGE = {
    "store-garbage": (lambda idx: (_gen(idx) / index.STORE).write_bytes(b"not a database" * 100), DAMAGED,
                      "the index was damaged: rebuilding it"),
    "store-truncated": (lambda idx: _truncate(_gen(idx) / index.STORE, 100), DAMAGED, "the index was damaged: rebuilding it"),
    "store-without-tables": (lambda idx: _empty_db(_gen(idx) / index.STORE), DAMAGED, "the index was damaged: rebuilding it"),
    "store-missing": (lambda idx: (_gen(idx) / index.STORE).unlink(), DAMAGED, None),
    "whoosh-toc-truncated": (lambda idx: _each(idx, "*.toc", lambda f: _truncate(f, 20)), DAMAGED,
                             "the index was damaged: rebuilding it"),
    "whoosh-toc-missing": (lambda idx: _each(idx, "*.toc", Path.unlink), DAMAGED, "the index was damaged: rebuilding it"),
    "whoosh-segment-truncated": (lambda idx: _each(idx, "*.trm", lambda f: _truncate(f, 50)), DAMAGED,
                                 "the index was damaged: rebuilding it"),
    "whoosh-segment-garbage": (lambda idx: _each(idx, "*.trm", lambda f: f.write_bytes(bytes(range(256)) * 16)), DAMAGED,
                               "the index was damaged: rebuilding it"),
    "whoosh-postings-truncated": (lambda idx: _each(idx, "*.pst", lambda f: _truncate(f, 50)), DAMAGED,
                                  "the index was damaged: rebuilding it"),
    "whoosh-postings-garbage": (lambda idx: _each(idx, "*.pst", lambda f: f.write_bytes(bytes(range(256)) * 16)), DAMAGED,
                                "the index was damaged: rebuilding it"),
    "whoosh-folder-missing": (lambda idx: shutil.rmtree(_gen(idx) / index.WHOOSH_DIR), DAMAGED, None),
    "generation-json-garbage": (lambda idx: (_gen(idx) / index.GEN_META).write_text("{{{", encoding="utf-8"), DAMAGED, None),
    "generation-folder-missing": (lambda idx: shutil.rmtree(_gen(idx)), DAMAGED, None),
    "current-binary": (lambda idx: (idx / index.CURRENT).write_bytes(b"\xff\xfe\x00\x81garbage"), DAMAGED, None),
    "current-empty": (lambda idx: (idx / index.CURRENT).write_bytes(b""), DAMAGED, None),
    "marker-other-version": (lambda idx: (idx / index.MARKER).write_text(
        json.dumps({"format": "newsindex-index", "version": 1}), encoding="utf-8"), f"{OLD} (format 1, this version reads",
        None),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_index_is_reported_then_rebuilt(copied, damage):
    corpus, idx = copied
    hurt, message, reason = DAMAGE[damage]
    hurt(idx)
    for command in (["search", "chipmaker"], ["export", "claims"]):
        result = run(*command, "--index", str(idx), "--corpus", str(corpus))
        assert result.exit_code == 1, (command, result.stderr)
        assert result.stdout == ""
        assert result.stderr.startswith(f"Error: {idx}")
        assert message in result.stderr and result.stderr.rstrip().endswith("run `newsindex build --rebuild`")
        assert result.stderr.count("\n") == 1
    rebuilt = run("build", "--corpus", str(corpus), "--index", str(idx))
    assert rebuilt.exit_code == 0, rebuilt.stderr
    lines = rebuilt.stderr.splitlines()
    if reason:
        assert lines[0] == reason
    assert article_paths(idx) == sorted(STORIES)
    assert sorted(p.name for p in idx.iterdir() if p.name.startswith(index.GEN_PREFIX)) == [_gen(idx).name]


def _snapshot(root: Path) -> list:
    out = []
    for p in sorted(root.rglob("*")):
        kind = "link" if p.is_symlink() else "dir" if p.is_dir() else "file"
        digest = hashlib.sha256(p.read_bytes()).hexdigest() if kind == "file" else os.readlink(p) if kind == "link" else ""
        out.append((str(p.relative_to(root)), kind, digest))
    return out


# name -> make the folder (given its path and the corpus)
NOT_OURS = {
    "user-notes": lambda d, corpus: write(d, {"thesis.md": "chapter one", "notes.txt": "keep"}),
    "only-a-hidden-file": lambda d, corpus: write(d, {".DS_Store": "x"}),
    "our-file-names-without-marker": lambda d, corpus: (
        write(d, {index.CURRENT: "gen-000001\n", index.LOCK: "1"}),
        write(d / "gen-000001", {"store.sqlite": "mine", "generation.json": "{}"})),
    "the-corpus-itself": None,  # --index pointing at the corpus folder
    "a-link-to-user-files": lambda d, corpus: (write(d.parent / "real", {"data.csv": "a,b"}), d.symlink_to(d.parent / "real")),
}


@pytest.mark.parametrize("case", sorted(NOT_OURS))
def test_a_folder_newsindex_did_not_make_is_never_changed(pristine, tmp_path, case):
    corpus_src, _ = pristine
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_src, corpus)
    target = corpus if NOT_OURS[case] is None else tmp_path / "target"
    if NOT_OURS[case] is not None:
        NOT_OURS[case](target, corpus)
    before = _snapshot(tmp_path)
    for args in (["build"], ["build", "--rebuild"], ["search", "chipmaker"], ["export", "claims"]):
        result = run(*args, "--corpus", str(corpus), "--index", str(target))
        assert result.exit_code == 1, (args, result.stderr)
        assert result.stderr.count("\n") == 1 and "is not a newsindex index" in result.stderr
    assert _snapshot(tmp_path) == before


def test_a_damaged_marker_makes_the_folder_foreign_and_untouched(copied):
    corpus, idx = copied
    (idx / index.MARKER).write_text("this is not json", encoding="utf-8")
    before = _snapshot(idx)
    for args in (["build", "--rebuild"], ["search", "chipmaker"]):
        result = run(*args, "--corpus", str(corpus), "--index", str(idx))
        assert result.exit_code == 1 and "is not a newsindex index (it has no readable newsindex-index.json)" in result.stderr
    assert _snapshot(idx) == before


def test_an_index_file_path_that_is_a_file(pristine, tmp_path):
    corpus, _ = pristine
    target = tmp_path / "index.txt"
    target.write_text("mine", encoding="utf-8")
    result = run("build", "--corpus", str(corpus), "--index", str(target))
    assert result.exit_code == 2 and "is a file" in result.stderr  # click's own check of --index
    assert target.read_text(encoding="utf-8") == "mine"


def test_rebuild_keeps_user_files_inside_an_index(copied):
    """Inside its own folder newsindex removes only what it names (gen-*, .CURRENT.*.tmp)."""
    corpus, idx = copied
    write(idx, {"README-mine.txt": "notes"})
    write(idx / "exports", {"claims.csv": "id\n"})
    result = run("build", "--rebuild", "--corpus", str(corpus), "--index", str(idx))
    assert result.exit_code == 0
    assert (idx / "README-mine.txt").read_text(encoding="utf-8") == "notes"
    assert (idx / "exports" / "claims.csv").read_text(encoding="utf-8") == "id\n"


# --- a read-only index --------------------------------------------------------------------------------

class Refused(list):
    """Every write the code tried (path, how); each one raised PermissionError as a read-only disk would."""


def read_only(monkeypatch, root: Path) -> Refused:
    """Make every write under `root` fail with PermissionError (chmod does not stop root, so simulate)."""
    import builtins

    tried = Refused()
    inside = lambda p: str(os.path.abspath(os.fspath(p))).startswith(str(root))  # noqa: E731

    def refuse(path, how):
        tried.append((os.path.relpath(os.fspath(path), root), how))
        raise PermissionError(13, "Permission denied (read-only)", os.fspath(path))

    real_open, real_os_open = builtins.open, os.open

    def fake_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and inside(file) and any(c in mode for c in "wax+"):
            refuse(file, f"open({mode!r})")
        return real_open(file, mode, *args, **kwargs)

    def fake_os_open(path, flags, *args, **kwargs):
        if inside(path) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC):
            refuse(path, "os.open")
        return real_os_open(path, flags, *args, **kwargs)

    def guard(name, module=os):
        real = getattr(module, name)

        def fake(path, *args, **kwargs):
            if inside(path):
                refuse(path, name)
            return real(path, *args, **kwargs)

        monkeypatch.setattr(module, name, fake)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(os, "open", fake_os_open)
    for name in ("replace", "rename", "mkdir", "makedirs", "unlink", "remove", "rmdir", "link", "truncate"):
        guard(name)
    guard("rmtree", shutil)
    return tried


@pytest.mark.parametrize("args", [
    ["search", "chipmaker", "--format", "jsonl"],
    ["search", "phone", "--format", "table"],  # the table also reads the duplicate groups
    ["claims", "--format", "csv"],
    ["figures", "--format", "json"],
    ["companies", "--format", "jsonl"],
    ["outlets", "--format", "jsonl"],
    ["export", "articles", "--format", "jsonl"],
])
def test_read_only_index_serves_searches(copied, monkeypatch, args):
    corpus, idx = copied
    expected = run(*args, "--index", str(idx))
    assert expected.exit_code == 0
    before = _snapshot(idx)
    tried = read_only(monkeypatch, idx)
    result = run(*args, "--index", str(idx), "--corpus", str(corpus))
    assert result.exit_code == 0, (result.stderr, tried)
    assert result.stdout == expected.stdout and result.stderr == ""
    assert not tried, tried  # a query writes nothing: near-duplicates are found by the build
    monkeypatch.undo()
    assert _snapshot(idx) == before


def test_show_from_a_read_only_index(copied, monkeypatch):
    corpus, idx = copied
    rows = [json.loads(x) for x in run("search", "--index", str(idx), "--format", "jsonl").stdout.splitlines()]
    read_only(monkeypatch, idx)
    result = run("show", rows[0]["id"], "--index", str(idx), "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["id"] == rows[0]["id"]


def test_build_into_a_read_only_index_is_one_clear_line(copied, monkeypatch):
    corpus, idx = copied
    changed = idx.parent / "corpus"
    shutil.copytree(corpus, changed)
    write(changed, EXTRA)
    before = _snapshot(idx)
    read_only(monkeypatch, idx)
    result = run("build", "--corpus", str(changed), "--index", str(idx))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {idx}: cannot write the index here (Permission denied (read-only)) — give another folder as --index\n"
    monkeypatch.undo()
    assert _snapshot(idx) == before
    assert article_paths(idx) == sorted(STORIES)
