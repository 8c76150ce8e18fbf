"""Exports: csv/json/jsonl writers, columns, formula-injection guard, streaming, atomic files."""

from __future__ import annotations

import csv
import io
import json
import os
import tracemalloc

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
    "warnings": [],
}
CLAIM = {
    "id": "a1b2c3:c0", "text": "\"Demand is strong,\" the spokesperson said.", "speaker": "Nvidia spokesperson",
    "verb": "said", "quote": True, "companies": ["Nvidia"], "figures": [], "paragraph": 3, "start": 10,
    "end": 50, "rule": "quote-said", "speaker_text": "the spokesperson",
    "article_id": "a1b2c3", "title": "Chipmaker's shares jump", "outlet": "Reuters", "published": "2021-03-04",
}
FIGURE = {
    "id": "a1b2c3:f0", "text": "US$7.5 billion", "value": 7500000000.0, "unit": "USD", "qualifier": "about",
    "subject": "valuation", "metric": "valuation", "companies": ["Nvidia", "Arm"],
    "sentence": "The deal values Arm at about US$7.5 billion, people familiar said.", "paragraph": 1,
    "start": 0, "end": 14, "rule": "money", "low": None, "high": None, "vague": False, "group": None,
    "converted_from": None, "article_id": "a1b2c3", "title": "Chipmaker's shares jump", "outlet": "Reuters",
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
    (" =x", " =x", "TRAP: leading space (not a trigger)"),
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


EXPECTED_CSV_ROWS = {
    "articles": {"id": "a1b2c3", "path": "reuters/chips.txt", "outlet": "Reuters", "published": "2021-03-04",
                 "title": "Chipmaker's shares jump, analysts say \"cautious\"", "author": "Jane Doe; John Roe",
                 "url": "https://www.reuters.com/x", "sha256": "ab" * 32, "companies": "Nvidia; Arm",
                 "claims": "1", "figures": "2", "warnings": ""},
    "claims": {"id": "a1b2c3:c0", "article_id": "a1b2c3", "outlet": "Reuters", "published": "2021-03-04",
               "title": "Chipmaker's shares jump", "speaker": "Nvidia spokesperson", "verb": "said",
               "quote": "true", "text": "\"Demand is strong,\" the spokesperson said.", "companies": "Nvidia",
               "figures": "", "paragraph": "3"},
    "figures": {"id": "a1b2c3:f0", "article_id": "a1b2c3", "outlet": "Reuters", "published": "2021-03-04",
                "title": "Chipmaker's shares jump", "text": "US$7.5 billion", "value": "7500000000", "unit": "USD",
                "qualifier": "about", "subject": "valuation", "metric": "valuation", "companies": "Nvidia; Arm",
                "sentence": "The deal values Arm at about US$7.5 billion, people familiar said.",
                "paragraph": "1", "low": "", "high": "", "group": ""},
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
    "articles": ["id", "path", "outlet", "published", "title", "author", "url", "sha256", "companies", "warnings"],
    "claims": ["id", "article_id", "outlet", "published", "title", "speaker", "verb", "text", "companies",
               "figures"],
    "figures": ["id", "article_id", "outlet", "published", "title", "text", "unit", "qualifier", "subject",
                "metric", "companies", "sentence", "group"],
    "companies": ["name", "kind", "aliases"],
}
TRIGGERS = ["=HYPERLINK(\"http://x\",\"y\")", "+cmd", "-cmd", "@cmd", "\tcmd", "\rcmd"]
LIST_COLUMNS = {"companies", "figures", "warnings", "aliases"}


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
    ["=1+1", "+", "-", "@", "\t", "\r", "\r\n", "\n", "\"", "\"\"", ",", "a,\"b\"\nc", "ü€😀", "'=x"])


def _expected_csv_text(value: str) -> str:
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


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


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_streaming_memory_is_bounded(fmt):
    n = 100_000
    tracemalloc.start()
    try:
        sink = Sink()
        assert write_rows(_many(n), fmt, sink, kind="claims") == n
        _, streaming_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        materialised = list(_many(n))
        _, materialised_peak = tracemalloc.get_traced_memory()
        del materialised
    finally:
        tracemalloc.stop()
    assert sink.chars > 10_000_000
    assert streaming_peak < 5_000_000, streaming_peak
    assert streaming_peak * 10 < materialised_peak


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
