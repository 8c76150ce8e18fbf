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
    return analysed(text)[0]


def phrase_tokens(text: str | None) -> list[str]:
    """Every word of `text` as the stemming analyser would make it, stop words and single letters
    kept: what phrases are matched on (``"state of the art"`` is four tokens in a row, not two).

    >>> phrase_tokens("State of the art: U.S. face-recognition, China's 3.5 cameras")
    ['state', 'of', 'the', 'art', 'u.', 'face', 'recognit', 'china', 's', '3.5', 'camera']
    """
    return analysed(text)[1]


def analysed(text: str | None) -> tuple[list[str], list[str]]:
    """(:func:`stem_tokens`, :func:`phrase_tokens`) of one text, in one pass."""
    if not text:
        return [], []
    parts = _stem_parts()
    if parts is None:
        analyzer = _analyzers()["stem"]
        return ([t.text for t in analyzer(text, mode="index")],
                [t.text for t in analyzer(text, mode="index", removestops=False)])
    expression, stops, minsize, stem = parts
    terms, tokens = [], []
    for m in expression.finditer(text):
        w = m.group().lower()
        s = stem(w)
        tokens.append(s)
        if len(w) >= minsize and w not in stops:
            terms.append(s)
    return terms, tokens


def has_phrase(tokens: list[str], phrase: list[str]) -> bool:
    """Whether `phrase` occurs in `tokens` as consecutive tokens.

    >>> has_phrase(["a", "b", "c"], ["b", "c"]), has_phrase(["a", "b", "c"], ["a", "c"])
    (True, False)
    """
    n = len(phrase)
    if not n:
        return False
    first = phrase[0]
    return any(tokens[i:i + n] == phrase for i, t in enumerate(tokens) if t == first)


def pair_terms(tokens: list[str]) -> list[str]:
    """Each two adjacent tokens as one ``pairs`` term, once each. Made from :func:`phrase_tokens`
    (stop words kept), so a two-word phrase matches exactly where its pair is, and a longer one
    only where all its pairs are (then checked on the text).

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
