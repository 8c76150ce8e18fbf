"""Discovery: companies the gazetteer lacks, found by how they are written and what is said
around them.

* ``suffix``: a capitalised run ending in a corporate suffix ("Foo Bar Co", "Ambion, Inc.");
* ``list``: items of lists introduced by "investors such as", "clients including";
* ``apposition``: "Ukrainian start-up Riddletag", "Riddletag, a start-up";
* the corporate-context rules of ``context.py`` ("shares of X", "X said in a statement", ...).

Each candidate is trimmed and put through ``filters.Filters``; a listed name its context
confirms becomes a gazetteer mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache, partial

from ...records import Mention
from .context import CAP
from .filters import _ADJ_RE, _CAP, _CAP_RE, _CAP_REST, _TITLE_BEFORE_RE, Filters
from .gazetteer import Gazetteer
from .matching import _Taken
from .names import _gated_phrases, _key, _phrases

_FOLLOWING_WORD_RE = re.compile(r"[ \t\u00a0]+([\w'\u2019.&-]+)")
_TOKEN_RE = re.compile(r"\S+")
_END_PUNCT_RE = re.compile(r"[,;:.!?)\]\"\u201d]$")
_SENT_BREAK = re.compile(r"[.!?;:\u2014\u2013()\[\]\"\u201c\u201d]|\n|\s-\s")


@dataclass
class _Found:
    display: str
    start: int
    end: int
    rule: str
    sector: str | None = None


_OLD_RULES = frozenset({"suffix", "list", "apposition"})
_COMMA_SUFFIXES = frozenset({"Inc", "Ltd", "Corp", "LLC", "Co", "Limited", "Incorporated", "plc", "PLC", "AG", "SA", "NV"})
_POSSESSOR_RE = re.compile(r"([A-Z][A-Za-z]{1,30})['\u2019]s")
# a one-word name that is a word-list entry ("Smith", "Analysts") is taken only from the other rules
_WEAK_RULES = frozenset({"statement", "corporate", "shares", "coordination", "said_it", "web"})
_NOT_AFTER_TITLE = frozenset({"statement", "corporate", "said_it"})
#: rules that name a business ("shares of X", "X agreed to buy", "X's chief executive", a ticker,
#: "X founder Jane Doe"): an outlet named by one of them is a company (its owner, or itself as a
#: business: "AOL agreed to buy TechCrunch"); an outlet that only "said" something is a source
_BUSINESS_RULES = frozenset({"ticker", "shares", "possessive", "corporate", "title"})


class _Discoverer(Filters):
    """The discovery rules, with their word lists from the gazetteer's tables."""

    def __init__(self, gaz: Gazetteer):
        super().__init__(gaz)
        r = gaz.rules
        gated = _gated_phrases(self.suffixes, False, r"[\w&]")
        self.suffix_re = re.compile(
            rf"(?:{gated})(?![\w&])" if gated else rf"(?<![\w&])(?:{_phrases(self.suffixes)})(?![\w&])"
        )
        legal_alt = _phrases(set(r.words("match", "legal_suffixes")))
        self.more_legal_re = re.compile(rf"(?:\.?(?:,[ \t]*|[ \t]+)(?:{legal_alt})(?![\w&]))*")
        nouns = _gated_phrases(r.words("discover", "list_nouns"), True, r"\w")
        if nouns is None:
            nouns = r"\b(?:" + _phrases(r.words("discover", "list_nouns"), fold=True) + ")"
        links = _phrases(r.words("discover", "list_links"), fold=True)
        self.list_re = re.compile(rf"(?:{nouns}),?[ \t]+(?:{links})[ \t]+")
        appos = _phrases(r.words("discover", "apposition_nouns"))
        appos_gated = _gated_phrases(r.words("discover", "apposition_nouns"), False, r"[\w-]")
        run = rf"{_CAP}(?:[ \t]+(?:{_CAP}|&|of)){{0,6}}"  # bounded: no quadratic scans
        # "Analyst Jane Doe of Foo", "Jane Doe, chairman of Foo": found from each " of "/" at " before a
        # capital, with the role and the person read backwards from there (few such places per text)
        role_list = r.words("discover", "affiliation_roles")
        roles = rf"(?i:{_phrases(role_list, fold=True)})"
        self.role_words = {w for role in role_list for w in role.lower().split()}
        self.role_ends = {role.lower().split()[-1] for role in role_list}
        person = r"[A-Z][\w'\u2019.-]*(?:[ \t]+[A-Z][\w'\u2019.-]*){1,2}"
        firm = rf"[ \t]+(?P<name>{CAP}(?:[ \t]+(?:{CAP}|&)){{0,4}})"  # no full stop but an abbreviation's
        self.of_firm_res = (re.compile(" of" + firm), re.compile(" at" + firm))  # a literal first: fast searches
        self.role_person_re = re.compile(rf"(?<![\w-]){roles}[ \t]+{person}$")
        self.person_role_re = re.compile(
            rf"(?<![\w-]){person},[ \t]+(?:(?:the|a|an)[ \t]+)?(?:[a-z-]+[ \t]+){{0,2}}?{roles}$")
        self.appos_before_re = re.compile(
            rf"(?:{appos_gated})[ \t]+(?P<name>{run})" if appos_gated else rf"(?<![\w-])(?:{appos})[ \t]+(?P<name>{run})"
        )
        # "(?<![\w&])" + run, with the look-behind after the capital it checks (the same
        # matches): a pattern that opens with a character class lets the search skip to capitals
        run_after = rf"[A-Z](?<![\w&][A-Z]){_CAP_REST}(?:[ \t]+(?:{_CAP}|&|of)){{0,6}}"
        self.appos_after_re = re.compile(
            rf"(?P<name>{run_after}),[ \t]+(?:a|an)[ \t]+(?:[\w'\u2019-]+[ \t]+){{0,4}}?(?:{appos})\b"
        )


    # -- rules -------------------------------------------------------------------

    def by_suffix(self, text: str) -> list[_Found]:
        out = []
        for m in self.suffix_re.finditer(text):
            # walk back over capitalised words (and "&", "of", "and"+descriptor), at most 8
            base = max(0, m.start() - 120)
            tokens = _TOKEN_RE.findall(text, base, m.start())[-8:]
            start = m.start()
            nxt = m.group()
            n_core = 0
            for w in reversed(tokens):
                ts = text.rfind(w, base, start)
                dash = max(w.rfind("--"), w.rfind("\u2014"))
                if dash >= 0:  # "2006--Applied Biosystems Group": a dash ends what is before
                    cut = dash + (2 if w[dash] == "-" else 1)
                    w, ts = w[cut:], ts + cut
                    if _CAP_RE.fullmatch(w) and w.rstrip(".").casefold() not in self.legal:
                        n_core += 1
                        start = ts
                    break
                if n_core and w.endswith(",") and _CAP_RE.fullmatch(w[:-1]) and "&" in text[ts:m.start()]:
                    n_core += 1  # "Bennett, Coleman & Co"
                    start, nxt = ts, w
                    continue
                if n_core == 0 and start == m.start() and w.endswith(",") and _CAP_RE.fullmatch(w[:-1]) and nxt.rstrip(".") in _COMMA_SUFFIXES:
                    w = w[:-1]  # "Ambion, Inc."
                poss = _POSSESSOR_RE.fullmatch(w)
                if poss and n_core and _key(poss.group(1)) not in self.world_places:
                    n_core += 1  # "Hudson's Bay Co"
                    start, nxt = ts, w
                    continue
                if "\n" in text[ts + len(w):start] or _END_PUNCT_RE.search(w) and not _CAP_RE.fullmatch(w):
                    break
                if _ADJ_RE.search(w):  # "Nasdaq-listed", "Shenzhen-based": not part of the name
                    break
                if w in {"&", "of"} or (w == "and" and nxt in self.and_words):
                    pass
                elif _CAP_RE.fullmatch(w) and w.rstrip(".").casefold() not in self.legal:
                    n_core += 1
                else:
                    break
                start, nxt = ts, w
            if n_core == 0:
                continue
            end = self.more_legal_re.match(text, m.end()).end()
            after = _FOLLOWING_WORD_RE.match(text, end)
            if after and _CAP_RE.fullmatch(after.group(1)) and _key(after.group(1)) not in self.titles | self.leading:
                continue  # the name runs on ("Beijing Capital International Airport")
            span = self.clean(text, start, end)
            if span and re.fullmatch(rf"{_CAP}(?:['\u2019]s)?,?", text[span[0]:span[1]].split()[0]):
                out.append(_Found(self.display(text[span[0]:span[1]]), span[0], span[1], "suffix"))
        return out

    def name_in(self, text: str, s: int, e: int) -> tuple[int, int] | None:
        """The first capitalised run in text[s:e] that is not a place, demonym or opener.

        A possessor ("Japan's SoftBank", "Li Ka-shing's Horizons Ventures") gives way to
        the run after it.
        """
        fallback = None
        for r in re.finditer(rf"{_CAP}(?:[ \t]+(?:{_CAP}|&|of(?=[ \t]+[A-Z]))){{0,6}}", text[s:e]):
            span = self.clean(text, s + r.start(), s + r.end())
            if span is None:
                continue
            cand = text[span[0]:span[1]]
            if self.is_stopped(cand) or _key(cand) in self.world_places:
                continue
            if text[span[1]:span[1] + 2] in ("'s", "\u2019s"):
                fallback = fallback or span
                continue
            return span
        return fallback

    def by_list(self, text: str) -> list[_Found]:
        out = []
        for m in self.list_re.finditer(text):
            limit = min(len(text), m.end() + 400)  # a list ends with its sentence
            b = _SENT_BREAK.search(text, m.end(), limit)
            stop = b.start() if b else limit
            seg_start = m.end()
            items = re.split(r",[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or|as well as)[ \t]+", text[seg_start:stop])
            pos = seg_start
            for item in items[:10]:
                i0 = text.find(item, pos) if item else pos
                if i0 < 0:
                    break
                pos = i0 + len(item)
                first = item.split()[0] if item.split() else ""
                if _key(first) in self.list_stop:
                    break
                span = self.name_in(text, i0, i0 + len(item))
                if span:
                    out.append(_Found(self.display(text[span[0]:span[1]]), span[0], span[1], "list"))
        return out

    def by_context(self, text: str) -> list[_Found]:
        """Corporate context (context.py): tickers, "shares of X", "X's chief executive", ..."""
        out = []
        for h in self.context.find(text):
            span = self.clean(text, h.start, h.end)
            if span is None:
                continue
            cand = text[span[0]:span[1]]
            business = h.rule in _BUSINESS_RULES and not (h.rule == "corporate" and _REPORTS_RE.match(text, span[1]))
            if self.soft_stopped(cand, business) or cand.isupper() and len(cand) <= 1:
                continue
            if h.rule in _NOT_AFTER_TITLE and _TITLE_BEFORE_RE.search(text, max(0, span[0] - 40), span[0]):
                continue  # "chief executive Pascal Doe said in a statement": a person
            out.append(_Found(self.display(cand), span[0], span[1], h.rule, h.sector))
        return out

    def _affiliations(self, text: str):
        """Matches whose group ``name`` is the firm of "ROLE Person of FIRM" or "Person, ROLE of FIRM"."""
        for m in (m for rx in self.of_firm_res for m in rx.finditer(text)):
            lo = max(0, m.start() - 120)
            last = _LAST_WORD_RE.search(text, max(lo, m.start() - 40), m.start())
            if last is None:
                continue
            if last.group()[:1].isupper():  # "... Jane Doe of": a role before the person?
                if self.role_words.isdisjoint(text[lo:m.start()].lower().split()):
                    continue
                if self.role_person_re.search(text, lo, m.start()):
                    yield m
            elif last.group().lower() in self.role_ends and self.person_role_re.search(text, lo, m.start()):
                yield m  # "Jane Doe, chairman of"

    def by_affiliation(self, text: str) -> list[_Found]:
        """The firm a person with a corporate role works for: "Analyst Jane Doe of Foo Securities",
        "Jane Doe, chairman of Foo Sons" (rule ``title``)."""
        out = []
        for m in self._affiliations(text):
            span = self.clean(text, m.start("name"), m.end("name"))
            if span is None:
                continue
            if text[span[1] - 1] == "." and _key(text[span[0]:span[1] - 1].split()[-1]) not in self.legal:
                span = (span[0], span[1] - 1)  # the sentence's full stop
            cand = text[span[0]:span[1]]
            if self.soft_stopped(cand, outlet_ok=True) or _key(cand) in self.world_places or len(cand) <= 2:
                continue
            out.append(_Found(self.display(cand), span[0], span[1], "title"))
        return out

    def by_apposition(self, text: str) -> list[_Found]:
        out = []
        for rx in (self.appos_before_re, self.appos_after_re):
            for m in rx.finditer(text):
                span = self.clean(text, m.start("name"), m.end("name"))
                if span is None:
                    continue
                cand = text[span[0]:span[1]]
                if self.is_stopped(cand) or cand.isupper() and len(cand) <= 2:
                    continue
                out.append(_Found(self.display(cand), span[0], span[1], "apposition"))
        return out


@lru_cache(maxsize=8)
def _discoverer(gaz: Gazetteer) -> _Discoverer:
    return _Discoverer(gaz)


#: "X reports", "X posts": how an outlet is cited, not a business verb for an outlet
_REPORTS_RE = re.compile(r"['\u2019]?s?[ \t]+(?:reports|reported|posts|posted|says|said)\b(?![ \t]+(?:a|an|its|net|record|revenue|sales|profit|loss|quarterly|annual)\b)")
_LAST_WORD_RE = re.compile(r"[\w'\u2019.-]+$")
_RIGHTS_RE = re.compile(r"©|\(c\)|\bcopyright\b|\ball rights reserved\b", re.IGNORECASE)
_WORD_BEFORE_RE = re.compile(r"[A-Za-z][ \t]+$")


def _in_prose(body: str, start: int) -> bool:
    """A word of the same line stands right before ``start``, and the line is no copyright notice."""
    a = body.rfind("\n", 0, start) + 1
    b = body.find("\n", start)
    line = body[a:b if b >= 0 else len(body)]
    return bool(_WORD_BEFORE_RE.search(body, max(a, start - 40), start)) and not _RIGHTS_RE.search(line)


def _discover(body: str, gaz: Gazetteer, known: list[Mention]) -> list[Mention]:
    d = _discoverer(gaz)
    taken = _Taken(len(body), known)
    rejected: dict[tuple[str, str, bool], bool] = {}  # the same name is judged once
    out: list[Mention] = []
    people: dict[str, bool] = {}
    for f in d.by_suffix(body) + d.by_list(body) + d.by_apposition(body) + d.by_context(body) + d.by_affiliation(body):
        if taken.overlaps(f.start, f.end):
            continue
        if f.rule not in _OLD_RULES:
            if f.display not in people:
                people[f.display] = d.is_person(body, f.display)
            if people[f.display]:
                continue
        surface = body[f.start:f.end]
        strong_legal = f.rule == "suffix" and _key(surface.replace(",", " ").split()[-1]).rstrip(".") in d.strong_legal
        # an outlet named as a business is one: by a business rule, or with its legal suffix inside a
        # sentence of the story (not in a copyright line or a list of names)
        outlet_ok = f.rule in _BUSINESS_RULES or (strong_legal and _in_prose(body, f.start))
        # a stoplisted phrase reaching past a candidate swallows it ("Smile" in "Smile to Pay")
        w0, w1 = max(0, f.start - 80), min(len(body), f.end + 80)
        stop_re = d.stop_phrase_re_no_outlets if outlet_ok else d.stop_phrase_re
        if any(m.start() < f.end and f.start < m.end() and (m.start() < f.start or m.end() > f.end)
               for m in stop_re.finditer(body, w0, w1)):
            continue
        verdict = rejected.get((surface, f.display, outlet_ok))
        if verdict is None:
            core = d.core(f.display)
            if f.rule not in _OLD_RULES:
                stopped = partial(d.soft_stopped, outlet_ok=outlet_ok)
            elif strong_legal:
                stopped = partial(d.is_stopped, legal=True, outlet_ok=outlet_ok)
            else:
                stopped = d.is_stopped
            verdict = rejected[(surface, f.display, outlet_ok)] = bool(
                stopped(f.display) or stopped(core) or _key(core) in d.generic
                or (gaz.canonical(surface) and f.rule in _OLD_RULES) or d.not_a_company(surface, f.display, f.rule in _WEAK_RULES))
        if verdict:
            continue
        known_as = gaz.canonical(surface)
        if known_as:  # a listed name its context confirms ("shares of Target")
            e = gaz.entry(surface)
            out.append(Mention(name=known_as, alias=surface, start=f.start, end=f.end, rule="gazetteer",
                               kind=e.kind if e else "company", sector=e.sector if e else None))
        else:
            out.append(Mention(name=f.display, alias=surface, start=f.start, end=f.end, rule=f.rule,
                               kind="company", sector=f.sector))
        taken.add(f.start, f.end)
    # one canonical display per company: the same core -> the first display seen; a core that
    # ends an earlier one is its short form ("the Times Company" after "The New York Times Company")
    by_core: dict[str, str] = {}
    core_of: dict[str, str] = {}
    for m in sorted(out, key=lambda m: m.start):
        if m.rule == "gazetteer":
            continue
        if m.name not in core_of:
            core_of[m.name] = _key(d.core(m.name))
        c = core_of[m.name]
        if c not in by_core:  # ... or a core that opens an earlier one before its industry words ("Kelvora")
            longer = next((k for k in by_core if k.endswith(" " + c) or (
                k.startswith(c + " ") and all(w in d.industry for w in k[len(c) + 1:].split()))), None)
            if longer is not None:
                by_core[c] = by_core[longer]
        m.name = by_core.setdefault(c, m.name)
    return out
