"""The index's own files are never opened through a link (issue 21, item 2).

A symbolic link (or hard link, FIFO) planted as `build.lock`, `CURRENT`, the marker or a
temporary name is refused or replaced, and whatever it pointed at is left exactly as it was.
"""

from __future__ import annotations

import json
import os
import signal

import pytest

from newsindex.errors import BadIndex
from newsindex.index import CURRENT, LOCK, MARKER, build, open_index

STORY = "Camera makers face new rules\n\nBEIJING - Hikvision said on Monday that its sales rose 12%.\n"


@pytest.fixture
def setup(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(STORY)
    index = tmp_path / "index"
    build(corpus, index, workers=1)
    victim = tmp_path / "precious.txt"
    victim.write_text("the user's own file\n")
    return corpus, index, victim


@pytest.fixture
def no_hang():
    def _alarm(signum, frame):  # pragma: no cover - only on a hang
        raise TimeoutError("blocked")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("plant", ["symlink", "hardlink"])
def test_a_planted_lock_never_truncates_another_file(setup, plant):
    corpus, index, victim = setup
    (index / LOCK).unlink(missing_ok=True)
    if plant == "symlink":
        (index / LOCK).symlink_to(victim)
    else:
        os.link(victim, index / LOCK)
    with pytest.raises(BadIndex, match="build.lock"):
        build(corpus, index, workers=1)
    assert victim.read_text() == "the user's own file\n"


def test_a_fifo_as_lock_is_refused_not_waited_on(setup, no_hang):
    corpus, index, _ = setup
    (index / LOCK).unlink(missing_ok=True)
    os.mkfifo(index / LOCK)
    with pytest.raises(BadIndex, match="build.lock"):
        build(corpus, index, workers=1)


@pytest.mark.parametrize("name", [CURRENT, MARKER])
def test_current_or_marker_as_a_link_is_not_followed(setup, name):
    corpus, index, victim = setup
    target = index.parent / f"elsewhere-{name}"
    os.replace(index / name, target)
    (index / name).symlink_to(target)
    with pytest.raises(BadIndex):
        open_index(index)
    assert victim.read_text() == "the user's own file\n"


def test_a_fifo_as_current_is_refused_not_waited_on(setup, no_hang):
    corpus, index, _ = setup
    (index / CURRENT).unlink()
    os.mkfifo(index / CURRENT)
    with pytest.raises(BadIndex, match="damaged"):
        open_index(index)


def test_planted_temporary_names_are_never_written_through(setup, monkeypatch):
    """The pointer and marker are written by a new, randomly named file: a link at a guessable
    temporary name (pid-based, as before) is not followed."""
    corpus, index, victim = setup
    for name in (CURRENT, MARKER, "generation.json"):
        for folder in [index, *index.glob("gen-*")]:
            (folder / f".{name}.{os.getpid()}.tmp").symlink_to(victim)
    (index / MARKER).write_text(json.dumps({"format": "newsindex-index", "version": 1}))  # makes build rewrite it
    build(corpus, index, workers=1, rebuild=True)
    assert victim.read_text() == "the user's own file\n"
    open_index(index).close()


def test_a_store_reached_through_a_link_is_not_written_in_place(setup):
    corpus, index, victim = setup
    gen = next(index.glob("gen-*"))
    outside = index.parent / "outside.sqlite"
    os.replace(gen / "store.sqlite", outside)
    (gen / "store.sqlite").symlink_to(outside)
    before = outside.read_bytes()
    (corpus / "b.txt").write_text(STORY.replace("Monday", "Friday"))
    build(corpus, index, workers=1)
    assert outside.read_bytes() == before
