"""What the index holds for a text or a value: stemmed terms, pairs, keyword terms, dates as terms."""

from __future__ import annotations

from datetime import datetime

from .schema import _analyzers
from .whoosh_internals import _stem_parts


def to_datetime(published: str | None) -> datetime | None:
    """``YYYY-MM-DD`` (or a longer ISO string) -> a naive datetime at midnight, or None."""
    if not published:
        return None
    try:
        return datetime.strptime(str(published)[:10], "%Y-%m-%d")
    except ValueError:
        return None


def month_key(day) -> str:
    """The ``month`` field's term for a date: ``YYYY-MM``."""
    return f"{day.year:04d}-{day.month:02d}"


def _keywords(names) -> str:
    """Names for a comma-separated KEYWORD field (commas inside a name become spaces)."""
    return ",".join(n.replace(",", " ").strip() for n in names if n and n.strip())


def keyword_term(name: str | None) -> str:
    """The term a KEYWORD field holds for one name: what ``_keywords`` and the analyser make of it.

    >>> keyword_term(" Alibaba Group Holding, Ltd ")
    'alibaba group holding  ltd'
    """
    return (name or "").replace(",", " ").strip().lower()


SEP = "\x1f"


def stem_tokens(text: str | None) -> list[str]:
    """The terms the stemming analyser indexes for `text`, in order (stop words dropped, as Whoosh numbers them).

    The same as ``[t.text for t in StemmingAnalyzer()(text)]`` (a property test holds them
    equal) at a third of the cost: no Token objects, no generator chain.
    """
    if not text:
        return []
    parts = _stem_parts()
    if parts is None:
        return [t.text for t in _analyzers()["stem"](text, mode="index")]
    expression, stops, minsize, stem = parts
    out = []
    for m in expression.finditer(text):
        w = m.group().lower()
        if len(w) >= minsize and w not in stops:
            out.append(stem(w))
    return out


def pair_terms(tokens: list[str]) -> list[str]:
    """Each two adjacent terms as one ``pairs`` term, once each: positions are numbered without stop
    words (as Whoosh numbers them), so a two-word phrase matches exactly where its pair is.

    >>> pair_terms(["facial", "recognit", "camera", "facial", "recognit"])
    ['facial recognit', 'recognit camera', 'camera facial']
    """
    return list(dict.fromkeys(f"{a} {b}" for a, b in zip(tokens, tokens[1:])))


def _padded(tokens: list[str]) -> str:
    """Tokens as the items table stores them: space-separated and space-padded (`` a b ``), so that
    SQL finds a whole term or a phrase with ``instr``."""
    return f" {' '.join(tokens)} " if tokens else ""


def _value(v) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f and abs(f) != float("inf") else None
