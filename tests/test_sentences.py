"""Sentence splitting for news prose: one row per written form, trap rows where a split is wrong."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsindex.extract.sentences import paragraphs, sentence_at, sentences


def split(text):
    return [s.text for s in sentences(text)]


SPLITS = [
    # (id, text, expected sentences)
    ("plain", "Shares rose. Profits fell.", ["Shares rose.", "Profits fell."]),
    ("question-exclaim", "Why now? Nobody knows! It happened.", ["Why now?", "Nobody knows!", "It happened."]),
    ("title-mr-british", "Mr Feldstein says so. He left.", ["Mr Feldstein says so.", "He left."]),
    ("title-mr-us", "Mr. Wang said it. Then he left.", ["Mr. Wang said it.", "Then he left."]),
    ("title-dr", "Dr. Chen Li runs the lab. It is new.", ["Dr. Chen Li runs the lab.", "It is new."]),
    ("title-prof-gen", "Prof. Smith met Gen. Lee today. Both spoke.", ["Prof. Smith met Gen. Lee today.", "Both spoke."]),
    ("us-inside", "The U.S. Commerce Department acted. It was May.", ["The U.S. Commerce Department acted.", "It was May."]),
    ("us-at-end", "Sales grew in the U.S. The rest fell.", ["Sales grew in the U.S.", "The rest fell."]),
    ("uk-inside", "The U.K. Treasury agreed. Markets rose.", ["The U.K. Treasury agreed.", "Markets rose."]),
    ("month-before-day", "On Feb. 14, 2019 it snowed. Then it stopped.", ["On Feb. 14, 2019 it snowed.", "Then it stopped."]),
    ("month-at-end", "The deal closed in Sept. The buyer paid cash.", ["The deal closed in Sept.", "The buyer paid cash."]),
    ("inc-inside", "Apple Inc. Chief Executive Tim Cook spoke. Shares rose.", ["Apple Inc. Chief Executive Tim Cook spoke.", "Shares rose."]),
    ("inc-at-end", "It sold the unit to Apple Inc. The price was not disclosed.", ["It sold the unit to Apple Inc.", "The price was not disclosed."]),
    ("co-inside", "Zhejiang Dahua Technology Co. Ltd. Vice President Li spoke. He smiled.", ["Zhejiang Dahua Technology Co. Ltd. Vice President Li spoke.", "He smiled."]),
    ("saint", "He lives in St. Louis now. She does not.", ["He lives in St. Louis now.", "She does not."]),
    ("street-at-end", "The office is on Main St. The rent is high.", ["The office is on Main St.", "The rent is high."]),
    ("decimal", "Revenue was US$1.5 billion. Profit rose 3.5 per cent.", ["Revenue was US$1.5 billion.", "Profit rose 3.5 per cent."]),
    ("decimal-start", "It grew 2.76 times. 3.5% is the rate.", ["It grew 2.76 times.", "3.5% is the rate."]),
    ("initial", "John F. Kennedy spoke. He left.", ["John F. Kennedy spoke.", "He left."]),
    ("initials-pair", "J.P. Morgan analysts agreed. They wrote a note.", ["J.P. Morgan analysts agreed.", "They wrote a note."]),
    ("number-abbrev", "It is the No. 2 maker. Dahua is No. 3 overall.", ["It is the No. 2 maker.", "Dahua is No. 3 overall."]),
    ("no-as-word", "The answer was no. Then they left.", ["The answer was no.", "Then they left."]),
    ("curly-quote-inside", "“It is about stability.” The next day it fell.", ["“It is about stability.”", "The next day it fell."]),
    ("straight-quote-inside", '"It is about stability." The next day it fell.', ['"It is about stability."', "The next day it fell."]),
    ("quote-then-lowercase", "“Is it fair?” he asked. Nobody replied.", ["“Is it fair?” he asked.", "Nobody replied."]),
    ("quote-comma", "“We grew,” she said. “We will grow.”", ["“We grew,” she said.", "“We will grow.”"]),
    ("em-dash", "Hikvision — the biggest maker — grew. Dahua did not.", ["Hikvision — the biggest maker — grew.", "Dahua did not."]),
    ("em-dash-tight", "It rose—sharply. Then it fell.", ["It rose—sharply.", "Then it fell."]),
    ("paren-aside", "(Since then, it has closed the database.) The firm declined to comment.",
     ["(Since then, it has closed the database.)", "The firm declined to comment."]),
    ("paren-inner-sentence", "The firm (see Fig. 2. It is new.) grew fast. Next.", ["The firm (see Fig. 2. It is new.) grew fast.", "Next."]),
    ("paren-abbrev", "GPUs (graphics processing units) are scarce. Servers too.", ["GPUs (graphics processing units) are scarce.", "Servers too."]),
    ("domain-name", "It bought Amazon.com shares. JRJ.com said so. Done.", ["It bought Amazon.com shares.", "JRJ.com said so.", "Done."]),
    ("ellipsis", "It was... Then it wasn't. Fine.", ["It was...", "Then it wasn't.", "Fine."]),
    ("camel-start", "Sales fell. iPhone demand slowed. eBay rose.", ["Sales fell.", "iPhone demand slowed.", "eBay rose."]),
    ("am-pm", "It opened at 9 a.m. The crowd was large.", ["It opened at 9 a.m.", "The crowd was large."]),
    ("am-inside", "At 9 a.m. Beijing time the market opened. It rose.", ["At 9 a.m. Beijing time the market opened.", "It rose."]),
    ("eg", "Some firms, e.g. Megvii, grew. Others fell.", ["Some firms, e.g. Megvii, grew.", "Others fell."]),
    ("heading-line", "China rejects criticism\nThe ministry said no. It left.", ["China rejects criticism", "The ministry said no.", "It left."]),
    ("bullets", "Key points\n• One point here\n• Another point", ["Key points", "• One point here", "• Another point"]),
    ("wrapped-prose", "The views expressed in these publications are solely the views of the owner and do\nnot reflect the views of the sponsor. End.",
     ["The views expressed in these publications are solely the views of the owner and do\nnot reflect the views of the sponsor.", "End."]),
]


@pytest.mark.parametrize("text,expected", [r[1:] for r in SPLITS], ids=[r[0] for r in SPLITS])
def test_split(text, expected):
    assert split(text) == expected


def test_spans_point_into_body_across_paragraphs():
    body = "First one. Second one.\n\n“Third,” he said.   Fourth.\n\nFifth"
    spans = sentences(body)
    assert [s.text for s in spans] == ["First one.", "Second one.", "“Third,” he said.", "Fourth.", "Fifth"]
    assert [s.paragraph for s in spans] == [0, 0, 1, 1, 2]
    for s in spans:
        assert body[s.start : s.end] == s.text


def test_paragraphs_blank_line_only():
    assert [p.text for p in paragraphs("One.\nstill one.\n\n\nTwo.")] == ["One.\nstill one.", "Two."]


def test_sentence_at():
    body = "Alpha one. Beta two."
    spans = sentences(body)
    assert sentence_at(spans, body.index("Beta")).text == "Beta two."
    assert sentence_at(spans, body.index("one")).text == "Alpha one."
    assert sentence_at(spans, len(body) + 5) is None


@pytest.mark.parametrize(
    "text",
    [
        "Mr. " * 200_000,
        "A. " * 300_000,
        "(" * 500_000 + ")" * 500_000,
        "“Quote. " * 100_000,
        "Word " * 200_000,
        "x.\n" * 300_000,
        "." * 1_000_000,
        "?!" * 500_000 + " A",
    ],
    ids=["titles", "initials", "parens", "open-quotes", "no-punct", "short-lines", "dots", "marks"],
)
def test_adversarial_megabyte_completes(text):
    spans = sentences(text)
    assert all(text[s.start : s.end] == s.text for s in spans[:1000])


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Ab .?!“”\"()\n,Mr'’U.S1")), max_size=300))
def test_property_spans_are_exact_and_ordered(text):
    spans = sentences(text)
    last = -1
    for s in spans:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start > last
        last = s.end - 1
