"""Exports: csv/json/jsonl writers, columns, formula-injection guard, streaming, atomic files."""

from __future__ import annotations

import csv
import io
import json
import os
import tracemalloc
import weakref

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsindex import export
from newsindex.errors import BadQuery
from newsindex.export import COLUMNS, columns_for, csv_cell, write_rows

# ------------------------------------------------------------------ sample records (other outlets' styles)

ARTICLE = {
    "schema": 1, "id": "a1b2c3", "path": "reuters/chips.txt", "sha256": "ab" * 32,
    "title": "Chipmaker's shares jump, analysts say \"cautious\"", "outlet": "Reuters",
    "author": "Jane Doe; John Roe", "published": "2021-03-04", "published_at": None,
    "published_source": "header", "url": "https://www.reuters.com/x", "body": "Body.\n\nMore.",
    "companies": [{"name": "Nvidia", "mentions": 2, "aliases": ["Nvidia", "NVIDIA Corp"], "kind": "company",
                   "known": True, "spans": [], "rule": "gazetteer"},
                  {"name": "Arm", "mentions": 1, "aliases": ["Arm"], "kind": "company", "known": True,
                   "spans": [], "rule": "gazetteer"}],
    "claims": [{"id": "a1b2c3:c0"}], "figures": [{"id": "a1b2c3:f0"}, {"id": "a1b2c3:f1"}],
    "warnings": [], "site": "Yahoo Finance", "authors": ["Jane Doe", "John Roe"], "updated": "2021-03-05",
    "format": "text", "part": None, "source_id": None, "fetched": None, "language": "en",
    "format_fields": {"section": "Tech"},
    "date_candidates": [{"value": "2021-03-04", "source": "header", "text": "March 4, 2021", "accepted": True,
                         "reason": "a labelled date line"}],
}
CLAIM = {
    "id": "a1b2c3:c0", "text": "\"Demand is strong,\" the spokesperson said.", "speaker": "Nvidia spokesperson",
    "verb": "said", "quote": True, "companies": ["Nvidia"], "figures": [], "paragraph": 3, "start": 10,
    "end": 50, "rule": "quote-said", "speaker_text": "the spokesperson", "speaker_role": "Nvidia spokesperson",
    "article_id": "a1b2c3", "title": "Chipmaker's shares jump", "outlet": "Reuters", "published": "2021-03-04",
}
FIGURE = {
    "id": "a1b2c3:f0", "text": "US$7.5 billion", "value": 7500000000.0, "unit": "USD", "qualifier": "about",
    "subject": "valuation", "metric": "valuation", "companies": ["Nvidia", "Arm"],
    "sentence": "The deal values Arm at about US$7.5 billion, people familiar said.", "paragraph": 1,
    "start": 0, "end": 14, "rule": "money", "low": None, "high": None, "vague": False, "group": None,
    "converted_from": None, "currency_source": "symbol", "direction": "up", "article_id": "a1b2c3", "title": "Chipmaker's shares jump", "outlet": "Reuters",
    "published": "2021-03-04",
}
COMPANY = {"name": "Nvidia", "kind": "company", "known": True, "articles": 4, "mentions": 11,
           "aliases": ["Nvidia", "NVIDIA Corp"]}
RECORDS = {"articles": ARTICLE, "claims": CLAIM, "figures": FIGURE, "companies": COMPANY}


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def write(rows, fmt, **kw) -> str:
    buf = io.StringIO(newline="")
    write_rows(rows, fmt, buf, **kw)
    return buf.getvalue()


# ------------------------------------------------------------------ cells

CELLS = [
    # (value, csv text, why)
    (None, "", "null is an empty cell"),
    ("", "", "empty text"),
    ("Reuters", "Reuters", "plain text"),
    (True, "true", "boolean"),
    (False, "false", "boolean"),
    (7500000000.0, "7500000000", "integral float as int, no scientific notation"),
    (1.5e16, "15000000000000000", "large float, no scientific notation"),
    (1e-07, "0.0000001", "small float, no scientific notation"),
    (46.5, "46.5", "fraction"),
    (-5, "-5", "TRAP: a negative number is not a formula"),
    (-2.5, "-2.5", "TRAP: a negative float is not a formula"),
    (0, "0", "zero"),
    (float("nan"), "", "NaN is no number: empty"),
    (["Nvidia", "Arm"], "Nvidia; Arm", "list joined with '; '"),
    ([], "", "empty list"),
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")", "formula"),
    ("+1 555 0100", "'+1 555 0100", "leading plus"),
    ("-5", "'-5", "text that looks like a negative number is text"),
    ("@SUM(A1)", "'@SUM(A1)", "leading at"),
    ("\tcmd", "'\tcmd", "leading tab"),
    ("\rcmd", "'\rcmd", "leading carriage return"),
    (["=1+1", "Arm"], "'=1+1; Arm", "list whose first item is a formula"),
    ("a=b", "a=b", "TRAP: '=' inside text is harmless"),
    ("\ncmd", "'\ncmd", "leading line feed"),
    ("\0cmd", "'\0cmd", "leading NUL"),
    (" =x", "' =x", "space then '=' (an import that trims spaces reads a formula)"),
    ("\t \u00a0+1", "'\t \u00a0+1", "tab, space, no-break space then '+'"),
    ("\u3000@SUM(A1)", "'\u3000@SUM(A1)", "ideographic space then '@'"),
    ("\uff1dHYPERLINK(\"http://x\")", "'\uff1dHYPERLINK(\"http://x\")", "full-width equals"),
    ("\uff0b1", "'\uff0b1", "full-width plus"),
    ("\uff0d1", "'\uff0d1", "full-width minus"),
    ("\uff20SUM(A1)", "'\uff20SUM(A1)", "full-width at"),
    ("  \uff1d1", "'  \uff1d1", "spaces then full-width equals"),
    ("  plain", "  plain", "TRAP: leading spaces before text"),
    ("x =1", "x =1", "TRAP: '=' after a word"),
    ("\u2212 5", "\u2212 5", "TRAP: U+2212 minus sign is not a formula sign"),
    ("'=x", "'=x", "TRAP: already starts with an apostrophe"),
    ("US$7.5bn", "US$7.5bn", "TRAP: currency text"),
]


@pytest.mark.parametrize("value,expected,why", CELLS, ids=[c[2] for c in CELLS])
def test_csv_cell(value, expected, why):
    assert csv_cell(value) == expected


# ------------------------------------------------------------------ columns per kind


@pytest.mark.parametrize("kind", list(COLUMNS))
def test_every_kind_has_id_and_article_context(kind):
    cols = COLUMNS[kind]
    if kind == "companies":
        assert cols[0] == "name"
    else:
        assert cols[0] == "id"
        assert {"outlet", "published", "title"} <= set(cols)
    if kind in ("claims", "figures"):
        assert cols[1] == "article_id"


NOT_REVIEWED = {"corrected": "", "review": "", "review_by": "", "review_at": "", "review_note": ""}  # corrections.toml
EXPECTED_CSV_ROWS = {
    "articles": {"id": "a1b2c3", "path": "reuters/chips.txt", "outlet": "Reuters", "published": "2021-03-04",
                 "title": "Chipmaker's shares jump, analysts say \"cautious\"", "author": "Jane Doe; John Roe",
                 "url": "https://www.reuters.com/x", "sha256": "ab" * 32, "companies": "Nvidia; Arm",
                 "claims": "1", "figures": "2", "warnings": "", "site": "Yahoo Finance",
                 "authors": "Jane Doe; John Roe", "updated": "2021-03-05", "published_at": "",
                 "published_source": "header", "format": "text", "part": "", "source_id": "", "fetched": "",
                 "language": "en", **NOT_REVIEWED},
    "claims": {"id": "a1b2c3:c0", "article_id": "a1b2c3", "outlet": "Reuters", "published": "2021-03-04",
               "title": "Chipmaker's shares jump", "speaker": "Nvidia spokesperson", "verb": "said",
               "quote": "true", "text": "\"Demand is strong,\" the spokesperson said.", "companies": "Nvidia",
               "figures": "", "paragraph": "3", "start": "10", "end": "50", "rule": "quote-said",
               "speaker_text": "the spokesperson", "speaker_role": "Nvidia spokesperson", **NOT_REVIEWED},
    "figures": {"id": "a1b2c3:f0", "article_id": "a1b2c3", "outlet": "Reuters", "published": "2021-03-04",
                "title": "Chipmaker's shares jump", "text": "US$7.5 billion", "value": "7500000000", "unit": "USD",
                "qualifier": "about", "subject": "valuation", "metric": "valuation", "companies": "Nvidia; Arm",
                "sentence": "The deal values Arm at about US$7.5 billion, people familiar said.",
                "paragraph": "1", "low": "", "high": "", "group": "", "start": "0", "end": "14", "rule": "money",
                "vague": "false", "converted_from": "", "currency_source": "symbol", "direction": "up", **NOT_REVIEWED},
    "companies": {"name": "Nvidia", "kind": "company", "known": "true", "articles": "4", "mentions": "11",
                  "aliases": "Nvidia; NVIDIA Corp"},
}


@pytest.mark.parametrize("kind", list(COLUMNS))
def test_csv_row_per_kind(kind):
    text = write([RECORDS[kind]], "csv", kind=kind)
    assert text.splitlines()[0] == ",".join(COLUMNS[kind])
    rows = csv_rows(text)
    assert rows == [EXPECTED_CSV_ROWS[kind]]
    assert "\r" not in text


@pytest.mark.parametrize("kind", list(COLUMNS))
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_with_fields_equals_csv_columns(kind, fmt):
    cols = COLUMNS[kind]
    text = write([RECORDS[kind]], fmt, kind=kind, fields=cols)
    rows = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
    assert list(rows[0]) == cols
    # same cells as the CSV, but typed: lists stay lists, numbers numbers
    assert {k: csv_cell(v) for k, v in rows[0].items()} == EXPECTED_CSV_ROWS[kind]


def test_json_without_fields_is_the_full_record():
    text = write([FIGURE], "jsonl", kind="figures")
    row = json.loads(text)
    assert row["value"] == 7500000000 and isinstance(row["value"], int)
    assert row["rule"] == "money" and row["start"] == 0  # provenance kept
    assert set(FIGURE) == set(row)
    article = json.loads(write([ARTICLE], "json", kind="articles"))[0]
    assert article["companies"][0]["aliases"] == ["Nvidia", "NVIDIA Corp"]
    assert article["claims"] == [{"id": "a1b2c3:c0"}]


def test_fields_select_and_order():
    text = write([FIGURE], "csv", kind="figures", fields=["value", "id", "unit"])
    assert text == "value,id,unit\n7500000000,a1b2c3:f0,USD\n"


@pytest.mark.parametrize("fields,message", [
    (["id", "valeu"], "unknown field 'valeu' for figures; valid fields: id, article_id"),
    (["id", "id"], "field 'id' given twice"),
    (["body"], "unknown field 'body'"),
])
def test_fields_rejects_unknown_names(fields, message):
    with pytest.raises(BadQuery) as e:
        write([FIGURE], "csv", kind="figures", fields=fields)
    assert message in str(e.value)
    assert e.value.exit_code == 2


def test_unknown_format_is_a_usage_error():
    with pytest.raises(BadQuery):
        write([FIGURE], "xlsx", kind="figures")


@pytest.mark.parametrize("fmt,expected", [
    ("csv", ",".join(COLUMNS["claims"]) + "\n"),
    ("json", "[]\n"),
    ("jsonl", ""),
])
def test_no_rows(fmt, expected):
    assert write([], fmt, kind="claims") == expected


def test_csv_without_kind_uses_first_row_keys():
    assert write([{"a": 1, "b": "x,y"}], "csv") == 'a,b\n1,"x,y"\n'


def test_csv_quotes_lone_carriage_return():
    # Python's csv module leaves "a\rb" unquoted when lines end in \n; a reader then breaks.
    text = write([{"t": "a\rb"}], "csv")
    assert csv_rows(text) == [{"t": "a\rb"}]


def test_lone_surrogate_becomes_replacement_character():
    text = write([{"t": "caf\udce9"}], "jsonl")
    assert json.loads(text) == {"t": "caf\ufffd"}
    text.encode("utf-8")


# ------------------------------------------------------------------ injection on every text column

TEXT_COLUMNS = {
    "articles": ["id", "path", "outlet", "published", "title", "author", "url", "sha256", "companies", "warnings",
                 "site", "authors", "updated", "published_at", "published_source", "format", "source_id", "fetched",
                 "language"],
    "claims": ["id", "article_id", "outlet", "published", "title", "speaker", "verb", "text", "companies",
               "figures", "rule", "speaker_text", "speaker_role"],
    "figures": ["id", "article_id", "outlet", "published", "title", "text", "unit", "qualifier", "subject",
                "metric", "companies", "sentence", "group", "rule", "converted_from", "currency_source", "direction"],
    "companies": ["name", "kind", "aliases"],
}
TRIGGERS = ["=HYPERLINK(\"http://x\",\"y\")", "+cmd", "-cmd", "@cmd", "\tcmd", "\rcmd", "\ncmd", " =cmd",
            "\uff1dcmd"]
LIST_COLUMNS = {"companies", "figures", "warnings", "aliases", "authors"}


def _poisoned(kind: str, payload: str) -> dict:
    record = dict(RECORDS[kind])
    for col in TEXT_COLUMNS[kind]:
        if kind == "articles" and col == "companies":
            record[col] = [{"name": payload, "mentions": 1, "aliases": []}]
        elif col in LIST_COLUMNS:
            record[col] = [payload, "ok"]
        else:
            record[col] = payload
    return record


@pytest.mark.parametrize("payload", TRIGGERS)
@pytest.mark.parametrize("kind", list(COLUMNS))
def test_every_text_column_is_neutralised(kind, payload):
    assert set(TEXT_COLUMNS[kind]) <= set(COLUMNS[kind])
    row = csv_rows(write([_poisoned(kind, payload)], "csv", kind=kind))[0]
    for col in TEXT_COLUMNS[kind]:
        assert row[col].startswith("'" + payload), col
    # numeric columns stay numeric
    for col in set(COLUMNS[kind]) - set(TEXT_COLUMNS[kind]):
        assert not row[col].startswith("'"), col


def test_negative_numbers_stay_numeric():
    record = dict(FIGURE, value=-5, low=-10.5, high=-0.25, paragraph=0)
    row = csv_rows(write([record], "csv", kind="figures"))[0]
    assert (row["value"], row["low"], row["high"]) == ("-5", "-10.5", "-0.25")


def test_json_is_not_neutralised():
    record = dict(CLAIM, text="=HYPERLINK(\"x\")")
    assert json.loads(write([record], "jsonl", kind="claims"))["text"] == "=HYPERLINK(\"x\")"


# ------------------------------------------------------------------ round-trip properties

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["=1+1", "+", "-", "@", "\t", "\r", "\r\n", "\n", " =1", "\u3000\uff0b1", "\"", "\"\"", ",", "a,\"b\"\nc", "ü€😀", "'=x"])


def _expected_csv_text(value: str) -> str:
    # written independently of export.py: a sign after any white space, or a leading tab, CR or LF
    risky = value.lstrip().startswith(tuple("=+-@\uff1d\uff0b\uff0d\uff20")) or value.startswith(("\t", "\r", "\n", "\0"))
    return "'" + value if risky else value


@settings(max_examples=300, deadline=None)
@given(st.lists(st.fixed_dictionaries({"a": TEXT, "b": TEXT, "n": st.integers(-10**15, 10**15)}), max_size=5))
def test_csv_round_trip(rows):
    text = write(rows, "csv")
    back = csv_rows(text)
    if not rows:
        assert back == []
        return
    assert len(back) == len(rows)
    for got, want in zip(back, rows):
        assert got["a"] == _expected_csv_text(want["a"])
        assert got["b"] == _expected_csv_text(want["b"])
        assert int(got["n"]) == want["n"]
        # removing the guard where it was added gives the text back
        assert (got["a"][1:] if got["a"] != want["a"] else got["a"]) == want["a"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "a": TEXT, "l": st.lists(TEXT, max_size=3), "x": st.floats(allow_nan=False, allow_infinity=False),
    "q": st.booleans() | st.none()}), max_size=5))
def test_json_and_jsonl_round_trip(rows):
    assert json.loads(write(rows, "json")) == rows
    assert [json.loads(line) for line in write(rows, "jsonl").split("\n") if line] == rows


@settings(max_examples=100, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_csv_numbers_read_back_exactly(x):
    cell = csv_cell(x)
    assert "e" not in cell.lower()
    assert float(cell) == x


# ------------------------------------------------------------------ streaming and atomic files


class Sink:
    """A stream that only counts characters (so the test measures the writer, not a buffer)."""

    def __init__(self):
        self.chars = 0

    def write(self, s):
        self.chars += len(s)


def _many(n):
    for i in range(n):
        yield dict(CLAIM, id=f"a{i % 1000}:c{i}", article_id=f"a{i % 1000}", text=f"Claim number {i}, said X.")


def test_streaming_memory_is_bounded():
    n = 100_000
    tracemalloc.start()
    try:
        sink = Sink()
        assert write_rows(_many(n), "csv", sink, kind="claims") == n
        _, streaming_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        sample = list(_many(n // 10))  # a tenth, materialised: what holding every row would cost / 10
        _, tenth_peak = tracemalloc.get_traced_memory()
        del sample
    finally:
        tracemalloc.stop()
    assert sink.chars > 10_000_000
    assert streaming_peak < 2_000_000, streaming_peak
    assert streaming_peak * 20 < tenth_peak * 10  # at least 20 times less than materialising


class Row(dict):
    __slots__ = ("__weakref__",)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_no_format_holds_rows(fmt):
    """Every writer lets go of a row once it has read the next (checked on 100,000 rows, without tracemalloc's cost)."""
    alive: dict = {}  # id -> weak reference, for the rows still alive (a dead one removes itself)
    most = 0

    def rows():
        nonlocal most
        for i in range(100_000):
            row = Row(CLAIM, id=f"a{i}:c0", text=f"Claim {i}, said X.")
            key = id(row)
            alive[key] = weakref.ref(row, lambda _ref, key=key: alive.pop(key, None))
            most = max(most, len(alive))
            yield row
            del row

    assert write_rows(rows(), fmt, Sink(), kind="claims") == 100_000
    assert most <= 2  # the row being written and the one being made


def test_rows_are_written_as_they_are_read():
    seen = []

    class Recorder:
        def write(self, s):
            seen.append(s)

    def rows():
        yield {"a": 1}
        assert any("1" in s for s in seen)  # the first row is out before the second is read
        yield {"a": 2}

    assert write_rows(rows(), "jsonl", Recorder()) == 2


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_output_file_written_atomically(tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    assert write_rows([CLAIM, CLAIM], fmt, str(target), kind="claims") == 2
    assert target.exists()
    assert os.listdir(tmp_path) == [target.name]


@pytest.mark.parametrize("existing", [False, True])
def test_failure_midway_leaves_no_file_under_final_name(tmp_path, existing):
    target = tmp_path / "out.csv"
    if existing:
        target.write_text("old export\n")

    def rows():
        yield CLAIM
        raise RuntimeError("index vanished")

    with pytest.raises(RuntimeError):
        write_rows(rows(), "csv", target, kind="claims")
    if existing:
        assert target.read_text() == "old export\n"  # the previous export is untouched
    else:
        assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == (["out.csv"] if existing else [])


def test_file_output_is_utf8_with_lf(tmp_path):
    target = tmp_path / "out.csv"
    write_rows([dict(CLAIM, speaker="Zhōu Wěi", text="line one\nline two")], "csv", target, kind="claims")
    raw = target.read_bytes()
    assert "Zhōu Wěi".encode("utf-8") in raw
    assert b"\r\n" not in raw
    with open(target, newline="", encoding="utf-8") as f:
        assert next(csv.DictReader(f))["text"] == "line one\nline two"


def test_columns_for_kind_validation():
    with pytest.raises(BadQuery, match="valid kinds: articles, claims, figures, companies"):
        columns_for("outlets")
    assert export.parse_fields("") is None


# ================================================================== against a real index, through the CLI

import hashlib  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from datetime import datetime as _dt  # noqa: E402
from pathlib import Path  # noqa: E402

from click.testing import CliRunner  # noqa: E402

from newsindex import index as index_mod  # noqa: E402
from newsindex.cli import cli  # noqa: E402
from newsindex.records import SCHEMA_VERSION  # noqa: E402

# Short articles in the styles of other outlets. One claim begins with a spreadsheet formula;
# the sidecar gives one article a formula title and bylines starting with - and @.
CORPUS = {
    "reuters_hik.txt": """Hikvision shares slide after U.S. adds firm to trade blacklist

By Jane Rivers

HONG KONG, Oct 8 (Reuters) - Shares in Hangzhou Hikvision Digital Technology fell 6.2% on Tuesday after the U.S. Commerce Department added the surveillance camera maker to its entity list.

"Hikvision strongly opposes this decision," a Hikvision spokesperson said in a statement, adding that the company had engaged with the U.S. government since last year.

=HYPERLINK("http://evil.example/x","Click here") is not a phrase the company uses, Hikvision spokesperson Li Wei said.

Analysts at Jefferies said the company's revenue could fall by up to $1.2 billion if the ban is enforced.

Reporting by Jane Rivers; Editing by Tom Hogue
""",
    "ap_dahua.txt": """Chinese camera makers face new scrutiny

By KEN MORITSUGU, Associated Press

BEIJING (AP) — Zhejiang Dahua Technology and Hikvision, two of the world's largest makers of surveillance equipment, face fresh scrutiny from Washington.

Dahua said in a statement that it "complies with all applicable laws and regulations in the countries where it operates."

The two companies together hold more than 30% of the global video surveillance market, according to IHS Markit.

Copyright 2019 The Associated Press. All rights reserved.
""",
    "guardian_sense.txt": """SenseTime valued at $7.5bn after new funding round

Facial recognition startup raises money despite US sanctions threat

Alex Hern
Thu 17 Oct 2019 10.00 BST

SenseTime, the Chinese artificial intelligence company, has raised new funding that values it at about $7.5bn, according to people familiar with the matter.

"We are confident in our technology," SenseTime chief executive Xu Li told the Guardian.

The company employs more than 3,000 people, Xu said.
""",
}
SIDECAR = '''
[[source]]
file = "reuters_hik.txt"
outlet = "Reuters"
title = "Hikvision shares slide after U.S. adds firm to trade blacklist"
author = "Jane Rivers"
published = "2019-10-08"
url = "https://www.reuters.com/article/hikvision-shares"

[[source]]
file = "ap_dahua.txt"
outlet = "Associated Press"
title = "=HYPERLINK(\\"http://evil.example/t\\",\\"Chinese camera makers face new scrutiny\\")"
author = "-Ken Moritsugu"
published = "2019-05-22"

[[source]]
file = "guardian_sense.txt"
outlet = "The Guardian"
title = "SenseTime valued at $7.5bn after new funding round"
author = "@alexhern"
published = "2019-10-17"
'''
HOSTILE_TITLE = "=HYPERLINK(\"http://evil.example/t\",\"Chinese camera makers face new scrutiny\")"


def _make_corpus(folder: Path, copies: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in CORPUS.items():
        for i in range(copies):
            stem = name[:-4] if copies == 1 else f"{name[:-4]}_{i:03d}"
            (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
    if copies == 1:
        (folder / "sources.toml").write_text(SIDECAR, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def idx(tmp_path_factory):
    """(corpus, index) built once with the real parser."""
    root = tmp_path_factory.mktemp("export_corpus")
    corpus = _make_corpus(root / "corpus")
    index_dir = root / "index"
    index_mod.build(corpus, index_dir, workers=1)
    return corpus, index_dir


def run(idx, *args, ok=True):
    result = CliRunner().invoke(cli, [*args, "--index", str(idx[1]), "--corpus", str(idx[0])])
    if ok:
        assert result.exit_code == 0, (result.output, result.stderr)
    return result


def exported(idx, kind, *args):
    return run(idx, "export", kind, *args).stdout


def parse_out(text: str, fmt: str) -> list:
    if fmt == "csv":
        return csv_rows(text)
    if fmt == "json":
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines()]


def test_done_when_claims_company_csv_and_jsonl_agree(idx):
    text = exported(idx, "claims", "--company", "Hikvision", "--format", "csv")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == COLUMNS["claims"]
    rows = list(reader)
    assert len(rows) >= 2
    assert all("Hikvision" in r["companies"].split("; ") for r in rows)
    assert {r["speaker"] for r in rows} >= {"Hikvision spokesperson"}
    records = parse_out(exported(idx, "claims", "--company", "Hikvision", "--format", "jsonl"), "jsonl")
    assert [r["id"] for r in records] == [r["id"] for r in rows]
    # the CSV row is the JSON record's columns, cell by cell
    for rec, row in zip(records, rows):
        assert {c: csv_cell(v) for c, v in export.project("claims", rec, COLUMNS["claims"]).items()} == row
    typed = parse_out(exported(idx, "claims", "--company", "Hikvision", "--format", "jsonl",
                             "--fields", ",".join(COLUMNS["claims"])), "jsonl")
    assert [{c: csv_cell(v) for c, v in r.items()} for r in typed] == rows


@pytest.mark.parametrize("kind", list(COLUMNS))
def test_each_kind_round_trips_in_every_format(idx, kind):
    csv_out = parse_out(exported(idx, kind, "--format", "csv"), "csv")
    jsonl_out = parse_out(exported(idx, kind, "--format", "jsonl"), "jsonl")
    json_out = parse_out(exported(idx, kind, "--format", "json"), "json")
    assert len(csv_out) > 0
    assert json_out == jsonl_out
    key = "name" if kind == "companies" else "id"
    assert [r[key] for r in csv_out] == [r[key] for r in jsonl_out]
    assert list(csv_out[0]) == COLUMNS[kind]
    for fmt in ("json", "jsonl"):
        picked = parse_out(exported(idx, kind, "--format", fmt, "--fields", ",".join(COLUMNS[kind])), fmt)
        assert [{c: csv_cell(v) for c, v in r.items()} for r in picked] == csv_out


@pytest.mark.parametrize("kind", ["claims", "figures", "companies", "articles"])
@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_search_commands_write_the_same_rows(idx, kind, fmt):
    command = "search" if kind == "articles" else kind
    searched = run(idx, command, "--format", fmt, "--limit", "0").stdout
    assert searched == exported(idx, kind, "--format", fmt)


@pytest.mark.parametrize("args,descending", [(["--sort", "value"], True), (["--sort", "value", "--reverse"], False)])
def test_sort_orders_figures_by_value(idx, args, descending):
    values = [r["value"] for r in parse_out(exported(idx, "figures", "--format", "jsonl", *args), "jsonl")]
    assert len(values) > 1
    assert values == sorted(values, reverse=descending)


@pytest.mark.parametrize("output,fmt", [("x.csv", "csv"), ("x.jsonl", "jsonl"), ("x.ndjson", "jsonl"),
                                        ("x.json", "json"), ("x.txt", "csv")])
def test_format_from_output_extension(idx, tmp_path, output, fmt):
    run(idx, "export", "companies", "-o", str(tmp_path / output))
    m = json.loads((tmp_path / f"{output}.manifest.json").read_text())
    assert m["format"] == fmt
    assert len(parse_out((tmp_path / output).read_text(), fmt)) == m["rows"] > 0


def test_export_has_no_row_cap(tmp_path):
    corpus = _make_corpus(tmp_path / "corpus", copies=9)  # 27 articles, more claims than a search page
    index_dir = tmp_path / "index"
    index_mod.build(corpus, index_dir, workers=1)
    pair = (corpus, index_dir)
    articles = parse_out(exported(pair, "articles", "--format", "jsonl"), "jsonl")
    assert len(articles) == 27
    expected = sum(len(a["claims"]) for a in articles)
    assert expected > 20
    assert len(parse_out(exported(pair, "claims", "--format", "csv"), "csv")) == expected
    assert len(parse_out(run(pair, "claims", "--format", "csv").stdout, "csv")) == 20  # the search page


def test_formula_claim_opens_as_text(idx):
    records = parse_out(exported(idx, "claims", "--format", "jsonl"), "jsonl")
    hostile = [r["id"] for r in records if r["text"].startswith("=HYPERLINK(")]
    assert hostile, "the test corpus has a claim beginning with =HYPERLINK("
    rows = {r["id"]: r for r in parse_out(exported(idx, "claims", "--format", "csv"), "csv")}
    for rid in hostile:
        assert rows[rid]["text"].startswith("'=HYPERLINK(")
    for row in rows.values():
        for col in TEXT_COLUMNS["claims"]:
            assert not row[col].startswith(("=", "+", "-", "@", "\t", "\r")), (col, row[col])


@pytest.mark.parametrize("kind", ["articles", "claims", "figures"])
def test_formula_title_and_byline_open_as_text(idx, kind):
    rows = parse_out(exported(idx, kind, "--format", "csv", "--outlet", "Associated Press"), "csv")
    assert rows
    for row in rows:
        assert row["title"] == "'" + HOSTILE_TITLE
        if kind == "articles":
            assert row["author"] == "'-Ken Moritsugu"
    records = parse_out(exported(idx, kind, "--format", "jsonl", "--outlet", "Associated Press"), "jsonl")
    assert {r["title"] for r in records} == {HOSTILE_TITLE}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_manifest_beside_output_matches_the_index(idx, tmp_path):
    corpus, index_dir = idx
    out = tmp_path / "hik.csv"
    result = run(idx, "export", "claims", "--company", "Hikvision", "-o", str(out))
    assert result.stdout == ""
    assert f"to {out}" in result.stderr
    rows = csv_rows(out.read_text(encoding="utf-8"))
    m = json.loads((tmp_path / "hik.csv.manifest.json").read_text(encoding="utf-8"))
    assert m["rows"] == len(rows) > 0
    assert m["kind"] == "claims" and m["format"] == "csv" and m["columns"] == COLUMNS["claims"]
    assert m["filters"]["company"] == "Hikvision"
    assert m["query"] == ""
    assert "--company Hikvision" in m["command"] and m["argv"][:3] == ["newsindex", "export", "claims"]
    assert m["schema_version"] == SCHEMA_VERSION
    assert m["newsindex_version"] == __import__("newsindex").__version__
    assert m["index_generation"] == index_mod.generation(index_dir) >= 1
    assert m["index"] == os.path.abspath(index_dir)
    assert _dt.fromisoformat(m["created"].replace("Z", "+00:00")).utcoffset().total_seconds() == 0
    assert m["output"] == str(out) and m["output_sha256"] == _sha256(out)
    # every contributing article, and only those, with the hash of its file's bytes
    assert [s["article_id"] for s in m["sources"]] == sorted({r["article_id"] for r in rows})
    for s in m["sources"]:
        assert s["sha256"] == _sha256(corpus / s["path"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hik.csv", "hik.csv.manifest.json"]


def test_manifest_command_re_derives_the_same_bytes(idx, tmp_path):
    out = tmp_path / "figs.jsonl"
    run(idx, "export", "figures", "--unit", "USD", "--sort", "value", "-o", str(out))
    m = json.loads(Path(str(out) + ".manifest.json").read_text())
    out.unlink()
    assert m["format"] == "jsonl" and m["columns"] is None  # from the extension; full records
    again = CliRunner().invoke(cli, m["argv"][1:])
    assert again.exit_code == 0, again.output
    assert _sha256(out) == m["output_sha256"]


@pytest.mark.parametrize("kind", ["articles", "figures", "companies"])
def test_manifest_sources_per_kind(idx, tmp_path, kind):
    corpus, _ = idx
    target = tmp_path / "m.json"
    stdout = exported(idx, kind, "--format", "jsonl", "--since", "2019-10-01", "--manifest", str(target))
    m = json.loads(target.read_text())
    assert m["output"] == "-" and m["output_sha256"] == hashlib.sha256(stdout.encode()).hexdigest()
    assert m["filters"]["since"] == "2019-10-01"
    articles = parse_out(exported(idx, "articles", "--format", "jsonl", "--since", "2019-10-01"), "jsonl")
    by_id = {a["id"]: a for a in articles}
    records = parse_out(stdout, "jsonl")
    if kind == "articles":
        expected = {r["id"] for r in records}
    elif kind == "figures":
        expected = {r["article_id"] for r in records}
    else:
        names = {r["name"] for r in records}
        expected = {a["id"] for a in articles if names & {c["name"] for c in a["companies"]}}
    assert {s["article_id"] for s in m["sources"]} == expected
    assert expected and expected <= set(by_id)
    assert "ap_dahua.txt" not in {s["path"] for s in m["sources"]}  # published in May: filtered out
    for s in m["sources"]:
        assert s["sha256"] == by_id[s["article_id"]]["sha256"] == _sha256(corpus / s["path"])


@pytest.mark.parametrize("args,message", [
    (["figures", "--fields", "id,valeu"], "unknown field 'valeu' for figures; valid fields: id, article_id"),
    (["articles", "--unit", "USD"], "--unit does not apply to articles"),
    (["claims", "--since", "not a date"], "--since"),
    (["figures", "--min", "lots"], "--min"),
    (["figures", "--sort", "value", "--format", "xlsx"], "xlsx"),
    (["companies", "--sort", "date"], "--sort date does not apply to companies"),
    (["claims", "text:(unclosed"], ""),
])
def test_usage_errors_exit_2_with_one_line(idx, tmp_path, args, message):
    out = tmp_path / "x.csv"
    result = run(idx, "export", *args, "-o", str(out), ok=False)
    assert result.exit_code == 2, (result.output, result.stderr)
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() and not Path(str(out) + ".manifest.json").exists()


def test_unwritable_output_is_a_runtime_error(idx, tmp_path):
    result = run(idx, "export", "claims", "-o", str(tmp_path / "no" / "such" / "dir.csv"), ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write") and result.stderr.count("\n") == 1


def test_export_without_index_builds_from_corpus(tmp_path):
    corpus = _make_corpus(tmp_path / "corpus")
    result = CliRunner().invoke(cli, ["export", "articles", "--corpus", str(corpus), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert len(csv_rows(result.stdout)) == 3


def _long_article(i: int) -> str:
    """A Bloomberg-style wire story with many attributed quotes (an export bigger than a pipe's buffer)."""
    paragraphs = [f"Hikvision expands plant {i} as demand grows", "By Sam Field", ""]
    for n in range(60):
        paragraphs.append(
            f'"We will keep investing in plant number {i}-{n} because customers across Asia and Europe keep '
            f'asking for more cameras, more storage and more software," Hikvision spokesperson Chen Lu said '
            f'in an emailed statement on Tuesday.\n'
        )
    return "\n".join(paragraphs)


def test_broken_pipe_ends_quietly(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(4):
        (corpus / f"bloomberg_{i}.txt").write_text(_long_article(i), encoding="utf-8")
    index_dir = tmp_path / "index"
    index_mod.build(corpus, index_dir, workers=1)
    exe = Path(sys.executable).with_name("newsindex")
    command = [str(exe), "export", "claims", "--index", str(index_dir), "--format", "jsonl"]
    full = exported((corpus, index_dir), "claims", "--format", "jsonl")
    assert len(full.encode()) > 128 * 1024, "the export must be larger than a pipe's buffer (64 KiB)"
    env = {k: v for k, v in os.environ.items() if k not in ("NEWSINDEX_RAISE_ERRORS", "PYTEST_CURRENT_TEST")}
    piped = subprocess.run(["sh", "-c", " ".join(f"'{c}'" for c in command) + " | head -1"],
                           capture_output=True, env=env)
    first = piped.stdout.decode().splitlines()[0]
    assert json.loads(first)["id"]
    assert b"Traceback" not in piped.stderr and b"Error" not in piped.stderr, piped.stderr
    # the exit status of the exporter itself
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    assert b"Traceback" not in err and err == b""
