"""Searching the index: one implementation behind every command.

``search()`` (a page of rows with facets and snippets, for people) and ``iter_rows()`` (every
matching row, streamed, for exports) share the query, the filters and the sort order.

| module | holds |
|---|---|
| :mod:`.language` | kinds, the fields a query may name, checks with reasons, parsing |
| :mod:`.filters` | the filters: specification, parsing, description |
| :mod:`.filter_queries` | filters as Whoosh queries (articles) and SQL (claims, figures) |
| :mod:`.docsets` | matching articles as sets of document numbers |
| :mod:`.ranking` | BM25F relevance and date order of articles |
| :mod:`.items` | matching claims and figures |
| :mod:`.snippets` | snippets with the query's words marked |
| :mod:`.facets` | counts by outlet and company |
| :mod:`.listings` | the companies and outlets listings |
| :mod:`.opening` | opening an index for a query; Whoosh read errors as a damaged index |
| :mod:`.api` | ``search()``, ``iter_rows()``, ``show()`` |

No click or rich here; results are plain data.
"""
