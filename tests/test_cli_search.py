"""The search-side commands driven through click's CliRunner: build, search, claims, figures,
companies, outlets, show — every format, filter family, sort and error path."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newsindex.cli import cli
from newsindex.export import COLUMNS


def run(args, env=None):
    result = CliRunner().invoke(cli, args, env=env or {})
    assert "Traceback" not in result.output + result.stderr
    return result


def ix(index_dir, *args):
    return [*args, "--index", str(index_dir)]


# --- formats ----------------------------------------------------------------------------

@pytest.mark.parametrize("command,kind,args,count", [
    ("search", "articles", ["surveillance", "--outlet", "FT"], None),
    ("claims", "claims", ["--company", "Hikvision"], 2),
    ("figures", "figures", ["--company", "SenseTime", "--unit", "USD", "--sort", "value"], 3),
    ("companies", "companies", ["--outlet", "Reuters"], 2),
])
@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", None])
def test_machine_formats(index_dir, command, kind, args, count, fmt):
    result = run(ix(index_dir, command, *args, *(["--format", fmt] if fmt else [])))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt == "json":
        rows = json.loads(out)
    elif fmt == "csv":
        lines = out.splitlines()
        assert lines[0] == ",".join(COLUMNS[kind])
        rows = lines[1:]
    else:  # jsonl, also the default when piped
        rows = [json.loads(line) for line in out.splitlines()]
    if count is not None:
        assert len(rows) == count
    if fmt != "csv" and kind == "articles":
        assert {r["outlet"] for r in rows} == {"Financial Times"} and all("body" not in r for r in rows)


def test_exact_csv(index_dir):
    result = run(ix(index_dir, "companies", "--outlet", "Reuters", "--format", "csv"))
    assert result.stdout == ("name,kind,known,articles,mentions,aliases\n"
                             "Hikvision,company,true,1,3,Hikvision\n"
                             "Dahua,company,true,1,1,Dahua\n")


def test_exact_jsonl_claim_row(index_dir):
    result = run(ix(index_dir, "claims", "--speaker", "Maya Wang"))
    row = json.loads(result.stdout)
    assert {k: row[k] for k in ("text", "speaker", "verb", "quote", "companies", "outlet", "published", "title")} == {
        "text": "China has more than 200 million surveillance cameras, said Maya Wang of Human Rights Watch.",
        "speaker": "Maya Wang", "verb": "said", "quote": False, "companies": [], "outlet": "BBC News",
        "published": "2019-12-20", "title": "China's 200 million cameras"}
    assert row["id"] == row["article_id"] + ":c1"


def test_full_adds_body(index_dir):
    rows = [json.loads(x) for x in run(ix(index_dir, "search", "quarter", "--company", "Dahua", "--full")).stdout.splitlines()]
    assert len(rows) == 1 and "net profit fell 12%" in rows[0]["body"]


def test_table_shows_description_rows_and_facets(index_dir):
    result = run(ix(index_dir, "claims", "--company", "Hikvision", "--format", "table"))
    out = result.stdout
    assert result.exit_code == 0
    assert out.startswith("Filters: company is Hikvision\n")
    assert "2 of 2 claims (newest first)" in out
    assert "Outlets: Reuters (1), The Wall Street Journal (1)" in out
    assert "Companies: Hikvision (2)" in out


def test_table_limit_says_there_is_more(index_dir):
    out = run(ix(index_dir, "figures", "--limit", "2", "--sort", "value", "--format", "table"),
              env={"COLUMNS": "200"}).stdout
    assert "2 of 10 figures (by value) — use --limit N to see more" in out
    assert "7,700,000,000" in out


def test_table_escapes_markup_and_escape_sequences(index_dir):
    out = run(ix(index_dir, "search", "slip", "--format", "table"), env={"FORCE_COLOR": "1", "COLUMNS": "300"}).stdout
    assert "[bold red]Hikvision[/] sales slip in the US" in out
    assert "\x1b[31m" not in out and "\x1b[1;31m" not in out


@pytest.mark.parametrize("env,coloured", [({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False)])
def test_no_color(index_dir, env, coloured):
    out = run(ix(index_dir, "claims", "oppose", "--format", "table"), env=env).stdout
    assert ("\x1b[1;33m" in out) is coloured
    assert "oppose" in out


def test_outlets_command(index_dir):
    rows = [json.loads(x) for x in run(ix(index_dir, "outlets", "--company", "SenseTime")).stdout.splitlines()]
    assert rows == [{"outlet": "Associated Press", "articles": 1, "first": "2019-09-17", "last": "2019-09-17"},
                    {"outlet": "Bloomberg", "articles": 1, "first": "2019-11-20", "last": "2019-11-20"}]
    table = run(ix(index_dir, "outlets", "--format", "table")).stdout
    assert "Nikkei Asia" in table and "outlet(s)" in table


def test_show(index_dir):
    claim = json.loads(run(ix(index_dir, "claims", "--speaker", "Feldstein")).stdout)
    rec = json.loads(run(ix(index_dir, "show", claim["article_id"][:6], "--format", "json")).stdout)
    assert rec["id"] == claim["article_id"] and rec["claims"][0]["speaker"] == "Steven Feldstein"
    table = run(ix(index_dir, "show", claim["id"], "--format", "table")).stdout
    assert "SenseTime valued at $7.5 billion" in table and "Outlet: Associated Press" in table
    assert "Claims" in table and "Figures" in table and "exporting surveillance worldwide" in table
    missing = run(ix(index_dir, "show", "ffffffffffff"))
    assert missing.exit_code == 1 and missing.stderr.startswith("Error: no article has the id 'ffffffffffff'")


# --- sorts and filters through the CLI ---------------------------------------------------

@pytest.mark.parametrize("args,key,expected", [
    (["figures", "--company", "SenseTime", "--sort", "value"], "value", [7.7e9, 7.5e9, 1e9]),
    (["figures", "--company", "SenseTime", "--sort", "value", "--reverse"], "value", [1e9, 7.5e9, 7.7e9]),
    (["claims", "--company", "Hikvision", "--sort", "date"], "published", ["2019-11-15", "2019-10-08"]),
    (["claims", "--company", "Hikvision", "--sort", "date", "--reverse"], "published", ["2019-10-08", "2019-11-15"]),
    (["figures", "--min", "-20", "--max", "0", "--sort", "value"], "value", [-1.5, -12]),
    (["figures", "--metric", "valuation", "--since", "Oct 2019", "--sort", "date"], "published", ["2019-11-20", "2019-10-30"]),
    (["claims", "--outlet", "Guardian", "--until", "2019-08"], "speaker", ["Megvii spokeswoman"]),
    (["search", "--company", "Dahua", "--limit", "1", "--sort", "date"], "outlet", ["Reuters"]),
    (["companies", "--since", "2019-12"], "name", ["Hikvision", "IHS Markit", "Megvii"]),
])
def test_sorts_and_filters(index_dir, args, key, expected):
    result = run(ix(index_dir, *args))
    assert result.exit_code == 0, result.stderr
    assert [json.loads(x)[key] for x in result.stdout.splitlines()] == expected


def test_since_excludes_february_and_may(index_dir):
    rows = [json.loads(x) for x in run(ix(index_dir, "search", "--since", "2019-10-01", "--limit", "0")).stdout.splitlines()]
    assert rows and min(r["published"] for r in rows) >= "2019-10-01"
    assert not {"CNBC", "Week in China", "Nikkei Asia"} & {r["outlet"] for r in rows}


# --- errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize("args,code,message", [
    (["search", "date:blah"], 2, "Error: date:blah: cannot read 'blah' as a date"),
    (["search", '"unclosed'], 2, 'Error: unbalanced quote: a " is not closed'),
    (["search", "(a OR"], 2, "Error: unbalanced parentheses"),
    (["search", "NOT"], 2, "Error: 'NOT' needs a word to work on"),
    (["search", "*"], 2, "Error: a lone * matches everything"),
    (["search", "nosuch:field"], 2, "Error: unknown field 'nosuch:' for articles"),
    (["search", "x" * 10_000], 2, "Error: the query is too long"),
    (["search", "bad\x01query"], 2, "Error: the query contains control characters"),
    (["search", "--since", "xyz"], 2, "Error: --since: cannot read 'xyz' as a date"),
    (["search", "--until", "Oct 31"], 2, "Error: --until: 'Oct 31' has no year"),
    (["figures", "--min", "abc"], 2, "Error: --min: cannot read 'abc' as a number"),
    (["claims", "--unit", "USD"], 2, "Error: No such option '--unit'"),  # --help lists only what applies
    (["search", "--speaker", "Wang"], 2, "Error: No such option '--speaker'"),
    (["outlets", "--metric", "valuation"], 2, "Error: No such option '--metric'"),
    (["claims", "--sort", "value"], 2, "Error: --sort value applies to figures only"),
    (["search", "--sort", "size"], 2, "Invalid value for '--sort'"),
    (["search", "--limit", "-1"], 2, "Invalid value for '--limit'"),
    (["search", "--format", "xml"], 2, "Invalid value for '--format'"),
])
def test_errors(index_dir, args, code, message):
    result = run(ix(index_dir, *args))
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stdout == ""


def test_foreign_index_folder(tmp_path):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    for args in (["search", "x"], ["build", "--corpus", str(tmp_path)], ["build", "--rebuild", "--corpus", str(tmp_path)]):
        result = run([*args, "--index", str(tmp_path)])
        assert result.exit_code == 1 and "is not a newsindex index" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_no_index_and_no_corpus(tmp_path):
    result = run(["search", "x", "--corpus", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "no corpus folder at" in result.stderr and "newsindex build --corpus DIR" in result.stderr


def test_busy(tmp_path, kit):
    from newsindex.index import BuildLock

    corpus = kit.write_corpus(tmp_path / "corpus", seeds=False)
    (tmp_path / "index").mkdir()
    run(["build", "--corpus", str(corpus), "--index", str(tmp_path / "index")])
    (corpus / "new.txt").write_text("New\n\nText.\n", encoding="utf-8")
    with BuildLock(tmp_path / "index"):
        result = run(["build", "--corpus", str(corpus), "--index", str(tmp_path / "index")])
    assert result.exit_code == 1 and "Error: index is busy: another build is running (pid " in result.stderr


# --- build and zero set-up -----------------------------------------------------------------------

def test_build_summaries_and_bad_files(tmp_path, kit):
    corpus = kit.write_corpus(tmp_path / "corpus", seeds=False)
    first = run(["build", "--corpus", str(corpus)])
    assert first.exit_code == 0 and first.stderr.startswith("added 10, updated 0, removed 0, unchanged 0 in ")
    assert (corpus / ".newsindex" / "CURRENT").is_file()  # the default index lies beside the corpus
    second = run(["build", "--corpus", str(corpus)])
    assert second.stderr.startswith("nothing changed: added 0, updated 0, removed 0, unchanged 10 in ")
    (corpus / "empty.txt").write_bytes(b"")
    third = run(["build", "--corpus", str(corpus)])
    assert third.exit_code == 1
    assert "Error: empty.txt: empty file" in third.stderr and "1 file(s) failed" in third.stderr


def test_first_search_builds_the_index(tmp_path, kit):
    corpus = kit.write_corpus(tmp_path / "corpus", seeds=False)
    result = run(["search", "cameras", "--corpus", str(corpus)])
    assert result.exit_code == 0
    assert result.stderr.startswith(f"No index yet: building it from {corpus} into {corpus / '.newsindex'} (first run)")
    outlets = {json.loads(x)["outlet"] for x in result.stdout.splitlines()}
    assert outlets == {"BBC News", "Financial Times", "The Straits Times", "Nikkei Asia"}
    again = run(["search", "cameras", "--corpus", str(corpus)])
    assert again.stderr == "" and again.stdout == result.stdout


def test_environment_variables(tmp_path, kit):
    corpus = kit.write_corpus(tmp_path / "c", seeds=False)
    env = {"NEWSINDEX_CORPUS": str(corpus), "NEWSINDEX_INDEX": str(tmp_path / "elsewhere")}
    assert run(["build"], env=env).exit_code == 0
    assert (tmp_path / "elsewhere" / "CURRENT").is_file() and not (corpus / ".newsindex").exists()
    assert len(run(["outlets"], env=env).stdout.splitlines()) == 10


@pytest.mark.parametrize("command", ["build", "search", "claims", "figures", "companies", "outlets", "show"])
def test_every_command_has_help_and_an_example(command):
    result = run([command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.stdout


def test_help_does_not_import_whoosh_or_rich():
    import subprocess
    import sys

    code = ("import sys; from newsindex.cli import main; sys.argv=['newsindex','--help'];\n"
            "try: main()\nexcept SystemExit: pass\n"
            "print(sorted(m for m in ('whoosh','rich') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]")


# --- the executable's --version fast path ------------------------------------------------

def test_version_fast_path_prints_what_click_prints(capsys, monkeypatch):
    """`newsindex --version` is answered before click is imported; the line is click's own."""
    from newsindex_entry import main

    monkeypatch.setattr("sys.argv", ["newsindex", "--version"])
    main()
    fast = capsys.readouterr().out
    assert fast == run(["--version"]).output
    assert fast.startswith("newsindex, version ")


def test_version_fast_path_does_not_import_click():
    import subprocess
    import sys

    code = "import sys; sys.argv = ['newsindex', '--version']; from newsindex_entry import main; main(); print('click' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "False"


# --speaker as people write the name: the index keeps the resolved name ("Steven Feldstein");
# courtesy titles are dropped, the words must still be the speaker's words in a row.
SPEAKER_FORMS = [
    ("Feldstein", {"Steven Feldstein"}),
    ("Steven Feldstein", {"Steven Feldstein"}),
    ("Mr Feldstein", {"Steven Feldstein"}),
    ("Mr. Feldstein", {"Steven Feldstein"}),
    ("Dr Steven Feldstein", {"Steven Feldstein"}),
    ("mr feldstein", {"Steven Feldstein"}),
    # traps: a title alone, another person's title, words out of order
    ("Mr", set()),
    ("Ms Wang Feldstein", set()),
    ("Feldstein Steven", set()),
]


@pytest.mark.parametrize("written,speakers", SPEAKER_FORMS, ids=[f[0] for f in SPEAKER_FORMS])
def test_speaker_filter_as_written(index_dir, written, speakers):
    result = run(ix(index_dir, "claims", "--speaker", written, "--limit", "0"))
    assert result.exit_code == 0
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert {r["speaker"] for r in rows} == speakers
