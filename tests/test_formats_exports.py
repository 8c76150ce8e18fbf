"""News-database exports (issue 16, parts 4 and 5): Nexis Uni (.docx and text), LexisNexis text
exports and Factiva exports (HTML, XML), many articles per file.

The samples in tests/formats/ are written for these tests in each database's layout (no vendor's
text); the Nexis Uni Word file is made here from the same text with the standard library's zipfile.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner

from newsindex.cli import cli
from newsindex.parse import iter_parse

FIXTURES = Path(__file__).resolve().parent / "formats"
NBSP = "\u00a0"

NEXIS_TEXT = (FIXTURES / "nexis-uni-export.txt").read_text(encoding="utf-8")
COVER = ("User Name: Test Reader\nDate and Time: Monday, May 6, 2024 10:00:00 AM EST\nJob Number: 123456789\n"
         "Documents (2)\n1. Delivery app fined for tracking riders\nClient/Matter: -None-\n")


def make_docx(path: Path, text: str) -> None:
    """A minimal Word file: one paragraph per line, a form feed as a page break."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paras = []
    for line in text.split("\n"):
        runs = "".join(f'<w:r><w:br w:type="page"/></w:r>' if piece == "\f" else
                       f'<w:r><w:t xml:space="preserve">{escape(piece)}</w:t></w:r>'
                       for piece in line.replace("\f", "\0\f\0").split("\0") if piece)
        paras.append(f"<w:p>{runs}</w:p>")
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{"".join(paras)}</w:body></w:document>'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", document)


# the Nexis Uni samples with the no-break space after each label, as Nexis Uni writes them
NEXIS_NBSP = NEXIS_TEXT
for label in ("Section:", "Length:", "Byline:", "Language:", "Publication-Type:", "Subject:", "Load-Date:"):
    NEXIS_NBSP = NEXIS_NBSP.replace(label + " ", label + NBSP)

# (file, part) -> title, outlet, published, author, body start, body end, format, extra fields
ARTICLES = {
    ("lexisnexis-export.txt", 1): ("Harbour city doubles its camera network", "The Coastal Ledger", "2019-11-06",
                                   "Mina Okafor", "The harbour authority said on Sunday",
                                   "before the first cameras go up.", "lexisnexis",
                                   {"section": "NEWS; Pg. A4", "length": "96 words", "load_date": "November 7, 2019"}),
    ("lexisnexis-export.txt", 2): ("Chip maker delays its new plant", "Financial Times", "2020-03-03",
                                   "Priya Nandakumar", "A chip maker said it would delay",
                                   "fell 3.5 per cent after the announcement.", "lexisnexis",
                                   {"section": "COMPANIES; Pg. 14", "load_date": "March 4, 2020"}),
    ("lexisnexis-export.txt", 3): ("Tram line extension approved", "The Coastal Ledger", "2019-04-22", None,
                                   "The city council approved", "due to start next spring.", "lexisnexis",
                                   {"section": "LOCAL; Pg. 2"}),
    ("nexis.docx", 1): ("Delivery app fined for tracking riders", "The Guardian", "2023-05-02", "Sofia Lindqvist",
                        "A data protection regulator has fined", "two years after a rider left.", "nexis",
                        {"length": "58 words", "load_date": "May 3, 2023"}),
    ("nexis.docx", 2): ("Memory chip prices fall for a third month", "Reuters", "2022-11-08",
                        "Priya Nandakumar; Sam Cole", "Contract prices for memory chips", "as phone makers cut orders.",
                        "nexis", {"section": "TECHNOLOGY", "load_date": "November 9, 2022"}),
    ("nexis.txt", 1): ("Delivery app fined for tracking riders", "The Guardian", "2023-05-02", "Sofia Lindqvist",
                       "A data protection regulator has fined", "two years after a rider left.", "nexis",
                       {"length": "58 words"}),
    ("nexis.txt", 2): ("Memory chip prices fall for a third month", "Reuters", "2022-11-08",
                       "Priya Nandakumar; Sam Cole", "Contract prices for memory chips", "as phone makers cut orders.",
                       "nexis", {}),
    ("factiva-export.html", 1): ("Harbour city doubles its camera network", "The Coastal Ledger", "2019-11-06",
                                 "Mina Okafor", "The harbour authority said on Sunday",
                                 "The council will vote on the plan in December.", "factiva", {"wc": "96 words"}),
    ("factiva-export.html", 2): ("Un fabricant de puces retarde sa nouvelle usine", "L'Écho du Port", "2020-03-03",
                                 "Claire Dubois", "Un fabricant de puces a annoncé mardi",
                                 "L'action a reculé de 3,5 % après l'annonce.", "factiva", {}),
    ("factiva-export.xml", 1): ("Memory chip prices fall for a third month", "Reuters", "2022-11-08",
                                "Priya Nandakumar; Sam Cole", "Contract prices for memory chips fell",
                                "two traders said.", "factiva", {}),
    ("factiva-export.xml", 2): ("Tram line extension approved", "The Coastal Ledger", "2019-04-22", None,
                                "The city council approved", "of the tram line on Monday.", "factiva", {}),
}
# file -> articles read, parts skipped with a warning
COUNTS = {"lexisnexis-export.txt": (3, 0), "nexis.docx": (2, 0), "nexis.txt": (2, 0),
          "factiva-export.html": (2, 1), "factiva-export.xml": (2, 0)}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("exports")
    for name in ("lexisnexis-export.txt", "factiva-export.html", "factiva-export.xml"):
        (root / name).write_bytes((FIXTURES / name).read_bytes())
    make_docx(root / "nexis.docx", COVER + "\f" + NEXIS_NBSP.replace("End of Document\n", "End of Document\n\f"))
    (root / "nexis.txt").write_text(NEXIS_NBSP, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def parsed(folder):
    out: dict[str, list] = {}
    for item in iter_parse([folder], use_sources=False):
        assert hasattr(item, "path"), item
        out.setdefault(Path(item.path).name, []).append(item)
    return out


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_export_article_fields(parsed, key):
    name, part = key
    title, outlet, published, author, first, last, fmt, extra = ARTICLES[key]
    a = next(i for i in parsed[name] if hasattr(i, "to_dict") and i.part == part)
    assert (a.title, a.outlet, a.published, "; ".join(a.authors) or None, a.format, a.published_source) == (
        title, outlet, published, author, fmt, fmt)
    assert a.body.startswith(first) and a.body.endswith(last)
    for key_, value in extra.items():
        assert a.format_fields[key_] == value
    assert "Load-Date" not in a.body and "LOAD-DATE" not in a.body and "Copyright" not in a.body


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_articles_counted(parsed, name):
    articles = [i for i in parsed[name] if hasattr(i, "to_dict")]
    skipped = [i for i in parsed[name] if not hasattr(i, "to_dict")]
    assert (len(articles), len(skipped)) == COUNTS[name]


def test_load_date_is_not_the_publication_date(parsed):
    a = next(i for i in parsed["lexisnexis-export.txt"] if hasattr(i, "to_dict") and i.part == 1)
    assert a.published == "2019-11-06" and a.format_fields["load_date"] == "November 7, 2019"


def test_factiva_ids_companies_and_time(parsed):
    html = [i for i in parsed["factiva-export.html"] if hasattr(i, "to_dict")]
    assert [a.source_id for a in html] == ["CSTLDG0020191106efb60000b", "ECHOPT0020200303eg330000c"]
    assert html[1].published_at == "2020-03-03T07:15:00+00:00" and html[1].language == "fr"
    codes = {c.name: c.aliases for c in html[0].companies if c.rule == "factiva" or "lmvwsy" in c.aliases}
    assert codes["Lumaview Systems"] == ["lmvwsy"] or "lmvwsy" in codes["Lumaview Systems"]
    skipped = [i for i in parsed["factiva-export.html"] if not hasattr(i, "to_dict")]
    assert skipped[0].part == 3 and "no headline" in skipped[0].reason


def test_same_article_in_two_exports_has_one_id(folder, tmp_path):
    # the Factiva accession number is the id: the same article exported twice is indexed once
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "week1.html").write_bytes((FIXTURES / "factiva-export.html").read_bytes())
    (corpus / "week1-again.html").write_bytes((FIXTURES / "factiva-export.html").read_bytes().replace(b"December", b"January"))
    result = CliRunner().invoke(cli, ["build", "--corpus", str(corpus)])
    assert "the same article as one already indexed" in result.stderr
    rows = CliRunner().invoke(cli, ["search", "--corpus", str(corpus), "--format", "jsonl"]).stdout.splitlines()
    assert len(rows) == 2


def test_a_word_file_that_is_not_an_export_is_refused(tmp_path):
    make_docx(tmp_path / "letter.docx", "Dear editor,\nPlease find my letter attached.\n")
    result = CliRunner().invoke(cli, ["parse", str(tmp_path / "letter.docx")])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'letter.docx'}: a Word document that is not a Nexis Uni export (no \"End of Document\" "
        "line) — newsindex reads Word files only as Nexis Uni exports"]


def test_build_and_search_exports(folder, tmp_path):
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(folder, corpus)
    runner = CliRunner()
    built = runner.invoke(cli, ["build", "--corpus", str(corpus)])
    assert built.exit_code == 0, built.output
    assert "added 5" in built.stderr and "Warning: factiva-export.html: part 3:" in built.stderr
    rows = [json.loads(x) for x in runner.invoke(
        cli, ["search", "--corpus", str(corpus), "--format", "jsonl", "--limit", "0"]).stdout.splitlines()]
    assert len(rows) == 11
    tram = [json.loads(x) for x in runner.invoke(
        cli, ["search", "tram", "--corpus", str(corpus), "--format", "jsonl", "--sort", "date"]).stdout.splitlines()]
    assert {(r["outlet"], r["published"]) for r in tram} == {("The Coastal Ledger", "2019-04-22")}
    assert len(tram) == 2  # the LexisNexis and the Factiva copy
    ft = [json.loads(x) for x in runner.invoke(
        cli, ["search", "--outlet", "FT", "--corpus", str(corpus), "--format", "jsonl"]).stdout.splitlines()]
    assert [r["title"] for r in ft] == ["Chip maker delays its new plant"]
