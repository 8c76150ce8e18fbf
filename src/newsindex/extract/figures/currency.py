"""What a bare currency symbol means in one document, and why.

A written currency ("US$", "£", "yen", "KSh") says what it is: ``currency_source`` "symbol".
A bare one ("$", "¥", "Sh", "kr", "dollars") depends on where the story comes from:

1. ``outlet``: the outlet's country (``country`` in ``data/outlets.toml``): "$" in an Australian
   paper is AUD, in a Canadian one CAD;
2. ``dateline``: else the country of the dateline's city ("SYDNEY —", "Toronto, Ontario (CP) —"),
   unless the dateline names an international wire ("(Reuters)": its "$" is the US dollar);
3. ``document``: else the document's own explicit variants ("S$2 billion ... $500 million":
   a Singapore story that never writes "US$");
4. ``default``: else the symbol's default ("$" is USD, "¥" JPY, "Sh" KES).

The countries and their codes are data (``[ambiguous.*].countries`` and ``[dateline]`` in
``data/figures.toml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ... import data
from ..patterns import alternation

#: how far into the body a dateline may stand (captions and standfirsts come first)
DATELINE_REACH = 1500


@dataclass(frozen=True)
class Hint:
    """The country a story comes from, and how that is known (``outlet`` or ``dateline``)."""

    country: str
    source: str


@dataclass(frozen=True)
class _Datelines:
    line: re.Pattern
    cities: dict  # casefolded city -> country
    wires: re.Pattern


@lru_cache(maxsize=1)
def _datelines() -> _Datelines:
    t = data.load("figures")["dateline"]
    cities = {c.casefold(): country for country, names in t["cities"].items() for c in names}
    # CITY[, Region][, Month Day[, Year]] [(Agency)|/Agency/] — ; the city in capitals, or in
    # title case when a region, a date or an agency follows it
    line = re.compile(
        r"""(?m)^[ \t]*(?:
            (?P<caps>[A-Z][A-Z.'’ -]{1,30}[A-Z.])
          | (?P<title>[A-Z][a-zé]+(?:[ -][A-Z][a-zé]+){0,2})(?=,|\s*[(/])
        )
        (?:,[ \t]*[A-Z][A-Za-z.]+(?:[ \t][A-Z][A-Za-z.]+){0,2})?              # , Ontario / , Neb.
        (?:,?[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]*\d{4})?,?)?         # , Aug 12, 2019
        [ \t]*(?:\((?P<agency>[^()\n]{1,60})\)|/(?P<agency2>[^/\n]{1,40})/)?
        [ \t]*(?:--?|[—–])[ \t]""",
        re.VERBOSE,
    )
    wires = re.compile(rf"(?<![A-Za-z])(?:{alternation(t['wires'])})(?![A-Za-z])", re.IGNORECASE)
    return _Datelines(line, cities, wires)


def dateline_country(body: str) -> str | None:
    """The ISO country of the dateline's city near the start of ``body``; None when there is no
    dateline, its city is unknown or an international wire filed it.

    >>> dateline_country("SYDNEY — Qantas said on Thursday ...")
    'AU'
    >>> dateline_country("A caption.\\n\\nToronto, Ontario (CP) — Banks cut jobs.")
    'CA'
    >>> dateline_country("SYDNEY, Aug 12 (Reuters) - The miner said ...") is None
    True
    >>> dateline_country("BIG NEWS - nothing here") is None
    True
    """
    d = _datelines()
    for m in d.line.finditer(body, 0, min(len(body), DATELINE_REACH)):
        city = (m.group("caps") or m.group("title")).strip(" .").casefold()
        country = d.cities.get(city)
        if country is None:
            continue
        agency = m.group("agency") or m.group("agency2") or ""
        if agency and d.wires.search(agency):
            return None
        return country
    return None


@lru_cache(maxsize=512)
def variant_re(forms: tuple[str, ...]) -> re.Pattern:
    """Any of ``forms`` written as a word of its own (compiled once per set of forms)."""
    return re.compile(rf"(?<![A-Za-z])(?:{alternation(forms)})(?![A-Za-z])")


def document_code(body: str, symbol: str, default: str, variants: dict,
                  countries: dict, hint: Hint | None) -> tuple[str, str]:
    """(code, currency_source) of a bare ``symbol`` in this document (see the module docstring).

    >>> v = {"USD": ["US$"], "SGD": ["S$"], "AUD": ["A$"]}
    >>> document_code("It earned S$2bn and spent $5m.", "$", "USD", v, {}, None)
    ('SGD', 'document')
    >>> document_code("It earned $2bn and US$1bn.", "$", "USD", v, {"AU": "AUD"}, Hint("AU", "outlet"))
    ('AUD', 'outlet')
    >>> document_code("It earned A$2bn and spent $5m.", "$", "USD", v, {"AU": "AUD"}, Hint("AU", "dateline"))
    ('USD', 'document')
    >>> document_code("It earned $2bn.", "$", "USD", v, {"AU": "AUD"}, None)
    ('USD', 'default')
    """
    counts = {}
    for code, forms in variants.items():
        # most variants are not written at all: a substring test saves scanning the body
        written = any(f in body for f in forms)
        counts[code] = len(variant_re(tuple(forms)).findall(body)) if written else 0
    local = countries.get(hint.country) if hint else None
    if local is not None:
        # a dateline only suggests: a story that marks its local dollars ("A$") and never the
        # default's ("US$") writes the default bare, as the wires do
        if hint.source == "outlet" or local == default or not counts.get(local) or counts.get(default):
            return local, hint.source
        return default, "document"
    code = _from_variants(body, symbol, default, counts)
    return code, ("document" if code != default or counts.get(default) else "default")


def _from_variants(body: str, symbol: str, default: str, counts: dict) -> str:
    """The default ("$" is USD) unless the document writes one other variant explicitly and never
    the default's ("S$2 billion ... $500 million" in a Singapore paper), at least half as often
    as the bare symbol. A bare-symbol conversion in brackets ("HK$3 billion ($385 million)")
    shows the bare symbol is the default.

    >>> _from_variants("It earned S$2bn ($1.5bn).", "$", "USD", {"USD": 0, "SGD": 1})
    'USD'
    >>> _from_variants("Shares: HK$42. Sales $4bn, profit $3m, costs $1m.", "$", "USD", {"HKD": 1})
    'USD'
    """
    others = sorted(((n, c) for c, n in counts.items() if n and c != default), reverse=True)
    if counts.get(default) or not others:
        return default
    if re.search(rf"\(\s*(?:[a-z]+\s+)?(?<![A-Za-z]){re.escape(symbol)}\s?\d", body):
        return default  # "970 billion yen ($8.9 billion)": the bare symbol converts, so it is the default
    bare = len(re.findall(rf"(?<![A-Za-z.]){re.escape(symbol)}\s?\d", body))
    if others[0][0] * 2 < bare:
        return default  # one "HK$42.50" share price among many "$" sums: wire style, "$" is USD
    return others[0][1]
