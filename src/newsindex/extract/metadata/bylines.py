"""By-lines: author names, and the roles, desks and outlets written beside them.

``read_byline`` reads one by-line value into names and outlets:

* ``By Jane Doe and John Roe``, ``Story by Jane Doe``, ``- By Jane Doe jdoe@example.com``;
* a desk before the role: ``Words by Jane Doe, Resources Reporter`` (also as the last line:
  ``closing_byline``);
* the outlet after a separator or a comma: ``By Jane Doe / Bloomberg``, ``By Jane Doe,
  Reuters``, ``Jane Doe | Reuters``, ``BY JANE DOE / ASSOCIATED PRESS WRITERS``;
* the outlet glued to the name: ``By JANE DOE Associated Press``;
* a role with or without an outlet: ``Jane Doe, AP Business Writer``, ``JANE DOE, Nikkei
  staff writer``, ``Jane Doe, CTVNews.ca Writer``, ``Jane Doe, Staff Writer``;
* an outlet's own staff credit: ``Reuters Staff``, ``Bloomberg News staff``, ``PTI, New Delhi``.

``reporting_credits`` reads the wire sign-off ``(Reporting by Jane Doe in Paris; Editing by
Tom Roe)``: the reporters and writers are authors, editors are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import clean
from ..clean import Para
from ..outlets import outlet_by_name
from ..patterns import alternation
from .common import _MAX_HEADER_CHARS, _name_re, _table, _unmark


@dataclass
class Byline:
    names: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)  # canonical names, in order
    has_by: bool = False  # the value began with "By" (or "Story by", "Written by", ...)
    role: bool = False  # a role or desk was read ("staff writer", "Business Writer")


#: "By", "Story by", "Written by", "Byline:" — and a label glued in front ("DescriptionBy")
_BY_PREFIX_RE = re.compile(
    r"^(?:[-–—•·*]+\s*)?(?:\*\*|__)?(?:[A-Z][a-z]{2,20}(?=By\s))?"
    r"(?:by|byline\s*:|story by|written by|words by|report by|reporting by|posted by|"
    r"(?:guest\s+)?(?:column|post|commentary|opinion|analysis|essay|op-ed)\s+by)\s*[:\-]?\s+(?=\S)",
    re.I,
)
_ROLE_FIRST_RE = re.compile(r"((?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*)\s+(?=[A-Z])")
_WITH_RE = re.compile(r"(?i)\s*\(?\bwith\s+(?=[A-Z])")
_BRACKETS_RE = re.compile(r"(?:^|(?<=\s))[\[\]()<>]+(?=\s|$)")
_EMAIL_RE = re.compile(r"\S+@\S+\.\w+|@\w+")
_SEGMENT_RE = re.compile(r"\s+[|•·/]\s+|\s*/\s*(?=[A-Z])|\s+[—–]\s+|\s*\|\s*")
_SEPARATOR_RE = re.compile(r"[,|/•·]|\s[—–]\s")
_PARTS_RE = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.I)
_PLACE_SUFFIX_RE = re.compile(r"\s+(?:in|from|at)\s+[A-Z][\w .'’-]*$")


@lru_cache(maxsize=1)
def _role_re() -> re.Pattern:
    """A role at the end of a by-line part, with what stands before it (perhaps an outlet)."""
    b = _table()["byline"]
    adjectives = alternation(b["role_adjectives"])
    nouns = alternation(b["role_nouns"])
    return re.compile(rf"^(?P<pre>.*?)\s*(?P<role>(?:{adjectives}\s+){{0,3}}{nouns})$", re.I)


def _outlet_of(text: str) -> str | None:
    o = outlet_by_name(text.strip(" .,;:"), text=True)
    return o.name if o else None


def _as_name(part: str) -> str | None:
    part = part.strip(" .,;:()")
    if not part or not _name_re().fullmatch(part) or not 2 <= len(part.split()) <= 5 or part.split()[0] in ("The", "THE"):
        return None  # a one-word "name" is a place or a desk ("BEIJING", "Staff")
    if part.isupper():
        part = " ".join(w.capitalize() if len(w) > 2 else w for w in part.split())
    return part


def _read_part(part: str, out: Byline) -> str:
    """One comma-separated part: 'name', 'outlet', 'role', 'place' or '' (unreadable)."""
    part = part.strip(" .,;:")
    if not part:
        return ""
    low = part.lower()
    if low in _roles():
        out.role = True
        return "role"
    m = _role_re().match(part)
    if m:
        out.role = True
        pre = m.group("pre").strip(" ,")
        if not pre:
            return "role"
        o = _outlet_of(pre)
        if o:
            out.outlets.append(o)
            return "outlet"
        if out.names and re.fullmatch(r"[A-Z][\w&-]*(?: [A-Z][\w&-]*){0,2}", pre):
            return "role"  # "Jane Doe, Resources Reporter": a desk after the name, not a name
        name = _as_name(pre)
        if name:
            out.names.append(name)
            return "name"
        return ""
    o = _outlet_of(part)
    if o:
        out.outlets.append(o)
        return "outlet"
    part = _PLACE_SUFFIX_RE.sub("", part).strip()
    # the outlet glued to the name: "JANE DOE Associated Press"
    words = part.split()
    for k in range(2, len(words)):
        o = _outlet_of(" ".join(words[k:]))
        name = _as_name(" ".join(words[:k])) if o else None
        if name:
            out.names.append(name)
            out.outlets.append(o)
            return "name"
    name = _as_name(part)
    if name:
        out.names.append(name)
        return "name"
    return ""


def _role_word(text: str) -> bool:
    """Does the line end with a role noun ("Reuters Staff", "Bloomberg News staff")?"""
    last = text.rstrip(" .,").rsplit(None, 1)[-1].lower() if text.strip(" .,") else ""
    return last in _role_nouns()


@lru_cache(maxsize=1)
def _role_nouns() -> frozenset[str]:
    return frozenset(n.split()[-1].lower() for n in _table()["byline"]["role_nouns"])


@lru_cache(maxsize=1)
def _roles() -> frozenset[str]:
    return frozenset(r.lower() for r in _table()["byline"]["roles"])


def read_byline(value: str) -> Byline | None:
    """Names and outlets of a by-line value, or None when it does not read as one.

    >>> b = read_byline("By JANE DOE and JOHN ROE / Associated Press Writers")
    >>> b.names, b.outlets
    (['Jane Doe', 'John Roe'], ['Associated Press'])
    >>> read_byline("Jane Doe, AP Business Writer").outlets
    ['Associated Press']
    >>> read_byline("By contrast, rivals struggled.") is None
    True
    """
    if len(value) > _MAX_HEADER_CHARS:
        return None
    v = _unmark(value)
    out = Byline()
    m = _BY_PREFIX_RE.match(v)
    if m:
        out.has_by = True
        v = v[m.end():]
        # the role before the name: "By business reporter Jane Doe", "By chief political correspondent Jane Doe"
        r = _ROLE_FIRST_RE.match(v)
        if r and r.group(1).lower().split()[-1] in _role_nouns():
            out.role = True
            v = v[r.end():]
    v = _BRACKETS_RE.sub(" ", _EMAIL_RE.sub(" ", v)).strip()  # "[jdoe@example.com]"
    segments = [s for s in _SEGMENT_RE.split(v) if s and s.strip()]
    if not segments:
        return None
    first, rest = segments[0], segments[1:]
    # helpers: "Jane Doe with Reuters, dpa", "Jane Doe (with AFP)": agencies whose copy was
    # used, neither authors nor the writer's outlet
    first = _WITH_RE.split(first)[0]
    for part in _PARTS_RE.split(first):
        if not part.strip():
            continue
        kind = _read_part(part, out)
        if kind == "":
            return None
        if kind == "outlet" and not out.names:
            break  # "PTI, New Delhi": what follows the agency is its place
    for seg in rest:
        seg = seg.strip(" ,")
        if not seg or not re.search(r"[A-Za-z]", seg):
            continue
        seg = re.split(r"(?i),?\s+with\s+", seg)[0]  # "Staff reporter, with staff writer and CNA": helpers
        sub = Byline()
        pieces = [p for p in _PARTS_RE.split(seg) if p.strip()]
        kinds = [_read_part(p, sub) for p in pieces]
        out.outlets.extend(sub.outlets)
        out.role = out.role or sub.role
        if not out.outlets and all(k == "name" for k in kinds):
            out.names.extend(sub.names)  # "Jane Doe | John Roe"
    return _done(out)


def _done(out: Byline) -> Byline | None:
    out.names = list(dict.fromkeys(out.names))
    out.outlets = list(dict.fromkeys(out.outlets))
    return out if (out.names or out.outlets) else None


def parse_byline(value: str) -> str | None:
    """Authors from a byline value, ``;``-separated.

    >>> parse_byline("By Jane Doe and John Roe")
    'Jane Doe; John Roe'
    >>> parse_byline("By JANE DOE, Reuters")
    'Jane Doe'
    >>> parse_byline("Sarah Dai in Beijing, Staff Writer")
    'Sarah Dai'
    """
    b = read_byline(value)
    return "; ".join(b.names) if b and b.names else None


def _is_byline(text: str) -> bool:
    """A header line that is a by-line: "By …" with a name, or a name with a role or outlet."""
    if len(text) > _MAX_HEADER_CHARS or len(text.split()) > 16:
        return False
    has_by = _BY_PREFIX_RE.match(text) is not None
    if not has_by:
        # a cheap look first: without "By", a by-line has a separator or a role ("Jane Doe,
        # Staff Writer", "Jane Doe | Reuters", "Reuters Staff") and no full stop at its end
        if clean.ends_sentence(text) or not (_SEPARATOR_RE.search(text) or _role_word(text)):
            return False
    b = read_byline(text)
    if b is None:
        return False
    head = _SEGMENT_RE.split(text)[0]
    if clean.ends_sentence(head) and not re.search(r"\b[A-Z]\.$|@\S+\.\w+$", head):
        return False
    if b.has_by:
        return bool(b.names or b.outlets)
    if not b.role and (re.search(r"\S\s*/\s*\S", text) or text.count("|") >= 2 or _PHOTO_DESK_RE.search(text)):
        return False  # "Jane Roe / Reuters", "Jane Roe | Bloomberg | Getty Images": a photo credit
    # without "By": a name with a role or an outlet ("Jane Doe, Staff Writer", "Jane Doe |
    # Reuters"), or an outlet's staff credit ("Reuters Staff", "PTI, New Delhi,")
    return bool((b.names and (b.role or b.outlets)) or (b.outlets and b.role) or _agency_place(text, b))


def _agency_place(text: str, b: Byline) -> bool:
    """ "PTI, New Delhi," — an agency, then its place."""
    first = re.split(r"\s*,\s*", text.strip(" ,"))[0]
    o = outlet_by_name(first, text=True)
    return bool(o and o.agency and not b.names and "," in text)


_PHOTO_DESK_RE = re.compile(r"(?i)\b(getty|images|shutterstock|alamy|photo|photos|pictures|epa|imaginechina|handout)\b")

_REPORTING_RE = re.compile(
    r"\(?\b(?P<what>(?:additional\s+)?reporting|writing|editing|compiled|edited)\s+by\s+(?P<names>[^;()]{2,200}?)\s*(?=;|\)|$)",
    re.I,
)


def reporting_credits(text: str) -> list[str]:
    """Reporters and writers named in a wire sign-off (editors are not authors).

    >>> reporting_credits("(Reporting by Jane Doe in Paris and John Roe; Editing by Tom Poe)")
    ['Jane Doe', 'John Roe']
    """
    names: list[str] = []
    low = text.lower()
    if "reporting by" not in low and "writing by" not in low:
        return names
    if len(text) > 3 * _MAX_HEADER_CHARS:
        text = text[-3 * _MAX_HEADER_CHARS:]
    for m in _REPORTING_RE.finditer(text):
        what = m.group("what").lower()
        if what not in ("reporting", "writing"):
            continue
        for part in _PARTS_RE.split(m.group("names")):
            name = _as_name(_PLACE_SUFFIX_RE.sub("", part.strip()))
            if name:
                names.append(name)
    return list(dict.fromkeys(names))


_DATE_RULES = ("date line", "published label", "updated label")


def _name_by_date_line(paras: list[Para], start: int) -> list[str]:
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
            if not _name_re().fullmatch(head.strip()) or not _person_like(head.strip()):
                continue  # "Key Events", "Morning Edition": a label, not a name
            b = read_byline(q.text)
            if b and b.names:
                q.kind, q.rule = "header", "byline next to the date"
                return b.names
        break
    return []


def _person_like(name: str) -> bool:
    """Reads as a person's name: a known given name before a word that is not an ordinary
    one ("Nadia Brooks", "Mark Delaney"), or no ordinary word at all ("Rahul Menon");
    never "Key Events", "Related Topics", "Morning Edition"."""
    from ..companies.general import common_words, person_names

    tokens = [t.capitalize() if t.isupper() else t for t in name.split()]
    common = common_words()
    plain = [t.lower().strip(".") in common for t in tokens]
    if tokens[0] in person_names():
        return not all(plain)
    return not any(plain) and all(len(t.strip(".")) >= 2 for t in tokens)


def _role_line(text: str) -> bool:
    """The line is only a role or desk: "Banking Reporter", "Contributor", "Staff writer"."""
    t = text.strip(" .,")
    if not t or len(t) > 60:
        return False
    return _read_part(t, Byline()) == "role"


def bare_name(paras: list[Para], start: int, story: int) -> list[str]:
    """A name on a line of its own under the headline, with a role on the next line
    ("Jane Doe" / "Banking Reporter") or in a header that states a date, marked as a
    header line (the role line too)."""
    dated = any(p.kind == "header" and p.rule in _DATE_RULES for p in paras[: story + 1])
    for i in range(start, min(story, start + 8)):
        q = paras[i]
        # right under the headline, a name above a picture credit is the by-line, not a caption
        under_head = i == start and q.kind == "caption"
        if (q.kind is not None and not under_head) or not 2 <= q.words <= 6 or len(q.text) > 80 or clean.ends_sentence(q.text):
            continue
        name = _PLACE_SUFFIX_RE.sub("", q.text.strip())  # "Jane Doe in Dongguan"
        if not _name_re().fullmatch(name) or not _person_like(name):
            continue
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        role = nxt is not None and nxt.kind in (None, "stray") and _role_line(nxt.text)
        if not (dated or role):
            continue
        person = _as_name(name)
        if not person:
            continue
        q.kind, q.rule = "header", "by-line alone on its line"
        if role:
            nxt.kind, nxt.rule = "header", "the by-line's role"
        return [person]
    return []


def closing_byline(paras: list[Para], story: int) -> Byline | None:
    """A by-line with "By" as one of the last paragraphs ("Story by Jane Doe, Resources
    Reporter", "Words by Jane Doe"), marked as a contributor line so the body loses it."""
    for p in paras[max(story + 1, len(paras) - 3):]:
        if p.kind not in (None, "subhead", "stray", "contributor") or p.words > 12:
            continue
        if not _BY_PREFIX_RE.match(_unmark(p.text)) or not _is_byline(p.text):
            continue
        b = read_byline(p.text)
        if b and b.names:
            p.kind, p.rule = "contributor", "by-line at the end"
            return b
    return None
