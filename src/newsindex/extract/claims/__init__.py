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

Modules: ``tables`` (the data and compiled patterns), ``quotes`` (masking and
units), ``phrases`` (speaker phrases), ``speakers`` (resolution), ``attribution``
(the patterns), ``facts`` (company facts); this module assembles the claims.
"""

from __future__ import annotations

import re

from ...records import Claim, Figure, Mention
from ..sentences import Span, paragraphs, sentences
from .attribution import _Attribution, _Verbs, _attribute
from .facts import ANAPHOR_SUBJECT_RE, _company_fact
from .quotes import MAX_UNIT_CHARS, _Unit, _is_quote_only, _mask, _quote_spans, _quoted_chars, _units
from .speakers import _Context, _Entity, _Speaker, _speaker
from .tables import _SPK, words_pattern


# --------------------------------------------------------------------------- assembly


_APPOSITIVE_ROLE_RE = re.compile(r",\s*(?:(?:a|an|the)\s+)?([^,;:.]+)")
_THIRD_PARTY_RE = re.compile(r"(?<![\w-])" + words_pattern(_SPK["third_parties"]) + r"(?![\w-])", re.IGNORECASE)
_RELATIVE_START_RE = re.compile(r"(?:which|who|whose|that|where|when)\b")


def _claim_for(ctx: _Context, unit: _Unit, att: _Attribution) -> tuple[Claim, _Speaker]:
    spk = _speaker(ctx, att.np_start, att.np_end, att.span_end, unit.start)
    appo = _APPOSITIVE_ROLE_RE.match(ctx.body, att.np_end, att.span_end)
    if spk.role is None and not spk.resolved and appo and not _RELATIVE_START_RE.match(appo.group(1)):
        # "Steven Feldstein, a fellow at Carnegie,"; not "Acme, which is finalising a vaccine,"
        spk.role = appo.group(1).strip()
    c0, c1 = att.content
    content_chars = len(ctx.body[c0:c1].strip()) or 1
    quote = _quoted_chars(ctx.masked, c0, c1) / content_chars >= 0.6
    if not spk.companies and spk.role:  # "David Tyler, its new chairman", "chief executive of the grocer"
        spk.companies = ctx.role_companies(spk.role, att.np_start)
    if not spk.companies and spk.kind == "org" and spk.name:  # "J Sainsbury" when "Sainsbury's" was marked
        named = ctx.named_company(spk.name) or ctx.short_form_company(spk.name)  # "VW" for Volkswagen
        spk.companies = [named] if named else []
    third_party = bool(_THIRD_PARTY_RE.search(ctx.body, att.np_start, att.span_end))
    comps = ctx.about(unit.start, unit.end) + spk.companies
    comps += ctx.references(unit.start, unit.end, (att.np_start, att.span_end), third_party)
    ana = ANAPHOR_SUBJECT_RE.match(ctx.masked, unit.start)
    if ana and (att.np_start >= ana.end() or att.np_end <= ana.start()):  # "The company ..., X said"
        comp = ctx.company(unit.start, unit.start, ana.group() if ana.group() != "It" else None)
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


def _extend(claim: Claim, ctx: _Context, start: int, end: int) -> bool:
    """Stretch a claim over a quotation that continues it; False when it would pass MAX_UNIT_CHARS."""
    start, end = min(claim.start, start), max(claim.end, end)
    if end - start > MAX_UNIT_CHARS:
        return False
    claim.start, claim.end = start, end
    claim.text = ctx.body[claim.start : claim.end]
    for name in ctx.about(claim.start, claim.end):
        if name not in claim.companies:
            claim.companies.append(name)
    claim.figures = ctx.figure_ids(claim.start, claim.end)
    return True


def _continued(ctx: _Context, unit: _Unit, claim0: Claim, spk0: _Speaker) -> Claim:
    """A quotation-only unit that continues ``claim0``'s quotation, as a claim of its own."""
    return Claim(
        id="", text=ctx.body[unit.start : unit.end], speaker=claim0.speaker, verb=claim0.verb, quote=True,
        companies=list(dict.fromkeys(ctx.about(unit.start, unit.end) + spk0.companies)),
        figures=ctx.figure_ids(unit.start, unit.end),
        paragraph=unit.paragraph, start=unit.start, end=unit.end, rule="quote_continued",
        speaker_text=claim0.speaker_text, speaker_role=claim0.speaker_role,
    )


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
                    carrier = last_unclosed
                    claim = _continued(ctx, unit, *carrier)
                    found.append((claim, carrier[1]))
                    prev_claim = (claim, carrier[1])
                    continue
                if carrier is not None:
                    if _extend(carrier[0], ctx, unit.start, unit.end):
                        carrier[0].quote = True
                        prev_claim = carrier
                    else:
                        prev_claim = (_continued(ctx, unit, *carrier), carrier[1])
                        found.append(prev_claim)
                    continue
                if prev_claim is not None and prev_claim[0].quote:
                    if not _extend(prev_claim[0], ctx, unit.start, unit.end):
                        prev_claim = (_continued(ctx, unit, prev_claim[0], prev_claim[1]), prev_claim[1])
                        found.append(prev_claim)
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
                        companies=list(dict.fromkeys(fact[1] + ctx.about(unit.start, unit.end))),
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
    topic = ctx.dominant()
    for c in claims:
        if not c.companies and topic:  # a claim that names no company is about the article's company
            c.companies = [topic]
    for n, c in enumerate(claims, 1):
        c.id = f"{article_id}:c{n}"
    return claims
