"""Corrections and reviews, kept as data beside the corpus (``<corpus>/corrections.toml``).

Extraction is never perfect; what a person corrects or checks must outlive every rebuild. Each
``[[correction]]`` table of the file is one person's change to one record, each ``[[review]]``
one person's verdict on it (``verified`` or ``disputed``). Both name their target the way it can
be found again after the file changes: the source file (relative to the corpus), for a claim or
figure also its span, the text of the span and a little context either side. The build applies
them to every parsed record (:func:`apply`): a claim or figure whose span moved is re-anchored by
its text (the occurrence whose context matches, nearest the old place); one that can no longer
be placed is reported, and stays in the file.

The file is the person's: ``newsindex correct`` and ``newsindex review`` only ever append an entry
(:func:`append_entry`: the bytes before it are kept, the result is read back, the file replaced
atomically), and the build only reads it.

Pure functions, apart from :func:`load` and :func:`append_entry` at the edge.
"""

from .model import (ALL_FIELDS, CONTEXT, CORRECTIONS, FIELDS, REVIEW_STATES, TABLES, Corrections, Entry,  # noqa: F401
                    company_changes, kind_of, load, normalise_change, read_entry, read_table)
from .writing import append_entry, corpus_of, current_user, entry_text, make_entry, now_utc, record_entry  # noqa: F401
from .applying import Outcome, _change_companies, anchor, apply, describe, review_rows, select  # noqa: F401

__all__ = ["CORRECTIONS", "FIELDS", "REVIEW_STATES", "Corrections", "Entry", "Outcome", "anchor", "append_entry",
           "apply", "corpus_of", "current_user", "describe", "entry_text", "kind_of", "load", "make_entry",
           "normalise_change", "read_table", "record_entry", "review_rows", "select"]
