"""The sources sidecar: values normalised like the text's, shape and types checked once with
messages naming file, entry and field; `newsindex set` writing entries; the build's account of gaps."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsindex.cli import cli
from newsindex.errors import ConfigError
from newsindex.parse import parse_text
from newsindex.sources import (ValueProblem, Sidecars, load_sidecar, normalise_entry, normalise_published,
                               read_sidecar_table, set_entry)

# --- dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("written,expected", [
    ("2019-10-08", "2019-10-08"),
    ("Oct 8 2019", "2019-10-08"),
    ("8 October 2019", "2019-10-08"),
    ("October 8, 2019", "2019-10-08"),
    ("Tue, 8 Oct 2019", "2019-10-08"),
    ("  2019-10-08  ", "2019-10-08"),
    ("2019-11-06T09:00:00+00:00", "2019-11-06T09:00:00+00:00"),
    ("2019-11-06 09:00", "2019-11-06T09:00:00"),
    ("Oct 8 2019 14:15", "2019-10-08T14:15:00"),
    ("25/12/2019", "2019-12-25"),  # only one reading: 25 cannot be a month
    ("12/25/2019", "2019-12-25"),
    ("03/03/2019", "2019-03-03"),  # both readings agree
])
def test_published_forms(written, expected):
    assert normalise_published(written) == expected


@pytest.mark.parametrize("written,reason", [
    ("someday", "cannot read"),
    ("", "cannot read"),
    ("Oct 2019", "no day"),  # a month is not a publication date
    ("2019", "no day"),
    ("October 8", "no year"),
    ("04/03/2025", "ambiguous"),  # 4 March or 3 April
    ("2019-02-30", "not a date of the calendar"),
    ("8 Oct 1066", "cannot be a publication date"),
    ("2019-10-08\x1b[2J", "cannot read"),
])
def test_published_traps(written, reason):
    with pytest.raises(ValueProblem, match=reason):
        normalise_published(written)


def test_published_toml_dates_and_wrong_types():
    import datetime as dt

    assert normalise_published(dt.date(2019, 10, 8)) == "2019-10-08"
    assert normalise_published(dt.datetime(2019, 10, 8, 9, 30)) == "2019-10-08T09:30:00"
    for value in (20191008, 2019.5, True, ["2019-10-08"], {"d": 1}, dt.time(9, 0)):
        with pytest.raises(ValueProblem, match="must be a date"):
            normalise_published(value)


# --- entries: one row per field form, with its trap ---------------------------------------------

@pytest.mark.parametrize("raw,entry,problems", [
    ({"file": "a.txt", "outlet": "FT"}, {"file": "a.txt", "outlet": "Financial Times"}, []),
    ({"file": "a.txt", "outlet": "the Financial Times"}, {"file": "a.txt", "outlet": "Financial Times"}, []),
    ({"file": "a.txt", "outlet": "Quokka  Weekly"}, {"file": "a.txt", "outlet": "Quokka Weekly"}, []),
    ({"file": "a.txt", "published": "Oct 8 2019"}, {"file": "a.txt", "published": "2019-10-08"}, []),
    ({"file": "a.txt", "title": " Two\nlines "}, {"file": "a.txt", "title": "Two lines"}, []),
    ({"file": "a.txt", "title": ""}, {"file": "a.txt"}, []),
    ({"file": "sub\\a.txt"}, {"file": "sub/a.txt"}, []),
    ({"file": "a.txt", "confidence": {"published": "unconfirmed: from the URL"}},
     {"file": "a.txt", "confidence": {"published": "unconfirmed: from the URL"}}, []),
    # traps: wrong types never reach the record
    ({"file": "a.txt", "title": 5}, {"file": "a.txt"}, [("title", "must be text")]),
    ({"file": "a.txt", "author": ["a", "b"]}, {"file": "a.txt"}, [("author", "not a list")]),
    ({"file": "a.txt", "outlet": {"x": 1}}, {"file": "a.txt"}, [("outlet", "not a table")]),
    ({"file": "a.txt", "url": True}, {"file": "a.txt"}, [("url", "true/false")]),
    ({"file": "a.txt", "published": "someday"}, {"file": "a.txt"}, [("published", "cannot read")]),
    ({"file": "a.txt", "confidence": "high"}, {"file": "a.txt"}, [("confidence", "must be a table")]),
    ({"file": "a.txt", "confidence": {"title": 3}}, {"file": "a.txt"}, [("confidence.title", "must be text")]),
    ({"file": "a.txt", "publised": "2019-10-08"}, {"file": "a.txt"}, [("publised", "unknown field")]),
    ({"file": 7}, {}, [("file", "file's name")]),
    ({"file": "d.csv", "columns": {"title": "headline"}}, {"file": "d.csv", "columns": {"title": "headline"}}, []),
    ({"file": "d.csv", "columns": {"colour": "x"}}, {"file": "d.csv"}, [("columns", "is not FIELD=COLUMN")]),
    ({"file": "d.csv", "columns": 3}, {"file": "d.csv"}, [("columns", "must be a table")]),
])
def test_entry_forms(raw, entry, problems):
    got, found = normalise_entry(raw)
    assert got == entry
    assert [f for f, _ in found] == [f for f, _ in problems]
    for (_, message), (_, part) in zip(found, problems):
        assert part in message


@pytest.mark.parametrize("table,entries,messages", [
    ({"source": [{"file": "a.txt", "outlet": "FT"}]}, ["a.txt"], []),
    ({"source": {"file": "a.txt"}}, ["a.txt"], ["[source] is a single table: write [[source]]"]),
    ({"source": [1, 2]}, [], ["entry 1: is a number (1), not a [[source]] table", "entry 2: is a number (2)"]),
    ({"source": "a.txt"}, [], ["field 'source': must be [[source]] tables"]),
    ({"source": [{"title": "x"}]}, [], ["entry 1, field 'file': missing"]),
    ({"source": [{"file": "a.txt"}, {"file": "a.txt", "title": "B"}]}, ["a.txt"],
     ["entry 2 (file 'a.txt'), field 'file': also listed in entry 1"]),
    ({"title": "x"}, [], ["field 'title': unknown top-level field"]),
    ({}, [], []),
])
def test_sidecar_shapes(table, entries, messages):
    side = read_sidecar_table(table, "c/sources.toml")
    assert sorted(side.entries) == entries
    assert len(side.problems) == len(messages)
    for problem, part in zip(side.problems, messages):
        assert part in str(problem) and problem.path == "c/sources.toml"


def test_later_duplicate_wins():
    side = read_sidecar_table({"source": [{"file": "a.txt", "title": "A"}, {"file": "a.txt", "title": "B"}]}, "s")
    assert side.entries["a.txt"]["title"] == "B"


def test_not_toml_is_a_config_error_naming_file_and_line(tmp_path):
    (tmp_path / "sources.toml").write_text('[[source]\nfile = "a.txt"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sources.toml: cannot read the sources sidecar: not valid TOML .*line 1"):
        load_sidecar(tmp_path)


def test_sidecars_report_each_problem_once(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sources.toml").write_text('[[source]]\nfile = "a.txt"\ntitle = 5\n\n[[source]]\nfile = "b.txt"\n',
                                           encoding="utf-8")
    sc = Sidecars()
    assert sc.entry(tmp_path / "a.txt") == {"file": "a.txt"}
    assert sc.entry(tmp_path / "b.txt") == {"file": "b.txt"}
    assert [p.field for p in sc.take_problems()] == ["title"]
    assert sc.take_problems() == []


# --- merging into the record (the contract holds whatever the sidecar says) -----------------------

TEXT = "Quokka numbers rise\n\nBy Ann Lee\n\nThe quokka population rose 5% last year, rangers said.\n"


def test_merge_normalises_and_keeps_the_contract():
    a = parse_text(TEXT, source={"file": "q.txt", "outlet": "FT", "published": "Oct 8 2019",
                                 "title": 5, "author": ["a", "b"]})
    assert a.outlet == "Financial Times" and a.published == "2019-10-08" and a.published_source == "sources"
    assert a.title == "Quokka numbers rise" and a.author == "Ann Lee"  # the text's, not the bad values
    assert any("sources sidecar: title" in w for w in a.warnings)
    d = a.to_dict()
    assert all(isinstance(d[k], (str, type(None))) for k in ("title", "outlet", "author", "published"))


def test_unconfirmed_only_fills_a_gap():
    a = parse_text(TEXT, source={"outlet": "FT", "author": "Someone Else",
                                 "confidence": {"author": "unconfirmed: a guess"}})
    assert a.author == "Ann Lee" and a.outlet == "Financial Times"


# --- newsindex set -----------------------------------------------------------------------------

SIDECAR = '''# kept: a comment at the top
[[source]]
file = "a.txt"
outlet = "FT"   # the pink paper
confidence = { published = "unconfirmed: from the URL", outlet = "stated" }

# kept: a comment between entries
[[source]]
file = "b.txt"
title = "Wombats"
'''


@pytest.fixture
def folder(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"{name}\n\nSome text.\n", encoding="utf-8")
    (tmp_path / "sources.toml").write_text(SIDECAR, encoding="utf-8")
    return tmp_path


def _entries(folder):
    return load_sidecar(folder).entries


def test_set_updates_an_entry_keeping_comments_and_others(folder):
    r = set_entry(folder / "a.txt", {"published": "Oct 8 2019", "outlet": "Reuters"})
    assert not r.created_entry and r.values == {"published": "2019-10-08", "outlet": "Reuters"}
    text = (folder / "sources.toml").read_text(encoding="utf-8")
    assert "# kept: a comment at the top" in text and "# kept: a comment between entries" in text
    assert 'outlet = "Reuters"   # the pink paper' in text
    e = _entries(folder)
    # the confidence notes were about the old values: both fields set, so the table goes
    assert e["a.txt"] == {"file": "a.txt", "outlet": "Reuters", "published": "2019-10-08"}
    assert e["b.txt"] == {"file": "b.txt", "title": "Wombats"}


def test_set_keeps_the_other_confidence_notes(folder):
    set_entry(folder / "a.txt", {"published": "2019-10-08"})
    assert _entries(folder)["a.txt"]["confidence"] == {"outlet": "stated"}


def test_set_appends_a_new_entry_and_escapes(folder):
    r = set_entry(folder / "c.txt", {"title": 'He said "hi" \\ left', "outlet": "the Financial Times"})
    assert r.created_entry
    assert _entries(folder)["c.txt"] == {"file": "c.txt", "title": 'He said "hi" \\ left', "outlet": "Financial Times"}
    assert (folder / "sources.toml").read_text(encoding="utf-8").startswith(SIDECAR)


def test_set_creates_the_sidecar_and_uses_a_parents(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "d.txt").write_text("d\n\ntext\n", encoding="utf-8")
    r = set_entry(sub / "d.txt", {"published": "2020-01-02"})
    assert r.created_file and r.sidecar == (sub / "sources.toml").resolve()
    (sub / "sources.toml").unlink()
    (tmp_path / "sources.toml").write_text("", encoding="utf-8")
    r = set_entry(sub / "d.txt", {"published": "2020-01-02"})
    assert r.sidecar == (tmp_path / "sources.toml").resolve() and r.file == "sub/d.txt"
    assert Sidecars().entry(sub / "d.txt") == {"file": "sub/d.txt", "published": "2020-01-02"}


@pytest.mark.parametrize("values,message", [
    ({"published": "04/03/2025"}, "`published`: .*ambiguous"),
    ({"published": "someday"}, "`published`: cannot read"),
    ({"title": "   "}, "`title`: is empty"),
    ({"color": "x"}, "cannot set color"),
])
def test_set_refuses_unreadable_values_and_writes_nothing(folder, values, message):
    before = (folder / "sources.toml").read_bytes()
    with pytest.raises(ConfigError, match=message):
        set_entry(folder / "a.txt", values)
    assert (folder / "sources.toml").read_bytes() == before


def test_set_refuses_a_layout_it_cannot_edit(folder):
    odd = '[[source]]\nfile = "a.txt"\ntitle = """one\ntwo"""\n'
    (folder / "sources.toml").write_text(odd, encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot edit this entry safely"):
        set_entry(folder / "a.txt", {"title": "New"})
    assert (folder / "sources.toml").read_text(encoding="utf-8") == odd
    assert not [p for p in os.listdir(folder) if p.endswith(".tmp")]


def test_set_refuses_broken_toml(folder):
    (folder / "sources.toml").write_text("[[source]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        set_entry(folder / "a.txt", {"title": "New"})


def test_set_keeps_the_file_mode(folder):
    (folder / "sources.toml").chmod(0o640)
    set_entry(folder / "a.txt", {"title": "New"})
    assert (folder / "sources.toml").stat().st_mode & 0o777 == 0o640


# --- through the command line: build's error lines and gap account, outlets --missing, set ------

ARTICLES = {
    "quokka.txt": "Quokka numbers rise\n\nBy Ann Lee\n\nThe quokka population on the island rose 5% last year, rangers said.\n",
    "wombat.txt": "Wombat burrows found\n\nWombats dig burrows in the hills, a survey of 300 burrows found.\n",
    "emu.txt": "Emu sighting on the coast\n\nAn emu was seen walking along the beach on Tuesday.\n",
}
BAD_SIDECAR = '''[[source]]
file = "quokka.txt"
outlet = "FT"
published = "Oct 8 2019"

[[source]]
file = "wombat.txt"
title = 5
published = "someday"
'''


def run(args):
    result = CliRunner().invoke(cli, args)
    assert "Traceback" not in result.output + result.stderr
    return result


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "sources.toml").write_text(BAD_SIDECAR, encoding="utf-8")
    return root


def test_build_reports_bad_values_indexes_the_rest_and_counts_gaps(corpus):
    result = run(["build", "--corpus", str(corpus)])
    assert result.exit_code == 1
    err = result.stderr.splitlines()
    assert "Error: sources.toml: entry 2 (file 'wombat.txt'), field 'title': must be text in quotes, not a number (5)" in err
    assert any(line.startswith("Error: sources.toml: entry 2 (file 'wombat.txt'), field 'published'") for line in err)
    assert "added 3" in result.stderr
    assert err[-1] == ("3 articles: 2 without outlet, 2 without date, 0 without title — "
                       "see `newsindex outlets --missing`")
    rows = [json.loads(x) for x in run(["search", "--corpus", str(corpus), "--outlet", "Financial Times",
                                        "--format", "jsonl"]).stdout.splitlines()]
    assert [(r["title"], r["published"]) for r in rows] == [("Quokka numbers rise", "2019-10-08")]
    # reported again on every run until fixed
    again = run(["build", "--corpus", str(corpus)])
    assert again.exit_code == 1 and "field 'title'" in again.stderr and "nothing changed" in again.stderr


def test_missing_lists_and_set_fills_in(corpus):
    run(["build", "--corpus", str(corpus)])
    result = run(["outlets", "--missing", "--corpus", str(corpus), "--format", "jsonl"])
    assert result.exit_code == 0
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(r["path"], r["missing"]) for r in rows] == [("emu.txt", ["outlet", "published"]),
                                                        ("wombat.txt", ["outlet", "published"])]
    assert rows[0]["fix"] == f"newsindex set {corpus / 'emu.txt'} --outlet NAME --published DATE"
    only = run(["outlets", "--missing", "published", "--corpus", str(corpus), "--format", "jsonl"])
    assert len(only.stdout.splitlines()) == 2
    set_result = run(["set", str(corpus / "emu.txt"), "--outlet", "FT", "--published", "Oct 9 2019"])
    assert set_result.exit_code == 0 and "added an entry for 'emu.txt'" in set_result.stderr
    build = run(["build", "--corpus", str(corpus)])
    assert "updated 1" in build.stderr
    assert build.stderr.splitlines()[-1].startswith("3 articles: 1 without outlet, 1 without date")
    rows = [json.loads(x) for x in run(["outlets", "--missing", "--corpus", str(corpus),
                                        "--format", "jsonl"]).stdout.splitlines()]
    assert [r["path"] for r in rows] == ["wombat.txt"]
    table = run(["outlets", "--missing", "--corpus", str(corpus), "--format", "table"])
    assert "wombat.txt" in table.stdout and "newsindex set" in table.stdout


def test_missing_takes_no_filters(corpus):
    result = run(["outlets", "--missing", "--outlet", "FT", "--corpus", str(corpus)])
    assert result.exit_code == 2


@pytest.mark.parametrize("args,code,message", [
    (["--published", "04/03/2025"], 2, "Error: --published: '04/03/2025' is ambiguous"),
    ([], 2, "give at least one of"),
])
def test_set_command_errors(corpus, args, code, message):
    result = run(["set", str(corpus / "emu.txt"), *args])
    assert result.exit_code == code and message in result.stderr


def test_set_command_missing_file(corpus):
    result = run(["set", str(corpus / "nope.txt"), "--title", "x"])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_broken_sidecar_stops_the_build_and_keeps_the_index(corpus):
    assert run(["build", "--corpus", str(corpus)]).exit_code == 1
    (corpus / "sources.toml").write_text("[[source]\nfile = \n", encoding="utf-8")
    (corpus / "new.txt").write_text("New article\n\nSomething new happened today.\n", encoding="utf-8")
    result = run(["build", "--corpus", str(corpus)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "sources.toml: cannot read the sources sidecar" in result.stderr
    assert "line 1" in result.stderr
    rows = run(["search", "--corpus", str(corpus), "--format", "jsonl"]).stdout.splitlines()
    assert len(rows) == 3  # the previous generation, untouched


def test_parse_reports_sidecar_problems(corpus):
    result = run(["parse", str(corpus), "--format", "jsonl"])
    assert result.exit_code == 1
    assert "field 'title': must be text in quotes" in result.stderr
    assert len(result.stdout.splitlines()) == 3
