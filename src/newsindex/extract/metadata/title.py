"""The headline: the first of the headline-like lines standing right above the story.

Walking up from the story's first paragraph: boilerplate lines (navigation, captions,
credits) are passed over; by-lines and date lines too until a headline-like line is found,
and they end the block after it; short fragments ("Media Services", "Follow Us") end it
too. Of the block of headline-like lines found, the top one is the headline (a deck or
second headline stands under it), unless it is a section label (three words or fewer
above another headline-like line). Menus, breadcrumbs, site names, share and
subscription lines and date lines are never headlines.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import clean
from ..clean import Para
from ..outlets import outlet_by_name
from .bylines import _is_byline
from .common import _MAX_HEADER_CHARS, _body_like, _table
from .dates import _date_line
from .signals import _signature_res

#: a headline may end with an abbreviation's full stop ("… in Times Co.")
_ABBREV_END_RE = re.compile(r"\b(?:Co|Inc|Corp|Ltd|Plc|Jr|Sr|Bros|U\.S|U\.K|U\.N|S\.A|N\.V|A\.G)\.$")
#: words glued by a copy of a menu: "FinancialGovernment SolutionsLegal"
_GLUED_WORDS_RE = re.compile(r"[a-z][A-Z][a-z]")
_HANDLE_RE = re.compile(r"(?:^|\s)@\w{2,}|\S+@\S+\.\w+")  # a by-line's social handle or e-mail
_BREADCRUMB_RE = re.compile(r"\s(?:>>|»|›|>)\s|\S[›»]\S")


@lru_cache(maxsize=1)
def _nav_words() -> frozenset[str]:
    return frozenset(w.lower() for w in _table()["title"]["nav_words"])


@lru_cache(maxsize=1)
def _chrome_res() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.I) for p in _table()["title"]["not_a_headline"])


def is_chrome(text: str) -> bool:
    """A menu, breadcrumb, site-name, share or subscription line: never a headline.

    >>> is_chrome("Home About Forum Members Topics Parties Races Pollsters Press Updates")
    True
    >>> is_chrome("Home >> Media - TV >> Article")
    True
    >>> is_chrome("Toyota adds 5.8M vehicles to global recall total")
    False
    """
    if _BREADCRUMB_RE.search(text) or len(_GLUED_WORDS_RE.findall(text)) >= 2:
        return True
    words = re.findall(r"[\w'’&.-]+", text)
    if len(words) >= 5 and not re.search(r"[,:;!?\"“”‘’'()]", text):
        nav = sum(1 for w in words if w.lower() in _nav_words())
        if nav >= 2 and all(w[:1].isupper() or w == "&" for w in words):
            return True  # "Home About News Polls Sign In": a menu
    if any(rx.search(text) for rx in _chrome_res()):
        return True
    # an outlet's fixed page phrase (outlets.toml `signatures`: a tagline, a print note)
    return any(rx.search(text) for _o, rx in _signature_res())


def _site_name(text: str) -> bool:
    """The line names only an outlet: "The Example Times", "Example Times logo", "Watch Example TV"."""
    s = re.sub(r"(?i)^(?:watch|listen to|follow|visit)\s+|\s+(?:logo|home|homepage|live|tv|video)$", "", text.strip())
    return len(s) <= 60 and outlet_by_name(s, text=True) is not None


def headline_like(p: Para) -> bool:
    s = _KICKER_RE.sub("", p.text, count=1) or p.text
    if not 3 <= p.words <= 25 or clean.is_bullet(s) or len(s) > _MAX_HEADER_CHARS:
        return False
    if s.endswith(".") and not s.endswith("...") and not _ABBREV_END_RE.search(s):
        return False
    first = s.lstrip("“‘\"'(")[:1]
    if not first or not (first.isupper() or first.isdigit()):
        return False
    if _is_byline(s) or _date_line(s) or is_chrome(s) or _site_name(s) or _HANDLE_RE.search(s):
        return False
    if clean.is_story_sentence(s):
        return False
    return True


def _titled(p: Para) -> bool:
    head, outlet = split_title(p.text)
    return outlet is not None and len(head.split()) >= 4 and headline_like(Para(head, p.first, p.last))


#: a kicker before the headline: "[Guest column] …", "Opinion | …", "OPINION: …" (the
#: page's section, not the headline's words)
_KICKER_RE = re.compile(r"^(?:\[[^\[\]]{2,40}\]\s*|(?:Opinion|OPINION|Opinions)\s*(?:\||:|–|—|-)\s+)(?=\S)")

#: a live blog's post stamp: "9.41am", "10:05 GMT", "2h ago" on a line of its own
_STAMP_RE = re.compile(r"(?i)^(?:\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?(?:\s*[A-Z]{2,4})?|\d{1,2}\s*(?:am|pm)|\d{1,3}\s*(?:m|min|mins|h|hr|hrs)\s+ago)$")

#: boilerplate lines in a row above a headline that end its block (a site menu)
_MENU_RUN = 3
#: standfirsts (decks) passed over between the header lines and the headline
_MAX_DECKS = 2


def find_title(paras: list[Para], story: int) -> int | None:
    """Index of the headline above paras[story], or None (a warning is added later).

    When the only headline-like lines found stand between the header lines (by-line,
    date) and the story and are short ("Read in French", "Link Copied!"), they are page
    tools: the headline is looked for above the header lines.
    """
    found = _find_block(paras, story)
    if found is None:
        return None
    top, block = found
    if all(paras[k].words <= 4 for k in block):
        h = _header_above(paras, block[-1])
        above = _find_block(paras, h) if h is not None else None
        if above is not None:
            return above[0]
    return top


def _header_above(paras: list[Para], i: int) -> int | None:
    """The header line (by-line, date) a few short lines above paras[i], if any."""
    for j in range(i - 1, max(-1, i - 6), -1):
        q = paras[j]
        if q.kind in ("header", "relative_date"):
            return j
        if q.kind is None and (headline_like(q) or _body_like(q)):
            return None
    return None


def _find_block(paras: list[Para], story: int) -> tuple[int, list[int]] | None:
    """(headline, the block of headline-like lines above paras[story])."""
    block: list[int] = []
    seen_header = False
    decks = 0
    run = 0
    for i in range(min(story, len(paras)) - 1, -1, -1):
        p = paras[i]
        if p.kind == "header" or p.kind == "relative_date":
            if block:
                break
            seen_header = True
            continue
        if p.kind in ("caption", "credit") and block:
            break  # a picture above the headline
        if p.kind == "credit" and not block and _titled(p):
            block.append(i)  # "Headline | Reuters": the page's title, read as a credit line
            continue
        if p.kind is not None or clean.is_bullet(p.text):
            run += 1
            if block and run >= _MENU_RUN:
                break  # a site menu above the headline
            continue  # boilerplate, and summary bullets under the headline
        run = 0
        if headline_like(p):
            if not block and i > 0 and _STAMP_RE.match(paras[i - 1].text.strip()):
                continue  # a live blog's post heading under its time stamp
            block.append(i)
            continue
        if _body_like(p):
            if not block and seen_header and decks < _MAX_DECKS and p.words <= 50:
                decks += 1  # a standfirst between the headline and the by-line
                continue
            break
        if block:
            break  # a fragment above the headline: menu items, a section label
    if not block:
        return None
    return _top(paras, block), block


def _top(paras: list[Para], block: list[int]) -> int:
    top = block[-1]
    if len(block) >= 2 and paras[top].words <= 3:
        top = block[-2]  # a section label above the headline
    elif len(block) >= 2 and top == 1 and paras[0].kind is None and paras[0].words <= 4 and not headline_like(paras[0]):
        top = block[-2]  # a site's tagline under its name on the page's first line
    return top


def split_title(title: str) -> tuple[str, str | None]:
    """Strip a site name glued to the headline: (headline, outlet).

    >>> split_title("Headline here | Reuters")
    ('Headline here', 'Reuters')
    >>> split_title("Reuters Back to Home Headline here")
    ('Headline here', 'Reuters')
    """
    if len(title) > _MAX_HEADER_CHARS:
        return title, None
    title = _KICKER_RE.sub("", title, count=1) or title
    m = re.match(r"^(?P<t>.+?)\s+(?:\||-|–|—|::)\s+(?P<o>[^|–—]{2,40})$", title)
    if m:
        o = outlet_by_name(m.group("o"), text=True)
        if o:
            return m.group("t").strip(), o.name
    m = re.match(r"^(?P<o>.{2,40}?)\s*(?:\||:|-|–|—)?\s*(?:back to home|home|menu|skip to (?:main )?content)\s*(?:\||:|-|–|—)?\s+(?P<t>\S.+)$", title, re.I)
    if m:
        o = outlet_by_name(m.group("o"), text=True)
        if o:
            return m.group("t").strip(), o.name
    return title, None
