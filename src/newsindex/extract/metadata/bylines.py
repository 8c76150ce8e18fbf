"""By-lines: author names, the roles and outlets beside them."""

from __future__ import annotations

import re

from .. import clean
from ..clean import Para
from ..outlets import outlet_by_name
from .common import _MAX_HEADER_CHARS, _name_re, _table, _unmark


def parse_byline(value: str) -> str | None:
    """Authors from a byline value, ``;``-separated.

    >>> parse_byline("By Jane Doe and John Roe")
    'Jane Doe; John Roe'
    >>> parse_byline("By JANE DOE, Reuters")
    'Jane Doe'
    >>> parse_byline("Sarah Dai in Beijing, Staff Writer")
    'Sarah Dai'
    """
    if len(value) > _MAX_HEADER_CHARS:
        return None
    v = _unmark(value)
    v = re.sub(r"(?i)^(?:by|byline|written by|words by|words)\s*[:\-]?\s+", "", v)
    v = re.sub(r"@\w+", "", v)
    v = re.split(r"\s+[|•·/]\s+|\s+[—–]\s+", v)[0]
    roles = sorted(_table()["byline"]["roles"], key=len, reverse=True)
    parts = re.split(r"\s*(?:,|;|&|\band\b)\s*", v)
    names = []
    for part in parts:
        part = part.strip(" .")
        low = part.lower()
        for role in roles:
            if low.endswith(" " + role) or low == role:
                part = part[: len(part) - len(role)].strip(" ,")
                low = part.lower()
        part = re.sub(r"\s+(?:in|from|at)\s+[A-Z][\w .'-]*$", "", part).strip()
        if not part or low in roles:
            continue
        if outlet_by_name(part) is not None:
            continue
        if not _name_re().fullmatch(part):
            continue
        if not 2 <= len(part.split()) <= 5:
            continue  # a one-word "name" is a place or a desk ("BEIJING", "Staff")
        if part.isupper():
            part = " ".join(w.capitalize() if len(w) > 2 else w for w in part.split())
        names.append(part)
    return "; ".join(dict.fromkeys(names)) or None


_BYLINE_RE = re.compile(r"^(?:\*\*|__)?(?:by|byline\s*:|written by|words by)\s+\S", re.I)


def _is_byline(text: str) -> bool:
    if len(text) > _MAX_HEADER_CHARS or not _BYLINE_RE.match(text) or len(text.split()) > 16:
        return False
    head = re.split(r"\s+[|•·/]\s+|\s+[—–]\s+", text)[0]
    if clean.ends_sentence(head) and not re.search(r"\b[A-Z]\.$", head):
        return False
    return parse_byline(head) is not None


_DATE_RULES = ("date line", "published label", "updated label")


def _name_by_date_line(paras: list[Para], start: int) -> str | None:
    """A bare byline ("Jane Doe", "JANE DOE, Nikkei staff writer") next to a header date line."""
    for i, p in enumerate(paras):
        if p.kind != "header" or p.rule not in _DATE_RULES:
            continue
        for j in (i - 1, i + 1):
            if not 0 <= j < len(paras) or j < start:
                continue
            q = paras[j]
            if q.kind is not None or q.words > 8 or q.words < 2 or clean.ends_sentence(q.text):
                continue
            head = re.sub(r"\s*@\w+", "", q.text.split(",")[0])
            if not _name_re().fullmatch(head.strip()):
                continue
            author = parse_byline(q.text)
            if author:
                q.kind, q.rule = "header", "byline next to the date"
                return author
        break
    return None
