"""Claims and figures queries: SQL for the filters, the query tree evaluated on stored tokens.

Claims and figures are rows of the side store's ``items`` table, not Whoosh documents
(see :mod:`newsindex.index`). A search for them runs in three steps:

1. the filters (company, outlet, dates, unit, metric, value) become SQL conditions on
   B-tree-indexed columns (:func:`where`);
2. the query is loosened into an *article* query that every article holding a match
   must match (:func:`relax`: claim and figure text is body text, so ``text:`` becomes
   ``body:``, and whatever cannot be checked on an article is dropped), and Whoosh
   finds those articles;
3. the query itself is evaluated on each remaining row (:func:`matches`): its terms were
   analysed with the same analysers as the stored tokens, so ``Term``, ``Phrase``,
   ``Prefix``, ``Wildcard``, ranges, ``And``/``Or``/``Not`` mean what they mean in Whoosh.

Pure functions over Whoosh query objects and row tuples; no I/O.
"""

from __future__ import annotations

import fnmatch
import functools
import math
import re
from datetime import datetime

from .errors import BadQuery
from .index import SEP, _analyzers, keyword_term, stem_tokens

#: Columns read from ``items`` for evaluation, in this order (see :class:`Item`).
COLUMNS = ("id", "article_id", "published", "outlet", "outlet_k", "speaker", "verb_k", "unit_k", "metric_k",
           "value", "subject", "companies", "tokens")

#: Query fields of claims and figures that are article fields too, with the article field.
ARTICLE_FIELDS = {"text": "body", "outlet": "outlet", "companies": "companies", "date": "date", "month": "month"}


@functools.lru_cache(maxsize=20_000)
def _words(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in _analyzers()["words"](text, mode="index"))


@functools.lru_cache(maxsize=20_000)
def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem_tokens(text))


@functools.lru_cache(maxsize=4096)
def _date_long(published: str) -> int | None:
    from whoosh.util.times import datetime_to_long

    try:
        return datetime_to_long(datetime.strptime(published[:10], "%Y-%m-%d"))
    except ValueError:
        return None


class Item:
    """One claim or figure row, with its fields as the index's terms (computed when first asked)."""

    __slots__ = ("row", "_cache")

    def __init__(self, row: tuple):
        self.row = row
        self._cache: dict = {}

    @property
    def id(self) -> str:
        return self.row[0]

    def terms(self, fieldname: str):
        got = self._cache.get(fieldname)
        if got is None:
            got = self._cache[fieldname] = self._terms(fieldname)
        return got

    def _terms(self, fieldname: str):
        r = self.row
        if fieldname == "text":
            return r[12].split() if r[12] else []
        if fieldname == "speaker":
            return _words(r[5]) if r[5] else ()
        if fieldname == "subject":
            return _stems(r[10]) if r[10] else ()
        if fieldname == "companies":
            return [keyword_term(n) for n in r[11].split(SEP)] if r[11] else []
        if fieldname == "month":
            return [r[2][:7]] if r[2] else []
        column = {"outlet": 4, "verb": 6, "unit": 7, "metric": 8}.get(fieldname)
        if column is None:
            return []
        return [r[column]] if r[column] else []

    def date_long(self) -> int | None:
        return _date_long(self.row[2]) if self.row[2] else None

    def length(self) -> int:
        return len(self.terms("text"))


# --- evaluation ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=256)
def _pattern(text: str) -> re.Pattern:
    return re.compile(fnmatch.translate(text))


def _edits(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopping early above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def _phrase(tokens, words, slop: int) -> bool:
    if not words:
        return False
    n = len(tokens)
    for start, tok in enumerate(tokens):
        if tok != words[0]:
            continue
        pos, ok = start, True
        for w in words[1:]:
            nxt = next((p for p in range(pos + 1, min(n, pos + 1 + max(1, slop))) if tokens[p] == w), None)
            if nxt is None:
                ok = False
                break
            pos = nxt
        if ok:
            return True
    return False


def matches(q, item: Item) -> bool:
    """Whether the Whoosh query `q` matches the claim or figure `item` (as Whoosh would on its fields)."""
    from whoosh import query as Q

    if q is None:
        return True
    if isinstance(q, Q.Term):
        return q.text in item.terms(q.fieldname)
    if isinstance(q, (Q.AndNot, Q.Otherwise, Q.AndMaybe, Q.Require)):
        if isinstance(q, Q.AndNot):
            return matches(q.a, item) and not matches(q.b, item)
        if isinstance(q, Q.Otherwise):
            return matches(q.a, item) or matches(q.b, item)
        if isinstance(q, Q.Require):
            return matches(q.a, item) and matches(q.b, item)
        return matches(q.a, item)  # AndMaybe: the optional part only adds to the score
    if isinstance(q, (Q.And, Q.Sequence)):
        return all(matches(c, item) for c in q.subqueries)
    if isinstance(q, (Q.Or, Q.DisjunctionMax)):
        return any(matches(c, item) for c in q.subqueries)
    if isinstance(q, Q.Not):
        return not matches(q.query, item)
    if isinstance(q, Q.Phrase):
        return _phrase(item.terms(q.fieldname), list(q.words), int(q.slop or 1))
    if isinstance(q, Q.Every):
        return True if not q.fieldname else bool(item.date_long() if q.fieldname == "date" else item.terms(q.fieldname))
    if isinstance(q, Q.NumericRange):  # DateRange too: the date field is the only numeric one people can query
        if q.fieldname != "date":
            raise BadQuery(f"{q.fieldname}: ranges are not supported on this field")
        v = item.date_long()
        if v is None:
            return False
        if q.start is not None and (v < q.start or (q.startexcl and v == q.start)):
            return False
        return not (q.end is not None and (v > q.end or (q.endexcl and v == q.end)))
    if isinstance(q, Q.TermRange):
        start, end = q.start or "", q.end
        return any((t > start or (t == start and not q.startexcl))
                   and (end is None or t < end or (t == end and not q.endexcl)) for t in item.terms(q.fieldname))
    if isinstance(q, Q.Prefix):
        return any(t.startswith(q.text) for t in item.terms(q.fieldname))
    if isinstance(q, Q.Wildcard):
        pat = _pattern(q.text)
        return any(pat.match(t) for t in item.terms(q.fieldname))
    if isinstance(q, Q.FuzzyTerm):
        head = q.text[:q.prefixlength]
        return any(t.startswith(head) and _edits(t, q.text, q.maxdist) <= q.maxdist for t in item.terms(q.fieldname))
    if isinstance(q, Q.Variations):
        return q.text in item.terms(q.fieldname)  # the stored tokens are stems already
    if isinstance(q, Q.WrappingQuery):
        return matches(q.child, item)
    if q is Q.NullQuery or isinstance(q, type(Q.NullQuery)):
        return False
    raise BadQuery(f"this kind of query ({type(q).__name__}) is not supported for claims and figures")


# --- SQL ---------------------------------------------------------------------------------------

#: Keyword fields of the items table: query field -> column.
_KEYWORD_COLUMNS = {"outlet": "outlet_k", "verb": "verb_k", "unit": "unit_k", "metric": "metric_k"}


def to_sql(q, kind: str) -> tuple[str, list, bool] | None:
    """The query as an SQL condition on ``items``: (condition, arguments, exact), or None.

    ``exact`` is False where parts of an ``And`` could not be written in SQL (they were left
    out: the condition then selects a superset, and :func:`matches` decides). Words are
    found in the stored tokens, which are space-separated and space-padded, so ``instr``
    with `` term `` finds a whole term and `` w1 w2 `` a phrase (Whoosh numbers positions
    with stop words removed, as the tokens are stored).
    """
    from whoosh import query as Q

    if isinstance(q, Q.WrappingQuery):
        return to_sql(q.child, kind)
    if isinstance(q, Q.AndMaybe):
        return to_sql(q.a, kind)
    if isinstance(q, Q.AndNot):
        return to_sql(Q.And([q.a, Q.Not(q.b)]), kind)
    if isinstance(q, Q.And) and not isinstance(q, Q.Sequence):
        parts = [to_sql(c, kind) for c in q.subqueries]
        done = [p for p in parts if p is not None]
        if not done:
            return None
        return ("(" + " AND ".join(p[0] for p in done) + ")", [a for p in done for a in p[1]],
                len(done) == len(parts) and all(p[2] for p in done))
    if isinstance(q, Q.Or):
        parts = [to_sql(c, kind) for c in q.subqueries]
        if not parts or any(p is None for p in parts):
            return None
        return "(" + " OR ".join(p[0] for p in parts) + ")", [a for p in parts for a in p[1]], all(p[2] for p in parts)
    if isinstance(q, Q.Not):
        inner = to_sql(q.query, kind)
        if inner is None or not inner[2]:
            return None
        return f"NOT {inner[0]}", inner[1], True
    return _leaf_sql(q, kind)


def _leaf_sql(q, kind: str) -> tuple[str, list, bool] | None:
    """Leaf conditions, each true or false (never NULL, so that NOT means what it means in Python)."""
    from whoosh import query as Q

    fieldname = getattr(q, "fieldname", None)
    if isinstance(q, Q.Term):
        if fieldname == "text":
            return "instr(tokens, ?) > 0", [f" {q.text} "], True
        if fieldname in _KEYWORD_COLUMNS:
            return f"IFNULL({_KEYWORD_COLUMNS[fieldname]} = ?, 0)", [q.text], True
        if fieldname == "companies":
            return ("id IN (SELECT item_id FROM item_companies WHERE kind = ? AND name_k = ?)",
                    [kind[0], q.text], True)
        if fieldname == "month":
            return "IFNULL(substr(published, 1, 7) = ?, 0)", [q.text], True
        return None
    if isinstance(q, Q.Prefix) and fieldname == "text":
        return "instr(tokens, ?) > 0", [f" {q.text}"], True
    if isinstance(q, Q.Phrase) and fieldname == "text" and int(q.slop or 1) <= 1 and q.words:
        return "instr(tokens, ?) > 0", [" " + " ".join(q.words) + " "], True
    if isinstance(q, Q.NumericRange) and fieldname == "date":
        return _date_sql(q)
    return None


def day_bounds(q):
    """A date range query's (first day, last day) that articles dated on it match, either None where
    the range is open: the days whose midnight lies in the range (articles carry a day, read as
    its midnight). One implementation for SQL here and the OpenSearch DSL."""
    from datetime import timedelta

    from whoosh.util.times import long_to_datetime

    first = last = None
    if q.start is not None:
        start = long_to_datetime(q.start)
        first = start.date()
        if start > datetime.combine(first, datetime.min.time()) or q.startexcl:
            first += timedelta(days=1)
    if q.end is not None:
        end = long_to_datetime(q.end)
        last = end.date()
        if q.endexcl and end == datetime.combine(last, datetime.min.time()):
            last -= timedelta(days=1)
    return first, last


def _date_sql(q) -> tuple[str, list, bool]:
    """A date range on the article's day: the days whose midnight lies in the range."""
    conds, args = [], []
    first, last = day_bounds(q)
    if first is not None:
        conds.append("published >= ?")
        args.append(first.isoformat())
    if last is not None:
        conds.append("published <= ?")
        args.append(last.isoformat())
    if not conds:
        return "published IS NOT NULL", [], True
    return "IFNULL(" + " AND ".join(conds) + ", 0)", args, True


# --- the article pre-filter ------------------------------------------------------------------

def relax(q):
    """An article query that every article holding a matching claim or figure matches, or None (all).

    Loosening only: phrases become their words, negations are dropped (a claim can lack a
    word its article has), fields articles do not have (speaker, verb, subject, unit,
    metric) count as matched.
    """
    from whoosh import query as Q

    if q is None:
        return None
    if isinstance(q, Q.Not) or isinstance(q, Q.Every):
        return None
    if isinstance(q, (Q.AndNot, Q.AndMaybe)):
        return relax(q.a)
    if isinstance(q, Q.Require):
        return _and([relax(q.a), relax(q.b)])
    if isinstance(q, (Q.And, Q.Sequence)):
        return _and([relax(c) for c in q.subqueries])
    if isinstance(q, (Q.Or, Q.DisjunctionMax, Q.Otherwise)):
        parts = [relax(c) for c in (q.subqueries if hasattr(q, "subqueries") else (q.a, q.b))]
        return None if any(p is None for p in parts) else Q.Or(parts)
    if isinstance(q, Q.WrappingQuery):
        return relax(q.child)
    fieldname = getattr(q, "fieldname", None)
    target = ARTICLE_FIELDS.get(fieldname)
    if target is None:
        return None
    if isinstance(q, Q.Phrase):
        return _and([Q.Term(target, w) for w in q.words])
    if isinstance(q, (Q.Term, Q.Prefix, Q.Wildcard, Q.FuzzyTerm, Q.TermRange, Q.NumericRange)):
        c = q.copy()
        c.fieldname = target
        return c
    return None


def _and(parts):
    from whoosh import query as Q

    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Q.And(parts)


# --- relevance -------------------------------------------------------------------------------

def positive_terms(q) -> list[tuple[str, str, float]]:
    """(field, term, boost) of the words a match is scored by: not those under a negation.

    Used by both relevance scorers (articles in :mod:`newsindex.search`, claims and figures here).
    """
    from whoosh import query as Q

    if q is None or isinstance(q, Q.Not):
        return []
    if isinstance(q, (Q.AndNot, Q.AndMaybe)):
        return positive_terms(q.a) + (positive_terms(q.b) if isinstance(q, Q.AndMaybe) else [])
    if isinstance(q, Q.Term):
        return [(q.fieldname, q.text, float(q.boost))]
    if isinstance(q, Q.Phrase):
        return [(q.fieldname, w, float(q.boost)) for w in q.words]
    if isinstance(q, Q.WrappingQuery):
        return positive_terms(q.child)
    out = []
    for c in getattr(q, "subqueries", ()) or ():
        out.extend(positive_terms(c))
    return out


def scorer(q, doc_frequency, doc_count: int):
    """``score(item)``: BM25 over the item's own terms, with the article index's document frequencies.

    Prefixes, wildcards and ranges only select; the words score. Items are short, so the
    length norm is on the text's token count against a typical 30.
    """
    weights = {}
    for fieldname, text, _boost in positive_terms(q):
        df = doc_frequency(ARTICLE_FIELDS.get(fieldname, ""), text) if fieldname in ARTICLE_FIELDS else 1
        weights[(fieldname, text)] = math.log(1 + (doc_count - df + 0.5) / (df + 0.5))

    def score(item: Item) -> float:
        total = 0.0
        norm = 1.2 * (0.25 + 0.75 * max(1, item.length()) / 30)
        for (fieldname, text), idf in weights.items():
            tf = item.terms(fieldname).count(text) if fieldname in ("text", "speaker", "subject") \
                else int(text in item.terms(fieldname))
            if tf:
                total += idf * tf * 2.2 / (tf + norm)
        return total

    return score
