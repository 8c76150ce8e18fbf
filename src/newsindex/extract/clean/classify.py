"""The context-free rules of ``data/boilerplate.toml``: each line or paragraph on its own.

``classify_line(text)`` names the boilerplate kind of one line (ads, navigation, credits, captions
with an inline credit, copyright, sponsor and disclaimer footers, correction notes, contributor
lines, newsletter promos, stray one-word lines) or None for body text. The rules are tried in file
order; the literal prefilter of ``prefilter.py`` skips those that cannot match.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from ... import data
from ..patterns import alternation
from .prefilter import _first_chars, _leads, _max_len, _needs, _passes, _search_at, fold

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"

#: characters stripped from both ends of every line besides whitespace (BOM, zero-width)
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


@dataclass(frozen=True)
class Rule:
    kind: str
    regex: re.Pattern
    #: literal strings one of which every match contains (see ``_needs``), or None: always search
    needs: tuple[tuple[str, ...], ...] | None = None
    folded: bool = False  # needs are tested against fold(line) (a case-insensitive pattern)
    #: a pattern anchored at both ends matches no line longer than this (None: no such bound)
    max_len: int | None = None
    #: a pattern anchored at the start: the characters (as the line's are tested) a match can
    #: start with; None when any
    first: frozenset[str] | None = None
    #: an unanchored pattern: strings one of which every match starts with (the pattern is then
    #: tried only where they occur); None when unknown
    lead: tuple[str, ...] | None = None


@lru_cache(maxsize=1)
def table() -> dict:
    return data.load("boilerplate")


def _expand(pattern: str) -> str:
    return pattern.replace("{agency}", alternation(table()["photo"]["agencies"])).replace("{month}", _MONTHS).replace("{weekday}", _WEEKDAYS)


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The context-free rules of boilerplate.toml, compiled, in file order."""
    out = []
    for r in table()["rule"]:
        flags = 0 if r.get("case") else re.I
        for p in r["patterns"]:
            rx = re.compile(_expand(p), flags)
            out.append(Rule(r["kind"], rx, _needs(rx), bool(rx.flags & re.I), _max_len(rx), _first_chars(rx), _leads(rx)))
    return tuple(out)


def _ctx(key: str):
    return table()["context"][key]


def classify_line(text: str) -> str | None:
    """The boilerplate kind of one line or paragraph on its own, or None for body text.

    >>> classify_line("Advertisement")
    'ad'
    >>> classify_line("Jane Roe | Bloomberg | Getty Images")
    'credit'
    >>> classify_line("Officials said the plan would cut costs by a third.") is None
    True
    """
    return classify_rule(text)[0]


def classify_rule(text: str) -> tuple[str | None, str]:
    """Like classify_line, and the pattern that matched."""
    s = text.strip().strip(_INVISIBLE).strip()
    if not s:
        return "blank", ""
    if len(s) > _ctx("classify_max_chars"):
        return None, ""  # no boilerplate line is this long: body text
    folded = s.lower() if s.isascii() else fold(s)
    for rx, needs, lead, is_folded, kind, label in _plan(len(s), s[0]):
        line = folded if is_folded else s
        if needs is not None and not _passes(needs, line):
            continue
        if (_search_at(rx, s, line, lead) if lead else rx.search(s)):
            return kind, label
    return None, ""


@lru_cache(maxsize=1)
def _bounds() -> tuple[int, ...]:
    return tuple(sorted({r.max_len for r in rules() if r.max_len is not None}))


def _plan(size: int, first: str) -> tuple:
    """The rules that can match a line of ``size`` characters starting with ``first``, in file
    order, as flat tuples."""
    return _plan_for(bisect_left(_bounds(), size), first)


@lru_cache(maxsize=4096)
def _plan_for(rank: int, first: str) -> tuple:
    bounds = _bounds()
    least = bounds[rank] if rank < len(bounds) else None  # the rules bounded below this are out
    folded = fold(first)
    return tuple(
        (r.regex, r.needs, r.lead, r.folded, r.kind, r.regex.pattern[:80])
        for r in rules()
        if (r.max_len is None or (least is not None and r.max_len >= least))
        and (r.first is None or (folded if r.folded else first) in r.first)
    )
