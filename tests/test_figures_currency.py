"""Currencies: one row per written form, trap rows, and what a bare "$" means where (issue 15, item 4).

Samples are written for these tests in the house styles of Kenyan ("Sh12.5 billion"), Nigerian
("N3.1 billion"), South African ("R250m"), Indian ("Rs 937-crore"), Malaysian, Nordic, Polish,
Australian, Canadian and Singaporean papers.
"""

from __future__ import annotations

import pytest

from newsindex.extract.figures import extract_figures
from newsindex.extract.figures.currency import dateline_country
from newsindex.parse import outlet_country, parse_text

# (text, figure as written, value, unit, currency_source)
WRITTEN = [
    ("The lender posted a profit of Sh12.5 billion for the year.", "Sh12.5 billion", 12_500_000_000, "KES", "default"),
    ("The brewer set aside KSh 800 million for the plant.", "KSh 800 million", 800_000_000, "KES", "symbol"),
    ("Kshs 2.3bn was paid to farmers in March.", "Kshs 2.3bn", 2_300_000_000, "KES", "symbol"),
    ("The telco paid 40 billion shillings in tax.", "40 billion shillings", 40_000_000_000, "KES", "default"),
    ("The bank's loan book grew to N3.1 billion last quarter.", "N3.1 billion", 3_100_000_000, "NGN", "symbol"),
    ("The refinery will cost ₦4.5 trillion to finish.", "₦4.5 trillion", 4_500_000_000_000, "NGN", "symbol"),
    ("Customers paid N250,000 a year for the service.", "N250,000", 250_000, "NGN", "symbol"),
    ("The regulator fined the bank 1.2 billion naira.", "1.2 billion naira", 1_200_000_000, "NGN", "symbol"),
    ("The miner booked an impairment of R250m in the half.", "R250m", 250_000_000, "ZAR", "symbol"),
    ("Retail sales rose to R5.2bn, the group said.", "R5.2bn", 5_200_000_000, "ZAR", "symbol"),
    ("A monthly plan now costs R1,499 for families.", "R1,499", 1_499, "ZAR", "symbol"),
    ("The utility needs 30 billion rand to stay afloat.", "30 billion rand", 30_000_000_000, "ZAR", "symbol"),
    ("The insurer raised Rs 937-crore in its listing.", "Rs 937-crore", 9_370_000_000, "INR", "symbol"),
    ("The company will invest ₹1,200 crore in the factory.", "₹1,200 crore", 12_000_000_000, "INR", "symbol"),
    ("The scheme pays Rs 5 lakh to each family.", "Rs 5 lakh", 500_000, "INR", "symbol"),
    ("Net profit rose to RM1.3 billion in the quarter.", "RM1.3 billion", 1_300_000_000, "MYR", "symbol"),
    ("The developer sold the site for S$420 million.", "S$420 million", 420_000_000, "SGD", "symbol"),
    ("The tower changed hands for HK$8.8 billion.", "HK$8.8 billion", 8_800_000_000, "HKD", "symbol"),
    ("The chipmaker will spend NT$1 trillion on new plants.", "NT$1 trillion", 1_000_000_000_000, "TWD", "symbol"),
    ("The miner earned A$3.4 billion in the half.", "A$3.4 billion", 3_400_000_000, "AUD", "symbol"),
    ("The pension fund put C$2 billion into the port.", "C$2 billion", 2_000_000_000, "CAD", "symbol"),
    ("The dairy co-operative paid out NZ$14 billion.", "NZ$14 billion", 14_000_000_000, "NZD", "symbol"),
    ("The furniture chain's sales reached kr 12 billion.", "kr 12 billion", 12_000_000_000, "SEK", "default"),
    ("The shipping group earned 4.1 billion Norwegian kroner.", "4.1 billion Norwegian kroner", 4_100_000_000, "NOK", "symbol"),
    ("The bank made a profit of 6.2 billion Danish kroner.", "6.2 billion Danish kroner", 6_200_000_000, "DKK", "symbol"),
    ("The retailer's revenue rose to 2,3 mld zł; it now reports 1.5 billion zł in cash.", "1.5 billion zł", 1_500_000_000, "PLN", "symbol"),
    ("The chain paid 900 million zlotys for the rival.", "900 million zlotys", 900_000_000, "PLN", "symbol"),
    ("Sales climbed to €2.4bn in Europe.", "€2.4bn", 2_400_000_000, "EUR", "symbol"),
    ("The supermarket made £307m before tax.", "£307m", 307_000_000, "GBP", "symbol"),
    ("The automaker's profit was ¥450 billion.", "¥450 billion", 450_000_000_000, "JPY", "default"),
    ("The exporter earned KES 4.2 billion from tea.", "KES 4.2 billion", 4_200_000_000, "KES", "symbol"),
    ("The lender holds loans of 2.1 billion ZAR.", "2.1 billion ZAR", 2_100_000_000, "ZAR", "symbol"),
    ("The group raised NGN 50 billion in bonds.", "NGN 50 billion", 50_000_000_000, "NGN", "symbol"),
    ("The airline's quarterly revenue was $2.1 billion.", "$2.1 billion", 2_100_000_000, "USD", "default"),
    ("It reported net income of 52 cents per share.", "52 cents", 0.52, "USD", "default"),
    ("The shares rose 10.6p to 338.2p in London.", "10.6p", 0.106, "GBP", "symbol"),
    ("A 5p charge on plastic bags cut their use.", "5p", 0.05, "GBP", "symbol"),
    ("The dividend is 4.5 Singapore cents a share.", "4.5 Singapore cents", 0.045, "SGD", "symbol"),
]


@pytest.mark.parametrize("text,figure,value,unit,source", WRITTEN, ids=[r[0][:50] for r in WRITTEN])
def test_written_currencies(text, figure, value, unit, source):
    figs = [f for f in extract_figures(text, "t", []) if f.text == figure]
    assert len(figs) == 1, [f.text for f in extract_figures(text, "t", [])]
    f = figs[0]
    assert f.value == pytest.approx(value)
    assert (f.unit, f.currency_source) == (unit, source)
    assert text[f.start:f.end] == f.text


# a letter or a code that must not become money
TRAPS = [
    ("Nurses wear N95 masks on the ward.", []),
    ("The droid R2 rolled on stage.", []),
    ("The R 5 bus leaves at noon.", []),
    ("Sales rose on route N7 near the coast.", []),
    ("Kenneth N. 5 points ahead, said R. 3 times.", []),
    ("Shares of the R&D unit rose 4%.", ["4%"]),
    ("The TV streams in 1080p and 720p.", []),
    ("Call Nairobi on +254 20 4445555 for details.", []),
    ("It opened in 2015, R2019 was the project code.", []),
    ("The Sh-shaped logo of 2019 is new.", []),
]


@pytest.mark.parametrize("text,expected", TRAPS, ids=[r[0][:40] for r in TRAPS])
def test_currency_traps(text, expected):
    assert [f.text for f in extract_figures(text, "t", [])] == expected


# (outlet's country, body) -> (unit of the bare "$" figure, currency_source)
BARE_DOLLAR = [
    ("AU", "The airline posted a profit of $1.4 billion.", "AUD", "outlet"),
    ("CA", "The bank earned $2-billion in the quarter.", "CAD", "outlet"),
    ("SG", "The group's net profit rose to $98 million.", "SGD", "outlet"),
    ("AU", "It earned $2bn locally and US$900m in America.", "AUD", "outlet"),
    ("US", "The chipmaker earned $3 billion.", "USD", "outlet"),
    (None, "SYDNEY — The miner earned $3 billion in the half.", "AUD", "dateline"),
    (None, "Toronto, Ontario (The Canadian Press) — The lender earned $1.2 billion.", "CAD", "dateline"),
    (None, "A photo caption.\n\nSINGAPORE - The developer earned $230 million.", "SGD", "dateline"),
    (None, "MONTREAL — The airline lost $264 million or 88 cents a share.", "CAD", "dateline"),
    (None, "SYDNEY, Aug 12 (Reuters) - The miner earned $3 billion.", "USD", "default"),
    (None, "SYDNEY — The miner earned A$3 billion, or $2 billion.", "USD", "document"),
    (None, "The miner earned $3 billion.", "USD", "default"),
    (None, "NAIROBI — The lender earned Sh4 billion.", "KES", "dateline"),
    (None, "KAMPALA — The brewer earned Shs 90 billion.", "UGX", "dateline"),
    ("JP", "Sales reached ¥3 trillion.", "JPY", "outlet"),
]


@pytest.mark.parametrize("country,text,unit,source", BARE_DOLLAR, ids=[r[1][:50] for r in BARE_DOLLAR])
def test_bare_symbol_follows_the_outlet_or_the_dateline(country, text, unit, source):
    figs = [f for f in extract_figures(text, "t", [], country=country) if f.unit not in ("percent", "count")]
    bare = [f for f in figs if f.text[0] in "$S¥" and not f.text.startswith(("US$", "A$"))]
    assert bare, [f.text for f in figs]
    assert {(f.unit, f.currency_source) for f in bare} == {(unit, source)}


def test_cents_follow_the_dollar():
    figs = extract_figures("MONTREAL — The airline lost $264 million or 88 cents a share.", "t", [])
    assert [(f.text, f.value, f.unit) for f in figs] == [("$264 million", 264_000_000, "CAD"), ("88 cents", 0.88, "CAD")]


DATELINES = [
    ("SYDNEY — Text.", "AU"),
    ("MELBOURNE, March 3 — Text.", "AU"),
    ("Vancouver, B.C. — Text.", "CA"),
    ("HONG KONG (Caixin) - Text.", None),
    ("LAGOS — Text.", "NG"),
    ("JOHANNESBURG, Feb 2 - Text.", "ZA"),
    ("SYDNEY (AP) — Text.", None),
    ("LONDON, Jun. 27, (PA Media/dpa/GNA) – Text.", None),
    ("OMAHA, Neb., Feb. 01, 2017 (GLOBE NEWSWIRE) -- Text.", None),
    ("Sydney is a city — and a big one.", None),
    ("THE BIG PICTURE - Text.", None),
]


@pytest.mark.parametrize("body,country", DATELINES, ids=[r[0][:30] for r in DATELINES])
def test_dateline_country(body, country):
    assert dateline_country(body) == country


def test_outlet_country_comes_from_the_outlet_table():
    assert outlet_country("The Straits Times", None) == "SG"
    assert outlet_country(None, {"outlet": "straitstimes.com"}) == "SG"
    assert outlet_country("An Unknown Blog", None) is None
    assert outlet_country(None, None) is None


@pytest.mark.parametrize("country", ["GB", "HK", "TW", "JP", "FR"])
def test_a_bare_dollar_stays_usd_where_the_local_currency_is_not_a_bare_dollar(country):
    """A London wire, a Hong Kong or Taipei paper ("HK$", "NT$" written out) mean US dollars by "$"."""
    (f,) = extract_figures("The group was valued at $3.5 billion last year.", "t", [], country=country)
    assert f.unit == "USD"


def test_parse_passes_the_outlets_country():
    text = "Published by The Straits Times\n\nThe group's profit rose to $98 million, it said."
    a = parse_text(text, source={"outlet": "The Straits Times"})
    (f,) = [f for f in a.figures if f.text == "$98 million"]
    assert (f.unit, f.currency_source) == ("SGD", "outlet")
