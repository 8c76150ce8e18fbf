"""Short ids for tables: the shortest prefix of an article id that no other article in the index
shares (at least :data:`MIN_LENGTH` characters), with a claim's or figure's suffix kept.

``show`` and ``explain`` accept a unique prefix, also before ``:c3``/``:f7``, so a short id copied
from a table works wherever the full id does.
"""

from __future__ import annotations

from typing import Iterable

#: A short id has at least this many characters of its article id.
MIN_LENGTH = 8


def _common(a: str, b: str | None) -> int:
    """How many leading characters `a` and `b` share.

    >>> _common("3f8d35fd3f84", "3f8d35aa0000"), _common("abc", None)
    (6, 0)
    """
    if not b:
        return 0
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def unique_length(article_id: str, before: str | None, after: str | None, min_length: int = MIN_LENGTH) -> int:
    """The prefix length that tells `article_id` from its neighbours in sorted order.

    >>> unique_length("3f8d35fd3f84", "3f8d35fd0000", "3f8e000000")
    9
    >>> unique_length("3f8d35fd3f84", None, None)
    8
    """
    need = max(_common(article_id, before), _common(article_id, after)) + 1
    return min(len(article_id), max(min_length, need))


def short_id(record_id: str, length: int) -> str:
    """`record_id` with its article id cut to `length` characters (the `:c3` suffix kept).

    >>> short_id("3f8d35fd3f84:c12", 8), short_id("3f8d35fd3f84", 9)
    ('3f8d35fd:c12', '3f8d35fd3')
    """
    article, sep, rest = record_id.partition(":")
    return article[:length] + sep + rest


def short_ids(ix, ids: Iterable[str], min_length: int = MIN_LENGTH) -> dict[str, str]:
    """{id: short id} for article, claim and figure ids, unique across the index `ix` (an open Index)."""
    out: dict[str, str] = {}
    lengths: dict[str, int] = {}
    for record_id in ids:
        if not isinstance(record_id, str) or not record_id or record_id in out:
            continue
        article = record_id.partition(":")[0]
        if article not in lengths:
            before = ix.db.execute("SELECT article_id FROM articles WHERE article_id < ? "
                                   "ORDER BY article_id DESC LIMIT 1", (article,)).fetchone()
            after = ix.db.execute("SELECT article_id FROM articles WHERE article_id > ? "
                                  "ORDER BY article_id LIMIT 1", (article,)).fetchone()
            lengths[article] = unique_length(article, before and before[0], after and after[0], min_length)
        out[record_id] = short_id(record_id, lengths[article])
    return out
