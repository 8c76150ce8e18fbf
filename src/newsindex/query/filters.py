"""Filters (company, outlet, since, ...): their specification, parsing and description.

Messages name a filter by its parameter, in backquotes (`` `since` ``), and list it in the
error's ``params``: the CLI writes its option there (``--since``), the Python API the keyword.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable
from ..errors import BadQuery

from .language import ALL_KINDS, KINDS


#: Written forms of units -> the unit the records use (figures' `unit`).
UNIT_ALIASES = {"%": "percent", "pct": "percent", "per cent": "percent", "percentage": "percent",
                "$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "rmb": "CNY", "yuan": "CNY",
                "renminbi": "CNY", "€": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "pound": "GBP",
                "pounds": "GBP", "hk$": "HKD", "yen": "JPY", "ringgit": "MYR", "rm": "MYR"}


#: Number suffixes accepted by min_value/max_value.
MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9,
               "billion": 1e9, "t": 1e12, "tn": 1e12, "trillion": 1e12}


@dataclass(frozen=True)
class FilterSpec:
    """One filter: its parameter, the kinds it applies to, and how it reads to people."""

    name: str
    kinds: frozenset
    describe: Callable[["Filters"], str]


@dataclass
class Filters:
    company: str | None = None
    outlet: str | None = None
    since: date | None = None
    until: date | None = None
    speaker: str | None = None
    unit: str | None = None
    metric: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    review: str | None = None  # claims and figures: verified / disputed / unreviewed (corrections.toml)
    unknown: bool = False  # companies only: names discovered in the text, not in the gazetteer
    company_input: str | None = None  # as typed, before alias resolution
    outlet_input: str | None = None
    speaker_input: str | None = None  # as typed, courtesy titles included

    def active(self) -> list[FilterSpec]:
        return [spec for spec in FILTERS if getattr(self, spec.name) is not None]

    def is_empty(self) -> bool:
        return not self.active()

    def check(self, kind: str) -> None:
        """Raise BadQuery for a filter that does not apply to `kind`."""
        if self.unknown and kind != "companies":
            raise BadQuery(f"`unknown` does not apply to {kind} (it applies to: companies)", params=("unknown",))
        for spec in self.active():
            if kind not in spec.kinds:
                where = ", ".join(k for k in (*KINDS, "outlets") if k in spec.kinds)
                name = self.review if spec.name == "review" else spec.name  # review: one of three switches
                raise BadQuery(f"`{name}` does not apply to {kind} (it applies to: {where})", params=(name,))

    def describe(self) -> str:
        """The filters as a sentence, e.g. ``outlet is Financial Times; published on or after 2019-10-01``."""
        parts = [spec.describe(self) for spec in self.active()]
        if self.unknown:
            parts.append("not in the gazetteer")
        return "; ".join(parts)


def _alias_note(value: str, typed: str | None) -> str:
    return value if not typed or typed == value else f"{value} (from {typed!r})"


def _fmt_number(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"


FILTERS: tuple[FilterSpec, ...] = (
    FilterSpec("company", ALL_KINDS, lambda f: f"company is {_alias_note(f.company, f.company_input)}"),
    FilterSpec("outlet", ALL_KINDS, lambda f: f"outlet is {_alias_note(f.outlet, f.outlet_input)}"),
    FilterSpec("since", ALL_KINDS, lambda f: f"published on or after {f.since.isoformat()}"),
    FilterSpec("until", ALL_KINDS, lambda f: f"published on or before {f.until.isoformat()}"),
    FilterSpec("speaker", frozenset({"claims"}), lambda f: f"speaker is {f.speaker}"),
    FilterSpec("unit", frozenset({"figures"}), lambda f: f"unit is {f.unit}"),
    FilterSpec("metric", frozenset({"figures"}), lambda f: f"metric is {f.metric}"),
    FilterSpec("min_value", frozenset({"figures"}), lambda f: f"value ≥ {_fmt_number(f.min_value)}"),
    FilterSpec("max_value", frozenset({"figures"}), lambda f: f"value ≤ {_fmt_number(f.max_value)}"),
    FilterSpec("review", frozenset({"claims", "figures"}),
               lambda f: "not reviewed" if f.review == "unreviewed" else f"reviewed: {f.review}"),
)

#: the values of the review filter (``--verified``, ``--disputed``, ``--unreviewed``)
REVIEW_FILTERS = ("verified", "disputed", "unreviewed")


def parse_date_bound(text: str, param: str, *, end: bool) -> date:
    """A date python-dateutil reads; a month or a year means its first day (or last, for `end`).
    `param` names the parameter in an error message.

    >>> parse_date_bound("2019-10", "since", end=False), parse_date_bound("Oct 2019", "until", end=True)
    (datetime.date(2019, 10, 1), datetime.date(2019, 10, 31))
    >>> parse_date_bound("2019", "until", end=True)
    datetime.date(2019, 12, 31)
    """
    from dateutil import parser as dateparser

    raw = str(text).strip()
    if not raw or len(raw) > 100 or any(ord(c) < 32 for c in raw):
        raise BadQuery(f"`{param}`: cannot read {raw[:40]!r} as a date", params=(param,))
    try:
        # two defaults that differ in every part reveal which parts the text gave
        low = dateparser.parse(raw, default=datetime(1904, 1, 1))
        high = dateparser.parse(raw, default=datetime(1908, 12, 31))
    except (ValueError, OverflowError, TypeError):
        raise BadQuery(f"`{param}`: cannot read {raw!r} as a date (try 2019-10-31, 2019-10 or 'Oct 2019')",
                       params=(param,)) from None
    if low.year != high.year:
        raise BadQuery(f"`{param}`: {raw!r} has no year (try 2019-10-31, 2019-10 or 'Oct 2019')", params=(param,))
    return (high if end else low).date()


def parse_number(text, param: str) -> float:
    """A number for min_value/max_value: `1000`, `1,000`, `7.5e9`, `7.5bn`, `-2.5`, `1.8m`.

    >>> parse_number("7.5bn", "min_value"), parse_number("1,000", "max_value"), parse_number(-2.5, "min_value")
    (7500000000.0, 1000.0, -2.5)
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    raw = str(text).strip()
    m = re.fullmatch(r"([-+]?(?:\d[\d,]*\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*([a-z]*)", raw.lower().replace("_", ""))
    if m and (not m.group(2) or m.group(2) in MULTIPLIERS):
        try:
            value = float(m.group(1).replace(",", "")) * MULTIPLIERS.get(m.group(2), 1)
        except ValueError:
            value = None
        if value is not None and value == value and abs(value) != float("inf"):
            return value
    raise BadQuery(f"`{param}`: cannot read {raw[:40]!r} as a number (try 1000, 7.5e9 or 7.5bn)", params=(param,))


def canonical_company(name: str) -> str:
    """The gazetteer's canonical name for an alias, else the name as given."""
    try:
        from ..extract.companies import Gazetteer

        return Gazetteer.default().canonical(name) or name
    except Exception:  # the companies layer is optional here; a raw name still filters
        return name


def canonical_outlet(name: str) -> str:
    """The outlet table's canonical name for an alias (`FT`), else the name as given."""
    try:
        from ..extract.outlets import canonical_outlet as lookup
    except ImportError:
        return name
    try:
        return lookup(name) or name
    except Exception:
        return name


def canonical_unit(name: str) -> str:
    key = name.strip()
    return UNIT_ALIASES.get(key.lower(), key.upper() if len(key) == 3 and key.isalpha() else key.lower())


def _text_option(value, param: str) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        raise BadQuery(f"`{param}`: give a value", params=(param,))
    if len(text) > 200 or any(ord(c) < 32 for c in text):
        raise BadQuery(f"`{param}`: not a usable value", params=(param,))
    return text


def _review_option(value) -> str | None:
    if value in (None, "", False):
        return None
    if value not in REVIEW_FILTERS:
        raise BadQuery(f"review: {value!r} is not one of {', '.join(REVIEW_FILTERS)}")
    return value


# Courtesy titles a person is written with ("Mr Feldstein", "Dr. Wang"): the index keeps the name
# a speaker resolves to ("Steven Feldstein"), so a speaker filter as written drops them.
HONORIFICS = frozenset("mr mrs ms miss mx dr prof professor sir dame lord lady rev".split())


def speaker_words(text: str | None) -> str | None:
    """The words of a speaker filter that name the person: leading courtesy titles dropped.

    >>> speaker_words("Mr Feldstein"), speaker_words("Dr. Jane Roe"), speaker_words("Mr. Dr Roe")
    ('Feldstein', 'Jane Roe', 'Roe')
    >>> speaker_words("Lord"), speaker_words("Mrsx Roe"), speaker_words(None)
    ('Lord', 'Mrsx Roe', None)
    """
    if not text:
        return text
    words = text.split()
    while len(words) > 1 and words[0].rstrip(".").lower() in HONORIFICS:
        words.pop(0)
    return " ".join(words)


def parse_filters(company=None, outlet=None, since=None, until=None, speaker=None, unit=None, metric=None,
                  min_value=None, max_value=None, unknown=False, review=None) -> Filters:
    """Check and normalise filter options (alias-aware company and outlet); raises BadQuery."""
    company = _text_option(company, "company")
    outlet = _text_option(outlet, "outlet")
    f = Filters(
        company=canonical_company(company) if company else None,
        outlet=canonical_outlet(outlet) if outlet else None,
        since=parse_date_bound(since, "since", end=False) if since not in (None, "") else None,
        until=parse_date_bound(until, "until", end=True) if until not in (None, "") else None,
        speaker=speaker_words(speaker := _text_option(speaker, "speaker")),
        unit=canonical_unit(u) if (u := _text_option(unit, "unit")) else None,
        metric=(m.lower() if (m := _text_option(metric, "metric")) else None),
        min_value=parse_number(min_value, "min_value") if min_value not in (None, "") else None,
        max_value=parse_number(max_value, "max_value") if max_value not in (None, "") else None,
        unknown=bool(unknown),
        review=_review_option(review),
        company_input=company,
        outlet_input=outlet,
        speaker_input=speaker,
    )
    if f.since and f.until and f.since > f.until:
        raise BadQuery(f"`since` {f.since.isoformat()} is after `until` {f.until.isoformat()}", params=("since", "until"))
    if f.min_value is not None and f.max_value is not None and f.min_value > f.max_value:
        raise BadQuery(f"`min_value` {_fmt_number(f.min_value)} is more than `max_value` {_fmt_number(f.max_value)}",
                       params=("min_value", "max_value"))
    return f
