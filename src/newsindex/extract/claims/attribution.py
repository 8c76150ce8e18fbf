"""Attribution: the patterns that find a speaker and the reported content in a unit."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..patterns import alternation
from ..sentences import abbreviation_dot
from .phrases import _appositive_end, _base, _is_cap, _is_head_noun, _np_backward, _np_forward, _tokens
from .quotes import _Unit
from .tables import words_pattern
from .tables import (
    CLAUSE_AFTER_RE, CLAUSE_VERBS, DETERMINERS, DOCUMENT_TAILS, DOCUMENT_VERBS, FUNCTION_WORDS, DOCUMENTS, NOT_SPEAKERS, OUTLOOK, OUTLOOK_CONTENT_RE, PARTICIPLES, SPEECH_WORDS,
    ACCORDING_RE, ARTICLES, AUDIENCE_VERBS, NEEDS_COMPLEMENT, NOUN_FORMS, NOUN_NEXT_RE, NO_INVERSION,
    PASSIVE_RE, PRE_VERB_RE, QUOTE_CLOSE, ROLE_PHRASE_RE, SOURCE_HEAD_RE, SOURCE_TAIL_END_RE, SPEECH_RE,
    TAIL_WORDS, THAT_AFTER_RE, THAT_VERB_RE, TIME_AFTER_RE, _COLON_AFTER_RE, _COLON_QUOTE_RE, _NEXT_WORD_RE,
    _QUOTE_BEFORE_RE, _RELATIVE_RE, _SPACES_RE, _VERBS, _WINDOW,
)


@dataclass
class _Attribution:
    np_start: int
    np_end: int
    span_end: int  # the speaker phrase with its appositives
    verb: str | None
    rule: str
    content: tuple[int, int]


def _clause_start(masked: str, unit: _Unit, pos: int) -> int:
    """Where the clause holding ``pos`` starts: after a closing quote or a sentence end.

    A full stop that closes an abbreviation or an initial ("Walmart Inc. said", "J.P. Morgan
    said", "The U.S. said"; the sentence splitter's table) or sits inside a word ("JRJ.com")
    ends nothing.
    """
    lo = max(unit.start, pos - _WINDOW)
    i = pos
    while i > lo:
        i = max(masked.rfind(c, lo, i) for c in _CLAUSE_ENDS)
        if i < 0:
            break
        if masked[i] != "." or not (masked[i + 1 : i + 2].isalnum() or abbreviation_dot(masked, i)):
            return i + 1
    return lo


_CLAUSE_ENDS = QUOTE_CLOSE + '";.?!'


def _opens(masked: str, lo: int, pos: int) -> bool:
    """Nothing but a dateline ("LONDON (AFP) -") and a few descriptive words ("British drugs group")
    stand between ``lo`` and ``pos``: the phrase at ``pos`` is the clause's subject."""
    before = masked[lo:pos].strip()
    if not before:
        return True
    dash = max(before.rfind(" - "), before.rfind("—"), before.rfind("–"), before.rfind("--"), before.rfind(":"))
    if dash >= 0 and dash <= 120:  # a dateline: "LONDON (AFP) -", "(BUSINESS WIRE)--July 27, 2006--", "(NYSE: X):"
        before = before[dash:].lstrip(" -—–:")
    words = before.split()
    return len(words) <= 4 and all(
        w.lower() not in FUNCTION_WORDS and w.isalpha() and not SPEECH_RE.fullmatch(w) for w in words
    )


def _head_before(masked: str, lo: int, hi: int) -> tuple[int, int, int] | None:
    """(np_start, np_end, span_end) of the speaker ending before ``hi``, appositives allowed.

    "Steven Feldstein, a fellow at Carnegie, said" -> the span of "Steven Feldstein".
    """
    m = PRE_VERB_RE.search(masked, max(lo, hi - 60), hi)
    if m:
        hi = m.start()
    seg = masked[lo:hi].rstrip()
    hi = lo + len(seg)
    if seg.endswith(("–", "—")):  # "The grocer, which has 18 million shoppers – up 5% – said"
        opening = max(seg.rfind("–", 0, len(seg) - 1), seg.rfind("—", 0, len(seg) - 1))
        if opening > 0:
            seg = seg[:opening].rstrip()
            hi = lo + len(seg)
            side = _TRAILING_RELATIVE_RE.search(seg)
            if side:  # the relative clause before the dashes: its head speaks
                got = _np_backward(masked, lo, lo + side.start())
                return (got[0], got[1], -1) if got else None
    tail = SOURCE_TAIL_END_RE.search(masked, max(lo, hi - 80), hi)
    if tail:  # "people familiar with the matter said": parse "people", keep the tail
        got = _np_backward(masked, lo, tail.start())
        return (got[0], hi, hi) if got else None
    rel = _RELATIVE_RE.search(seg)
    if rel:  # "The company, which claims that ..."
        got = _np_backward(masked, lo, lo + rel.start())
        return (got[0], got[1], -1) if got else None  # span_end -1 marks a relative clause
    if not seg.endswith(","):
        got = _np_backward(masked, lo, _before_parenthesis(masked, lo, hi))
        return (got[0], got[1], got[1]) if got else None
    # appositive chain: walk the comma chunks from the right to the head
    chunks = []
    pos = hi - 1
    while pos > lo:
        prev = masked.rfind(",", lo, pos)
        while prev > lo and masked[prev - 1].isdigit() and masked[prev + 1 : prev + 2].isdigit():
            prev = masked.rfind(",", lo, prev)  # "800,000" is one number
        chunks.append((prev + 1 if prev >= 0 else lo, pos))
        if prev < 0:
            break
        pos = prev
    span_end = hi - 1
    attached = False  # the chunk to the right opened with "of"/"at": this one belongs to the appositive
    for c_start, c_end in chunks:
        text = masked[c_start:c_end].strip()
        if not text:
            continue
        dateline = _DATELINE_END_RE.match(_PAREN_RE.sub(lambda p: " " * len(p.group()), text))
        if dateline:  # "2017 (GLOBE NEWSWIRE) -- Acme Corp": the dateline is not the speaker
            raw = masked[c_start:c_end]
            c_start += len(raw) - len(raw.lstrip()) + dateline.end()
            text = text[dateline.end() :]
            if not text:
                return None
        first = text.split()[0]
        appositive = c_start > lo and (
            attached or not first[:1].isupper() or bool(ROLE_PHRASE_RE.search(text)) or first.lower() in ARTICLES
        )  # "Jane Doe, managing director, South Asia, of Acme, told"; the clause's first chunk is its head
        attached = first.lower() in _ATTACHING
        got = _np_backward(masked, c_start, _before_parenthesis(masked, c_start, c_end))
        if not appositive and got and _opens(masked, c_start, got[0]):
            return got[0], got[1], span_end
        if not appositive:
            return None
    return None


_DOCUMENT_SEEN_RE = re.compile(
    r"\s*((?:[\w’'-]+\s+){0,3}?(?:" + words_pattern(DOCUMENTS) + r"))\s+(?:" + words_pattern(DOCUMENT_TAILS)
    + r")\s+by\s+[^,;:▒]{1,80}?\s*$",
    re.IGNORECASE,
)
_TRAILING_RELATIVE_RE = re.compile(r",\s*(?:which|who)\b[^,;]*$")
_DATELINE_END_RE = re.compile(r".*(?:\s-{1,2}\s|--|\s[—–]\s?|:\s)\s*")
_PAREN_RE = re.compile(r"\([^()]{0,80}\)")
_ATTACHING = frozenset({"of", "at", "for", "in", "from"})


def _before_parenthesis(masked: str, lo: int, hi: int) -> int:
    """``hi``, or where a closing parenthesis at the end of masked[lo:hi] opens: "Acme Corp (NYSE: ACM)"."""
    seg = masked[lo:hi].rstrip()
    if seg.endswith(")"):
        opening = seg.rfind("(", max(0, len(seg) - 80))
        if opening > 0:
            return lo + opening
    return hi


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


_QUOTE_NEXT_RE = re.compile(r",?\s*[“\"«]")
_SUBJECT_PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "you"})
_OBJECT_PRONOUNS = frozenset({"me", "us", "him", "her", "them", "you"})


def _audience_end(masked: str, ve: int, unit: _Unit) -> int:
    """End of the audience after "told": "told CNBC", "told an audience of hundreds", "told investors"."""
    tail = ve
    toks = _tokens(masked, ve, min(unit.end, ve + 80))[:6]
    for k, tok in enumerate(toks):
        if tok.low in TAIL_WORDS or masked[tail : tok.start].strip():
            break
        tail = tok.end
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is None or tok.low in ARTICLES or tok.low in DETERMINERS or nxt.low == "of":
            continue
        if _is_cap(tok) and _is_cap(nxt):
            continue  # "told Bloomberg News"
        if _is_cap(tok) or _is_head_noun(tok) or tok.low in _OBJECT_PRONOUNS or (
            tok.low.endswith("s") and not tok.low.endswith("ss")
        ):
            break  # the audience ends with its noun: what follows is the content
    return tail


def _not_speaker(masked: str, np_start: int, np_end: int) -> bool:
    """A phrase that is never a speaker: a quantity ("Revenue expected ...") or a time ("Monday")."""
    words = [w.strip(".,’'").lower() for w in masked[np_start:np_end].split()]
    words = [w for w in words if w not in ARTICLES and w not in DETERMINERS]
    return bool(words) and all(w in NOT_SPEAKERS for w in words)


def _is_document(masked: str, np_start: int, np_end: int) -> bool:
    """The phrase ends in a document noun: "documents", "the filing", "Sony's latest prospectus"."""
    toks = _tokens(masked, np_start, np_end)
    return bool(toks) and _base(toks[-1].text) in DOCUMENTS and (toks[-1].text.islower() or len(toks) == 1)


def _try_participle(masked: str, unit: _Unit, vs: int, ve: int, verb: str) -> _Attribution | None:
    """"Sony rejected the claims, insisting that the sensors were safe": the clause's subject speaks."""
    if not masked[unit.start : vs].rstrip().endswith(","):
        return None
    after_start, how = _after_verb(masked, ve, unit)
    if how == "bare":
        after_start = TIME_AFTER_RE.match(masked, ve, unit.end).end()
        nxt = _NEXT_WORD_RE.match(masked[after_start : after_start + 40])
        if not nxt or nxt.group(1).lower() in TAIL_WORDS:
            return None
    lo = next((s.start for s in reversed(unit.sentences) if s.start <= vs), unit.start)  # quotes inside are fine
    lo = max(lo, vs - _WINDOW)
    for _ in range(2):  # the subject opens the clause, or follows a short opener ("In a statement, Sony ...")
        got = _np_forward(masked, lo, vs)
        if got and not _not_speaker(masked, *got):
            vm = _VERB_NEXT_RE.match(masked, got[1])
            if vm and vm.group(1) not in TAIL_WORDS and vm.group(1) not in ARTICLES:
                return _Attribution(got[0], got[1], got[1], verb, "participle", (after_start, unit.end))
        comma = masked.find(",", lo, min(vs, lo + 80))
        if comma < 0:
            break
        lo = comma + 1
    return None


_VERB_NEXT_RE = re.compile(r"\s+(?:(?:has|have|had|also|again|on\s+\w+day)\s+)*([a-z][a-z-]+)")


def _try_verb(masked: str, unit: _Unit, vm: re.Match, that_only: bool) -> _Attribution | None:
    vs, ve = vm.start(), vm.end()
    verb = _SPACES_RE.sub(" ", vm.group()).lower()
    if PASSIVE_RE.search(masked, max(unit.start, vs - 20), vs):
        return None
    if verb in NOUN_FORMS and NOUN_NEXT_RE.match(masked, ve):
        return None  # "the report describes", "the claims are": a noun, not a verb
    if verb in PARTICIPLES:
        return _try_participle(masked, unit, vs, ve, verb)
    before = masked[unit.start : vs].rstrip()
    after_start, how = _after_verb(masked, ve, unit)
    document_bare = that_only and how != "that" and verb in DOCUMENT_VERBS  # "documents show X"
    if that_only and how != "that" and not document_bare:
        return None
    lo = _clause_start(masked, unit, vs)
    # inversion: "“Y,” said X" / "Y, says X, a fellow at Z"; not "X, founder of a firm, said Y"
    if not that_only and verb not in NO_INVERSION and before.endswith((",", "”", '"', "»", "—")):
        head = _head_before(masked, lo, vs) if before.endswith(",") else None
        opens = head is not None and head[2] > head[1] and _opens(masked, lo, head[0])
        got = None if opens else _np_forward(masked, ve, unit.end)
        if got and head is not None and masked[got[0] : got[1]].lower() in _SUBJECT_PRONOUNS:
            got = None  # "The firm's president, Jane Doe, said it needed time": the pronoun opens the content
        if got and not _not_speaker(masked, *got):
            span_end = _appositive_end(masked, got[1], unit.end)
            return _Attribution(got[0], got[1], span_end, verb, "said_after", (unit.start, len(before) + unit.start))
    head = _head_before(masked, lo, vs)
    if not head and how == "that":  # "Research by Mr Feldstein ... found that ..."
        src = SOURCE_HEAD_RE.match(masked, lo, vs)
        got = _np_forward(masked, src.end(), vs) if src else None
        head = (got[0], got[1], got[1]) if got else None
    if not head or _not_speaker(masked, head[0], head[1]):
        return None
    np_start, np_end, span_end = head
    relative = span_end < 0
    span_end = max(span_end, np_end)
    if document_bare:
        seen = _DOCUMENT_SEEN_RE.match(masked, lo, vs)
        if seen and not _is_document(masked, np_start, np_end):  # "Documents seen by the FT show"
            np_start, np_end, span_end = seen.start(1), seen.end(1), vs
        elif not _is_document(masked, np_start, np_end):
            return None
        nxt = _NEXT_WORD_RE.match(masked[ve : ve + 40])
        if not nxt or nxt.group(1).lower() in TAIL_WORDS:
            return None
        return _Attribution(np_start, np_end, span_end, verb, "said_before", (ve, unit.end))
    if how in ("that", "colon"):
        if how == "colon":
            rule = "quote_colon"
        elif relative:
            rule = "relative_clause"
        else:
            rule = "told_that" if verb in AUDIENCE_VERBS else "said_before"
        return _Attribution(np_start, np_end, span_end, verb, rule, (after_start, unit.end))
    tail = _audience_end(masked, ve, unit) if verb in AUDIENCE_VERBS else ve
    tail = TIME_AFTER_RE.match(masked, tail, unit.end).end()
    if _QUOTE_NEXT_RE.match(masked, tail, unit.end):  # 'X told Business Standard, "We do not comment."'
        return _Attribution(np_start, np_end, span_end, verb, "said_before", (tail, unit.end))
    nxt = _NEXT_WORD_RE.match(masked[tail : tail + 40])
    tail_is_content = bool(nxt) and nxt.group(1).lower() not in TAIL_WORDS
    pre = masked[unit.start:np_start].rstrip()
    quote_before = bool(_QUOTE_BEFORE_RE.search(pre))
    after_form = _Attribution(np_start, np_end, span_end, verb, "said_after", (unit.start, len(pre) + unit.start))
    if quote_before or (pre.endswith(",") and not tail_is_content):
        return after_form
    if tail_is_content and verb in OUTLOOK and not OUTLOOK_CONTENT_RE.match(masked, tail, unit.end):
        return None  # "the company expects growth": no figure, no "to" clause
    if tail_is_content and (
        verb not in NEEDS_COMPLEMENT or verb in OUTLOOK or (verb in CLAUSE_VERBS and CLAUSE_AFTER_RE.match(masked, tail, unit.end))
    ):
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
    at_start = not masked[unit.start : am.start()].strip()
    span_end = _appositive_end(masked, np_end, unit.end, content_after=at_start)
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


_SPEECH_FIRSTS = _first_words(SPEECH_WORDS)
_THAT_FIRSTS = _first_words(_VERBS["that_required"])
#: the whole words of the masked body that open a speech or that-verb
_FIRST_WORD_RE = (
    re.compile(r"(?<![\w-])(?:" + alternation(sorted(_SPEECH_FIRSTS | _THAT_FIRSTS), factor=True) + r")(?![\w-])")
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
