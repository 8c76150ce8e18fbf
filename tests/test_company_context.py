"""Discovery by corporate context (companies.context) and the general stop tables.

Samples are written for these tests (invented company names, so that no gazetteer knows them).
Rows: (id, text, expected [(name, rule)]) for discovered companies only. TRAP rows: places,
people, currency codes, months, weekdays, government bodies, outlets and central banks.
"""

from __future__ import annotations

import pytest

from newsindex.extract.companies import find_mentions


def found(text):
    return [(m.name, m.rule) for m in find_mentions(text) if m.rule != "gazetteer"]


ROWS = [
    # tickers
    ("ticker-asx", "Shares in Kestrel Airways (ASX: KAW) fell 3 per cent.", [("Kestrel Airways", "ticker")]),
    ("ticker-nyse-no-space", "Brindlewood Corp. (NYSE:BWD) said", [("Brindlewood", "suffix")]),
    ("ticker-lse", "Marrowfield (LSE: MRW) cut its dividend.", [("Marrowfield", "ticker")]),
    ("ticker-nasdaq-ltd", "Quillon Therapeutics, Inc. (Nasdaq: QLN) priced its offering.",
     [("Quillon Therapeutics", "suffix")]),
    # shares
    ("shares-of", "Shares of Vantorra soared on their debut.", [("Vantorra", "shares")]),
    ("shares-in", "He bought shares in Orlenko Holdings.", [("Orlenko Holdings", "suffix")]),
    ("stake-in", "The fund took a stake in Pellaris last year.", [("Pellaris", "shares")]),
    ("shares-after", "Drummaret shares fell 4 per cent on Monday.", [("Drummaret", "shares")]),
    # possessive
    ("possessive-ceo", "Zanthor's chief executive resigned.", [("Zanthor", "possessive")]),
    ("possessive-profit", "Kelvara's net profit doubled.", [("Kelvara", "possessive")]),
    # titles
    ("title-boss", "Ostrevo boss Jane Dunmore said fares would fall.", [("Ostrevo", "title")]),
    ("trap-title-place", "Ostrava boss Jane Dunmore said fares would fall.", []),
    ("title-ceo", "Mirelle CEO Tom Askew joined the call.", [("Mirelle", "title")]),
    ("analyst", "said Peter Lane, a Harrowgate Securities analyst.", [("Harrowgate Securities", "title")]),
    ("analyst-plain", "said Peter Lane, a Brackwell analyst.", [("Brackwell", "title")]),
    # statements and corporate verbs
    ("statement", "Tovanex said in a statement that it would appeal.", [("Tovanex", "statement")]),
    ("statement-day", "Tovanex said on Tuesday in a statement that it would appeal.", [("Tovanex", "statement")]),
    ("laid-off", "Last week Quenby laid off 400 employees.", [("Quenby", "corporate")]),
    ("reported-net", "Ardwell reported a net loss for the quarter.", [("Ardwell", "corporate")]),
    ("acquired-by", "The blog agreed to be acquired by Norrex for $25 million.", [("Norrex", "corporate")]),
    # industry words and "Bank of"
    ("industry-motors", "Jadhav Motors on Wednesday said sales rose.", [("Jadhav Motors", "industry")]),
    ("industry-airways", "Velloria Airways cancelled flights.", [("Velloria Airways", "industry")]),
    ("industry-bank-common-word", "Equity Bank raised its lending rate.", [("Equity Bank", "industry")]),
    ("trap-development-bank", "The Asian Development Bank and the Central Bank raised forecasts.", []),
    ("bank-of", "the Royal Bank of Tarland cut 300 jobs", [("Royal Bank of Tarland", "bank_of")]),
    ("legal-possessor", "She left Hudgens\u2019s Bay Co. in 2007.", [("Hudgens\u2019s Bay", "suffix")]),
    ("legal-comma", "the acquisition of Brimley, Inc. closed", [("Brimley", "suffix")]),
    ("legal-comma-partners", "owned by Abbott, Fenwick & Co Ltd, the publisher", [("Abbott Fenwick & Co", "suffix")]),
    ("legal-after-dash", "July 27, 2006--Applied Wexford Group (NYSE: AWG) said", [("Applied Wexford Group", "suffix")]),
    ("press-release-source-label", "Revenue rose 8%.\n\nSOURCE Quillon Therapeutics, Inc.\n",
     [("Quillon Therapeutics", "suffix")]),
    ("source-as-a-name-word", "Source Vellum Corp. said revenue rose.", [("Source Vellum", "suffix")]),
    ("analysts-at-firm-with-listed-word", "Analysts at Brackwell Partners said margins would shrink.",
     [("Brackwell Partners", "corporate")]),
    # traps: places, people, currencies, months, weekdays, government bodies, outlets, central banks
    ("trap-place-shares", "Shares in London fell and shares of Germany's exporters rose.", []),
    ("trap-person-statement", "chief executive Mara Quill said in a statement that it was early.", []),
    ("trap-person-given-name", "Alan Joyce said in a statement that fares would fall.", []),
    ("trap-person-surname", "Joyce said in a statement that fares would fall.", []),
    ("trap-currency", "USD 750 million was raised; EUR shares rose.", []),
    ("trap-month", "January reported a net loss? No: March laid off nobody.", []),
    ("trap-weekday", "Monday said in a statement nothing.", []),
    ("trap-government", "the Finance Ministry said in a statement that taxes would rise", []),
    ("trap-central-bank", "the Bank of Canada raised rates; the Reserve Bank of Tarland held", []),
    ("trap-common-industry", "Clean Energy stocks rose as Social Media firms fell.", []),
    ("trap-outlet", "Reuters said in a statement it would not comment.", []),
    # an outlet named as a business is a company: a legal suffix, a stake, its founder, a purchase
    ("outlet-legal-suffix", "The investor will put $250 million into The Harbour Times Company.", [("Harbour Times", "suffix")]),
    ("outlet-legal-suffix-short-form", "It invested in The Harbour Times Company. The Times Company moved to raise money.",
     [("Harbour Times", "suffix"), ("Harbour Times", "suffix")]),
    ("outlet-word-stake", "The group will take a 26 per cent stake in Tarland Television.", [("Tarland Television", "shares")]),
    ("outlet-founder", "Gadget Ledger founder Jane Roe said she would stay on.", [("Gadget Ledger", "title")]),
    ("outlet-bought", "AOL agreed to buy TechCrunch for $30 million.", [("TechCrunch", "corporate")]),
    ("outlet-possessive-revenue", "TechCrunch's revenue rose last year.", [("TechCrunch", "possessive")]),
    ("outlet-repeated", "AOL agreed to buy TechCrunch. TechCrunch will keep its editors.",
     [("TechCrunch", "corporate"), ("TechCrunch", "corporate")]),
    # the firm a person with a corporate role works for
    ("affiliation-role-name-of", "Analyst Tom Feeney of Brackley Securities said the data were good.",
     [("Brackley Securities", "title")]),
    ("affiliation-name-role-of", "said Nia Okoro, chairman of Vantor Sons.", [("Vantor Sons", "title")]),
    ("affiliation-at", "said economist Jane Doe at Harrow Economics.", [("Harrow Economics", "title")]),
    ("affiliation-foreign-firm", "Analyst Ana Lima of Ativa Investimentos said results were in line.",
     [("Ativa Investimentos", "title")]),
    # a discovered name's first word before its industry word is the same company
    ("industry-name-short-form", "Kelvora Therapeutics released data. Kelvora chief executive Priya Raman spoke.",
     [("Kelvora Therapeutics", "industry"), ("Kelvora Therapeutics", "title")]),
    # traps: institutions and offices
    ("affiliation-ends-with-its-sentence", "said Nia Okoro, chief executive of Vantor Robotics. The firm grew.",
     [("Vantor Robotics", "title")]),
    ("trap-affiliation-university", "said professor Jane Doe of Harvard University.", []),
    ("trap-affiliation-office", "Jane Doe, chairman of Parliament, said the vote would wait.", []),
    ("trap-affiliation-committee", "said Jane Doe, chairman of the Senate Banking Committee.", []),
    ("trap-authority", "The Petroleum Safety Authority Norway said it had sent inspectors.", []),
    # traps: an outlet that reports, says or is quoted is a source, not a company
    ("trap-outlet-reported", "Shares rose 4 per cent, Reuters reported.", []),
    ("trap-outlet-said-it", "Bloomberg said it could not confirm the figures.", []),
    ("trap-outlet-newspaper", "The Wall Street Journal said the talks had stalled.", []),
    ("trap-outlet-word-said", "Tarland Television said the show would return.", []),
    ("trap-outlet-reports", "The widow died in 2009, the Associated Press reports.", []),
]


@pytest.mark.parametrize("text,expected", [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_context_rules(text, expected):
    assert found(text) == expected


def test_listed_company_confirmed_by_context():
    # a listed name that is also a word counts once its context says it is a company
    assert [(m.name, m.rule) for m in find_mentions("Shares of Target fell.")] == [("Target", "gazetteer")]


def test_sector_from_industry_word():
    (m,) = [m for m in find_mentions("Velloria Airways cancelled flights.")]
    assert m.sector == "airline"


COORDINATION = [
    ("with-listed", "Executives from Tesco, Brandle, Ovingham and Sainsbury's were questioned.",
     [("Brandle", "coordination"), ("Ovingham", "coordination")]),
    ("slash", "a vaccine made by Pfizer/Quantigen.", [("Quantigen", "coordination")]),
    ("with-discovered", "IPOs from Larkspur Genetics, Mellow Technologies, Intravo and Cellwise Dynamics.",
     [("Larkspur Genetics", "coordination"), ("Mellow Technologies", "suffix"), ("Intravo", "coordination"),
      ("Cellwise Dynamics", "coordination")]),
    ("said-it", "Norland said on Tuesday that it would close 40 stores.", [("Norland", "said_it")]),
    ("web-address", "Audience tracker Compeer.com estimates the traffic.", [("Compeer.com", "web")]),
    # traps: places, people and ordinary words listed with a company; a sentence end inside a run
    ("trap-places", "Tesco, Britain and Germany signed.", []),
    ("trap-person", "Tesco and Alan Joyce spoke.", []),
    ("trap-sentence-end", "Pfizer and Mellow Technologies. Additionally, the firm grew.", [("Mellow Technologies", "suffix")]),
    ("trap-legal-only", "Hearst-Argyle Television, Inc. (NYSE: HTV) said", [("Hearst-Argyle Television", "suffix")]),
    ("trap-said-it-person", "Smith said it would rain.", []),
    ("analysts-at", "Analysts at Borrowdale said in a note that the rand fell.", [("Borrowdale", "corporate")]),
    ("brand-and-industry-not-a-person", "SYDNEY \u2014 Qantas Airways (ASX: QAN) said it would buy jets.",
     [("Qantas Airways", "ticker")]),
    ("trap-exchange", "Shares fell on the Kisumu Securities Exchange on Monday.", []),
    ("trap-central-bank-of-country", "The Central Bank of Kenya held its rate.", []),
]


@pytest.mark.parametrize("text,expected", [r[1:] for r in COORDINATION], ids=[r[0] for r in COORDINATION])
def test_coordination_and_more(text, expected):
    assert found(text) == expected


def test_headline_companies():
    from newsindex.extract.companies import summarise, title_mentions

    title = "Markets: Pfizer, Quantigen And Tesco Lead Gains"
    body = "Tesco said sales rose."
    cos = summarise(find_mentions(body), title=title_mentions(title))
    assert [(c.name, c.mentions, c.rule) for c in cos] == [
        ("Tesco", 1, "gazetteer"), ("Pfizer", 1, "title"), ("Quantigen", 1, "title")]
    # traps: a headline's capitals alone make no company
    assert title_mentions("Next Steps For Target Markets In March") == []
    assert title_mentions(None) == []
