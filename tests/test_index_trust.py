"""A crafted index never runs code: Whoosh's pickles are read only from files this installation signed
(issue 21, items 1 and 6).

The attack of the issue: replace the pickled segment list in the live TOC with a payload (and make
the recorded sizes agree). Whatever the attacker also does to the manifest — nothing, remove it,
re-sign it with another key — the payload must never run: the search rebuilds from the corpus (a
manifest that does not verify) or reports the index damaged (a signed file that changed).
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsindex.cli import cli
from newsindex.index import build, open_index
from newsindex.store import trust

STORY = "Camera makers face new rules\n\nBEIJING - Hikvision said on Monday that its sales rose 12%.\n"


class Payload:
    """Unpickling this calls exec: it writes the file named in `flag` (proof that code ran)."""

    def __init__(self, flag: str):
        self.flag = flag

    def __reduce__(self):
        return (exec, (f"open({self.flag!r}, 'w').write('code ran')",))


@pytest.fixture
def built(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"s{i}.txt").write_text(STORY.replace("Monday", f"day {i}"))
    index = tmp_path / "index"
    build(corpus, index, workers=1)
    return corpus, index, tmp_path / "CODE-RAN"


def _gen(index: Path) -> Path:
    return next(index.glob("gen-*"))


def _state(index: Path) -> dict:
    db = sqlite3.connect(_gen(index) / "store.sqlite")
    try:
        return {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM state")}
    finally:
        db.close()


def _set_state(index: Path, **values) -> None:
    db = sqlite3.connect(_gen(index) / "store.sqlite")
    try:
        for k, v in values.items():
            if v is None:
                db.execute("DELETE FROM state WHERE key = ?", (k,))
            else:
                db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (k, json.dumps(v)))
        db.commit()
    finally:
        db.close()


def plant_payload(index: Path, flag: Path) -> None:
    """The live TOC rewritten by Whoosh's own writer with a segment list that is a payload; sizes fixed."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    state = _state(index)
    gen = state["whoosh_gen"]
    st = FileStorage(str(_gen(index) / "whoosh"))
    toc = TOC.read(st, "MAIN", gen=gen)
    os.unlink(_gen(index) / "whoosh" / f"_MAIN_{gen}.toc")
    TOC(toc.schema, [Payload(str(flag))], gen).write(st, "MAIN")
    files = dict(state["whoosh_files"])
    files[f"_MAIN_{gen}.toc"] = (_gen(index) / "whoosh" / f"_MAIN_{gen}.toc").stat().st_size
    _set_state(index, whoosh_files=files)


def test_the_payload_does_run_when_whoosh_reads_it(built):
    """The test's own check: the planted TOC really is a working exploit (read here on purpose)."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    corpus, index, flag = built
    plant_payload(index, flag)
    TOC.read(FileStorage(str(_gen(index) / "whoosh")), "MAIN", gen=_state(index)["whoosh_gen"])
    assert flag.exists()


def _resign_with_another_key(index: Path, tmp_path: Path, monkeypatch) -> None:
    ours = os.environ.get("NEWSINDEX_KEY_FILE")
    monkeypatch.setenv("NEWSINDEX_KEY_FILE", str(tmp_path / "attacker.key"))
    state = _state(index)
    names = state["whoosh_trust"]["files"]
    signed = trust.sign(_gen(index) / "whoosh", state["whoosh_gen"], names)
    if ours:
        monkeypatch.setenv("NEWSINDEX_KEY_FILE", ours)
    else:
        monkeypatch.delenv("NEWSINDEX_KEY_FILE")
    _set_state(index, whoosh_trust=signed)


@pytest.mark.parametrize("manifest", ["kept", "removed", "resigned"])
def test_a_crafted_index_never_runs_code(built, tmp_path, monkeypatch, manifest):
    corpus, index, flag = built
    plant_payload(index, flag)
    if manifest == "removed":
        _set_state(index, whoosh_trust=None)
    elif manifest == "resigned":
        _resign_with_another_key(index, tmp_path, monkeypatch)
    for args in (["search", "hikvision"], ["export", "articles"], ["build"], ["search", "hikvision"]):
        result = CliRunner().invoke(cli, [*args, "--corpus", str(corpus), "--index", str(index), "--format" if
                                          args[0] != "build" else "--rebuild", *(["jsonl"] if args[0] != "build" else [])]
                                    if args[0] != "build" else [*args, "--corpus", str(corpus), "--index", str(index)])
        assert not flag.exists(), (args, result.stderr)
        if manifest == "kept" and args[0] != "build" and result.exit_code:
            assert "the index is damaged" in result.stderr
    # the index was rebuilt from the corpus and answers
    found = CliRunner().invoke(cli, ["search", "hikvision", "--corpus", str(corpus), "--index", str(index),
                                     "--format", "jsonl"])
    assert found.exit_code == 0 and len(found.stdout.splitlines()) == 3
    assert not flag.exists()


def test_an_index_from_another_installation_is_rebuilt_by_a_search(built, tmp_path, monkeypatch):
    corpus, index, _ = built
    _resign_with_another_key(index, tmp_path, monkeypatch)
    with pytest.raises(trust.Untrusted):
        open_index(index)
    result = CliRunner().invoke(cli, ["search", "hikvision", "--corpus", str(corpus), "--index", str(index),
                                      "--format", "jsonl"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 3
    assert "not written by this installation" in result.stderr
    open_index(index).close()  # signed by this installation now


def test_trust_index_opens_an_unsigned_index(built, monkeypatch):
    corpus, index, _ = built
    _set_state(index, whoosh_trust=None)
    result = CliRunner().invoke(cli, ["search", "hikvision", "--trust-index", "--corpus", str(corpus),
                                      "--index", str(index), "--format", "jsonl"])
    monkeypatch.setattr(trust, "TRUST_ANY", False)
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 3
    assert "rebuilding" not in result.stderr
    with pytest.raises(trust.Untrusted):  # still unsigned: nothing was rewritten
        open_index(index)


@pytest.mark.parametrize("suffix", [".trm", ".pst", ".toc"])
def test_a_flipped_byte_in_a_whoosh_file_is_damage_and_build_repairs_it(built, suffix):
    """Item 6: same size, one byte changed: the manifest's hash catches it; build rebuilds."""
    corpus, index, _ = built
    live = sorted(_state(index)["whoosh_trust"]["files"])  # the live generation's files
    target = _gen(index) / "whoosh" / next(n for n in live if n.endswith(suffix))
    raw = bytearray(target.read_bytes())
    raw[len(raw) // 2] ^= 0x40
    target.write_bytes(bytes(raw))
    result = CliRunner().invoke(cli, ["search", "hikvision", "--corpus", str(corpus), "--index", str(index)])
    assert result.exit_code == 1 and "the index is damaged" in result.stderr and result.stderr.count("\n") == 1
    rebuilt = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--index", str(index)])
    assert rebuilt.exit_code == 0 and rebuilt.stderr.startswith("the index was damaged: rebuilding it")
    open_index(index).close()


def test_the_key_is_private_and_never_in_the_corpus(built):
    corpus, index, _ = built
    key = trust.key_path()
    assert key.is_file() and (key.stat().st_mode & 0o077) == 0
    assert not str(key.resolve()).startswith(str(corpus.resolve()))


def _flip_store(index: Path, at: float, offset: int = 0) -> None:
    """Flip 16 bytes of one page of the store (page header and cell pointers at offset 0)."""
    store = _gen(index) / "store.sqlite"
    raw = bytearray(store.read_bytes())
    page = 4096
    start = max(page, int(len(raw) * at) // page * page) + offset
    for i in range(start, min(start + 16, len(raw))):
        raw[i] ^= 0x5A
    store.write_bytes(bytes(raw))


@pytest.mark.parametrize("at", [0.3, 0.6, 0.9])
def test_flipped_bytes_in_the_store_are_damage_never_unexpected_and_build_repairs(built, at):
    """Item 6: bytes flipped inside store.sqlite (same size) where SQLite's structure lies: a search
    says "damaged" (or still answers, if the page is not read), never "unexpected"; build checks the
    store (PRAGMA quick_check) and rebuilds it."""
    corpus, index, _ = built
    _flip_store(index, at)
    for args in (["search", "hikvision"], ["claims"], ["companies"], ["outlets"]):
        result = CliRunner().invoke(cli, [*args, "--corpus", str(corpus), "--index", str(index), "--format", "jsonl"])
        assert "unexpected" not in result.stderr
        if result.exit_code:
            assert result.exit_code == 1 and "the index is damaged" in result.stderr
    rebuilt = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--index", str(index)])
    assert rebuilt.exit_code == 0
    assert rebuilt.stderr.startswith("the index was damaged: rebuilding it"), rebuilt.stderr
    found = CliRunner().invoke(cli, ["search", "hikvision", "--corpus", str(corpus), "--index", str(index),
                                     "--format", "jsonl"])
    assert found.exit_code == 0 and len(found.stdout.splitlines()) == 3


@pytest.mark.parametrize("at", [0.3, 0.6, 0.9])
def test_flipped_bytes_inside_the_stores_records_are_found_by_the_next_build(built, at):
    """Same size, bytes flipped in the middle of a page (records, not SQLite's structure): the build
    compares the store with what the last build recorded, and rebuilds."""
    corpus, index, _ = built
    _flip_store(index, at, offset=1000)
    rebuilt = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--index", str(index)])
    assert rebuilt.exit_code == 0
    assert rebuilt.stderr.startswith("the index was damaged: rebuilding it"), rebuilt.stderr
    again = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--index", str(index)])
    assert again.stderr.startswith("nothing changed")  # a healthy index is never rebuilt


def test_flipped_bytes_in_a_stored_record_are_damage_not_unexpected(built):
    """A flip inside a record's compressed JSON fails zlib's check: reported as damage."""
    import zlib

    from newsindex.cli import _damage

    assert _damage(zlib.error("Error -3 while decompressing data: incorrect data check")).startswith(
        "the index is damaged")
    assert _damage(sqlite3.DatabaseError("database disk image is malformed")).startswith("the index is damaged")
    assert _damage(sqlite3.OperationalError("database or disk is full")) is None


def test_a_planted_toc_beside_the_live_one_is_never_read(built):
    """Tidying after a build reads only the verified live TOC: a payload planted as another TOC
    generation (the one before, or a newer one) never runs and is removed."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    corpus, index, flag = built
    gen = _state(index)["whoosh_gen"]
    st = FileStorage(str(_gen(index) / "whoosh"))
    schema = TOC.read(st, "MAIN", gen=gen).schema
    for other in (gen - 1, gen + 1):
        path = _gen(index) / "whoosh" / f"_MAIN_{other}.toc"
        if path.exists():
            path.unlink()
        TOC(schema, [Payload(str(flag))], other).write(st, "MAIN")
    for _ in range(2):
        report = build(corpus, index, workers=1)  # a no-op build tidies
        assert not report.failed
    (corpus / "s9.txt").write_text(STORY.replace("Monday", "Sunday"))
    build(corpus, index, workers=1)  # an in-place build
    CliRunner().invoke(cli, ["search", "hikvision", "--corpus", str(corpus), "--index", str(index)])
    assert not flag.exists()


def test_a_home_that_cannot_hold_the_key_falls_back_to_a_private_temporary_folder(built, tmp_path, monkeypatch):
    corpus, index, _ = built
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the key's folder would go")
    monkeypatch.delenv("NEWSINDEX_KEY_FILE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    report = build(corpus, index, workers=1, rebuild=True)
    assert report.added == 3
    key = tmp_path / "tmp" / f"newsindex-{os.getuid()}" / "index.key"
    assert key.is_file() and (key.stat().st_mode & 0o077) == 0
    open_index(index).close()
