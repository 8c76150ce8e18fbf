"""Factiva exports, HTML and XML: one article per ``article`` block, fields by two-letter code.

``HD`` headline, ``BY`` byline, ``PD`` date (written in the export's language: "6 novembre
2019"), ``ET`` time, ``SN`` source name (the outlet), ``LP`` lead paragraphs and ``TD`` the
rest of the text (the body is LP then TD), ``CO`` company codes and names (companies of the
record, the code kept as an alias), ``AN`` accession number (the record's ``source_id``, so an
article keeps its id in every export that holds it), ``LA`` language, ``WC`` word count, ``SE``
section. HTML exports lay the fields out as table rows (code cell, value cell); XML exports as
elements named by code (or ``<field code="HD">``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .document import Document, paragraphs

_CODE_RE = re.compile(r"^[A-Z]{2,3}$")


@lru_cache(maxsize=1)
def _table() -> dict:
    from .. import data

    return data.load("exports")["factiva"]


def read(raw: bytes):
    """The articles of a Factiva export (HTML or XML)."""
    from lxml import etree

    from .registry import _HTML_RE, _text_head

    is_html = bool(_HTML_RE.match(_text_head(raw[:4096])))
    try:
        if is_html:
            import lxml.html

            tree = lxml.html.fromstring(raw)
            blocks = list(_html_blocks(tree))
        else:
            parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=True)
            root = etree.fromstring(raw, parser=parser)
            if root is None:
                raise ValueError("not readable XML")
            blocks = list(_xml_blocks(root))
    except (etree.ParserError, etree.XMLSyntaxError) as e:
        raise ValueError(f"not a readable Factiva export ({e})") from None
    if not blocks:
        raise ValueError("no Factiva article (no HD field) in the file")
    return _documents(blocks)


def _documents(blocks):
    from .reader import Skipped

    for part, fields in enumerate(blocks, 1):
        try:
            yield _document(fields, part)
        except ValueError as e:
            yield Skipped(part, str(e))


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _paras(el) -> list[str]:
    ps = [p for p in el.iter() if isinstance(p.tag, str) and p.tag.lower().rsplit("}", 1)[-1] in ("p", "para")]
    if ps:
        return [_text(p) for p in ps]
    return [line for line in "".join(el.itertext()).split("\n")]


def _html_blocks(tree):
    """Field dicts from table rows: the first cell a code, the second its value; HD starts an article."""
    fields: dict | None = None
    for tr in tree.iter("tr"):
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        if len(cells) < 2:
            continue
        code = _text(cells[0]).upper()
        if not _CODE_RE.match(code):
            continue
        if code == "HD" or fields is None:
            if fields:
                yield fields
            fields = {}
        fields.setdefault(code, _value(code, cells[1]))
    if fields:
        yield fields


def _xml_blocks(root):
    for art in root.iter():
        if not isinstance(art.tag, str) or _local(art.tag).lower() not in ("article", "ppsarticle", "document"):
            continue
        fields: dict = {}
        for child in art.iter():
            if child is art or not isinstance(child.tag, str):
                continue
            code = (child.get("code") or _local(child.tag)).upper()
            if code in _table()["fields"] and code not in fields:
                fields[code] = _value(code, child)
        if "HD" in fields or "LP" in fields or "TD" in fields:
            yield fields


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _value(code: str, el):
    if code in ("LP", "TD"):
        return _paras(el)
    if code == "CO":
        items = [c for c in el if isinstance(c.tag, str)]
        coded = [(c.get("code") or "", _text(c)) for c in items if c.get("code")]
        return coded or _text(el)
    return _text(el)


def companies(value) -> list[tuple[str, str]]:
    """CO as (code, name) pairs: "lmvw : Lumaview Systems | hrbaut : Harbour Authority".

    >>> companies("lmvw : Lumaview Systems | hrbaut : Harbour Authority")
    [('lmvw', 'Lumaview Systems'), ('hrbaut', 'Harbour Authority')]
    """
    if isinstance(value, list):
        return [(c.strip(), n.strip()) for c, n in value if n.strip()]
    out = []
    for item in re.split(r"\s*[|;]\s*", value or ""):
        code, sep, name = item.partition(":")
        if sep and code.strip() and name.strip():
            out.append((code.strip(), name.strip()))
        elif item.strip():
            out.append(("", item.strip()))
    return out


def pd_date(text: str) -> str | None:
    """A Factiva date in the export's language -> YYYY-MM-DD.

    >>> pd_date("6 novembre 2019"), pd_date("6. November 2019"), pd_date("6 de noviembre de 2019")
    ('2019-11-06', '2019-11-06', '2019-11-06')
    >>> pd_date("November 6, 2019"), pd_date("2019-11-06"), pd_date("someday")
    ('2019-11-06', '2019-11-06', None)
    """
    t = text.strip().lower()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", t)
    if m:
        return m.group(0)
    months = {name: i for i, names in enumerate(_table()["months"], 1) for name in names}
    words = re.findall(r"[^\W\d_]+|\d+", t)
    day = month = year = None
    for w in words:
        if w.isdigit():
            if len(w) == 4:
                year = int(w)
            elif day is None and 1 <= int(w) <= 31:
                day = int(w)
        elif month is None and w.rstrip(".") in months:
            month = months[w.rstrip(".")]
    if day and month and year:
        try:
            from datetime import date

            return date(year, month, day).isoformat()
        except ValueError:
            return None
    return None


def _document(f: dict, part: int) -> Document:
    from ..extract.metadata import parse_byline

    lp, td = f.get("LP") or [], f.get("TD") or []
    body = paragraphs([*lp, *td])
    title = f.get("HD") or None
    if not body and not title:
        raise ValueError("no headline (HD) and no text (LP, TD)")
    doc = Document(body=body, format="factiva", part=part, title=title)
    if f.get("BY"):
        byline = parse_byline(f["BY"]) or f["BY"]
        doc.authors = [a for a in byline.split("; ") if a]
    if f.get("PD"):
        day = pd_date(f["PD"])
        if day:
            time = re.match(r"^\s*(\d{1,2}):(\d{2})\s*(?:GMT|UTC)?\s*$", f.get("ET") or "")
            doc.published = f"{day}T{int(time.group(1)):02d}:{time.group(2)}:00+00:00" if time else day
            doc.published_source = "factiva"
        else:
            doc.warnings.append(f"factiva: unreadable date (PD) {f['PD']!r}")
        doc.published_text = f["PD"]
    if f.get("SN"):
        doc.outlets = [f["SN"]]
    an = (f.get("AN") or "").strip()
    an = re.sub(r"(?i)^document\s+", "", an)
    doc.source_id = an or None
    if f.get("CO"):
        doc.companies = companies(f["CO"])
    if f.get("LA"):
        from .lexis import _language

        doc.language = _language(f["LA"])
    doc.extra = {code.lower(): v for code, v in f.items()
                 if code in ("WC", "SE", "SC", "CY", "ED", "PG", "IPD", "PUB") and isinstance(v, str) and v}
    if not body:
        doc.warnings.append("factiva: the article has no text")
    return doc
