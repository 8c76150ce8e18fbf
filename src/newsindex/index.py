"""The index, as one module for the code that uses it: a façade over :mod:`newsindex.store`.

The store is a package whose modules say what they hold (see its docstring for the layout of an
index directory); this module only re-exports their names, so ``from newsindex.index import build``
keeps working. New code may import from the package's modules directly.
"""

from __future__ import annotations

from .store.layout import (  # noqa: F401
    INDEX_FORMAT, MARKER, CURRENT, LOCK, GEN_PREFIX, WHOOSH_DIR, STORE, GEN_META, default_corpus,
    default_index_dir, _read_json, is_index_dir, _not_ours, _current, generation, _fsync_dir,
    _write_atomic, _prepare_dir, _check_whoosh_files,
    _clean_generations
)
from .store.lock import (  # noqa: F401
    BuildLock
)
from .store.schema import (  # noqa: F401
    _analyzers, schema, query_schema
)
from .store.whoosh_internals import (  # noqa: F401
    remember_missing_columns, postings, _stem_parts
)
from .store.terms import (  # noqa: F401
    to_datetime, month_key, _keywords, keyword_term, SEP, stem_tokens, pair_terms, _padded, _value
)
from .store.rows import (  # noqa: F401
    Prepared, prepare, pack, unpack, article_context
)
from .store.sqlstore import (  # noqa: F401
    STORE_TABLES, STORE_INDEXES, _store_delete, _store_add, _store_counts, _store_docmap, merge_aliases
)
from .store.reader import (  # noqa: F401
    POSTINGS_BUDGET, DocTable, Index, open_index
)
from .store.build import (  # noqa: F401
    PARSER_FILES, POOL_THRESHOLD, WORKERS, CHUNK, open_or_build, BuildReport, parser_fingerprint,
    _hash_file, _source_key, _Job, parse_source, _parse_chunk, _parse_all, _checkpoint, build,
    _safe_hash, _write_generation
)
