"""What a build does with broken configuration and odd corpus layouts (issue 21, items 4 and 16).

A configuration error (a companies table, a sources sidecar) stops the build before anything is
published: one `Error:` line naming the file (and the line), exit 1, the previous generation live
and unchanged. Symbolic links to folders are followed like links to files; `show <id>:c99999` is
not the article; text dropped wholesale from the body is said; a newer version's index is left alone.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsindex.cli import cli
from newsindex.errors import BadIndex, ConfigError
from newsindex.index import CURRENT, MARKER, build
from newsindex.parse import parse_text

STORY = ("Camera makers face new rules\n\nBEIJING - Hikvision said on Monday that its sales rose 12% "
         "after the rules were announced.\n")


def corpus_with(tmp_path: Path, n: int = 3) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(n):
        (corpus / f"story{i}.txt").write_text(STORY.replace("Monday", f"day {i}"))
    return corpus


def invoke(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def snapshot(index: Path) -> dict:
    """Every file of the index folder with its size and mtime: "untouched" means equal snapshots."""
    out = {}
    for root, _, files in os.walk(index):
        for name in files:
            if name == "build.lock":
                continue
            p = Path(root) / name
            st = p.stat()
            out[str(p.relative_to(index))] = (st.st_size, st.st_mtime_ns)
    return out


BROKEN_TABLES = [
    ("[[company]\nname=", "companies.toml: not valid TOML", "line 1"),
    ("[[company]]\nname = \"Alpha\"\n\n[[company]]\nname = \"Beta\"\naliases = \"Beta Co\"\n",
     "companies.toml: company #2 (line 4) (Beta): 'aliases' must be a list", "line 4"),
    ("[[company]]\nname = \"Gamma\"\naliases = [\"" + " ".join(f"word{i}" for i in range(100)) + "\"]\n",
     "companies.toml: company #1 (line 1) (Gamma): a name or alias of 689 characters (at most 200)", "line 1"),
    ("company = 5\n", "companies.toml: 'company' must be an array of tables", None),
]


@pytest.mark.parametrize("table, message, line", BROKEN_TABLES, ids=["toml", "type", "long-alias", "shape"])
def test_a_broken_companies_table_stops_the_build_and_keeps_the_index(tmp_path, table, message, line):
    corpus = corpus_with(tmp_path)
    index = tmp_path / "index"
    build(corpus, index, workers=1)
    before = snapshot(index)
    (corpus / "companies.toml").write_text(table)
    result = invoke("build", "--corpus", corpus, "--index", index)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
    assert message in result.stderr and "nothing was built" in result.stderr
    if line:
        assert line in result.stderr
    assert snapshot(index) == before  # nothing published, nothing removed
    found = invoke("search", "hikvision", "--corpus", corpus, "--index", index, "--format", "jsonl")
    assert len(found.stdout.splitlines()) == 3


def test_a_broken_sidecar_stops_the_build_and_keeps_the_index(tmp_path):
    corpus = corpus_with(tmp_path)
    index = tmp_path / "index"
    build(corpus, index, workers=1)
    before = snapshot(index)
    (corpus / "sources.toml").write_text('[[source]]\nfile = "story0.txt"\ntitle = \n')
    with pytest.raises(ConfigError, match=r"sources.toml: cannot read the sources sidecar: .*line 3"):
        build(corpus, index, workers=1)
    assert snapshot(index) == before


def test_a_missing_companies_table_named_by_the_environment_stops_the_build(tmp_path):
    corpus = corpus_with(tmp_path)
    result = invoke("build", "--corpus", corpus, "--index", tmp_path / "index",
                    env={"NEWSINDEX_COMPANIES": str(tmp_path / "missing.toml")})
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'missing.toml'}: no such companies table — nothing was built; " \
                            "the index is as it was\n"
    assert not (tmp_path / "index" / CURRENT).exists()


def test_a_first_search_with_a_broken_table_builds_nothing(tmp_path):
    corpus = corpus_with(tmp_path)
    (corpus / "companies.toml").write_text("[[company]\n")
    result = invoke("search", "hikvision", "--corpus", corpus, "--index", tmp_path / "index")
    assert result.exit_code == 1 and "companies.toml: not valid TOML" in result.stderr
    assert not (tmp_path / "index" / CURRENT).exists()


# --- item 16: symbolic links to folders ---------------------------------------------------------


def test_symlinked_folders_are_followed_and_loops_read_once(tmp_path):
    corpus = corpus_with(tmp_path, n=1)
    elsewhere = tmp_path / "archive" / "2019"
    elsewhere.mkdir(parents=True)
    (elsewhere / "linked.txt").write_text(STORY.replace("Monday", "Friday"))
    (corpus / "2019").symlink_to(elsewhere, target_is_directory=True)
    (elsewhere / "back-up").symlink_to(corpus, target_is_directory=True)  # a loop
    (corpus / "again").symlink_to(elsewhere, target_is_directory=True)  # the same folder twice
    report = build(corpus, tmp_path / "index", workers=1)
    assert report.failed == []
    assert report.added == 2  # story0.txt and the linked folder's file, once


# --- item 16: show <id>:c99999 ------------------------------------------------------------------


@pytest.fixture(scope="module")
def shown(tmp_path_factory, kit):
    root = tmp_path_factory.mktemp("show")
    corpus = kit.write_corpus(root / "corpus", seeds=False)
    build(corpus, root / "index", parser=kit.parser)
    out = invoke("claims", "--corpus", corpus, "--index", root / "index", "--format", "jsonl", "--limit", "1")
    claim = json.loads(out.stdout.splitlines()[0])["id"]
    return corpus, root / "index", claim


@pytest.mark.parametrize("suffix, message", [(":c99999", "no claim"), (":f99999", "no figure"),
                                             (":x1", "no claim or figure"), (":company:Nobody Inc", "no company")])
def test_show_of_a_missing_claim_or_figure_is_not_found(shown, suffix, message):
    corpus, index, claim = shown
    article = claim.split(":")[0]
    result = invoke("show", article + suffix, "--corpus", corpus, "--index", index, "--format", "json")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"Error: {message}")


def test_show_of_an_existing_claim_shows_its_article(shown):
    corpus, index, claim = shown
    result = invoke("show", claim, "--corpus", corpus, "--index", index, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == claim.split(":")[0]


# --- item 16: text dropped from the body is said ------------------------------------------------


@pytest.mark.parametrize("text, warning", [
    ("Title of a thing\n\n" + "1" * 200_000 + "\n", "no body text: 200,000 characters"),
    ("1" * 50_000 + "\n", "no body text: 50,000 characters"),
    ("A headline here\n\nA real sentence of the body, with words.\n\n" + "7" * 30_000 + "\n",
     "30,000 characters of the text are not in the body"),
])
def test_text_dropped_from_the_body_gives_a_warning(text, warning):
    article = parse_text(text)
    assert any(w.startswith(warning) for w in article.warnings), article.warnings


@pytest.mark.parametrize("text", [
    STORY,
    "Camera makers face new rules\n\nBy Jane Roe\n\nPhoto: Getty Images\n\nBEIJING - Hikvision said on Monday that "
    "its sales rose 12% after the rules were announced. The company did not comment further.\n\n"
    "Analysts said the rules would weigh on exports this year.\n",
])
def test_no_dropped_text_warning_for_ordinary_articles(text):
    assert not any("not in the body" in w or "no body text" in w for w in parse_text(text).warnings)


# --- item 16: an index made by a newer version --------------------------------------------------


def test_a_newer_versions_index_is_not_overwritten(tmp_path):
    corpus = corpus_with(tmp_path, n=1)
    index = tmp_path / "index"
    index.mkdir()
    marker = json.dumps({"format": "newsindex-index", "version": 99}) + "\n"
    (index / MARKER).write_text(marker)
    (index / "gen-000004").mkdir()  # the newer version's data
    with pytest.raises(BadIndex, match="newer version of newsindex \\(index format 99"):
        build(corpus, index, workers=1)
    assert (index / MARKER).read_text() == marker and (index / "gen-000004").is_dir()
    result = invoke("build", "--corpus", corpus, "--index", index)
    assert result.exit_code == 1 and (index / MARKER).read_text() == marker
    assert build(corpus, index, workers=1, rebuild=True).added == 1  # asked for: replaced
