"""Shared helpers of the metadata package: the metadata table, header-line limits, small parsers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ... import data
from .. import clean
from ..clean import Para
from ..outlets import outlet_by_name
from ..patterns import alternation

if TYPE_CHECKING:
    from .dates import DateHit


# ---------------------------------------------------------------------------------------
# tables


@dataclass
class _Header:
    """What the header lines said."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    dates: list[tuple[str, "DateHit", str]] = field(default_factory=list)  # (label kind, hit, line)
    outlet_names: list[tuple[str, str]] = field(default_factory=list)  # (name as written, line)
    urls: list[tuple[str, str]] = field(default_factory=list)  # (url, line)
    byline_outlets: list[tuple[str, str]] = field(default_factory=list)  # (outlet, line): who wrote it
    mastheads: list[tuple[str, str]] = field(default_factory=list)  # (outlet, line): whose page it is


@lru_cache(maxsize=1)
def _table() -> dict:
    return data.load("metadata")


@lru_cache(maxsize=1)
def _label_res() -> dict[str, re.Pattern]:
    labels = _table()["labels"]
    out = {}
    for key, words in labels.items():
        sep = r"\s*(?:[:：|]|\s-\s|\s–\s)\s*" if key not in ("published", "updated") else r"\s*(?:[:：|\-–]\s*|\s+)"
        out[key] = re.compile(rf"^(?:\*\*|__)?(?P<label>{alternation(words)})(?:\*\*|__)?{sep}(?P<value>\S.*)$", re.I)
    return out


@lru_cache(maxsize=1)
def _name_re() -> re.Pattern:
    return re.compile(_table()["byline"]["name_pattern"])


# ---------------------------------------------------------------------------------------
# small parsers


#: header, byline and date lines are short; longer text is never read as one (this also
#: keeps every header regex linear on hostile input such as a megabyte of spaces)
_MAX_HEADER_CHARS = 300

_MD_LINK_RE = re.compile(r"\[(?P<name>[^\]]{1,200})\]\((?P<url>[^)\s]{1,2000})\)")
_URL_RE = re.compile(r"https?://[^\s<>()\[\]\"'“”]+|\bwww\.[^\s<>()\[\]\"'“”]+")
_MD_WRAP_RE = re.compile(r"^(\*\*|__|\*|_|`)(.+?)\1$")


def _unmark(value: str) -> str:
    """Strip markdown emphasis and link syntax around a header value."""
    v = value.strip()
    for _ in range(3):
        m = _MD_WRAP_RE.match(v)
        if not m:
            break
        v = m.group(2).strip()
    return v


def _outlet_words(text: str) -> str | None:
    """Resolve an outlet name loosely: the name, without company suffixes, or its longest prefix."""
    s = _unmark(text).strip(" .,;:-–—|'\"“”")
    if not s or len(s) > 120:
        return None
    o = outlet_by_name(s, text=True)
    if o:
        return o.name
    words = s.split()
    for n in range(min(len(words), 8), 0, -1):
        o = outlet_by_name(" ".join(words[:n]), text=True)
        if o:
            if n == 1 and len(words[0]) <= 3 and not o.agency:
                return None  # "ST Engineering", "FT Partners": a bare abbreviation prefix
            return o.name
    return None


def _body_like(p: Para) -> bool:
    """Running text: a long paragraph, or a finished sentence of more than 12 words."""
    return p.words > 25 or (clean.ends_sentence(p.text) and p.words > 12)
