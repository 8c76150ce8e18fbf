"""The index: a Whoosh index for finding articles, a SQLite side store for reading records.

Layout of an index directory (default ``<corpus>/.newsindex``)::

    newsindex-index.json   marker: this directory was made by newsindex (and its format)
    CURRENT                the name of the live generation, switched with os.replace
    build.lock             fcntl.flock'ed by the one running build (holds its pid)
    gen-000007/            the folder a full build made (a new one per full build, switched by CURRENT)
        whoosh/            the Whoosh index: one document per article (title, body, author, outlet,
                           companies, date); several TOC generations side by side
        store.sqlite       records as zlib-compressed JSON (claims and figures one bundle per article
                           and kind), bodies, the file table, counts, the
                           claims and figures as table rows (B-tree indexes on date, outlet, unit,
                           value, metric, company; their analysed text as tokens), near-duplicates,
                           and the state: the generation number and the Whoosh TOC that is live
        generation.json    format version and parser fingerprint (written once)

An incremental build changes the live folder in place: Whoosh's new segments and TOC are written
beside the live ones (nothing is deleted), the store's rows change in one transaction, and the
commit of that transaction, which names the new TOC, is the switch. A killed build leaves the store
as it was (SQLite rolls the transaction back) and an orphan TOC that the next build removes.

Whoosh stores only the ``id`` of each document; everything shown to people is read from the
side store. Claims and figures are not Whoosh documents (about 40 per article would make the
index 40 times larger and the build as much slower): their filters are SQL, and a query's words
are matched against their stored tokens (:mod:`newsindex.itemquery`) after Whoosh has narrowed
the articles. Whoosh indexes pickle objects, so an index directory is opened only when it
carries the marker file.

The modules, in the order a build uses them:

| module | holds |
|---|---|
| :mod:`.layout` | paths, the marker, ``CURRENT``, generation directories: naming, switching, removing |
| :mod:`.lock` | the build lock |
| :mod:`.schema` | the Whoosh schema and analysers |
| :mod:`.whoosh_internals` | every use of Whoosh's private API (the only module allowed one) |
| :mod:`.terms` | what the index holds for a text: stemmed terms, pairs, keyword terms, months |
| :mod:`.rows` | one article made ready for the index (runs in the parse workers) |
| :mod:`.sqlstore` | the side store's tables, indexes, and row writes |
| :mod:`.build` | a build: what changed, the parse pool, writing, the switch |
| :mod:`.reader` | a live generation opened for reading |

No click or rich here: the CLI passes a ``progress`` callable.
"""
