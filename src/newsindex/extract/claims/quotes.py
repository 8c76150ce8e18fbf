"""Quotation masking and units: the sentences of a paragraph grouped so a running quotation is one unit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..sentences import Span, sentences
from .tables import MASK, QUOTE_CLOSE, QUOTE_OPEN, SPEECH_RE


_QUOTE_CHAR_RE = re.compile("[" + re.escape(QUOTE_OPEN + QUOTE_CLOSE + '"') + "]")


def _quote_spans(body: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(open, end, closed) of the quotations in body[start:end]; an unclosed one runs to ``end``."""
    spans: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    for qm in _QUOTE_CHAR_RE.finditer(body, start, end):  # only the quotation marks, not every character
        i = qm.start()
        ch = body[i]
        if ch in QUOTE_OPEN or (ch == '"' and open_at is None and not (i > start and body[i - 1].isdigit())):
            if open_at is not None:
                spans.append((open_at, i, False))
            open_at = i
        elif ch in QUOTE_CLOSE or (ch == '"' and open_at is not None):
            if open_at is not None:
                spans.append((open_at, i + 1, True))
                open_at = None
    if open_at is not None:
        spans.append((open_at, end, False))
    return spans


def _mask(body: str, quotes: list[tuple[int, int, bool]]) -> str:
    """body with the inside of every quotation replaced by MASK (same length, newlines kept)."""
    chars = list(body)
    for s, e, closed in quotes:
        for i in range(s + 1, e - 1 if closed else e):
            if chars[i] != "\n":
                chars[i] = MASK
    return "".join(chars)


def _quoted_chars(masked: str, start: int, end: int) -> int:
    """Characters of body[start:end] inside quotation marks, the marks included."""
    n = masked.count(MASK, start, end)
    return n + sum(masked.count(q, start, end) for q in QUOTE_OPEN + QUOTE_CLOSE + '"') if n else 0


# --------------------------------------------------------------------------- units


@dataclass
class _Unit:
    start: int
    end: int
    paragraph: int
    sentences: list[Span] = field(default_factory=list)


def _is_quote_only(masked: str, start: int, end: int) -> bool:
    """True when the unit has no words outside quotation marks."""
    seg = masked[start:end]
    return MASK in seg and not re.search(r"[^\W_]", seg.replace(MASK, ""))


#: the most characters a unit (so a claim's text) carries: a running quotation is cut at a sentence
#: end before this, a longer sentence into windows cut at a space; output stays linear in the input
MAX_UNIT_CHARS = 2000


def _windows(unit: _Unit, body: str) -> list[_Unit]:
    """A unit longer than MAX_UNIT_CHARS (one sentence) cut into windows ending at a space."""
    out: list[_Unit] = []
    start = unit.start
    while unit.end - start > MAX_UNIT_CHARS:
        hi = start + MAX_UNIT_CHARS
        space = body.rfind(" ", start + MAX_UNIT_CHARS // 2, hi)
        end = space if space > start else hi
        out.append(_Unit(start, end, unit.paragraph, []))
        start = end
        while start < unit.end and body[start].isspace():
            start += 1
    if start < unit.end:
        out.append(_Unit(start, unit.end, unit.paragraph, []))
    return out


def _units(body: str, masked: str, para_sents: list[Span]) -> list[_Unit]:
    """Group the sentences of one paragraph: a quotation over several sentences is one unit.

    No unit is longer than MAX_UNIT_CHARS.
    """
    units: list[_Unit] = []
    for s in para_sents:
        inside_quote = masked[s.start] == MASK  # the sentence starts inside a running quotation
        if units and inside_quote and s.end - units[-1].start <= MAX_UNIT_CHARS:
            units[-1].end = s.end
            units[-1].sentences.append(s)
        else:
            units.append(_Unit(s.start, s.end, s.paragraph, [s]))
    merged: list[_Unit] = []
    for u in units:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and u.end - prev.start <= MAX_UNIT_CHARS
            and _is_quote_only(masked, prev.start, prev.end)
            and len(body[u.start : u.end].split()) <= 15
            and SPEECH_RE.search(masked, u.start, u.end)
            and MASK not in masked[u.start : u.end]
        ):  # "“Are they?” Wang asked."
            prev.end = u.end
            prev.sentences.extend(u.sentences)
        elif u.end - u.start > MAX_UNIT_CHARS:
            merged.extend(_windows(u, body))
        else:
            merged.append(u)
    return merged
