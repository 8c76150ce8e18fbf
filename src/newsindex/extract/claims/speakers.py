"""Speaker resolution: what an article knows while its claims are read in order (people, roles, companies)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ...records import Figure, Mention
from ..companies import companies_in_span
from ..companies.coref import reference_noun as _reference_noun
from ..companies.coref import sector_of
from ..sentences import Span
from .phrases import _appositive_end, _base
from .tables import (
    ARTICLES, CAPITAL_STOPS, COMPANY_ANAPHORS, COMPANY_PRONOUNS, CONNECTORS, DEPARTMENTS, DESCRIPTORS, DETERMINERS, DOCUMENTS,
    FUNCTION_WORDS, HONORIFICS, MASK, ORG_CUES, ORG_NOUNS, OTHER_PRONOUNS, PERSON_PRONOUNS, ROLES, ROLE_PHRASE_RE, SPEECH_RE,
    _POSSESSIVE_RE, _SPK, _VERBS, words_pattern,
)


@dataclass
class _Entity:
    name: str
    kind: str  # person / org
    pos: int
    companies: list[str]
    role: str | None = None


@dataclass
class _Speaker:
    text: str  # as written
    start: int
    end: int  # span of the phrase with its appositives
    name: str | None
    role: str | None
    kind: str
    companies: list[str]
    resolved: bool = False  # the name came from an earlier mention


_CAP_WORD = r"[A-Z][a-z’'-]+"
# "(?<![\w’'-])" before the first capitalised word, written after its capital (the same
# matches): a pattern that opens with a character class lets the search skip to capitals
_INTRO_RE = re.compile(
    r"([A-Z](?<![\w’'-][A-Z])[a-z’'-]+(?:\s+" + _CAP_WORD + r"){1,2}),\s+"
    r"(?:a|an|the|its|their|who|senior|chief|former|head|deputy|[a-z-]+(?:er|or|ist|ian|ant|ent))\b"
)
#: "<Company>['s] <title> <Name>": "Acme chief executive Jane Doe", "Acme's Chairman and CEO John Roe"
_TITLE_NAME_RE = re.compile(
    r"(?:['’]s?)?\s+((?:[\w-]+\s+){1,6}?)([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})(?![\w’'-])"
)
#: day words that may follow a name without a comma ("signed by Acme chief executive Jan Ober-Lind
#: Tuesday in Paris"): never the end of the name (months are left alone: "Theresa May")
_DAY_WORDS = frozenset(w for w in _VERBS["time_words"] if w.endswith("day") or w == "tonight")
_TITLE_WORDS = frozenset(w for phrase in _SPK["roles"] + _SPK["role_modifiers"] for w in phrase.lower().split()) | {
    "and", "&", "of", "co-founder", "founder", "ceo", "cfo", "coo", "cto", "chairwoman", "chairperson",
}


#: ", which is backed by X,", ", owned by Y,", ", whose investors include Z,": side clauses
_SIDE_CLAUSE_RE = re.compile(
    r",\s*(?:(?:which|who|that)\s+(?:is|was|are|were|has\s+been|had\s+been)\s+(?:also\s+)?(?:[a-z]+ly\s+)?"
    r"(?:backed|funded|owned|controlled|financed|supported|part-owned)\s+by|whose\s+(?:investors|backers|shareholders|owners)"
    r"|(?:backed|funded|owned|controlled|financed|part-owned)\s+by|an?\s+(?:investor|backer|shareholder)\s+in)"
    r"[^,;.▒]{0,200}(?=,)"
)
#: "its", "the company", "the e-commerce giant's": candidates for ``_Context.references``
_REFERENCE_RE = re.compile(r"(?<![\w-])(?:[Ii]ts|[Tt]he(?:\s+[\w’'-]+){1,3})(?![\w-])")
#: roles that speak for the company of the text when they name none ("Chief executive Jane Doe")
_OFFICER_ROLES = frozenset({
    "executive", "ceo", "cfo", "coo", "cto", "chairman", "chairwoman", "chair", "president", "founder", "co-founder",
    "spokesperson", "spokesman", "spokeswoman", "officer", "director", "boss", "chief",
})
_PREPOSITION_BEFORE_RE = re.compile(r"(?<![\w-])(?:at|of|from|with|by|to|for)\s+(?:the\s+)?$", re.IGNORECASE)
_ANALYST_BEFORE_RE = re.compile(r"(?<![\w-])(?:analysts?|brokerage|broker|consultancy|research\s+firm|rating\s+agency)\s+$", re.IGNORECASE)
_ANALYST_WORD_RE = re.compile(r"(?<![\w-])(?:analysts?|brokerage|broker|consultancy|research\s+firm|rating\s+agency)(?![\w-])", re.IGNORECASE)
_STOCK_RE = re.compile(r"[Tt]he\s+(?:company's\s+)?(?:stock|shares)(?![\w-])")
_CLAUSE_WORD_RE = re.compile(r"\b(?:is|was|are|were|has|have|had|will|would|can|could|who|which)\b")
_ARTICLE_RE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)
#: the coreference helper's reading of a phrase, cached: the same few phrases recur in every article
reference_noun = lru_cache(maxsize=4096)(_reference_noun)
#: capitalised words that open a sentence before a name ("For Otieno, who ...")
_OPENERS = CAPITAL_STOPS | FUNCTION_WORDS


class _Context:
    """What one article knows while its claims are read in order: people, speakers, companies."""

    def __init__(self, body: str, masked: str, mentions: list[Mention], sents: list[Span], figures: list[Figure]):
        self.body = body
        self.masked = masked
        self.mentions = sorted((m for m in mentions if m.kind != "product"), key=lambda m: m.start)
        self._m_starts = [m.start for m in self.mentions]
        self.aliases = {m.alias for m in self.mentions}
        self._names: dict[str, str] = {}  # lower-case name or alias (no possessive) -> canonical name
        for m in self.mentions[:2000]:
            for key in (m.name, m.alias):
                key = _unpossess(key).lower()
                if len(key) >= 3:
                    self._names.setdefault(key, m.name)
        self.figures = sorted(figures, key=lambda f: f.start)
        self._f_starts = [f.start for f in self.figures]
        self.sents = sents
        self._s_starts = [s.start for s in sents]
        self.entities: list[_Entity] = []
        self._e_pos: list[int] = []
        for m in _INTRO_RE.finditer(body):
            name, at = m.group(1), m.start(1)
            first = name.split(None, 1)
            if len(first) == 2 and first[0].lower() in _OPENERS:  # "For Otieno, who runs ...": "Otieno"
                name, at = first[1], at + len(name) - len(first[1])
            if self._org_like(name) or self.mentions_in(at - 200, m.end(1), overlapping=(at, m.end(1))):
                continue
            end = _appositive_end(body, m.end(1), len(body))
            role = _ARTICLE_RE.sub("", body[m.end(1) : end].strip(" ,")) or None
            if role and SPEECH_RE.search(role):
                continue  # "..., the sources told Bloomberg": a clause, not an introduction
            if role and _CLAUSE_WORD_RE.search(role):
                role = None  # "who has studied the market": no role to repeat
            comps = self.in_span(m.end(1), end) or self.role_companies(role or "", m.end(1))
            self.add(_Entity(name, "person", at, comps, role))
        for mention in self.mentions:  # "Lessor chief executive Jan Ober-Lind", "Acme's CEO Jane Doe"
            tm = _TITLE_NAME_RE.match(body, mention.end, mention.end + 120)
            if not tm:
                continue
            title = tm.group(1).split()
            if len(title) > 5 or title[-1].lower() not in _TITLE_WORDS or not ROLE_PHRASE_RE.search(tm.group(1)) or any(
                w.lower() in FUNCTION_WORDS or SPEECH_RE.fullmatch(w) or w[-1] in ",;:" for w in title
            ):
                continue  # "chief executive", "commercial director", "Chairman and CEO"; not "said on Monday"
            name = tm.group(2)
            while name.split()[-1].lower() in _DAY_WORDS and " " in name:
                name = name.rsplit(None, 1)[0]
            if len(name.split()) < 2 or self._org_like(name) or self.mentions_in(tm.start(2), tm.end(2)):
                continue
            self.add(_Entity(name, "person", tm.start(2), [mention.name], f"{mention.alias} {' '.join(title)}"))

    def mentions_in(self, start: int, end: int, overlapping: tuple[int, int] | None = None) -> list[Mention]:
        """Mentions starting in [start, end); with ``overlapping``, those overlapping that span."""
        sub = self.mentions[bisect_left(self._m_starts, max(0, start)) : bisect_left(self._m_starts, end)]
        if overlapping:
            a, b = overlapping
            return [m for m in sub if m.start < b and m.end > a]
        return sub

    def in_span(self, start: int, end: int) -> list[str]:
        """Canonical names of the companies named inside body[start:end]."""
        return companies_in_span(self.mentions_in(start, end), start, end)

    def about(self, start: int, end: int) -> list[str]:
        """The companies named in body[start:end] outside side clauses: an investor or owner in
        ", which is backed by X," or ", owned by Y," is not what the claim is about (unless it is
        also named outside one)."""
        mentions = self.mentions_in(start, end)
        if not mentions:
            return []
        sides = [(m.start(), m.end()) for m in _SIDE_CLAUSE_RE.finditer(self.masked, start, end + 1)][:20]
        if not sides:
            return companies_in_span(mentions, start, end)
        main = [m for m in mentions if not any(a <= m.start < b for a, b in sides)]
        return companies_in_span(main, start, end)

    def figure_ids(self, start: int, end: int) -> list[str]:
        sub = self.figures[bisect_left(self._f_starts, start) : bisect_left(self._f_starts, end)]
        return [f.id for f in sub if f.end <= end]

    @staticmethod
    def _org_like(name: str) -> bool:
        words = [w.lower().strip("’'") for w in name.split()]
        return any(w in ORG_CUES or w in CAPITAL_STOPS for w in words) or words[0] in ("the",)

    def add(self, entity: _Entity) -> None:
        i = bisect_right(self._e_pos, entity.pos)
        self._e_pos.insert(i, entity.pos)
        self.entities.insert(i, entity)

    def _recent(self, pos: int, test, look_back: int = 400) -> _Entity | None:
        """The nearest entity before ``pos`` that passes ``test`` (bounded look-back)."""
        i = bisect_left(self._e_pos, pos)
        for e in reversed(self.entities[max(0, i - look_back) : i]):
            if test(e):
                return e
        return None

    def person(self, pos: int) -> _Entity | None:
        return self._recent(pos, lambda e: e.kind == "person")

    def by_word(self, word: str, pos: int) -> _Entity | None:
        """An earlier entity whose first or last word is ``word`` ("Wang" -> "Maya Wang", "Wang Tao")."""
        w = word.lower()

        def test(e: _Entity) -> bool:
            parts = e.name.lower().split()
            return len(parts) > 1 and (
                parts[-1] == w or (e.kind == "person" and (parts[0] == w or w in parts[-1].split("-")))
            )

        return self._recent(pos, test)

    def by_role(self, role: str, pos: int) -> _Entity | None:
        """An earlier speaker with this role ("the spokesperson"); for an organisation noun ("the school",
        "the ministry") only an organisation named with it, never a person quoted elsewhere."""
        r = role.lower()
        if r.split()[-1] not in ROLES:
            return self._recent(pos, lambda e: e.kind == "org" and e.name.lower().split()[-1:] == [r.split()[-1]])
        return self._recent(pos, lambda e: r in (e.role or "").lower().split() or r in e.name.lower().split())

    def company(self, pos: int, unit_start: int, phrase: str | None = None) -> str | None:
        """The company "it", "the company" or "the airline" refers to: the first named in this or a
        recent sentence (the subject before the objects) that fits the phrase's sector noun; a company
        known to be of that sector first."""
        ref = reference_noun(phrase) if phrase else None
        sector = ref[1] if ref else None
        cands = [m for m in self.mentions_in(unit_start, pos) if self.masked[m.start] != MASK][:50]
        idx = bisect_left(self._s_starts, unit_start)
        for s in reversed(self.sents[max(0, idx - (8 if sector else 4)) : idx]):
            cands.extend(m for m in self.mentions_in(s.start, min(s.end, pos))[:50] if self.masked[m.start] != MASK)
        if sector is not None:
            known = [m for m in cands if sector_of(m) == sector]
            cands = known or [m for m in cands if sector_of(m) is None]
        # subjects before objects of a preposition ("Analysts at Jefferies said": Jefferies is no
        # antecedent of "the company" while a subject or a company that spoke is near)
        subjects = [
            m for m in cands
            if not _PREPOSITION_BEFORE_RE.search(self.masked, max(0, m.start - 12), m.start)
            and not _ANALYST_BEFORE_RE.search(self.masked, max(0, m.start - 25), m.start)
            and not self._in_side_clause(m.start)
        ]  # nor a firm of analysts: "financial analysts Brightwater revealed"; nor an owner in a side clause
        if subjects:
            return subjects[0].name
        spoke = self._recent(pos, lambda e: e.kind == "org" and bool(e.companies) and pos - e.pos < 3000 and not any(
            _base(w) in ROLES for w in e.name.split()
        ) and not _ANALYST_WORD_RE.search(e.role or ""), 20)  # a company that spoke itself, not "Analysts at X"
        if spoke:  # the company that spoke last: "supermarket chain X warned"
            return spoke.companies[0]
        others = [m for m in cands if not _ANALYST_BEFORE_RE.search(self.masked, max(0, m.start - 25), m.start)]
        return others[0].name if others else None

    def _in_side_clause(self, pos: int) -> bool:
        """The company at ``pos`` stands in a side clause of its sentence (an owner, a parent: "The
        club, which is controlled by the holding company Exor, posted ..."), not as its subject."""
        i = bisect_right(self._s_starts, pos) - 1
        start = self.sents[i].start if i >= 0 else 0
        return any(m.start() <= pos < m.end() for m in _SIDE_CLAUSE_RE.finditer(self.masked, max(start, pos - 250), pos + 250))

    def named_company(self, name: str) -> str | None:
        """A company of the article whose name or alias is written inside ``name`` ("J Sainsbury" holds
        "Sainsbury's"), for a speaker the companies layer did not mark."""
        low = f" {name.lower()} "
        for key, canonical in self._names.items():
            if f" {key} " in low:
                return canonical
        return None

    def short_form_company(self, name: str) -> str | None:
        """The one company of the article that ``name`` abbreviates, for a speaker the companies layer
        did not mark: "P&G" (Procter & Gamble: the initials), "VW" (Volkswagen: letters of one word in
        order, opening with its first). None when no company or more than one fits."""
        letters = [c for c in name if c.isalpha()]
        if not 2 <= len(letters) <= 5 or not all(c.isupper() for c in letters) or any(
            not (c.isalpha() or c in "&.-") for c in name
        ):
            return None
        strict: set[str] = set()
        loose: set[str] = set()
        for m in self.mentions[:2000]:
            for form in (m.name, m.alias):
                if form.upper() == name.upper():
                    continue
                initials = [w[0] for w in re.findall(r"[^\W\d_]+", form)]
                capitals = [c for c in form if c.isupper()]
                if [c.upper() for c in initials] == letters or capitals == letters:
                    strict.add(m.name)
                elif form[:1] == letters[0] and _in_order(letters[1:], form.split()[0][1:].upper()):
                    loose.add(m.name)
        found = strict or loose
        return next(iter(found)) if len(found) == 1 else None

    def references(self, start: int, end: int, skip: tuple[int, int], third_party: bool = False) -> list[str]:
        """Companies that "its", "the company" or "the airline" in body[start:end] refer to (outside
        quotations and the speaker phrase ``skip``; the first three). With ``third_party`` (the speaker
        is an analyst or a broker), "the company" is never the speaker's own firm."""
        out: list[str] = []
        own = set(self.in_span(*skip)) if third_party else set()
        for m in _REFERENCE_RE.finditer(self.masked, start, end):
            if len(out) >= 3 or m.start() - start > 600:
                break
            if skip[0] <= m.start() < skip[1]:
                continue
            phrase = m.group()
            if _STOCK_RE.match(phrase):  # "the stock", "the shares": the company a recent sentence spoke of
                comp = self.company(start, start)
                if comp and comp not in out:
                    out.append(comp)
                continue
            if phrase.lower() != "its":
                words = phrase.split()
                phrase = next((" ".join(words[:k]) for k in range(len(words), 1, -1)
                               if reference_noun(" ".join(words[:k]))), None)
                if phrase is None:
                    continue
            comp = self.company(m.start(), start, phrase)
            if comp in own:  # "According to brokerage X, ... the company's margins": not X
                comp = self.company(start, start, phrase)
            if comp and comp not in out and comp not in own:
                out.append(comp)
        return out

    def dominant(self) -> str | None:
        """The company the article is about, when one stands out: named at least three times and at
        least twice as often as any other."""
        counts: dict[str, int] = {}
        for m in self.mentions:
            counts[m.name] = counts.get(m.name, 0) + 1
        ranked = sorted(counts.values(), reverse=True)
        if not ranked or ranked[0] < 3 or (len(ranked) > 1 and ranked[0] < 2 * ranked[1]):
            return None
        return max(counts, key=counts.__getitem__)

    def role_companies(self, role: str, pos: int) -> list[str]:
        """The company a role speaks for when it names none: "its new chairman", "chief executive of
        Britain's third largest grocer" (a description resolved to the company it fits)."""
        words = role.split()
        if any(w.lower() in ("its", "their") for w in words[:3]):
            comp = self.company(pos, pos)
            return [comp] if comp else []
        low = [w.lower().strip(".,;") for w in words]
        if words and words[0][:1].isupper() and low[0] not in _TITLE_WORDS and not self.in_span(pos - len(role) - 1, pos):
            return []  # "Usdaw national officer Jo Pike": the officer of an organisation the text names, no company
        if low and low[-1] in _OFFICER_ROLES and not any(
            w in ("of", "at", "for", "from") or (w in ORG_NOUNS and w not in COMPANY_ANAPHORS) for w in low
        ):  # not "committee chairman", "union president"
            comp = self.company(pos, pos)  # "Chief executive Jane Doe": of the company in the text
            return [comp] if comp else []
        for k in range(len(low) - 1, -1, -1):
            if low[k] in ("of", "at", "for"):
                rest = [_unpossess(w) for w in low[k + 1 :] if w not in ARTICLES]
                if rest and reference_noun("the " + " ".join(rest[-3:])):
                    comp = self.company(pos, pos, "the " + " ".join(rest[-3:]))
                    return [comp] if comp else []
                break
        return []


def _in_order(letters: list[str], text: str) -> bool:
    """The letters occur in ``text`` in this order (not necessarily next to each other)."""
    pos = 0
    for c in letters:
        pos = text.find(c, pos) + 1
        if pos == 0:
            return False
    return True


def _unpossess(word: str) -> str:
    """"Hikvision’s" -> "Hikvision", "Technologies’" -> "Technologies"."""
    if word.endswith(("’s", "'s")):
        return word[:-2]
    return word.rstrip("’'")


def _split_role_name(words: list[str]) -> tuple[str | None, list[str]]:
    """("Megvii co-founder and chief executive", ["Yin", "Qi"]) for a role followed by a name."""
    text = " ".join(words)
    last_role_end = None
    for m in ROLE_PHRASE_RE.finditer(text):
        last_role_end = m.end()
    if last_role_end is None:
        lower = [i for i, w in enumerate(words) if not w[:1].isupper() and w.lower() not in CONNECTORS]
        if lower and lower[-1] + 1 < len(words) and len(words) - lower[-1] - 1 <= 4:
            cut = lower[-1] + 1  # "surveillance video research platform IPVM", "telecoms company Huawei"
            return " ".join(words[:cut]), words[cut:]
        return None, words
    role_words = len(text[:last_role_end].split())
    rest = words[role_words:]
    lower = [i for i, w in enumerate(words) if not w[:1].isupper() and w.lower() not in CONNECTORS]
    if lower and lower[-1] + 1 >= role_words and lower[-1] + 1 < len(words):
        role_words, rest = lower[-1] + 1, words[lower[-1] + 1 :]
        if words[role_words - 1].lower() in ARTICLES:
            return None, words  # "head of the Federal Reserve": the role is the speaker, the name its body
    if rest and rest[0].lower() in CONNECTORS:  # "Head of China Equity Strategy Vincent Chan"
        caps = rest[1:]
        if len(caps) >= 3 and all(w[:1].isupper() for w in caps):
            n = 0  # the name: the capitalised words after the last department or organisation word
            while n < min(4, len(caps) - 1) and caps[-1 - n].lower().strip("’'.") not in DEPARTMENTS | ORG_CUES:
                n += 1
            n = n if n >= 2 else 2
            return " ".join(words[: len(words) - n]), words[-n:]
        return None, words
    possessive_role = bool(_POSSESSIVE_RE.search(words[role_words - 1])) if role_words else False
    if rest and all(w[:1].isupper() for w in rest) and len(rest) <= 4 and not possessive_role and not any(
        w.lower().strip("’'.") in ORG_CUES for w in rest
    ):
        return " ".join(words[:role_words]), rest
    return None, words


def _person_shaped(words: list[str]) -> bool:
    return (
        1 <= len(words) <= 4
        and words[0] != "The"
        and all(w[:1].isupper() and not w.isupper() and not any(c.isdigit() for c in w) for w in words)
        and not any(w.lower().strip(".’'") in ORG_CUES for w in words)
    )


_OWNER_RE = re.compile(r"\s+(?:for|of|at|from)\s+the\s+" + words_pattern(_SPK["company_anaphors"]) + r"(?![\w-])")


def _speaker(ctx: _Context, start: int, end: int, span_end: int, unit_start: int) -> _Speaker:
    """Normalise and resolve the speaker phrase body[start:end] (its appositives run to span_end)."""
    written = ctx.body[start:end]
    words = written.split()
    companies = ctx.about(start, span_end)
    low0 = words[0].lower()

    def make(name, role=None, kind="org", comps=None, resolved=False):
        return _Speaker(written, start, span_end, name, role, kind, comps if comps is not None else companies, resolved)

    # "the report", "Documents": a document (a capitalised one ending a name is not: "Counterpoint Research")
    document = _base(words[-1]) in DOCUMENTS and (words[-1].islower() or len(words) == 1)
    if low0 in DETERMINERS and low0 in COMPANY_PRONOUNS or (len(words) == 1 and low0 in COMPANY_PRONOUNS):
        comp = ctx.company(start, unit_start)
        role = None if document else " ".join(words[1:]) or None  # "its latest filing": the company, no role
        return make(comp, role, "org", [comp] if comp else companies, True)
    if len(words) == 1 and low0 in PERSON_PRONOUNS:
        e = ctx.person(start)
        return make(e.name if e else None, e.role if e else None, "person", (e.companies if e else []) or companies, True)
    if len(words) == 1 and low0 in OTHER_PRONOUNS | DETERMINERS:
        return make(None)
    if document:
        return _document_speaker(ctx, make, words, start)
    tail = _AFFILIATION_TAIL_RE.search(written)
    if tail and tail.start() > 0:  # "Head of European Pharma Research Anna Lee at Barclays"
        role, name_words = _split_role_name(written[: tail.start()].split())
        if role is not None and _person_shaped(name_words):
            return _resolve_name(ctx, make, name_words, f"{role} {tail.group().strip()}", start)
    affiliated = _AFFILIATION_RE.match(written)
    if affiliated and _person_shaped(affiliated.group(1).split()):  # "Maya Wang of the Harvard Business School"
        return _resolve_name(ctx, make, affiliated.group(1).split(), affiliated.group(2), start)
    definite = low0 == "the"
    if low0 in ARTICLES and len(words) > 1 and (
        words[0] != "The" or not words[1][:1].isupper() or "." in words[1].rstrip(".")
    ):  # "the spokesman", "The U.S."; "The Information" keeps its article
        words = words[1:]
    elif words[0] == "The" and len(words) > 1 and not words[1][:1].isupper():
        words, definite = words[1:], True
    if _GROUP_AT_RE.match(" ".join(words)):  # "Analysts at RBC Capital Markets": kept whole, not "Capital Markets"
        return make(" ".join(words), None, "org")
    if len(words) > 1 and words[0].lower() in DESCRIPTORS and words[0][:1].isupper() and all(
        w[:1].isupper() for w in words[1:]
    ) and (companies or any(_base(w) in ORG_CUES for w in words[1:])):
        return _resolve_name(ctx, make, words[1:], words[0].lower(), start)  # "Rival Rio Tinto": the company
    if len(words) == 2 and words[0] == "The":  # "The Times" -> "New York Times" named earlier
        e = ctx.by_word(words[1], start)
        if e is not None:
            return make(e.name, e.role, e.kind, e.companies or companies, True)
    if words[0] == "The" and len(words) > 2 and not re.search(r"[^\W\d_],?\s*$", ctx.masked[max(0, start - 40) : start]):
        words = words[1:]  # "The" opening a sentence is not part of the name
    if len(words) == 1 and definite and _base(words[0]) in COMPANY_ANAPHORS:
        comp = ctx.company(start, unit_start, "the " + _base(words[0]))
        return make(comp, None, "org", [comp] if comp else companies, True)
    description = _description(words)
    if description and not companies:  # "The Tokyo-based electronics giant", "Europe's biggest oil group"
        comp = ctx.company(start, unit_start, description)
        if comp:
            return make(comp, None, "org", [comp], True)
    if _OWNER_RE.match(ctx.body, end) and not any(w[:1].isupper() for w in words):  # "a representative for the company"
        comp = ctx.company(start, unit_start)
        if comp:
            return make(f"{comp} {' '.join(words)}", None, "org", [comp], True)
    if definite and all(w.islower() for w in words):
        e = ctx.by_role(" ".join(words), start)
        if e is not None:
            return make(e.name, e.role, e.kind, e.companies or companies, True)
    # possessive owner: "Hikvision’s Huang", "Huawei Technologies’ executive director Wang Tao"
    for i, w in enumerate(words[:-1]):
        if _POSSESSIVE_RE.search(w):
            owner, rest = words[: i + 1], words[i + 1 :]
            owner_is_company = bool(ctx.in_span(start, start + len(" ".join(owner))))
            if rest[0][:1].isupper():
                if owner_is_company or len(owner) == 1:
                    words = rest  # the owner is an affiliation or a place: "America’s NPR"
            elif owner_is_company:
                words = owner[:-1] + [_unpossess(owner[-1])] + rest
            break
    role, name_words = _split_role_name(words)
    if role is not None:
        name_words = [w for w in name_words if w.lower() not in HONORIFICS]
        return _resolve_name(ctx, make, name_words, role, start)
    stripped = [w for w in words if w.lower() not in HONORIFICS] or words
    if len(stripped) == 1 and stripped[0][:1].isupper():
        return _resolve_name(ctx, make, stripped, None, start)
    name = " ".join(stripped)
    human_role = _base(stripped[-1]) in ROLES or _base(stripped[-1]).rstrip("s") in ROLES
    kind = "person" if human_role or (_person_shaped(stripped) and not ctx.in_span(start, end)) else "org"
    return make(name, None, kind)


def _description(words: list[str]) -> str | None:
    """"the <modifiers> <noun>" when the words describe a company without naming it: lower-case words,
    "-based" places and a possessive place before a company noun ("Tokyo-based electronics giant",
    "Europe's biggest oil and gas group", "auto major"); else None."""
    body = [w for w in words if w.lower() not in ARTICLES]
    if body and _POSSESSIVE_RE.search(body[0]) and body[0][:1].isupper():
        body = body[1:]  # "Europe's", "Britain's"
    if not body or not body[-1].islower():
        return None  # the head is a lower-case company noun; its modifiers may be places ("The U.S. drugmaker")
    phrase = "the " + " ".join(body[-3:])
    return phrase if reference_noun(phrase) else None


_AFFILIATION_RE = re.compile(r"((?:[A-Z][\w’'.-]*\s+){1,3}?[A-Z][\w’'-]+)\s+((?:of|at|from|with)\s+(?:the\s+)?[A-Z].*)$")


#: people of a firm, named by a plural role: "Analysts at RBC Capital Markets", "Economists at Acme Bank"
_GROUP_AT_RE = re.compile(
    r"(?:[a-z-]+\s+){0,2}(?:" + words_pattern([r + "s" for r in _SPK["roles"] if " " not in r and not r.endswith("s")])
    + r")\s+(?:at|of|from|with)\s+(?:the\s+)?[A-Z][\w’'&.-]*(?:\s+[A-Z&][\w’'&.-]*){0,4}$",
    re.IGNORECASE,
)
_AFFILIATION_TAIL_RE = re.compile(r"\s+(?:at|of|from|with)\s+(?:the\s+)?[A-Z][\w’'&.-]*(?:\s+[A-Z&][\w’'&.-]*){0,4}$")


def _document_speaker(ctx: _Context, make, words: list[str], pos: int) -> _Speaker:
    """A document is a source of its own ("the report", "documents"); with a named owner ("Sony's latest
    filing", "a think tank's report") the owner speaks. Never a person quoted elsewhere, never a role."""
    words = words[1:] if words[0].lower() in ARTICLES else words
    for i, w in enumerate(words[:-1]):
        if _POSSESSIVE_RE.search(w):
            owner = words[: i + 1]
            owner = owner[1:] if owner[0].lower() in ARTICLES else owner
            owner[-1] = _unpossess(owner[-1])
            if owner and owner[-1][:1].isupper():
                return _resolve_name(ctx, make, owner, None, pos)
            if reference_noun("the " + " ".join(owner)):  # "the company's filing"
                comp = ctx.company(pos, pos, "the " + " ".join(owner))
                if comp:
                    return make(comp, None, "org", [comp], True)
            return make(" ".join(owner), None, "org")
    caps = [w for w in words[:-1] if w[:1].isupper()]
    if caps and words[: len(caps)] == caps:  # "the Human Rights Watch report", "a Goldman Sachs note"
        return _resolve_name(ctx, make, caps, None, pos)
    if len(words) > 1 and reference_noun("the " + words[-2]):  # "a company statement": the company's
        comp = ctx.company(pos, pos, "the " + words[-2])
        if comp:
            return make(comp, None, "org", [comp], True)
    return make(" ".join(words), None, "org")


def _resolve_name(ctx: _Context, make, name_words: list[str], role: str | None, pos: int) -> _Speaker:
    name = " ".join(name_words)
    if len(name_words) == 1:
        e = ctx.by_word(name_words[0], pos)
        if e is not None:
            comps = list(dict.fromkeys(make(None).companies + e.companies))
            return make(e.name, role or e.role, e.kind, comps, True)
    person = _person_shaped(name_words) and name not in ctx.aliases
    return make(name, role, "person" if person else "org")
