"""Dates: full-date and time forms, date lines, the URL date, and the publication-date candidates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from ...records import DateCandidate
from ..clean import Para
from .common import _Header, _MAX_HEADER_CHARS, _alt, _label_res, _table


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    out = {}
    for i, names in enumerate(_table()["dates"]["months"], start=1):
        for n in names:
            out[n] = i
    return out


@lru_cache(maxsize=1)
def _weekday_alt() -> str:
    return _alt([n for names in _table()["dates"]["weekdays"] for n in names])


@lru_cache(maxsize=1)
def _date_re() -> re.Pattern:
    m = _alt(_months())
    wd = _weekday_alt()
    return re.compile(
        rf"""
        (?P<iso>\b(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}
            (?:[T\s]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?)
        | (?P<slash>\b(?:19|20)\d{{2}}/\d{{1,2}}/\d{{1,2}}\b)
        | (?:\b(?:{wd})\.?,?\s+)?
          (?: \b(?P<m1>{m})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b,?\s+(?P<y1>(?:19|20)\d{{2}})\b
            | \b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{m})\b\.?,?\s+(?P<y2>(?:19|20)\d{{2}})\b )
        """,
        re.I | re.X,
    )


@lru_cache(maxsize=1)
def _time_re() -> re.Pattern:
    zones = _alt(_table()["dates"]["zones"])
    return re.compile(
        rf"""(?<![\d:.])(?P<h>\d{{1,2}})(?:[:.](?P<mi>\d{{2}}))?(?::(?P<s>\d{{2}}))?\s*
        (?P<ap>am\b|pm\b|AM\b|PM\b|a\.m\.|p\.m\.|A\.M\.|P\.M\.)?
        (?:\s*(?P<tz>(?:GMT|UTC)\s*[+-]\s*\d{{1,2}}(?::?\d{{2}})?|(?:{zones})\b))?""",
        re.X,
    )


@lru_cache(maxsize=1)
def _year_re() -> re.Pattern:
    return re.compile(r"\b(?:19|20)\d{2}\b")


@lru_cache(maxsize=1)
def _dateline_res() -> tuple[re.Pattern, ...]:
    m = _alt(_months())
    wd = _weekday_alt()
    return tuple(
        re.compile(d["pattern"].replace("{month}", f"(?i:{m})").replace("{weekday}", f"(?i:{wd})"))
        for d in _table()["dateline"]
    )


@dataclass
class DateHit:
    date: str  # YYYY-MM-DD
    iso: str | None  # full timestamp when a time is known
    text: str  # the matched date text
    start: int
    end: int


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
            if m.group("slash"):
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
        hits.append(DateHit(day.date().isoformat(), iso, m.group(), m.start(), m.end()))
    return hits


def _date_matches(text: str):
    """Date-regex matches, searched only in windows around four-digit years (every date
    has one), which keeps long paragraphs cheap."""
    windows: list[list[int]] = []
    for y in _year_re().finditer(text):
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
    parts = re.split(r"(?i)\s+(?=(?:last\s+)?updated\b)", text)
    if len(parts) < 2:
        return []
    out = [_date_line(part) for part in parts]
    return [d for d in out if d] if all(out) else []


# ---------------------------------------------------------------------------------------
# dates


def _date_candidates(
    paras: list[Para], header: _Header, first_body: Para | None, url: str | None
) -> tuple[list[DateCandidate], DateCandidate | None, str | None]:
    """All candidates, the accepted one, and its published_source."""
    cands: list[DateCandidate] = []
    chosen: DateCandidate | None = None
    source: str | None = None

    def add(value, src, text, accepted, reason):
        c = DateCandidate(value=value, source=src, text=text[:200], accepted=accepted, reason=reason)
        cands.append(c)
        return c

    # publication lines first, then update lines; the first of all is taken
    header_reasons = {
        "published": ("publication date in the header", "a later publication line (the first one is used)"),
        "updated": ("only an update date is stated in the header", "an update, not the first publication"),
    }
    for kind, (taken, rejected) in header_reasons.items():
        for k, h, t in header.dates:
            if k != kind:
                continue
            if chosen is None:
                chosen = add(h.iso or h.date, "header", t, True, taken)
                source = "header"
            else:
                add(h.iso or h.date, "header", t, False, rejected)
    if first_body is not None:
        for rx in _dateline_res():
            m = rx.match(first_body.text)
            if not m or not m.groupdict().get("date"):
                continue
            line = m.group()
            hits = find_dates(m.group("date"))
            if hits:
                if chosen is None:
                    chosen = add(hits[0].date, "text", line, True, "dateline of the first paragraph")
                    source = "text"
                else:
                    add(hits[0].date, "text", line, False, "dateline; the header states the date")
            else:
                add(m.group("date").strip(), "text", line, False, "dateline without a year")
            break
    if url:
        d = _url_date(url)
        if d:
            if chosen is None:
                chosen = add(d, "url", url, True, "date in the original URL given in the header")
                source = "header"
            else:
                agree = "agrees" if d == chosen.value[:10] else "differs"
                add(d, "url", url, False, f"date in the URL ({agree} with the header)")
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
                add(h.date, src, p.text, False, why)
            if not hits and p.kind == "copyright":
                for y in _year_re().findall(p.text):
                    add(y, src, p.text, False, why)
        elif p.kind is None and body_budget > 0:
            for h in find_dates(p.text)[:body_budget]:
                add(h.date, "body", p.text, False, "a date in the body (an event, not the publication)")
                body_budget -= 1
    return cands, chosen, source
