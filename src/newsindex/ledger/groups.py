"""The ledger's groups: figures that measure the same thing, each related to the latest earlier comparable one.

The rules are in the package docstring (:mod:`newsindex.ledger`); :mod:`.reading` reads each figure.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Iterable, Mapping

from .reading import (
    LOSS_MEASURE, _effective_day, _norm, _num, _pub_date, as_of, canonical_measure, interval, measure_of,
    qualifier_class, rules, scope_of,
)

#: relations that are reported as flags, most serious first
FLAG_RELATIONS = ("discrepancy", "tension", "decline", "loss widened")
LOSS_RELATIONS = {"growth": "loss narrowed", "decline": "loss widened"}


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
