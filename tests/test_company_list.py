"""The general gazetteer (data/gazetteer.json, listed companies) and the place/currency tables.

Samples are written for these tests. Rows: (id, text, expected [(canonical, surface)]).
TRAP rows expect nothing (or only what is listed): a common word, a person, a place.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsindex.extract.companies import Gazetteer, find_mentions
from newsindex.parse import parse_file
from newsindex.records import Mention
from newsindex.extract.companies.general import CompanyList, company_list, currency_codes, places

GAZ = Gazetteer.default()


def pairs(text):
    return [(m.name, m.alias) for m in find_mentions(text) if m.kind != "product"]


ROWS = [
    ("plain", "Pfizer raised its forecast.", [("Pfizer", "Pfizer")]),
    ("multi-word", "Goldman Sachs advised the buyer.", [("Goldman Sachs", "Goldman Sachs")]),
    ("legal-suffix-kept", "Tesco PLC said sales rose.", [("Tesco", "Tesco PLC")]),
    ("comma-suffix", "shares of Workday, Inc. fell", [("Workday", "Workday, Inc.")]),
    ("short-form", "Toyota Motor Corp. recalled cars; Toyota said", [("Toyota", "Toyota Motor Corp."), ("Toyota", "Toyota")]),
    ("possessive", "AstraZeneca's vaccine", [("AstraZeneca", "AstraZeneca")]),
    ("hyphen-line-break", "shares of Coca-\nCola rose", [("Coca-Cola", "Coca-\nCola")]),
    ("common-word-in-context", "Shell said profit fell.", [("Shell", "Shell")]),
    ("common-word-mid-sentence", "the deal with Target was signed", [("Target", "Target")]),
    ("common-word-once-in-context", "Target cut prices. Analysts said Target would gain.",
     [("Target", "Target"), ("Target", "Target")]),
    ("common-word-after-noun", "the retailer Next reported", [("Next", "Next")]),
    ("ford-with-verb", "Ford said it would recall trucks.", [("Ford Motor", "Ford")]),
    # traps
    ("trap-common-word-opener", "Next, the minister spoke. Target dates were missed.", []),
    ("trap-lower-case", "a shell company with a sharp target", []),
    ("trap-person", "Harrison Ford starred in it.", []),
    ("trap-longer-name", "the Sharp Eyes programme", []),
    ("given-name-with-suffix", "Dana Inc. said sales rose.", [("Dana", "Dana Inc.")]),
    ("given-name-after-shares", "Investors bought shares of Dana on Monday.", [("Dana", "Dana")]),
    ("trap-given-name-and-surname", "\"Orders grew,\" said Dana Kerrigan, the chief executive.", []),
    ("trap-given-name-and-surname-opening", "Dana Kerrigan joined the board in May.", []),
    ("trap-alias-inside-longer-name", "It fell. Analysts at Brackwell Partners cut their target.",
     [("Brackwell Partners", "Brackwell Partners")]),
    ("trap-alias-inside-longer-name-plain", "He met Brackwell Partners on Monday.", []),
    ("trap-headline", "Apple Pie Contest Draws Record Crowd At Fair\nThe fair opened.", []),
    ("trap-stoplisted", "listed on the Nasdaq exchange", []),
    # the hand-curated additions (gazetteer_extra.toml): clubs, tobacco and parts makers, companies
    # listed outside the index lists
    ("club", "Manchester United said revenue rose.", [("Manchester United", "Manchester United")]),
    ("club-short-form", "Man Utd posted record revenue.", [("Manchester United", "Man Utd")]),
    ("tobacco-initials", "The widow sued R.J. Reynolds Tobacco Co. in 2008.",
     [("R.J. Reynolds Tobacco", "R.J. Reynolds Tobacco Co.")]),
    ("parts-maker", "The recall involves airbag inflators made by Takata.", [("Takata", "Takata")]),
    ("bank-outside-indices", "Analysts at OCBC said rates would fall.", [("OCBC", "OCBC")]),
    ("holding-company", "He is chairman of Tata Sons.", [("Tata Sons", "Tata Sons")]),
    ("alias-of-a-listed-row", "Takeda said the drug worked.", [("Takeda Pharmaceutical", "Takeda")]),
    ("context-alias-in-context", "The miner Vale said output rose.", [("Vale SA", "Vale")]),
    # traps: a name that is also a place, a word or a given name needs corporate context
    ("trap-context-alias-opening", "Vale of Glamorgan council met. Celtic music played. Mars rovers roam.", []),
    ("trap-airline-in-country", "Flights to the United Arab Emirates resumed.", []),
    ("trap-club-city", "Liverpool voted for the plan.", []),
    # a company named again by the first word of its name
    ("first-word-short-form", "Novo Nordisk raised its forecast. Novo said demand was strong.",
     [("Novo Nordisk", "Novo Nordisk"), ("Novo Nordisk", "Novo")]),
    # traps: a given name, a word two companies share, a longer name
    ("trap-short-form-given-name", "Eli Lilly raised its forecast. Eli said he agreed.", [("Eli Lilly", "Eli Lilly")]),
    ("trap-short-form-shared", "Tata Motors and Tata Steel cut costs. Tata said more would follow.",
     [("Tata Motors", "Tata Motors"), ("Tata Steel", "Tata Steel")]),
    ("trap-short-form-longer-name", "Novo Nordisk raised its forecast. Novo Holdings owns a stake.",
     [("Novo Nordisk", "Novo Nordisk"), ("Novo Holdings", "Novo Holdings")]),
]


@pytest.mark.parametrize("text,expected", [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_general_gazetteer(text, expected):
    assert pairs(text) == expected


def test_size_and_source():
    table = json.loads(resources.files("newsindex.data").joinpath("gazetteer.json").read_text())
    assert table["_source"]["pytickersymbols"]
    assert len(company_list()) >= 1500
    assert len(GAZ.general) >= 1500


def test_canonical_knows_listed_companies():
    assert GAZ.canonical("Pfizer Inc.") == "Pfizer"
    assert GAZ.canonical("goldman sachs") == "Goldman Sachs"
    assert GAZ.canonical("Hikvision") == "Hikvision"  # the hand table still answers


def test_sector_on_mentions():
    (m,) = find_mentions("Pfizer advised.")
    assert m.sector == "pharma"


def test_ticker_lookup():
    assert company_list().ticker("NYSE", "F").name == "Ford Motor"
    assert company_list().ticker("LON", "TSCO").name == "Tesco"
    assert company_list().ticker("NYSE", "ZZZZZ") is None


def test_hand_table_wins_its_aliases():
    g = Gazetteer.from_tables({"company": [{"name": "Pfizer Holdings Test", "aliases": ["Pfizer"]}]})
    assert [m.name for m in find_mentions("Pfizer said.", g)] == ["Pfizer Holdings Test"]


def test_without_general():
    g = Gazetteer.from_tables({"company": []}, general=False)
    assert find_mentions("Pfizer said.", g) == [] or all(m.rule != "gazetteer" for m in find_mentions("Pfizer said.", g))


PLACES = [("Germany", True), ("nairobi", True), ("Lagos", True), ("Ontario", True), ("Africa", True),
          ("Pfizer", False), ("Tesco", False)]


@pytest.mark.parametrize("name,is_place", PLACES)
def test_places(name, is_place):
    assert (name.casefold() in places()) is is_place


@pytest.mark.parametrize("code", ["USD", "EUR", "KES", "NGN", "ZAR", "INR", "JPY"])
def test_currency_codes(code):
    assert code in currency_codes()


def test_matcher_on_a_small_table():
    cl = CompanyList([{"name": "Zeta Mining", "aliases": ["Zeta"], "context_aliases": ["Zeta"], "sector": "mining"},
                      {"name": "Omega Air", "aliases": []}])
    found = [(m.entry.name, m.start, m.end) for m in cl.find("Omega Air and Zeta Mining Ltd agreed.")]
    assert found == [("Omega Air", 0, 9), ("Zeta Mining", 14, 29)]


@given(st.text(max_size=300))
@settings(max_examples=150, deadline=None)
def test_any_text(text):
    for m in company_list().find(text):
        assert 0 <= m.start < m.end <= len(text)


# --- companies named outside the body: the headline, a caption ------------------------------

def _named(name: str) -> Mention:
    return Mention(name=name, alias=name, start=0, end=len(name), rule="gazetteer")


@pytest.mark.parametrize("body, named, expected", [
    # the surname after a company's initials is its short form, named in a caption or the headline
    ("The jury ruled against Reynolds on Friday. Reynolds said it would appeal.", ["R.J. Reynolds Tobacco"],
     [("R.J. Reynolds Tobacco", "Reynolds"), ("R.J. Reynolds Tobacco", "Reynolds")]),
    ("Novo said demand was strong.", ["Novo Nordisk"], [("Novo Nordisk", "Novo")]),
    # traps: a person bears the surname; a given name
    ("Ryan Reynolds starred in it. Reynolds said he loved it.", ["R.J. Reynolds Tobacco"], []),
    ("Eli said he agreed.", ["Eli Lilly"], []),
])
def test_short_forms_of_companies_named_elsewhere(body, named, expected):
    found = find_mentions(body, named=[_named(n) for n in named])
    assert [(m.name, m.alias) for m in found] == expected


CAPTION_ARTICLE = """\
Jury awards widow $30 million in smoking case

The widow sued R.J. Reynolds Tobacco Co. for the death of her husband, a smoker.
Jane Roe / Getty Images

A Florida jury on Friday ordered Reynolds to pay $30 million to the widow of a longtime smoker.

Reynolds said it would appeal the verdict, which it called excessive.
"""


def test_a_company_only_a_caption_names_in_full(tmp_path):
    p = tmp_path / "caption.txt"
    p.write_text(CAPTION_ARTICLE)
    article = parse_file(p)
    assert "The widow sued" not in article.body  # the caption stays out of the body
    (company,) = article.companies
    assert (company.name, company.rule) == ("R.J. Reynolds Tobacco", "short_form")
    assert company.mentions == 2
    assert any(c.companies == ["R.J. Reynolds Tobacco"] for c in article.claims)
