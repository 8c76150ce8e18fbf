"""Article metadata from raw text: title, outlet, author, dates, url, and the clean body.

``extract_metadata(text)`` is pure and never raises on messy text. The steps:

1. split the text into paragraphs (extract/clean.py);
2. read labelled header lines near the top ("# Title", "Published at:", "Author:",
   "Original: [Outlet](url)", "By Jane Doe", "Updated: ...", standalone date lines);
3. classify boilerplate (data/boilerplate.toml), find the headline, apply the
   contextual rules (subheads, captions, pull quotes, bio);
4. weigh the places that name the outlet (data/metadata.toml `outlet_signal`, the
   header, datelines, URLs) and the date candidates, keeping every candidate for
   ``newsindex explain``.

Labels, date forms, time zones and outlet-signal patterns are data in
``data/metadata.toml``; outlet names in ``data/outlets.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...records import DateCandidate
from .. import clean
from ..clean import Para
from ..outlets import outlet_by_name
from .bylines import _is_byline, _name_by_date_line, parse_byline
from .common import _MAX_HEADER_CHARS, _table
from .dates import _date_candidates, _date_line, find_dates
from .common import _Header
from .header import _read_header
from .signals import OutletSignal, _choose_outlet, _outlet_signals

__all__ = ["Metadata", "OutletSignal", "extract_metadata", "find_dates", "parse_byline"]


@dataclass
class Metadata:
    body: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    published_at: str | None = None
    published_source: str | None = None  # "header" or "text" (the sidecar is merged later)
    url: str | None = None
    warnings: list[str] = field(default_factory=list)
    date_candidates: list[DateCandidate] = field(default_factory=list)
    # provenance (not in the record contract)
    outlet_signals: list[OutletSignal] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (kind, paragraph text)
    title_source: str | None = None  # "header" or "text"

# ---------------------------------------------------------------------------------------
# title


def _headline_like(p: Para) -> bool:
    s = p.text
    if not 3 <= p.words <= 25 or clean.is_bullet(s):
        return False
    if s.endswith(".") and not s.endswith("..."):
        return False
    first = s.lstrip("“‘\"'(")[:1]
    if not first or not (first.isupper() or first.isdigit()):
        return False
    if _is_byline(s) or _date_line(s):
        return False
    return True


def _body_like(p: Para) -> bool:
    return p.words > 25 or (clean.ends_sentence(p.text) and p.words > 12)


def _find_title(paras: list[Para], limit: int) -> int | None:
    for i in range(min(limit, len(paras))):
        p = paras[i]
        if p.kind is not None:
            continue
        if _body_like(p) and not _headline_like(p):
            return None
        if not _headline_like(p):
            continue
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        if nxt is not None and nxt.kind in ("navigation", "ad", "page_tools"):
            continue
        if nxt is None:
            continue  # nothing follows: not a headline of an article
        if p.words <= 3 and nxt.kind is None and _headline_like(nxt):
            continue  # a section label above the headline
        return i
    return None


def _split_title_suffix(title: str) -> tuple[str, str | None]:
    """"Headline | Reuters" -> ("Headline", "Reuters")."""
    if len(title) > _MAX_HEADER_CHARS:
        return title, None
    m = re.match(r"^(?P<t>.+?)\s+(?:\||-|–|—|::)\s+(?P<o>[^|–—]{2,40})$", title)
    if m:
        o = outlet_by_name(m.group("o"))
        if o:
            return m.group("t").strip(), o.name
    return title, None

# ---------------------------------------------------------------------------------------
# entry point


def extract_metadata(text: str) -> Metadata:
    """Title, outlet, author, dates, url and clean body of one article's raw text."""
    text = text if isinstance(text, str) else str(text)
    paras = clean.split_paragraphs(text)
    top = int(_table()["dates"]["top_paragraphs"])

    # 1. context-free boilerplate first, then labelled header lines near the top
    #    (labels such as "Source:" or "Updated:" would otherwise read as credits/notes)
    header = _Header()
    _read_header(paras, _first_body_index(paras, top), header)
    clean.classify_all(paras)
    clean.mark_captions(paras)
    first_idx = _first_body_index(paras, top)

    # 2. the headline
    title = header.title
    title_source = "header" if title else None
    start = 0
    if title is None:
        ti = _find_title(paras, first_idx)
        if ti is not None:
            title = paras[ti].text
            title_source = "text"
            paras[ti].kind, paras[ti].rule = "title", "first headline-like line"
            start = ti + 1
    else:
        start = _last_header_index(paras) + 1
    suffix_outlet = None
    if title:
        title, suffix_outlet = _split_title_suffix(title)
        tnorm = clean.normalise(title)
        for p in paras:
            if p.kind is None and tnorm and len(p.text) < 2 * len(title) + 20 and clean.normalise(p.text) == tnorm:
                p.kind, p.rule = "title", "repeats the headline"
    for p in paras[:start]:
        if p.kind is None:
            p.kind, p.rule = "top", "above the headline"

    # 3. contextual rules, then the body
    author = header.author or _name_by_date_line(paras, start)
    clean.mark_context(paras, start, author)
    body = clean.body_text(paras)
    first_body = next((p for p in paras if p.kind is None), None)

    # 4. outlet, url, dates
    signals = _outlet_signals(paras, header, first_body)
    if suffix_outlet:
        signals.append(OutletSignal(suffix_outlet, 5, "title suffix", title))
    outlet = _choose_outlet(signals)
    url = header.urls[0][0] if header.urls else None
    cands, chosen, source = _date_candidates(paras, header, first_body, url)

    meta = Metadata(
        body=body,
        title=title or None,
        outlet=outlet,
        author=author,
        url=url,
        date_candidates=cands,
        outlet_signals=signals,
        removed=[(p.kind, p.text) for p in paras if p.kind is not None],
        title_source=title_source,
    )
    if chosen is not None:
        meta.published = chosen.value[:10]
        meta.published_at = chosen.value if "T" in chosen.value else None
        meta.published_source = source
    named = sorted({s.outlet for s in signals if s.weight >= 6})
    if outlet and len(named) > 1:
        meta.warnings.append("several outlets named: " + ", ".join(named) + f"; chose {outlet}")
    return meta


def _first_body_index(paras: list[Para], limit: int) -> int:
    """Index of the first paragraph that reads as body text (or ``limit``)."""
    for i, p in enumerate(paras[:limit]):
        if p.kind is None and _body_like(p) and not clean.is_bullet(p.text) and clean.classify_line(p.text) is None:
            if not _date_line(p.text):
                return i
    return min(limit, len(paras))


def _last_header_index(paras: list[Para]) -> int:
    last = -1
    for i, p in enumerate(paras):
        if p.kind == "header":
            last = i
        elif p.kind is None and _body_like(p):
            break
    return last
