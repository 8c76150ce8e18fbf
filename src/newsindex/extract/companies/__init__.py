"""Companies named in a body, under one canonical name.

Two layers, both driven by ``data/companies.toml``:

* the gazetteer: every alias of every known company compiled into ONE regex (a trie of
  alternatives, so the longest alias wins and thousands of aliases stay fast), wrapped in an
  optional place prefix ("Hangzhou") and any number of legal suffixes and descriptors
  ("Digital Technology Co"), so a legal name is one mention;
* discovery, for companies the gazetteer lacks: capitalised names ending in a corporate
  suffix ("Foo Bar Co"), items of lists introduced by "investors such as", and names in
  apposition ("Ukrainian start-up Riddletag"). A stoplist keeps out places, people,
  governments, laws, programmes and outlets.

Everything here is a pure function of its text; messy text never raises.

The package: ``gazetteer`` (the tables, compiled), ``matching`` (the gazetteer against a body),
``discovery`` and ``filters`` (names the gazetteer lacks, and what they must not be),
``coordination`` (names listed with a company, later mentions), ``context`` (the corporate-context
rules), ``coref`` ("the company" -> its company), ``general`` (the general list of listed
companies), ``names`` (how names are written and matched).
"""

from __future__ import annotations

import bisect
import operator
import re

from ...records import Company, Mention
from .coordination import _coordinated, _first_word_mentions, _repeat_mentions
from .coref import resolve_reference  # noqa: F401  (public: "the company" -> its company)
from .discovery import _discover
from .gazetteer import ENV_VAR, MAX_ALIAS, NOT_COMPANY_KINDS, Entry, Gazetteer  # noqa: F401  (public)
from .matching import _gazetteer_mentions

__all__ = [
    "ENV_VAR", "MAX_ALIAS", "NOT_COMPANY_KINDS", "Entry", "Gazetteer", "caption_mentions", "companies_in_span",
    "companies_in_text",
    "find_mentions", "mentions_in_span", "resolve_reference", "summarise", "title_mentions",
]


def find_mentions(body: str, gazetteer: Gazetteer | None = None, named: list[Mention] | None = None) -> list[Mention]:
    """Every company (and product) named in ``body``, in text order.

    Gazetteer matches first; then names the gazetteer lacks, found by their corporate
    suffix, in lists of investors or clients, or in apposition; then later mentions of
    those discovered names, and of any company by the first word of its name (also of the
    companies in ``named``: those the headline or a caption names). Spans never overlap.
    """
    if not isinstance(body, str) or not body:
        return []
    gaz = gazetteer if gazetteer is not None else Gazetteer.default()
    mentions = _gazetteer_mentions(body, gaz)
    discovered = _discover(body, gaz, mentions)
    mentions.extend(discovered)
    coordinated = _coordinated(body, gaz, mentions)
    mentions.extend(coordinated)
    discovered.extend(coordinated)
    mentions.extend(_repeat_mentions(body, gaz, mentions, discovered))
    mentions.extend(_first_word_mentions(body, gaz, mentions, named or []))
    mentions.sort(key=lambda m: (m.start, -m.end))
    return mentions


_START = operator.attrgetter("start")


def mentions_in_span(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """The mentions lying inside body[start:end].

    ``mentions`` must be in body order (by start), as ``find_mentions`` returns them: the span's
    first mention is found by bisection, so a sentence lookup costs O(log n + k), not O(n) — a
    megabyte-long article has tens of thousands of sentences and mentions.
    """
    i = bisect.bisect_left(mentions, start, key=_START)
    out = []
    for j in range(i, len(mentions)):
        m = mentions[j]
        if m.start >= end:
            break
        if m.end <= end:
            out.append(m)
    return out


def companies_in_span(mentions: list[Mention], start: int, end: int) -> list[str]:
    """Canonical names of the companies named inside body[start:end], in order of first mention.

    A product counts as its maker (Face++ -> Megvii); a product without one is left out.
    """
    seen: list[str] = []
    for m in mentions_in_span(mentions, start, end):
        name = m.parent if m.kind in NOT_COMPANY_KINDS else m.name
        if name and name not in seen:
            seen.append(name)
    return seen


def companies_in_text(text: str, gazetteer: Gazetteer | None = None) -> list[str]:
    """Canonical names of the companies named in a sentence or any text, in order."""
    if not isinstance(text, str):
        return []
    return companies_in_span(find_mentions(text, gazetteer), 0, len(text))


def title_mentions(title: str | None, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Companies a headline names: gazetteer names and names listed with them (offsets in the title).

    A headline is Title Case, so the other discovery rules (which read capitals) are not used
    on it; the body's own discoveries are matched there by ``summarise``.
    """
    if not isinstance(title, str) or not title.strip():
        return []
    title = re.sub(r"(?<= )(And|Or)(?= )", lambda m: m.group().lower(), title)  # Title Case joins a list too
    return [m for m in find_mentions(title, gazetteer) if m.rule in ("gazetteer", "coordination")]


def caption_mentions(captions: list[str], gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Companies photo captions name (gazetteer names, names listed with them, names with a legal
    suffix; offsets in each caption): the story's companies too, though a caption is no body text."""
    out: list[Mention] = []
    for text in captions or []:
        if isinstance(text, str) and text.strip():
            out.extend(m for m in find_mentions(text, gazetteer) if m.rule in ("gazetteer", "coordination", "suffix"))
    return out


def summarise(mentions: list[Mention], include_products: bool = False,
              title: list[Mention] | None = None, captions: list[Mention] | None = None) -> list[Company]:
    """One Company record per canonical name, in order of first mention.

    Products (Face++, Alipay) are not companies and are left out unless asked for. ``title``
    (``title_mentions``) adds the companies only the headline names (``mentions`` 1, for the
    headline, no spans in the body, rule ``title``); ``captions`` (``caption_mentions``) those only a
    photo caption names (rule ``caption``).
    """
    by_name: dict[str, Company] = {}
    for m in mentions:
        if m.kind in NOT_COMPANY_KINDS and not include_products:
            continue
        c = by_name.get(m.name)
        if c is None:
            c = by_name[m.name] = Company(
                name=m.name, mentions=0, kind=m.kind, known=m.rule == "gazetteer", rule=m.rule,
            )
        c.mentions += 1
        if m.alias not in c.aliases:
            c.aliases.append(m.alias)
        c.spans.append([m.start, m.end])
    for rule, extra in (("title", title), ("caption", captions)):
        for m in extra or []:
            if m.kind in NOT_COMPANY_KINDS or m.name in by_name:
                continue
            by_name[m.name] = Company(name=m.name, mentions=1, aliases=[m.alias], kind=m.kind,
                                      known=m.rule == "gazetteer", rule=rule)
    return list(by_name.values())
