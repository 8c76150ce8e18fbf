"""Paragraphs and sentences of a clean body, as character spans.

Every layer (figures, claims, companies) works on these spans so that what it
reports can be traced back to ``body[start:end]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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
    out = []
    for i, m in enumerate(_PARA_RE.finditer(body)):
        out.append(Span(m.start(), m.end(), i, m.group()))
    return out


ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "co", "corp", "inc", "ltd", "plc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "vs", "etc", "gov", "sen", "rep", "gen", "col", "lt", "capt", "mt", "ft", "approx",
    "dept", "univ", "est", "fig", "vol", "pp", "al", "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m",
}

# A candidate boundary: end punctuation, optional closing quotes/brackets, whitespace,
# then something that can start a sentence.
_BOUNDARY_RE = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def _is_abbreviation(text: str, dot_pos: int) -> bool:
    """True when the '.' at dot_pos ends an abbreviation or an initial, not a sentence."""
    if text[dot_pos] != ".":
        return False
    m = _WORD_BEFORE_RE.search(text, 0, dot_pos)
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():  # an initial: "John F. Kennedy"
        return True
    return word.lower().rstrip(".") in ABBREVIATIONS


def sentences(body: str) -> list[Span]:
    """Sentences of every paragraph, as spans into body.

    >>> [s.text for s in sentences("Mr. Wang said it. Revenue rose 3.5% in the U.S. market. Done.")]
    ['Mr. Wang said it.', 'Revenue rose 3.5% in the U.S. market.', 'Done.']
    """
    out: list[Span] = []
    for para in paragraphs(body):
        text = para.text
        start = 0
        for m in _BOUNDARY_RE.finditer(text):
            first_dot = m.start()
            if _is_abbreviation(text, first_dot) and m.group() == ".":
                continue
            end = m.end()
            seg = text[start:end]
            if seg.strip():
                lead = len(seg) - len(seg.lstrip())
                out.append(Span(para.start + start + lead, para.start + end, para.paragraph, seg.strip()))
            start = end
        seg = text[start:]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            s = para.start + start + lead
            out.append(Span(s, s + len(seg.strip()), para.paragraph, seg.strip()))
    return out
