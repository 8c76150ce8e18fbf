"""Every stored field is exportable, in CSV too, and docs/export.md names exactly the exportable columns."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsindex.cli import cli
from newsindex.export import COLUMNS, EXTRA_COLUMNS, KINDS, columns_for, exportable, write_rows
from newsindex.records import Article, Claim, Company, DateCandidate, Figure

DOC = Path(__file__).resolve().parent.parent / "docs" / "export.md"


SHARED = "corrections and reviews (articles, claims and figures)"  # a table of columns three kinds share


def documented_columns() -> dict[str, list[tuple[str, str]]]:
    """table heading -> [(column, meaning)] from the tables under "## Columns" in docs/export.md."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("\n## Columns", 1)[1].split("\n## ", 1)[0]
    out: dict[str, list[tuple[str, str]]] = {}
    for part in section.split("\n### ")[1:]:
        heading = part.split("\n", 1)[0].strip()
        rows = re.findall(r"^\| `([a-z0-9_]+)` \| [^|]+ \| (.*) \|$", part, re.M)
        out[heading] = rows
    return out


def documented_for(kind: str) -> list[str]:
    """The columns docs/export.md gives `kind`: its own table, and the shared one where it applies."""
    docs = documented_columns()
    shared = [name for name, _ in docs[SHARED]] if kind in ("articles", "claims", "figures") else []
    return [name for name, _ in docs[kind]] + shared


def test_docs_name_every_kind():
    assert [h for h in documented_columns() if h != SHARED] == list(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_documented_column_is_accepted_by_fields(kind):
    names = documented_for(kind)
    assert columns_for(kind, names) == names


@pytest.mark.parametrize("kind", KINDS)
def test_every_exportable_column_is_documented_in_order(kind):
    shared = set(documented_for(kind)) - {name for name, _ in documented_columns()[kind]}
    assert sorted(documented_for(kind)) == sorted(exportable(kind))
    rows = documented_columns()[kind]
    assert [name for name, _ in rows] == [c for c in exportable(kind) if c not in shared]
    only_with_fields = [name for name, meaning in rows if "*`--fields` only*" in meaning]
    assert only_with_fields == EXTRA_COLUMNS[kind]


# every key of a record (docs/records.md) is a column of its kind, or maps to one
ARTICLE_KEYS_AS = {"companies": "company_records"}  # the `companies` column holds the names


@pytest.mark.parametrize("cls,kind", [(Claim, "claims"), (Figure, "figures")])
def test_every_claim_and_figure_key_is_exportable(cls, kind):
    record = cls(id="a:x1", text="t", **({"value": 1, "unit": "count"} if cls is Figure else {})).to_dict()
    assert set(record) <= set(exportable(kind)), set(record) - set(exportable(kind))


def test_every_article_key_is_exportable():
    record = Article(id="a", path="p", sha256="0" * 64, body="b").to_dict()
    keys = {ARTICLE_KEYS_AS.get(k, k) for k in record}
    assert keys <= set(exportable("articles")), keys - set(exportable("articles"))


def test_every_key_the_index_keeps_is_exportable(built):
    """What the index actually stores (not only the dataclasses) leaves nothing out."""
    corpus, index_dir = built
    for kind in ("articles", "claims", "figures", "companies"):
        result = CliRunner().invoke(cli, ["export", kind, "--format", "jsonl", "--index", str(index_dir),
                                          "--corpus", str(corpus)])
        assert result.exit_code == 0, result.output
        keys = set()
        for line in result.stdout.splitlines():
            keys |= set(json.loads(line))
        keys = {ARTICLE_KEYS_AS.get(k, k) for k in keys} if kind == "articles" else keys
        assert keys <= set(exportable(kind)), (kind, keys - set(exportable(kind)))


ARTICLE = Article(
    id="a1", path="x.txt", sha256="0" * 64, body="Body text.", title="T", outlet="Reuters", author="Jane Doe",
    authors=["Jane Doe", "Tom Roe"], site="Yahoo Finance", updated="2021-03-05", language="en",
    format_fields={"section": "Tech", "length": "300 words"},
    companies=[Company(name="Arm", mentions=2, aliases=["Arm", "Arm Holdings"], spans=[[0, 3], [9, 12]])],
    date_candidates=[DateCandidate("2021-03-04", "header", "March 4, 2021", True, "a labelled date line")],
).to_dict()


def csv_row(record: dict, kind: str, fields: list[str] | None = None) -> dict:
    buf = io.StringIO(newline="")
    write_rows([record], "csv", buf, kind=kind, fields=fields)
    return next(csv.DictReader(io.StringIO(buf.getvalue(), newline="")))


# (column, CSV cell): lists of text joined with "; ", objects and lists of objects as JSON text
ARTICLE_CELLS = [
    ("authors", "Jane Doe; Tom Roe"),
    ("site", "Yahoo Finance"),
    ("updated", "2021-03-05"),
    ("language", "en"),
    ("format", "text"),
    ("part", ""),
    ("companies", "Arm"),
    ("body", "Body text."),
    ("schema", "1"),
    ("format_fields", '{"length": "300 words", "section": "Tech"}'),
    ("date_candidates", '[{"accepted": true, "reason": "a labelled date line", "source": "header", '
                        '"text": "March 4, 2021", "value": "2021-03-04"}]'),
    ("company_records", '[{"aliases": ["Arm", "Arm Holdings"], "kind": "company", "known": true, "mentions": 2, '
                        '"name": "Arm", "rule": "gazetteer", "spans": [[0, 3], [9, 12]]}]'),
]


@pytest.mark.parametrize("column,cell", ARTICLE_CELLS, ids=[c for c, _ in ARTICLE_CELLS])
def test_article_columns_in_csv(column, cell):
    assert csv_row(ARTICLE, "articles", [column]) == {column: cell}


def test_structured_csv_cells_read_back_as_json():
    row = csv_row(ARTICLE, "articles", ["date_candidates", "format_fields", "company_records"])
    assert json.loads(row["date_candidates"])[0]["value"] == "2021-03-04"
    assert json.loads(row["format_fields"]) == {"section": "Tech", "length": "300 words"}
    assert json.loads(row["company_records"])[0]["spans"] == [[0, 3], [9, 12]]


def test_long_and_structured_columns_only_with_fields():
    header = set(csv_row(ARTICLE, "articles"))
    assert header == set(COLUMNS["articles"])
    assert not header & set(EXTRA_COLUMNS["articles"])


CLAIM = dict(Claim(id="a1:c1", text="Sales rose, he said.", speaker="Jane Doe", verb="said", rule="said_after",
                   speaker_text="he", speaker_role="Acme finance chief", start=4, end=24).to_dict(),
             article_id="a1")
FIGURE = dict(Figure(id="a1:f1", text="$5m", value=5e6, unit="AUD", rule="money", currency_source="outlet",
                     direction="down", vague=False, converted_from="a1:f0", start=7, end=10).to_dict(),
              article_id="a1")


@pytest.mark.parametrize("record,kind,expected", [
    (CLAIM, "claims", {"speaker_role": "Acme finance chief", "speaker_text": "he", "rule": "said_after",
                       "start": "4", "end": "24"}),
    (FIGURE, "figures", {"currency_source": "outlet", "rule": "money", "direction": "down", "vague": "false",
                         "converted_from": "a1:f0", "start": "7", "end": "10"}),
], ids=["claims", "figures"])
def test_provenance_columns_by_default_and_with_fields(record, kind, expected):
    row = csv_row(record, kind)
    assert {k: row[k] for k in expected} == expected
    assert csv_row(record, kind, list(expected)) == expected


def test_export_claims_fields_speaker_role(built):
    """The issue's example: `export claims --fields speaker_role` was refused."""
    corpus, index_dir = built
    result = CliRunner().invoke(cli, ["export", "claims", "--fields", "id,speaker_role,speaker_text,rule",
                                      "--index", str(index_dir), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "id,speaker_role,speaker_text,rule"


def test_export_articles_body_with_fields(built):
    corpus, index_dir = built
    result = CliRunner().invoke(cli, ["export", "articles", "--fields", "id,body", "--format", "jsonl",
                                      "--index", str(index_dir), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(set(r) == {"id", "body"} and r["body"] for r in rows)


def test_search_full_csv_carries_the_body(built):
    corpus, index_dir = built
    result = CliRunner().invoke(cli, ["search", "Hikvision", "--full", "--format", "csv", "--limit", "0",
                                      "--index", str(index_dir), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert rows and list(rows[0]) == COLUMNS["articles"] + ["body"]
    assert all("Hikvision" in r["body"] for r in rows)
