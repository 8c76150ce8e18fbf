"""Reading news as people keep it: saved web pages, web archives, database exports, record files.

Each module reads one format into :class:`Document` values (the body as plain text plus the
metadata the format states); ``registry`` recognises a file's format by its extension and its
content. ``parse.py`` turns each Document into an ordinary Article, the format's metadata used
before anything guessed from the text.

This package's ``__init__`` imports nothing of the project, so ``corpus.py`` can import the
registry's extension list without a cycle.
"""

from .document import Document

__all__ = ["Document"]
