"""The one word-list pattern builder (extract/patterns.py): exact words, longest first, escaped."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsindex.extract.patterns import BLANKS, NOTHING, SPACE_OR_HYPHEN, SPACES, alternation

# (words, options, text, expected match at the start of text or None)
ROWS = [
    # longest first, whatever order the list gives
    (["a", "ab", "abc"], {}, "abcd", "abc"),
    (["abc", "a", "ab"], {}, "abx", "ab"),
    (["a", "ab", "abc"], {"factor": True}, "abcd", "abc"),
    (["Co", "Corp", "Corporation"], {}, "Corporation of", "Corporation"),
    (["Co", "Corp", "Corporation"], {"factor": True}, "Corpx", "Corp"),
    # special characters are literal
    (["C++", "C"], {}, "C++ code", "C++"),
    (["AT&T"], {}, "AT&T said", "AT&T"),
    (["S.A."], {}, "SxAx", None),
    (["S.A."], {"factor": True}, "S.A. said", "S.A."),
    (["a|b"], {}, "b", None),
    (["a|b"], {}, "a|b", "a|b"),
    (["[x]", "(y)", "$", "^", "\\"], {}, "$5", "$"),
    (["[x]", "(y)", "$", "^", "\\"], {"factor": True}, "\\n", "\\"),
    (["a b"], {}, "a  b", None),  # by default a space is one space
    (["a b"], {}, "a b", "a b"),
    # spaces
    (["according to"], {"space": SPACES}, "according\n  to him", "according\n  to"),
    (["per cent"], {"space": SPACE_OR_HYPHEN}, "per-cent rise", "per-cent"),
    (["per cent"], {"space": SPACE_OR_HYPHEN}, "percent", None),
    (["said in a statement"], {"space": BLANKS}, "said in\ta  statement", "said in\ta  statement"),
    (["said in a statement"], {"space": BLANKS}, "said in\na statement", None),
    # stems: a final * takes any word ending; a star elsewhere is literal
    (["comment*"], {"stems": True}, "commented on", "commented"),
    (["comment*"], {}, "commented", None),
    (["a*b"], {"stems": True}, "a*b", "a*b"),
    # lower: the words, not the text, are lower-cased
    (["Said"], {"lower": True}, "said", "said"),
    (["Said"], {"lower": True}, "Said", None),
    # atoms given as they are
    ([("[Aa]", "b")], {"factor": True}, "Ab", "Ab"),
]


@pytest.mark.parametrize("words, options, text, expected", ROWS, ids=lambda v: repr(v)[:30])
def test_match_at_start(words, options, text, expected):
    m = re.match(alternation(words, **options), text)
    assert (m.group() if m else None) == expected


TRAPS = [
    # no words: nothing, not the empty string
    ([], {}),
    ([], {"factor": True}),
    (["", "  "], {"space": SPACES}),
]


@pytest.mark.parametrize("words, options", TRAPS)
def test_no_words_match_nothing(words, options):
    pattern = alternation(words, **options)
    assert pattern == NOTHING
    assert re.search(pattern, "anything at all") is None
    assert re.search(pattern, "") is None


def test_one_group_whatever_surrounds_it():
    """The result is one group: a suffix written after it applies to every word."""
    pattern = alternation(["ab", "cd"]) + "!"
    assert re.fullmatch(pattern, "ab!") and re.fullmatch(pattern, "cd!")
    assert not re.fullmatch(pattern, "ab")


def test_gate_needs_factor():
    with pytest.raises(ValueError):
        alternation(["a"], gate=("[a]", r"\w"))


# --- properties ------------------------------------------------------------------------------

# letters, regex metacharacters and a space: the words a table may hold
ALPHABET = "abAB .+*?()[]{}|^$\\&-'"
WORDS = st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=6), min_size=1, max_size=12)


def _plain(words):
    return {w for w in words if w}


@settings(max_examples=300, deadline=None)
@given(words=WORDS, other=st.text(alphabet=ALPHABET, max_size=6), factor=st.booleans())
def test_matches_exactly_the_words(words, other, factor):
    pattern = re.compile(alternation(words, factor=factor))
    for w in words:
        assert pattern.fullmatch(w), w
    assert bool(pattern.fullmatch(other)) == (other in _plain(words))


@settings(max_examples=300, deadline=None)
@given(words=WORDS, tail=st.text(alphabet=ALPHABET, max_size=6), factor=st.booleans())
def test_longest_word_first(words, tail, factor):
    """Matched at the start of a text, the pattern takes the longest word the text starts with."""
    pattern = re.compile(alternation(words, factor=factor))
    for w in words:
        text = w + tail
        longest = max((v for v in _plain(words) if text.startswith(v)), key=len)
        assert pattern.match(text).group() == longest


@settings(max_examples=200, deadline=None)
@given(words=WORDS, factor=st.booleans())
def test_space_option_matches_any_run(words, factor):
    pattern = re.compile(alternation(words, space=SPACES, factor=factor))
    for w in words:
        parts = w.split()
        if parts:
            assert pattern.fullmatch(" \n ".join(parts)), w


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.text(alphabet="abAB&", min_size=1, max_size=5), min_size=1, max_size=8),
       text=st.text(alphabet="abAB& x", max_size=30))
def test_gate_finds_what_the_look_behind_finds(words, text):
    """The gated trie (a first-character class, then the look-behind) is the plain one behind
    ``(?<!...)``: the same matches anywhere in a text."""
    first = "[" + "".join(sorted({re.escape(w[0]) for w in words})) + "]"
    gated = re.compile(alternation(words, factor=True, gate=(first, "[\\w&]")))
    plain = re.compile(r"(?<![\w&])" + alternation(words, factor=True))
    assert [m.span() for m in gated.finditer(text)] == [m.span() for m in plain.finditer(text)]
