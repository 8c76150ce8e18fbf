"""Searching the index, as one module for the code that uses it: a façade over :mod:`newsindex.query`.

The query package's modules say what they hold (filters, the query language, doc sets, ranking,
claims and figures, snippets, facets, listings); this module only re-exports their names, so
``from newsindex.search import search`` keeps working.
"""

from __future__ import annotations

from .query.language import (  # noqa: F401
    KINDS, SORTS, ALL_KINDS, MAX_QUERY, QUERY_FIELDS, DEFAULT_FIELDS, _OPERATORS, _FIELD_RE,
    _outside_quotes, check_query_text, normalise_operators, _parser, parse_query, _walk
)
from .query.filters import (  # noqa: F401
    UNIT_ALIASES, MULTIPLIERS, FilterSpec, Filters, _alias_note, _fmt_number, FILTERS, parse_date_bound,
    parse_number, canonical_company, canonical_outlet, canonical_unit, _text_option, parse_filters
)
from .query.filter_queries import (  # noqa: F401
    _terms, _exact, _either, _day_range, _month_start, _month_end, date_query, filter_queries, _names,
    item_where, item_filter_query
)
from .query.docsets import (  # noqa: F401
    MAX_EXPANSION, doc_set, _article_docs
)
from .query.ranking import (  # noqa: F401
    BM25_B, BM25_K1, SCORED_FIELDS, _rank, _article_page
)
from .query.items import (  # noqa: F401
    PREFILTER_SHARE, _items
)
from .query.snippets import (  # noqa: F401
    SNIPPET_WIDTH, SNIPPET_FIELD, _query_terms, _WORD, _TERM_CACHES, _term_cache, _candidate_pattern,
    _candidates, _term, snippet, _snippets
)
from .query.facets import (  # noqa: F401
    FACET_SIZE, _top_counts, _article_facets, _item_facets, _stored_facets
)
from .query.listings import (  # noqa: F401
    _name_matcher, _matching_article_ids, _company_rows, outlets
)
from .query.opening import (  # noqa: F401
    _open, _damaged
)
from .query.api import (  # noqa: F401
    SearchResult, _check_sort, _article_rows, _prepare, search, iter_rows, show, timeline
)

__all__ = ["Filters", "FILTERS", "SearchResult", "parse_filters", "parse_query", "search", "iter_rows", "outlets",
           "show", "timeline", "snippet", "KINDS", "SORTS"]
