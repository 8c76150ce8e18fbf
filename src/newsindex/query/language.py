"""The query language: kinds, the fields people may name, checks with reasons, parsing into a Whoosh query."""

from __future__ import annotations

import functools
import re
from ..errors import BadQuery


KINDS = ("articles", "claims", "figures", "companies")


SORTS = ("relevance", "date", "value")


ALL_KINDS = frozenset(KINDS) | {"outlets"}


MAX_QUERY = 1000


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
    if not bare.replace("*", "").replace("?", "").replace(":", "").strip() and "*" in bare:  # * or *:*
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
            raise BadQuery("search figures by value with `min_value` and `max_value`, not value:",
                           params=("min_value", "max_value"))
        if name not in known:
            raise BadQuery(f"unknown field {name + ':'!r} for {kind} (fields: {', '.join(sorted(known))})")
        rest = bare[m.end():]
        if not rest.strip() or rest[0].isspace() or rest[0] == ")":
            raise BadQuery(f"{name}: needs a value right after the colon")


_NOT_RUN_RE = re.compile(r"(?<![^\s(])NOT(?:\s+NOT)+(?=[\s(]|$)")
_NOT_BEFORE_RE = re.compile(r"(?<![^\s(])NOT(?:\s+(AND|OR|ANDNOT|ANDMAYBE)(?=[\s(]|$)|\s*(\)))")
_BINARY = r"(AND|OR|ANDNOT|ANDMAYBE)"
_BINARY_PAIR_RE = re.compile(rf"(?<![^\s(]){_BINARY}\s+{_BINARY}(?=[\s(]|$)")
_BINARY_EDGE_RE = re.compile(rf"(?<![^\s(]){_BINARY}\s*\)|\(\s*{_BINARY}(?=[\s(]|$)")


def normalise_operators(text: str) -> str:
    """`NOT NOT x` is `x` and `NOT NOT NOT x` is `NOT x` (Whoosh's parser fails on a NOT after a NOT);
    a NOT before another operator or a closing parenthesis, two of AND/OR/ANDNOT/ANDMAYBE in a row,
    and one of them next to a parenthesis with no word between are refused (Whoosh fails on some
    and silently guesses at others). Quoted text is left alone.

    >>> normalise_operators('NOT NOT camera'), normalise_operators('a AND NOT NOT NOT b'), normalise_operators('"NOT NOT" x')
    ('camera', 'a AND NOT b', '"NOT NOT" x')
    >>> normalise_operators("camera NOT AND cctv")
    Traceback (most recent call last):
    ...
    newsindex.errors.BadQuery: 'NOT' needs a word after it, not 'AND'
    """
    bare = _outside_quotes(text)
    for m in reversed(list(_NOT_RUN_RE.finditer(bare))):  # right to left: positions stay valid
        keep = "NOT" if m.group().split().count("NOT") % 2 else ""
        text = text[:m.start()] + keep + text[m.end():]
        bare = bare[:m.start()] + keep + bare[m.end():]
    m = _NOT_BEFORE_RE.search(bare)
    if m:
        raise BadQuery(f"'NOT' needs a word after it, not {m.group(1) or m.group(2)!r}")
    m = _BINARY_PAIR_RE.search(bare)
    if m:
        raise BadQuery(f"{m.group(1)!r} and {m.group(2)!r} in a row: put a word between them")
    m = _BINARY_EDGE_RE.search(bare)
    if m:
        side = "after" if m.group(1) else "before"
        raise BadQuery(f"{m.group(1) or m.group(2)!r} needs a word {side} it")
    return text.strip()


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
    parser.phraseclass = _text_phrase_class()
    return parser


@functools.lru_cache(maxsize=None)
def _text_phrase_class():
    """Whoosh's Phrase, carrying the phrase as typed (``raw_text``): Whoosh's analyser drops stop
    words and numbers positions without them, so its Phrase finds "facial recognition" in "facial
    to that recognition"; the doc sets match the typed words in a row (:mod:`.docsets`)."""
    from whoosh import query as Q

    class TextPhrase(Q.Phrase):
        raw_text: str | None = None

        def normalize(self):
            from ..store.terms import phrase_tokens

            words = [w for w in self.words if w is not None]
            if self.raw_text and words and len(phrase_tokens(self.raw_text)) >= 2:
                q = type(self)(self.fieldname, words, slop=self.slop, boost=self.boost, char_ranges=self.char_ranges)
                q.raw_text = self.raw_text
                return q
            return super().normalize()

    return TextPhrase


_QUOTED = re.compile(r'"([^"]*)"')


def _keep_phrase_text(q, text: str) -> None:
    """Give every phrase of a parsed query the words typed between its quotes."""
    spans = [(m.start(1), m.end(1), m.group(1)) for m in _QUOTED.finditer(text)]
    for node in _walk(q):
        ranges = getattr(node, "char_ranges", None)
        if not ranges or not hasattr(node, "raw_text") or ranges[0][0] is None:
            continue
        at = ranges[0][0]
        node.raw_text = next((raw for start, end, raw in spans if start <= at < end), None)


#: What people paste from articles: curly, low and angled double quotes delimit a phrase like ";
#: apostrophe variants are the ASCII apostrophe (the analyser splits words at either).
_QUOTES = str.maketrans({**{c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u301d\u301e\uff02"},
                         **{c: "'" for c in "\u2018\u2019\u201a\u201b\u02bc\uff07"}})


def normalise_quotes(text: str) -> str:
    """Curly and angled quotes as straight ones, apostrophe variants as ``'``.

    >>> print(normalise_quotes("\u201cfacial recognition\u201d \u00abHikvision\u2019s\u00bb"))
    "facial recognition" "Hikvision's"
    """
    return text.translate(_QUOTES)


_DATE_SPAN_RE = re.compile(r"(?<![\w.\-])date:\s*([\[{][^\]}]*[\]}]|[<>]=?[^\s()]+)", re.IGNORECASE)
_NUMERIC_DAY_RE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?!\d)")


def compact_dates(text: str) -> str:
    """Dates in ``date:`` ranges and comparisons as digits alone: Whoosh's date parser reads
    ``2019-06`` there as the whole of 2019 (``date:[2019-01 to 2019-06]`` was all of 2019), and
    ``201906`` as June 2019. Quoted text is left alone.

    >>> compact_dates('date:[2019-01 to 2019-6] "date:[2019-01 to x]" date:>=2019-10-05 date:2019-10')
    'date:[201901 to 201906] "date:[2019-01 to x]" date:>=20191005 date:2019-10'
    """
    bare = _outside_quotes(text)
    out, at = [], 0
    for m in _DATE_SPAN_RE.finditer(bare):
        span = _NUMERIC_DAY_RE.sub(lambda d: d.group(1) + d.group(2).zfill(2) + (d.group(3) or "").zfill(2 if d.group(3) else 0),
                                   text[m.start(1):m.end(1)])
        out += [text[at:m.start(1)], span]
        at = m.end(1)
    return "".join(out) + text[at:]


def prepare_query_text(kind: str, text: str | None) -> str | None:
    """The query text as the parser reads it (quotes straightened, checked, operators normalised,
    dates in ranges made readable), or None for no query; raises BadQuery with a reason. The
    character offsets in :func:`parse_query`'s tree are into this text."""
    if text is None or not str(text).strip():
        return None
    text = normalise_quotes(str(text).strip())
    check_query_text(kind, text)
    text = compact_dates(normalise_operators(text))
    return text or None


def parse_query(kind: str, text: str | None, schema):
    """The user's query as a Whoosh query, or None for no query; raises BadQuery with a reason."""
    from whoosh import query as Q

    text = prepare_query_text(kind, text)
    if not text:
        return None
    date_errors: list = []
    try:
        q = _parser(kind, schema, date_errors).parse(text, normalize=False)
    except Exception as e:  # Whoosh rarely raises; if it does, it is the query's fault
        from whoosh.util.times import TimeError

        if "date:" in text.lower() and (isinstance(e, (ValueError, AttributeError, TimeError)) or "date" in str(e)):
            # Whoosh's date ranges and date:>x comparisons raise on what is not a date
            raise BadQuery("cannot read a date in the query (try date:2019-10 or date:[2019-01 to 2019-06])") from None
        raise BadQuery(f"cannot read the query ({type(e).__name__}: {e})") from None
    for node in _walk(q):
        if node is Q.NullQuery or isinstance(node, type(Q.NullQuery)):
            err = getattr(node, "error", None)
            if err:
                raise BadQuery(f"date:{err}: cannot read {str(err)!r} as a date (try date:2019-10 or date:[2019-01 to 2019-06])")
    _keep_phrase_text(q, text)
    q = q.normalize().accept(functools.partial(_names_as_terms, schema))
    for node in _walk(q):
        if getattr(node, "fieldname", None) == "date" and isinstance(getattr(node, "text", None), str):
            # date:"" (a quoted date) becomes a text term, which Whoosh cannot compare with dates
            raise BadQuery("cannot read a date in the query (try date:2019-10 or date:[2019-01 to 2019-06])")
    if q is Q.NullQuery or isinstance(q, type(Q.NullQuery)):
        raise BadQuery(
            f"the query {text[:60]!r} has nothing to search for (very common words and single letters are not indexed)"
        )
    return q


def _names_as_terms(schema, node):
    """A quoted value of a keyword field (``outlet:"Associated Press"``) is one term (or, with commas,
    each of them): those fields hold no positions, and Whoosh fails on a phrase there."""
    from whoosh import query as Q

    field = node.fieldname if isinstance(node, Q.Phrase) else None
    if field is None or field not in schema.names() or schema[field].format.supports("positions"):
        return node
    terms = [Q.Term(field, w, boost=node.boost) for w in node.words if w]
    if not terms:
        return Q.NullQuery
    return terms[0] if len(terms) == 1 else Q.And(terms)


def _walk(q):
    yield q
    try:
        children = list(q.children())
    except Exception:
        children = []
    for c in children:
        yield from _walk(c)
