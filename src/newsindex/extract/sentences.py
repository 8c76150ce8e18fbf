"""Paragraphs and sentences of a clean body, as character spans.

Every layer (figures, claims, companies) works on these spans so that what it
reports can be traced back to ``body[start:end]``.

Sentence splitting is built for news prose: abbreviations (``Mr``, ``Dr.``,
``U.S.``, ``Feb.``, ``Inc.``) and initials do not end a sentence, decimals never
do, a full stop inside closing quote marks does (``…stability.” The next``),
and a sentence inside parentheses stays whole. The abbreviation tables live in
``data/sentences.toml``. Every step is a linear scan: no input makes it slow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..data import load


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    paragraph: int
    text: str


_PARA_RE = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")


def paragraphs(body: str) -> list[Span]:
    """Paragraphs are separated by one blank line.

    >>> [p.text for p in paragraphs("One.\\n\\nTwo.")]
    ['One.', 'Two.']
    """
    return list(_paragraphs(body))


# Figures and claims both split the same body: the spans (immutable) are computed once,
# each caller gets its own list.
@lru_cache(maxsize=4)
def _paragraphs(body: str) -> tuple[Span, ...]:
    return tuple(Span(m.start(), m.end(), i, m.group()) for i, m in enumerate(_PARA_RE.finditer(body)))


_TABLE = load("sentences")
NEVER_END = frozenset(_TABLE["abbreviations"]["never_end"])
MAY_END = frozenset(_TABLE["abbreviations"]["may_end"])
BEFORE_NUMBER = frozenset(_TABLE["abbreviations"]["before_number"])
STARTERS = frozenset(_TABLE["starters"]["words"])
HEADING_MAX_WORDS = int(_TABLE["lines"]["heading_max_words"])
BULLETS = tuple(_TABLE["lines"]["bullets"])
#: kept for callers of the foundation's API
ABBREVIATIONS = NEVER_END | MAY_END | BEFORE_NUMBER

CLOSERS = "\"'”’)]»"
OPENERS = "\"'“‘([«"

# A candidate boundary: end punctuation, optional closing quotes/brackets, whitespace,
# then something that can start a sentence (a capital, a digit, or "iPhone"-style words).
_BOUNDARY_RE = re.compile(
    r"""
    [.!?…](?<![.!?…][.!?…]) # start at the first mark of a run only: linear time on "......"
                            # (the mark first, then the look-behind: the search can skip to marks)
    [.!?…]*                 # the end punctuation
    ["'”’)\]»]*             # closing quote marks or brackets
    (?=\s+                  # then whitespace
       ["'“‘(\[«]?          # an optional opening mark
       (?:[A-Z0-9]|[a-z][A-Z])  # and a sentence opener
    )
    """,
    re.VERBOSE,
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_NEXT_WORD_RE = re.compile(r"\s+[\"'“‘(\[«]?([\w'’.-]{1,40})")
_END_PUNCT = tuple(".!?…:;") + tuple(CLOSERS)


def _word_before(text: str, dot_pos: int) -> str:
    # look back a bounded distance: an abbreviation is short
    m = _WORD_BEFORE_RE.search(text, max(0, dot_pos - 12), dot_pos)
    return m.group(1) if m else ""


def abbreviation_dot(text: str, dot_pos: int) -> bool:
    """Whether the full stop at ``dot_pos`` closes an abbreviation or an initial rather than a clause.

    The same table as the splitter: "Inc.", "Corp.", "U.S.", "Mr.", "J.P." and "F." keep the clause
    open; "rose." and "3.5" do not count as abbreviations.

    >>> [abbreviation_dot(s, s.index(". ")) for s in ("Walmart Inc. said", "J.P. Morgan", "sales rose. Then")]
    [True, True, False]
    """
    if text[dot_pos : dot_pos + 1] != ".":
        return False
    word = _word_before(text, dot_pos)
    if not word:
        return False
    key = word.lower().rstrip(".")
    return (len(word) == 1 and word.isupper()) or key in ABBREVIATIONS or "." in key


def _ends_sentence(text: str, m: re.Match) -> bool:
    """Whether the candidate boundary ``m`` really ends a sentence."""
    punct = m.group()
    if punct[0] != "." or punct.startswith(".."):
        return True  # ?, !, … and ellipses end sentences
    word = _word_before(text, m.start())
    if not word:
        return True
    nxt = _NEXT_WORD_RE.match(text, m.end())
    next_word = nxt.group(1) if nxt else ""
    next_is_starter = next_word.lower().strip("'’.") in STARTERS
    key = word.lower().rstrip(".")
    if len(word) == 1 and word.isupper():  # an initial: "John F. Kennedy"
        return next_is_starter
    if key in NEVER_END:
        return False
    if key in BEFORE_NUMBER:
        return not next_word[:1].isdigit()
    if key in MAY_END or "." in key:  # "U.S.", "Inc.", "Feb.", "a.m."
        return next_is_starter
    return True


_PAREN_RE = re.compile(r"[()]")


def _paren_ranges(text: str) -> list[tuple[int, int]]:
    """(open, close) positions of balanced parentheses, outermost only."""
    ranges: list[tuple[int, int]] = []
    if "(" not in text:
        return ranges
    stack: list[int] = []
    for m in _PAREN_RE.finditer(text):  # only the brackets, not every character
        i, ch = m.start(), m.group()
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            start = stack.pop()
            if not stack:
                ranges.append((start, i))
    return ranges


def _inside_parens(ranges: list[tuple[int, int]], pos: int) -> bool:
    """True when pos falls strictly inside a parenthesis that closes later (ranges sorted)."""
    lo, hi = 0, len(ranges)
    while lo < hi:
        mid = (lo + hi) // 2
        if ranges[mid][1] < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo < len(ranges) and ranges[lo][0] < pos <= ranges[lo][1]


_NEXT_LINE_RE = re.compile(r"[ \t]*(\S?)")


def _line_cuts(text: str) -> list[int]:
    """Line breaks inside a paragraph that end a sentence: after headings, before bullets."""
    cuts = []
    pos = 0
    for line in text.split("\n")[:-1]:
        pos += len(line) + 1
        stripped = line.strip()
        nxt = _NEXT_LINE_RE.match(text, pos)
        if (
            not stripped
            or stripped.endswith(_END_PUNCT)
            or len(stripped.split(None, HEADING_MAX_WORDS)) <= HEADING_MAX_WORDS
            or (nxt and nxt.group(1).startswith(BULLETS))
        ):
            cuts.append(pos)
    return cuts


def _cuts(text: str) -> list[int]:
    """Sorted positions in one paragraph where a sentence ends."""
    ranges = _paren_ranges(text)
    cuts = set(_line_cuts(text))
    for m in _BOUNDARY_RE.finditer(text):
        if _inside_parens(ranges, m.end() - 1) and text[m.end() - 1] != ")":
            continue
        if _ends_sentence(text, m):
            cuts.add(m.end())
    return sorted(cuts)


def sentences(body: str) -> list[Span]:
    """Sentences of every paragraph, as spans into body (``text == body[start:end]``).

    >>> [s.text for s in sentences("Mr. Wang said it. Revenue rose 3.5% in the U.S. market. Done.")]
    ['Mr. Wang said it.', 'Revenue rose 3.5% in the U.S. market.', 'Done.']
    >>> [s.text for s in sentences("“It is about stability.” The next one (see Fig. 2. It is new.) came.")]
    ['“It is about stability.”', 'The next one (see Fig. 2. It is new.) came.']
    """
    return list(_sentences(body))


@lru_cache(maxsize=4)
def _sentences(body: str) -> tuple[Span, ...]:
    out: list[Span] = []
    for para in _paragraphs(body):
        text = para.text
        start = 0
        for end in _cuts(text) + [len(text)]:
            seg = text[start:end]
            stripped = seg.strip()
            if stripped:
                s = para.start + start + (len(seg) - len(seg.lstrip()))
                out.append(Span(s, s + len(stripped), para.paragraph, stripped))
            start = end
    return tuple(out)


def sentence_at(spans: list[Span], pos: int) -> Span | None:
    """The sentence span containing body position ``pos`` (spans as from ``sentences``)."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid].end <= pos:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(spans) and spans[lo].start <= pos < spans[lo].end:
        return spans[lo]
    return None
