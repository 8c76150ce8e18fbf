"""The Whoosh schema of articles and the query schemas of claims and figures, with their analysers."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=None)
def _analyzers():
    """The analysers every text is indexed and queried with (one instance each per process)."""
    from whoosh.analysis import KeywordAnalyzer, SimpleAnalyzer, StemmingAnalyzer

    return {"stem": StemmingAnalyzer(cachesize=100_000), "words": SimpleAnalyzer(),
            "keyword": KeywordAnalyzer(lowercase=True, commas=True)}


@functools.lru_cache(maxsize=None)
def schema():
    """The Whoosh schema: one document per article (claims and figures live in the side store).

    | field | type |
    |---|---|
    | id | ID, stored: the article id |
    | title, body | stemmed text (title boosted 2×); indexed from tokens made in the parse workers |
    | author | plain lowercase words (phrases allowed) |
    | outlet, companies | lowercase comma-separated keywords |
    | date | sortable DATETIME, naive UTC |
    | month | ID ``YYYY-MM``: date ranges as whole-month terms |
    | pairs | each two adjacent body terms as one term (``facial recognit``): a two-word phrase is one posting list |
    """
    from whoosh import fields

    an = _analyzers()
    keyword = dict(lowercase=True, commas=True)
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=an["stem"], field_boost=2.0),
        body=fields.TEXT(analyzer=an["stem"]),
        author=fields.TEXT(analyzer=an["words"]),
        outlet=fields.KEYWORD(**keyword),
        companies=fields.KEYWORD(**keyword),
        date=fields.DATETIME(sortable=True),
        month=fields.ID(),
        pairs=fields.ID(),  # terms given as a list (no analyser); presence only: no weights, no lengths
    )


@functools.lru_cache(maxsize=None)
def query_schema(kind: str):
    """The fields a query for `kind` may name, with the analysers that made the side store's tokens.

    Articles are searched in Whoosh with :func:`schema`. Claims and figures are not Whoosh
    documents: their queries are parsed with this schema (so ``speaker:wang`` or ``unit:usd``
    become the same terms as the stored tokens) and evaluated by :mod:`newsindex.itemquery`.
    """
    from whoosh import fields

    if kind == "articles":
        return schema()
    an = _analyzers()
    keyword = dict(lowercase=True, commas=True)
    common = dict(text=fields.TEXT(analyzer=an["stem"]), outlet=fields.KEYWORD(**keyword),
                  companies=fields.KEYWORD(**keyword), date=fields.DATETIME(), month=fields.ID())
    if kind == "claims":
        return fields.Schema(speaker=fields.TEXT(analyzer=an["words"]), verb=fields.KEYWORD(**keyword), **common)
    return fields.Schema(subject=fields.TEXT(analyzer=an["stem"]), unit=fields.KEYWORD(**keyword),
                         metric=fields.KEYWORD(**keyword), **common)
