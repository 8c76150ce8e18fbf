"""A user's companies.toml in the corpus folder (or $NEWSINDEX_COMPANIES) extends the built-in gazetteer
for `parse` and `build`, and editing it re-parses the corpus (issue 3, part 5)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from newsindex.cli import cli

ARTICLE = """Drone start-up Skyward Lens raises funds

By Ana Ruiz

SHENZHEN, March 3 (Reuters) - Skyward Lens, a maker of inspection drones, said on Tuesday it had
raised $40 million. SkyLens chief executive Wu Bo said the money would fund new factories.
"""

USER_TABLE = """
[[company]]
name = "Skyward Lens"
aliases = ["SkyLens"]
kind = "company"
"""


def _companies(output: str) -> dict[str, dict]:
    rec = json.loads(output.splitlines()[0])
    return {c["name"]: c for c in rec["companies"]}


def test_corpus_companies_toml_is_used_by_parse(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    before = CliRunner().invoke(cli, ["parse", str(tmp_path), "--format", "jsonl"])
    assert "SkyLens" not in _companies(before.stdout).get("Skyward Lens", {}).get("aliases", [])
    (tmp_path / "companies.toml").write_text(USER_TABLE)
    after = CliRunner().invoke(cli, ["parse", str(tmp_path), "--format", "jsonl"])
    assert after.exit_code == 0, after.output
    company = _companies(after.stdout)["Skyward Lens"]
    assert company["known"] is True
    assert company["mentions"] == 2
    assert set(company["aliases"]) == {"Skyward Lens", "SkyLens"}


def test_env_companies_table_is_used(tmp_path, monkeypatch):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(ARTICLE)
    table = tmp_path / "mine.toml"
    table.write_text(USER_TABLE)
    monkeypatch.setenv("NEWSINDEX_COMPANIES", str(table))
    result = CliRunner().invoke(cli, ["parse", str(tmp_path / "corpus"), "--format", "jsonl"])
    assert _companies(result.stdout)["Skyward Lens"]["mentions"] == 2


def test_build_uses_the_table_and_reparses_when_it_changes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE)
    index = tmp_path / "index"
    runner = CliRunner()
    first = runner.invoke(cli, ["build", "--corpus", str(corpus), "--index", str(index)])
    assert first.exit_code == 0, first.output
    (corpus / "companies.toml").write_text(USER_TABLE)
    second = runner.invoke(cli, ["build", "--corpus", str(corpus), "--index", str(index)])
    assert second.exit_code == 0, second.output
    assert "updated 1" in second.stderr  # the table changed: the file was parsed again
    rows = runner.invoke(cli, ["companies", "--corpus", str(corpus), "--index", str(index), "--format", "jsonl"])
    by_name = {r["name"]: r for r in map(json.loads, rows.stdout.splitlines())}
    assert by_name["Skyward Lens"]["mentions"] == 2


def test_broken_user_table_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "companies.toml").write_text("[[company]]\nname = \n")
    result = CliRunner().invoke(cli, ["parse", str(tmp_path)])
    assert result.exit_code == 2
    assert "companies.toml" in result.stderr
    assert "Traceback" not in result.output


def test_companies_unknown_lists_discovered_names_only(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Camera deal signed\n\nHikvision said it had sold cameras to Zorblat Vision Technologies Co, "
        "a Nairobi firm, for $2 million.\n"
    )
    runner = CliRunner()
    args = ["--corpus", str(corpus), "--index", str(tmp_path / "index"), "--format", "jsonl"]
    everything = runner.invoke(cli, ["companies", *args])
    names = {r["name"]: r for r in map(json.loads, everything.stdout.splitlines())}
    assert names["Hikvision"]["known"] is True
    unknown = runner.invoke(cli, ["companies", "--unknown", *args])
    assert unknown.exit_code == 0, unknown.output
    rows = [json.loads(line) for line in unknown.stdout.splitlines()]
    assert [r["name"] for r in rows] == [n for n, r in names.items() if not r["known"]]
    assert rows and all(r["known"] is False for r in rows)
    exported = runner.invoke(cli, ["export", "companies", "--unknown", *args])
    assert exported.stdout == unknown.stdout
    wrong = runner.invoke(cli, ["claims", "--unknown", *args])
    assert wrong.exit_code == 2
