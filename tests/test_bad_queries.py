"""Bad queries and options on every search-side command: a one-line reason and exit 2, never a traceback.

Issue 8, part 2. tests/test_search.py pins the library's messages (search() and iter_rows()) and
tests/test_cli_search.py the `search` command's; this module drives the same mistakes through
`claims`, `figures` and `export` (and `search` for the rows those files lack), and adds a
grammar-aware property: any string built from the query language's own pieces gives results or
errors.BadQuery — over every kind, for search() and iter_rows() — and exit 0 or 2 on the CLI.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsindex import search as S
from newsindex.cli import cli
from newsindex.errors import BadQuery

# command line prefix -> the kind its query searches
COMMANDS = {
    "search": ("search",),
    "claims": ("claims",),
    "figures": ("figures",),
    "export articles": ("export", "articles"),
    "export claims": ("export", "claims"),
    "export figures": ("export", "figures"),
}
KIND = {"search": "articles", "claims": "claims", "figures": "figures", "export articles": "articles",
        "export claims": "claims", "export figures": "figures"}


def run(index_dir, *args):
    """Invoke the CLI on the session index; `--index` goes before the arguments (they may hold `--`)."""
    words = 2 if args[0] == "export" and len(args) > 1 and not args[1].startswith("-") else 1
    result = CliRunner().invoke(cli, [*args[:words], "--index", str(index_dir), *args[words:]])
    assert "Traceback" not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def assert_usage_error(result, message: str):
    """Exit 2, nothing on stdout, exactly one `Error:` line on stderr carrying the message."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert message in errors[0], errors[0]


# --- malformed queries ---------------------------------------------------------------------------
# (query, message with {kind}, also for `search`?) — rows test_cli_search.py already runs through
# `search` are False there, so they are not repeated.

QUERIES = [
    ('"facial recognition', 'unbalanced quote: a " is not closed', False),
    ('"', 'unbalanced quote: a " is not closed', True),
    ('title:"', 'unbalanced quote: a " is not closed', True),
    ("(surveillance OR cameras", "unbalanced parentheses: a ( is not closed", False),
    ("surveillance)", "unbalanced parentheses: a ) has no (", True),
    ("title:(market", "unbalanced parentheses: a ( is not closed", True),
    ("a AND (b OR", "unbalanced parentheses: a ( is not closed", True),
    ("NOT", "'NOT' needs a word to work on", False),
    ("AND OR NOT", "'AND' needs a word to work on", True),
    ("cameras NOT", "'NOT' at the end of the query needs a word after it", True),
    ("OR cameras", "'OR' at the start of the query needs a word before it", True),
    ("colour:red", "unknown field 'colour:' for {kind}", True),
    ("a:b:c", "unknown field 'a:' for {kind}", True),
    ("company:", "company: needs a value right after the colon", True),
    ("outlet: FT", "outlet: needs a value right after the colon", True),
    ("*", "a lone * matches everything", False),
    ("* *", "a lone * matches everything", True),
    ("x" * 10_000, "the query is too long (10,000 characters; the limit is 1,000)", False),
    ("word " * 200 + "word", "the query is too long (1,004 characters; the limit is 1,000)", True),
    ("cameras\x00", "the query contains control characters", True),
    ("tab\there", "the query contains control characters", True),
    ("line\nbreak", "the query contains control characters", True),
    ("del\x7f", "the query contains control characters", True),
    ("\x1b]0;title\x07cameras", "the query contains control characters", True),
    ("date:blah", "date:blah: cannot read 'blah' as a date", False),
    ("date:[2019 to blah]", "cannot read a date in the query (try date:2019-10 or date:[2019-01 to 2019-06])", True),
    ("date:[blah to 2019]", "cannot read a date in the query", True),
    ("()", "has nothing to search for", True),
    ("camera NOT AND cctv", "'NOT' needs a word after it, not 'AND'", True),
    ("(camera NOT) cctv", "'NOT' needs a word after it, not ')'", True),
    ("camera ANDNOT ANDNOT cctv", "'ANDNOT' and 'ANDNOT' in a row: put a word between them", True),
    ("camera AND OR cctv", "'AND' and 'OR' in a row: put a word between them", True),
    ("(camera AND) cctv", "'AND' needs a word after it", True),
    ("cctv (OR camera)", "'OR' needs a word before it", True),
    ("date:>7.5", "cannot read a date in the query", True),
    ('date:""', "cannot read a date in the query", True),
    ("date:''", "has nothing to search for", True),
    ("the", "the query 'the' has nothing to search for", True),
]

QUERY_CASES = [
    pytest.param(command, query, message, id=f"{command}-{i}")
    for i, (query, message, with_search) in enumerate(QUERIES)
    for command in COMMANDS
    if with_search or command != "search"
]


@pytest.mark.parametrize("command,query,message", QUERY_CASES)
def test_malformed_query(index_dir, command, query, message):
    result = run(index_dir, *COMMANDS[command], query)
    assert_usage_error(result, message.format(kind=KIND[command]))


@pytest.mark.parametrize("command,query,message", [
    ("search", "speaker:wang", "unknown field 'speaker:' for articles"),
    ("claims", "title:cameras", "unknown field 'title:' for claims"),
    ("figures", "speaker:wang", "unknown field 'speaker:' for figures"),
    ("claims", "value:7", "search figures by value with --min and --max, not value:"),
    ("export figures", "value:>7", "search figures by value with --min and --max, not value:"),
])
def test_field_of_another_kind(index_dir, command, query, message):
    assert_usage_error(run(index_dir, *COMMANDS[command], query), message)


@pytest.mark.parametrize("query,message", [
    ("*", "a lone * matches everything"),
    ('"', "the query '\"' has nothing to search for"),
    ("x" * 10_000, "the query is too long"),
    ("hik\x1bvision", "the query contains control characters"),
])
def test_companies_query(index_dir, query, message):
    assert_usage_error(run(index_dir, "companies", query), message)


# --- bad options ---------------------------------------------------------------------------------
# (commands the row applies to, arguments, message)

SEARCHES = ("search", "claims", "figures")
ALL = tuple(COMMANDS)

OPTIONS = [
    (ALL, ["--since", "xyz"], "--since: cannot read 'xyz' as a date"),
    (ALL, ["--since", "2019-13-45"], "--since: cannot read '2019-13-45' as a date"),
    (ALL, ["--since", "yesterday"], "--since: cannot read 'yesterday' as a date"),
    (ALL, ["--until", "Oct 31"], "--until: 'Oct 31' has no year"),
    (ALL, ["--until", "31/31/2019"], "--until: cannot read '31/31/2019' as a date"),
    (ALL, ["--since", "2019\x0010"], "--since: cannot read"),
    (ALL, ["--since", "9" * 200], "--since: cannot read"),
    (ALL, ["--since", "2020-01", "--until", "2019-12"], "--since 2020-01-01 is after --until 2019-12-31"),
    (ALL, ["--company", " "], "--company: give a value"),
    (ALL, ["--outlet", "x" * 300], "--outlet: not a usable value"),
    (("figures", "export figures"), ["--min", "abc"], "--min: cannot read 'abc' as a number"),
    (("figures", "export figures"), ["--max", "1e999"], "--max: cannot read '1e999' as a number"),
    (("figures", "export figures"), ["--min", "nan"], "--min: cannot read 'nan' as a number"),
    (("figures", "export figures"), ["--min", "5bn", "--max", "1bn"], "--min 5,000,000,000 is more than --max 1,000,000,000"),
    (SEARCHES, ["--limit", "-1"], "Invalid value for '--limit'"),
    (SEARCHES, ["--limit", "many"], "Invalid value for '--limit'"),
    (ALL, ["--sort", "bogus"], "Invalid value for '--sort'"),
    (("search", "claims", "export articles", "export claims"), ["--sort", "value"], "--sort value applies to figures only"),
    # export takes every filter (its kind is an argument) and says which does not apply; the search
    # commands list only their own (issue 19), so click refuses the others
    (("export articles", "export claims"), ["--min", "1"], "--min does not apply to"),
    (("export articles", "export figures"), ["--speaker", "Wang"], "--speaker does not apply to"),
    (("export articles", "export claims"), ["--unit", "USD"], "--unit does not apply to"),
    (("export articles", "export claims"), ["--metric", "valuation"], "--metric does not apply to"),
    (("search", "claims"), ["--min", "1"], "No such option '--min'"),
    (("search", "figures"), ["--speaker", "Wang"], "No such option '--speaker'"),
    (("search", "claims"), ["--unit", "USD"], "No such option '--unit'"),
    (("search", "claims"), ["--metric", "valuation"], "No such option '--metric'"),
    (ALL, ["--format", "xml"], "Invalid value for '--format'"),
    (ALL, ["--no-such-option"], "No such option '--no-such-option'"),
]

OPTION_CASES = [
    pytest.param(command, args, message, id=f"{command}-{' '.join(args)[:30]}")
    for commands, args, message in OPTIONS
    for command in commands
]


@pytest.mark.parametrize("command,args,message", OPTION_CASES)
def test_bad_option(index_dir, command, args, message):
    kind = KIND[command]
    result = run(index_dir, *COMMANDS[command], *args)
    assert_usage_error(result, message)
    if "does not apply to" in message:
        assert f"does not apply to {kind}" in result.stderr


@pytest.mark.parametrize("args,message", [
    (["export"], "Missing argument"),
    (["export", "bananas"], "Invalid value for '{articles|claims|figures|companies}'"),
    (["export", "claims", "--fields", "id,nosuch"], "nosuch"),
    (["export", "companies", "--sort", "date"], "--sort date does not apply to companies"),
])
def test_bad_export_arguments(index_dir, args, message):
    assert_usage_error(run(index_dir, *args), message)


# --- properties ------------------------------------------------------------------------------------

FIELD_NAMES = sorted({name for fields in S.QUERY_FIELDS.values() for name in fields} | {"value", "colour", "x"})
PIECES = st.sampled_from([
    "surveillance", "camera", "cameras", "Hikvision", "sense", "the", "a", "7.5", "2019", "2019-10", "blah",
    "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "and", '"', '"', "(", ")", "(", ")", "*", "?", "~", "~2", "^2",
    "[", "]", "{", "}", " to ", " TO ", ">", "<", ">=", "-", "+", "\\", ":", "/", "'", ",", "\u201c",
    "\u00e9", "\u5317\u4eac", "\x00", "\x1b[31m", "\t", " ",
] + [f"{name}:" for name in FIELD_NAMES])
QUERY_TEXT = st.one_of(
    st.lists(PIECES, max_size=14).map("".join),
    st.lists(PIECES, max_size=10).map(" ".join),
    st.text(max_size=40),
    st.builds(lambda piece, n: piece * n, PIECES, st.integers(min_value=100, max_value=1200)),
)


@pytest.mark.parametrize("kind", ["articles", "claims", "figures"])
@pytest.mark.parametrize("negated, plain", [
    ("NOT NOT camera", "camera"),
    ("NOT NOT NOT camera", "NOT camera"),
    ("surveillance AND NOT NOT camera", "surveillance AND camera"),
    ("(NOT NOT camera) OR Hikvision", "(camera) OR Hikvision"),
    ('"NOT NOT" camera', '"NOT NOT" camera'),
])
def test_double_negation_cancels(index_dir, kind, negated, plain):
    """Issue 21, item 13: `NOT NOT camera` failed inside Whoosh's parser (IndexError)."""
    rows = [r["id"] for r in S.iter_rows(kind, negated, None, index_dir=index_dir)]
    assert rows == [r["id"] for r in S.iter_rows(kind, plain, None, index_dir=index_dir)]


OPERATOR_PIECES = st.sampled_from(["camera", "surveillance", "Hikvision", "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE",
                                   "(", ")", "title:", '"a b"'])


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(["articles", "claims"]), words=st.lists(OPERATOR_PIECES, min_size=1, max_size=8))
def test_operator_sequences_parse_or_give_a_reason(kind, words):
    """Words, operators and parentheses in any order: a query, or BadQuery with our own reason
    (never Whoosh's internal exception wrapped as "cannot read the query (IndexError …)")."""
    from newsindex.index import query_schema

    try:
        S.parse_query(kind, " ".join(words), query_schema(kind))
    except BadQuery as e:
        assert not str(e).startswith("cannot read the query ("), str(e)


@pytest.mark.parametrize("option, value", [("--until", "9999-12-30"), ("--until", "9999-12-31"), ("--until", "9999"),
                                           ("--until", "Dec 9999"), ("--since", "0001-01-01"), ("--since", "1"),
                                           ("--since", "9999-12-31")])
@pytest.mark.parametrize("command", ["search", "claims", "figures", "export articles", "companies", "outlets"])
def test_dates_at_the_ends_of_the_calendar(index_dir, command, option, value):
    """Issue 21, item 13: `--until 9999-12-30` gave "unexpected ValueError: year 10000 is out of range"."""
    args = {"companies": ("companies",), "outlets": ("outlets",)}.get(command) or COMMANDS[command]
    result = run(index_dir, *args, option, value, "--format", "jsonl")
    assert result.exit_code in (0, 2), result.stderr
    if result.exit_code == 2:  # a date python-dateutil cannot read (year 1 has no two-digit form)
        assert result.stderr.startswith("Error: --") and "unexpected" not in result.stderr


def test_until_the_last_day_finds_every_dated_article(index_dir):
    everything = {r["id"] for r in S.iter_rows("articles", None, None, index_dir=index_dir) if r.get("published")}
    for until in ("9999", "9999-12-30", "9999-12-31"):
        found = {r["id"] for r in S.iter_rows("articles", None, S.parse_filters(until=until), index_dir=index_dir)}
        assert found == everything
    since = S.parse_filters(since="0001-01-01", until="9999-12-31")
    assert {r["id"] for r in S.iter_rows("articles", None, since, index_dir=index_dir)} == everything


def _one_line(e: BadQuery) -> None:
    message = str(e)
    assert message and "\n" not in message and "Traceback" not in message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(S.KINDS), text=QUERY_TEXT)
def test_query_language_gives_results_or_bad_query(index_dir, kind, text):
    """search() and iter_rows() agree: the same rows, or both raise BadQuery (nothing else)."""
    try:
        result = S.search(kind, text, None, index_dir=index_dir, limit=None)
    except BadQuery as e:
        _one_line(e)
        with pytest.raises(BadQuery):
            list(S.iter_rows(kind, text, None, index_dir=index_dir))
        return
    rows = list(S.iter_rows(kind, text, None, index_dir=index_dir))
    key = "name" if kind == "companies" else "id"
    assert sorted(r[key] for r in rows) == sorted(r[key] for r in result.rows)
    assert result.total == len(rows)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(sorted(COMMANDS)), text=QUERY_TEXT)
def test_cli_any_query_exits_0_or_2(index_dir, command, text):
    result = run(index_dir, *COMMANDS[command], "--format", "jsonl", "--", text)
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr)
    if result.exit_code == 2:
        assert result.stdout == ""
        assert len([line for line in result.stderr.splitlines() if line.startswith("Error:")]) == 1
