"""Tables a person can read at 80, 100 and 120 columns (issue 19, point 5), recorded with rich's console.

ids and dates never wrap, the text column gets the width, every row is at most six lines, and the
short ids the tables show are accepted by `show` and `explain`.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from newsindex import ledger
from newsindex import search as S
from newsindex.cli import cli
from newsindex.index import open_index
from newsindex.query.shortids import MIN_LENGTH, short_id, short_ids, unique_length
from newsindex.records import Claim, Figure
from newsindex.render.fit import MAX_LINES
from newsindex.render.views import print_article, print_ledger, print_results

WIDTHS = [80, 100, 120]

# Our own samples: a long quotation, a long reported claim and a long speaker, in three outlets' styles.
LONG_QUOTE = ("\"We have invested in every part of the harbour's camera network, from the ferry terminals to the "
              "container yards, and we expect the new system to cut the time it takes to find a lost child "
              "from hours to minutes,\" said Dana Kerrigan, the port authority's head of operations, adding "
              "that the contract with Brackwell Systems would run for seven years and could be extended twice.")
LONG_REPORTED = ("Brackwell Systems told investors on Tuesday that orders for its thermal cameras had doubled "
                 "in the first half, driven by demand from ports, airports and city councils across "
                 "South-east Asia, and that it expected revenue to grow by a third this year.")
ARTICLES = {
    "harbour.txt": ("Harbour cameras contract goes to Brackwell\n\nHarbour City - " + LONG_QUOTE + "\n\n"
                    + LONG_REPORTED + "\n",
                    {"outlet": "The Coastal Ledger", "published": "2021-03-04",
                     "title": "Harbour cameras contract goes to Brackwell"}),
    "brackwell.txt": ("Brackwell orders double\n\nSINGAPORE - " + LONG_REPORTED + "\n",
                      {"outlet": "South China Morning Post", "published": "2021-07-19",
                       "title": "Brackwell orders double"}),
}


def _parser(path: Path, rel: str, source):
    from newsindex.index import parse_source

    article = parse_source(path, rel, source)
    aid = article.id
    claims, figures = [], []
    if path.name == "harbour.txt":
        claims.append(Claim(id=f"{aid}:c1", text=LONG_QUOTE, quote=True, verb="said", companies=["Brackwell Systems"],
                            speaker="Dana Kerrigan, the port authority's head of operations and security"))
    for n in range(2, 14):  # enough claims for a two-digit suffix (`:c13`)
        claims.append(Claim(id=f"{aid}:c{n}", text=LONG_REPORTED, speaker="Brackwell Systems", verb="told",
                            companies=["Brackwell Systems"]))
    for n, (text, value) in enumerate([("a third", 33.3), ("doubled", 100.0)], 1):
        figures.append(Figure(id=f"{aid}:f{n}", text=text, value=value, unit="percent", metric="growth",
                              companies=["Brackwell Systems"], sentence=LONG_REPORTED))
    article.claims, article.figures = claims, figures
    return article


@pytest.fixture(scope="module")
def tables_index(tmp_path_factory):
    from newsindex.index import build

    root = tmp_path_factory.mktemp("tables")
    corpus = root / "corpus"
    corpus.mkdir()
    lines = []
    for name, (text, meta) in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
        lines += ["[[source]]", f'file = "{name}"', *(f'{k} = "{v}"' for k, v in meta.items()), ""]
    (corpus / "sources.toml").write_text("\n".join(lines), encoding="utf-8")
    report = build(corpus, root / "index", parser=_parser)
    assert not report.failed, report.failed
    return corpus, root / "index"


def recorded(width: int, draw) -> str:
    con = Console(record=True, width=width, file=io.StringIO(), no_color=True)
    draw(con)
    return con.export_text()


def table_rows(text: str) -> list[list[str]]:
    """The body rows of the first table in `text`, each as its lines (rows are ruled apart)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("┡"))
    end = next(i for i, line in enumerate(lines) if line.startswith("└"))
    if not any(line.startswith("├") for line in lines[start:end]):  # rows of one line: not ruled apart
        return [[line] for line in lines[start + 1:end]]
    rows, current = [], []
    for line in lines[start + 1:]:
        if line.startswith(("├", "└")):
            rows.append(current)
            current = []
            if line.startswith("└"):
                break
        elif line.startswith("│"):
            current.append(line)
    return rows


def first_cells(row: list[str]) -> str:
    return " ".join(line.split("│")[1].strip() for line in row)


def search(index, kind, query=None, **kw):
    return S.search(kind, query, S.Filters(), index_dir=index, limit=0, short_ids=True, **kw)


@pytest.mark.parametrize("width", WIDTHS)
def test_claims_table_rows_are_short_and_ids_unbroken(tables_index, width):
    """The issue's Done-when: each claim in at most 6 lines, its id unbroken (and at 80 and 120 too)."""
    result = search(tables_index[1], "claims")
    text = recorded(width, lambda con: print_results(result, console=con))
    assert max(len(line) for line in text.splitlines()) <= width
    rows = table_rows(text)
    assert len(rows) == len(result.rows) == 25
    for row, record in zip(rows, result.rows):
        assert 1 <= len(row) <= MAX_LINES, row
        short = result.short_ids[record["id"]]
        assert short in row[0], (short, row[0])  # on one line: never wrapped
        assert record["published"] in "\n".join(row)  # the date too
    long_row = rows[[r["id"] for r in result.rows].index(next(r["id"] for r in result.rows if r["quote"]))]
    assert long_row[-1].rstrip(" │").endswith("…")  # a cut claim says so


@pytest.mark.parametrize("width", WIDTHS)
def test_claim_column_gets_the_width(tables_index, width):
    result = search(tables_index[1], "claims")
    text = recorded(width, lambda con: print_results(result, console=con))
    header = text.splitlines()[0]
    widest = max(len(cell) for cell in re.split("┳", header.strip("┏┓")))
    assert widest >= width // 2 - 8  # the claim column is the widest by far


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind,query", [("figures", None), ("figures", "orders"), ("articles", None),
                                        ("articles", "cameras")])
def test_figures_and_search_tables(tables_index, width, kind, query):
    result = search(tables_index[1], kind, query)
    text = recorded(width, lambda con: print_results(result, console=con))
    assert max(len(line) for line in text.splitlines()) <= width
    rows = table_rows(text) if len(result.rows) > 1 else None
    joined = text
    for record in result.rows:
        assert result.short_ids[record["id"]] in joined
        assert record["published"] in joined
    if rows:
        assert all(len(r) <= MAX_LINES for r in rows)


@pytest.mark.parametrize("width", WIDTHS)
def test_show_lists_claims_and_figures_with_short_ids(tables_index, width):
    ix = open_index(tables_index[1])
    try:
        rec = S.show(S.search("articles", "harbour", S.Filters(), index_dir=ix).rows[0]["id"], index_dir=ix)
        ids = [rec["id"]] + [x["id"] for k in ("claims", "figures") for x in rec[k]]
        shorts = short_ids(ix, ids)
    finally:
        ix.close()
    text = recorded(width, lambda con: print_article(rec, console=con, short_ids=shorts))
    assert max(len(line) for line in text.splitlines()) <= width
    for x in rec["claims"] + rec["figures"]:
        assert re.search(rf"│ {re.escape(shorts[x['id']])} +│", text), x["id"]


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_sentence_column_is_readable(tables_index, width):
    ix = open_index(tables_index[1])
    try:
        rows = list(S.iter_rows("figures", None, S.Filters(), index_dir=ix, sort="date", reverse=True))
        groups = ledger.build_ledger(rows)
        shorts = short_ids(ix, [e.id for g in groups for e in g.entries])
    finally:
        ix.close()
    assert groups
    text = recorded(width, lambda con: print_ledger(groups, "", console=con, short_ids=shorts))
    assert max(len(line) for line in text.splitlines()) <= width
    rows = table_rows(text)
    assert all(len(r) <= MAX_LINES for r in rows)
    for e in groups[0].entries:
        assert shorts[e.id] in text and e.published in text
    header = text.splitlines()[1]
    assert max(len(c) for c in re.split("┳", header.strip("┏┓"))) >= 30  # the sentence, not 10 wide


def test_companies_caption_says_how_rows_are_sorted(index_dir):
    result = search(index_dir, "companies")
    assert result.rows
    text = recorded(100, lambda con: print_results(result, console=con))
    assert "(by number of articles)" in text and "newest first" not in text


# ------------------------------------------------------------------ short ids


@given(st.sets(st.text("0123456789abcdef", min_size=12, max_size=12), min_size=1, max_size=60))
def test_short_prefixes_are_unique_and_at_least_eight(ids):
    ordered = sorted(ids)
    shorts = []
    for i, aid in enumerate(ordered):
        n = unique_length(aid, ordered[i - 1] if i else None, ordered[i + 1] if i + 1 < len(ordered) else None)
        assert MIN_LENGTH <= n <= 12
        shorts.append(aid[:n])
    for s, aid in zip(shorts, ordered):
        assert [a for a in ordered if a.startswith(s)] == [aid]


@pytest.mark.parametrize("full,length,expected", [
    ("3f8d35fd3f84:c12", 8, "3f8d35fd:c12"),
    ("3f8d35fd3f84:f1", 10, "3f8d35fd3f:f1"),
    ("3f8d35fd3f84", 8, "3f8d35fd"),
    ("3f8d35fd3f84:company:Acme", 8, "3f8d35fd:company:Acme"),
])
def test_short_id_keeps_the_suffix(full, length, expected):
    assert short_id(full, length) == expected


@pytest.mark.parametrize("command", ["show", "explain"])
def test_short_ids_from_a_table_work_in_show_and_explain(tables_index, command):
    corpus, index_dir = tables_index
    result = search(index_dir, "claims")
    for record in result.rows[:3]:
        short = result.short_ids[record["id"]]
        assert len(short) < len(record["id"])
        out = CliRunner().invoke(cli, [command, short, "--format", "jsonl", "--index", str(index_dir),
                                       "--corpus", str(corpus)])
        assert out.exit_code == 0, out.output
        assert record["article_id"] in out.stdout
        if command == "explain":
            assert f'"id": "{record["id"]}"' in out.stdout
