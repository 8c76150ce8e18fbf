"""Counts with any noun, "from X to Y", signed changes, and the traps around them (issue 15 item 4).

Sentences written for these tests in wire, business-page and trade-press styles.
"""

from __future__ import annotations

import pytest

from newsindex.extract.figures import extract_figures

# (text, [(figure as written, value, unit, subject)])
COUNTS = [
    ("The carmaker sold 85,310 vehicles in March.", [("85,310 vehicles", 85_310, "count", "vehicles")]),
    ("The steel maker employs 41,200 workers worldwide.", [("41,200 workers", 41_200, "count", "workers")]),
    ("The retailer will cut 2,400 jobs by June.", [("2,400 jobs", 2_400, "count", "jobs")]),
    ("The miner shipped 3.2 million tonnes of ore.", [("3.2 million tonnes", 3_200_000, "tonne", None)]),
    ("The airline carried 1.2m passengers in July.", [("1.2m passengers", 1_200_000, "count", "passengers")]),
    ("The bank closed 120 branches and 300 ATMs.", [("120 branches", 120, "count", "branches"), ("300 ATMs", 300, "count", "atms")]),
    ("The operator added 650,000 subscribers.", [("650,000 subscribers", 650_000, "count", "subscribers")]),
    ("The carrier sold nine Boeing Max 8 aircraft to a lessor.", [("nine Boeing Max 8 aircraft", 9, "count", "aircraft")]),
    ("The lessor bought 10 Airbus A350s last year.", [("10 Airbus A350s", 10, "count", "a350s")]),
    ("The issue offered 18,99,500 equity shares to the public.", [("18,99,500 equity shares", 1_899_500, "count", "shares")]),
    ("Staff numbers rose from 3,000 to 4,500 people.",
     [("3,000", 3_000, "count", "people"), ("4,500 people", 4_500, "count", "people")]),
    ("The chain grew from 40 stores to 65 stores in a year.",
     [("40 stores", 40, "count", "stores"), ("65 stores", 65, "count", "stores")]),
    ("Its share went from 5 to 10 per cent.", [("5", 5, "percent", None), ("10 per cent", 10, "percent", None)]),
    ("Output fell from 3 to 2.5 million barrels a day.",
     [("3", 3_000_000, "count", "barrels"), ("2.5 million barrels", 2_500_000, "count", "barrels")]),
    ("The shares rose 10.6p to 338.2p.", [("10.6p", 0.106, "GBP", None), ("338.2p", 3.382, "GBP", None)]),
    ("The range is 20 to 30 years.", [("20 to 30 years", 20, "year", None)]),
]


@pytest.mark.parametrize("text,expected", COUNTS, ids=[r[0][:50] for r in COUNTS])
def test_counts(text, expected):
    figs = extract_figures(text, "t", [])
    got = [(f.text, f.value, f.unit, f.subject if f.unit == "count" else None) for f in figs]
    assert [(t, pytest.approx(v), u, s) for t, v, u, s in got] == [(t, pytest.approx(v), u, s if u == "count" else None)
                                                                   for t, v, u, s in expected]


# no year, phone number, date, ordinal, model or code is a figure
TRAPS = [
    "Fares will stay above 2019 levels for a while.",
    "Sales were below 2008 highs, the group said in 2023.",
    "Call the newsroom on 020 7946 0958 or +44 20 7946 0958.",
    "The plant opened on 12 March 2021 and on March 12.",
    "It was the 40th store and the 3rd outlet of the 21st century.",
    "The Boeing 737 Max and the Airbus A320neo compete.",
    "Model 3 sales and the iPhone 15 launch were delayed.",
    "The firm's code is 6758 on the Tokyo exchange (6758 JT).",
    "From 2019 to 2021 the firm grew.",
    "Route N7 and road R101 were closed.",
]


@pytest.mark.parametrize("text", TRAPS, ids=[t[:40] for t in TRAPS])
def test_count_traps(text):
    assert [f.text for f in extract_figures(text, "t", [])] == []


DIRECTIONS = [
    ("Sales fell 0.3 percent to ¥3.7 trillion.", [("0.3 percent", "down", 0.3), ("¥3.7 trillion", None, 3.7e12)]),
    ("Revenue dropped by 5% in the quarter.", [("5%", "down", 5)]),
    ("Profit jumped 20% to $5bn.", [("20%", "up", 20), ("$5bn", None, 5e9)]),
    ("Costs were 4% lower than a year ago.", [("4%", "down", 4)]),
    ("It booked a 12% decline in orders.", [("12%", "down", 12)]),
    ("The change was -0.2% and 0.5% for the year.", [("-0.2%", "down", -0.2), ("0.5%", None, 0.5)]),
    ("The group posted a net loss of $3bn.", [("$3bn", "down", 3e9)]),
    ("Losses of 3.35 billion yuan were reported.", [("3.35 billion yuan", "down", 3.35e9)]),
    ("It may raise up to $5bn from investors.", [("$5bn", None, 5e9)]),
    ("It holds more than 5% of the company.", [("5%", None, 5)]),
    ("Margins rose to 12% from 10%.", [("12%", "up", 12), ("10%", None, 10)]),
]


@pytest.mark.parametrize("text,expected", DIRECTIONS, ids=[r[0][:50] for r in DIRECTIONS])
def test_direction(text, expected):
    figs = extract_figures(text, "t", [])
    assert [(f.text, f.direction, pytest.approx(f.value)) for f in figs] == [(t, d, pytest.approx(v)) for t, d, v in expected]


@pytest.mark.parametrize("text,metric", [
    ("The group posted a net loss of $3bn.", "loss"),
    ("Its operating loss narrowed to ¥5bn.", "loss"),
    ("The carrier lost $1bn in the half.", "loss"),
    ("The carrier earned $1bn in the half.", "profit"),
    ("Net profit was $2bn.", "profit"),
])
def test_a_loss_is_never_a_profit(text, metric):
    (f,) = extract_figures(text, "t", [])
    assert f.metric == metric
