"""Company facts: a unit whose subject is a named company and whose predicate carries a fact."""

from __future__ import annotations

import re

from ...records import Figure
from .quotes import _Unit
from .speakers import _Context
from .tables import (
    AUXILIARIES, COMPANY_ANAPHORS, FACT_RE, FUNCTION_WORDS, MASK, NON_FACT_RE, _LIST_GAP_RE, _POSSESSIVE_SUBJECT_RE,
    _SUBJECT_APPOSITIVE_RE, words_pattern,
)


_ADVERBS = frozenset({"also", "still", "now", "already", "recently", "reportedly", "so", "far", "previously", "currently", "then"})
_VERB_AFTER_RE = re.compile(r",?\s+([a-z][a-z-]+)(?:\s+([a-z][a-z-]+))?(?:\s+([a-z][a-z-]+))?")
ANAPHOR_SUBJECT_RE = re.compile(r"(?:The\s+(?:[\w-]+\s+){0,2}?" + words_pattern(COMPANY_ANAPHORS) + r"|It)(?=[\s,’'])")
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
        comp = ctx.company(unit.start, unit.start, ana.group() if ana.group() != "It" else None)
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
