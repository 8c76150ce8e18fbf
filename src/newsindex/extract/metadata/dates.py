"""Dates: full-date and time forms, date lines, the URL date, and the publication-date candidates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import TYPE_CHECKING

from ...records import DateCandidate
from ..clean import Para
from ..patterns import alternation
from .common import _Header, _MAX_HEADER_CHARS, _label_res, _table

if TYPE_CHECKING:
    from .datelines import Dateline


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    out = {}
    for i, names in enumerate(_table()["dates"]["months"], start=1):
        for n in names:
            out[n] = i
    return out


@lru_cache(maxsize=1)
def _weekday_alt() -> str:
    return alternation([n for names in _table()["dates"]["weekdays"] for n in names])


@lru_cache(maxsize=1)
def _date_re() -> re.Pattern:
    m = alternation(_months())
    wd = _weekday_alt()
    # the year's end: a word boundary, or a time or the next date glued to it by a copy of
    # a page's markup ("December 4, 20235:00 AM ET", "7 Dec 20237 Dec 2023")
    yend = rf"(?:\b|(?=\d{{1,2}}[:.]\d{{2}}\b|\d{{1,2}}\s+(?:{m})\b))"
    return re.compile(
        rf"""
        (?P<iso>\b(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}
            (?:[T\s]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?)
        | (?P<slash>\b(?:19|20)\d{{2}}/\d{{1,2}}/\d{{1,2}}\b)
        | (?P<cjk>(?<!\d)(?P<cy>(?:19|20)\d{{2}})\s*年\s*(?P<cm>\d{{1,2}})\s*月\s*(?P<cd>\d{{1,2}})\s*日)
        | (?P<num>(?<![\d/.-])(?P<na>\d{{1,2}})(?P<sep>[/.])(?P<nb>\d{{1,2}})(?P=sep)(?P<ny>(?:19|20)\d{{2}})\b(?![/.]\d))
        | (?:\b(?:{wd})\.?,?\s+)?
          (?: \b(?P<m1>{m})\.?[\s-]+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b,?[\s-]+(?P<y1>(?:19|20)\d{{2}}){yend}
            | \b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+|-)(?:of\s+)?(?P<m2>{m})\b\.?,?(?:\s+|-)(?P<y2>(?:19|20)\d{{2}}){yend} )
        """,
        re.I | re.X,
    )


@lru_cache(maxsize=1)
def _time_re() -> re.Pattern:
    zones = alternation(_table()["dates"]["zones"])
    return re.compile(
        rf"""(?<![\d:.])(?P<h>\d{{1,2}})(?:[:.](?P<mi>\d{{2}}))?(?::(?P<s>\d{{2}}))?\s*
        (?P<ap>am\b|pm\b|AM\b|PM\b|a\.m\.|p\.m\.|A\.M\.|P\.M\.)?
        (?:\s*(?P<tz>(?:GMT|UTC)\s*[+-]\s*\d{{1,2}}(?::?\d{{2}})?|(?:{zones})\b))?""",
        re.X,
    )


@lru_cache(maxsize=1)
def _year_re() -> re.Pattern:
    return re.compile(r"\b(?:19|20)\d{2}\b")


#: a year that may open a date's window: also glued to what follows ("20235:00 AM", "2023年")
_YEAR_WINDOW_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}")


@dataclass
class DateHit:
    date: str  # YYYY-MM-DD
    iso: str | None  # full timestamp when a time is known
    text: str  # the matched date text
    start: int
    end: int
    #: a numeric date read day first ("04/03/2025" -> 4 March); ``month_first`` is the other
    #: reading when it is a real date too (the outlet's country decides; see ``for_country``)
    month_first: str | None = None
    numeric: bool = False

    def for_country(self, country: str | None) -> tuple[str, str | None]:
        """(date, warning): a numeric date read as the outlet's country writes dates."""
        if not self.numeric or self.month_first is None:
            return self.iso or self.date, None
        us = (country or "").upper() in _MONTH_FIRST_COUNTRIES
        day_first, month_first = self.date, self.month_first
        chosen, other = (month_first, day_first) if us else (day_first, month_first)
        why = f"the outlet is from {country}" if country else "the outlet's country is unknown: read day first"
        value = chosen if self.iso is None else chosen + self.iso[10:]
        return value, f"numeric date {self.text!r} is ambiguous: read as {chosen} ({why}); the other reading is {other}"


#: countries that write numeric dates month first
_MONTH_FIRST_COUNTRIES = frozenset({"US", "PH", "FM", "MH", "PW"})


def _zone(abbrev: str, day: datetime):
    spec = _table()["dates"]["zones"].get(abbrev.upper())
    m = re.match(r"(?i)(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", abbrev.strip())
    if m:
        sign = -1 if m.group(1) == "-" else 1
        return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)))
    if not spec:
        return None
    om = re.match(r"([+-])(\d{2}):(\d{2})$", spec)
    if om:
        sign = -1 if om.group(1) == "-" else 1
        return timezone(sign * timedelta(hours=int(om.group(2)), minutes=int(om.group(3))))
    try:  # dateutil falls back to its own bundled tz database where the system has none
        from dateutil import tz

        return tz.gettz(spec)
    except Exception:  # an unknown zone: the date is still right, the offset unknown
        return None


def find_dates(text: str, with_time: bool = False) -> list[DateHit]:
    """Every full date (with a year) in ``text``; with_time reads a time next to it.

    >>> [h.date for h in find_dates("on Thursday, Feb. 14, 2019 and 1 November 2019")]
    ['2019-02-14', '2019-11-01']
    >>> find_dates("Updated: Nov. 6, 2019 9:00 AM ET", with_time=True)[0].iso
    '2019-11-06T09:00:00-05:00'
    """
    from dateutil import parser as dateparser

    hits = []
    for m in _date_matches(text):
        iso = None
        try:
            if m.group("iso"):
                dt = dateparser.isoparse(m.group("iso").replace(" ", "T", 1))
                if "T" in m.group("iso") or " " in m.group("iso").strip():
                    iso = dt.isoformat()
                hits.append(DateHit(dt.date().isoformat(), iso if with_time else None, m.group(), m.start(), m.end()))
                continue
            numeric = False
            other = None
            if m.group("num"):
                a, b, y = int(m.group("na")), int(m.group("nb")), int(m.group("ny"))
                numeric = True
                if a > 12 and b <= 12:
                    d, mo = a, b
                elif b > 12 and a <= 12:
                    mo, d = a, b
                else:
                    d, mo = a, b  # day first unless the outlet's country says otherwise
                    if a != b:
                        try:
                            other = datetime(y, a, b).date().isoformat()
                        except ValueError:
                            other = None
            elif m.group("cjk"):
                y, mo, d = int(m.group("cy")), int(m.group("cm")), int(m.group("cd"))
            elif m.group("slash"):
                y, mo, d = (int(x) for x in m.group("slash").split("/"))
            elif m.group("m1"):
                y, mo, d = int(m.group("y1")), _months()[m.group("m1").lower()], int(m.group("d1"))
            else:
                y, mo, d = int(m.group("y2")), _months()[m.group("m2").lower()], int(m.group("d2"))
            day = datetime(y, mo, d)
        except (ValueError, OverflowError, KeyError):
            continue
        if with_time:
            iso = _time_near(text, m.start(), m.end(), day)
        hits.append(DateHit(day.date().isoformat(), iso, m.group(), m.start(), m.end(), other, numeric))
    return hits


def _date_matches(text: str):
    """Date-regex matches, searched only in windows around four-digit years (every date
    has one), which keeps long paragraphs cheap."""
    windows: list[list[int]] = []
    for y in _YEAR_WINDOW_RE.finditer(text):
        lo, hi = max(0, y.start() - 50), min(len(text), y.end() + 30)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    rx = _date_re()
    for lo, hi in windows:
        yield from rx.finditer(text, lo, hi)


def _time_near(text: str, start: int, end: int, day: datetime) -> str | None:
    """A time of day stated on the same line as a date (before or after it)."""
    rest = text[:start] + " " * (end - start) + text[end:]
    for t in _time_re().finditer(rest):
        if not (t.group("mi") or t.group("ap")):
            continue
        h, mi, s = int(t.group("h")), int(t.group("mi") or 0), int(t.group("s") or 0)
        ap = (t.group("ap") or "").lower().replace(".", "")
        if ap == "pm" and h < 12:
            h += 12
        elif ap == "am" and h == 12:
            h = 0
        if h > 23 or mi > 59 or s > 59:
            continue
        dt = day.replace(hour=h, minute=mi, second=s)
        if t.group("tz"):
            tz = _zone(t.group("tz"), dt)
            if tz is not None:
                dt = dt.replace(tzinfo=tz)
        return dt.isoformat()
    return None


def _url_date(url: str) -> str | None:
    """A date in a URL path: /2019/05/27/, /2019-05-27/, /20190527/.

    >>> _url_date("https://www.cnbc.com/2019/05/27/china-surveillance.html")
    '2019-05-27'
    """
    m = re.search(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|\.|$)", url) or re.search(
        r"/((?:19|20)\d{2})(\d{2})(\d{2})(?:/|-|\.|$)", url
    )
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3))).date().isoformat()
    except ValueError:
        return None

def _date_line(text: str) -> tuple[str, DateHit] | None:
    """(kind, hit) when the whole line is a date (plus time, labels, separators)."""
    if len(text) > _MAX_HEADER_CHARS:
        return None
    hits = find_dates(text, with_time=True)
    if len(hits) != 1:
        return None
    h = hits[0]
    rest = text[: h.start] + " " + text[h.end :]
    rest = _time_re().sub(" ", rest)
    label_words = set()
    for key in ("published", "updated"):
        for w in _table()["labels"][key]:
            label_words.update(w.lower().split())
    extra = [w for w in re.findall(r"[A-Za-z][\w'’.-]*", rest) if w.lower() not in label_words]
    if len(extra) > _table()["dates"]["date_line_max_extra_words"]:
        return None
    kind = "updated" if _label_res()["updated"].match(text) or re.match(r"(?i)^\W*(last\s+)?updated\b", text) else "published"
    return kind, h


def _date_lines(text: str) -> list[tuple[str, DateHit]]:
    """Date lines, also "Published Wed, Nov 6 2019 9:00 AM EST Updated Wed, Nov 6 2019 11:12 AM EST"."""
    one = _date_line(text)
    if one:
        return [one]
    if len(text) > _MAX_HEADER_CHARS:
        return []
    # also glued by a copy: "… 9:00 AM ESTUPDATED SUN, DEC 3 …", "… GMT+8Updated 2 hours ago"
    parts = re.split(r"(?i)\s+(?=(?:last\s+)?updated\b)|(?<=\S)(?=(?:Updated|UPDATED)\b)", text)
    if len(parts) < 2:
        return []
    out = [_date_line(part) for part in parts]
    return [d for d in out if d] if all(out) else []


# ---------------------------------------------------------------------------------------
# the publication-date candidates, in tiers


@dataclass
class DateChoice:
    candidates: list[DateCandidate]
    chosen: DateCandidate | None
    source: str | None  # published_source of the chosen one
    updated: str | None  # the first update date stated in the header
    warnings: list[str]


def _plausible(value: str) -> str | None:
    """Why a date cannot be a publication date (before 1900, or in the future), or None."""
    day = value[:10]
    if day < "1900-01-01":
        return "before 1900: not a publication date"
    if day > (date.today() + timedelta(days=1)).isoformat():
        return "in the future: not a publication date"
    return None


def _year_from_text(month_day: str, evidence: list[DateHit]) -> tuple[str, DateHit] | None:
    """A dateline's "Aug 12" with the year of the full dates elsewhere in the text.

    Only when every full date in the text falls in one year (or in two neighbouring years
    with the dateline day closest in one); never a guess when the text states no year.
    """
    m = re.match(r"(?i)\s*(?:[a-z]+\.?,?\s+)??([a-z]+)\.?\s+(\d{1,2})\s*$", month_day) or re.match(
        r"(?i)\s*(\d{1,2})\s+([a-z]+)\.?\s*$", month_day
    )
    if not m or not evidence:
        return None
    a, b = m.group(1), m.group(2)
    mon, day = (a, b) if not a.isdigit() else (b, a)
    mo = _months().get(mon.lower())
    if not mo:
        return None
    years = sorted({int(h.date[:4]) for h in evidence})
    if years[-1] - years[0] > 1:
        return None  # dates in several years: the story's own year is not settled
    best = None
    for h in evidence:
        ev = datetime.fromisoformat(h.date)
        for y in (ev.year - 1, ev.year, ev.year + 1):
            try:
                d = datetime(y, mo, int(day))
            except ValueError:
                continue
            gap = abs((d - ev).days)
            if gap <= 200 and (best is None or gap < best[0]):
                best = (gap, d.date().isoformat(), h)
    return (best[1], best[2]) if best else None


def _date_candidates(
    paras: list[Para],
    header: _Header,
    dateline: "Dateline | None",
    dateline_para: Para | None,
    signoffs: list[tuple[DateHit, str]],
    url: str | None,
    country: str | None,
) -> DateChoice:
    """Every date considered for `published`, in tiers, and the one taken.

    Tiers: a publication line in the header; the dateline's full date; the wire sign-off's
    date ("(Xinhua June 20, 2007)"); the dateline's month and day with the year of the
    other full dates in the text; the date in the original URL; an update line when
    nothing else is stated. Captions, credits, copyright and print-edition notes and body
    dates are recorded as rejected candidates.
    """
    cands: list[DateCandidate] = []
    warnings: list[str] = []
    chosen: DateCandidate | None = None
    source: str | None = None

    def add(value, src, text, reason, take=False, src_kind=None):
        nonlocal chosen, source
        bad = _plausible(value)
        accepted = take and chosen is None and bad is None
        if take and bad:
            reason = f"{reason}; rejected: {bad}"
        elif take and chosen is not None:
            reason = f"{reason}; not used: {chosen.reason.split(';')[0]} comes first"
        c = DateCandidate(value=value, source=src, text=text[:200], accepted=accepted, reason=reason)
        cands.append(c)
        if accepted:
            chosen, source = c, src_kind or src
        return c

    def value_of(h: DateHit) -> str:
        v, warn = h.for_country(country)
        if warn:
            warnings.append(warn)
        return v

    published = [(h, t) for k, h, t in header.dates if k == "published"]
    updated = [(h, t) for k, h, t in header.dates if k == "updated"]
    for i, (h, t) in enumerate(published):
        add(value_of(h), "header", t, "publication date in the header" if i == 0 else "a later publication line", take=i == 0)
    for i, (h, t) in enumerate(updated if published else updated[1:]):
        add(value_of(h), "header", t, "an update, not the first publication")

    if dateline is not None and dateline.date:
        line = dateline.text
        hits = find_dates(dateline.date)
        if hits:
            add(hits[0].date, "text", line, "full date in the dateline", take=True)
        else:
            evidence = []
            for p in paras:
                if p is dateline_para or p.kind is None or p.kind in ("header",):
                    evidence.extend(h for h in find_dates(p.text) if h.date[:4] >= "1900")
            for h, t in signoffs:
                evidence.append(h)
            got = _year_from_text(dateline.date, evidence)
            if got is None:
                add(dateline.date.strip(), "text", line, "dateline without a year (none stated elsewhere in the text)")
            else:
                value, ev = got
                add(value, "text", line, f"dateline {dateline.date.strip()!r} with the year of {ev.text!r} elsewhere in the text", take=True)
    for h, t in signoffs:
        add(h.date, "text", t, "date in the wire sign-off", take=True)
    if url:
        d = _url_date(url)
        if d:
            if chosen is None:
                add(d, "url", url, "date in the original URL given in the header", take=True, src_kind="header")
            else:
                agree = "agrees" if d == chosen.value[:10] else "differs"
                add(d, "url", url, f"date in the URL ({agree} with the header)")
    upd_value = value_of(updated[0][0]) if updated else None
    if updated and not published:
        h, t = updated[0]
        c = add(upd_value, "header", t, "only an update date is stated: used as the publication date", take=True)
        if c.accepted:
            warnings.append("published is the update date: the text states no first publication date")
    body_budget = int(_table()["dates"]["max_body_candidates"])
    reasons = {
        "caption": ("caption", "photo caption"),
        "credit": ("caption", "photo credit"),
        "copyright": ("copyright", "copyright year: when the page was saved, not published"),
        "print_edition": ("body", "print edition note"),
        "correction": ("body", "correction note"),
    }
    for p in paras:
        if p.kind in reasons:
            src, why = reasons[p.kind]
            hits = find_dates(p.text)
            for h in hits:
                add(h.date, src, p.text, why)
            if not hits and p.kind == "copyright":
                for y in _year_re().findall(p.text):
                    add(y, src, p.text, why)
        elif p.kind == "relative_date":
            add(p.text.strip(), "header", p.text, "a relative date (\"1 year ago\"): no day stated")
        elif p.kind is None and body_budget > 0:
            for h in find_dates(p.text)[:body_budget]:
                add(h.date, "body", p.text, "a date in the body (an event, not the publication)")
                body_budget -= 1
    return DateChoice(cands, chosen, source, upd_value, warnings)
