"""What a discovered name must not be: places, people, outlets, institutions, ordinary words.

``Filters`` holds the word lists of the companies tables ([stoplist], [discover], the general
tables of places, currencies, common words and given names) and the checks the discovery rules
(``discovery.py``) and the list rules (``coordination.py``) put each candidate through; and the
trimming that turns a run of capitalised words into a name (``clean``, ``core``, ``display``).
"""

from __future__ import annotations

import re

from ... import data
from .context import ContextRules
from .gazetteer import Gazetteer, _outlet_names
from .general import common_words, currency_codes, person_names, places
from .names import _key, _phrases

# A capitalised word: "Riddletag", "JD.com", "AT&T", "Sci-Tech", "iFuree" is not (lower start).
# A capitalised word: its capital, then the rest (the same pattern as one alternation of
# two words opening with [A-Z]: the regex parser factors that capital out anyway).
_CAP_REST = r"(?:[A-Za-z0-9]{0,30}(?:[&.\-][A-Za-z0-9]{1,30}){0,3}\.?|&[A-Z])"
_CAP = r"[A-Z]" + _CAP_REST
_CAP_RE = re.compile(_CAP)
_ADJ_RE = re.compile(r"[-\u2010\u2011][a-z]")  # compound adjectives: "-based", "-listed", "-backed"
_TITLE_BEFORE_RE = re.compile(
    r"(?:\b(?:chief executive|chief executive officer|CEO|CFO|chairman|chairwoman|president|founder|co-founder|"
    r"boss|director|analyst|economist|spokesman|spokeswoman|spokesperson|minister|secretary|governor|"
    r"officer|head|Mr|Mrs|Ms|Dr|Prof|Sir|Dame|Lord|Lady)\.?,?[ \t]+)$")
_OUTLET_WORDS = frozenset({
    "times", "post", "news", "journal", "daily", "herald", "tribune", "gazette", "magazine", "radio", "television"})
_HARD_STOP = frozenset({
    "ministry", "department", "university", "government", "police", "party", "parliament", "senate",
    "congress", "court", "commission", "council", "agency", "bureau", "army", "navy", "administration",
    "institute", "college", "school", "academy", "hospital", "museum", "committee", "embassy", "league",
    "authority", "authorities", "federation", "inspectorate", "directorate", "tribunal", "ombudsman",
})
_PREV_CAP_RE = re.compile(r"([A-Z][a-z]+)[ \t]+$")


class Filters:
    """The word lists of a gazetteer's tables, and the checks made with them."""

    def __init__(self, gaz: Gazetteer):
        r = gaz.rules
        self.gaz = gaz
        self.suffixes = sorted(set(r.words("discover", "suffixes")), key=len, reverse=True)
        self.legal = {_key(s) for s in r.words("match", "legal_suffixes") + r.words("discover", "suffixes")}
        self.descriptors = {_key(s) for s in r.words("match", "descriptors")}
        self.and_words = set(r.words("discover", "and_words"))
        self.generic = {_key(w) for w in r.words("discover", "generic_words")}
        self.stop_names = {_key(n) for n in r.words("stoplist", "names")}
        # outlets and their publishers: not companies, unless named as a business (``outlet_ok``)
        self.outlets = _outlet_names() - self.stop_names
        self.stop_words = {_key(w) for w in r.words("stoplist", "words") if " " not in w.strip()}
        self.stop_phrases = [_key(w) for w in r.words("stoplist", "words") if " " in w.strip()]
        # sentence openers, and nouns that introduce a name ("Brokerage Foo Group")
        self.leading = {_key(w) for w in r.words("stoplist", "leading_words")} | {
            _key(w) for w in r.words("discover", "apposition_nouns") + r.words("discover", "list_nouns")
        }
        self.labels = frozenset(r.words("stoplist", "leading_labels"))  # exact case
        self.titles = {_key(w) for w in r.words("stoplist", "titles")}
        self.places = {_key(p) for p in r.words("match", "place_prefixes")}
        self.list_stop = {_key(w) for w in r.words("discover", "list_stop")}
        self.world_places = places()
        self.currencies = currency_codes()
        self.common = common_words()
        self.names = person_names()
        self.context = ContextRules(data.load("companies").get("context", {}), self.common)
        #: the words of the industry words ("therapeutics", "motors", "capital", "markets")
        self.industry = {w.casefold() for p in data.load("companies").get("context", {}).get("industry_words", [])
                         for w in p.split()}
        self.strong_legal = {_key(s) for s in r.words("discover", "suffixes")} - {
            "group", "holdings", "technologies", "ventures", "venture partners", "capital partners", "capital"}
        # stoplisted phrases, with the outlets' and without (for a name named as a business)
        self.stop_phrase_re, self.stop_phrase_re_no_outlets = (
            re.compile(rf"(?<![\w&])(?:{_phrases(sorted(n for n in names if ' ' in n), fold=True)})(?![\w&])")
            for names in (self.stop_names | self.outlets, self.stop_names)
        )

    def is_stopped(self, name: str, legal: bool = False, outlet_ok: bool = False) -> bool:
        """A stoplisted name, or one holding a stop word; with ``legal`` (the name carries a legal
        suffix: "Foo Television, Inc.") the words that mark an outlet do not count; with
        ``outlet_ok`` (the name carries a legal suffix, or is named as a business: "shares of",
        "agreed to buy", "its chief executive") an outlet's own name does not either: "The New
        York Times Company", "a stake in Foo Television", "TechCrunch founder Jane Doe"."""
        k = _key(name)
        if self._listed_stop(k, outlet_ok):
            return True
        words = k.split()
        outlet_words = legal or outlet_ok
        if any(w.rstrip(".") in self.titles or (w in self.stop_words and not (outlet_words and w in _OUTLET_WORDS))
               for w in words):
            return True
        return any(f" {sw} " in f" {k} " for sw in self.stop_phrases)

    def _listed_stop(self, k: str, outlet_ok: bool) -> bool:
        """The key (see _key) is no company by the lists alone: empty, a stop name, a place, a
        leading word, or an outlet (unless ``outlet_ok``)."""
        return (not k or k in self.stop_names or k in self.places or k in self.leading
                or (k in self.outlets and not outlet_ok))

    def _personal(self, words: list[str]) -> bool:
        """A given name and a surname ("Alan Joyce"), not a brand and an industry word ("Qantas Airways")."""
        last = words[-1].casefold()
        return (len(words) > 1 and words[0] in self.names and words[0].casefold() not in self.common
                and last not in self.common and words[-1] not in self.context.ind_last and last not in self.legal)

    def is_person(self, text: str, name: str) -> bool:
        """The text shows ``name`` to be a person: a given name and a surname, or a title or a
        given name before one of its mentions ("chief executive Pascal Doe", "Mr Doe", "Alan Doe")."""
        words = name.split()
        if not words:
            return False
        if self._personal(words):
            return True
        for m in re.finditer(rf"(?<![\w&]){re.escape(name)}(?![\w&])", text):
            p, lo = m.start(), max(0, m.start() - 60)
            if _TITLE_BEFORE_RE.search(text, lo, p):
                return True
            pc = _PREV_CAP_RE.search(text, lo, p)
            if pc and (self._personal([pc.group(1), *words]) or _TITLE_BEFORE_RE.search(text, lo, pc.start())):
                return True
        return False

    def soft_stopped(self, name: str, outlet_ok: bool = False) -> bool:
        """is_stopped for names in corporate context: an institution word counts only at the end
        ("Foundation Medicine" is a company, "Gates Foundation" is not); ``outlet_ok`` as there."""
        k = _key(name)
        if self._listed_stop(k, outlet_ok):
            return True
        words = k.split()
        if any(w.rstrip(".") in self.titles for w in words):
            return True
        last_stops = words[-1] in self.stop_words and not (outlet_ok and words[-1] in _OUTLET_WORDS)
        if last_stops or any(w in _HARD_STOP for w in words):
            return True
        return any(f" {sw} " in f" {k} " for sw in self.stop_phrases)

    def not_a_company(self, surface: str, display: str, weak: bool = True) -> bool:
        """Places, currency codes, people and ordinary words (the general tables)."""
        words = display.split()
        if not words:
            return True
        k = _key(display)
        if all(_key(w).rstrip(".") in self.legal for w in words):
            return True  # "Inc." alone
        legal = _key(surface.replace(",", " ").split()[-1]) in self.strong_legal
        if not legal and (k in self.world_places or _key(self.core(display)) in self.world_places):
            return True
        if display.upper() == display and display.replace(".", "") in self.currencies:
            return True  # "USD 750 million"
        if weak and len(words) == 1 and not legal and (words[0].casefold() in self.common or words[0] in self.names):
            return True  # "Analysts", "Smith"
        if 2 <= len(words) <= 3 and not legal and all(
                w in self.names or re.fullmatch(r"[A-Z]\.?", w) for w in words):
            return True  # "Alan Joyce", "Mary J. Smith"
        return False

    def clean(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """Trim openers and possessives; None if nothing company-like is left."""
        seg = text[start:end]
        words = list(re.finditer(r"\S+", seg))
        while words and (_key(words[0].group()) in self.leading or words[0].group() in {"&", "of", "and"}
                         or words[0].group() in self.labels
                         or _ADJ_RE.search(words[0].group())):
            words.pop(0)
        while words and words[-1].group() in {"&", "of", "and"}:
            words.pop()
        if not words:
            return None
        s, e = start + words[0].start(), start + words[-1].end()
        m = re.search(r"['\u2019]s?$", text[s:e])
        if m:
            e = s + m.start()
        while e > s and text[e - 1] in ",;:":
            e -= 1
        return (s, e) if e > s else None

    def core(self, display: str) -> str:
        """The name without place prefix, legal suffixes and descriptors."""
        words = display.split()
        changed = True
        while changed and len(words) > 1:
            changed = False
            if _key(words[0]) in self.places:
                words, changed = words[1:], True
                continue
            for n in (3, 2, 1):
                if len(words) > n and _key(" ".join(words[-n:])) in (self.legal | self.descriptors):
                    words, changed = words[:-n], True
                    break
        return " ".join(words)

    def display(self, surface: str) -> str:
        """Surface form without legal suffixes (descriptors kept)."""
        words = surface.replace(",", " ").split()
        while len(words) > 1:
            for n in (2, 1):
                if len(words) > n and _key(" ".join(words[-n:])) in self.legal - {"group", "holdings", "technologies", "capital", "ventures", "venture partners", "capital partners"}:
                    if words[-n - 1] == "&":  # "Bennett, Coleman & Co" keeps its "& Co"
                        return " ".join(words[:-n + 1] if n > 1 else words)
                    words = words[:-n]
                    break
            else:
                break
        return " ".join(words)

    # -- rules -------------------------------------------------------------------
