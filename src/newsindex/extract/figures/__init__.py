"""Figures: numbers that report something, normalised.

A figure is a number with a unit a reader would quote: money (``US$7.5 billion`` -> 7500000000
USD), a percentage (``46 per cent``, ``nearly half``), a count of things (``28 Chinese technology
firms``), or a measured quantity (``110,000-square-metre``, ``20 to 30 years``). Years, dates,
times, ordinals, codes, rankings ("top 10") and the denominators of rates ("per 1,000 people")
are not figures.

How it works: one scanner regex finds every number *core* (digits, a number word, a vague
phrase such as "tens of millions", or a fraction word such as "two-thirds"). Each core is read
outwards with small anchored regexes over bounded windows (so the work is linear in the text and
no pattern can backtrack catastrophically): the currency before it, the scale, percent sign,
currency word, unit or counted noun after it, the qualifier before it, and a second number when
it is a range. Every word list and trap pattern comes from ``data/figures.toml``.

Decisions worth knowing:

* ``text`` is the figure as written *without* its qualifier (``more than 1.8m people`` gives text
  ``1.8m people`` and qualifier ``more than``); a count's text runs to its counted noun.
* A bare number with no currency, unit, scale or counted noun is not a figure.
* "one" and "two" count things only with a scale or a unit ("two million people", "one
  millisecond"): "one of the largest", "two people familiar with the matter" are idioms.
* A partitive count keeps the whole phrase: "eight of the top 10 most surveilled cities" is one
  figure (8, cities); the ranking "top 10" inside it is not a figure of its own.
* Denominators of rates ("per 1,000 people", "for every six people") and odds ("1 in 5") are
  not figures; the numerator of a rate is ("50 CCTV cameras per 1,000 people" -> 50 cameras).
* Rankings and names are not figures: "top 10", "Big 5", "G20", "Windows 10", "No. 3".
* A 4-digit number from 1800 to 2100 with no currency, percent sign, scale or qualifier is a
  year ("in 2015", "2019 National Defence Authorisation Act"); "over 2000 people" is a count.
* ``metric`` comes from cue words (data) in the figure's clause: the nearest before it, else
  the nearest after it (never after a count); weak cues ("worth", "round") lose to any other.
  A count's subject can decide first ("cameras"), and "its 1.4 billion people" is a population.
  ``subject`` of money or a bare count without a noun defaults to its metric ("valuation").
* Vague amounts ("tens of millions of cameras") get value = low = the order of magnitude,
  high = ten times it, and ``vague=True``.
* A bare "$" (or "¥", "Sh", "kr") means the currency of the outlet's country, else of the
  dateline's city, else what the document's explicit variants say, else its default (USD);
  ``currency_source`` says which (see ``currency.py``). "R" and "N" are rand and naira only
  touching a scaled or grouped amount ("R250m", "N3.1 billion"), never "N95" or "R2".
* "52 cents" and "10.6p" are hundredths of the document's dollar and of the pound.
* ``direction`` is "up"/"down" from a movement word right before or after the figure ("fell
  5%", "a 5% decline"), a minus sign ("-0.2%", negative value) or a loss (metric ``loss``,
  never ``profit``). After such a verb, or after "from", "X to Y" is two figures ("rose from
  3,000 to 4,500 people": 3,000 people and 4,500 people), not a range.
* A money figure directly followed, in the same clause, by another currency in parentheses is a
  conversion: both share ``group``; the second has ``converted_from`` = the first's id and takes
  the first's qualifier and metric when it has none of its own.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ...records import Figure, Mention
from ..companies import NOT_COMPANY_KINDS, mentions_in_span
from ..companies.coref import resolve_reference
from ..sentences import Span, sentences
from .currency import Hint, dateline_country
from .reader import _Hit, _Reader
from .rules import CLAUSE_REACH, WINDOW, rules

#: how far back "the company" may refer
REFERENCE_REACH = 1500
#: a sentence up to this long is carried whole by each of its figures
SENTENCE_MAX = 600
#: else each figure carries this many characters either side of it
SENTENCE_REACH = 250

__all__ = ["extract_figures"]

# --------------------------------------------------------------------------- context


def _clause(body: str, sent: Span, start: int, end: int) -> tuple[int, int]:
    """The clause of sentence ``sent`` around body[start:end] (split at commas, dashes,
    brackets...), at most CLAUSE_REACH characters either side."""
    brk = rules().clause_break
    lo = max(sent.start, start - CLAUSE_REACH)
    hi = min(sent.end, end + CLAUSE_REACH)
    for m in brk.finditer(body, lo, start):
        lo = m.end()
    m = brk.search(body, end, hi)
    return lo, (m.start() if m else hi)


def _metric(body: str, hit: _Hit, clause: tuple[int, int]) -> str | None:
    r = rules()
    if hit.kind == "count" and hit.subject in r.subject_metrics:
        return r.subject_metrics[hit.subject]
    if hit.kind == "count" and hit.subject in r.pop_nouns:
        if r.pop_before.search(body[max(0, hit.start - WINDOW):hit.start]) or r.pop_after.match(body, hit.end, hit.end + WINDOW):
            return "population"
    best: dict[tuple, tuple] = {}
    lo, hi = clause
    for m in r.cue.finditer(body[lo:hi].lower()):
        start, end = lo + m.start(), lo + m.end()
        if start < hit.end and end > hit.start:
            continue
        cue = m.group()
        metric = r.cue_metric[cue]
        if hit.kind not in r.metric_units[metric]:
            continue
        weak = cue in r.weak_cues
        if end <= hit.start:
            key, dist = (weak, 0), hit.start - end
        elif hit.kind == "count":
            continue  # what follows a count is what the counted things did, not what they are
        else:
            key, dist = (weak, 1), start - hit.end
        if key not in best or dist < best[key][0]:
            best[key] = (dist, metric)
    for key in sorted(best):
        return best[key][1]
    return None


_TOKENS = re.compile(r"[^\s,;:()\[\]\"“”]+")


def _direction(body: str, hit: _Hit, clause: tuple[int, int], metric: str | None) -> str | None:
    """ "up" / "down": the movement a cue word right before the figure ("fell 5%", "dropped by
    $3bn", "down some 3%") or right after it ("a 5% decline", "a $2bn loss") states; a loss is
    "down"; None when the clause says neither."""
    if hit.direction:
        return hit.direction
    if metric == "loss":
        return "down"
    r = rules()
    window = body[max(clause[0], hit.start - 40):hit.start].rstrip()
    if hit.qualifier and window.lower().endswith(hit.qualifier):
        window = window[:-len(hit.qualifier)]  # "up to $5bn" is a ceiling, not a rise
    for n, w in enumerate(reversed(_TOKENS.findall(window)[-4:])):
        lw = w.lower().strip(".!?'’")
        if lw in r.down_words or lw in r.up_words:
            return "down" if lw in r.down_words else "up"
        if lw not in r.between_words:
            break  # a number or another word: the cue is not this figure's
    for w in _TOKENS.findall(body[hit.end:min(clause[1], hit.end + 30)])[:2]:
        lw = w.lower().strip(".!?'’")
        if lw in r.down_words or lw in r.up_words:
            return "down" if lw in r.down_words else "up"
        if lw not in ("in", "year-on-year", "annual", "annually", "yearly"):
            break
    return None


def _name(m: Mention) -> str | None:
    return m.parent if m.kind in NOT_COMPANY_KINDS else m.name


def _companies(body: str, mentions: list[Mention], sent: Span, clause: tuple[int, int], at: int) -> list[str]:
    """The companies a figure at body[at:] is about, its clause's subject first.

    Kept: the company nearest before the figure in its clause, the sentence's subject (its first
    company before the figure, outside side clauses), and the other companies of the figure's
    clause. Left out: companies in other clauses or after a side-clause opener ("with investors
    including Alibaba", "backed by", "such as"), and "X-backed" modifiers. With no company in
    the sentence, "the company" / "the bank" / "its" before the figure is resolved to the
    company it refers back to.
    """
    r = rules()
    in_sent = mentions_in_span(mentions, sent.start, sent.end)
    if not in_sent:
        return _referred(body, mentions, sent, at)

    def side(m: Mention) -> bool:
        """In a side clause: an opener stands between the start of its clause and the mention."""
        lo = max(sent.start, m.start - CLAUSE_REACH)
        for b in r.clause_break.finditer(body, lo, m.start):
            lo = b.end()
        return bool(r.side_opener.search(body, lo, m.start)) or bool(r.backed_after.match(body, m.end, m.end + 12))

    lead = [m for m in in_sent if clause[0] <= m.start and m.end <= at and not side(m)]
    subject = [m for m in in_sent if m.end <= at and not side(m)]
    rest = [m for m in in_sent if clause[0] <= m.start < clause[1] and not side(m)]
    names: list[str] = []
    for m in ([lead[-1]] if lead else []) + subject[:1] + rest:
        n = _name(m)
        if n and n not in names:
            names.append(n)
    return names


_REFERRING = re.compile(r"(?:\b[Tt]he\s+(?:[A-Za-z-]+\s+){0,2}?[a-z-]+|\b[Ii]ts)\b")


def _referred(body: str, mentions: list[Mention], sent: Span, at: int) -> list[str]:
    """ "The company said revenue rose to $5bn": the company "the company" refers back to."""
    for m in reversed(list(_REFERRING.finditer(body, sent.start, at))):
        near = mentions_in_span(mentions, max(0, m.start() - REFERENCE_REACH), m.start())
        ref = resolve_reference(m.group(), m.start(), near, body)
        if ref is not None and (n := _name(ref)):
            return [n]
    return []


def _window(body: str, sent: Span, start: int, end: int) -> tuple[int, int]:
    """The stretch of sentence ``sent`` a figure at body[start:end] carries: the whole sentence
    up to SENTENCE_MAX characters, else SENTENCE_REACH characters either side of the figure, cut
    at spaces (a run-on "sentence" of 40 KB must not be copied into every figure it holds).

    >>> body = "a " * 500 + "US$5bn" + " b" * 500
    >>> lo, hi = _window(body, Span(0, len(body), 0, body), 1000, 1006)
    >>> hi - lo <= 2 * SENTENCE_REACH + 6, body[lo:hi].strip().startswith("a")
    (True, True)
    """
    if sent.end - sent.start <= SENTENCE_MAX:
        return sent.start, sent.end
    lo = max(sent.start, start - SENTENCE_REACH)
    hi = min(sent.end, end + SENTENCE_REACH)
    if lo > sent.start:
        cut = body.find(" ", lo, start)
        lo = cut + 1 if cut >= 0 else lo
    if hi < sent.end:
        cut = body.rfind(" ", end, hi)
        hi = cut if cut >= 0 else hi
    return lo, hi


def extract_figures(body: str, article_id: str, mentions: list[Mention], *, country: str | None = None) -> list[Figure]:
    """Every figure in ``body``, in body order, with ids ``<article_id>:f<n>`` from 1.

    ``country`` is the ISO 3166 code of the outlet's country when known: it decides what a bare
    "$" means ("$" in an Australian paper is AUD); without it the dateline's city may (see
    ``currency.py``).

    >>> [(f.text, f.value, f.unit, f.qualifier) for f in extract_figures(
    ...     "It raised more than US$1.5bn, up 46 per cent.", "a", [])]
    [('US$1.5bn', 1500000000, 'USD', 'more than'), ('46 per cent', 46, 'percent', None)]
    """
    hint = Hint(country, "outlet") if country else None
    if hint is None and (place := dateline_country(body)):
        hint = Hint(place, "dateline")
    hits = sorted(_Reader(body, hint).figures(), key=lambda h: h.start)
    if not hits:
        return []
    if any(a.start > b.start for a, b in zip(mentions, mentions[1:])):
        mentions = sorted(mentions, key=lambda m: m.start)  # the span lookups bisect
    sents = sentences(body)
    starts = [s.start for s in sents]
    figures: list[Figure] = []
    for n, h in enumerate(hits, 1):
        k = bisect_right(starts, h.start) - 1
        sent = sents[k] if k >= 0 and sents[k].end >= h.start else Span(h.start, h.end, 0, body[h.start:h.end])
        lo, hi = _window(body, sent, h.start, h.end)
        if (lo, hi) != (sent.start, sent.end):
            sent = Span(lo, hi, sent.paragraph, body[lo:hi])
        clause = _clause(body, sent, h.start, h.end)
        metric = _metric(body, h, clause)
        subject = h.subject
        if subject is None and metric is not None and h.kind in ("money", "count"):
            subject = metric
        figures.append(Figure(
            id=f"{article_id}:f{n}", text=body[h.start:h.end], value=h.value, unit=h.unit,
            qualifier=h.qualifier, subject=subject, metric=metric,
            companies=_companies(body, mentions, sent, clause, h.start), sentence=sent.text,
            paragraph=sent.paragraph, start=h.start, end=h.end, rule=h.rule, low=h.low, high=h.high,
            vague=h.vague, currency_source=h.currency_source, direction=_direction(body, h, clause, metric),
        ))
    _link_conversions(body, article_id, hits, figures)
    return figures


def _link_conversions(body: str, article_id: str, hits: list[_Hit], figures: list[Figure]) -> None:
    """ "Rmb480 million ($71.4 million)": the second converts the first; both share a group."""
    r = rules()
    groups = 0
    for i in range(len(figures) - 1):
        a, b = figures[i], figures[i + 1]
        if hits[i].kind != "money" or hits[i + 1].kind != "money" or a.unit == b.unit or a.group:
            continue
        if not r.conversion_gap.fullmatch(body, a.end, b.start):
            continue
        groups += 1
        a.group = b.group = f"{article_id}:g{groups}"
        b.converted_from = a.id
        if b.qualifier is None:
            b.qualifier = a.qualifier
        if b.metric is None:
            b.metric, b.subject = a.metric, b.subject or a.subject
