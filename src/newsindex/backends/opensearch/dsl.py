"""The query language, filters, sort orders, facets, timeline and highlights as OpenSearch query DSL.

The user's query is parsed by the same code as for Whoosh (:func:`newsindex.query.language.parse_query`)
and its *tree* is translated here: words become ``match`` (or ``term`` on the stem Whoosh made),
phrases ``match_phrase``, ``AND``/``OR``/``NOT`` ``bool``, wildcards ``prefix``/``wildcard``, field
queries the field's query, dates ``range``. The user's string is never handed to ``query_string``
or ``simple_query_string``: what Whoosh's parser reads as a literal word stays a literal word, and
what it refuses is refused with the same message.

The field names are those of ``mapping.json`` beside this file: text fields are analysed like
Whoosh's StemmingAnalyzer (so the stems Whoosh makes are the terms OpenSearch holds), each with a
``.phrase`` subfield that keeps stop words for phrases; names are ``*_k`` keywords holding
:func:`newsindex.store.terms.keyword_term`; the names as written (``outlet``, ``companies``) serve
facets and series.

Pure functions: plain data in, plain dicts out; no client, no I/O.
"""

from __future__ import annotations

from datetime import datetime, timezone

from ...errors import BadQuery
from ...query.filters import Filters

#: How a query field is searched: stemmed text, plain words (names), keyword, or the date.
TEXT, WORDS, KEYWORD, DATE = "text", "words", "keyword", "date"

_COMMON = {"outlet": ("outlet_k", KEYWORD), "companies": ("companies_k", KEYWORD), "date": ("published", DATE)}

#: The index fields of Whoosh's query schema per kind -> (OpenSearch field, how it is searched).
FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "articles": {"title": ("title", TEXT), "body": ("body", TEXT), "author": ("author", WORDS), **_COMMON},
    "claims": {"text": ("text", TEXT), "speaker": ("speaker", WORDS), "verb": ("verb_k", KEYWORD), **_COMMON},
    "figures": {"text": ("text", TEXT), "subject": ("subject", TEXT), "unit": ("unit_k", KEYWORD),
                "metric": ("metric_k", KEYWORD), **_COMMON},
}

#: Query boosts per OpenSearch field: title words weigh double, as Whoosh's ``field_boost=2.0`` on title.
FIELD_BOOSTS = {"title": 2.0}

#: The subfield of a text field that keeps stop words and single letters (phrases are matched on it).
PHRASE = ".phrase"

#: Highlight marks: private-use characters that article text does not hold, so that a ``<em>`` in
#: an article is text, not a mark.
MARK_START, MARK_END = "\ue000", "\ue001"

#: How many facet buckets are asked for: enough past the shown ones to order ties by name as the
#: Whoosh backend does (count, then name case-insensitively) and to know whether the list was cut.
FACET_FETCH = 100

#: Names as written (not the *_k terms) for facets and timeline series.
FACET_FIELDS = {"outlet": "outlet", "company": "companies"}


# --- the query ---------------------------------------------------------------------------------

def parse(kind: str, text: str | None):
    """(Whoosh's parsed query, the text its character offsets refer to), or (None, "") for no query.

    Raises BadQuery with the Whoosh side's message for what it refuses.
    """
    from ...query.language import parse_query, prepare_query_text
    from ...store.schema import query_schema

    if kind not in FIELDS:
        raise BadQuery(f"unknown kind {kind!r} (choose from {', '.join(FIELDS)})")
    tree = parse_query(kind, text, query_schema(kind))
    if tree is None:
        return None, ""
    return tree, prepare_query_text(kind, text)  # the text the tree's offsets are into


def query_dsl(kind: str, text: str | None) -> dict | None:
    """The user's query for `kind` as OpenSearch DSL, or None for no query (everything matches).

    >>> query_dsl("claims", "cameras")
    {'match': {'text': {'query': 'cameras'}}}
    """
    tree, typed = parse(kind, text)
    return None if tree is None else translate(tree, kind, typed)


def translate(q, kind: str, typed: str = "") -> dict:
    """A parsed Whoosh query as OpenSearch DSL. `typed` is the text the parser read (words are
    matched as typed where the tree gives their offsets, else by the stem Whoosh made)."""
    from whoosh import query as Q

    def sub(c):
        return translate(c, kind, typed)

    boost = float(getattr(q, "boost", 1.0) or 1.0)
    if isinstance(q, Q.WrappingQuery):
        return sub(q.child)
    if isinstance(q, Q.AndNot):
        return _bool(boost, must=[sub(q.a)], must_not=[sub(q.b)])
    if isinstance(q, Q.AndMaybe):  # the optional part only adds to the score
        return _bool(boost, must=[sub(q.a)], should=[sub(q.b)])
    if isinstance(q, Q.Require):  # both must match; the score is the first's
        return _bool(boost, must=[sub(q.a)], filter=[sub(q.b)])
    if isinstance(q, Q.Otherwise):  # Whoosh: the first if it matches anything, else the second
        return _bool(boost, should=[sub(q.a), sub(q.b)], minimum_should_match=1)
    if isinstance(q, Q.DisjunctionMax):
        out = {"queries": [sub(c) for c in q.subqueries], "tie_breaker": float(q.tiebreak)}
        return {"dis_max": _boosted(out, boost)}
    if isinstance(q, (Q.And, Q.Sequence)):
        return _bool(boost, must=[sub(c) for c in q.subqueries])
    if isinstance(q, Q.Or):
        return _bool(boost, should=[sub(c) for c in q.subqueries], minimum_should_match=1)
    if isinstance(q, Q.Not):
        return _bool(boost, must_not=[sub(q.query)])
    if q is Q.NullQuery or isinstance(q, type(Q.NullQuery)):
        return {"match_none": {}}
    if isinstance(q, Q.Every):
        if not q.fieldname:
            return {"match_all": {}}
        return {"exists": {"field": _field(kind, q.fieldname)[0]}}
    return _leaf(q, kind, typed, boost)


def _leaf(q, kind: str, typed: str, boost: float) -> dict:
    from whoosh import query as Q

    field, how = _field(kind, q.fieldname)
    boost *= FIELD_BOOSTS.get(field, 1.0)
    if isinstance(q, Q.NumericRange):  # DateRange too; dates are the only numbers a query can name
        if how != DATE:
            raise BadQuery(f"{q.fieldname}: ranges are not supported on this field")
        return _date_range(q)
    if how == DATE and isinstance(q, Q.Term) and isinstance(q.text, bytes):
        return _date_term(kind, q)
    if how == DATE:
        raise BadQuery("cannot read a date in the query (try date:2019-10 or date:[2019-01 to 2019-06])")
    if isinstance(q, Q.Term):
        if how in (TEXT, WORDS):
            word = _typed_word(q, kind, typed)
            if word is not None:
                return {"match": {field: _boosted({"query": word}, boost)}}
        return {"term": {field: _boosted({"value": q.text}, boost)}}
    if isinstance(q, Q.Phrase):
        return _phrase(q, field, how, boost)
    if isinstance(q, Q.Prefix):
        return {"prefix": {field: _boosted({"value": q.text}, boost)}}
    if isinstance(q, Q.Wildcard):
        # Whoosh's wildcards are * and ? with no escape; OpenSearch's escape character is \
        return {"wildcard": {field: _boosted({"value": q.text.replace("\\", "\\\\")}, boost)}}
    if isinstance(q, Q.TermRange):
        bounds = {}
        if q.start:
            bounds["gt" if q.startexcl else "gte"] = q.start
        if q.end is not None:
            bounds["lt" if q.endexcl else "lte"] = q.end
        return {"range": {field: _boosted(bounds, boost)}} if bounds else {"exists": {"field": field}}
    if isinstance(q, Q.FuzzyTerm):
        return {"fuzzy": {field: _boosted({"value": q.text, "fuzziness": int(q.maxdist),
                                           "prefix_length": int(q.prefixlength)}, boost)}}
    if isinstance(q, Q.Variations):  # the index holds stems: the stem is every variation
        return {"term": {field: _boosted({"value": q.text}, boost)}}
    raise BadQuery(f"this kind of query ({type(q).__name__}) is not supported")


def _field(kind: str, fieldname: str | None) -> tuple[str, str]:
    got = FIELDS.get(kind, {}).get(fieldname or "")
    if got is None:
        raise BadQuery(f"{fieldname}: not a field of {kind}")
    return got


def _typed_word(q, kind: str, typed: str) -> str | None:
    """The word as typed for a Term, when the tree's offsets give it and it analyses to exactly the
    term Whoosh made (then ``match`` finds what the term finds); else None."""
    from ...store.schema import query_schema

    start, end = getattr(q, "startchar", None), getattr(q, "endchar", None)
    if not typed or not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(typed):
        return None
    word = typed[start:end]
    if any(c in word for c in '*?"'):
        return None
    try:
        analyzer = query_schema(kind)[q.fieldname].analyzer
        terms = [t.text for t in analyzer(word, mode="query")]
    except Exception:
        return None
    return word if terms == [q.text] else None


def _phrase(q, field: str, how: str, boost: float) -> dict:
    """A phrase: typed words in a row (stop words included) on the ``.phrase`` subfield of a text
    field; with a slop, on the field itself (stop words leave gaps there, as they are not words)."""
    words = [w for w in q.words if w]
    if not words:
        return {"match_none": {}}
    if how == KEYWORD:  # a name is one keyword term (a comma in it makes several)
        terms = [{"term": {field: {"value": w}}} for w in words]
        return terms[0] if len(terms) == 1 and boost == 1.0 else _bool(boost, must=terms)
    raw = getattr(q, "raw_text", None)
    slop = int(q.slop or 1)
    text = raw if raw and raw.strip() else " ".join(words)
    if how == TEXT and slop <= 1 and raw:
        return {"match_phrase": {field + PHRASE: _boosted({"query": raw}, boost)}}
    body = {"query": text}
    if slop > 1:
        body["slop"] = slop - 1  # Whoosh's slop 1 is "in a row", OpenSearch's is 0
    return {"match_phrase": {field: _boosted(body, boost)}}


def _date_range(q) -> dict:
    """A date range as a range of days on ``published`` (inclusive, either end open)."""
    from ...itemquery import day_bounds

    try:
        first, last = day_bounds(q)
    except OverflowError:  # a range starting after 9999-12-31
        return {"match_none": {}}
    bounds = {}
    if first is not None:
        bounds["gte"] = first.isoformat()
    if last is not None:
        bounds["lte"] = last.isoformat()
    if not bounds:
        return {"exists": {"field": "published"}}
    return {"range": {"published": bounds}}


def _date_term(kind: str, q) -> dict:
    """An exact moment (Whoosh reads ``date:+`` as now): the day it is midnight of, else nothing
    (articles carry a day, indexed as its midnight)."""
    from ...store.schema import query_schema

    try:
        moment = query_schema(kind)["date"].from_bytes(q.text)
    except Exception:
        return {"match_none": {}}
    if moment != datetime.combine(moment.date(), datetime.min.time()):
        return {"match_none": {}}
    day = moment.date().isoformat()
    return {"range": {"published": {"gte": day, "lte": day}}}


def _boosted(body: dict, boost: float) -> dict:
    if boost != 1.0:
        body["boost"] = boost
    return body


def _bool(boost: float = 1.0, **clauses) -> dict:
    body = {k: v for k, v in clauses.items() if v}
    if "should" not in body:
        body.pop("minimum_should_match", None)
    return {"bool": _boosted(body, boost)}


# --- filters -----------------------------------------------------------------------------------

def filter_dsl(kind: str, filters: Filters | None) -> list[dict]:
    """The filters as ``bool.filter`` clauses (no scoring), with the Whoosh side's meaning: names
    (canonical or as typed) as keyword terms, dates and values inclusive, the speaker's words in a row.
    Raises BadQuery for a filter that does not apply to `kind`.
    """
    from ...query.filter_queries import _names
    from ...store.terms import keyword_term

    if filters is None:
        return []
    filters.check(kind)
    if filters.review:  # the cluster's documents do not carry the review yet: refused, never ignored
        raise BadQuery(f"--{filters.review}: the OpenSearch backend cannot filter on reviews yet "
                       "(the default backend can: --backend whoosh)")
    out: list[dict] = []
    if filters.company:
        out.append(_terms("companies_k", _names(filters.company, filters.company_input)))
    if filters.outlet:
        out.append(_terms("outlet_k", _names(filters.outlet, filters.outlet_input)))
    if filters.since or filters.until:
        bounds = {}
        if filters.since:
            bounds["gte"] = filters.since.isoformat()
        if filters.until:
            bounds["lte"] = filters.until.isoformat()
        out.append({"range": {"published": bounds}})
    if filters.speaker:
        out.append(_speaker(filters.speaker))
    if filters.unit:
        out.append({"term": {"unit_k": keyword_term(filters.unit)}})
    if filters.metric:
        out.append({"term": {"metric_k": keyword_term(filters.metric)}})
    if filters.min_value is not None or filters.max_value is not None:
        bounds = {}
        if filters.min_value is not None:
            bounds["gte"] = float(filters.min_value)
        if filters.max_value is not None:
            bounds["lte"] = float(filters.max_value)
        out.append({"range": {"value": bounds}})
    return out


def _terms(field: str, names: list[str]) -> dict:
    return {"term": {field: names[0]}} if len(names) == 1 else {"terms": {field: names}}


def _speaker(text: str) -> dict:
    """The speaker's words in a row (as the Whoosh side's phrase on ``speaker``); none: nothing matches."""
    from ...store.schema import query_schema

    words = [t.text for t in query_schema("claims")["speaker"].analyzer(text, mode="query")]
    if not words:
        return {"match_none": {}}
    return {"match_phrase": {"speaker": {"query": text}}}


def full_query(kind: str, text: str | None, filters: Filters | None = None) -> dict:
    """The query and the filters as one query: ``bool`` with the query in ``must`` (scored) and the
    filters in ``filter``; ``match_all`` for neither.

    >>> full_query("articles", None)
    {'match_all': {}}
    """
    user = query_dsl(kind, text)
    clauses = filter_dsl(kind, filters)
    if user is None and not clauses:
        return {"match_all": {}}
    body: dict = {}
    if user is not None:
        body["must"] = [user]
    if clauses:
        body["filter"] = clauses
    return {"bool": body}


# --- sorting, facets, highlights, the whole search body ------------------------------------------

def sort_dsl(kind: str, sort: str = "relevance", reverse: bool = False, scored: bool = True) -> list:
    """The sort order: relevance (with a query; best first, then newest), date (newest first, or oldest
    with `reverse`) or value (figures; largest first, or smallest); rows without a date or value last
    either way; the id last, so that the order is total (``search_after`` pages need that).
    """
    from ...query.api import _check_sort

    _check_sort(kind, sort)
    order = "asc" if reverse else "desc"
    tail = [{"id": {"order": "asc"}}]
    if sort == "value":
        return [{"value": {"order": order, "missing": "_last"}}, *tail]
    dated = {"published": {"order": order, "missing": "_last"}}
    if sort == "relevance" and scored:
        return [{"_score": {"order": "desc"}}, {"published": {"order": "desc", "missing": "_last"}}, *tail]
    return [dated, *tail]


def facet_aggs() -> dict:
    """``terms`` aggregations counting the matching rows by outlet and by company."""
    return {name: {"terms": {"field": field, "size": FACET_FETCH}} for name, field in FACET_FIELDS.items()}


def facets_from_aggs(aggs: dict, size: int | None = None) -> tuple[dict, dict]:
    """OpenSearch's facet buckets as the Whoosh backend gives them: ``({"outlet": [(name, count), ...],
    "company": [...]}, {"outlet": cut, "company": cut})``, top `size` by count then name."""
    from collections import Counter

    from ...query.facets import FACET_SIZE, _top_counts

    size = FACET_SIZE if size is None else size
    facets, cut = {}, {}
    for name in FACET_FIELDS:
        agg = (aggs or {}).get(name) or {}
        counts = Counter({str(b["key"]): int(b["doc_count"]) for b in agg.get("buckets", [])})
        facets[name], cut[name] = _top_counts(counts, size)
        cut[name] = cut[name] or bool(agg.get("sum_other_doc_count"))
    return facets, cut


def highlight_dsl(kind: str, fragment_size: int = 200) -> dict:
    """Highlights of the text people read (articles: title and body; claims and figures: text),
    marked with :data:`MARK_START`/:data:`MARK_END`; the ``.phrase`` subfields mark phrases' words."""
    names = ("title", "body") if kind == "articles" else ("text",)
    fields = {}
    for name in names:
        for f in (name, name + PHRASE):
            fields[f] = {"number_of_fragments": 1, "fragment_size": fragment_size}
    return {"pre_tags": [MARK_START], "post_tags": [MARK_END], "fields": fields}


def snippet_from_highlight(fragment: str) -> dict:
    """A highlighted fragment as the Whoosh backend's snippet: ``{"text", "marks": [[start, end], ...]}``
    (whitespace runs as one space, marks as offsets into the text).

    >>> snippet_from_highlight("SenseTime  \ue000cameras\ue001 and \ue000camera\ue001")
    {'text': 'SenseTime cameras and camera', 'marks': [[10, 17], [22, 28]]}
    """
    text: list[str] = []
    marks: list[list[int]] = []
    length, start, space = 0, None, False
    for ch in fragment or "":
        if ch == MARK_START:
            if space and length:
                text.append(" ")
                length += 1
            space = False
            start = length
        elif ch == MARK_END:
            if start is not None and length > start:
                marks.append([start, length])
            start = None
        elif ch.isspace():
            space = True
        else:
            if space and length:
                text.append(" ")
                length += 1
            space = False
            text.append(ch)
            length += 1
    return {"text": "".join(text), "marks": marks}


def merge_highlights(highlight: dict | None, field: str) -> str | None:
    """The fragment of `field` or of its ``.phrase`` subfield (whichever marks more), or None."""
    if not highlight:
        return None
    got = [frags[0] for f in (field, field + PHRASE) if (frags := highlight.get(f))]
    return max(got, key=lambda s: s.count(MARK_START)) if got else None


def search_body(kind: str, text: str | None = None, filters: Filters | None = None, *, sort: str = "relevance",
                reverse: bool = False, size: int | None = 20, facets: bool = True, highlight: bool = True) -> dict:
    """The body of one ``_search`` request: query and filters, sort, a page of `size` hits (None: the
    backend pages with ``search_after``), exact totals, facets, highlights."""
    query = full_query(kind, text, filters)
    body: dict = {"query": query, "sort": sort_dsl(kind, sort, reverse, scored=bool(text and str(text).strip())),
                  "track_total_hits": True}
    if size is not None:
        body["size"] = int(size)
    if facets:
        body["aggs"] = facet_aggs()
    if highlight and text and str(text).strip():
        body["highlight"] = highlight_dsl(kind)
    return body


# --- the timeline -------------------------------------------------------------------------------

#: OpenSearch's calendar intervals for the timeline's.
CALENDAR = {"month": "month", "quarter": "quarter", "year": "year"}


def timeline_aggs(interval: str = "month", by: str | None = None, after: dict | None = None,
                  size: int = 1000) -> dict:
    """A ``composite`` aggregation counting rows per period (``date_histogram``; no date: the
    ``undated`` period) and, with `by`, per outlet or company (a row about several companies counts
    once for each; none: ``(none)``). Composite pages (`after`) keep any number of series exact,
    where nested ``terms`` would stop at ``search.max_buckets``."""
    from ...timeline import BY, INTERVALS

    if interval not in INTERVALS:
        raise BadQuery(f"--interval: choose from {', '.join(INTERVALS)}")
    if by is not None and by not in BY:
        raise BadQuery(f"--by: choose from {', '.join(BY)}")
    sources = []
    if by:
        sources.append({"series": {"terms": {"field": FACET_FIELDS[by], "missing_bucket": True}}})
    sources.append({"period": {"date_histogram": {"field": "published", "calendar_interval": CALENDAR[interval],
                                                  "missing_bucket": True}}})
    composite: dict = {"size": int(size), "sources": sources}
    if after:
        composite["after"] = after
    return {"timeline": {"composite": composite}}


def timeline_points(buckets, interval: str = "month", by: str | None = None, company: str | None = None) -> list:
    """The timeline's points (:class:`newsindex.timeline.Point`) from every page's composite buckets,
    as :func:`newsindex.timeline.series` makes them from rows (zero-filled, ``undated`` last)."""
    from ...timeline import NONE, UNDATED, period_of, points

    counts: dict[tuple[str, str], int] = {}
    dated: set[str] = set()
    for b in buckets:
        key = b.get("key") or {}
        ms = key.get("period")
        if ms is None:
            period = UNDATED
        else:
            day = datetime.fromtimestamp(int(ms) / 1000, tz=timezone.utc).date() if isinstance(ms, (int, float)) else str(ms)[:10]
            period = period_of(str(day), interval)
        if period != UNDATED:
            dated.add(period)
        name = "all" if not by else (NONE if key.get("series") is None else str(key["series"]))
        if company and by == "company" and name.lower() != company.lower():
            continue
        counts[(name, period)] = counts.get((name, period), 0) + int(b.get("doc_count", 0))
    return points(counts, dated, interval)
