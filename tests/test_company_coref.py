"""Company coreference: "the company", "the bank", "the airline", "its" -> the company meant.

Samples are written for these tests. Each row: (id, text, phrase, expected canonical name or None).
The phrase is looked up at its LAST occurrence in the text; TRAP rows expect None.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsindex.extract.companies import find_mentions
from newsindex.extract.companies.coref import reference_noun, resolve_reference, sector_of
from newsindex.records import Mention

ROWS = [
    ("company-nearest",
     "Hikvision sold cameras. Later Megvii raised money. The company said it would list.",
     "The company", "Megvii"),
    ("pronoun-its",
     "Hikvision reported results on Friday. Its revenue rose.", "Its", "Hikvision"),
    ("bank-by-name",
     "Brightwater Banking Corp lent to Foo Airways Ltd last year. The bank said the loan was repaid.",
     "The bank", "Brightwater Banking"),
    ("airline-by-name",
     "Foo Airways Ltd hired Bar Consulting Ltd to cut costs. The airline said fares would rise.",
     "The airline", "Foo Airways"),
    ("carrier-is-airline",
     "Foo Airways Ltd hired Bar Consulting Ltd to cut costs. The carrier said fares would rise.",
     "The carrier", "Foo Airways"),
    ("lender-is-bank",
     "Kestrel Bank Ltd and Zeta Mining Corp signed a deal. The lender's shares fell.",
     "The lender's", "Kestrel Bank"),
    ("miner",
     "Kestrel Bank Ltd financed Zeta Mining Corp. The miner said output rose.",
     "The miner", "Zeta Mining"),
    ("place-based-firm",
     "Hangzhou-based Hikvision and Megvii were both named. The Hangzhou-based firm said it disagreed.",
     "The Hangzhou-based firm", "Hikvision"),
    ("general-noun-group",
     "Zeta Mining Corp said on Monday that profit fell. The group will pay a dividend.",
     "The group", "Zeta Mining"),
    ("possessive-company",
     "Alibaba posted results. The company's chief executive spoke.", "The company's", "Alibaba"),
    # TRAP rows: not a company reference, or nothing fitting before it
    ("trap-no-company-before", "The company said sales rose. Hikvision did not comment.", "The company", None),
    ("trap-government", "Hikvision was named. The government said it would act.", "The government", None),
    ("trap-person", "Hikvision was named. Mr Smith said it would act.", "Mr Smith", None),
    ("trap-sector-mismatch", "Zeta Mining Corp said output rose. The airline said nothing.", "The airline", None),
    ("trap-plain-noun", "Hikvision was named. The market fell.", "The market", None),
]


@pytest.mark.parametrize("text,phrase,expected", [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_resolve_reference(text, phrase, expected):
    pos = text.rindex(phrase)
    m = resolve_reference(phrase, pos, find_mentions(text), text)
    assert (m.name if m else None) == expected


NOUNS = [
    ("the company", ("company", None, [])),
    ("the bank", ("bank", "bank", [])),
    ("the e-commerce giant", ("giant", "internet", [])),
    ("the Australian carrier", ("carrier", "airline", ["Australian"])),
    ("its", ("its", None, [])),
    ("It", ("it", None, [])),
    ("the supermarket chain", ("chain", "retail", [])),
    # traps
    ("the ministry", None),
    ("Mr Smith", None),
    ("company", None),
    ("", None),
]


@pytest.mark.parametrize("phrase,expected", NOUNS, ids=[n[0] or "empty" for n in NOUNS])
def test_reference_noun(phrase, expected):
    assert reference_noun(phrase) == expected


def test_sector_from_mention_before_name_words():
    m = Mention(name="Foo Air", alias="Foo Air", start=0, end=7, sector="bank")
    assert sector_of(m) == "bank"
    assert sector_of(Mention(name="Foo Air", alias="Foo Air", start=0, end=7)) == "airline"
    assert sector_of(Mention(name="Foo", alias="Foo", start=0, end=3)) is None


def test_products_are_never_the_referent():
    text = "Alipay grew fast. The company said so."
    ms = find_mentions(text)
    assert [m.kind for m in ms] == ["product"]
    assert resolve_reference("The company", text.index("The company"), ms, text) is None


def test_only_mentions_before_the_phrase():
    text = "The company said so. Hikvision agreed."
    assert resolve_reference("The company", 0, find_mentions(text), text) is None


@given(st.text(max_size=60), st.integers(min_value=-5, max_value=200))
@settings(max_examples=200, deadline=None)
def test_never_raises(phrase, pos):
    text = "Hikvision and Megvii said. " + phrase
    out = resolve_reference(phrase, pos, find_mentions(text), text)
    assert out is None or out.end <= pos
