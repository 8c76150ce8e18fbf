"""newsindex: turn news reporting into searchable, exportable evidence.

The stable Python API (``docs/python.md``): :func:`parse_text`, :func:`open` (a :class:`Corpus`
with ``search/claims/figures/companies/timeline/compare``) and :func:`records_to_dataframe`.
They are imported on first use, so ``import newsindex`` stays cheap.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "parse_text", "open", "Corpus", "records_to_dataframe"]


def __getattr__(name):
    if name in ("parse_text", "open", "Corpus", "records_to_dataframe"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'newsindex' has no attribute {name!r}")
