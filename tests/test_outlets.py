"""The outlet table and canonical_outlet: one row per written form, plus traps."""

import pytest

from newsindex.extract.outlets import canonical_outlet, outlet_for_domain, outlets

RESOLVES = [
    ("FT", "Financial Times"),
    ("ft.com", "Financial Times"),
    ("the Financial Times", "Financial Times"),
    ("The Financial Times Limited", "Financial Times"),
    ("SCMP", "South China Morning Post"),
    ("scmp.com", "South China Morning Post"),
    ("https://www.scmp.com/tech/article/3035563/x", "South China Morning Post"),
    ("South China Morning Post", "South China Morning Post"),
    ("cnbc", "CNBC"),
    ("https://www.cnbc.com/2019/05/27/x.html", "CNBC"),
    ("ChinTell Ltd.", "Week in China"),
    ("weekinchina.com", "Week in China"),
    ("The Edge", "The Edge Markets"),
    ("theedgemarkets.com", "The Edge Markets"),
    ("WSJ", "The Wall Street Journal"),
    ("Wall Street Journal", "The Wall Street Journal"),
    ("NYT", "The New York Times"),
    ("nytimes.com", "The New York Times"),
    ("the Guardian", "The Guardian"),
    ("https://www.theguardian.com/technology/2019/x", "The Guardian"),
    ("BBC", "BBC News"),
    ("bbc.co.uk", "BBC News"),
    ("AP", "Associated Press"),
    ("The Associated Press", "Associated Press"),
    ("AFP", "Agence France-Presse"),
    ("Bloomberg News", "Bloomberg"),
    ("asia.nikkei.com", "Nikkei Asia"),
    ("Nikkei Asian Review", "Nikkei Asia"),
    ("edition.cnn.com", "CNN"),
    ("Straits Times", "The Straits Times"),
    ("caixinglobal.com", "Caixin"),
    ("HKFP", "Hong Kong Free Press"),
    ("  the   economist  ", "The Economist"),
    ("TechCrunch", "TechCrunch"),
    ("theverge.com", "The Verge"),
]


@pytest.mark.parametrize("name,expected", RESOLVES, ids=[r[0] for r in RESOLVES])
def test_canonical_outlet(name, expected):
    assert canonical_outlet(name) == expected


TRAPS = ["", "   ", "Some Blog", "Getty Images", "HSBC", "financial", "example.com", "Times Square"]


@pytest.mark.parametrize("name", TRAPS)
def test_unknown_names_resolve_to_none(name):
    assert canonical_outlet(name) is None


def test_subdomain_resolves_to_parent_domain():
    assert outlet_for_domain("https://markets.ft.com/data") .name == "Financial Times"


def test_table_covers_major_outlets_with_unique_names():
    names = [o.name for o in outlets()]
    assert len(names) >= 30
    assert len(names) == len(set(names))
    for o in outlets():
        assert canonical_outlet(o.name) == o.name
