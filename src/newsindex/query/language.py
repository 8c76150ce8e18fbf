"""The query language: kinds, the fields people may name, checks with reasons, parsing into a Whoosh query."""

from __future__ import annotations

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
