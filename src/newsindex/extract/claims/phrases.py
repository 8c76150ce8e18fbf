"""Speaker phrases: tokens and the noun phrases read backwards or forwards from an attribution verb."""

from __future__ import annotations

import re

from ..sentences import abbreviation_dot
from .tables import (
    ARTICLES, CAPITAL_STOPS, COMPANY_PRONOUNS, CONNECTORS, DETERMINERS, FUNCTION_WORDS, HONORIFICS,
    ORG_NOUNS, OTHER_PRONOUNS, PERSON_PRONOUNS, QUANTIFIERS, ROLES, ROLE_MODIFIERS, SOURCE_TAIL_RE,
    SPEECH_RE, STOP_AFTER, _APPOSITIVE_END_RE, _APPOSITIVE_OPEN_RE, _MAX_NP_TOKENS, _POSSESSIVE_RE,
    _TOKEN_RE, _WINDOW,
)


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
    return c.isupper() or (c.isdigit() and any(ch.isupper() for ch in tok.text))  # "3M", "7-Eleven"; not "10-year"


def _base(word: str) -> str:
    return _POSSESSIVE_RE.sub("", word.lower()).strip("’'")


def _is_head_noun(tok: _Tok) -> bool:
    b = _base(tok.text)
    return b in ROLES or b in ORG_NOUNS or (b.endswith("s") and (b[:-1] in ROLES or b[:-1] in ORG_NOUNS))


def _adjacent(s: str, a: _Tok, b: _Tok) -> bool:
    """Only spaces between two tokens (no comma, quote or bracket)."""
    return s[a.end : b.start].strip() == ""


_AFFILIATION_LINKS = frozenset({"of", "at", "from", "for"})


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
            if (
                low == "the" and i >= 2 and toks[i - 1].low in _AFFILIATION_LINKS
                and (_is_cap(toks[i - 2]) or _is_head_noun(toks[i - 2]))
                and _is_cap(toks[i + 1]) and _adjacent(s, toks[i - 1], tok) and _adjacent(s, toks[i - 2], toks[i - 1])
            ):
                continue  # "Maya Wang of the Harvard Business School", "the head of the Federal Reserve"
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
        before_role = _base(toks[i + 1].text) in ROLES  # "commercial director", "regional manager"
        if (role_tail or before_role) and low not in FUNCTION_WORDS and not SPEECH_RE.fullmatch(low) and (
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


_FINITE_RE = re.compile(r"(?<![\w-])(?:is|was|are|were|has|have|had|will|would|can|could|should|must|did|does)(?![\w-])")
_RELATIVE_OPEN_RE = re.compile(r"\s*(?:who|which|whose)\b")


def _appositive_end(s: str, np_end: int, limit: int, *, content_after: bool = False) -> int:
    """End of the appositives after a speaker (", a fellow at Carnegie, a US think-tank").

    A full stop of an abbreviation ("an analyst at Acme Corp.,") does not end one. With
    ``content_after`` (the claim follows the speaker: "According to X, a fellow, Y"), an appositive
    must close with a comma: the last chunk, running to the sentence's end, is the content.
    """
    pos = last = np_end
    for _ in range(3):
        m = _APPOSITIVE_OPEN_RE.match(s[pos : pos + 4 + 60])
        if not m:
            break
        hi = min(limit, pos + 160)
        end = hi
        for nxt in _APPOSITIVE_END_RE.finditer(s, pos + 1, hi):
            if nxt.group() != "." or not abbreviation_dot(s, nxt.start()):
                end = nxt.start()
                break
        if end >= limit or end <= pos + 1:
            break
        chunk = s[pos + 1 : end]
        if _FINITE_RE.search(chunk) and not _RELATIVE_OPEN_RE.match(chunk):
            break  # ", women's sales had picked up": a clause (the content), not an appositive
        pos = end
        if s[end : end + 1] == ",":
            last = end
    return last if content_after else pos
