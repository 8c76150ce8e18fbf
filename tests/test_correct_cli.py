"""Issue 19, part 1, from the command line: `newsindex correct` and `newsindex review`, and where
corrections show (`build`, `explain`, `claims`/`figures`/`search`, CSV and JSON, the review filters).

Articles written for these tests (tests/articles/corrections/), no dev-set text.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsindex.cli import cli

SAMPLES = Path(__file__).parent / "articles" / "corrections"  # written for these tests (as test_corrections)
ROBOTS = (SAMPLES / "robots.txt").read_text(encoding="utf-8")
FERRY = (SAMPLES / "ferry.txt").read_text(encoding="utf-8")
EDIT = ("By Jane Roe\n\n", "By Jane Roe\n\nAn editor's note added later moves every paragraph below it down.\n\n")


def run(root, *args, env=None):
    result = CliRunner().invoke(cli, [*args, "--corpus", str(root)], env={"NEWSINDEX_USER": "alice", **(env or {})})
    assert "Traceback" not in result.output + result.stderr, result.output + result.stderr
    return result


def rows(root, kind, *args, fmt="jsonl"):
    out = run(root, kind, *args, "--limit", "0", "--format", fmt)
    assert out.exit_code == 0, out.stderr
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(out.stdout)))
    return [json.loads(line) for line in out.stdout.splitlines()]


def find(root, kind, words):
    """The id of the claim or figure (or article, words None) holding `words` in the index now."""
    if kind == "article":
        return next(r["id"] for r in rows(root, "search") if r["path"] == "robots.txt")
    return next(r["id"] for r in rows(root, kind + "s") if words in r["text"])


# (kind, words, options, the record's key -> the corrected value)
CORRECTIONS = [
    ("claim", "The school says", ["--speaker", "Harbour Research"], {"speaker": "Harbour Research"}),
    ("claim", "Our robots pick", ["--company", "+Acme Ventures", "--company", "-Quokka Robotics"],
     {"companies": ["Acme Ventures"]}),
    ("figure", "$40 million", ["--value", "45m", "--unit", "AUD"], {"value": 45_000_000, "unit": "AUD"}),
    ("figure", "12 per cent", ["--metric", "market growth", "--company", "+Quokka Robotics"],
     {"metric": "market_growth", "companies": ["Quokka Robotics"]}),
    ("article", None, ["--outlet", "FT", "--published", "4 March 2021", "--title", "Quokka Robotics raises money"],
     {"outlet": "Financial Times", "published": "2021-03-04", "title": "Quokka Robotics raises money"}),
]
IDS = ["claim-speaker", "claim-company", "figure-value-unit", "figure-metric-company", "article"]


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    """A corpus with every kind of correction made by `correct`, a claim removed and two reviews."""
    root = tmp_path_factory.mktemp("cli") / "corpus"
    root.mkdir()
    (root / "robots.txt").write_text(ROBOTS, encoding="utf-8")
    (root / "ferry.txt").write_text(FERRY, encoding="utf-8")
    assert run(root, "build").exit_code == 0
    for kind, words, options, _ in CORRECTIONS:
        out = run(root, "correct", find(root, kind, words)[:8 if kind == "article" else None], *options,
                  "--note", f"fix {kind}")
        assert out.exit_code == 0, out.stderr
        assert out.stdout == "" and "the next `newsindex build` applies it" in out.stderr
    assert run(root, "correct", find(root, "claim", "Analysts expect"), "--not-a-claim").exit_code == 0
    assert run(root, "review", find(root, "claim", "These boats"), "--verified", "--note", "on tape").exit_code == 0
    assert run(root, "review", find(root, "figure", "A$30 million"), "--disputed").exit_code == 0
    out = run(root, "build")
    assert out.exit_code == 0 and "updated 2" in out.stderr, out.stderr
    return root


@pytest.fixture(scope="module")
def rebuilt_and_edited(corrected):
    assert run(corrected, "build", "--rebuild").exit_code == 0
    (corrected / "robots.txt").write_text(ROBOTS.replace(*EDIT), encoding="utf-8")
    out = run(corrected, "build")
    assert out.exit_code == 0 and "updated 1" in out.stderr, out.stderr
    return corrected


def _row(root, kind, words, fmt="jsonl"):
    if kind == "article":
        return next(r for r in rows(root, "search", fmt=fmt) if r["path"] == "robots.txt")
    return next(r for r in rows(root, kind + "s", fmt=fmt) if words in r["text"])


@pytest.mark.parametrize("kind,words,options,expected", CORRECTIONS, ids=IDS)
def test_a_correction_shows_in_rows_csv_json_and_explain(corrected, kind, words, options, expected):
    row = _row(corrected, kind, words)
    assert {k: row[k] for k in expected} == expected
    assert row["corrected"][0]["by"] == "alice" and row["corrected"][0]["note"] == f"fix {kind}"
    cell = _row(corrected, kind, words, fmt="csv")["corrected"]
    assert all(f"{key}: " in cell for key in expected) and "(alice, 20" in cell
    assert f": fix {kind})" in cell
    exported = json.loads(run(corrected, "export", kind + "s", "--format", "json").stdout)
    assert any(r["id"] == row["id"] and r["corrected"] for r in exported)
    explained = json.loads(run(corrected, "explain", row["id"], "--format", "json").stdout)
    rule = explained["corrections"][0]  # (the article's second: the claim removed as not a claim)
    assert rule["rule"] == "correction" and rule["text"].startswith("corrected by alice, 20")
    assert rule["text"].endswith(f": fix {kind}") and set(rule["fields"]) == set(expected)
    assert explained["rule"] != "correction"  # the extraction's own rule stays beside it
    table = run(corrected, "explain", row["id"], "--format", "table").stdout
    assert "Rule: correction — corrected by alice" in table and table.count("corrected by alice") == len(
        explained["corrections"])  # once per correction, never repeated as a quoted text


@pytest.mark.parametrize("kind,words,options,expected", CORRECTIONS, ids=IDS)
def test_a_correction_survives_a_rebuild_and_an_edit_elsewhere(rebuilt_and_edited, kind, words, options, expected):
    row = _row(rebuilt_and_edited, kind, words)
    assert {k: row[k] for k in expected} == expected


def test_not_a_claim_is_gone_from_claims_and_explained_on_the_article(rebuilt_and_edited):
    assert not [r for r in rows(rebuilt_and_edited, "claims") if "Analysts expect" in r["text"]]
    aid = find(rebuilt_and_edited, "article", None)
    table = run(rebuilt_and_edited, "explain", aid, "--format", "table").stdout
    assert "not a claim:" in table and "Analysts expect" in table
    last = json.loads(run(rebuilt_and_edited, "explain", aid, "--format", "json").stdout)["corrections"][-1]
    assert last["text"].startswith("corrected by alice, 20") and last["record_text"].startswith("Analysts expect")
    removed = last["record"]
    out = run(rebuilt_and_edited, "explain", removed)
    assert out.exit_code == 1 and out.stderr.startswith(f"Error: claim {removed} was removed as not a claim (corrected by alice, 20")


def test_review_filters(rebuilt_and_edited):
    root = rebuilt_and_edited
    assert [r["text"][:11] for r in rows(root, "claims", "--verified")] == ['"These boat']
    assert rows(root, "claims", "--disputed") == []
    assert [r["text"] for r in rows(root, "figures", "--disputed")] == ["A$30 million"]
    unreviewed = rows(root, "claims", "--unreviewed")
    assert unreviewed and all(r["review"] is None for r in unreviewed)
    assert len(unreviewed) + 1 == len(rows(root, "claims"))
    (row,) = rows(root, "claims", "--verified", fmt="csv")
    assert (row["review"], row["review_by"], row["review_note"]) == ("verified", "alice", "on tape")
    out = run(root, "export", "articles", "--unreviewed")
    assert out.exit_code == 2 and out.stderr == "Error: --unreviewed does not apply to articles (it applies to: claims, figures)\n"
    assert "--verified" not in run(root, "search", "--help").stdout
    assert "--unreviewed" in run(root, "figures", "--help").stdout


def test_a_correction_whose_text_is_gone_is_reported_by_build(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "robots.txt").write_text(ROBOTS, encoding="utf-8")
    run(root, "build")
    assert run(root, "correct", find(root, "claim", "The school says"), "--speaker", "Harbour Research").exit_code == 0
    (root / "robots.txt").write_text(ROBOTS.replace("The school says", "It says"), encoding="utf-8")
    for _ in range(2):
        out = run(root, "build")
        assert out.exit_code == 1
        lines = [line for line in out.stderr.splitlines() if line.startswith("Error: corrections.toml: correction 1 (")]
        assert len(lines) == 1 and "its text is no longer in the article" in lines[0]
        assert "1 correction(s) could not be applied" in out.stderr
    assert "speaker = \"Harbour Research\"" in (root / "corrections.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("args,message", [
    (["correct", "{claim}", "--unit", "USD"], "Error: --unit does not apply to a claim"),
    (["correct", "{figure}", "--speaker", "X"], "Error: --speaker does not apply to a figure"),
    (["correct", "{article}", "--not-a-claim"], "Error: --not-a-claim does not apply to an article"),
    (["correct", "{figure}", "--value", "lots"], "Error: --value: cannot read 'lots' as a number"),
    (["correct", "{article}", "--published", "someday"], "Error: --published: cannot read 'someday' as a date"),
    (["correct", "{claim}"], "Error: nothing to correct: give one of --speaker, --company, --not-a-claim"),
    (["correct", "{claim}", "--company", "-Wombat"], "Error: --company -Wombat: not one of the claim's companies"),
    (["correct", "ffffffffffff", "--title", "X"], "Error: no article has the id 'ffffffffffff'"),
    (["correct", "{article}:c99", "--speaker", "X"], "Error: no claim"),
    (["review", "{claim}"], "Error: give --verified or --disputed"),
    (["review", "{claim}", "--verified", "--disputed"], None),  # the last switch wins (click): allowed
])
def test_bad_input_is_one_line_and_exit_2_and_writes_nothing(tmp_path, args, message):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "robots.txt").write_text(ROBOTS, encoding="utf-8")
    run(root, "build")
    ids = {"claim": find(root, "claim", "The school"), "figure": find(root, "figure", "$40 million")}
    ids["article"] = ids["claim"].split(":")[0]
    out = run(root, *[a.format(**ids) for a in args])
    if message is None:
        assert out.exit_code == 0
        return
    assert out.exit_code == 2 and out.stderr.splitlines()[0].startswith(message), out.stderr
    assert len(out.stderr.splitlines()) == 1
    assert not (root / "corrections.toml").exists()


def test_an_unwritable_corrections_file_is_exit_1(tmp_path, monkeypatch):
    import newsindex.sources

    root = tmp_path / "corpus"
    root.mkdir()
    (root / "robots.txt").write_text(ROBOTS, encoding="utf-8")
    run(root, "build")

    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(newsindex.sources.os, "replace", refuse)
    out = run(root, "review", find(root, "claim", "The school"), "--verified")
    assert out.exit_code == 1 and out.stderr.startswith("Error: ") and "cannot write (Permission denied)" in out.stderr
    assert not (root / "corrections.toml").exists()


def test_who_is_newsindex_user(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "robots.txt").write_text(ROBOTS, encoding="utf-8")
    run(root, "build")
    run(root, "review", find(root, "claim", "The school"), "--disputed", env={"NEWSINDEX_USER": "Bo Lee"})
    assert 'by = "Bo Lee"' in (root / "corrections.toml").read_text(encoding="utf-8")
