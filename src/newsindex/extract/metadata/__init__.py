"""Article metadata from raw text: title, outlet, author, dates, url, and the clean body.

``extract_metadata(text)`` is pure and never raises on messy text. The steps:

1. split the text into paragraphs (extract/clean/);
2. read labelled header lines near the top ("# Title", "Published at:", "Author:",
   "Original: [Outlet](url)", "By Jane Doe", "Updated: ...", standalone date lines);
3. classify boilerplate (data/boilerplate.toml), find where the story starts (a dateline,
   or the first paragraph of running text), and the headline above it; apply the
   contextual rules (subheads, captions, pull quotes, bio);
4. weigh the places that name the outlet (data/metadata.toml `outlet_signal`, by-lines,
   datelines, sign-offs, mastheads, URLs): who wrote the copy is the outlet, the page
   that carries it the site; and the date candidates in tiers, keeping every candidate
   for ``newsindex explain``.

Modules: ``bylines`` (names, roles, outlets of a by-line), ``datelines``, ``dates`` (date
forms and the candidates), ``header`` (labelled lines above the story), ``signals``
(outlet evidence), ``title`` (the headline).

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
from .bylines import _is_byline, _name_by_date_line, bare_name, closing_byline, parse_byline, reporting_credits
from .common import _Header, _body_like, _table
from .datelines import Dateline, read_dateline
from .dates import DateHit, _date_candidates, _date_line, find_dates
from .header import _read_header
from .signals import OutletSignal, _choose_outlet, _outlet_signals
from .title import find_title, split_title

__all__ = ["Metadata", "OutletSignal", "extract_metadata", "find_dates", "parse_byline"]


@dataclass
class Metadata:
    body: str
    title: str | None = None
    outlet: str | None = None
    site: str | None = None  # the site carrying another outlet's copy (agency stories)
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    published_at: str | None = None
    published_source: str | None = None  # "header" or "text" (the sidecar is merged later)
    updated: str | None = None
    url: str | None = None
    warnings: list[str] = field(default_factory=list)
    date_candidates: list[DateCandidate] = field(default_factory=list)
    # provenance (not in the record contract)
    outlet_signals: list[OutletSignal] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (kind, paragraph text)
    title_source: str | None = None  # "header" or "text"

    @property
    def author(self) -> str | None:
        """The first author (the record contract's `author`)."""
        return self.authors[0] if self.authors else None


# ---------------------------------------------------------------------------------------
# where the story starts


def _story_start(paras: list[Para], limit: int) -> tuple[int, Dateline | None]:
    """Index of the story's first paragraph (``limit`` when none is found) and its dateline.

    A dateline opening a paragraph of running text starts the story, unless more than one
    paragraph of running text comes before it (then it opens a later item on the page).
    Otherwise the first paragraph of running text that no by-line or date line follows
    closely (a site's blurb or an "unavailable" notice above the headline is not the story).
    """
    n = min(limit, len(paras))
    seen_body = 0
    first = None
    for i in range(n):
        p = paras[i]
        if p.kind is not None or clean.is_bullet(p.text):
            continue
        body = _body_like(p)
        if body and p.words >= 8:
            d = read_dateline(p.text)
            if d is not None and (d.outlets or d.date or d.place):
                return i, d
        if body:
            seen_body += 1
            if first is None and not _date_line(p.text) and not _header_follows(paras, i):
                first = i
            if seen_body > 1 and first is not None:
                break
    if first is None:
        first = next((i for i in range(n) if paras[i].kind is None and _body_like(paras[i])), None)
    return (first if first is not None else n), None


def _header_follows(paras: list[Para], i: int) -> bool:
    """A by-line or a date line within the next three paragraphs (read or not yet read),
    with running text after it (a sign-off or a dated footer closes a story, it heads none)."""
    for j in range(i + 1, min(i + 4, len(paras))):
        q = paras[j]
        head = (q.kind == "header" and q.rule in ("byline", "date line", "published label")) or (
            q.kind is None and q.words <= 16 and (_is_byline(q.text) or _date_line(q.text))
        )
        if head and _text_after(paras, j + 1):
            return True
    return False


def _text_after(paras: list[Para], i: int) -> bool:
    """Running text follows paras[i-1], past a few more header lines and short page tools
    ("Follow us", "Share", "Font Size")."""
    for r in paras[i : i + 15]:
        if r.kind is None and _body_like(r):
            return True
        if r.words > 8 and r.kind is None:
            return False
    return False


# ---------------------------------------------------------------------------------------
# sign-offs: "- BLOOMBERG", "— Reuters", "(Xinhua News Agency June 20, 2007)", "AFP"


_SIGNOFF_STRIP = " \t-–—()[].,;:"


def _signoffs(paras: list[Para], after: int) -> list[tuple[str, DateHit | None, str]]:
    out = []
    for p in paras[max(after, len(paras) - 3):]:
        if p.kind not in (None, "stray", "subhead", "credit", "copyright") or p.words > 10 or len(p.text) > 120:
            continue
        text = p.text.strip()
        if not (text[:1] in "-–—([" or p.words <= 4):
            continue
        hits = find_dates(text)
        rest = text
        for h in hits:
            rest = rest[: h.start] + " " + rest[h.end :]
        o = outlet_by_name(rest.strip(_SIGNOFF_STRIP), text=True)
        if o is None:
            continue
        p.kind, p.rule = "signoff", "the wire's sign-off"
        out.append((o.name, hits[0] if hits else None, text))
    return out


_INLINE_CREDIT_RE = re.compile(r"\s*\((?:additional\s+)?(?:reporting|writing|editing) by [^()]{2,300}\)\s*$", re.I)


# ---------------------------------------------------------------------------------------
# entry point


def extract_metadata(text: str) -> Metadata:
    """Title, outlet, site, authors, dates, url and clean body of one article's raw text."""
    text = text if isinstance(text, str) else str(text)
    paras = clean.split_paragraphs(text)
    top = int(_table()["dates"]["top_paragraphs"])

    # 1. labelled header lines near the top, then context-free boilerplate
    #    (labels such as "Source:" or "Updated:" would otherwise read as credits/notes)
    header = _Header()
    _read_header(paras, _story_start(paras, top)[0], header)
    clean.classify_all(paras)
    clean.mark_captions(paras)
    story, dateline = _story_start(paras, top)

    # 2. the headline: above the story
    title = header.title
    title_source = "header" if title else None
    # without a headline, what stands above the story is dropped only above a dateline (a
    # short first paragraph above the first long one is still the story's)
    start = story if dateline is not None else 0
    if title is None:
        ti = find_title(paras, story)
        if ti is not None:
            title = paras[ti].text
            title_source = "text"
            paras[ti].kind, paras[ti].rule = "title", "headline above the story"
            start = ti + 1
    else:
        start = min(story, _last_header_index(paras) + 1)
    suffix_outlet = None
    if title:
        title, suffix_outlet = split_title(title)
        tnorm = clean.normalise(title)
        for p in paras:
            if p.kind is None and tnorm and len(p.text) < 2 * len(title) + 20 and clean.normalise(p.text) == tnorm:
                p.kind, p.rule = "title", "repeats the headline"
    for p in paras[:start]:
        if p.kind is None:
            p.kind, p.rule = "top", "above the headline"

    # 3. sign-offs and reporting credits, contextual rules, then the body
    signoffs = _signoffs(paras, story)
    authors = list(header.authors) or _name_by_date_line(paras, start) or bare_name(paras, start, story)
    credits: list[str] = []
    tail = [p for p in paras[story:] if p.kind in (None, "contributor", "subhead") and "by " in p.text.lower()]
    for p in tail:
        credits.extend(reporting_credits(p.text))
    wire_credit = [p.text for p in tail if p.kind is None and _INLINE_CREDIT_RE.search(p.text)]
    if not authors:
        authors = list(dict.fromkeys(credits))
    if not authors:
        closing = closing_byline(paras, story)
        if closing is not None:
            authors = list(closing.names)
    for p in tail:
        if p.kind is None and _INLINE_CREDIT_RE.search(p.text) and not _INLINE_CREDIT_RE.fullmatch(p.text):
            p.text = _INLINE_CREDIT_RE.sub("", p.text)  # "... per share. (Reporting by Jane Doe)"
    _mark_page_tools(paras, start, story)
    clean.mark_context(paras, start, "; ".join(authors) or None)
    body = clean.body_text(paras)
    dateline_para = paras[story] if dateline is not None else None

    # 4. outlet, site, url, dates
    signals = _outlet_signals(paras, header, dateline, dateline_para, header.byline_outlets)
    for name, line in header.mastheads:
        signals.append(OutletSignal(name, 6, "masthead", line))
    for name, _hit, line in signoffs:
        signals.append(OutletSignal(name, 7, "sign-off", line, "writer"))
    for line in wire_credit:
        signals.append(OutletSignal("Reuters", 6, "wire credit", line[-200:], "writer"))
    if suffix_outlet:
        signals.append(OutletSignal(suffix_outlet, 5, "title suffix", title))
    outlet, site = _choose_outlet(signals)
    o = outlet_by_name(outlet, text=True) if outlet else None
    country = o.country if o else None
    url = header.urls[0][0] if header.urls else None
    choice = _date_candidates(
        paras, header, dateline, dateline_para, [(h, line) for _n, h, line in signoffs if h], url, country
    )

    meta = Metadata(
        body=body,
        title=title or None,
        outlet=outlet,
        site=site,
        authors=authors,
        url=url,
        updated=choice.updated[:10] if choice.updated else None,
        date_candidates=choice.candidates,
        outlet_signals=signals,
        removed=[(p.kind, p.text) for p in paras if p.kind is not None],
        title_source=title_source,
        warnings=list(choice.warnings),
    )
    if choice.chosen is not None:
        chosen = choice.chosen
        meta.published = chosen.value[:10]
        meta.published_at = chosen.value if "T" in chosen.value else None
        meta.published_source = choice.source
    named = sorted({s.outlet for s in signals if s.weight >= 6})
    if outlet and len(named) > 1:
        meta.warnings.append("several outlets named: " + ", ".join(named) + f"; chose {outlet}" + (f" (site: {site})" if site else ""))
    return meta


def _mark_page_tools(paras: list[Para], start: int, story: int) -> None:
    """Short fragments between the header lines (by-line, date) and the story are page
    tools ("Link Copied!", "Read in French", "Time to 3 min."), not its first paragraph."""
    header = False
    for p in paras[start:story]:
        if p.kind == "header":
            header = True
        elif header and p.kind is None and p.words <= 5 and not _body_like(p):
            p.kind, p.rule = "top", "page tools under the header"


def _last_header_index(paras: list[Para]) -> int:
    last = -1
    for i, p in enumerate(paras):
        if p.kind == "header":
            last = i
        elif p.kind is None and _body_like(p):
            break
    return last

