"""One parsed article made ready for the index (in the parse workers): Whoosh document and store rows."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field

from ..corrections import review_rows
from ..dedup import signature
from .terms import SEP, analysed, _keywords, _padded, _value, keyword_term, month_key, pair_terms, stem_tokens, to_datetime


@dataclass
class Prepared:
    """One parsed article made ready for the index in the parse worker: analysed, packed, as table rows."""

    id: str
    path: str
    sha256: str
    doc: dict  # the Whoosh document; title and body as token lists (Whoosh skips its analyser for lists)
    records: list  # (id, article_id, kind, packed): the article without its body; its claims, its figures (see bundle_id)
    body: bytes  # the body, zlib-compressed
    article: tuple  # articles row
    companies: list  # article_companies rows
    items: list  # items rows: the article's claims and figures
    item_companies: list  # item_companies rows
    part: int | None = None  # the article's part number in a multi-article file
    shingles: int = 0  # near-duplicates: the body's shingle count and MinHash signature (None: too short)
    sig: bytes | None = None
    body_len: int = 0
    reviews: list = field(default_factory=list)  # reviews rows: (record id, article id, kind letter, status)
    unplaced: list = field(default_factory=list)  # corrections of the article that could not be placed (messages)


def prepare(article) -> Prepared:
    """Everything the writer needs from one Article; the costly part (analysis, JSON, zlib) runs in the workers."""
    date = to_datetime(article.published)
    outlet = article.outlet or ""
    names = [c.name for c in article.companies]
    body, body_tokens = analysed(article.body)
    doc = {"id": article.id, "title": stem_tokens(article.title), "body": body, "pairs": pair_terms(body_tokens),
           "author": "; ".join(article.authors) or article.author or "", "outlet": _keywords([outlet]), "companies": _keywords(names)}
    if date is not None:
        doc["date"] = date
        doc["month"] = month_key(date)
    shingle_count, sig = signature(article.body or "")
    d = article.to_dict()  # each claim and figure is made a dict once, here
    d.pop("body", None)
    ctx = article_context(article)
    published = date.strftime("%Y-%m-%d") if date else None
    items, item_companies, records = [], [], [(article.id, article.id, "articles", pack(d))]
    for kind, objs in (("claims", article.claims), ("figures", article.figures)):
        if objs:  # one bundle per article and kind: compressed together they take a fifth of the space
            records.append((bundle_id(article.id, kind), article.id, kind, pack({"context": ctx, "rows": d[kind]})))
        for seq, obj in enumerate(objs):
            if kind == "claims":
                extra = (obj.speaker, keyword_term(obj.verb), None, None, None, None, stem_tokens(obj.text))
            else:
                extra = (None, None, keyword_term(obj.unit), keyword_term(obj.metric), _value(obj.value),
                         obj.subject, stem_tokens(f"{obj.sentence or ''} {obj.text or ''}"))
            companies = list(dict.fromkeys(n for n in obj.companies if n))
            items.append((obj.id, article.id, kind[0], seq, published, article.outlet, keyword_term(outlet),
                          *extra[:6], SEP.join(companies), _padded(extra[6])))
            item_companies.extend((obj.id, article.id, kind[0], keyword_term(n)) for n in companies)
    return Prepared(
        id=article.id, path=article.path, sha256=article.sha256, doc=doc,
        records=records,
        body=zlib.compress((article.body or "").encode("utf-8"), 6),
        article=(article.id, article.outlet, article.published, SEP.join(names), len(doc["title"]), len(doc["body"])),
        companies=[(article.id, c.name, c.kind, int(bool(c.known)), int(c.mentions or 0), json.dumps(c.aliases))
                   for c in article.companies],
        items=items, item_companies=item_companies, part=article.part,
        shingles=shingle_count, sig=sig, body_len=len(article.body or ""), reviews=review_rows(article),
    )


def bundle_id(article_id: str, kind: str) -> str:
    """The records row holding every claim or figure of an article (``kind`` is ``claims`` or
    ``figures``), in order: ``{"context": <article_context>, "rows": [...]}``; the ``items`` row
    of each says where it is (article id, kind, ``seq``). Per row, zlib kept 22 % of a claim's
    JSON; per article and kind, with the context once, about 4 % (BENCHMARKS.md, 2026-12-01)."""
    return f"{article_id}:{kind}"


def pack(obj) -> bytes:
    return zlib.compress(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def unpack(blob: bytes):
    return json.loads(zlib.decompress(blob).decode("utf-8"))


def article_context(article) -> dict:
    """The keys a claim or figure row carries from its article."""
    return {"article_id": article.id, "title": article.title, "outlet": article.outlet,
            "published": article.published}
