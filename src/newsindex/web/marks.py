"""Text cut into segments for highlighting: a snippet's marks, a paragraph's span, an article's
claims and figures in place. Plain data; the templates escape every segment when they write it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from ..explain import locate_span


_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _shown(m) -> str:
    c = ord(m.group())
    if 0xDC80 <= c <= 0xDCFF:  # a byte that was not UTF-8 (a surrogate escape): the byte
        return f"\\x{c - 0xDC00:02x}"
    return f"\\x{c:02x}" if c <= 0xFF else f"\\u{c:04x}"


def visible(value):
    r"""Text for a page: control characters (escape sequences included) and undecodable bytes
    written out as ``\xNN``, so they are seen, not acted on or dropped; line breaks and tabs
    stay. Jinja2 applies it to every value it writes (then escapes HTML); non-text passes through.

    >>> print(visible("red \x1b[31mtext\x07 ok"))
    red \x1b[31mtext\x07 ok
    >>> visible("a\nb\tc")
    'a\nb\tc'
    """
    if isinstance(value, str) and _INVISIBLE.search(value):
        return _INVISIBLE.sub(_shown, value)
    return value


@dataclass
class Segment:
    text: str
    marked: bool = False
    claim: str | None = None  # the claim id this piece of the body belongs to
    figure: str | None = None  # the figure id this piece of the body belongs to
    classes: list[str] = field(default_factory=list)


def marked(text: str, marks: Iterable[Iterable[int]] | None) -> list[Segment]:
    """`text` cut at the `marks` ([start, end) pairs, possibly overlapping or out of range).

    >>> [(s.text, s.marked) for s in marked("cameras in China", [[0, 7], [11, 99]])]
    [('cameras', True), (' in ', False), ('China', True)]
    """
    text = text or ""
    spans = sorted((max(0, s), min(len(text), e)) for s, e in (marks or []) if s < e and s < len(text) and e > 0)
    out: list[Segment] = []
    at = 0
    for s, e in spans:
        if e <= at:
            continue
        s = max(s, at)
        if s > at:
            out.append(Segment(text[at:s]))
        out.append(Segment(text[s:e], marked=True))
        at = e
    if at < len(text) or not out:
        out.append(Segment(text[at:]))
    return out


def _spans(body: str, items: Iterable[Mapping]) -> list[tuple[int, int, str]]:
    """(start, end, id) of each claim or figure, where its text really is in the body (the
    stored span, or the text located as `explain` locates it); left out when it is not there."""
    out = []
    for item in items or ():
        try:
            start, end = int(item.get("start") or 0), int(item.get("end") or 0)
        except (TypeError, ValueError):
            continue
        s, e, source = locate_span(body, start, end, item.get("text") or "", item.get("paragraph"))
        if source != "missing" and s < e:
            out.append((s, e, str(item.get("id"))))
    return out


def body_segments(body: str, claims: Iterable[Mapping], figures: Iterable[Mapping]) -> list[Segment]:
    """The article body cut where claims and figures start and end; each piece knows the claim
    and the figure it belongs to (the first by position where spans overlap).

    >>> body = "Sales rose 5% in May, he said. Fine."
    >>> segs = body_segments(body, [{"id": "a:c1", "text": body[:30], "start": 0, "end": 30}],
    ...                      [{"id": "a:f1", "text": "5%", "start": 11, "end": 13}])
    >>> [(s.text, s.claim, s.figure) for s in segs]
    [('Sales rose ', 'a:c1', None), ('5%', 'a:c1', 'a:f1'), (' in May, he said.', 'a:c1', None), (' Fine.', None, None)]
    """
    body = body or ""
    claim_spans = _spans(body, claims)
    figure_spans = _spans(body, figures)
    cuts = {0, len(body)}
    for s, e, _ in claim_spans + figure_spans:
        cuts.update((s, e))
    points = sorted(c for c in cuts if 0 <= c <= len(body))
    out = []
    for s, e in zip(points, points[1:]):
        claim = next((i for cs, ce, i in claim_spans if cs <= s and e <= ce), None)
        figure = next((i for fs, fe, i in figure_spans if fs <= s and e <= fe), None)
        classes = [c for c, on in (("claim", claim), ("figure", figure)) if on]
        out.append(Segment(body[s:e], marked=bool(classes), claim=claim, figure=figure, classes=classes))
    return out or [Segment("")]
