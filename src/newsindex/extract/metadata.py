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
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from .. import data
from ..records import DateCandidate
from . import clean
from .clean import Para
from .outlets import outlet_by_name, outlets


@dataclass
class OutletSignal:
    """One place in the text that names an outlet (kept for ``explain``)."""

    outlet: str  # canonical name
    weight: int
    kind: str  # header / print edition / copyright / publisher / contributor / dateline / url / ...
    text: str  # the line it came from


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
# tables


@lru_cache(maxsize=1)
def _table() -> dict:
    return data.load("metadata")


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


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
def _label_res() -> dict[str, re.Pattern]:
    labels = _table()["labels"]
    out = {}
    for key, words in labels.items():
        sep = r"\s*(?:[:：|]|\s-\s|\s–\s)\s*" if key not in ("published", "updated") else r"\s*(?:[:：|\-–]\s*|\s+)"
        out[key] = re.compile(rf"^(?:\*\*|__)?(?P<label>{_alt(words)})(?:\*\*|__)?{sep}(?P<value>\S.*)$", re.I)
    return out


@lru_cache(maxsize=1)
def _name_re() -> re.Pattern:
    return re.compile(_table()["byline"]["name_pattern"])


@lru_cache(maxsize=1)
def _dateline_res() -> tuple[re.Pattern, ...]:
    m = _alt(_months())
    wd = _weekday_alt()
    return tuple(
        re.compile(d["pattern"].replace("{month}", f"(?i:{m})").replace("{weekday}", f"(?i:{wd})"))
        for d in _table()["dateline"]
    )


@lru_cache(maxsize=1)
def _signal_rules() -> tuple[tuple[str, int, tuple[str, ...], re.Pattern], ...]:
    return tuple(
        (s["name"], int(s["weight"]), tuple(s.get("kinds", [])), re.compile(s["pattern"], re.I))
        for s in _table()["outlet_signal"]
    )


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


def _outlet_words(text: str) -> str | None:
    """Resolve an outlet name loosely: the name, without company suffixes, or its longest prefix."""
    s = _unmark(text).strip(" .,;:-–—|'\"“”")
    if not s or len(s) > 120:
        return None
    o = outlet_by_name(s)
    if o:
        return o.name
    words = s.split()
    for n in range(min(len(words), 8), 0, -1):
        o = outlet_by_name(" ".join(words[:n]))
        if o:
            if n == 1 and len(words[0]) <= 3 and not o.agency:
                return None  # "ST Engineering", "FT Partners": a bare abbreviation prefix
            return o.name
    return None


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


# ---------------------------------------------------------------------------------------
# the header block


@dataclass
class _Header:
    title: str | None = None
    author: str | None = None
    url: str | None = None
    dates: list[tuple[str, DateHit, str]] = field(default_factory=list)  # (label kind, hit, line)
    outlet_names: list[tuple[str, str]] = field(default_factory=list)  # (name as written, line)
    urls: list[tuple[str, str]] = field(default_factory=list)  # (url, line)


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
# outlet


def _outlet_signals(paras: list[Para], header: _Header, first_body: Para | None) -> list[OutletSignal]:
    sig: list[OutletSignal] = []
    for name, line in header.outlet_names:
        o = _outlet_words(name)
        if o:
            sig.append(OutletSignal(o, 10, "header", line))
    for url, line in header.urls:
        o = outlet_by_name(url)
        if o:
            sig.append(OutletSignal(o.name, 6, "url", line))
    for p in paras:
        if p.kind is None or p.kind in ("caption", "credit", "sponsor", "header", "title", "top"):
            continue
        for name, weight, kinds, rx in _signal_rules():
            if kinds and p.kind not in kinds:
                continue
            for m in rx.finditer(p.text):
                for group in ("outlet", "publisher"):
                    if group not in rx.groupindex or not m.group(group):
                        continue
                    value = m.group(group)
                    o = outlet_by_name(value) if "@" in m.group() and group == "outlet" else None
                    name_o = o.name if o else _outlet_words(value)
                    if name_o:
                        sig.append(OutletSignal(name_o, weight, name, p.text[:200]))
    if first_body is not None:
        for rx in _dateline_res():
            m = rx.match(first_body.text)
            if m and m.groupdict().get("agency"):
                o = _outlet_words(m.group("agency"))
                if o:
                    sig.append(OutletSignal(o, 6, "dateline", first_body.text[:120]))
                break
    # outlet-specific fixed phrases of page chrome (outlets.toml `signatures`)
    weight = int(_table()["signature"]["weight"])
    chrome = [p.text for p in paras if p.kind not in (None, "caption", "credit")]
    for o, rx in _signature_res():
        for t in chrome:
            if rx.search(t):
                sig.append(OutletSignal(o, weight, "signature", t[:200]))
                break
    return sig


@lru_cache(maxsize=1)
def _signature_res() -> tuple[tuple[str, re.Pattern], ...]:
    rows = data.load("outlets").get("outlet", [])
    return tuple((r["name"], re.compile(s, re.I)) for r in rows for s in r.get("signatures", []))


def _choose_outlet(signals: list[OutletSignal]) -> str | None:
    strong_only = {o.name for o in outlets() if o.strong_only}
    score: dict[str, tuple[int, int, int]] = {}
    for i, s in enumerate(signals):
        best, total, first = score.get(s.outlet, (0, 0, -i))
        score[s.outlet] = (max(best, s.weight), total + s.weight, first)
    ranked = sorted(score.items(), key=lambda kv: kv[1], reverse=True)
    for name, (best, _total, _first) in ranked:
        if best < 4 or (name in strong_only and best < 6):
            continue
        return name
    return None


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
