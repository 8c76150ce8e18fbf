"""Disk full during a build: one line that says so, the previous index live, nothing left behind
(issue 21, item 15); and readers never see a generation half removed (item 5)."""

from __future__ import annotations

import errno
import sqlite3

import pytest
from click.testing import CliRunner

from newsindex.cli import cli
from newsindex.index import build, open_index
from newsindex.store import build as B

STORY = "Camera makers face new rules\n\nBEIJING - Hikvision said on Monday that its sales rose 12%.\n"


@pytest.fixture
def built(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(STORY)
    index = tmp_path / "index"
    build(corpus, index, workers=1)
    (corpus / "b.txt").write_text(STORY.replace("Monday", "Friday"))
    return corpus, index


def _listing(index):
    return sorted(str(p.relative_to(index)) for p in index.rglob("*") if p.name != "build.lock")


FAILURES = {
    "sqlite": lambda *a, **k: (_ for _ in ()).throw(sqlite3.OperationalError("database or disk is full")),
    "whoosh": lambda *a, **k: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device", "/ix/MAIN_x.seg")),
}


@pytest.mark.parametrize("rebuild", [False, True], ids=["in-place", "fresh"])
@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_disk_full_is_one_line_and_leaves_nothing_behind(built, monkeypatch, failure, rebuild):
    corpus, index = built
    before = _listing(index)
    target = "_store_add" if failure == "sqlite" else "commit_keeping_files"
    monkeypatch.setattr(B, target, FAILURES[failure])
    result = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--index", str(index),
                                      *(["--rebuild"] if rebuild else [])])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: disk full while writing ") and " left — free some space" in result.stderr
    assert "unexpected" not in result.stderr
    assert set(_listing(index)) <= set(before)  # no half-written generation, no stray Whoosh files
    monkeypatch.undo()
    with open_index(index) as ix:  # the previous index is live and whole
        assert ix.article_count() == 1
    assert build(corpus, index, workers=1).added == 1


def test_a_no_op_build_removes_what_a_killed_build_left(built):
    corpus, index = built
    build(corpus, index, workers=1)  # b.txt in: now nothing is left to do
    stray = index / "gen-000099"
    (stray / "whoosh").mkdir(parents=True)
    (stray / "store.sqlite").write_bytes(b"x" * 1000)
    report = build(corpus, index, workers=1)
    assert not report.changed and not stray.exists()


def test_a_reader_opening_during_a_full_rebuild_gets_the_new_generation(built, monkeypatch):
    """Item 5: a reader read CURRENT, then a full build switched it and removed the old folder
    before the reader opened it (the old folder's files are missing): the reader opens the new
    generation instead of reporting damage and telling the user to rebuild."""
    from newsindex.errors import BadIndex
    from newsindex.store import reader

    corpus, index = built
    real = reader._open_index
    calls = []

    def racing(path):
        calls.append(1)
        if len(calls) == 1:
            old = reader._current(path)
            build(corpus, index, workers=1, rebuild=True)  # switches CURRENT, removes the old folder
            assert not old[1].exists()
            raise BadIndex(f"{path}: the index is damaged ({old[1].name}/store.sqlite is missing)")
        return real(path)

    monkeypatch.setattr(reader, "_open_index", racing)
    with reader.open_index(index) as ix:
        assert ix.article_count() == 2
    assert len(calls) == 2


def test_damage_without_a_switch_is_still_reported(built, monkeypatch):
    from newsindex.errors import BadIndex
    from newsindex.store import reader

    corpus, index = built
    monkeypatch.setattr(reader, "_open_index", lambda path: (_ for _ in ()).throw(BadIndex("damaged")))
    with pytest.raises(BadIndex):
        reader.open_index(index)
