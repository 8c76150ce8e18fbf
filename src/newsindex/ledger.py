"""The figure ledger: the same number across sources, side by side, disagreements flagged.

Pure functions over figure rows (dicts with the Figure keys of docs/records.md plus the
article's ``article_id``, ``outlet``, ``published`` and ``title``). The rules' data lives
in ``data/ledger.toml``; ``docs/ledger.md`` explains them for users.

Grouping (``group_key``): two figures measure the same thing when they have
  1. the same company, or both none. A figure's company is the first of its ``companies``: the
     figures layer puts first the company its clause is about, then others named in the sentence
     (investors, rivals), so "Megvii was valued at $3.5bn, with investors including Alibaba" is
     Megvii's valuation, not Alibaba's;
  2. the same *measure*: the figure's ``metric`` if it has one, else its ``subject`` reduced to
     its head noun ("surveillance cameras" -> "cameras"), both mapped through ``[measures]``;
  3. the same unit (USD is not compared with CNY: no exchange rates are assumed).
Within a group a figure also has a *scope*: words between the number and its noun that
narrow what is counted ("20m AI-enabled cameras" has scope "ai-enabled"). Only figures of
the same scope are compared; words in ``[scope] neutral`` ("installed", "surveillance") do
not narrow.

Reading a value (``interval``): a qualifier widens the value into two ranges, the *reading*
(what a reader takes it to mean) and the *bound* (what the words strictly allow):
  exact "$4bn" 0.97-1.03 x; "about" 0.9-1.1 x; "over / more than / at least" 1-1.25 x
  (bound: open above); "nearly / almost" 0.85-1 x; "up to / less than" 0.5-1 x.
Ranges (``low``/``high``) are used as they are. Vague figures ("tens of millions") are shown
and can agree with others, but never raise a flag (relation ``vague``): the words are too loose.

Dating a value (``as_of``): the figure's own date, when its sentence gives one nearest to the
number ("as of 2016", "in May", "last December", "last year"), else the publication date.
A future year or a forecast phrase ("expected to reach") marks a forecast, never compared.

Signed figures (``is_negative``): a loss (metric ``loss``) and a change stated as a fall ("down
5%") read as negative amounts; a loss is its own measure, and between losses "growth" and
"decline" are named "loss narrowed" and "loss widened": a bigger loss is never growth.

Comparing two figures of one group and scope (``relate``), each figure with the latest earlier
comparable one by as-of date (``build_group``: linear in the figures, never every pair); never two
figures of one sentence (a sentence that states two values of a measure contrasts them), in this
order:
  scale        values more than ``unrelated_ratio`` (5x) apart: different quantities, no flag;
  agree        reading ranges overlap;
  vague        one is vague and they do not overlap: no flag;
  growth       no overlap, the later (as-of) value is higher, dates >= ``change_after_days`` apart;
  decline      the same but lower (flagged: worth a check);
  tension      closer in time, only the hard bounds overlap ("over $4bn" vs "$7.5bn" in one week);
  discrepancy  closer in time and not even the bounds overlap ("$3.5bn" vs "$4bn" in one month).
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from datetime import date
from typing import Iterable, Mapping

from .data import load

#: relations that are reported as flags, most serious first
FLAG_RELATIONS = ("discrepancy", "tension", "decline", "loss widened")
#: a loss is its own measure, read as a negative amount: a later, larger loss is never "growth"
LOSS_MEASURE = "loss"
LOSS_RELATIONS = {"growth": "loss narrowed", "decline": "loss widened"}
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


# --- the ledger ------------------------------------------------------------------------------

@dataclass
class Entry:
    """One figure in a ledger group, with what the ledger worked out about it."""

    id: str
    text: str
    value: float | int | None
    unit: str
    qualifier: str | None
    qualifier_class: str
    subject: str | None
    metric: str | None
    scope: str
    article_id: str | None
    outlet: str | None
    published: str | None
    title: str | None
    sentence: str
    as_of: str  # YYYY or YYYY-MM the figure refers to ("" when unknown)
    as_of_text: str  # the phrase that dated it, "" when the publication date is used
    forecast: bool
    vague: bool
    reading: list[float] | None
    bound: list[float] | None
    effective: str | None  # the day used for time gaps (as-of or publication date)
    vs_previous: str | None = None  # relation to the latest earlier comparable figure
    group_key: str | None = None  # conversions of each other share it

    def to_dict(self) -> dict:
        d = asdict(self)
        for key in ("reading", "bound"):
            if d[key] is not None:
                d[key] = [None if math.isinf(x) else x for x in d[key]]
        return d


@dataclass
class Relation:
    a: str  # figure ids, a is the earlier
    b: str
    relation: str
    reason: str
    gap_days: int | None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Group:
    company: str | None
    measure: str
    unit: str
    entries: list[Entry] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    spread: dict = field(default_factory=dict)
    verdict: str = "single"

    @property
    def flags(self) -> list[Relation]:
        return [r for r in self.relations if r.relation in FLAG_RELATIONS]

    def to_dict(self) -> dict:
        return {
            "company": self.company,
            "measure": self.measure,
            "unit": self.unit,
            "verdict": self.verdict,
            "spread": dict(self.spread),
            "entries": [e.to_dict() for e in self.entries],
            "relations": [r.to_dict() for r in self.relations],
            "flags": [r.to_dict() for r in self.flags],
        }


def group_keys(fig: Mapping) -> list[tuple[str | None, str, str]]:
    """The (company, measure, unit) group a figure belongs to, as a list; [] when it has no measure.

    >>> group_keys({"companies": ["SenseTime"], "metric": "valuation", "unit": "USD"})
    [('SenseTime', 'valuation', 'USD')]
    >>> group_keys({"companies": [], "subject": "surveillance cameras", "unit": "count"})
    [(None, 'cameras', 'count')]
    >>> group_keys({"companies": [], "unit": "USD"})
    []
    """
    measure = measure_of(fig)
    if not measure:
        return []
    unit = str(fig.get("unit") or "")
    return [(primary_company(fig), measure, unit)]


def primary_company(fig: Mapping) -> str | None:
    """The company a figure is about: the first of its ``companies`` (see the module docstring)."""
    for c in fig.get("companies") or []:
        if c:
            return str(c)
    return None


def make_entry(fig: Mapping, measure: str) -> Entry:
    found = as_of(fig)
    reading = interval(fig, "reading")
    bound = interval(fig, "bound")
    eff = _effective_day(fig, found)
    return Entry(
        id=str(fig.get("id") or ""),
        text=str(fig.get("text") or ""),
        value=fig.get("value"),
        unit=str(fig.get("unit") or ""),
        qualifier=fig.get("qualifier"),
        qualifier_class=qualifier_class(fig.get("qualifier")),
        subject=fig.get("subject"),
        metric=fig.get("metric"),
        scope=scope_of(fig, measure),
        article_id=fig.get("article_id") or (str(fig.get("id") or "").split(":")[0] or None),
        outlet=fig.get("outlet"),
        published=fig.get("published"),
        title=fig.get("title"),
        sentence=str(fig.get("sentence") or ""),
        as_of=found.label if found.text else "",
        as_of_text=found.text,
        forecast=found.forecast,
        vague=bool(fig.get("vague")),
        reading=list(reading) if reading else None,
        bound=list(bound) if bound else None,
        effective=eff.isoformat() if eff else None,
        group_key=fig.get("group"),
    )


def relate(a: Entry, b: Entry) -> Relation | None:
    """How two entries of one group relate (a and b in either order); None if not comparable.

    Not comparable: different scope, a forecast, no range to read (vague), or conversions of
    each other (the same ``group`` key).
    """
    if a.scope != b.scope or a.forecast or b.forecast or not a.reading or not b.reading:
        return None
    if a.group_key and a.group_key == b.group_key:
        return None
    if a.article_id and a.article_id == b.article_id and a.sentence and a.sentence == b.sentence:
        return None  # one sentence stating two values contrasts them ("13.5% here, 5% there")
    da, db = _day(a.effective), _day(b.effective)
    if da and db and db < da:
        a, b, da, db = b, a, db, da
    gap = (db - da).days if da and db else None
    t = rules().get("time", {})
    change_after = int(t.get("change_after_days", 60))
    unrelated = float(t.get("unrelated_ratio", 5.0))
    va, vb = _mid(a.reading), _mid(b.reading)
    if va and vb and (va > 0) == (vb > 0) and max(abs(va), abs(vb)) / min(abs(va), abs(vb)) > unrelated:
        return Relation(a.id, b.id, "scale",
                        f"values differ more than {unrelated:g}x: probably not the same quantity", gap)
    if _overlap(a.reading, b.reading):
        return Relation(a.id, b.id, "agree", "the qualified values overlap", gap)
    if a.vague or b.vague:
        return Relation(a.id, b.id, "vague", "a vague amount is outside the other's range: too loose to flag", gap)
    when = f"{gap} days apart" if gap is not None else "date unknown"
    if gap is not None and gap >= change_after:
        if vb > va:
            return Relation(a.id, b.id, "growth", f"later value is higher, {when}", gap)
        return Relation(a.id, b.id, "decline", f"later value is lower, {when}", gap)
    if a.bound and b.bound and _overlap(a.bound, b.bound):
        return Relation(a.id, b.id, "tension",
                        f"only the qualifiers' open bounds reconcile them, {when}", gap)
    return Relation(a.id, b.id, "discrepancy", f"values disagree beyond their qualifiers, {when}", gap)


def _day(value: str | None) -> date | None:
    return _pub_date(value)


def _mid(r) -> float:
    lo, hi = r
    if math.isinf(hi):
        return lo
    return hi if math.isinf(lo) else (lo + hi) / 2


def _overlap(r1, r2) -> bool:
    return r1[0] <= r2[1] and r2[0] <= r1[1]


def _sort_key(e: Entry):
    return (e.published is None, e.published or "", e.effective or "", e.id)


def spread(entries: list[Entry]) -> dict:
    """min, max and max/min ratio of the stated values (forecasts and vague figures left out)."""
    values = [float(e.value) for e in entries if _num(e.value) is not None and not e.forecast and not e.vague]
    if not values:
        return {"min": None, "max": None, "ratio": None, "n": 0}
    lo, hi = min(values), max(values)
    ratio = round(hi / lo, 4) if lo > 0 else None
    return {"min": lo, "max": hi, "ratio": ratio, "n": len(values)}


def verdict(relations: list[Relation]) -> str:
    """One word for a group: the most serious relation found."""
    kinds = {r.relation for r in relations}
    for flag in FLAG_RELATIONS:
        if flag in kinds:
            return flag
    if "growth" in kinds:
        return "consistent growth"
    if "loss narrowed" in kinds:
        return "loss narrowing"
    if "agree" in kinds:
        return "consistent"
    return "not comparable"


#: how many earlier entries of a scope a new entry may be related to before giving up
LOOKBACK = 8


def _chain_key(e: Entry):
    return (e.effective is None, e.effective or "", e.published or "", e.id)


def build_group(company: str | None, measure: str, unit: str, figs: Iterable[Mapping]) -> Group:
    """Entries ordered by publication date; each related to the latest earlier comparable entry
    of its scope (by as-of date), so the relations grow linearly with the entries; spread and
    verdict."""
    entries = sorted((make_entry(f, measure) for f in figs), key=_sort_key)
    relations: list[Relation] = []
    recent: dict[str, list[Entry]] = {}
    for e in sorted(entries, key=_chain_key):
        earlier = recent.setdefault(e.scope, [])
        best = None  # the latest informative relation (two exact readings, same scale), else the latest
        for p in reversed(earlier):
            r = relate(p, e)
            if r is None:
                continue
            informative = not (p.vague or e.vague) and r.relation != "scale"
            if informative:
                best = r
                break
            best = best or r
        if best is not None:
            if measure == LOSS_MEASURE:
                best.relation = LOSS_RELATIONS.get(best.relation, best.relation)
            relations.append(best)
            if best.b == e.id:
                e.vs_previous = best.relation
        earlier.append(e)
        if len(earlier) > LOOKBACK:
            del earlier[0]
    g = Group(company, measure, unit, entries, relations, spread(entries))
    g.verdict = verdict(relations) if len(entries) > 1 else "single"
    return g


def matches(fig: Mapping, *, company: str | None = None, metric: str | None = None,
            subject: str | None = None) -> bool:
    """The filters of `newsindex compare`: case-insensitive, on canonical measures too."""
    if company and (primary_company(fig) or "").lower() != company.lower():
        return False
    if metric:
        wanted = canonical_measure(metric, head=False)
        if measure_of(fig) != wanted and _norm(fig.get("metric")) != _norm(metric):
            return False
    if subject:
        wanted = canonical_measure(subject)
        subj = _norm(fig.get("subject"))
        if not (canonical_measure(fig.get("subject")) == wanted or measure_of(fig) == wanted
                or (subj and re.search(rf"\b{re.escape(_norm(subject))}", subj))):
            return False
    return True


def build_ledger(figures: Iterable[Mapping], *, company: str | None = None, metric: str | None = None,
                 subject: str | None = None, min_size: int = 1) -> list[Group]:
    """Group figure rows into ledger groups, largest first.

    ``min_size`` drops groups with fewer entries (2 shows only figures seen more than once).
    """
    buckets: dict[tuple, list[Mapping]] = {}
    for fig in figures:
        if not matches(fig, company=company, metric=metric, subject=subject):
            continue
        for key in group_keys(fig):
            buckets.setdefault(key, []).append(fig)
    groups = [build_group(c, m, u, figs) for (c, m, u), figs in buckets.items() if len(figs) >= min_size]
    groups.sort(key=lambda g: (-len(g.entries), g.company or "", g.measure, g.unit))
    return groups


def ledger_rows(groups: list[Group]) -> list[dict]:
    """Flat rows for CSV: one per entry, with its group's columns."""
    rows = []
    for n, g in enumerate(groups, 1):
        for e in g.entries:
            rows.append({
                "group": n,
                "company": g.company,
                "measure": g.measure,
                "unit": g.unit,
                "verdict": g.verdict,
                "min": g.spread.get("min"),
                "max": g.spread.get("max"),
                "ratio": g.spread.get("ratio"),
                "id": e.id,
                "published": e.published,
                "outlet": e.outlet,
                "text": e.text,
                "value": e.value,
                "qualifier": e.qualifier,
                "scope": e.scope,
                "as_of": e.as_of,
                "forecast": e.forecast,
                "vs_previous": e.vs_previous,
                "sentence": e.sentence,
            })
    return rows
