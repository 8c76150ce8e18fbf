"""Datelines: the place, date and agency tag that open a wire story.

Forms read (the place in capitals or in mixed case, the dash any of - – — -- or a colon):

    LONDON (Reuters) -                      Beijing (AFP) –
    NEW YORK, March 3 (AP) —                SAN FRANCISCO, Aug 12 (Reuters) -
    London, Jun. 27, (PA Media/dpa/GNA) –   Osaka, Nov. 12 (Jiji Press)--
    DENVER, Colo., Mar. 09, 2018 (GLOBE NEWSWIRE) --
    NEW YORK, April 27 /PRNewswire/ --      SPRINGFIELD, Ill.--(BUSINESS WIRE)--May 4, 2011--
    Sept. 16 (Bloomberg) --                 (Bloomberg) --
    TOKYO, Kyodo —                          MONTREAL —   (no tag: the story starts, no outlet)

A tag that is not in data/outlets.toml counts only when it reads as a news name ("GenomeWeb
News", "Example.com"), so "Apple (AAPL) -" opening a paragraph is no dateline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..outlets import outlet_by_name
from ..patterns import alternation
from .common import _table


@dataclass
class Dateline:
    text: str  # the dateline as written
    place: str | None
    date: str | None  # the date as written ("Aug 12", "Feb. 01, 2017"), or None
    tags: list[str] = field(default_factory=list)  # agency tags as written
    outlets: list[str] = field(default_factory=list)  # the tags that name an outlet (canonical or as written)


_NEWS_WORD_RE = re.compile(
    r"(?i)\b(news|press|wire|newswire|network|agency|times|post|herald|tribune|journal|daily|tv|radio|media)\b|\.(com|net|org|co\.\w+|ca|in)\b"
)


@lru_cache(maxsize=1)
def _dateline_re() -> re.Pattern:
    months = "(?i:" + alternation([n for names in _table()["dates"]["months"] for n in names]) + ")"
    weekdays = "(?i:" + alternation([n for names in _table()["dates"]["weekdays"] for n in names]) + ")"
    word = r"[A-Z][\w.'’-]*"
    place = rf"{word}(?:[ ](?:{word}|de|la|el|upon|on|of)){{0,3}}(?:/{word}(?:[ ]{word}){{0,2}})?"  # "SEOUL/TOKYO"
    region = rf"{word}(?:[ ]{word}){{0,2}}"
    date = (
        rf"(?:(?:{weekdays})\.?,?\s+)?(?:(?:{months})\.?\s+\d{{1,2}}(?:,?\s+(?:19|20)\d{{2}})?"
        rf"|\d{{1,2}}\s+(?:{months})\.?(?:,?\s+(?:19|20)\d{{2}})?)"
    )
    tag = r"[A-Za-z][\w.&'’ -]{0,40}?(?:\s*/\s*[A-Za-z][\w.&'’ -]{0,30}?)*"
    dash = r"(?:\s*(?:--|[-–—]{1,2}|:)\s*)"
    return re.compile(
        rf"""^\s*(?:
          # PLACE--(TAG)--DATE--   (Business Wire)
          (?P<p1>{place})(?:,\s*{region})?\s*--\s*\((?P<t1>{tag})\)\s*--\s*(?P<d1>{date})?\s*--
        | # PLACE[, REGION][, DATE][,] (TAG) -   and   PLACE, DATE /TAG/ -
          (?P<p2>{place})(?:,\s*{region})??(?:,?\s*(?P<d2>{date}))?,?\s*
            (?:\((?P<t2>{tag})\)|/(?P<t3>{tag})/){dash}
        | # [DATE] (TAG) --
          (?:(?P<d4>{date})\s+)?\((?P<t4>{tag})\){dash}
        | # PLACE, TAG —   (the tag must be a known agency)
          (?P<p5>{place}),\s+(?P<t5>{word}(?:\s{word}){{0,2}})\s*(?:--|[–—])\s*
        | # PLACE — / PLACE, DATE —   (capitals: "MONTREAL —", "SINGAPORE -", "WASHINGTON—")
          (?P<p6>[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+){{0,3}})(?:,\s*{region})?(?:,\s*(?P<d6>{date}))?{dash}(?=\S)
        )""",
        re.X,
    )


def read_dateline(text: str) -> Dateline | None:
    """The dateline opening ``text``, or None.

    >>> d = read_dateline("London, Jun. 27, (PA Media/dpa/GNA) – Tesco said on Tuesday ...")
    >>> d.place, d.date, d.outlets
    ('London', 'Jun. 27', ['PA Media', 'dpa', 'Ghana News Agency'])
    >>> read_dateline("Apple (AAPL) - shares rose.") is None
    True
    """
    m = _dateline_re().match(text[:200])
    if not m:
        return None
    g = m.groupdict()
    place = g["p1"] or g["p2"] or g["p5"] or g["p6"]
    date = g["d1"] or g["d2"] or g["d4"] or g["d6"]
    raw = g["t1"] or g["t2"] or g["t3"] or g["t4"] or g["t5"]
    tags = [t.strip() for t in re.split(r"\s*/\s*", raw)] if raw else []
    outlets: list[str] = []
    for t in tags:
        o = outlet_by_name(t, text=True)
        if o:
            outlets.append(o.name)
        elif g["t5"] is None and _NEWS_WORD_RE.search(t) and t[:1].isupper():
            outlets.append(t)  # an outlet the table does not know, named as it names itself
    if tags and not outlets and g["t5"] is None:
        if not g["t3"] and not (place and place.isupper()):
            return None  # "Apple (AAPL) -": a company and its ticker
    if g["t5"] is not None:
        o = outlet_by_name(tags[0], text=True)
        if not (o and o.agency):
            if not place.isupper():
                return None
            return Dateline(m.group().strip(), place, None, [], [])  # "SHENZHEN, China —"
    return Dateline(m.group().strip(), place, date, tags, outlets)
