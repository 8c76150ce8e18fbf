"""The parser's speed-ups must not change what it finds.

Each shortcut is checked against the plain computation it replaces: the boilerplate rules'
literal prefilter and length bound against searching every pattern in turn.
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsindex.extract import clean
from newsindex.extract.clean.classify import _INVISIBLE, _ctx


def naive_classify(text: str) -> tuple[str | None, str]:
    """classify_rule without any prefilter: every pattern searched in file order."""
    s = text.strip().strip(_INVISIBLE).strip()
    if not s:
        return "blank", ""
    if len(s) > _ctx("classify_max_chars"):
        return None, ""
    for rule in clean.rules():
        if rule.regex.search(s):
            return rule.kind, rule.regex.pattern[:80]
    return None, ""


# --- the fold of case-insensitive text ----------------------------------------------------


def _literal_chars() -> set[str]:
    """Every character a case-insensitive rule's shortcuts compare with a folded line."""
    chars = set()
    for r in clean.rules():
        if r.folded:
            chars |= {ch for group in r.needs or () for n in group for ch in n}
            chars |= {ch for n in r.lead or () for ch in n}
            chars |= set(r.first or ())
    return chars


def test_fold_maps_every_case_variant_onto_the_literal():
    """Any character re.IGNORECASE equates with a prefilter character folds to that character."""
    wanted = sorted(_literal_chars())
    everything = "".join(chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF)
    any_of = re.compile("[" + "".join(re.escape(c) for c in wanted) + "]", re.I)
    checked = 0
    for c in set(any_of.findall(everything)):
        for lit in wanted:
            if re.fullmatch(re.escape(lit), c, re.I):
                assert clean.fold(c) == lit, (hex(ord(c)), lit)
                checked += 1
    assert checked > len(wanted)  # the ASCII letters' capitals and the odd ones (ſ, K, İ, ı) were seen


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Getty Images", "getty images"),
        ("\u017fubscribe", "subscribe"),  # long s
        ("\u212aYODO NEWS", "kyodo news"),  # Kelvin sign
        ("\u0130N THIS PHOTO", "in this photo"),  # dotted capital I: one character, not two
        ("©2019 Caixin", "©2019 caixin"),
    ],
)
def test_fold(text, folded):
    assert clean.fold(text) == folded


# --- the prefilter chooses the same rule ------------------------------------------------

LINES = [
    # body text from other outlets' styles: no rule
    "Huawei said on Tuesday it would appeal, according to a statement sent to Reuters.",
    "The company, founded in 2011, makes cameras for retailers and has raised $600 million.",
    "Analysts at Jefferies expect the order book to grow 12% for the year, the Nikkei reported.",
    # captions and credits
    "A worker at a plant in Shenzhen, China, on Thursday, Feb. 14, 2019.",
    "Visitors look at cameras at an expo in Beijing. Photo: AP",
    "Staff test the system in Hangzhou (Photo by Qilai Shen/Bloomberg via Getty Images)",
    "A camera outside a mall in Shanghai. REUTERS/Aly Song",
    "Cameras in Tiananmen Square. Photograph: Mark Schiefelbein/AP",
    "The firm's stand at the fair | Visual China Group",
    "Police officers wear smart glasses in Zhengzhou, via AFP",
    "LONDON, ENGLAND - JANUARY 25: A body-worn camera on an officer's vest",
    "In this Oct. 29, 2019, photo, visitors watch a demo (AP Photo/Ng Han Guan)",
    "People queue outside the store © Jack Taylor/Getty",
    # footers and promos
    "Copyright 2019 The Straits Times. All rights reserved.",
    "Sign up for our daily Tech newsletter here.",
    "The views expressed do not necessarily reflect the views of this publication.",
    "Additional reporting by Jane Roe in Hong Kong; Editing by John Doe",
    "Jane Roe contributed reporting to this article.",
    "This article appeared in the print edition of The Economist.",
    # traps: the words of a rule inside ordinary sentences, and odd letters
    "Sales for Reuters rose, the company said on Friday, adding that it would invest more.",
    "The \u212aelvin-sign line was \u017fubscribed for AFP",
    "\u0130N THIS PHOTO taken on Monday, the ministers meet",
    "He said the newsletter was free and readers could subscribe to it any time.",
    "Advertisement",
    "Share",
    "12",
    # the first-character and lead-string shortcuts
    "Shoppers wait for hours at a store in Beijing for AFP",  # the second "for" starts the match
    "ADVERTISEMENT",
    "\u017fkip to content",  # long s: fold() makes it "s"
    "\u212aEY POINTS",  # Kelvin sign
    "“Share this article”",
    "(Photo by Qilai Shen)",
]


@pytest.mark.parametrize("text", LINES)
def test_prefilter_chooses_the_same_rule(text):
    assert clean.classify_rule(text) == naive_classify(text)


_PIECES = sorted(
    {n for r in clean.rules() if r.needs for group in r.needs for n in group}
    | {n for r in clean.rules() for n in r.lead or ()}
    | {c.upper() for r in clean.rules() for c in r.first or ()}
    | {"Photo", "AP", "Getty Images", "REUTERS", "/", "|", " via ", " for ", ", on Monday, Feb. 4, 2019.", "\n"}
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=12))
def test_prefilter_equivalent_on_generated_lines(parts):
    text = "".join(parts)
    assert clean.classify_rule(text) == naive_classify(text)


LONGEST = [
    "Sponsored by the Hong Kong Trade Development Council and the Shenzhen Municipal Government",
    "Reporting by Jane Roe in Beijing and John Doe in Hong Kong; Writing by Jane Roe; Editing by Kim Coghill",
    "Follow The Straits Times on Twitter for the latest news",
    "listen to this article",
    "you may also like",
]


@pytest.mark.parametrize("text", LONGEST + LINES)
def test_length_bound_never_below_a_match(text):
    for r in clean.rules():
        if r.max_len is not None and r.regex.search(text):
            assert len(text) <= r.max_len


def test_length_bound_only_on_patterns_anchored_at_both_ends():
    bounded = [r for r in clean.rules() if r.max_len is not None]
    assert len(bounded) >= 10
    for r in bounded:
        assert r.regex.pattern.startswith("^") and r.regex.pattern.endswith("$")


# --- claims: attribution verbs found from the article's word index ------------------------

from newsindex.extract.claims import attribution as claims  # noqa: E402
from newsindex.extract.claims import speakers as claim_speakers  # noqa: E402
from newsindex.extract.claims import tables as claim_tables  # noqa: E402

_VERB_PIECES = sorted(claims._SPEECH_FIRSTS | claims._THAT_FIRSTS) + [
    "pointed out", "has been told", "has  learned", "said-", "-said", "unsaid", "saidx", "é", "said’",
    " ", "  ", "\n", ",", ".", "“", "▒", "-", "x", "Said", "ſaid",
]


def _verb_spans(masked: str, start: int, end: int):
    v = claims._Verbs(masked)
    new = [(k, m.span(), m.group()) for k, ix in (("speech", v.speech), ("that", v.that)) for m in ix.finditer(start, end)]
    old = [(k, m.span(), m.group()) for k, rx in (("speech", claim_tables.SPEECH_RE), ("that", claim_tables.THAT_VERB_RE))
           for m in rx.finditer(masked, start, end)]
    return new, old


@pytest.mark.parametrize(
    "masked, start, end",
    [
        ("Wang said the plan would work, she told reporters.", 0, 50),
        ("“It works,” said Wang. He pointed out that it did.", 0, 22),
        ("“It works,” said Wang. He pointed out that it did.", 23, 50),
        ("the unsaid words; said-so; re-said; he said", 0, 43),
        ("He saidthat", 0, 7),  # the unit ends inside a word: the head "said" is a whole word to it
        ("He saidthat", 3, 7),
        ("xsaid it", 1, 8),  # the word starts before the unit
        ("They believe it", 0, 12),
        ("they  pointed\nout that", 0, 22),
    ],
)
def test_verb_index_finds_what_the_pattern_finds(masked, start, end):
    new, old = _verb_spans(masked, start, end)
    assert new == old


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_VERB_PIECES), max_size=25), st.data())
def test_verb_index_equivalent_on_generated_text(parts, data):
    masked = "".join(parts)
    start = data.draw(st.integers(0, len(masked)))
    end = data.draw(st.integers(start, len(masked)))
    new, old = _verb_spans(masked, start, end)
    assert new == old


# --- look-behinds written after the capital they check ------------------------------------

from newsindex.extract import companies  # noqa: E402
from newsindex.extract.companies import discovery as company_discovery  # noqa: E402
from newsindex.extract.companies.filters import _CAP  # noqa: E402
from newsindex.extract.companies.names import _phrases  # noqa: E402

_INTRO_BEFORE = re.compile(  # claim_speakers._INTRO_RE as first written: the look-behind first
    r"(?<![\w’'-])(" + claim_speakers._CAP_WORD + r"(?:\s+" + claim_speakers._CAP_WORD + r"){1,2}),\s+"
    r"(?:a|an|the|who|senior|chief|former|head|deputy|[a-z-]+(?:er|or|ist|ian|ant|ent))\b"
)


def _appos_after_before() -> tuple[re.Pattern, re.Pattern]:
    gaz = companies.Gazetteer.default()
    appos = _phrases(gaz.rules.words("discover", "apposition_nouns"))
    run = rf"{_CAP}(?:[ \t]+(?:{_CAP}|&|of)){{0,6}}"
    plain = re.compile(rf"(?<![\w&])(?P<name>{run}),[ \t]+(?:a|an)[ \t]+(?:[\w'\u2019-]+[ \t]+){{0,4}}?(?:{appos})\b")
    return plain, company_discovery._discoverer(gaz).appos_after_re


_CAP_PIECES = [
    "Maya", "Wang", "Tao", "Yin Qi", "IPVM", "SenseTime", "A&B", "Foo.", "x", "-", "’", "'", "&", " ", ", ",
    ", a ", ", the ", ", a Beijing-based ", "startup", "company", "researcher", "of", "\n", "é", "É",
]


def _spans(rx: re.Pattern, text: str):
    return [(m.span(), m.span(1)) for m in rx.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Maya Wang, a senior researcher at the group, said so.",
        "x-Maya Wang, a researcher",  # a hyphen before the name: no match
        "O’Maya Wang, the founder",
        "Its rival Hikvision Digital, a Hangzhou-based company, sold cameras.",
        "a&Foo Bar, a startup",
    ],
)
def test_lookbehind_after_the_capital_same_matches(text):
    plain, fast = _appos_after_before()
    assert _spans(claim_speakers._INTRO_RE, text) == _spans(_INTRO_BEFORE, text)
    assert _spans(fast, text) == _spans(plain, text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CAP_PIECES), max_size=20))
def test_lookbehind_after_the_capital_equivalent_on_generated_text(parts):
    text = "".join(parts)
    plain, fast = _appos_after_before()
    assert _spans(claim_speakers._INTRO_RE, text) == _spans(_INTRO_BEFORE, text)
    assert _spans(fast, text) == _spans(plain, text)


# --- discovery patterns that skip to their words' first characters -------------------------


def _discovery_pairs():
    """(as first written: look-behind or \\b first, as compiled now) for each gated pattern."""
    gaz = companies.Gazetteer.default()
    r, d = gaz.rules, company_discovery._discoverer(gaz)
    links = _phrases(r.words("discover", "list_links"), fold=True)
    nouns = _phrases(r.words("discover", "list_nouns"), fold=True)
    appos = _phrases(r.words("discover", "apposition_nouns"))
    run = rf"{_CAP}(?:[ \t]+(?:{_CAP}|&|of)){{0,6}}"
    return [
        (re.compile(rf"(?<![\w&])(?:{_phrases(d.suffixes)})(?![\w&])"), d.suffix_re),
        (re.compile(rf"\b(?:{nouns}),?[ \t]+(?:{links})[ \t]+"), d.list_re),
        (re.compile(rf"(?<![\w-])(?:{appos})[ \t]+(?P<name>{run})"), d.appos_before_re),
    ]


def _all_spans(rx: re.Pattern, text: str):
    return [(m.span(), m.groupdict()) for m in rx.finditer(text)]


_DISCOVERY_PIECES = [
    "Holdings", "Group", "Inc", "Corp", "Co", "Ltd", "Technologies", "Capital", "Partners", "Venture",
    "clients", "customers", "investors", "include", "including", "such as", "startup", "company", "maker",
    "Acme", "Foo", "&", "-", " ", ", ", ".", "x", "é", "’", "'", "\n", "of",
]


@pytest.mark.parametrize(
    "text",
    [
        "Shares of Acme Holdings Ltd rose; Foo Group Inc. fell.",
        "Its customers include Acme, Foo Technologies and Bar Capital Partners.",
        "xcustomers include Acme",  # a word runs into the noun: no match
        "the startup Acme Robotics said",
        "non-startup Acme",  # a hyphen before the noun: no match
        "Foo&Holdings",
    ],
)
def test_gated_discovery_patterns_same_matches(text):
    for plain, gated in _discovery_pairs():
        assert _all_spans(gated, text) == _all_spans(plain, text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_DISCOVERY_PIECES), max_size=20))
def test_gated_discovery_patterns_equivalent_on_generated_text(parts):
    text = "".join(parts)
    for plain, gated in _discovery_pairs():
        assert _all_spans(gated, text) == _all_spans(plain, text)
