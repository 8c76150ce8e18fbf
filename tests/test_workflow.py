"""Issue 19: misses that point at the fix (did you mean), honest truncation on stderr, and
queries as people paste them (curly and angled quotes, apostrophe variants)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newsindex.cli import cli
from newsindex.query.language import normalise_quotes
from newsindex.suggest import close_names


def run(index_dir, *args):
    result = CliRunner().invoke(cli, [*args, "--index", str(index_dir)])
    assert "Traceback" not in result.output + result.stderr
    return result


# --- did you mean --------------------------------------------------------------------------------

@pytest.mark.parametrize("args,line", [
    (["claims", "--company", "Hikvison"], "No company named 'Hikvison' in the index; did you mean: Hikvision?"),
    (["search", "--company", "Sensetiem"], "No company named 'Sensetiem' in the index; did you mean: SenseTime?"),
    (["search", "--outlet", "Reuter"], "No outlet named 'Reuter' in the index; did you mean: Reuters?"),
    (["claims", "--speaker", "Mr Feldstien"], "No speaker named 'Mr Feldstien' in the index; did you mean: Steven Feldstein?"),
    (["figures", "--company", "Quokka Holdings"], "No company named 'Quokka Holdings' in the index."),
])
def test_a_filter_that_names_nothing_suggests_what_does(index_dir, args, line):
    result = run(index_dir, *args, "--format", "jsonl")
    assert result.exit_code == 0 and result.stdout == ""
    assert line in result.stderr.splitlines()


@pytest.mark.parametrize("args", [
    ["claims", "--company", "Hikvision", "--since", "2030"],  # the company is there: the date cut it
    ["search", "--outlet", "FT", "--until", "1990"],  # an alias of an outlet that is there
    ["claims", "--speaker", "Feldstein", "--since", "2030"],  # a surname of a speaker that is there
])
def test_no_suggestion_when_the_name_is_in_the_index(index_dir, args):
    result = run(index_dir, *args, "--format", "jsonl")
    assert result.exit_code == 0 and result.stdout == "" and "did you mean" not in result.stderr
    assert "in the index" not in result.stderr


@pytest.mark.parametrize("typed,names,expected", [
    ("Hikvison", ["Hikvision", "Dahua"], ["Hikvision"]),
    ("hikvision", ["Hikvision"], ["Hikvision"]),
    ("Sense", ["SenseTime", "Megvii"], ["SenseTime"]),
    ("Dahau", ["Dahua", "Huawei"], ["Dahua"]),
    # traps: nothing close, too short a prefix
    ("Quokka", ["Hikvision", "Dahua"], []),
    ("Hu", ["Huawei"], []),
])
def test_close_names(typed, names, expected):
    assert close_names(typed, names) == expected


# --- truncation ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "table"])
def test_a_cut_says_so_on_stderr_whatever_the_format(index_dir, fmt):
    full = run(index_dir, "claims", "--limit", "0", "--format", "jsonl")
    total = len(full.stdout.splitlines())
    assert total > 2 and "of" not in full.stderr
    cut = run(index_dir, "claims", "--limit", "2", "--format", fmt)
    assert cut.exit_code == 0
    assert f"2 of {total} claims; --limit 0 or `newsindex export claims` for all" in cut.stderr


def test_no_notice_when_nothing_is_cut(index_dir):
    result = run(index_dir, "claims", "--company", "Hikvision", "--format", "csv")
    assert result.exit_code == 0 and result.stderr == ""


# --- quotes as people paste them -----------------------------------------------------------------

@pytest.mark.parametrize("typed,expected", [
    ('“facial recognition”', '"facial recognition"'),
    ('„facial recognition“', '"facial recognition"'),
    ('«facial recognition»', '"facial recognition"'),
    ('‹facial recognition›', '"facial recognition"'),
    ('＂facial recognition＂', '"facial recognition"'),
    ("Hikvision’s cameras", "Hikvision's cameras"),
    ("Hikvision‘s cameras", "Hikvision's cameras"),
    ("Hikvisionʼs cameras", "Hikvision's cameras"),
    # traps: straight quotes and plain words are left alone
    ('"facial recognition"', '"facial recognition"'),
    ("cameras AND huawei", "cameras AND huawei"),
])
def test_normalise_quotes(typed, expected):
    assert normalise_quotes(typed) == expected


@pytest.mark.parametrize("kind,query", [
    ("search", "{}facial recognition{}"),
    ("claims", "{}oppose this decision{}"),
])
@pytest.mark.parametrize("opening,closing", [("“", "”"), ("«", "»"), ("„", "“")])
def test_curly_quotes_make_the_same_phrase(index_dir, kind, query, opening, closing):
    straight = run(index_dir, kind, query.format('"', '"'), "--format", "jsonl", "--limit", "0")
    curly = run(index_dir, kind, query.format(opening, closing), "--format", "jsonl", "--limit", "0")
    assert straight.exit_code == curly.exit_code == 0, curly.stderr
    ids = [json.loads(x)["id"] for x in straight.stdout.splitlines()]
    assert ids and ids == [json.loads(x)["id"] for x in curly.stdout.splitlines()]


def test_apostrophe_variants_match_alike(index_dir):
    results = [run(index_dir, "search", f"Hikvision{a}s", "--format", "jsonl", "--limit", "0").stdout
               for a in ("'", "’", "ʼ")]
    assert results[0] and results[0] == results[1] == results[2]


# --- options per command -------------------------------------------------------------------------

@pytest.mark.parametrize("command,listed,absent", [
    ("search", ["--company", "--outlet", "--since", "--until"], ["--speaker", "--unit", "--metric", "--min", "--max"]),
    ("claims", ["--company", "--speaker"], ["--unit", "--min"]),
    ("figures", ["--unit", "--metric", "--min", "--max"], ["--speaker"]),
    ("outlets", ["--company", "--since"], ["--speaker", "--unit", "--min", "--max"]),
    ("timeline", ["--since", "--until", "--outlet", "--company", "--speaker", "--unit", "--metric"], []),
    ("compare", ["--since", "--until", "--outlet", "--company", "--unit", "--metric"], ["--speaker"]),
])
def test_help_lists_only_what_the_command_takes(command, listed, absent):
    out = CliRunner().invoke(cli, [command, "--help"]).output
    options = {line.split()[0].rstrip(",") for line in out.splitlines() if line.strip().startswith("--")}
    assert set(listed) <= options and not set(absent) & options


def test_search_refuses_an_option_it_does_not_list(index_dir):
    result = run(index_dir, "search", "--speaker", "Feldstein")
    assert result.exit_code == 2 and "No such option" in result.stderr


def test_timeline_takes_the_query_and_the_filters(index_dir):
    everything = json.loads(run(index_dir, "timeline", "--interval", "year", "--format", "json").stdout)
    ft = run(index_dir, "timeline", "--since", "2019", "--outlet", "FT", "--interval", "year", "--format", "json")
    assert ft.exit_code == 0, ft.stderr
    n_ft = len([json.loads(x) for x in run(index_dir, "search", "--outlet", "FT", "--since", "2019", "--limit", "0",
                                           "--format", "jsonl").stdout.splitlines()])
    assert sum(p["count"] for p in json.loads(ft.stdout)) == n_ft < sum(p["count"] for p in everything)
    worded = run(index_dir, "timeline", "surveillance", "--kind", "claims", "--format", "json")
    assert worded.exit_code == 0, worded.stderr
    assert run(index_dir, "timeline", "--kind", "articles", "--unit", "USD").exit_code == 2


def test_compare_takes_the_filters(index_dir):
    result = run(index_dir, "compare", "--outlet", "FT", "--format", "json")
    assert result.exit_code == 0, result.stderr
    groups = json.loads(result.stdout)
    assert all(e["outlet"] == "Financial Times" for g in groups for e in g["entries"])
