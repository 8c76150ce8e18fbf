"""The package skeleton: the CLI runs, records follow the contract's keys, bad files are reported."""

import json

from click.testing import CliRunner

from newsindex.cli import cli
from newsindex.records import Article

CONTRACT_KEYS = [
    "schema", "id", "path", "sha256", "title", "outlet", "author", "published", "published_at",
    "published_source", "url", "body", "companies", "claims", "figures", "warnings",
]


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert "newsindex" in result.output


def test_parse_jsonl_has_contract_keys(tmp_path):
    (tmp_path / "a.txt").write_text("A headline\n\nSome body text here.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rec = json.loads(result.output.splitlines()[0])
    assert list(rec)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert rec["schema"] == 1
    assert Article.from_dict(rec).to_dict() == rec


def test_bad_file_reported_and_others_parsed(tmp_path):
    (tmp_path / "good.txt").write_text("Title\n\nBody.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["parse", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.stderr
    assert len(result.stdout.splitlines()) == 1
