"""Company coreference: which company "the company", "the bank", "the airline", "its" refers to.

One public function, :func:`resolve_reference`, for the claims and figures layers (speakers
such as "the carrier said", claims and figures about "the group's profit"). It is a pure
function of the phrase, its position, the body and the mentions ``find_mentions`` returned:

* the phrase's head noun says what fits: a general noun ("company", "firm", "group",
  "giant", "business") fits any company; a sector noun ("bank", "lender", "airline",
  "carrier", "miner", "retailer", "drugmaker", "automaker", "chipmaker", "insurer",
  "operator", "e-commerce giant", ...) fits a company of that sector, or one whose sector
  is not known; a pronoun ("it", "its") fits any company;
* a company's sector comes from its mention (``Mention.sector``: the general gazetteer's
  industry, or the noun a discovery rule saw, as in "carrier Qantas"), else from words of
  its name ("Royal Bank of Canada" is a bank, "Foo Airways" an airline);
* a modifier such as "the Hangzhou-based firm" or "the Australian carrier" prefers a
  company that is written with that word near one of its mentions ("Hangzhou-based Foo");
* the nearest fitting company mentioned before the phrase wins; products, and companies
  whose known sector does not fit, are skipped.

The sector nouns are in ``data/coref.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ... import data
from ...records import Mention

__all__ = ["resolve_reference", "reference_noun", "sector_of"]

_PRONOUNS = frozenset({"it", "its", "it's", "itself"})
_DETERMINERS = frozenset({"the", "this", "that", "its", "their", "our"})
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
_NOT_COMPANY_KINDS = frozenset({"product"})
#: how far back (characters) a pronoun looks for its company
PRONOUN_WINDOW = 1500
#: how far back (characters) a definite noun phrase looks for its company
NOUN_WINDOW = 6000


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str | None], list[tuple[str, str]]]:
    """(head noun -> sector or None for any company, [(name word, sector)])."""
    t = data.load("coref")
    nouns: dict[str, str | None] = {}
    for w in t["general"]["nouns"]:
        nouns[w.casefold()] = None
    for sector, words in t["sectors"].items():
        for w in words:
            nouns[w.casefold()] = sector
    name_words = [(w.casefold(), sector) for sector, words in t["name_words"].items() for w in words]
    return nouns, name_words


def reference_noun(phrase: str) -> tuple[str, str | None, list[str]] | None:
    """(head, sector or None, modifiers) when ``phrase`` refers back to a company, else None.

    >>> reference_noun("the e-commerce giant")
    ('giant', 'internet', [])
    >>> reference_noun("The Hangzhou-based firm's")
    ('firm', None, ['Hangzhou-based'])
    >>> reference_noun("its")[0]
    'its'
    >>> reference_noun("Mr Smith") is None
    True
    """
    if not isinstance(phrase, str):
        return None
    words = _WORD_RE.findall(phrase.replace("\u2019", "'"))
    if not words:
        return None
    words = [w[:-2] if w.lower().endswith("'s") else w.rstrip("'") for w in words]
    if len(words) == 1 and words[0].casefold() in _PRONOUNS:
        return (words[0].casefold(), None, [])
    if words[0].casefold() not in _DETERMINERS or len(words) < 2:
        return None
    nouns, _ = _tables()
    body = words[1:]
    # the longest known noun at the end: "e-commerce giant" is a sector phrase, "giant" general
    for n in range(min(3, len(body)), 0, -1):
        head = " ".join(body[-n:]).casefold()
        if head in nouns:
            sector = nouns[head]
            mods = body[:-n]
            if sector is None and mods:  # "the e-commerce giant": a modifier may carry the sector
                for k in range(len(mods), 0, -1):
                    s = nouns.get(" ".join(mods[-k:] + body[-n:]).casefold()) or nouns.get(" ".join(mods[-k:]).casefold())
                    if s:
                        return (body[-1].casefold(), s, mods)
            return (body[-1].casefold(), sector, mods)
    return None


def sector_of(mention: Mention) -> str | None:
    """The sector a mention is known to be in: its own (gazetteer, discovery), else by its name's words."""
    s = getattr(mention, "sector", None)
    if s:
        return s
    if mention.kind == "bank":
        return "bank"
    _, name_words = _tables()
    words = {w.casefold() for w in _WORD_RE.findall(mention.name)} | {w.casefold() for w in _WORD_RE.findall(mention.alias)}
    for w, sector in name_words:
        if w in words:
            return sector
    return None


def _fits(sector: str | None, mention: Mention) -> bool:
    if sector is None:
        return True
    known = sector_of(mention)
    return known is None or known == sector


def _near_modifier(body: str, mentions: Sequence[Mention], name: str, mods: list[str]) -> bool:
    """A modifier word ("Hangzhou", "Australian") written just before or inside a mention of ``name``."""
    keys = [m.split("-")[0].casefold() for m in mods if m.split("-")[0]]
    if not keys or not body:
        return False
    prev_end = 0
    for m in mentions:
        lo = max(0, m.start - 40, prev_end)  # the words between it and the mention before it
        prev_end = max(prev_end, m.end)
        if m.name != name:
            continue
        window = body[lo:m.end].casefold()
        if any(re.search(rf"\b{re.escape(k)}\b", window) for k in keys):
            return True
    return False


def resolve_reference(
    phrase: str, position: int, mentions: Sequence[Mention], body: str = ""
) -> Mention | None:
    """The company mention that ``phrase`` (written at ``body[position:]``) refers back to.

    ``phrase`` is the referring expression as written: "the company", "The bank's",
    "the Hangzhou-based firm", "the e-commerce giant", "its". ``mentions`` are the article's
    mentions in body order (``find_mentions(body)``); only those ending at or before
    ``position`` are candidates. ``body`` is optional: with it, a modifier ("Hangzhou-based",
    "Australian") prefers a company written with that word next to it.

    Returns the nearest fitting earlier mention, or None when the phrase is not a company
    reference or nothing before it fits. Never raises.

    >>> from newsindex.extract.companies import find_mentions
    >>> text = "Foo Airways Ltd said profit rose. Bar Banking Corp lent it money. The airline said"
    >>> ms = find_mentions(text)
    >>> resolve_reference("The airline", text.index("The airline"), ms, text).name
    'Foo Airways'
    >>> resolve_reference("the lender", len(text), ms, text).name
    'Bar Banking'
    """
    ref = reference_noun(phrase)
    if ref is None or not isinstance(position, int):
        return None
    head, sector, mods = ref
    window = PRONOUN_WINDOW if head in _PRONOUNS else NOUN_WINDOW
    cands = [m for m in mentions
             if m.end <= position and position - m.end <= window and m.kind not in _NOT_COMPANY_KINDS]
    if not cands:
        return None
    fitting = [m for m in reversed(cands) if _fits(sector, m)]
    if not fitting:
        return None
    if mods and body:
        for m in fitting:
            if _near_modifier(body, cands, m.name, mods):
                return m
    # a sector noun prefers a company known to be of that sector over one of unknown sector
    if sector is not None:
        for m in fitting:
            if sector_of(m) == sector:
                return m
    return fitting[0]
