"""Figures layer: one row per written form, trap rows that must yield nothing, properties.

Rows are short sentences in the house styles of several outlets (Reuters/AP "$1.5 billion",
FT/Economist "$1.5bn", "1.8m people", SCMP/Caixin "Rmb480 million", The Edge "RM4.2 billion",
Straits Times "S$", Nikkei "¥"/"yen", Indian outlets "Rs 500 crore").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsindex.extract.figures import extract_figures
from newsindex.records import Mention

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@dataclass
class Example:
    text: str
    figure: str  # the figure's text as written
    value: float | int
    unit: str
    qualifier: str | None = None
    subject: str | None = None
    metric: str | None = None


def idfn(e):
    return e.text[:60] if isinstance(e, Example) else None


# --------------------------------------------------------------------------- money
MONEY = [
    Example("Its start-up was valued at over US$7.5 billion at its last round.", "US$7.5 billion", 7_500_000_000, "USD", "over", "valuation", "valuation"),
    Example("The company raised $71.4 million from investors.", "$71.4 million", 71_400_000, "USD", None, "funding", "funding"),
    Example("NetPosa said sales reached Rmb480 million last year.", "Rmb480 million", 480_000_000, "CNY", None, "revenue", "revenue"),
    Example("Caixin said the lender lost RMB1.5bn in the quarter.", "RMB1.5bn", 1_500_000_000, "CNY", None, "loss", "loss"),
    Example("The Edge said the deal is worth RM4.2 billion to the group.", "RM4.2 billion", 4_200_000_000, "MYR", None, "contract_value", "contract_value"),
    Example("The tycoon bought the tower for HK$3 billion.", "HK$3 billion", 3_000_000_000, "HKD", None, "contract_value", "contract_value"),
    Example("The Guardian reported a £2m fine for the bank.", "£2m", 2_000_000, "GBP", None, "fine", "fine"),
    Example("Regulators in Brussels imposed a penalty of €500,000 on the firm.", "€500,000", 500_000, "EUR", None, "fine", "fine"),
    Example("The contract is worth 1.5 billion yuan, Caixin reported.", "1.5 billion yuan", 1_500_000_000, "CNY", None, "contract_value", "contract_value"),
    Example("Analysts expect the IPO to raise $4bn next year.", "$4bn", 4_000_000_000, "USD", None, "funding", "funding"),
    Example("Grab said it would invest S$500 million in Singapore.", "S$500 million", 500_000_000, "SGD", None, "funding", "funding"),
    Example("The miner booked revenue of A$2.1 billion.", "A$2.1 billion", 2_100_000_000, "AUD", None, "revenue", "revenue"),
    Example("Shopify sales rose to C$4.6bn in the period.", "C$4.6bn", 4_600_000_000, "CAD", None, "revenue", "revenue"),
    Example("TSMC will spend NT$300 billion on a plant.", "NT$300 billion", 300_000_000_000, "TWD"),
    Example("SoftBank posted a loss of ¥700bn, the Nikkei said.", "¥700bn", 700_000_000_000, "JPY", None, "loss", "loss"),
    Example("The yen-denominated bond raised 50 billion yen.", "50 billion yen", 50_000_000_000, "JPY", None, "funding", "funding"),
    Example("Samsung invested 133 trillion won in chips.", "133 trillion won", 133_000_000_000_000, "KRW", None, "funding", "funding"),
    Example("Reliance set aside 500 crore rupees for the venture.", "500 crore rupees", 5_000_000_000, "INR"),
    Example("Infosys bought the unit for Rs 1,200 crore.", "Rs 1,200 crore", 12_000_000_000, "INR", None, "contract_value", "contract_value"),
    Example("The ECB fined the lender 5 million euros.", "5 million euros", 5_000_000, "EUR", None, "fine", "fine"),
    Example("Congress approved 12 billion dollars for border security.", "12 billion dollars", 12_000_000_000, "USD"),
    Example("The start-up is seeking $250k in seed money.", "$250k", 250_000, "USD", None, "funding", "funding"),
    Example("Nvidia's market value hit $1 trillion on Tuesday.", "$1 trillion", 1_000_000_000_000, "USD", None, "valuation", "valuation"),
    Example("Tencent earned $3.2 tn in the fiction.", "$3.2 tn", 3_200_000_000_000, "USD", None, "profit", "profit"),
    Example("The buyout values the group at more than $12 billion.", "$12 billion", 12_000_000_000, "USD", "more than", "valuation", "valuation"),
    Example("It could fetch as much as $900 million, Reuters reported.", "$900 million", 900_000_000, "USD", "as much as"),
    Example("The plan costs less than $5 million a year.", "$5 million", 5_000_000, "USD", "less than"),
    Example("The firm has raised approximately US$300 million so far.", "US$300 million", 300_000_000, "USD", "approximately", "funding", "funding"),
    Example("Revenue came in at roughly $2.37bn for the period.", "$2.37bn", 2_370_000_000, "USD", "roughly", "revenue", "revenue"),
    Example("Uber lost close to $1bn in the quarter.", "$1bn", 1_000_000_000, "USD", "close to", "loss", "loss"),
    Example("The lender agreed to pay a $2.5 million settlement.", "$2.5 million", 2_500_000, "USD", None, "fine", "fine"),
    Example("The chipmaker spent USD 40 million on the site.", "USD 40 million", 40_000_000, "USD"),
    Example("The market size reached $12bn, IDC estimates.", "$12bn", 12_000_000_000, "USD", None, "market_size", "market_size"),
    Example("The wallet holds billions of dollars in deposits.", "billions of dollars", 1_000_000_000, "USD"),
]

# --------------------------------------------------------------------------- percentages
PERCENT = [
    Example("Huawei said crime fell 46 per cent in the city.", "46 per cent", 46, "percent", None, None, "growth"),
    Example("China's market expanded by 13.5% last year.", "13.5%", 13.5, "percent", None, None, "growth"),
    Example("Shipments rose 70 percent from a year earlier.", "70 percent", 70, "percent", None, None, "growth"),
    Example("The stock jumped 5.2pct in Hong Kong.", "5.2pct", 5.2, "percent", None, None, "growth"),
    Example("The firm holds a 35 per cent market share in Europe.", "35 per cent", 35, "percent", None, None, "market_share"),
    Example("Some 80 per cent of respondents feared leaks.", "80 per cent", 80, "percent", "some", "respondents"),
    Example("Almost 60% of users said they paid.", "60%", 60, "percent", "almost", "users"),
    Example("A fifth of the workforce was laid off.", "A fifth", 20, "percent", None, "workforce"),
    Example("Half of all AI applications use video, Huawei says.", "Half", 50, "percent", None, "applications"),
    Example("One-third of its revenues come from the police.", "One-third", 33.3333, "percent", None, "revenues", "revenue"),
    Example("Two-thirds of the board voted against the plan.", "Two-thirds", 66.6667, "percent", None, "board"),
    Example("A quarter of the company's staff work remotely.", "A quarter", 25, "percent", None, "staff"),
    Example("China accounted for nearly half of the global market.", "half", 50, "percent", "nearly", "market", "market_share"),
    Example("Around half of all shoppers pay with their phones.", "half", 50, "percent", "around", "shoppers"),
    Example("Interest rates went up 0.25 percentage points on Thursday.", "0.25 percentage points", 0.25, "percentage_point"),
    Example("The bank's profit declined by more than 10% in 2019.", "10%", 10, "percent", "more than", None, "growth"),
    Example("Turnover grew by just 5 per cent.", "5 per cent", 5, "percent", None, None, "growth"),
]

# --------------------------------------------------------------------------- counts
COUNTS = [
    Example("China has nearly 220 million installed cameras in operation.", "220 million installed cameras", 220_000_000, "count", "nearly", "cameras", "cameras"),
    Example("The crackdown led to the detention of more than 1.8m people.", "1.8m people", 1_800_000, "count", "more than", "people", "detentions"),
    Example("Buyers came from over 150 countries and regions.", "150 countries", 150, "count", "over", "countries"),
    Example("Police arrested over 10,000 people last year.", "10,000 people", 10_000, "count", "over", "people", "detentions"),
    Example("At least 52 governments are doing the same thing.", "52 governments", 52, "count", "at least", "governments"),
    Example("Washington put 28 Chinese technology firms on a blacklist.", "28 Chinese technology firms", 28, "count", None, "firms"),
    Example("Police hold a database of over 1bn faces.", "1bn faces", 1_000_000_000, "count", "over", "faces"),
    Example("Its FaceID platform verified 400 million people worldwide.", "400 million people", 400_000_000, "count", None, "people"),
    Example("The app tracked almost 2.6 million people in the region.", "2.6 million people", 2_600_000, "count", "almost", "people"),
    Example("The region is home to 12 million Uighurs.", "12 million Uighurs", 12_000_000, "count", None, "uighurs", "population"),
    Example("The country's surveillance must watch its 1.4 billion people.", "1.4 billion people", 1_400_000_000, "count", None, "people", "population"),
    Example("The chain will open 300 stores in India.", "300 stores", 300, "count", None, "stores"),
    Example("The carrier has 12 million subscribers.", "12 million subscribers", 12_000_000, "count", None, "subscribers"),
    Example("Eight companies bid for the licence.", "Eight companies", 8, "count", None, "companies"),
    Example("Three facial recognition software powerhouses were named.", "Three facial recognition software powerhouses", 3, "count", None, "powerhouses"),
    Example("Two dozen firms signed the pledge.", "Two dozen firms", 24, "count", None, "firms"),
    Example("A dozen executives left the bank.", "A dozen executives", 12, "count", None, "executives"),
    Example("The network comprises tens of millions of cameras.", "tens of millions of cameras", 10_000_000, "count", None, "cameras", "cameras"),
    Example("Hundreds of thousands of workers went on strike.", "Hundreds of thousands of workers", 100_000, "count", None, "workers"),
    Example("The camps hold an estimated 1.5 million Muslims, activists say.", "1.5 million Muslims", 1_500_000, "count", "an estimated", "muslims"),
    Example("The technology is deployed in more than 260 cities.", "260 cities", 260, "count", "more than", "cities"),
    Example("China had eight of the top 10 most surveilled cities.", "eight of the top 10 most surveilled cities", 8, "count", None, "cities"),
    Example("The firm employs as many as 4,500 engineers.", "4,500 engineers", 4_500, "count", "as many as", "engineers"),
    Example("Fewer than 20 journalists were allowed in.", "20 journalists", 20, "count", "fewer than", "journalists"),
    Example("Twenty-five banks joined the consortium.", "Twenty-five banks", 25, "count", None, "banks"),
    Example("Roughly half a million customers were affected, the ICO said.", "half a million customers", 500_000, "count", "roughly", "customers"),
    Example("The carrier had 99 million monthly active users at the end of June.", "99 million monthly active users", 99_000_000, "count", None, "users"),
    Example("Apple shipped 5.6 million iPhones in the quarter.", "5.6 million iPhones", 5_600_000, "count", None, "iphones"),
    Example("A third of adults surveyed had never used it.", "A third", 33.3333, "percent", None, "adults"),
    Example("Huawei took a 38% share of shipments.", "38%", 38, "percent", None, None, "market_share"),
    Example("Two million people marched on Sunday.", "Two million people", 2_000_000, "count", None, "people"),
    Example("By 2022, the number is expected to reach 2.76 billion, IDC said.", "2.76 billion", 2_760_000_000, "count"),
    Example("The total population of 1.4 billion is ageing.", "1.4 billion", 1_400_000_000, "count", None, "population", "population"),
    Example("Nvidia sold roughly 500,000 GPUs to the lab.", "500,000 GPUs", 500_000, "count", "roughly", "gpus"),
    Example("In 2017 state media said the country employed over 20m AI-enabled cameras.", "20m AI-enabled cameras", 20_000_000, "count", "over", "cameras", "cameras"),
]

# --------------------------------------------------------------------------- other units, ranges
UNITS = [
    Example("Cameras filled the 110,000-square-metre exhibition area.", "110,000-square-metre", 110_000, "square_metre"),
    Example("The park covers 500 sq km of forest.", "500 sq km", 500, "square_kilometre"),
    Example("The plant sits on 40 hectares near Penang.", "40 hectares", 40, "hectare"),
    Example("Vivo asked it to cut the time from four milliseconds to one.", "four milliseconds", 4, "millisecond"),
    Example("The lease runs for 20 years from March.", "20 years", 20, "year"),
    Example("The store opened in under 90 days.", "90 days", 90, "day", "under"),
    Example("The cable stretches 1,200 km under the sea.", "1,200 km", 1_200, "kilometre"),
    Example("The mine produced 3.5 million tonnes of ore.", "3.5 million tonnes", 3_500_000, "tonne"),
    Example("The data centre draws 300MW of power.", "300MW", 300, "megawatt"),
]

RANGES = [
    # (text, figure, low, high, unit)
    ("Over the next 20 to 30 years society will change.", "20 to 30 years", 20, 30, "year"),
    ("The listing could raise $3bn-$4bn, bankers said.", "$3bn-$4bn", 3_000_000_000, 4_000_000_000, "USD"),
    ("Margins are between 5 and 10 per cent.", "5 and 10 per cent", 5, 10, "percent"),
    ("Prices rose 5-10% across the region.", "5-10%", 5, 10, "percent"),
    ("The fund will hire 20 to 30 million people.", "20 to 30 million people", 20_000_000, 30_000_000, "count"),
    ("Each review takes two to three weeks.", "two to three weeks", 2, 3, "week"),
]

EXAMPLES = MONEY + PERCENT + COUNTS + UNITS


@pytest.mark.parametrize("ex", EXAMPLES, ids=idfn)
def test_written_forms(ex: Example):
    figs = extract_figures(ex.text, "t", [])
    assert [f.text for f in figs] == [ex.figure]
    f = figs[0]
    assert f.value == pytest.approx(ex.value)
    assert f.unit == ex.unit
    assert f.qualifier == ex.qualifier
    assert f.subject == ex.subject
    if ex.metric is not None:
        assert f.metric == ex.metric
    assert ex.text[f.start:f.end] == f.text
    assert f.id == "t:f1"
    assert f.sentence == ex.text


@pytest.mark.parametrize("text,figure,low,high,unit", RANGES, ids=[r[0][:50] for r in RANGES])
def test_ranges(text, figure, low, high, unit):
    figs = extract_figures(text, "t", [])
    assert [f.text for f in figs] == [figure]
    f = figs[0]
    assert (f.value, f.low, f.high, f.unit, f.rule) == (low, low, high, unit, "range")


def test_written_forms_table_is_large_enough():
    assert len(EXAMPLES) + len(RANGES) >= 70


# --------------------------------------------------------------------------- traps
NOT_FIGURES = [
    "The rules took effect in 2015 and will be reviewed by 2030.",
    "Washington named both firms in the 2019 National Defence Authorisation Act.",
    "Visitors crowded the Security China 2018 exhibition in Beijing.",
    "The country had the cameras in operation as of 2016.",
    "Results for fiscal 2019 were delayed.",
    "On Oct 7, Washington acted.",
    "Snow fell in Beijing on Thursday, Feb. 14, 2019.",
    "A worker cleans a camera in Nairobi, on January 18, 2019.",
    "The summit opened on 14 November in Lima.",
    "Trading opens at 9:00 AM in Tokyo.",
    "The shuttle leaves at 7am every day.",
    "It was the 14th edition of the fair.",
    "Impacts will emerge in the fourth quarter.",
    "It came second in the race.",
    "1. Introduction",
    "He lives at No. 3 on the street.",
    "Call the desk on +1 212-555-0199 for details.",
    "REUTERS/Thomas Peter - RC195B4D37A0",
    "The phones use 5G and 4G networks and H.264 video.",
    "Web 2.0 changed the internet.",
    "See the story at https://example.com/2019/05/27/china-300-cameras-report.html today.",
    "Read more in WiC405 on the subject.",
    "China's Big 5 dominate facial recognition.",
    "It ranks among the top 10 firms in the world.",
    "Huawei is one of the largest Chinese tech players.",
    "One thing is not out in the open.",
    "Leaders met at the G20 summit in Osaka.",
    "The ratio is one camera for every six people.",
    "He waited half an hour for the train.",
    "Sales slowed in the second half of the year.",
    "The firm reports earnings a quarter later than rivals.",
    "Two people familiar with the matter said so.",
    "The 35-year-old engineer founded the company.",
    "The company was founded seven years ago.",
    "The firm sells x86 servers and GPUs.",
    "Covid-19 hit the region hard.",
    "The 1970s and 1980s were different.",
    "The final score was 3-1 to the visitors.",
    "Windows 10 devices were affected.",
    "Copyright The Financial Times Limited 2023. All rights reserved.",
    "Section 230 protects platforms.",
    "Flight 370 disappeared in 2014.",
    "All three have used Chinese technology.",
    "About 1 in 5 adults use it daily.",
    "The iPhone 11 goes on sale on Sept. 20 at 8 a.m.",
    "The 24/7 service launched in Q3 2019.",
    "The fine is more than 350 times the previous record.",
    "The 737 Max has been grounded since March.",
]


@pytest.mark.parametrize("text", NOT_FIGURES, ids=lambda t: t[:50])
def test_not_figures(text):
    assert [f.text for f in extract_figures(text, "t", [])] == []


def test_denominator_of_a_rate_is_not_a_figure():
    """Decision: in "50 CCTV cameras per 1,000 people" the numerator is a count; the 1,000 is not."""
    figs = extract_figures("The city has 50 CCTV cameras per 1,000 people.", "t", [])
    assert [(f.text, f.value, f.subject) for f in figs] == [("50 CCTV cameras", 50, "cameras")]


def test_not_figures_table_is_large_enough():
    assert len(NOT_FIGURES) >= 25


# --------------------------------------------------------------------------- conversions
CONVERSIONS = [
    # (text, first, second)
    ("Private firms valued at over US$1 billion (RM4.2 billion) lead the pack.", ("US$1 billion", "USD"), ("RM4.2 billion", "MYR")),
    ("It forecast net profit of up to Rmb480 million for 2018 ($71.4 million).", ("Rmb480 million", "CNY"), ("$71.4 million", "USD")),
    ("Rmb480 million ($71.4 million) was set aside.", ("Rmb480 million", "CNY"), ("$71.4 million", "USD")),
    ("The fine of €50m (about $55m) was upheld.", ("€50m", "EUR"), ("$55m", "USD")),
]


@pytest.mark.parametrize("text,first,second", CONVERSIONS, ids=[c[0][:40] for c in CONVERSIONS])
def test_conversions_are_linked(text, first, second):
    a, b = extract_figures(text, "doc", [])
    assert (a.text, a.unit) == first and (b.text, b.unit) == second
    assert a.group == b.group and a.group is not None
    assert b.converted_from == a.id and a.converted_from is None
    assert b.metric == a.metric
    assert b.qualifier == (a.qualifier if text.count("(about") == 0 else "about")


def test_two_separate_sums_are_not_a_conversion():
    a, b = extract_figures("Megvii raised $750 million. SenseTime raised HK$3 billion (in April).", "d", [])
    assert a.group is None and b.group is None and b.converted_from is None


def test_two_figures_in_one_sentence_from_and_to():
    figs = extract_figures("It cut the time from four milliseconds to just one millisecond.", "d", [])
    assert [(f.text, f.value, f.unit) for f in figs] == [
        ("four milliseconds", 4, "millisecond"), ("one millisecond", 1, "millisecond")]


# --------------------------------------------------------------------------- the document's "$"
def test_bare_dollar_follows_the_documents_explicit_dollar():
    text = "DBS earned S$2 billion. It plans to spend $500 million on branches."
    assert [f.unit for f in extract_figures(text, "d", [])] == ["SGD", "SGD"]


def test_bare_dollar_is_usd_when_us_dollars_are_written():
    text = "DBS earned S$2 billion, or US$1.5 billion. It plans to spend $500 million."
    assert [f.unit for f in extract_figures(text, "d", [])] == ["SGD", "USD", "USD"]


def test_wire_story_with_one_local_price_keeps_dollar_as_usd():
    text = ("Its shares trade at HK$42.50. Revenue was $4.5bn, while operating profit fell to "
            "$300m from $450m.")
    assert [f.unit for f in extract_figures(text, "d", [])] == ["HKD", "USD", "USD", "USD"]


def test_bare_dollar_in_a_conversion_is_usd():
    text = "Tokyo: SoftBank lost 970 billion yen ($8.9 billion). DBS earned S$2 billion."
    assert [f.unit for f in extract_figures(text, "d", [])] == ["JPY", "USD", "SGD"]


def test_yen_sign_in_a_yuan_article_is_cny():
    text = "Alibaba paid 10 billion yuan. The unit made ¥3 billion."
    assert [f.unit for f in extract_figures(text, "d", [])] == ["CNY", "CNY"]


# --------------------------------------------------------------------------- companies, ids, paragraphs
def test_companies_subject_of_the_clause_first():
    text = "Alibaba said on Monday that Megvii raised $750 million."
    mentions = [Mention("Alibaba", "Alibaba", 0, 7), Mention("Megvii", "Megvii", 28, 34)]
    (f,) = extract_figures(text, "d", mentions)
    assert f.companies == ["Megvii", "Alibaba"]


def test_mentions_in_any_order_give_the_same_companies():
    text = "Alibaba said on Monday that Megvii raised $750 million."
    mentions = [Mention("Megvii", "Megvii", 28, 34), Mention("Alibaba", "Alibaba", 0, 7)]
    (f,) = extract_figures(text, "d", mentions)
    assert f.companies == ["Megvii", "Alibaba"]


def test_ids_paragraphs_and_sentences_in_body_order():
    body = "Bloomberg said Acme raised $5bn.\n\nShares rose 12% on Monday. Acme has 3,000 employees."
    figs = extract_figures(body, "art", [])
    assert [(f.id, f.text, f.paragraph) for f in figs] == [
        ("art:f1", "$5bn", 0), ("art:f2", "12%", 1), ("art:f3", "3,000 employees", 1)]
    assert figs[2].sentence == "Acme has 3,000 employees."


def test_vague_amounts_carry_their_order_of_magnitude():
    (f,) = extract_figures("Suppliers produce millions of cameras each year.", "d", [])
    assert (f.value, f.low, f.high, f.vague, f.subject) == (1_000_000, 1_000_000, 10_000_000, True, "cameras")


# --------------------------------------------------------------------------- seeds
SEED_FIGURES = [
    # (file prefix, text, value, unit, qualifier)
    ("000", "US$1 billion", 1_000_000_000, "USD", "over"),
    ("000", "RM4.2 billion", 4_200_000_000, "MYR", "over"),
    ("000", "28 Chinese technology firms", 28, "count", None),
    ("000", "220 million installed cameras", 220_000_000, "count", "nearly"),
    ("000", "1.4 billion people", 1_400_000_000, "count", None),
    ("000", "US$7.5 billion", 7_500_000_000, "USD", "over"),
    ("001", "200 million surveillance cameras", 200_000_000, "count", None),
    ("001", "$750 million", 750_000_000, "USD", None),
    ("002", "2.6 million people", 2_600_000, "count", "almost"),
    ("002", "12 million Uighurs", 12_000_000, "count", None),
    ("002", "Rmb480 million", 480_000_000, "CNY", "up to"),
    ("002", "$71.4 million", 71_400_000, "USD", "up to"),
    ("002", "$3.5 billion", 3_500_000_000, "USD", None),
    ("002", "400 million people", 400_000_000, "count", None),
    ("003", "150 countries", 150, "count", "over"),
    ("003", "110,000-square-metre", 110_000, "square_metre", None),
    ("003", "20 to 30 years", 20, "year", None),
    ("003", "176 million surveillance cameras", 176_000_000, "count", "about"),
    ("003", "2.76 billion", 2_760_000_000, "count", None),
    ("004", "52 governments", 52, "count", "at least"),
    ("004", "half", 50, "percent", "nearly"),
    ("004", "1.8m people", 1_800_000, "count", "more than"),
    ("004", "46 per cent", 46, "percent", None),
]


def _seed(prefix: str) -> str:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix,text,value,unit,qualifier", SEED_FIGURES, ids=[f"{s[0]}-{s[1]}" for s in SEED_FIGURES])
def test_seed_figures_found(prefix, text, value, unit, qualifier):
    figs = extract_figures(_seed(prefix), prefix, [])
    found = [(f.value, f.unit, f.qualifier) for f in figs if f.text == text]
    assert (value, unit, qualifier) in found


_DATE_OR_YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d)$|^\d{1,2}(?:st|nd|rd|th)$")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_have_no_year_date_or_ordinal_figures(prefix):
    body = _seed(prefix)
    for f in extract_figures(body, prefix, []):
        assert not _DATE_OR_YEAR.match(f.text), f
        assert body[f.start:f.end] == f.text
        assert not re.search(r"\b(?:January|February|March|April|June|July|August|September|October|November|December)\b", f.text)


# --------------------------------------------------------------------------- properties
QUALIFIERS = ["", "over", "more than", "nearly", "about", "at least", "up to", "as much as", "less than", "some", "roughly"]
CURRENCIES = [("US$", "USD", "prefix"), ("HK$", "HKD", "prefix"), ("£", "GBP", "prefix"), ("€", "EUR", "prefix"),
              ("Rmb", "CNY", "prefix"), ("RM", "MYR", "prefix"), ("yuan", "CNY", "suffix"), ("euros", "EUR", "suffix"),
              ("yen", "JPY", "suffix"), ("rupees", "INR", "suffix")]
SCALES = [("", 1), (" thousand", 1_000), (" million", 1_000_000), ("m", 1_000_000), ("bn", 1_000_000_000),
          (" billion", 1_000_000_000), (" trillion", 1_000_000_000_000), ("mn", 1_000_000)]


@st.composite
def number_text(draw):
    """A number as a reporter writes it: thousands separators, or a decimal before a scale."""
    whole = draw(st.integers(min_value=1, max_value=999_999_999))
    decimals = draw(st.sampled_from(["", "", "5", "25", "75"]))
    return f"{whole:,}" + (f".{decimals}" if decimals else "")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(QUALIFIERS), st.sampled_from(CURRENCIES), number_text(), st.sampled_from(SCALES))
def test_money_round_trip(qualifier, currency, number, scale):
    written, code, side = currency
    scale_text, mult = scale
    if side == "prefix":
        amount = f"{written}{number}{scale_text}"
    else:
        amount = f"{number}{scale_text} {written}"
    text = f"The group said it had {qualifier + ' ' if qualifier else ''}{amount} in the bank."
    figs = extract_figures(text, "p", [])
    assert [f.text for f in figs] == [amount]
    f = figs[0]
    expected = Decimal(number.replace(",", "")) * mult
    assert f.value == pytest.approx(float(expected))
    assert f.unit == code
    assert f.qualifier == (qualifier or None)


NOUNS = ["people", "cameras", "firms", "users", "employees", "cities"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(QUALIFIERS), number_text(), st.sampled_from(SCALES), st.sampled_from(NOUNS))
def test_count_round_trip(qualifier, number, scale, noun):
    scale_text, mult = scale
    if scale_text == "" and "." in number:
        number = number.split(".")[0]  # "1,234.5 people" is not how counts are written
    phrase = f"{number}{scale_text} {noun}"
    text = f"The report said {qualifier + ' ' if qualifier else ''}{phrase} were affected."
    figs = extract_figures(text, "p", [])
    assert [f.text for f in figs] == [phrase]
    f = figs[0]
    assert f.value == pytest.approx(float(Decimal(number.replace(",", "")) * mult))
    assert (f.unit, f.qualifier, f.subject) == ("count", qualifier or None, noun)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
       | st.text(alphabet="0123456789,.$%£€ -–()abcmnkbBtodlsrpe\n", max_size=400))
def test_any_text_never_raises_and_spans_hold(text):
    figs = extract_figures(text, "p", [])
    for n, f in enumerate(figs, 1):
        assert f.text == text[f.start:f.end]
        assert f.id == f"p:f{n}"
    assert [f.start for f in figs] == sorted(f.start for f in figs)


@pytest.mark.parametrize("unit", ["1,234,567 ", "9" * 50 + ",", "1, 2, 3 ", "12.5 ", "1,2,3,4 "])
def test_a_megabyte_of_digits_completes(unit):
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    assert extract_figures(text, "p", []) == []
