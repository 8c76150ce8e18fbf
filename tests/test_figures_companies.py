"""A figure's companies: the subject of its clause first, never an investor in a side clause.

Sentences written for these tests (invented companies where the gazetteer would not matter).
"""

from __future__ import annotations

import pytest

from newsindex.parse import parse_text

# (text, figure as written, companies expected, in order)
ROWS = [
    ("Megvii, known for its Face++ platform, was valued at more than US$4 billion in May, "
     "counts Alibaba Group and Qiming Venture Partners among its investors.", "US$4 billion", ["Megvii"]),
    ("Beijing-based Megvii was valued at $3.5 billion last December, with investors that include "
     "Alibaba, Ant Financial and Foxconn.", "$3.5 billion", ["Megvii"]),
    ("SenseTime, which is reportedly worth over $4 billion, is one of those firms.", "$4 billion", ["SenseTime"]),
    ("Alibaba-backed SenseTime raised $600 million in April.", "$600 million", ["SenseTime"]),
    ("SoftBank invested $100 million in SenseTime.", "$100 million", ["SoftBank", "SenseTime"]),
    ("Toyota Motor Corp sold 85,310 vehicles in March, ahead of rivals such as Honda Motor Co.", "85,310 vehicles", ["Toyota"]),
    ("Qantas Airways Ltd said revenue rose to $9.9 billion, while Virgin Australia lost $300 million.",
     "$9.9 billion", ["Qantas"]),
]


@pytest.mark.parametrize("text,figure,companies", ROWS, ids=[r[1] for r in ROWS])
def test_figure_companies(text, figure, companies):
    a = parse_text(text)
    (f,) = [f for f in a.figures if f.text == figure]
    assert [c.split()[0] for c in f.companies] == [c.split()[0] for c in companies]


def test_the_company_refers_back():
    a = parse_text("Hikvision opened a plant in May. The company said revenue rose to $5bn last year.")
    (f,) = [f for f in a.figures if f.text == "$5bn"]
    assert f.companies == ["Hikvision"]


def test_no_company_no_guess():
    a = parse_text("Revenue across the industry rose to $5bn last year.")
    (f,) = [f for f in a.figures if f.text == "$5bn"]
    assert f.companies == []
