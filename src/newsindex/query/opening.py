"""Opening an index for a query, and reporting errors read inside Whoosh as a damaged index."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path


def _open(index_dir):
    from ..store.reader import Index, open_index

    if isinstance(index_dir, Index):
        return index_dir, False
    return open_index(index_dir), True


def _damaged(ix, error: Exception) -> None:
    """Raise BadIndex for an error raised inside Whoosh while reading (a damaged file read only now)."""
    import traceback

    from ..errors import BadIndex, NewsIndexError

    if isinstance(error, NewsIndexError):
        return
    frames = traceback.extract_tb(error.__traceback__)
    if frames and "whoosh" in Path(frames[-1].filename).parts:
        raise BadIndex(f"{ix.path}: the index is damaged ({type(error).__name__}: {error}) — "
                       "run `newsindex build --rebuild`") from None


@contextmanager
def opened(index_dir):
    """The index for one query (opened here unless an open Index is given, then closed here), with
    errors raised inside Whoosh while reading reported as a damaged index."""
    ix, owned = _open(index_dir)
    try:
        yield ix
    except Exception as e:
        _damaged(ix, e)
        raise
    finally:
        if owned:
            ix.close()
