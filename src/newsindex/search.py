"""Searching the index: query parsing with clear errors, filters, sorting, facets, snippets.

One implementation serves every command: ``search()`` (a page of rows with facets, for
people) and ``iter_rows()`` (every matching row, streamed, for exports) share the query,
the filters (:data:`FILTERS`, a data table) and the sort order.

No click or rich here; results are plain data.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections import Counter
from itertools import chain
from dataclasses import dataclass, field
from pathlib import Path
from datetime import date, datetime, timedelta
from typing import Callable, Iterator

from .errors import BadQuery

KINDS = ("articles", "claims", "figures", "companies")
SORTS = ("relevance", "date", "value")
ALL_KINDS = frozenset(KINDS) | {"outlets"}
MAX_QUERY = 1000
FACET_SIZE = 10
SNIPPET_WIDTH = 200

#: Field names people type in queries, per kind -> the index's field.
QUERY_FIELDS: dict[str, dict[str, str]] = {
    "articles": {"title": "title", "body": "body", "author": "author", "outlet": "outlet",
                 "company": "companies", "companies": "companies", "date": "date"},
    "claims": {"text": "text", "speaker": "speaker", "verb": "verb", "outlet": "outlet",
               "company": "companies", "companies": "companies", "date": "date"},
    "figures": {"text": "text", "sentence": "text", "subject": "subject", "unit": "unit", "metric": "metric",
                "outlet": "outlet", "company": "companies", "companies": "companies", "date": "date"},
}
#: Fields searched by words without a field name.
DEFAULT_FIELDS = {"articles": ["title", "body"], "claims": ["text"], "figures": ["text"]}
#: Which text is shown as the snippet, and which query field's terms are marked in it.
SNIPPET_FIELD = {"articles": "body", "claims": "text", "figures": "text"}

#: Written forms of units -> the unit the records use (figures' `unit`).
UNIT_ALIASES = {"%": "percent", "pct": "percent", "per cent": "percent", "percentage": "percent",
                "$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "rmb": "CNY", "yuan": "CNY",
                "renminbi": "CNY", "€": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "pound": "GBP",
                "pounds": "GBP", "hk$": "HKD", "yen": "JPY", "ringgit": "MYR", "rm": "MYR"}

#: Number suffixes accepted by --min/--max.
MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9,
               "billion": 1e9, "t": 1e12, "tn": 1e12, "trillion": 1e12}


# --- filters ---------------------------------------------------------------------------

@dataclass(frozen=True)
class FilterSpec:
    """One filter: its option, the kinds it applies to, and how it reads to people."""

    name: str
    option: str
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
    unknown: bool = False  # companies only: names discovered in the text, not in the gazetteer
    company_input: str | None = None  # as typed, before alias resolution
    outlet_input: str | None = None

    def active(self) -> list[FilterSpec]:
        return [spec for spec in FILTERS if getattr(self, spec.name) is not None]

    def is_empty(self) -> bool:
        return not self.active()

    def check(self, kind: str) -> None:
        """Raise BadQuery for a filter that does not apply to `kind`."""
        if self.unknown and kind != "companies":
            raise BadQuery(f"--unknown does not apply to {kind} (it applies to: companies)")
        for spec in self.active():
            if kind not in spec.kinds:
                where = ", ".join(k for k in (*KINDS, "outlets") if k in spec.kinds)
                raise BadQuery(f"{spec.option} does not apply to {kind} (it applies to: {where})")

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
    FilterSpec("company", "--company", ALL_KINDS, lambda f: f"company is {_alias_note(f.company, f.company_input)}"),
    FilterSpec("outlet", "--outlet", ALL_KINDS, lambda f: f"outlet is {_alias_note(f.outlet, f.outlet_input)}"),
    FilterSpec("since", "--since", ALL_KINDS, lambda f: f"published on or after {f.since.isoformat()}"),
    FilterSpec("until", "--until", ALL_KINDS, lambda f: f"published on or before {f.until.isoformat()}"),
    FilterSpec("speaker", "--speaker", frozenset({"claims"}), lambda f: f"speaker is {f.speaker}"),
    FilterSpec("unit", "--unit", frozenset({"figures"}), lambda f: f"unit is {f.unit}"),
    FilterSpec("metric", "--metric", frozenset({"figures"}), lambda f: f"metric is {f.metric}"),
    FilterSpec("min_value", "--min", frozenset({"figures"}), lambda f: f"value ≥ {_fmt_number(f.min_value)}"),
    FilterSpec("max_value", "--max", frozenset({"figures"}), lambda f: f"value ≤ {_fmt_number(f.max_value)}"),
)


def parse_date_bound(text: str, option: str, *, end: bool) -> date:
    """A date python-dateutil reads; a month or a year means its first day (or last, for `end`).

    >>> parse_date_bound("2019-10", "--since", end=False), parse_date_bound("Oct 2019", "--until", end=True)
    (datetime.date(2019, 10, 1), datetime.date(2019, 10, 31))
    >>> parse_date_bound("2019", "--until", end=True)
    datetime.date(2019, 12, 31)
    """
    from dateutil import parser as dateparser

    raw = str(text).strip()
    if not raw or len(raw) > 100 or any(ord(c) < 32 for c in raw):
        raise BadQuery(f"{option}: cannot read {raw[:40]!r} as a date")
    try:
        # two defaults that differ in every part reveal which parts the text gave
        low = dateparser.parse(raw, default=datetime(1904, 1, 1))
        high = dateparser.parse(raw, default=datetime(1908, 12, 31))
    except (ValueError, OverflowError, TypeError):
        raise BadQuery(f"{option}: cannot read {raw!r} as a date (try 2019-10-31, 2019-10 or 'Oct 2019')") from None
    if low.year != high.year:
        raise BadQuery(f"{option}: {raw!r} has no year (try 2019-10-31, 2019-10 or 'Oct 2019')")
    return (high if end else low).date()


def parse_number(text, option: str) -> float:
    """A number for --min/--max: `1000`, `1,000`, `7.5e9`, `7.5bn`, `-2.5`, `1.8m`.

    >>> parse_number("7.5bn", "--min"), parse_number("1,000", "--max"), parse_number(-2.5, "--min")
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
    raise BadQuery(f"{option}: cannot read {raw[:40]!r} as a number (try 1000, 7.5e9 or 7.5bn)")


def canonical_company(name: str) -> str:
    """The gazetteer's canonical name for an alias, else the name as given."""
    try:
        from .extract.companies import Gazetteer

        return Gazetteer.default().canonical(name) or name
    except Exception:  # the companies layer is optional here; a raw name still filters
        return name


def canonical_outlet(name: str) -> str:
    """The outlet table's canonical name for an alias (`FT`), else the name as given."""
    try:
        from .extract.outlets import canonical_outlet as lookup
    except ImportError:
        return name
    try:
        return lookup(name) or name
    except Exception:
        return name


def canonical_unit(name: str) -> str:
    key = name.strip()
    return UNIT_ALIASES.get(key.lower(), key.upper() if len(key) == 3 and key.isalpha() else key.lower())


def _text_option(value, option: str) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        raise BadQuery(f"{option}: give a value")
    if len(text) > 200 or any(ord(c) < 32 for c in text):
        raise BadQuery(f"{option}: not a usable value")
    return text


def parse_filters(company=None, outlet=None, since=None, until=None, speaker=None, unit=None, metric=None,
                  min_value=None, max_value=None, unknown=False) -> Filters:
    """Check and normalise filter options (alias-aware company and outlet); raises BadQuery."""
    company = _text_option(company, "--company")
    outlet = _text_option(outlet, "--outlet")
    f = Filters(
        company=canonical_company(company) if company else None,
        outlet=canonical_outlet(outlet) if outlet else None,
        since=parse_date_bound(since, "--since", end=False) if since not in (None, "") else None,
        until=parse_date_bound(until, "--until", end=True) if until not in (None, "") else None,
        speaker=_text_option(speaker, "--speaker"),
        unit=canonical_unit(u) if (u := _text_option(unit, "--unit")) else None,
        metric=(m.lower() if (m := _text_option(metric, "--metric")) else None),
        min_value=parse_number(min_value, "--min") if min_value not in (None, "") else None,
        max_value=parse_number(max_value, "--max") if max_value not in (None, "") else None,
        unknown=bool(unknown),
        company_input=company,
        outlet_input=outlet,
    )
    if f.since and f.until and f.since > f.until:
        raise BadQuery(f"--since {f.since.isoformat()} is after --until {f.until.isoformat()}")
    if f.min_value is not None and f.max_value is not None and f.min_value > f.max_value:
        raise BadQuery(f"--min {_fmt_number(f.min_value)} is more than --max {_fmt_number(f.max_value)}")
    return f


def _terms(schema, fieldname: str, text: str) -> list[str]:
    """The tokens the index holds for `text` in a field (the same analyzer as indexing)."""
    from .index import _keywords

    if fieldname in ("outlet", "companies", "unit", "metric", "verb"):
        text = _keywords([text])
    return [t.text for t in schema[fieldname].analyzer(text, mode="query")]


def _exact(schema, fieldname: str, text: str):
    """A query for a whole keyword (or a phrase of words) in one field."""
    from whoosh import query as Q

    tokens = _terms(schema, fieldname, text)
    if not tokens:
        return Q.NullQuery
    if len(tokens) == 1:
        return Q.Term(fieldname, tokens[0])
    if schema[fieldname].format.supports("positions"):
        return Q.Phrase(fieldname, tokens)
    return Q.And([Q.Term(fieldname, t) for t in tokens])


def _either(schema, fieldname: str, canonical: str, typed: str | None):
    """The canonical name, or the name as typed (records may carry a name the alias table maps elsewhere)."""
    from whoosh import query as Q

    if not typed or typed.lower() == canonical.lower():
        return _exact(schema, fieldname, canonical)
    return Q.Or([_exact(schema, fieldname, canonical), _exact(schema, fieldname, typed)])


def _day_range(start: date | None, end: date | None):
    from whoosh import query as Q

    return Q.DateRange("date", datetime.combine(start, datetime.min.time()) if start else None,
                       datetime.combine(end, datetime.max.time()) if end else None)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def date_query(start: date | None, end: date | None, schema, reader=None):
    """Articles dated from `start` to `end` (inclusive; either may be open).

    Whole months are ``month`` terms (``2019-11``), read as one posting list each; only the
    partial months at the two ends are ``DateRange`` queries, which Whoosh expands into many
    trie terms walked document by document. With a reader, open ends stop at the first and
    last month the index holds, and months it does not hold are left out.
    """
    from whoosh import query as Q

    from .index import month_key

    if "month" not in schema.names():
        return _day_range(start, end)
    present = None
    if reader is not None:
        present = sorted(reader.field_terms("month")) if "month" in reader.indexed_field_names() else []
        if not present:
            return _day_range(start, end)
        if start is None:
            start = date(int(present[0][:4]), int(present[0][5:7]), 1)
        if end is None:
            end = _next_month(date(int(present[-1][:4]), int(present[-1][5:7]), 1)) - timedelta(days=1)
    if start is None or end is None or start > end:
        return _day_range(start, end)
    first_whole = start if start.day == 1 else _next_month(start)  # first day of the first whole month
    after_whole = _month_start(end) if _next_month(end) - timedelta(days=1) != end else _next_month(end)
    if first_whole >= after_whole:  # no whole month inside: at most two partial months
        return _day_range(start, end)
    parts = []
    if start < first_whole:
        parts.append(_day_range(start, first_whole - timedelta(days=1)))
    keep = set(present) if present is not None else None
    month = first_whole
    while month < after_whole:
        key = month_key(month)
        if keep is None or key in keep:
            parts.append(Q.Term("month", key))
        month = _next_month(month)
    if after_whole <= end:
        parts.append(_day_range(after_whole, end))
    if not parts:  # no month of the range is in the index (not NullQuery: And drops those)
        return _day_range(start, end)
    return parts[0] if len(parts) == 1 else Q.Or(parts)


def filter_queries(filters: Filters, schema, reader=None) -> list:
    """The Whoosh queries of the article filters (one implementation for search, export and the
    companies and outlets commands; claims and figures are filtered by :func:`item_where`)."""
    out = []
    if filters.company:
        out.append(_either(schema, "companies", filters.company, filters.company_input))
    if filters.outlet:
        out.append(_either(schema, "outlet", filters.outlet, filters.outlet_input))
    if filters.since or filters.until:
        out.append(date_query(filters.since, filters.until, schema, reader))
    return out


def _names(canonical: str, typed: str | None) -> list[str]:
    """The keyword terms of a name filter: the canonical name, and the name as typed."""
    from .index import keyword_term

    return list(dict.fromkeys(keyword_term(n) for n in (canonical, typed) if n))


def item_where(kind: str, filters: Filters) -> tuple[list[str], list]:
    """SQL conditions (and their arguments) on the ``items`` table for the filters of claims and figures.

    The same meaning as the article filters: names compared as keyword terms (case-insensitive,
    canonical or as typed), dates inclusive, values inclusive. The speaker filter is a phrase
    of words and is checked on the rows (:func:`item_filter_query`).
    """
    from .index import keyword_term

    conds, args = ["kind = ?"], [kind[0]]
    if filters.company:
        names = _names(filters.company, filters.company_input)
        # `+kind`: not the kind index then (SQLite has no statistics and would walk every claim or
        # figure of the kind); the company's rows are found through item_companies instead
        conds[0] = "+kind = ?"
        conds.append(f"id IN (SELECT item_id FROM item_companies WHERE kind = ? AND name_k IN ({','.join('?' * len(names))}))")
        args += [kind[0], *names]
    if filters.outlet:
        names = _names(filters.outlet, filters.outlet_input)
        conds.append(f"outlet_k IN ({','.join('?' * len(names))})")
        args += names
    if filters.since:
        conds.append("published >= ?")
        args.append(filters.since.isoformat())
    if filters.until:
        conds.append("published <= ?")
        args.append(filters.until.isoformat())
    for name, column in (("unit", "unit_k"), ("metric", "metric_k")):
        if getattr(filters, name):
            conds.append(f"{column} = ?")
            args.append(keyword_term(getattr(filters, name)))
    if filters.min_value is not None:
        conds.append("value >= ?")
        args.append(filters.min_value)
    if filters.max_value is not None:
        conds.append("value <= ?")
        args.append(filters.max_value)
    return conds, args


def item_filter_query(filters: Filters, schema):
    """The filters checked on the rows themselves (the speaker's words), as a query, or None."""
    return _exact(schema, "speaker", filters.speaker) if filters.speaker else None


# --- the query language -------------------------------------------------------------

_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_FIELD_RE = re.compile(r"(?<![\w.\-])([A-Za-z_]\w*):")


def _outside_quotes(text: str) -> str:
    """The query with quoted parts blanked (same length), for syntax checks."""
    out, quoted = [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            out.append(ch)
        else:
            out.append(" " if quoted else ch)
    return "".join(out)


def check_query_text(kind: str, text: str) -> None:
    """Reject what Whoosh would quietly turn into nothing (or everything), with a reason."""
    if len(text) > MAX_QUERY:
        raise BadQuery(f"the query is too long ({len(text):,} characters; the limit is {MAX_QUERY:,})")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise BadQuery("the query contains control characters")
    if text.count('"') % 2:
        raise BadQuery('unbalanced quote: a " is not closed')
    bare = _outside_quotes(text)
    depth = 0
    for ch in bare:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            raise BadQuery("unbalanced parentheses: a ) has no (")
    if depth:
        raise BadQuery("unbalanced parentheses: a ( is not closed")
    if not bare.replace("*", "").replace("?", "").strip() and "*" in bare:
        raise BadQuery("a lone * matches everything: leave the query out to list everything")
    words = bare.replace("(", " ").replace(")", " ").split()
    ops = [w for w in words if w in _OPERATORS]
    if words and len(ops) == len(words):
        raise BadQuery(f"{ops[0]!r} needs a word to work on")
    if words and words[-1] in _OPERATORS:
        raise BadQuery(f"{words[-1]!r} at the end of the query needs a word after it")
    if words and words[0] in _OPERATORS - {"NOT"}:
        raise BadQuery(f"{words[0]!r} at the start of the query needs a word before it")
    known = QUERY_FIELDS.get(kind, {})
    for m in _FIELD_RE.finditer(bare):
        name = m.group(1)
        if name == "value":
            raise BadQuery("search figures by value with --min and --max, not value:")
        if name not in known:
            raise BadQuery(f"unknown field {name + ':'!r} for {kind} (fields: {', '.join(sorted(known))})")
        rest = bare[m.end():]
        if not rest.strip() or rest[0].isspace() or rest[0] == ")":
            raise BadQuery(f"{name}: needs a value right after the colon")


def _parser(kind: str, schema, date_errors: list):
    from whoosh.qparser import FieldAliasPlugin, GtLtPlugin, MultifieldParser
    from whoosh.qparser.dateparse import DateParserPlugin

    parser = MultifieldParser(DEFAULT_FIELDS[kind], schema)
    aliases: dict[str, list[str]] = {}
    for name, target in QUERY_FIELDS[kind].items():
        if name != target:
            aliases.setdefault(target, []).append(name)
    parser.add_plugin(FieldAliasPlugin(aliases))
    parser.add_plugin(GtLtPlugin())
    parser.add_plugin(DateParserPlugin(callback=date_errors.append, free=False))
    return parser


def parse_query(kind: str, text: str | None, schema):
    """The user's query as a Whoosh query, or None for no query; raises BadQuery with a reason."""
    from whoosh import query as Q

    if text is None or not str(text).strip():
        return None
    text = str(text).strip()
    check_query_text(kind, text)
    date_errors: list = []
    try:
        q = _parser(kind, schema, date_errors).parse(text, normalize=False)
    except Exception as e:  # Whoosh rarely raises; if it does, it is the query's fault
        if isinstance(e, ValueError) and "date:" in text.lower():  # Whoosh's date ranges raise on bad ends
            raise BadQuery("cannot read a date in the query (try date:2019-10 or date:[2019-01 to 2019-06])") from None
        raise BadQuery(f"cannot read the query ({type(e).__name__}: {e})") from None
    for node in _walk(q):
        if node is Q.NullQuery or isinstance(node, type(Q.NullQuery)):
            err = getattr(node, "error", None)
            if err:
                raise BadQuery(f"date:{err}: cannot read {str(err)!r} as a date (try date:2019-10 or date:[2019-01 to 2019-06])")
    q = q.normalize()
    if q is Q.NullQuery or isinstance(q, type(Q.NullQuery)):
        raise BadQuery(
            f"the query {text[:60]!r} has nothing to search for (very common words and single letters are not indexed)"
        )
    return q


def _walk(q):
    yield q
    try:
        children = list(q.children())
    except Exception:
        children = []
    for c in children:
        yield from _walk(c)


# --- results -------------------------------------------------------------------------

@dataclass
class SearchResult:
    kind: str
    query: str | None
    rows: list[dict]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    facets_truncated: dict[str, bool] = field(default_factory=dict)
    truncated: bool = False  # more rows matched than `limit`
    snippets: list[dict | None] = field(default_factory=list)  # per row: {"text", "marks": [[s, e], ...]}
    description: str = ""
    sort: str = "relevance"
    limit: int | None = 20
    generation: int = 0


def _open(index_dir):
    from .index import Index, open_index

    if isinstance(index_dir, Index):
        return index_dir, False
    return open_index(index_dir), True


def _check_sort(kind: str, sort: str) -> None:
    if sort not in SORTS:
        raise BadQuery(f"--sort: unknown order {sort!r} (choose from {', '.join(SORTS)})")
    if sort == "value" and kind != "figures":
        raise BadQuery("--sort value applies to figures only")
    if sort == "date" and kind == "companies":
        raise BadQuery("--sort date does not apply to companies (they are listed by number of articles)")


def _whoosh_query(user_q, filters: Filters, schema, reader=None):
    """The article query: the user's query and the article filters."""
    from whoosh import query as Q

    parts = ([user_q] if user_q is not None else []) + filter_queries(filters, schema, reader)
    if not parts:
        return Q.Every()
    return parts[0] if len(parts) == 1 else Q.And(parts)


#: A prefix or wildcard expanding to more terms than this is left to Whoosh.
MAX_EXPANSION = 500


def doc_set(ix, q) -> frozenset[int] | set[int]:
    """The article documents matching a Whoosh query, as a set, by set algebra over posting lists.

    Terms are read a block at a time (:func:`index.postings`) and cached with the opened
    index; And, Or and Not are set operations (in C). Whoosh's own matchers walk every
    matching document in Python, which is what made big result sets slow. Phrases and
    ranges are left to Whoosh, inside the documents their words allow.
    """
    from whoosh import query as Q

    if isinstance(q, Q.Term):
        return ix.term_docs(q.fieldname, q.text)
    if isinstance(q, Q.AndNot):
        return doc_set(ix, q.a) - doc_set(ix, q.b)
    if isinstance(q, Q.AndMaybe):
        return doc_set(ix, q.a)
    if isinstance(q, Q.And) and not isinstance(q, Q.Sequence):
        out = None
        for sub in sorted(q.subqueries, key=lambda c: not isinstance(c, Q.Term)):
            got = doc_set(ix, sub)
            out = set(got) if out is None else out & got
            if not out:
                return set()
        return out if out is not None else ix.all_docs()
    if isinstance(q, Q.Or):
        out = set()
        for sub in q.subqueries:
            out |= doc_set(ix, sub)
        return out
    if isinstance(q, Q.Not):
        return ix.all_docs() - doc_set(ix, q.query)
    if isinstance(q, Q.Every) and not q.fieldname:
        return ix.all_docs()
    if isinstance(q, Q.WrappingQuery):
        return doc_set(ix, q.child)
    if isinstance(q, Q.Phrase) and q.fieldname == "body" and len(q.words) >= 2 and int(q.slop or 1) <= 1:
        pairs = [Q.Term("pairs", f"{a} {b}") for a, b in zip(q.words, q.words[1:])]
        if len(pairs) == 1:
            return ix.term_docs("pairs", pairs[0].text)
        allowed = doc_set(ix, Q.And(pairs))  # every pair present: then Whoosh checks the order
        return set(ix.searcher().docs_for_query(Q.And([*pairs, q]))) if allowed else set()
    if isinstance(q, (Q.Prefix, Q.Wildcard)):
        reader = ix.searcher().reader()
        texts = []
        for text in q._btexts(reader):
            texts.append(text.decode("utf-8") if isinstance(text, bytes) else text)
            if len(texts) > MAX_EXPANSION:
                return set(ix.searcher().docs_for_query(q))
        out = set()
        for text in texts:
            out |= ix.term_docs(q.fieldname, text)
        return out
    return set(ix.searcher().docs_for_query(q))


def _article_docs(ix, user_q, filters: Filters, schema) -> set[int] | None:
    """Every article document matching the query and the filters; None for "every article"."""
    allowed = None
    parts = filter_queries(filters, schema, ix.searcher().reader())
    if user_q is not None:
        parts.append(user_q)
    for q in parts:
        got = doc_set(ix, q)
        allowed = set(got) if allowed is None else allowed & got
        if not allowed:
            return set()
    return allowed


#: BM25F's free parameters (Whoosh's defaults) and the fields relevance is scored on.
BM25_B, BM25_K1 = 0.75, 1.2
SCORED_FIELDS = ("title", "body")


def _rank(ix, user_q, matched, limit: int | None) -> list[int] | None:
    """The matching documents by BM25F relevance (best first, ties in document order), or None
    where the query has no word to score by.

    Whoosh's collector scores every matching document through its matcher tree, a few
    microseconds each; here each query word's postings (read a block at a time, cached with
    the opened index) update a dict of scores, and only the page is sorted. The formula is
    Whoosh's BM25F: ``idf * w * (k1 + 1) / (w + k1 * (1 - b + b * length / average))`` with
    ``idf = log(N / (df + 1)) + 1``, summed over the query's title and body words (title words
    weigh double, as indexed).
    """
    import heapq
    from math import log

    from .itemquery import positive_terms

    terms = [t for t in positive_terms(user_q) if t[0] in SCORED_FIELDS]
    if not terms or matched is None:
        return None
    table = ix.doc_table()
    n_docs = ix.searcher().reader().doc_count_all()
    scores: dict[int, float] = {}
    get = scores.get
    for fieldname, text, boost in dict.fromkeys(terms):
        ids, weights, _ = ix.postings(fieldname, text)
        if not ids:
            continue
        norm = table.norms(fieldname, BM25_B, BM25_K1)
        k = (log(n_docs / (len(ids) + 1)) + 1) * (BM25_K1 + 1) * boost
        if len(matched) * 4 < len(ids):
            tf = dict(zip(ids, weights))
            for d in matched:
                w = tf.get(d)
                if w:
                    scores[d] = get(d, 0.0) + k * w / (w + norm[d])
        else:
            for d, w in zip(ids, weights):
                if d in matched:
                    scores[d] = get(d, 0.0) + k * w / (w + norm[d])
    if limit is None or limit >= len(matched):
        return sorted(matched, key=lambda d: (-get(d, 0.0), d))
    if len(scores) >= limit:
        kth = heapq.nlargest(limit, scores.values())[-1]
        best = [d for d, v in scores.items() if v >= kth]
    else:
        best = list(scores) + heapq.nsmallest(limit, (d for d in matched if d not in scores))
    return sorted(best, key=lambda d: (-get(d, 0.0), d))[:limit]


def _article_page(ix, user_q, matched: set[int] | None, filtered: bool, sort: str, reverse: bool,
                  limit: int | None) -> list[int]:
    """Document numbers of the matching articles in order, at most `limit` (None: all).

    Relevance (with a query) is Whoosh's BM25F, restricted to the filtered documents; without
    a filter Whoosh may skip whole blocks that cannot reach the page. Date order (and
    "relevance" without a query) is newest first, or oldest first with `reverse`.
    """
    import heapq

    if matched is not None and not matched:
        return []
    if sort == "relevance" and user_q is not None:
        ranked = _rank(ix, user_q, matched, limit)
        if ranked is not None:
            return ranked
        results = ix.searcher().search(user_q, limit=limit, filter=matched if filtered else None, terms=False)
        return [h.docnum for h in results]
    docs = matched if matched is not None else ix.all_docs()
    rank = ix.doc_table().date_rank(newest=not reverse)
    if limit is None or limit >= len(docs):
        return sorted(docs, key=rank.__getitem__, reverse=True)
    return heapq.nlargest(limit, docs, key=rank.__getitem__)


def _article_rows(ix, docnums: list[int], full: bool) -> list[dict]:
    ids = [ix.doc_table().ids[d] for d in docnums]
    recs = ix.records(i for i in ids if i)
    rows = []
    for rid in ids:
        rec = recs.get(rid)
        if rec is None:
            continue
        rows.append(dict(rec, body=ix.body(rid)) if full else rec)
    return rows


def _top_counts(counts: Counter, size: int) -> tuple[list, bool]:
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))
    return ranked[:size], len(ranked) > size


def _article_facets(ix, docnums, size: int = FACET_SIZE) -> tuple[dict, dict]:
    """Counts by outlet and company of the matching articles (from the document table, not Whoosh)."""
    table = ix.doc_table()
    outlets = Counter(o for o in map(table.outlets.__getitem__, docnums) if o)
    companies = Counter(chain.from_iterable(map(table.companies, docnums)))
    (o, o_cut), (c, c_cut) = _top_counts(outlets, size), _top_counts(companies, size)
    return {"outlet": o, "company": c}, {"outlet": o_cut, "company": c_cut}


def _item_facets(items: list, size: int = FACET_SIZE) -> tuple[dict, dict]:
    """Counts by outlet and company of matching claims or figures (rows: id, outlet, companies)."""
    from .index import SEP

    outlets = Counter(r[1] for r in items if r[1])
    companies = Counter(chain.from_iterable(r[2].split(SEP) for r in items if r[2]))
    (o, o_cut), (c, c_cut) = _top_counts(outlets, size), _top_counts(companies, size)
    return {"outlet": o, "company": c}, {"outlet": o_cut, "company": c_cut}


#: Above this share of the corpus, the articles a query allows are checked in Python rather
#: than handed to SQLite as a temporary table.
PREFILTER_SHARE = 0.3


def _items(ix, kind: str, user_q, filters: Filters, sort: str, reverse: bool) -> list[tuple]:
    """Every matching claim or figure in order, as (id, outlet, companies) rows.

    The filters and as much of the query as SQL can say (:func:`itemquery.to_sql`) run in
    SQLite; where the query is rare among articles, Whoosh's article matches narrow the rows
    first; whatever SQL could not say is checked on the rows (:func:`itemquery.matches`).
    """
    from whoosh import query as Q

    from . import itemquery as IQ
    from .index import query_schema

    conds, args = item_where(kind, filters)
    check = [q for q in (user_q, item_filter_query(filters, query_schema(kind))) if q is not None]
    check_q = None if not check else check[0] if len(check) == 1 else Q.And(check)
    exact = True
    if check_q is not None:
        sql = IQ.to_sql(check_q, kind)
        if sql is not None:
            conds.append(sql[0])
            args += sql[1]
        exact = sql is not None and sql[2]
    article_q = IQ.relax(user_q)
    if article_q is not None:
        table = ix.doc_table()
        docs = doc_set(ix, article_q)
        if not docs:
            return []
        if len(docs) < PREFILTER_SHARE * max(1, table.count):  # selective: let SQL start from the articles
            ix.db.execute("CREATE TEMP TABLE IF NOT EXISTS allowed (article_id TEXT PRIMARY KEY)")
            ix.db.execute("DELETE FROM temp.allowed")
            ix.db.executemany("INSERT OR IGNORE INTO temp.allowed VALUES (?)", ((table.ids[d],) for d in docs))
            conds.append("article_id IN (SELECT article_id FROM temp.allowed)")
    direction = "ASC" if reverse else "DESC"
    if sort == "value":
        order = f"value IS NULL, value {direction}, rowid"
    else:
        order = f"published IS NULL, published {direction}, rowid"
    scored = user_q is not None and sort == "relevance"
    where = " AND ".join(conds)
    if exact and not scored:
        return ix.db.execute(f"SELECT id, outlet, companies FROM items WHERE {where} ORDER BY {order}", args).fetchall()
    rows = ix.db.execute(f"SELECT {', '.join(IQ.COLUMNS)} FROM items WHERE {where} ORDER BY {order}", args)
    score = None
    if scored:
        reader = ix.searcher().reader()
        score = IQ.scorer(user_q, reader.doc_frequency, reader.doc_count())
    out = []
    for r in rows:
        item = IQ.Item(r)
        if exact or IQ.matches(check_q, item):
            out.append((r[0], r[3], r[11], score(item) if score else 0.0))
    if score:
        out.sort(key=lambda t: -t[3])  # stable: ties stay newest first
    return [t[:3] for t in out]


def _query_terms(user_q, reader, fieldnames, lexicon: dict | None = None) -> set[str]:
    """The indexed terms of the query in these fields, wildcards expanded (for marking snippets).

    `lexicon` names the article field whose terms expand a claim or figure field's wildcards.
    """
    from whoosh.query import MultiTerm

    if user_q is None:
        return set()
    out = set()
    for node in _walk(user_q):
        fname = getattr(node, "fieldname", None)
        if fname not in fieldnames:
            continue
        if isinstance(node, MultiTerm):
            try:
                if lexicon and fname in lexicon:
                    node = node.copy()
                    node.fieldname = lexicon[fname]
                for i, bt in enumerate(node._btexts(reader)):
                    if i >= 200:
                        break
                    out.add(bt.decode("utf-8", "replace") if isinstance(bt, bytes) else str(bt))
            except Exception:
                continue
        else:
            for f, text in node.iter_all_terms() if hasattr(node, "iter_all_terms") else ():
                if f == fname:
                    out.add(text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text))
    return out


#: Words as Whoosh's default tokenizer finds them (``RegexTokenizer``).
_WORD = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
_TERM_CACHES: dict[int, tuple[object, dict]] = {}


def _term_cache(analyzer) -> dict:
    """word -> the term the analyser makes of it, kept per analyser across searches (bounded)."""
    held = _TERM_CACHES.get(id(analyzer))
    if held is None or held[0] is not analyzer:
        held = _TERM_CACHES[id(analyzer)] = (analyzer, {})
    if len(held[1]) > 200_000:
        held[1].clear()
    return held[1]


@functools.lru_cache(maxsize=256)
def _candidate_pattern(prefixes: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, prefixes)) + ")", re.IGNORECASE)


def _candidates(terms: set[str]) -> re.Pattern:
    """Where words that may analyse to one of `terms` start: a stem is a prefix of its word but
    for its last letter (Porter turns a final y into i), so the stems less one letter are looked for."""
    prefixes = {t[:-1] if len(t) > 3 else t for t in terms if t}
    return _candidate_pattern(tuple(sorted(prefixes, key=lambda p: (-len(p), p))))


def _term(analyzer, word: str) -> str:
    toks = [t.text for t in analyzer(word, removestops=False, mode="index")]
    return toks[0] if len(toks) == 1 else ""


def snippet(text: str, terms: set[str], analyzer, width: int = SNIPPET_WIDTH) -> dict:
    """A window of `text` around the densest run of query terms, with their spans marked.

    Plain data: ``{"text": str, "marks": [[start, end], ...]}`` (offsets into ``text`` of the snippet).
    """
    flat = " ".join((text or "").split())
    spans: list[tuple[int, int]] = []
    if terms and flat:
        term_of = _term_cache(analyzer)
        for m in _candidates(terms).finditer(flat):
            w = _WORD.match(flat, m.start())
            word = w.group()
            term = term_of.get(word)
            if term is None:
                term = term_of[word] = _term(analyzer, word)
            if term in terms and (not spans or w.start() >= spans[-1][1]):
                spans.append(w.span())
    if not spans:
        cut = flat[:width]
        if len(flat) > width:
            cut = cut.rsplit(" ", 1)[0] + " …"
        return {"text": cut, "marks": []}
    best, best_count = 0, 0
    for i, (s, _) in enumerate(spans):
        n = sum(1 for s2, e2 in spans[i:] if e2 <= s + width)
        if n > best_count:
            best, best_count = i, n
    start = max(0, spans[best][0] - width // 5)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < spans[best][0] else start
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > spans[best][1] else end
    prefix = "… " if start else ""
    suffix = " …" if end < len(flat) else ""
    marks = [[s - start + len(prefix), e - start + len(prefix)] for s, e in spans if s >= start and e <= end]
    return {"text": prefix + flat[start:end] + suffix, "marks": marks}


def _snippets(ix, kind, rows, user_q) -> list[dict | None]:
    from .index import query_schema

    fname = SNIPPET_FIELD[kind]
    searcher = ix.searcher()
    terms = _query_terms(user_q, searcher.reader(), {fname}, lexicon={"text": "body"})
    analyzer = query_schema(kind)[fname].analyzer
    out = []
    for row in rows:
        if kind == "articles":
            text = row.get("body") or ix.body(row["id"])
        elif kind == "claims":
            text = row.get("text") or ""
        else:
            text = row.get("sentence") or row.get("text") or ""
        out.append(snippet(text, terms, analyzer))
    return out


def _prepare(kind: str, query, filters: Filters | None, sort: str):
    if kind not in KINDS:
        raise BadQuery(f"unknown kind {kind!r} (choose from {', '.join(KINDS)})")
    filters = filters or Filters()
    filters.check(kind)
    _check_sort(kind, sort)
    return filters


def search(kind: str, query: str | None = None, filters: Filters | None = None, *, index_dir, sort: str = "relevance",
           limit: int | None = 20, reverse: bool = False, full: bool = False, snippets: bool = True) -> SearchResult:
    """A page of matching rows (at most `limit`), the total, facets and snippets."""
    from .index import query_schema

    filters = _prepare(kind, query, filters, sort)
    ix, owned = _open(index_dir)
    try:
        if kind == "companies":
            rows = list(_company_rows(ix, query, filters))
            total = len(rows)
            shown = rows if not limit else rows[:limit]
            return SearchResult(kind, query, shown, total, truncated=len(shown) < total,
                                description=filters.describe(), sort=sort, limit=limit, generation=ix.generation)
        user_q = parse_query(kind, query, query_schema(kind))
        if kind == "articles":
            searcher = ix.searcher()
            matched = _article_docs(ix, user_q, filters, ix.schema)
            docnums = _article_page(ix, user_q, matched, not filters.is_empty(), sort, reverse, limit or None)
            total = searcher.doc_count() if matched is None else len(matched)
            rows = _article_rows(ix, docnums, full)
            if matched is None:
                facets, cut = _stored_facets(ix)
            else:
                facets, cut = _article_facets(ix, matched)
        else:
            items = _items(ix, kind, user_q, filters, sort, reverse)
            total = len(items)
            page = items if not limit else items[:limit]
            recs = ix.records(r[0] for r in page)
            rows = [recs[r[0]] for r in page if r[0] in recs]
            facets, cut = _item_facets(items)
        snips = _snippets(ix, kind, rows, user_q) if snippets else []
        return SearchResult(kind, query, rows, total, facets=facets, facets_truncated=cut,
                            truncated=len(rows) < total, snippets=snips, description=filters.describe(),
                            sort=sort, limit=limit, generation=ix.generation)
    except Exception as e:
        _damaged(ix, e)
        raise
    finally:
        if owned:
            ix.close()


def _damaged(ix, error: Exception) -> None:
    """Raise BadIndex for an error raised inside Whoosh while reading (a damaged file read only now)."""
    import traceback

    from .errors import BadIndex, NewsIndexError

    if isinstance(error, NewsIndexError):
        return
    frames = traceback.extract_tb(error.__traceback__)
    if frames and "whoosh" in Path(frames[-1].filename).parts:
        raise BadIndex(f"{ix.path}: the index is damaged ({type(error).__name__}: {error}) — "
                       "run `newsindex build --rebuild`") from None


def _stored_facets(ix) -> tuple[dict, dict]:
    """Facets of the whole corpus from the counts kept with the index (no walk over documents)."""
    outlets = [(r["outlet"], r["articles"]) for r in ix.outlet_counts()]
    companies = [(r["name"], r["articles"]) for r in ix.company_counts()]
    return ({"outlet": outlets[:FACET_SIZE], "company": companies[:FACET_SIZE]},
            {"outlet": len(outlets) > FACET_SIZE, "company": len(companies) > FACET_SIZE})


def iter_rows(kind: str, query: str | None = None, filters: Filters | None = None, *, index_dir,
              sort: str = "relevance", reverse: bool = False, full: bool = False) -> Iterator[dict]:
    """Every matching row, in order, streamed (for exports); no limit."""
    from .index import query_schema

    filters = _prepare(kind, query, filters, sort)
    ix, owned = _open(index_dir)
    try:
        if kind == "companies":
            yield from _company_rows(ix, query, filters)
            return
        user_q = parse_query(kind, query, query_schema(kind))
        if kind == "articles":
            matched = _article_docs(ix, user_q, filters, ix.schema)
            docnums = _article_page(ix, user_q, matched, not filters.is_empty(), sort, reverse, None)
            for i in range(0, len(docnums), 500):
                yield from _article_rows(ix, docnums[i:i + 500], full)
            return
        ids = [r[0] for r in _items(ix, kind, user_q, filters, sort, reverse)]
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            recs = ix.records(chunk)
            yield from (recs[rid] for rid in chunk if rid in recs)
    except Exception as e:
        _damaged(ix, e)
        raise
    finally:
        if owned:
            ix.close()


# --- companies and outlets ----------------------------------------------------------------

def _name_matcher(query: str | None) -> Callable[[str, list], bool]:
    """Companies' query: a case-insensitive substring of the name or an alias; * and ? are wildcards."""
    if query is None or not str(query).strip():
        return lambda name, aliases: True
    text = str(query).strip()
    if len(text) > MAX_QUERY:
        raise BadQuery(f"the query is too long ({len(text):,} characters; the limit is {MAX_QUERY:,})")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise BadQuery("the query contains control characters")
    needle = text.lower().strip('"')
    if not needle.strip():
        raise BadQuery(f"the query {text[:60]!r} has nothing to search for")
    if not needle.replace("*", "").replace("?", "").strip():
        raise BadQuery("a lone * matches everything: leave the query out to list everything")
    if "*" in needle or "?" in needle:
        return lambda name, aliases: any(fnmatch.fnmatchcase(n.lower(), needle) for n in [name, *aliases])
    return lambda name, aliases: any(needle in n.lower() for n in [name, *aliases])


def _matching_article_ids(ix, filters: Filters) -> list[str]:
    searcher = ix.searcher()
    docs = _article_docs(ix, None, filters, ix.schema)
    if docs is None:
        docs = searcher.reader().all_doc_ids()
    table = ix.doc_table()
    return [table.ids[d] for d in sorted(docs)]


def _company_rows(ix, query, filters: Filters) -> Iterator[dict]:
    """{name, kind, known, articles, mentions, aliases}: every company, or those of the filtered articles."""
    import json

    match = _name_matcher(query)
    if filters.is_empty():
        rows = ix.company_counts()
    else:
        agg: dict[str, dict] = {}
        for name, kind, known, aid, mentions, aliases in ix.companies_of(_matching_article_ids(ix, filters)):
            row = agg.setdefault(name, {"name": name, "kind": kind, "known": bool(known), "articles": 0,
                                        "mentions": 0, "aliases": [], "_ids": set()})
            if aid not in row["_ids"]:
                row["_ids"].add(aid)
                row["articles"] += 1
            row["mentions"] += int(mentions or 0)
            for a in json.loads(aliases or "[]"):
                if a not in row["aliases"]:
                    row["aliases"].append(a)
        rows = sorted(agg.values(), key=lambda r: (-r["articles"], -r["mentions"], r["name"]))
        for r in rows:
            r.pop("_ids")
    for r in rows:
        if filters.unknown and r["known"]:
            continue
        if match(r["name"], r["aliases"]):
            yield r


def outlets(filters: Filters | None = None, *, index_dir) -> list[dict]:
    """{outlet, articles, first, last} per outlet, of every article or the filtered ones."""
    filters = filters or Filters()
    filters.check("outlets")
    ix, owned = _open(index_dir)
    try:
        if filters.is_empty():
            return ix.outlet_counts()
        ids = _matching_article_ids(ix, filters)
        agg: dict[str, dict] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for outlet, published in ix.db.execute(
                f"SELECT outlet, published FROM articles WHERE article_id IN ({marks}) AND outlet IS NOT NULL", chunk
            ):
                r = agg.setdefault(outlet, {"outlet": outlet, "articles": 0, "first": None, "last": None})
                r["articles"] += 1
                if published:
                    r["first"] = min(filter(None, [r["first"], published]))
                    r["last"] = max(filter(None, [r["last"], published]))
        return sorted(agg.values(), key=lambda r: (-r["articles"], r["outlet"]))
    finally:
        if owned:
            ix.close()


def show(article_id: str, *, index_dir) -> dict:
    """One article's full record (body, claims, figures) by id, unique id prefix, or claim/figure id."""
    ix, owned = _open(index_dir)
    try:
        return ix.article(article_id)
    finally:
        if owned:
            ix.close()


__all__ = ["Filters", "FILTERS", "SearchResult", "parse_filters", "parse_query", "search", "iter_rows", "outlets",
           "show", "snippet", "KINDS", "SORTS"]
