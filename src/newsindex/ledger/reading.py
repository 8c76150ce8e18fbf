"""Reading one figure for the ledger: its measure and scope, the range its qualifier allows, its sign and its date.

Pure functions over one figure row; the rules' data is ``data/ledger.toml``. How the ledger
uses them is in the package docstring (:mod:`newsindex.ledger`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Mapping

from ..data import load

#: a loss is its own measure, read as a negative amount: a later, larger loss is never "growth"
LOSS_MEASURE = "loss"
#: units of a change: "down 5%" reads as -5
CHANGE_UNITS = ("percent", "percentage_point")

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for name in names
}


@lru_cache(maxsize=1)
def rules() -> dict:
    """The ledger's data table (data/ledger.toml), read once (callers never change it)."""
    return load("ledger")


# --- measures and scope ----------------------------------------------------------------------

_SPACES = re.compile(r"[\s_]+")


def _norm(text: str | None) -> str:
    return _SPACES.sub(" ", str(text or "")).strip().lower()


def singular(word: str) -> str:
    """A light singular for English head nouns.

    >>> [singular(w) for w in ["cameras", "cities", "people", "glasses", "status", "data"]]
    ['camera', 'city', 'people', 'glass', 'status', 'data']
    """
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


@lru_cache(maxsize=1)
def _measure_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, forms in rules().get("measures", {}).items():
        index[_norm(canonical)] = canonical
        index[singular(_norm(canonical))] = canonical
        for f in forms:
            index[_norm(f)] = canonical
            index[singular(_norm(f))] = canonical
    return index


def canonical_measure(text: str | None, *, head: bool = True) -> str | None:
    """Map a metric or subject to its measure: the [measures] table, else its head noun.

    >>> canonical_measure("surveillance cameras"), canonical_measure("Cities"), canonical_measure("market_share")
    ('cameras', 'city', 'market_share')
    """
    t = _norm(text)
    if not t:
        return None
    index = _measure_index()
    if t in index:
        return index[t]
    if singular(t) in index:
        return index[singular(t)]
    if not head:
        return t.replace(" ", "_")
    last = singular(t.split(" ")[-1])
    return index.get(last, last)


def measure_of(fig: Mapping) -> str | None:
    """The figure's measure: its metric (a coarse class) if set, else its subject's head noun."""
    metric = fig.get("metric")
    if metric:
        return canonical_measure(metric, head=False)
    return canonical_measure(fig.get("subject"))


def _head_words(fig: Mapping, measure: str | None) -> set[str]:
    heads = set()
    for text in (fig.get("subject"), measure):
        t = _norm(text)
        if t:
            heads.add(singular(t.split(" ")[-1]))
    for canonical, forms in rules().get("measures", {}).items():
        if canonical == measure:
            heads.update(singular(_norm(f).split(" ")[-1]) for f in forms)
    return heads


_WORD_RE = re.compile(r"[A-Za-z][A-Za-z.'’-]*")


@lru_cache(maxsize=1)
def _scope_words() -> tuple[frozenset, frozenset, frozenset, int]:
    table = rules().get("scope", {})
    words = [frozenset(w.lower() for w in table.get(k, [])) for k in ("neutral", "stop", "number_words")]
    return (*words, int(table.get("lookahead_words", 6)))


def scope_of(fig: Mapping, measure: str | None = None) -> str:
    """Words that narrow what a figure counts, e.g. 'ai-enabled' for "20m AI-enabled cameras".

    Taken from the subject's modifiers and from the words between the number and its noun in
    the sentence; neutral words ([scope] neutral) and number words are dropped.

    >>> scope_of({"text": "over 20m", "subject": "cameras", "sentence": "It had over 20m AI-enabled cameras."})
    'ai-enabled'
    >>> scope_of({"text": "200 million", "subject": "surveillance cameras", "sentence": "The 200 million surveillance cameras."})
    ''
    """
    neutral, stop, numbers, lookahead = _scope_words()
    measure = measure or measure_of(fig)
    heads = _head_words(fig, measure)
    words: list[str] = []
    subject = _norm(fig.get("subject"))
    if subject:
        words.extend(subject.split(" ")[:-1])
    sentence = str(fig.get("sentence") or "")
    text = str(fig.get("text") or "")
    at = sentence.find(text) if text else -1
    if at >= 0:
        digit = re.search(r"\d[\d.,]*", sentence[at:at + len(text) + 1])
        after = sentence[at + (digit.end() if digit else len(text)):]
        tokens = [t.lower().strip(".'’") for t in _WORD_RE.findall(after)[:lookahead]]
        for i, tok in enumerate(tokens):
            if singular(tok) in heads:
                words.extend(tokens[:i])
                break
            if tok in stop and tok not in numbers:
                break  # "$1bn over two rounds": the noun is not the number's own
    kept = []
    for w in words:
        w = w.lower().strip(".,;:'’\"")
        if w and w not in neutral and w not in numbers and singular(w) not in heads and w not in kept:
            kept.append(w)
    return " ".join(kept)


# --- qualifiers ------------------------------------------------------------------------------

def qualifier_class(qualifier: str | None) -> str:
    """The class of a qualifier as written: exact, approximate, floor, near_ceiling, ceiling.

    >>> [qualifier_class(q) for q in [None, "Over", "more than", "nearly", "about", "up to", "allegedly"]]
    ['exact', 'floor', 'floor', 'near_ceiling', 'approximate', 'ceiling', 'approximate']
    """
    q = _norm(qualifier)
    classes = rules()["qualifiers"]
    for name, spec in classes.items():
        if q in (f.lower() for f in spec.get("forms", [])):
            return name
    return "exact" if not q else "approximate"


def interval(fig: Mapping, kind: str = "reading") -> tuple[float, float] | None:
    """The range a figure stands for: ``reading`` (what a reader takes it to mean) or ``bound``.

    None when the figure cannot be compared (vague without a range, or no number).

    >>> interval({"value": 4e9, "qualifier": "over"})
    (4000000000.0, 5000000000.0)
    >>> interval({"value": 4e9, "qualifier": "over"}, "bound")
    (4000000000.0, inf)
    >>> interval({"value": 30, "low": 20, "high": 30})
    (20.0, 30.0)
    """
    sign = -1.0 if is_negative(fig) else 1.0
    low, high = fig.get("low"), fig.get("high")
    if low is not None and high is not None and _num(low) is not None and _num(high) is not None:
        lo, hi = sorted((sign * float(low), sign * float(high)))
        return (lo, hi)
    if fig.get("vague"):
        return None
    value = _num(fig.get("value"))
    if value is None:
        return None
    value *= sign
    spec = rules()["qualifiers"][qualifier_class(fig.get("qualifier"))]
    f_lo, f_hi = (float(x) for x in spec[kind])
    a, b = value * f_lo, value * f_hi
    if value < 0:
        a, b = b, a
    return (min(a, b), max(a, b))


def is_negative(fig: Mapping) -> bool:
    """True when a figure's positive value stands for a negative amount: a loss ("a net loss of
    $3bn" is -$3bn of profit), or a change stated as a fall ("down 5%", direction "down").

    >>> is_negative({"value": 3e9, "metric": "loss"}), is_negative({"value": 5, "unit": "percent", "direction": "down"})
    (True, True)
    >>> is_negative({"value": 5, "unit": "percent", "direction": "up"}), is_negative({"value": -5, "metric": "loss"})
    (False, False)
    """
    value = _num(fig.get("value"))
    if value is None or value <= 0:
        return False
    if canonical_measure(fig.get("metric"), head=False) == LOSS_MEASURE:
        return True
    return fig.get("direction") == "down" and fig.get("unit") in CHANGE_UNITS


def _num(value) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


# --- dating a figure -------------------------------------------------------------------------

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR_RE = re.compile(
    rf"""(?ix)
    (?:\b(?P<prep>as\ of|as\ at|by\ the\ end\ of|at\ the\ end\ of|end\ of|by|in|during|for|since|
          founded\ in|established\ in|set\ up\ in|launched\ in|born\ in|created\ in|incorporated\ in|
          listed\ in|started\ in)\s+)?
    (?:\b(?P<month>{_MONTH_ALT})\.?\s+)?
    \(?\b(?P<year>(?:19|20)\d\d)\b\)?(?![\d,.]\d)
    """
)
_RELATIVE_RE = re.compile(
    rf"""(?ix)\b(?P<rel>last|this|next|past)\s+(?P<what>year|month|week|{_MONTH_ALT})\b"""
)
_IN_MONTH_RE = re.compile(rf"""(?ix)\b(?:in|since|during|by|as\ of)\s+(?P<month>{_MONTH_ALT})\b(?!\.?\s*\d)""")


@dataclass
class AsOf:
    """When a figure was true, as its sentence says (or the publication date)."""

    year: int | None
    month: int | None
    text: str  # the phrase it came from ("as of 2016"), or "" for the publication date
    forecast: bool = False

    @property
    def label(self) -> str:
        if self.year is None:
            return ""
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)

    def day(self) -> date | None:
        """A representative day: mid-month, or mid-year for a bare year."""
        if self.year is None:
            return None
        return date(self.year, self.month or 7, 15 if self.month else 1)


def _pub_date(value) -> date | None:
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(value))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def as_of(fig: Mapping) -> AsOf:
    """The date a figure refers to: the date phrase in its sentence nearest to the number.

    >>> as_of({"text": "176 million", "sentence": "It had about 176 million cameras as of 2016.", "published": "2019-11-01"}).label
    '2016'
    >>> a = as_of({"text": "$3.5 billion", "sentence": "It was valued at $3.5 billion last December.", "published": "2019-02-22"})
    >>> a.label, a.text
    ('2018-12', 'last December')
    >>> as_of({"text": "2.76 billion", "sentence": "By 2022, the number is expected to reach 2.76 billion.", "published": "2019-11-01"}).forecast
    True
    >>> as_of({"text": "$1bn", "sentence": "Founded in 2011, it raised $1bn.", "published": "2019-05-27"}).label
    '2019-05'
    """
    table = rules().get("as_of", {})
    ignore = {p.lower() for p in table.get("ignore_before", [])}
    sentence = str(fig.get("sentence") or "")
    text = str(fig.get("text") or "")
    pub = _pub_date(fig.get("published"))
    at = sentence.find(text) if text else -1
    fig_span = (at, at + len(text)) if at >= 0 else (0, 0)
    centre = at + len(text) / 2 if at >= 0 else len(sentence) / 2
    lowered = sentence.lower()
    forecast = any(re.search(rf"\b{re.escape(p.lower())}", lowered) for p in table.get("forecast", []))

    candidates: list[tuple[float, AsOf]] = []

    def add(m: re.Match, found: AsOf) -> None:
        if fig_span[0] <= m.start() < fig_span[1] or fig_span[0] < m.end() <= fig_span[1]:
            return  # part of the figure itself
        dist = min(abs(m.start() - centre), abs(m.end() - centre))
        candidates.append((dist, found))

    for m in _YEAR_RE.finditer(sentence):
        prep = (m.group("prep") or "").lower()
        if prep in ignore:
            continue
        month = MONTHS.get((m.group("month") or "").lower().rstrip("."))
        add(m, AsOf(int(m.group("year")), month, m.group().strip(" ()")))
    if pub is not None:
        for m in _RELATIVE_RE.finditer(sentence):
            rel, what = m.group("rel").lower(), m.group("what").lower()
            year, month = pub.year, None
            if what == "year":
                year += {"last": -1, "past": -1, "next": 1}.get(rel, 0)
            elif what in ("month", "week"):
                month = pub.month
                if what == "month" and rel in ("last", "past"):
                    year, month = (year, month - 1) if month > 1 else (year - 1, 12)
                elif what == "month" and rel == "next":
                    year, month = (year, month + 1) if month < 12 else (year + 1, 1)
            else:
                month = MONTHS[what]
                if rel in ("last", "past") and month >= pub.month:
                    year -= 1
                elif rel == "next" and month <= pub.month:
                    year += 1
            add(m, AsOf(year, month, m.group()))
        for m in _IN_MONTH_RE.finditer(sentence):
            month = MONTHS[m.group("month").lower()]
            if m.group("month").lower() == "may" and not m.group("month")[0].isupper():
                continue  # the verb "may"
            year = pub.year - (1 if month > pub.month else 0)
            add(m, AsOf(year, month, m.group()))
    if candidates:
        candidates.sort(key=lambda c: c[0])
        best = candidates[0][1]
        if pub is not None and best.year is not None and (best.year, best.month or 0) > (pub.year, pub.month):
            best.forecast = True
        best.forecast = best.forecast or forecast
        return best
    if pub is not None:
        return AsOf(pub.year, pub.month, "", forecast)
    return AsOf(None, None, "", forecast)


def _effective_day(fig: Mapping, found: AsOf) -> date | None:
    if not found.text:
        return _pub_date(fig.get("published")) or found.day()
    return found.day()
