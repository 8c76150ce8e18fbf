"""The header block: labelled lines, by-lines and date lines above the story."""

from __future__ import annotations

import re

from ..clean import Para
from .bylines import _is_byline, parse_byline
from .common import _Header, _MAX_HEADER_CHARS, _MD_LINK_RE, _URL_RE, _label_res, _outlet_words, _unmark
from .dates import _date_line, _date_lines, _time_re, find_dates


def _read_header(paras: list[Para], limit: int, header: _Header) -> None:
    """Labelled metadata lines among paras[:limit] (and labels at the very end)."""
    res = _label_res()
    zone = list(paras[:limit]) + [p for p in paras[max(limit, len(paras) - 4):]]
    for pos, p in enumerate(zone):
        if p.kind is not None or len(p.text) > _MAX_HEADER_CHARS:
            continue
        text = p.text
        at_top = pos < limit
        if at_top and header.title is None and re.match(r"^#\s+\S", text):
            header.title = _unmark(text[1:].strip())
            p.kind, p.rule = "header", "markdown title"
            continue
        if at_top and _is_byline(text):
            head = re.split(r"\s+[|•·/]\s+|\s+[—–]\s+", text)[0]
            header.author = header.author or parse_byline(head)
            dl = _date_line(text[len(head):]) if len(text) > len(head) else None
            if dl:
                header.dates.append((dl[0], dl[1], text))
            p.kind, p.rule = "header", "byline"
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
                author = parse_byline(value)
                if not author:
                    continue
                header.author = header.author or author
            elif key in ("published", "updated"):
                dl = _date_line(value)
                if not dl:
                    continue
                header.dates.append((key, dl[1], text))
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
                    if header.author is None:
                        for piece in re.split(r"\s+[|•·/]\s+|\s+[—–]\s+", text):
                            if find_dates(piece) or _time_re().search(piece) and re.search(r"\d[:.]\d", piece):
                                continue
                            header.author = parse_byline(piece)
                            if header.author:
                                break
