"""Claims: attributed statements and facts about named companies.

A claim is a sentence of the body, or a quotation running over several
sentences, that is either

* attributed to a source (a person, a role, an organisation, a publication):
  "X said Y", "Y, X said", "“Y,” said X", "according to X, Y", "X told CNBC that
  Y", "X claims that Y", "X said: “Y”", "“Y,” says X, a fellow at Z"; or
* a fact about a named company: a company mention is the subject and the
  predicate carries a figure or a fact word (valued, sold, client, banned, ...).

How it works, in order:

1. quotation marks are paired per paragraph and their insides masked, so words
   inside a quotation never count as attribution;
2. sentences are grouped into units: a quotation running over several
   sentences is one unit, and so is a short "Wang said." after a quotation;
3. each unit is tried against the attribution patterns (speech verbs, "according
   to", a colon after a speaker); the speaker phrase is read around the verb,
   split into role and name, and resolved against speakers and people named
   earlier ("he", "Wang", "Mr Feldstein", "the company", "the spokesperson");
4. units without attribution are tried as company facts;
5. a quotation that continues after its attribution ("“A,” she said. “B.”") is
   kept in the same claim.

The verbs, role words, pronouns and cue words are data: ``data/claims.toml``.
Every regex is a flat alternation or works on a bounded window, so no input
makes extraction slow, and messy text never raises.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ..data import load
from ..records import Claim, Figure, Mention
from .companies import companies_in_span
from .figures import _trie
from .sentences import Span, paragraphs, sentences

_T = load("claims")


def _alternation(words, *, stems: bool = False) -> str:
    """A regex alternation of ``words``, longest first; spaces match any run of spaces.

    With ``stems``, a trailing ``*`` matches any word ending.

    >>> _alternation(["said", "according to"])
    '(?:according\\\\s+to|said)'
    """
    items = sorted({w.lower() for w in words}, key=lambda w: (-len(w), w))
    parts = []
    for w in items:
        star = stems and w.endswith("*")
        body = r"\s+".join(re.escape(x) for x in w.rstrip("*").split())
        parts.append(body + (r"[\w-]*" if star else ""))
    return "(?:" + "|".join(parts) + ")"


def _word_re(words, *, stems: bool = False, case: bool = False) -> re.Pattern:
    flags = 0 if case else re.IGNORECASE
    return re.compile(r"(?<![\w-])" + _alternation(words, stems=stems) + r"(?![\w-])", flags)


_VERBS = _T["verbs"]
_SPK = _T["speakers"]
SPEECH_RE = _word_re(_VERBS["speech"], case=True)  # verbs are written in lower case; "States" is a name
THAT_VERB_RE = _word_re(_VERBS["that_required"], case=True)
NOUN_FORMS = frozenset(_VERBS["noun_forms"])
ACCORDING_RE = _word_re(_VERBS["according"])
SOURCE_HEAD_RE = re.compile(
    r"\s*(?:(?:a|an|the|its|their|new|latest)\s+)?(?:[\w’'-]+\s+){0,3}?"
    r"(?:" + _alternation(_VERBS["source_nouns"]) + r")\s+(?:" + _alternation(_VERBS["source_links"]) + r")\s+",
    re.IGNORECASE,
)
NEEDS_COMPLEMENT = frozenset(_VERBS["needs_complement"])
TAIL_WORDS = frozenset(_VERBS["tail_words"])
_TIME = _alternation(_VERBS["time_words"])
TIME_AFTER_RE = re.compile(
    r"(?:\s+(?:(?:on|last|this|next|late|early|earlier|in)\s+)?" + _TIME + r"(?:\s+\d{1,2}(?![\d,]))?"
    r"|\s+(?:last|this|earlier\s+this|later\s+this|late\s+last|next)\s+(?:week|month|year|quarter)"
    r"|\s+in\s+an?\s+(?:[\w-]+\s+){0,3}?" + _alternation(_VERBS["manner_nouns"]) + r"(?![\w-])"
    r"|\s+by\s+(?:phone|telephone|email|e-mail|text\s+message))*",
    re.IGNORECASE,
)
SOURCE_TAIL_RE = re.compile(r"\s+" + _alternation(_SPK["source_tails"]) + r"(?![\w-])", re.IGNORECASE)
SOURCE_TAIL_END_RE = re.compile(r"\s+" + _alternation(_SPK["source_tails"]) + r"\s*$", re.IGNORECASE)
AUDIENCE_VERBS = frozenset({"told", "tells", "tell", "informed", "assured", "notified", "promised"})
# fillers between the speaker and the verb, read backwards from the verb: "has", "last week"
PRE_VERB_RE = re.compile(r"(?:\s+" + _alternation(_VERBS["pre_verb"]) + r")+\s*$", re.IGNORECASE)
PASSIVE_RE = re.compile(
    r"(?<![\w-])" + _alternation(_VERBS["passive"]) + r"(?:\s+(?:also|widely|often|not|reportedly|commonly))?\s*$",
    re.IGNORECASE,
)
THAT_AFTER_RE = re.compile(r"\s+(?:[^\s,.;:!?“”\"▒]+\s+){0,8}?that(?![\w-])", re.IGNORECASE)
NOUN_NEXT_RE = re.compile(r"\s+(?:[a-z]+s|is|was|are|were|has|have|had|by|of|from)\b(?<!\bits)(?<!\bthis)")
FACT_RE = _word_re(_T["facts"]["cues"], stems=True)
NON_FACT_RE = _word_re(_T["facts"]["non_facts"])

ROLES = frozenset(_SPK["roles"])
ORG_NOUNS = frozenset(_SPK["organisations"])
ROLE_MODIFIERS = frozenset(_SPK["role_modifiers"])
PERSON_PRONOUNS = frozenset(_SPK["person_pronouns"])
COMPANY_PRONOUNS = frozenset(_SPK["company_pronouns"])
COMPANY_ANAPHORS = frozenset(_SPK["company_anaphors"])
OTHER_PRONOUNS = frozenset(_SPK["other_pronouns"])
QUANTIFIERS = frozenset(_SPK["quantifiers"])
HONORIFICS = frozenset(_SPK["honorifics"])
ORG_CUES = frozenset(_SPK["organisation_cues"])
STOP_AFTER = frozenset(_SPK["stop_after"])
AUXILIARIES = frozenset(_T["facts"]["auxiliaries"])
NO_INVERSION = frozenset({"told", "tells", "tell", "claim", "say", "deny", "warn", "argue", "boast", "report", "estimate"})
ROLE_PHRASE_RE = re.compile(r"(?<![\w-])" + _alternation(_SPK["roles"]) + r"(?![\w-])", re.IGNORECASE)

ARTICLES = frozenset({"a", "an", "the"})
DETERMINERS = frozenset({"its", "his", "her", "their", "our", "my", "your"})
CONNECTORS = frozenset({"of", "at", "for", "and", "&", "de", "van", "von", "der", "bin", "al", "la", "le", "du"})
# capitalised words that open a clause rather than a name ("Earlier Wang said ...")
CAPITAL_STOPS = frozenset(
    "earlier meanwhile however separately in on at but and also last this yesterday today still then now "
    "instead while when after before since as so yet although though if because according speaking writing "
    "finally later previously initially recently asked some many most both each other others".split()
)
FUNCTION_WORDS = frozenset(
    "in on to by with from into onto over under for of at about against through via across near that which who whom whose is was are were be been being has "
    "have had not no it this these those there when while as than so but or if because after before since "
    "would will can could may might must should do does did said says told added also just only even very "
    "more most less such what where why how all some any each".split()
)

QUOTE_OPEN = "“«"
QUOTE_CLOSE = "”»"
MASK = "▒"
_TOKEN_RE = re.compile(r"[^\s,;:()\[\]“”«»\"▒]+")
_POSSESSIVE_RE = re.compile(r"(?:['’]s|s['’])$")
_WINDOW = 300  # characters read around an attribution verb
# patterns of the readers below, compiled once
_APPOSITIVE_OPEN_RE = re.compile(r",\s+(?:[a-z]|[A-Z][\w’'.-]*(?:['’]s?|\s+[a-z]))")
_APPOSITIVE_END_RE = re.compile(r"[,.;:!?]|$")
_RELATIVE_RE = re.compile(r",\s*(?:which|who)(?:\s+(?:has|have|had|also))?$")
_COLON_AFTER_RE = re.compile(r"[^:;.,“”\"▒]{0,60}:\s*(?=[“\"«]|$)")
_SPACES_RE = re.compile(r"\s+")
_NEXT_WORD_RE = re.compile(r"\s*([^\W\d_][\w’'-]*|[“\"«▒])")
_QUOTE_BEFORE_RE = re.compile(r"[”\"»][,.]?$|[,.?!][”\"»]$")
_COLON_QUOTE_RE = re.compile(r"([^:]{1,120}):\s*[“\"«]")
_LIST_GAP_RE = re.compile(r"\s*,\s*|\s+and\s+|\s*,\s*and\s+")
_POSSESSIVE_SUBJECT_RE = re.compile(r"['’]s?(?:\s+[\w-]+){1,3}?(?=\s+(?:" + "|".join(sorted(AUXILIARIES)) + r")\b)")
_SUBJECT_APPOSITIVE_RE = re.compile(r"\s*,[^,;:▒]{1,200}(?=,)")
_MAX_NP_TOKENS = 14


# --------------------------------------------------------------------------- quotation masking


_QUOTE_CHAR_RE = re.compile("[" + re.escape(QUOTE_OPEN + QUOTE_CLOSE + '"') + "]")


def _quote_spans(body: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(open, end, closed) of the quotations in body[start:end]; an unclosed one runs to ``end``."""
    spans: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    for qm in _QUOTE_CHAR_RE.finditer(body, start, end):  # only the quotation marks, not every character
        i = qm.start()
        ch = body[i]
        if ch in QUOTE_OPEN or (ch == '"' and open_at is None and not (i > start and body[i - 1].isdigit())):
            if open_at is not None:
                spans.append((open_at, i, False))
            open_at = i
        elif ch in QUOTE_CLOSE or (ch == '"' and open_at is not None):
            if open_at is not None:
                spans.append((open_at, i + 1, True))
                open_at = None
    if open_at is not None:
        spans.append((open_at, end, False))
    return spans


def _mask(body: str, quotes: list[tuple[int, int, bool]]) -> str:
    """body with the inside of every quotation replaced by MASK (same length, newlines kept)."""
    chars = list(body)
    for s, e, closed in quotes:
        for i in range(s + 1, e - 1 if closed else e):
            if chars[i] != "\n":
                chars[i] = MASK
    return "".join(chars)


def _quoted_chars(masked: str, start: int, end: int) -> int:
    """Characters of body[start:end] inside quotation marks, the marks included."""
    n = masked.count(MASK, start, end)
    return n + sum(masked.count(q, start, end) for q in QUOTE_OPEN + QUOTE_CLOSE + '"') if n else 0


# --------------------------------------------------------------------------- units


@dataclass
class _Unit:
    start: int
    end: int
    paragraph: int
    sentences: list[Span] = field(default_factory=list)


def _is_quote_only(masked: str, start: int, end: int) -> bool:
    """True when the unit has no words outside quotation marks."""
    seg = masked[start:end]
    return MASK in seg and not re.search(r"[^\W_]", seg.replace(MASK, ""))


def _units(body: str, masked: str, para_sents: list[Span]) -> list[_Unit]:
    """Group the sentences of one paragraph: a quotation over several sentences is one unit."""
    units: list[_Unit] = []
    for s in para_sents:
        inside_quote = masked[s.start] == MASK  # the sentence starts inside a running quotation
        if units and inside_quote:
            units[-1].end = s.end
            units[-1].sentences.append(s)
        else:
            units.append(_Unit(s.start, s.end, s.paragraph, [s]))
    merged: list[_Unit] = []
    for u in units:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and _is_quote_only(masked, prev.start, prev.end)
            and len(body[u.start : u.end].split()) <= 15
            and SPEECH_RE.search(masked, u.start, u.end)
            and MASK not in masked[u.start : u.end]
        ):  # "“Are they?” Wang asked."
            prev.end = u.end
            prev.sentences.extend(u.sentences)
        else:
            merged.append(u)
    return merged


# --------------------------------------------------------------------------- speaker phrases


class _Tok:
    __slots__ = ("start", "end", "text")

    def __init__(self, start: int, end: int, text: str):
        self.start, self.end, self.text = start, end, text

    @property
    def low(self) -> str:
        return self.text.lower()


def _tokens(s: str, lo: int, hi: int) -> list[_Tok]:
    out = []
    for m in _TOKEN_RE.finditer(s, lo, hi):
        text = m.group()
        if text[-1] == "." and len(text) > 2 and "." not in text[:-1] and text[:-1].lower() not in HONORIFICS:
            out.append(_Tok(m.start(), m.end() - 1, text[:-1]))
        else:
            out.append(_Tok(m.start(), m.end(), text))
    return out


# The speaker readers use at most _MAX_NP_TOKENS tokens next to a verb, out of a window of
# _WINDOW characters; tokenising a shorter window first gives the same tokens when it holds
# more than that many (the one cut by the window's edge is never used).
_NEAR = 120


def _last_tokens(s: str, lo: int, hi: int) -> list[_Tok]:
    """The tokens of s[max(lo, hi - _WINDOW):hi], or a shorter tail of them ending the same way."""
    full = max(lo, hi - _WINDOW)
    if hi - _NEAR > full:
        toks = _tokens(s, hi - _NEAR, hi)
        if len(toks) > _MAX_NP_TOKENS:
            return toks
    return _tokens(s, full, hi)


def _first_tokens(s: str, lo: int, hi: int) -> list[_Tok]:
    """The tokens of s[lo:min(hi, lo + _WINDOW)], or a shorter head of them starting the same way."""
    full = min(hi, lo + _WINDOW)
    if lo + _NEAR < full:
        toks = _tokens(s, lo, lo + _NEAR)
        if len(toks) > _MAX_NP_TOKENS:
            return toks
    return _tokens(s, lo, full)


def _is_cap(tok: _Tok) -> bool:
    c = tok.text[:1]
    return c.isupper() or (c.isdigit() and any(ch.isalpha() for ch in tok.text))


def _base(word: str) -> str:
    return _POSSESSIVE_RE.sub("", word.lower()).strip("’'")


def _is_head_noun(tok: _Tok) -> bool:
    b = _base(tok.text)
    return b in ROLES or b in ORG_NOUNS or (b.endswith("s") and (b[:-1] in ROLES or b[:-1] in ORG_NOUNS))


def _adjacent(s: str, a: _Tok, b: _Tok) -> bool:
    """Only spaces between two tokens (no comma, quote or bracket)."""
    return s[a.end : b.start].strip() == ""


def _np_backward(s: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The speaker phrase ending at ``hi`` (spaces aside), read backwards, or None.

    It must end in a capitalised word, a role or organisation noun, or a pronoun.
    """
    toks = _last_tokens(s, lo, hi)
    if not toks or s[toks[-1].end : hi].strip(" \n."):
        return None
    last = toks[-1]
    if _POSSESSIVE_RE.search(last.text) or last.text.endswith(("’", "'")):
        return None  # "the working group’s report": an owner, not a speaker
    if last.low in PERSON_PRONOUNS | COMPANY_PRONOUNS | OTHER_PRONOUNS:
        return last.start, last.end
    if _is_cap(last):
        role_tail = False
        if last.low in CAPITAL_STOPS:
            return None
    elif _is_head_noun(last):
        role_tail = True
    else:
        return None
    first = len(toks) - 1
    for i in range(len(toks) - 2, max(-1, len(toks) - 1 - _MAX_NP_TOKENS), -1):
        tok = toks[i]
        if not _adjacent(s, tok, toks[i + 1]):
            break
        low = tok.low
        if low in ARTICLES or low in DETERMINERS:
            first = i
            break
        if tok.text[:1].isdigit() and not _is_cap(tok):
            break  # "In 2017 Chinese state media said"
        if _is_cap(tok):
            if low in CAPITAL_STOPS or (tok.text == "The" and not _is_cap(toks[i + 1])):
                if tok.text == "The":
                    first = i
                break
            first = i
            if low == "the":
                break
            continue
        base = _base(tok.text)
        if base in ROLES or base in ORG_NOUNS or base in ROLE_MODIFIERS or base in CONNECTORS:
            first = i
            continue
        if role_tail and low not in FUNCTION_WORDS and not SPEECH_RE.fullmatch(low) and (
            "-" in low or not low.endswith(("ed", "ing", "ly"))
        ):
            first = i
            continue
        break
    while first < len(toks) - 1 and toks[first].low in CONNECTORS:
        first += 1
    return toks[first].start, last.end


def _np_forward(s: str, lo: int, hi: int, loose: bool = False) -> tuple[int, int] | None:
    """The speaker phrase starting at ``lo`` (spaces aside), read forwards, or None.

    ``loose`` lets it open with a descriptor ("according to surveillance research platform IPVM").
    """
    toks = _first_tokens(s, lo, hi)
    if not toks or s[lo : toks[0].start].strip():
        return None
    run: list[_Tok] = []
    for tok in toks[:_MAX_NP_TOKENS]:
        if run and not _adjacent(s, run[-1], tok):
            break
        low = tok.low
        if run and low in STOP_AFTER:
            break
        if run and low in ARTICLES:
            break
        if run and not loose and not _is_cap(tok) and not _is_head_noun(tok) and "-" not in low and not (
            low in ROLE_MODIFIERS or low in CONNECTORS or low in QUANTIFIERS or low in ARTICLES or low in DETERMINERS
        ):
            break  # "said the app tracks people": a clause, not a speaker
        if run and _POSSESSIVE_RE.search(run[-1].text) and not _is_cap(tok) and not _is_head_noun(tok) and len(run) > 1:
            run.pop()  # "IHS Markit China’s market": the possessive starts the sentence's subject
            break
        run.append(tok)
        if s[tok.end : tok.end + 1] in ".;:!?" or low in PERSON_PRONOUNS | OTHER_PRONOUNS:
            break
    if not run:
        return None
    if len(run) == 1 and run[0].low in PERSON_PRONOUNS | COMPANY_PRONOUNS | OTHER_PRONOUNS:
        return run[0].start, run[0].end
    # cut after the last capitalised word or head noun
    cut = -1
    for i, tok in enumerate(run):
        if _is_cap(tok) or _is_head_noun(tok):
            cut = i
    if cut < 0 or run[cut].low in CAPITAL_STOPS:
        return None
    tail = SOURCE_TAIL_RE.match(s, run[cut].end, hi) if _is_head_noun(run[cut]) else None
    if tail:  # "people familiar with the matter"
        return run[0].start, tail.end()
    head = run[0]
    if not (loose or _is_cap(head) or _is_head_noun(head) or head.low in ARTICLES | DETERMINERS | QUANTIFIERS):
        return None  # ", estimated age and ...": an adjective, not a speaker
    return run[0].start, run[cut].end


def _appositive_end(s: str, np_end: int, limit: int) -> int:
    """End of the appositives after a speaker (", a fellow at Carnegie, a US think-tank")."""
    pos = np_end
    for _ in range(3):
        m = _APPOSITIVE_OPEN_RE.match(s[pos : pos + 4 + 60])
        if not m:
            break
        nxt = _APPOSITIVE_END_RE.search(s[pos + 1 : min(limit, pos + 160)])
        end = pos + 1 + nxt.start()
        if end >= limit or end <= pos + 1:
            break
        pos = end
    return pos


# --------------------------------------------------------------------------- resolution


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
    r"(?:a|an|the|who|senior|chief|former|head|deputy|[a-z-]+(?:er|or|ist|ian|ant|ent))\b"
)


class _Context:
    """What one article knows while its claims are read in order: people, speakers, companies."""

    def __init__(self, body: str, masked: str, mentions: list[Mention], sents: list[Span], figures: list[Figure]):
        self.body = body
        self.masked = masked
        self.mentions = sorted((m for m in mentions if m.kind != "product"), key=lambda m: m.start)
        self._m_starts = [m.start for m in self.mentions]
        self.aliases = {m.alias for m in self.mentions}
        self.figures = sorted(figures, key=lambda f: f.start)
        self._f_starts = [f.start for f in self.figures]
        self.sents = sents
        self._s_starts = [s.start for s in sents]
        self.entities: list[_Entity] = []
        self._e_pos: list[int] = []
        for m in _INTRO_RE.finditer(body):
            name = m.group(1)
            if self._org_like(name) or self.mentions_in(m.start(1) - 200, m.end(1), overlapping=(m.start(1), m.end(1))):
                continue
            end = _appositive_end(body, m.end(1), len(body))
            self.add(_Entity(name, "person", m.start(1), self.in_span(m.end(1), end)))

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
            return len(parts) > 1 and (parts[-1] == w or (e.kind == "person" and parts[0] == w))

        return self._recent(pos, test)

    def by_role(self, role: str, pos: int) -> _Entity | None:
        r = role.lower()
        return self._recent(pos, lambda e: r in (e.role or "").lower().split() or r in e.name.lower().split())

    def company(self, pos: int, unit_start: int) -> str | None:
        """The company "it" or "the company" refers to: the first named in this or a recent sentence."""
        for m in self.mentions_in(unit_start, pos):
            if self.masked[m.start] != MASK:
                return m.name
        idx = bisect_left(self._s_starts, unit_start)
        for s in reversed(self.sents[max(0, idx - 4) : idx]):
            for m in self.mentions_in(s.start, s.end):
                if self.masked[m.start] != MASK:
                    return m.name
        return None


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
    if rest and rest[0].lower() in CONNECTORS:  # "Head of China Equity Strategy Vincent Chan"
        caps = rest[1:]
        if len(caps) >= 3 and all(w[:1].isupper() for w in caps):
            return " ".join(words[: len(words) - 2]), words[-2:]
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
        and all(w[:1].isupper() and not w.isupper() and not any(c.isdigit() for c in w) for w in words)
        and not any(w.lower().strip(".’'") in ORG_CUES for w in words)
    )


_OWNER_RE = re.compile(r"\s+(?:for|of|at|from)\s+the\s+" + _alternation(_SPK["company_anaphors"]) + r"(?![\w-])")


def _speaker(ctx: _Context, start: int, end: int, span_end: int, unit_start: int) -> _Speaker:
    """Normalise and resolve the speaker phrase body[start:end] (its appositives run to span_end)."""
    written = ctx.body[start:end]
    words = written.split()
    companies = ctx.in_span(start, span_end)
    low0 = words[0].lower()

    def make(name, role=None, kind="org", comps=None, resolved=False):
        return _Speaker(written, start, span_end, name, role, kind, comps if comps is not None else companies, resolved)

    if low0 in DETERMINERS and low0 in COMPANY_PRONOUNS or (len(words) == 1 and low0 in COMPANY_PRONOUNS):
        comp = ctx.company(start, unit_start)
        role = " ".join(words[1:]) or None
        return make(comp, role, "org", [comp] if comp else companies, True)
    if len(words) == 1 and low0 in PERSON_PRONOUNS:
        e = ctx.person(start)
        return make(e.name if e else None, e.role if e else None, "person", (e.companies if e else []) or companies, True)
    if len(words) == 1 and low0 in OTHER_PRONOUNS | DETERMINERS:
        return make(None)
    definite = low0 == "the"
    if low0 in ARTICLES and len(words) > 1 and (words[0] != "The" or not words[1][:1].isupper()):
        words = words[1:]
    elif words[0] == "The" and len(words) > 1 and not words[1][:1].isupper():
        words, definite = words[1:], True
    if len(words) == 2 and words[0] == "The":  # "The Times" -> "New York Times" named earlier
        e = ctx.by_word(words[1], start)
        if e is not None:
            return make(e.name, e.role, e.kind, e.companies or companies, True)
    if words[0] == "The" and len(words) > 2 and not re.search(r"[^\W\d_],?\s*$", ctx.masked[max(0, start - 40) : start]):
        words = words[1:]  # "The" opening a sentence is not part of the name
    if len(words) == 1 and definite and _base(words[0]) in COMPANY_ANAPHORS:
        comp = ctx.company(start, unit_start)
        return make(comp, None, "org", [comp] if comp else companies, True)
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


def _resolve_name(ctx: _Context, make, name_words: list[str], role: str | None, pos: int) -> _Speaker:
    name = " ".join(name_words)
    if len(name_words) == 1:
        e = ctx.by_word(name_words[0], pos)
        if e is not None:
            comps = list(dict.fromkeys(make(None).companies + e.companies))
            return make(e.name, role or e.role, e.kind, comps, True)
    person = _person_shaped(name_words) and name not in ctx.aliases
    return make(name, role, "person" if person else "org")


# --------------------------------------------------------------------------- attribution


@dataclass
class _Attribution:
    np_start: int
    np_end: int
    span_end: int  # the speaker phrase with its appositives
    verb: str | None
    rule: str
    content: tuple[int, int]


def _clause_start(masked: str, unit: _Unit, pos: int) -> int:
    """Where the clause holding ``pos`` starts: after a closing quote or a sentence end."""
    lo = max(unit.start, pos - _WINDOW)
    seg = masked[lo:pos]
    cut = max(seg.rfind(c) for c in (QUOTE_CLOSE + '";.?!'))
    while cut >= 0 and seg[cut] == "." and cut > 0 and seg[cut - 1].isalpha() and (cut + 1 < len(seg) and seg[cut + 1].isalpha()):
        cut = -1  # "JRJ.com"
    return lo + cut + 1 if cut >= 0 else lo


def _head_before(masked: str, lo: int, hi: int) -> tuple[int, int, int] | None:
    """(np_start, np_end, span_end) of the speaker ending before ``hi``, appositives allowed.

    "Steven Feldstein, a fellow at Carnegie, said" -> the span of "Steven Feldstein".
    """
    m = PRE_VERB_RE.search(masked, max(lo, hi - 60), hi)
    if m:
        hi = m.start()
    seg = masked[lo:hi].rstrip()
    hi = lo + len(seg)
    tail = SOURCE_TAIL_END_RE.search(masked, max(lo, hi - 80), hi)
    if tail:  # "people familiar with the matter said": parse "people", keep the tail
        got = _np_backward(masked, lo, tail.start())
        return (got[0], hi, hi) if got else None
    rel = _RELATIVE_RE.search(seg)
    if rel:  # "The company, which claims that ..."
        got = _np_backward(masked, lo, lo + rel.start())
        return (got[0], got[1], -1) if got else None  # span_end -1 marks a relative clause
    if not seg.endswith(","):
        got = _np_backward(masked, lo, hi)
        return (got[0], got[1], got[1]) if got else None
    # appositive chain: walk the comma chunks from the right to the head
    chunks = []
    pos = hi - 1
    while pos > lo:
        prev = masked.rfind(",", lo, pos)
        chunks.append((prev + 1 if prev >= 0 else lo, pos))
        if prev < 0:
            break
        pos = prev
    span_end = hi - 1
    for c_start, c_end in chunks:
        text = masked[c_start:c_end].strip()
        if not text:
            continue
        first = text.split()[0]
        appositive = not first[:1].isupper() or bool(ROLE_PHRASE_RE.search(text)) or first.lower() in ARTICLES
        got = _np_backward(masked, c_start, c_end)
        if not appositive and got and masked[c_start : got[0]].strip() == "":
            return got[0], got[1], span_end
        if not appositive:
            return None
    return None


def _after_verb(masked: str, verb_end: int, unit: _Unit) -> tuple[int, str]:
    """Where the reported content starts after a verb, and how: 'that', 'colon' or 'bare'."""
    m = THAT_AFTER_RE.match(masked, verb_end, unit.end)
    if m:
        return m.end(), "that"
    colon = _COLON_AFTER_RE.match(masked[verb_end : min(unit.end, verb_end + 100)])
    if colon:
        return verb_end + colon.end(), "colon"
    return verb_end, "bare"


def _words(masked: str, a: int, b: int) -> int:
    return len(re.findall(r"[^\W_]+|▒+", masked[a:b]))


def _try_verb(masked: str, unit: _Unit, vm: re.Match, that_only: bool) -> _Attribution | None:
    vs, ve = vm.start(), vm.end()
    verb = _SPACES_RE.sub(" ", vm.group()).lower()
    if PASSIVE_RE.search(masked, max(unit.start, vs - 20), vs):
        return None
    if verb in NOUN_FORMS and NOUN_NEXT_RE.match(masked, ve):
        return None  # "the report describes", "the claims are": a noun, not a verb
    before = masked[unit.start : vs].rstrip()
    after_start, how = _after_verb(masked, ve, unit)
    if that_only and how != "that":
        return None
    # inversion: "“Y,” said X" / "Y, says X, a fellow at Z"
    if not that_only and verb not in NO_INVERSION and before.endswith((",", "”", '"', "»", "—")):
        got = _np_forward(masked, ve, unit.end)
        if got:
            span_end = _appositive_end(masked, got[1], unit.end)
            return _Attribution(got[0], got[1], span_end, verb, "said_after", (unit.start, len(before) + unit.start))
    lo = _clause_start(masked, unit, vs)
    head = _head_before(masked, lo, vs)
    if not head and how == "that":  # "Research by Mr Feldstein ... found that ..."
        src = SOURCE_HEAD_RE.match(masked, lo, vs)
        got = _np_forward(masked, src.end(), vs) if src else None
        head = (got[0], got[1], got[1]) if got else None
    if not head:
        return None
    np_start, np_end, span_end = head
    relative = span_end < 0
    span_end = max(span_end, np_end)
    if how in ("that", "colon"):
        if how == "colon":
            rule = "quote_colon"
        elif relative:
            rule = "relative_clause"
        else:
            rule = "told_that" if verb in AUDIENCE_VERBS else "said_before"
        return _Attribution(np_start, np_end, span_end, verb, rule, (after_start, unit.end))
    tail = ve
    if verb in AUDIENCE_VERBS:  # "told CNBC", "told an audience of hundreds", "told staff"
        for tok in _tokens(masked, ve, min(unit.end, ve + 80))[:5]:
            if tok.low in TAIL_WORDS or masked[tail:tok.start].strip():
                break
            tail = tok.end
    tail = TIME_AFTER_RE.match(masked, tail, unit.end).end()
    nxt = _NEXT_WORD_RE.match(masked[tail : tail + 40])
    tail_is_content = bool(nxt) and nxt.group(1).lower() not in TAIL_WORDS
    pre = masked[unit.start:np_start].rstrip()
    quote_before = bool(_QUOTE_BEFORE_RE.search(pre))
    after_form = _Attribution(np_start, np_end, span_end, verb, "said_after", (unit.start, len(pre) + unit.start))
    if quote_before or (pre.endswith(",") and not tail_is_content):
        return after_form
    if tail_is_content and verb not in NEEDS_COMPLEMENT:
        return _Attribution(np_start, np_end, span_end, verb, "said_before", (tail, unit.end))
    if not tail_is_content and _words(masked, unit.start, np_start) >= 3:
        return after_form
    return None


def _try_according(masked: str, unit: _Unit, am: re.Match) -> _Attribution | None:
    src = am.end()
    head = SOURCE_HEAD_RE.match(masked, src, unit.end)
    if head:
        src = head.end()
    got = _np_forward(masked, src, unit.end, loose=True)
    if not got:
        return None
    np_start, np_end = got
    span_end = _appositive_end(masked, np_end, unit.end)
    # "the researcher, Victor Gevers": a role, then the name in apposition
    appo = re.match(r",\s+((?:[A-Z][\w’'-]+\s+){1,3}?[A-Z][\w’'-]+)(?=\s*(?:[,.;]|$))", masked[np_end : np_end + 80])
    if appo and not _is_cap(_tokens(masked, np_start, np_end)[-1]):
        np_start, np_end = np_end + appo.start(1), np_end + appo.end(1)  # "the researcher, Victor Gevers"
        span_end = max(span_end, np_end)
    verb = _SPACES_RE.sub(" ", am.group()).lower()
    before = masked[unit.start : am.start()].strip()
    if not before or (before.endswith(",") and _words(masked, unit.start, am.start()) <= 6 and masked[span_end:span_end + 1] == ","):
        if masked[span_end : span_end + 1] == ",":
            return _Attribution(np_start, np_end, span_end, verb, "according_to", (span_end + 1, unit.end))
    return _Attribution(np_start, np_end, span_end, verb, "according_to", (unit.start, am.start()))


def _try_colon(masked: str, unit: _Unit) -> _Attribution | None:
    if masked.find(":", unit.start + 1, min(unit.end, unit.start + 121)) < 0:
        return None  # the pattern needs a colon among the first 121 characters
    m = _COLON_QUOTE_RE.match(masked[unit.start : unit.end])
    if not m:
        return None
    got = _np_backward(masked, unit.start, unit.start + m.end(1))
    if not got or masked[unit.start : got[0]].strip():
        return None
    return _Attribution(got[0], got[1], got[1], None, "quote_colon", (unit.start + m.end(), unit.end))


class _VerbIndex:
    """Finds the matches of a verb pattern in a unit as ``rx.finditer(masked, start, end)`` does,
    without running the pattern at every character.

    The verb patterns are ``(?<![\\w-])(?:w1|w2 w3|...)(?![\\w-])``, case-sensitive, over words
    of ``[\\w-]`` characters. A match can only start where a run of ``[\\w-]`` characters starts,
    and that run (cut at the unit's end) is then the first word of the verb that matched; so
    the pattern is tried only at the runs that are such a first word (``spans``: found once
    per article).
    """

    _TWO_RE = re.compile(r"[\w-]{2}")  # a word runs on across the unit's end
    _LAST_RUN_RE = re.compile(r"(?<![\w-])[\w-]+$")

    def __init__(self, masked: str, rx: re.Pattern, firsts: frozenset[str], spans: list[tuple[int, int]]):
        self.masked, self.rx, self.firsts = masked, rx, firsts
        self.spans = spans
        self.starts = [a for a, _ in spans]

    def finditer(self, start: int, end: int) -> list[re.Match]:
        masked, rx, starts = self.masked, self.rx, self.starts
        i = bisect_left(starts, start)
        j = i
        while j < len(starts) and starts[j] < end:
            j += 1
        cands = [a for a, b in self.spans[i:j] if b <= end]
        if 0 < end < len(masked) and self._TWO_RE.match(masked, end - 1):
            # a word cut by the unit's end: the unit sees its head alone
            cut = self._LAST_RUN_RE.search(masked, max(start, end - 40), end)
            if cut is None and end - 40 > start:
                cut = self._LAST_RUN_RE.search(masked, start, end)
            if cut is not None and cut.start() >= start and masked[cut.start() : end] in self.firsts:
                cands.append(cut.start())
        out: list[re.Match] = []
        last = start
        for a in cands:
            if a < last:
                continue
            m = rx.match(masked, a, end)
            if m:
                out.append(m)
                last = m.end()
        return out


def _first_words(words) -> frozenset[str] | None:
    """The first words of a verb list, or None when one is not a plain run of [\\w-] characters."""
    firsts = {w.lower().split()[0] for w in words}
    return frozenset(firsts) if all(re.fullmatch(r"[\w-]+", f) for f in firsts) else None


_SPEECH_FIRSTS = _first_words(_VERBS["speech"])
_THAT_FIRSTS = _first_words(_VERBS["that_required"])
#: the whole words of the masked body that open a speech or that-verb
_FIRST_WORD_RE = (
    re.compile(r"(?<![\w-])(?:" + _trie(sorted(_SPEECH_FIRSTS | _THAT_FIRSTS)) + r")(?![\w-])")
    if _SPEECH_FIRSTS and _THAT_FIRSTS else None
)


class _Verbs:
    """Where the attribution verbs are in one article's masked body."""

    def __init__(self, masked: str):
        self.masked = masked
        self.speech = self.that = None
        if _FIRST_WORD_RE is not None:
            words = [(m.span(), m.group()) for m in _FIRST_WORD_RE.finditer(masked)]
            self.speech = _VerbIndex(masked, SPEECH_RE, _SPEECH_FIRSTS, [sp for sp, w in words if w in _SPEECH_FIRSTS])
            self.that = _VerbIndex(masked, THAT_VERB_RE, _THAT_FIRSTS, [sp for sp, w in words if w in _THAT_FIRSTS])

    def find(self, index: _VerbIndex | None, rx: re.Pattern, start: int, end: int):
        return index.finditer(start, end) if index is not None else rx.finditer(self.masked, start, end)


def _attribute(masked: str, unit: _Unit, verbs: _Verbs | None = None) -> _Attribution | None:
    verbs = verbs if verbs is not None else _Verbs(masked)
    cands: list[tuple[int, str, re.Match]] = []
    for m in ACCORDING_RE.finditer(masked, unit.start, unit.end):
        cands.append((m.start(), "according", m))
    for m in verbs.find(verbs.speech, SPEECH_RE, unit.start, unit.end):
        cands.append((m.start(), "speech", m))
    for m in verbs.find(verbs.that, THAT_VERB_RE, unit.start, unit.end):
        cands.append((m.start(), "that", m))
    cands.sort(key=lambda c: c[0])
    for _, kind, m in cands[:12]:
        got = _try_according(masked, unit, m) if kind == "according" else _try_verb(masked, unit, m, kind == "that")
        if got:
            return got
    return _try_colon(masked, unit)


# --------------------------------------------------------------------------- company facts


_ADVERBS = frozenset({"also", "still", "now", "already", "recently", "reportedly", "so", "far", "previously", "currently", "then"})
_VERB_AFTER_RE = re.compile(r",?\s+([a-z][a-z-]+)(?:\s+([a-z][a-z-]+))?(?:\s+([a-z][a-z-]+))?")
ANAPHOR_SUBJECT_RE = re.compile(r"(?:The\s+(?:[\w-]+\s+){0,2}?" + _alternation(_SPK["company_anaphors"]) + r"|It)(?=[\s,])")
_NOT_SUBJECT_WORDS = FUNCTION_WORDS | {"and", "or", "like", "including", "between", "among", "such"}


def _main_verb(masked: str, pos: int) -> str | None:
    """The verb right after a subject ending at ``pos``: "was valued", "operates", "counts"."""
    vm = _VERB_AFTER_RE.match(masked, pos)
    if not vm:
        return None
    words = [w for w in vm.groups() if w]
    while words and words[0] in _ADVERBS:
        words = words[1:]
    if not words:
        return None
    w1 = words[0]
    if w1 in AUXILIARIES:
        w2 = next((w for w in words[1:] if w not in _ADVERBS), None)
        return f"{w1} {w2}" if w2 and w2.endswith(("ed", "en")) else w1
    if w1.endswith(("s", "ed")) and w1 not in FUNCTION_WORDS and not w1.endswith("ss"):
        return w1
    return None


def _company_fact(ctx: _Context, unit: _Unit, figures: list[Figure]) -> tuple[str, list[str]] | None:
    """(main verb, subject companies) when the unit states a fact about the company that is its subject."""
    masked = ctx.masked
    if masked[unit.start : unit.end].rstrip().endswith("?") or NON_FACT_RE.search(masked, unit.start, unit.end):
        return None
    ana = ANAPHOR_SUBJECT_RE.match(masked, unit.start)
    if ana:  # "The company has supplied ...", "It sells ..."
        comp = ctx.company(unit.start, unit.start)
        if comp is None:
            return None
        subject, pos = [comp], ana.end()
    else:
        first = next((m for m in ctx.mentions_in(unit.start, unit.end) if masked[m.start] != MASK), None)
        if first is None:
            return None
        pre = masked[unit.start : first.start]
        if "," in pre:
            intro = pre[: pre.rfind(",")]
            if len(intro.split()) > 12 or MASK in intro:
                return None
            pre = pre[pre.rfind(",") + 1 :]
        pre_words = pre.split()
        if len(pre_words) > 5 or any(w.lower() in _NOT_SUBJECT_WORDS for w in pre_words):
            return None
        subject, pos = [first.name], first.end
        # lists of companies: "Hikvision and Dahua are", "SenseTime, Megvii and Yitu have"
        for _ in range(8):
            nxt = next(iter(ctx.mentions_in(pos, unit.end)), None)
            if nxt and _LIST_GAP_RE.fullmatch(masked[pos : nxt.start]):
                subject.append(nxt.name)
                pos = nxt.end
                continue
            break
    poss = _POSSESSIVE_SUBJECT_RE.match(masked[pos : pos + 80])
    if poss:  # "Megvii’s technology has been deployed"
        pos += poss.end()
    verb = _main_verb(masked, pos)
    for _ in range(3):  # appositives: "SenseTime Group, the world’s largest AI start-up, which ..., is"
        if verb:
            break
        appo = _SUBJECT_APPOSITIVE_RE.match(masked[pos : pos + 220])
        if not appo:
            return None
        pos += appo.end()
        verb = _main_verb(masked, pos)
    if not verb:
        return None
    has_figure = bool(ctx.figure_ids(unit.start, unit.end))
    if not (has_figure or re.search(r"\d", masked[pos : unit.end]) or FACT_RE.search(masked, pos, unit.end)):
        return None
    return verb, subject


# --------------------------------------------------------------------------- assembly


_APPOSITIVE_ROLE_RE = re.compile(r",\s*(?:(?:a|an|the)\s+)?([^,;:.]+)")


def _claim_for(ctx: _Context, unit: _Unit, att: _Attribution) -> tuple[Claim, _Speaker]:
    spk = _speaker(ctx, att.np_start, att.np_end, att.span_end, unit.start)
    appo = _APPOSITIVE_ROLE_RE.match(ctx.body, att.np_end, att.span_end)
    if spk.role is None and not spk.resolved and appo:  # "Steven Feldstein, a fellow at Carnegie,"
        spk.role = appo.group(1).strip()
    c0, c1 = att.content
    content_chars = len(ctx.body[c0:c1].strip()) or 1
    quote = _quoted_chars(ctx.masked, c0, c1) / content_chars >= 0.6
    comps = ctx.in_span(unit.start, unit.end) + spk.companies
    ana = ANAPHOR_SUBJECT_RE.match(ctx.masked, unit.start)
    if ana and (att.np_start >= ana.end() or att.np_end <= ana.start()):  # "The company ..., X said"
        comp = ctx.company(unit.start, unit.start)
        comps += [comp] if comp else []
    comps = list(dict.fromkeys(comps))
    claim = Claim(
        id="",
        text=ctx.body[unit.start : unit.end],
        speaker=spk.name,
        verb=att.verb,
        quote=quote,
        companies=comps,
        figures=ctx.figure_ids(unit.start, unit.end),
        paragraph=unit.paragraph,
        start=unit.start,
        end=unit.end,
        rule=att.rule,
        speaker_text=spk.text,
        speaker_role=spk.role,
    )
    return claim, spk


def _extend(claim: Claim, ctx: _Context, start: int, end: int) -> None:
    """Stretch a claim over a quotation that continues it."""
    claim.start, claim.end = min(claim.start, start), max(claim.end, end)
    claim.text = ctx.body[claim.start : claim.end]
    for name in ctx.in_span(claim.start, claim.end):
        if name not in claim.companies:
            claim.companies.append(name)
    claim.figures = ctx.figure_ids(claim.start, claim.end)


def extract_claims(body: str, article_id: str, mentions: list[Mention], figures: list[Figure]) -> list[Claim]:
    """Claims of a clean body, in body order, with ids ``<article_id>:c<n>`` from 1."""
    paras = paragraphs(body)
    sents = sentences(body)
    para_quotes = {p.paragraph: _quote_spans(body, p.start, p.end) for p in paras}
    quotes = [q for p in paras for q in para_quotes[p.paragraph]]
    masked = _mask(body, quotes)
    ctx = _Context(body, masked, mentions, sents, figures)
    verbs = _Verbs(masked)
    by_para: dict[int, list[Span]] = {}
    for s in sents:
        by_para.setdefault(s.paragraph, []).append(s)

    found: list[tuple[Claim, _Speaker | None]] = []
    last_unclosed: tuple[Claim, _Speaker] | None = None  # a quotation left open at a paragraph's end
    pending_colon: tuple[Claim, _Speaker] | None = None  # "He said:" ending a paragraph
    for p in paras:
        units = _units(body, masked, by_para.get(p.paragraph, []))
        prev_claim: tuple[Claim, _Speaker | None] | None = None
        pending_quotes: list[_Unit] = []
        for i, unit in enumerate(units):
            quote_only = _is_quote_only(masked, unit.start, unit.end)
            if quote_only:
                carrier = pending_colon if i == 0 and pending_colon else None
                if carrier is None and i == 0 and last_unclosed:
                    claim0, spk0 = last_unclosed
                    claim = Claim(
                        id="", text=body[unit.start : unit.end], speaker=claim0.speaker, verb=claim0.verb, quote=True,
                        companies=list(dict.fromkeys(ctx.in_span(unit.start, unit.end) + spk0.companies)),
                        figures=ctx.figure_ids(unit.start, unit.end),
                        paragraph=unit.paragraph, start=unit.start, end=unit.end, rule="quote_continued",
                        speaker_text=claim0.speaker_text, speaker_role=claim0.speaker_role,
                    )
                    found.append((claim, spk0))
                    prev_claim = (claim, spk0)
                    continue
                if carrier is not None:
                    _extend(carrier[0], ctx, unit.start, unit.end)
                    carrier[0].quote = True
                    prev_claim = carrier
                    continue
                if prev_claim is not None and prev_claim[0].quote:
                    _extend(prev_claim[0], ctx, unit.start, unit.end)
                    continue
                pending_quotes.append(unit)
                continue
            att = _attribute(masked, unit, verbs)
            if att is not None:
                claim, spk = _claim_for(ctx, unit, att)
                if pending_quotes and claim.rule == "said_after" and claim.quote:
                    _extend(claim, ctx, pending_quotes[0].start, unit.end)
                if spk.name and not spk.resolved:
                    ctx.add(_Entity(spk.name, spk.kind, spk.start, spk.companies, spk.role))
                found.append((claim, spk))
                prev_claim = (claim, spk)
            else:
                fact = _company_fact(ctx, unit, figures)
                prev_claim = None
                if fact is not None:
                    claim = Claim(
                        id="", text=body[unit.start : unit.end], speaker=None, verb=fact[0], quote=False,
                        companies=list(dict.fromkeys(fact[1] + ctx.in_span(unit.start, unit.end))),
                        figures=ctx.figure_ids(unit.start, unit.end),
                        paragraph=unit.paragraph, start=unit.start, end=unit.end, rule="company_fact",
                    )
                    found.append((claim, None))
            pending_quotes = []
        pending_colon = None
        last_unclosed = None
        if prev_claim is not None and prev_claim[1] is not None:
            tail = masked[prev_claim[0].start : prev_claim[0].end].rstrip()
            if tail.endswith(":") and prev_claim[0].rule == "quote_colon":
                pending_colon = prev_claim  # type: ignore[assignment]
            elif any(s < prev_claim[0].end <= e and not closed for s, e, closed in para_quotes[p.paragraph][-1:]):
                last_unclosed = prev_claim  # type: ignore[assignment]
    claims = [c for c, _ in found]
    claims.sort(key=lambda c: c.start)
    for n, c in enumerate(claims, 1):
        c.id = f"{article_id}:c{n}"
    return claims
