"""`export -o` writes like a shell redirection, never replaces what is at the path (issue 21, item 3).

Regular files and new paths: atomically (temporary file, rename), with the old file's
permissions. Symbolic links: followed (the link stays). Devices and FIFOs: written through,
with no manifest beside them. Read-only files: refused. `--manifest` equal to `-o`: a usage error.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsindex.cli import cli
from newsindex.errors import OutputError, UsageError
from newsindex.export import check_outputs, output_target, write_rows

ROW = {"name": "Hikvision", "kind": "company", "known": True, "articles": 2, "mentions": 3, "aliases": []}
CSV = "name,kind,known,articles,mentions,aliases\nHikvision,company,true,2,3,\n"


def _write(target) -> None:
    write_rows([ROW], "csv", target, kind="companies")


def test_symlink_is_followed_and_kept(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real.name)
    _write(link)
    assert link.is_symlink() and os.readlink(link) == real.name
    assert real.read_text() == CSV
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "real.csv"]  # no temporary file left


def test_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to("new.csv")
    _write(link)
    assert link.is_symlink() and (tmp_path / "new.csv").read_text() == CSV


def test_permissions_of_the_replaced_file_are_kept(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    target.chmod(0o640)
    _write(target)
    assert target.read_text() == CSV
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.parametrize("mode", [0o444, 0o400])
def test_read_only_file_is_refused_and_untouched(tmp_path, mode):
    target = tmp_path / "out.csv"
    target.write_text("precious\n")
    target.chmod(mode)
    with pytest.raises(OutputError, match="read-only"):
        _write(target)
    assert target.read_text() == "precious\n"
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_hard_linked_file_is_written_through(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    other = tmp_path / "other-name.csv"
    os.link(target, other)
    _write(target)
    assert other.read_text() == CSV and os.path.samefile(target, other)


def test_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(Path(fifo).read_text()), daemon=True)
    reader.start()
    _write(fifo)
    reader.join(10)
    assert got == [CSV]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_character_device_stays_a_device(tmp_path):
    dev = tmp_path / "null"
    try:
        os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a second /dev/null
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here (not root)")
    assert output_target(dev) == (str(dev), "through")
    _write(dev)
    assert stat.S_ISCHR(os.lstat(dev).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(OutputError, match="folder"):
        _write(tmp_path)


def test_temporary_file_never_follows_a_planted_link(tmp_path, monkeypatch):
    """The temporary name is random and opened exclusively: a link planted beside the target is not written."""
    victim = tmp_path / "victim"
    victim.write_text("keep\n")
    for i in range(50):
        (tmp_path / f".out.csv.{i}.tmp").symlink_to(victim)
    _write(tmp_path / "out.csv")
    assert victim.read_text() == "keep\n"


@pytest.mark.parametrize("same", [
    lambda d: (d / "x.json", d / "x.json"),
    lambda d: (d / "x.json", d / "sub" / ".." / "x.json"),
    lambda d: (d / "x.json", d / "alias.json"),  # a link to the output
])
def test_manifest_equal_to_output_is_a_usage_error(tmp_path, same):
    (tmp_path / "sub").mkdir()
    (tmp_path / "alias.json").symlink_to("x.json")
    out, manifest = same(tmp_path)
    with pytest.raises(UsageError):
        check_outputs(str(out), str(manifest))


# --- through the command line -----------------------------------------------------------------


@pytest.fixture(scope="module")
def ix(tmp_path_factory, kit):
    from newsindex.index import build

    root = tmp_path_factory.mktemp("targets")
    corpus = kit.write_corpus(root / "corpus", seeds=False)
    build(corpus, root / "index", parser=kit.parser)
    return corpus, root / "index"


def export(ix, *args):
    return CliRunner().invoke(cli, ["export", "companies", *args, "--corpus", str(ix[0]), "--index", str(ix[1])])


def test_cli_manifest_equal_to_output_keeps_the_old_file(ix, tmp_path):
    out = tmp_path / "x.json"
    out.write_text("old export\n")
    result = export(ix, "-o", str(out), "--manifest", str(out))
    assert result.exit_code == 2
    assert "same file" in result.stderr
    assert out.read_text() == "old export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_cli_no_manifest_beside_a_fifo(ix, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(Path(fifo).read_text()), daemon=True)
    reader.start()
    result = export(ix, "-o", str(fifo))
    reader.join(10)
    assert result.exit_code == 0, result.stderr
    assert got and got[0].startswith("name,kind")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.csv"]  # no pipe.csv.manifest.json


def test_cli_symlink_gets_its_manifest_beside_the_link(ix, tmp_path):
    (tmp_path / "real.csv").write_text("")
    (tmp_path / "link.csv").symlink_to("real.csv")
    result = export(ix, "-o", str(tmp_path / "link.csv"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "link.csv").is_symlink()
    manifest = json.loads((tmp_path / "link.csv.manifest.json").read_text())
    assert manifest["rows"] == (tmp_path / "real.csv").read_text().count("\n") - 1


def test_cli_read_only_file_is_one_error_line(ix, tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("precious\n")
    out.chmod(0o444)
    result = export(ix, "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: cannot write")
    assert out.read_text() == "precious\n"


def test_disk_full_while_exporting_is_one_line_and_leaves_no_file(tmp_path):
    """Issue 21, item 15: ENOSPC while writing the export says so, with the free space."""
    import errno

    def rows():
        yield ROW
        raise OSError(errno.ENOSPC, "No space left on device")

    target = tmp_path / "out.csv"
    with pytest.raises(OutputError, match=r"^disk full while writing .*out\.csv: .* left$"):
        write_rows(rows(), "csv", target, kind="companies")
    assert list(tmp_path.iterdir()) == []
