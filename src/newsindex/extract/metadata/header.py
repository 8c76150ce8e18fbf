"""The header block: labelled lines, by-lines, date lines and mastheads above the story."""

from __future__ import annotations

import re

from ..clean import Para
from ..outlets import outlet_by_name
from .bylines import _SEGMENT_RE, _is_byline, read_byline
from .common import _Header, _MAX_HEADER_CHARS, _MD_LINK_RE, _URL_RE, _label_res, _outlet_words, _unmark
from .dates import _date_line, _date_lines, _time_re, find_dates

#: a metadata label glued to its value by a copy from a table ("DescriptionBy JANE DOE",
#: "MediaNewspaper - The Example Times"): the label word is dropped and the rest read
_GLUED_RE = re.compile(r"^[A-Z][a-z]{2,15}(?=(?:By|Newspaper|Source|Publisher|Published|Author|Date)\b)")

#: "This was published 1 year ago", "3 hours ago", "Updated 2 days ago": a date without a day
_RELATIVE_RE = re.compile(
    r"(?i)^(?:this (?:article |story |page )?was )?(?:first )?(?:published|posted|updated|last updated)?\s*:?\s*"
    r"(?:\d{1,3}|an?|one)\s+(?:second|minute|min|hour|hr|day|week|month|year)s?\s+ago\.?$"
)

#: "Posted on December 3, 2023 by Jane Doe": the by-line after the date
_BY_AFTER_DATE_RE = re.compile(r"(?:19|20)\d\d\b.{0,30}?\s[Bb]y\s+(?P<value>[A-Z][^|•·/]{2,80})$")

#: "Author Jane Doe": the label without a colon (a copied table of page fields)
_SPACED_AUTHOR_RE = re.compile(r"^(?:Author|Authors|AUTHOR|AUTHORS)\s+(?P<value>[A-Z].{2,150})$")

#: "Example Times logo", "Example Times home": the page's masthead
_MASTHEAD_RE = re.compile(r"(?i)^(?P<name>.{2,60}?)(?:\s+(?:logo|home|homepage|home page))?$")


def _masthead(text: str) -> tuple[str, bool] | None:
    """(outlet, is agency) when the line is only an outlet's name (or its logo's label)."""
    if len(text) > 70 or len(text.split()) > 8:
        return None
    m = _MASTHEAD_RE.match(text.strip(" |•·-–—"))
    o = outlet_by_name(m.group("name"), text=True) if m else None
    return (o.name, o.agency) if o else None


def _outlet_dated(text: str) -> tuple[str, bool, list] | None:
    """(outlet, is agency, dated pieces) when a line is an outlet's name and a date, and
    nothing else, in segments: "AFP | 14 May 2023", "Reuters | Updated 2 hours ago"."""
    if len(text) > 120:
        return None
    pieces = [s.strip() for s in _SEGMENT_RE.split(text) if s and s.strip()]
    if len(pieces) < 2:
        return None
    outlet = None
    dates: list = []
    for piece in pieces:
        dl = _date_lines(piece)
        if dl:
            dates.extend(dl)
        elif _RELATIVE_RE.match(piece):
            continue
        elif outlet is None and _masthead(piece):
            outlet = _masthead(piece)
        else:
            return None
    if outlet is None:
        return None
    return outlet[0], outlet[1], dates


def _by_after_date(text: str, header: _Header) -> None:
    """ "Posted on December 3, 2023 by Jane Doe": the by-line after the date."""
    by = _BY_AFTER_DATE_RE.search(text) if not header.authors else None
    b = read_byline(by.group("value")) if by else None
    if b and b.names:
        header.authors = list(b.names)


def _take_byline(text: str, header: _Header) -> None:
    head = _SEGMENT_RE.split(text)[0]
    b = read_byline(text)
    if b is not None:
        if not header.authors:
            header.authors = list(b.names)
        header.byline_outlets.extend((o, text) for o in b.outlets)
    dl = _date_line(text[len(head):]) if len(text) > len(head) else None
    if dl:
        header.dates.append((dl[0], dl[1], text))


def _read_header(paras: list[Para], limit: int, header: _Header) -> None:
    """Labelled metadata lines among paras[:limit] (and labels at the very end)."""
    res = _label_res()
    zone = list(paras[:limit]) + [p for p in paras[max(limit, len(paras) - 4):]]
    for pos, p in enumerate(zone):
        if p.kind is not None or len(p.text) > _MAX_HEADER_CHARS:
            continue
        text = p.text
        at_top = pos < limit
        glued = _GLUED_RE.match(text) if at_top else None
        if glued:
            text = text[glued.end():]
        if at_top and header.title is None and re.match(r"^#\s+\S", text):
            header.title = _unmark(text[1:].strip())
            p.kind, p.rule = "header", "markdown title"
            continue
        if at_top and _RELATIVE_RE.match(text):
            p.kind, p.rule = "relative_date", "a date relative to the reading day"
            continue
        if at_top:
            od = _outlet_dated(text)
            if od:
                name, agency, dates = od
                # "PTI | Mar 13, 2024, 06:12 PM IST": the agency's credit (a newspaper's
                # name there is its masthead), with the date
                (header.byline_outlets if agency else header.mastheads).append((name, text))
                header.dates.extend((kind, hit, text) for kind, hit in dates)
                p.kind, p.rule = "header", "date line"
                continue
        spaced = _SPACED_AUTHOR_RE.match(text) if at_top else None
        if spaced:
            b = read_byline(spaced.group("value"))
            if b and b.names:  # "Author Jane Doe with Reuters, dpa": a label without a colon
                if not header.authors:
                    header.authors = list(b.names)
                p.kind, p.rule = "header", "author label"
                continue
        if at_top and _is_byline(text):
            _take_byline(text, header)
            p.kind, p.rule = "header", "byline"
            continue
        if at_top:
            mh = _masthead(text)
            if mh:
                name, agency = mh
                if agency:  # "PTI" alone above the story: the agency's by-line
                    header.byline_outlets.append((name, text))
                    p.kind, p.rule = "header", "byline"
                else:
                    header.mastheads.append((name, text))
                    p.kind, p.rule = "header", "masthead"
                continue
        for key in ("title", "author", "published", "updated", "url", "outlet"):
            m = res[key].match(text)
            if not m:
                continue
            value = _unmark(m.group("value"))
            if key in ("title", "author", "published", "updated") and not at_top:
                continue
            if key == "title" and header.title is None and len(value.split()) <= 40:
                header.title = value
            elif key == "author":
                b = read_byline(value)
                if not b or not b.names:
                    continue
                if not header.authors:
                    header.authors = list(b.names)
                header.byline_outlets.extend((o, text) for o in b.outlets)
            elif key in ("published", "updated"):
                dl = _date_line(value)
                if not dl:
                    continue
                header.dates.append((key, dl[1], text))
                _by_after_date(text, header)
            elif key == "url":
                u = _URL_RE.search(value)
                if not u:
                    continue
                header.urls.append((u.group().rstrip(".,;"), text))
            elif key == "outlet":
                link = _MD_LINK_RE.search(value)
                if link:
                    header.outlet_names.append((link.group("name"), text))
                    header.urls.append((link.group("url"), text))
                elif _URL_RE.fullmatch(value.strip()):
                    header.urls.append((value.strip(), text))
                elif _outlet_words(value) and len(value.split()) <= 8:
                    header.outlet_names.append((value, text))
                else:
                    continue
            p.kind, p.rule = "header", f"{key} label"
            break
        else:
            if at_top:
                dls = _date_lines(text)
                if dls:
                    header.dates.extend((kind, hit, text) for kind, hit in dls)
                    p.kind, p.rule = "header", "date line"
                    # "Jane Doe @janedoe / 9:00 am PST • November 6, 2019"
                    if not header.authors:
                        for piece in _SEGMENT_RE.split(text):
                            if find_dates(piece) or _time_re().search(piece) and re.search(r"\d[:.]\d", piece):
                                continue
                            b = read_byline(piece)
                            if b and b.names:
                                header.authors = list(b.names)
                                break
                    _by_after_date(text, header)
