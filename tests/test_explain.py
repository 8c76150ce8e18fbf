"""explain: every record traced to its paragraph, span and rule.

The property test runs over every claim and figure the parser finds in the seed corpus, and
over articles written here in other outlets' styles; a hand-made Article pins the output shape
and the repair of a stored span that does not hold its text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsindex import explain as ex
from newsindex.errors import NotFound
from newsindex.parse import parse_paths, parse_text
from newsindex.records import Article, Claim, Company, DateCandidate, Figure

ROOT = Path(__file__).resolve().parents[1]

NIKKEI = """Sony to spend 1 trillion yen on image sensors

TOKYO -- Sony plans to invest about 1 trillion yen ($9.2 billion) in its image sensor business over the next three years, the company said on Tuesday.

"Demand for sensors in smartphones remains strong," Chief Financial Officer Hiroki Totoki told reporters, adding that the unit's market share stood at 51 per cent.

Sony's sensor revenue rose 12% to 1.06 trillion yen in the year to March, according to the company."""

GUARDIAN = """Police trial of facial recognition 'wrongly flagged' 96% of people

Campaigners said the Metropolitan police's trial of live facial recognition cameras in east London wrongly identified 96% of the people it flagged, according to figures obtained by Big Brother Watch.

"This is a disaster for civil liberties," said Silkie Carlo, the group's director. The force said it had scanned more than 8,600 faces during the eight deployments."""


def _articles():
    corpus = parse_paths([str(ROOT / "corpus")]).articles
    written = [parse_text(NIKKEI, path="nikkei_sony.txt"), parse_text(GUARDIAN, path="guardian_met.txt")]
    return corpus + written


ARTICLES = _articles()


def test_seed_corpus_parses():
    assert len(ARTICLES) == 7
    # the property test below is not vacuous: the seeds give claims, figures and date candidates
    seeds = ARTICLES[:5]
    assert sum(len(a.claims) for a in seeds) > 0 and sum(len(a.figures) for a in seeds) > 0
    assert all(a.date_candidates for a in seeds)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: Path(a.path).name)
def test_every_record_is_traceable(article):
    """Property: for every claim and figure, body[start:end] is its text, and explain names a rule and that span."""
    for rec in [*article.claims, *article.figures]:
        assert article.body[rec.start:rec.end] == rec.text, rec.id
        out = ex.explain(article, rec.id)
        assert out["rule"], rec.id
        assert out["span"] == [rec.start, rec.end] and out["span_source"] == "record"
        assert out["span_text"] == rec.text
        assert rec.text in out["paragraph_text"]
        hs, he = out["highlight"]
        assert out["paragraph_text"][hs:he] == rec.text
    for company in article.companies:
        out = ex.explain(article, f"{article.id}:company:{company.name}")
        for m in out["mentions"]:
            s, e = m["span"]
            assert m["text"] == article.body[s:e]
    art = ex.explain(article, article.id)
    assert art["kind"] == "article" and art["id"] == article.id
    assert len(art["date_candidates"]) == len(article.date_candidates)
    if article.published:
        assert any(c["accepted"] for c in art["date_candidates"]) or article.published_source is None
    assert sorted(ex.all_ids(article)) == sorted(
        [article.id] + [r.id for r in [*article.claims, *article.figures]]
        + [f"{article.id}:company:{c.name}" for c in article.companies])


def _handmade() -> Article:
    body = ("Hikvision said revenue rose 19 per cent.\n\n"
            "\"We are not worried,\" a spokesperson said. Sales reached $7.7bn last year.")
    a = Article(id="abcdef012345", path="x.txt", sha256="0", body=body, title="T", outlet="Reuters",
                published="2019-05-27", published_source="sources")
    a.figures = [
        Figure(id="abcdef012345:f1", text="19 per cent", value=19, unit="percent", paragraph=0,
               start=body.index("19 per cent"), end=body.index("19 per cent") + 11, rule="percent"),
        # a stored span that is off by a few characters: explain finds the text and says so
        Figure(id="abcdef012345:f2", text="$7.7bn", value=7.7e9, unit="USD", paragraph=1,
               start=body.index("$7.7bn") - 3, end=body.index("$7.7bn") + 3, rule="money"),
    ]
    a.claims = [Claim(id="abcdef012345:c1", text="\"We are not worried,\" a spokesperson said.",
                      speaker="Hikvision spokesperson", verb="said", quote=True, paragraph=1,
                      start=body.index("\"We"), end=body.index("said.", body.index("\"We")) + 5,
                      rule="quote-said", figures=[])]
    a.companies = [Company(name="Hikvision", mentions=1, aliases=["Hikvision"], spans=[[0, 9]], rule="gazetteer")]
    a.date_candidates = [
        DateCandidate("2019-05-27", "sources", "2019-05-27", True, "the corpus's sources sidecar"),
        DateCandidate("2019-02-14", "caption", "Thursday, Feb. 14, 2019", False, "a photo caption's date"),
    ]
    return a


def test_figure_explained():
    a = _handmade()
    out = ex.explain(a, "abcdef012345:f1")
    assert out["kind"] == "figure" and out["rule"] == "percent"
    assert out["paragraph"] == 0 and out["paragraph_text"] == "Hikvision said revenue rose 19 per cent."
    assert out["paragraph_text"][slice(*out["highlight"])] == "19 per cent"
    assert out["record"]["value"] == 19


def test_wrong_span_is_located_and_reported():
    a = _handmade()
    out = ex.explain(a, "abcdef012345:f2")
    assert out["span_source"] == "located"
    assert out["span_text"] == "$7.7bn" and out["recorded_span"] != out["span"]
    assert out["paragraph"] == 1


def test_claim_and_company_and_article():
    a = _handmade()
    claim = ex.explain(a, "abcdef012345:c1")
    assert claim["kind"] == "claim" and claim["rule"] == "quote-said"
    assert claim["highlight"] == [0, len(a.claims[0].text)]
    company = ex.explain(a, "abcdef012345:company:hikvision")
    assert company["mentions"][0]["text"] == "Hikvision" and company["rule"] == "gazetteer"
    art = ex.explain(a.to_dict(), "abcdef012345")  # a dict from the index works too
    assert [(c["source"], c["accepted"]) for c in art["date_candidates"]] == [("sources", True), ("caption", False)]
    assert art["date_candidates"][1]["reason"] == "a photo caption's date"
    assert art["published_source"] == "sources"


@pytest.mark.parametrize("target", [
    "abcdef012345:f9",  # no such figure
    "abcdef012345:c9",
    "abcdef012345:company:Huawei",
    "ffffff000000:f1",  # another article's id
    "abcdef012345:x1",
])
def test_unknown_ids_raise_not_found(target):
    with pytest.raises(NotFound):
        ex.explain(_handmade(), target)


@pytest.mark.parametrize("target, kind", [
    ("abcdef012345", "article"), ("abcdef012345:c1", "claim"), ("abcdef012345:f2", "figure"),
    ("abcdef012345:company:Hikvision", "company"),
])
def test_kind_of(target, kind):
    assert ex.kind_of(target) == kind
