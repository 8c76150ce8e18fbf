"""Provenance: where a record came from, as plain data for `newsindex explain ID`.

Pure functions over an Article record (or its dict). For a claim or figure id: the rule that
produced it, its span ``[start, end)`` in ``body`` and the text there, the paragraph the span
sits in (with the span's offsets inside it, for highlighting) and the record itself. For an
article id: every publication-date candidate the metadata layer considered (accepted or not,
and why), where ``published`` came from, and each company with the spans it was found at.

Ids: an article id is 12 hex digits; claims and figures carry ``<article id>:c<n>`` and
``<article id>:f<n>`` (any id a record carries is accepted); a company is addressed as
``<article id>:company:<name>``. A record whose stored span does not hold its text is still
explained: the text is located in its paragraph (``span_source: located``) and the mismatch is
reported, never hidden. Corrections and reviews (``<corpus>/corrections.toml``) are shown as rules of
their own beside the extraction's: ``corrections`` (``corrected by alice, 2026-12-01: note``, each
field's extracted and corrected value) and ``review``.
"""

from __future__ import annotations

from typing import Mapping

from .errors import NotFound
from .extract.sentences import paragraphs
from .records import Article

COMPANY_MARK = ":company:"


def article_id_of(target_id: str) -> str:
    """The article part of any record id.

    >>> article_id_of("3f2a9c1d0b7e:f12"), article_id_of("3f2a9c1d0b7e")
    ('3f2a9c1d0b7e', '3f2a9c1d0b7e')
    """
    return str(target_id).split(":", 1)[0]


def kind_of(target_id: str) -> str:
    """article, claim, figure or company, from the id's shape.

    >>> [kind_of(i) for i in ["abc", "abc:c1", "abc:f2", "abc:company:Huawei"]]
    ['article', 'claim', 'figure', 'company']
    """
    rest = str(target_id).split(":", 1)[1] if ":" in str(target_id) else ""
    if not rest:
        return "article"
    if str(target_id).find(COMPANY_MARK) >= 0:
        return "company"
    return {"c": "claim", "f": "figure"}.get(rest[:1], "record")


def _as_article(article) -> Article:
    return article if isinstance(article, Article) else Article.from_dict(dict(article))


def _paragraph_at(body: str, start: int, fallback: int | None = None) -> dict:
    paras = paragraphs(body)
    chosen = None
    for p in paras:
        if p.start <= start < max(p.end, p.start + 1):
            chosen = p
            break
    if chosen is None and fallback is not None and 0 <= fallback < len(paras):
        chosen = paras[fallback]
    if chosen is None:
        return {"index": fallback, "start": None, "end": None, "text": ""}
    return {"index": chosen.paragraph, "start": chosen.start, "end": chosen.end, "text": chosen.text}


def locate_span(body: str, rec_start: int, rec_end: int, text: str, paragraph: int | None = None) -> tuple[int, int, str]:
    """The record's span if it holds its text; else where the text really is.

    Returns (start, end, source) with source ``record``, ``located`` or ``missing``.

    >>> locate_span("Sales were $4bn. Profit was $1bn.", 11, 15, "$4bn")
    (11, 15, 'record')
    >>> locate_span("Sales were $4bn. Profit was $1bn.", 0, 4, "$1bn")
    (28, 32, 'located')
    """
    if text and 0 <= rec_start <= rec_end <= len(body) and body[rec_start:rec_end] == text:
        return rec_start, rec_end, "record"
    if text:
        para = _paragraph_at(body, rec_start, paragraph)
        if para["start"] is not None and para["index"] == paragraph:
            at = body.find(text, para["start"], para["end"])
            if at >= 0:
                return at, at + len(text), "located"
        at = body.find(text)
        if at >= 0:
            return at, at + len(text), "located"
    return rec_start, rec_end, "missing"


def _span_view(body: str, start: int, end: int, text: str, paragraph: int | None) -> dict:
    s, e, source = locate_span(body, start, end, text, paragraph)
    para = _paragraph_at(body, s, paragraph)
    highlight = None
    if para["start"] is not None and para["start"] <= s <= e <= para["end"]:
        highlight = [s - para["start"], e - para["start"]]
    return {
        "span": [s, e],
        "span_text": body[s:e] if 0 <= s <= e <= len(body) else "",
        "span_source": source,
        "recorded_span": [start, end],
        "paragraph": para["index"],
        "paragraph_span": [para["start"], para["end"]],
        "paragraph_text": para["text"],
        "highlight": highlight,
    }


def _article_header(a: Article) -> dict:
    return {"article_id": a.id, "path": a.path, "title": a.title, "outlet": a.outlet, "published": a.published}


def corrections_view(rec) -> list[dict]:
    """A record's corrections as rules of their own, after the rule that extracted it: who, when,
    why and each field's extracted value beside the corrected one."""
    out = []
    for c in getattr(rec, "corrected", None) or []:
        note = c.get("note")
        out.append({"rule": "correction", "text": correction_line(c), "by": c.get("by"), "at": c.get("at"), "note": note,
                    "fields": dict(c.get("fields") or {}),
                    **({"record": c["record"], "record_text": c.get("text")} if c.get("record") else {})})
    return out


def correction_line(c: dict) -> str:
    """``corrected by alice, 2026-12-01: the report says it`` for one entry of a record's ``corrected``."""
    at, note = (c.get("at") or "")[:10], c.get("note")
    return f"corrected by {c.get('by') or 'someone'}" + (f", {at}" if at else "") + (f": {note}" if note else "")


def review_view(rec) -> dict | None:
    """The record's review: ``{status, by, at, note, text}`` (text: ``verified by alice, 2026-12-01: …``)."""
    r = getattr(rec, "review", None)
    if not r:
        return None
    at = (r.get("at") or "")[:10]
    text = f"{r.get('status')} by {r.get('by') or 'someone'}" + (f", {at}" if at else "") + \
        (f": {r['note']}" if r.get("note") else "")
    return {**r, "text": text}


def _span_record(a: Article, kind: str, rec) -> dict:
    """What claims and figures share: rule, article, span view and the record itself."""
    out = {"kind": kind, "id": rec.id, "rule": rec.rule or None, **_article_header(a)}
    out.update(_span_view(a.body, rec.start, rec.end, rec.text, rec.paragraph))
    out["corrections"] = corrections_view(rec)
    out["review"] = review_view(rec)
    out["record"] = rec.to_dict()
    return out


def explain_claim(a: Article, claim_id: str) -> dict:
    for c in a.claims:
        if c.id == claim_id:
            out = _span_record(a, "claim", c)
            figs = {f.id: f for f in a.figures}
            out["figures"] = [
                {"id": fid, "text": figs[fid].text, "span": [figs[fid].start, figs[fid].end], "rule": figs[fid].rule}
                for fid in c.figures if fid in figs
            ]
            return out
    raise NotFound(f"no claim {claim_id} in article {a.id}")


def explain_figure(a: Article, figure_id: str) -> dict:
    for f in a.figures:
        if f.id == figure_id:
            out = _span_record(a, "figure", f)
            out["claims"] = [c.id for c in a.claims if f.id in c.figures]
            return out
    raise NotFound(f"no figure {figure_id} in article {a.id}")


def explain_company(a: Article, name: str) -> dict:
    for c in a.companies:
        if c.name.lower() == name.lower():
            spans = []
            for start, end in c.spans:
                para = _paragraph_at(a.body, start)
                spans.append({"span": [start, end], "text": a.body[start:end], "paragraph": para["index"],
                              "paragraph_text": para["text"],
                              "highlight": [start - para["start"], end - para["start"]] if para["start"] is not None else None})
            return {"kind": "company", "id": f"{a.id}{COMPANY_MARK}{c.name}", "rule": c.rule or None,
                    **_article_header(a), "record": c.to_dict(), "mentions": spans}
    raise NotFound(f"no company {name!r} in article {a.id}")


def explain_article(a: Article) -> dict:
    return {
        "kind": "article",
        "id": a.id,
        "rule": "metadata",
        **_article_header(a),
        "author": a.author,
        "published_at": a.published_at,
        "published_source": a.published_source,
        "url": a.url,
        "date_candidates": [d.to_dict() for d in a.date_candidates],
        "companies": [
            {"name": c.name, "rule": c.rule or None, "mentions": c.mentions, "spans": [list(s) for s in c.spans],
             "id": f"{a.id}{COMPANY_MARK}{c.name}"}
            for c in a.companies
        ],
        "claims": [{"id": c.id, "rule": c.rule or None, "span": [c.start, c.end]} for c in a.claims],
        "figures": [{"id": f.id, "rule": f.rule or None, "span": [f.start, f.end], "text": f.text} for f in a.figures],
        "warnings": list(a.warnings),
        "corrections": corrections_view(a),
        "review": review_view(a),
    }


def explain(article: Article | Mapping, target_id: str) -> dict:
    """Explain any record id of this article (the article itself, a claim, a figure, a company)."""
    a = _as_article(article)
    target_id = str(target_id).strip()
    if article_id_of(target_id) != a.id:
        raise NotFound(f"{target_id} is not a record of article {a.id}")
    if target_id == a.id:
        return explain_article(a)
    if COMPANY_MARK in target_id:
        return explain_company(a, target_id.split(COMPANY_MARK, 1)[1])
    if any(c.id == target_id for c in a.claims):
        return explain_claim(a, target_id)
    if any(f.id == target_id for f in a.figures):
        return explain_figure(a, target_id)
    raise NotFound(f"no record {target_id} in article {a.id}")


def all_ids(article: Article | Mapping) -> list[str]:
    """Every id explain accepts for this article."""
    a = _as_article(article)
    return ([a.id] + [c.id for c in a.claims] + [f.id for f in a.figures]
            + [f"{a.id}{COMPANY_MARK}{c.name}" for c in a.companies])
