"""A format's metadata merged into the Article parsed from its text: the format's values first.

What a page's JSON-LD, an export's labelled fields or a record's columns state is evidence
that beats what the text parser guesses: the title, the authors, the publication date (with
its provenance in ``published_source``), the outlet (through the outlet table: a site name
or the URL's domain), the url. What the text parser found stays among the date candidates,
so ``explain`` still shows it.
"""

from __future__ import annotations

import hashlib
import os
import re

from ..records import Article, Company, DateCandidate
from .document import Document


def document_id(doc: Document, rel: str, file_sha256: str) -> str:
    """The stable id of one article of a multi-article file.

    The format's own id where it has one (Factiva's accession number, a record's id), else the
    file's name, the part number and the article's content: an unchanged article keeps its id
    when another article of the same file changes.

    >>> d = Document(body="x", format="factiva", source_id="DOC0001")
    >>> document_id(d, "a/export.html", "00") == document_id(d, "b/other.html", "11")
    True
    """
    if doc.source_id:
        key = f"{doc.format}\0{doc.source_id}"
    else:
        key = f"{os.path.basename(rel)}\0{doc.part}\0{doc.content_hash()}"
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:12]


def merge_document(article: Article, doc: Document, gazetteer=None) -> None:
    """Put what the format states over what the text parser found (in place)."""
    from ..extract.outlets import canonical_outlet

    article.format = doc.format
    article.part = doc.part
    article.source_id = doc.source_id
    article.fetched = doc.fetched
    article.language = doc.language
    page = _page_metadata(doc)
    if doc.title and not article.title:
        article.title = " ".join(doc.title.split())
    if not doc.title and page is not None and page.title:
        article.title = page.title  # the page states no title: its text's headline beats a guess from the main text
    authors = doc.authors or (page.authors if page is not None and page.authors else [])
    if authors:
        article.authors = list(authors)
        article.author = authors[0]
    # "Financial Times (London)": databases add the city; the outlet table knows the name
    names = [n for o in doc.outlets for n in dict.fromkeys((o, re.sub(r"\s*\([^)]*\)\s*$", "", o))) if n]
    outlet = next((canonical_outlet(o) for o in names if canonical_outlet(o)), None)
    if outlet is None and page is not None and page.outlet:
        outlet = page.outlet  # the page's own lines (a source line, a copyright footer) through the outlet rules
    if outlet is None:
        # a name as the site states it; a bare hostname or URL counts only through the outlet table
        names = [o for o in doc.outlets if not re.match(r"(?i)^(?:https?://|(?:www\.)?[\w-]+(?:\.[\w-]+)+/?$)", o.strip())]
        outlet = names[0] if names else None
    if outlet:
        article.outlet = outlet
    if doc.url:
        article.url = doc.url
    if page is not None and page.published and page.published_source in ("header", "text") and (
            not doc.published or doc.published_source == "htmldate"):
        # a dated header or dateline of the page beats htmldate's guess
        doc.published, doc.published_text, doc.published_source = (
            page.published_at or page.published, page.published, page.published_source)
    if doc.published:
        _merge_date(article, doc)
    if doc.companies:
        _merge_companies(article, doc, gazetteer)
    for key, value in doc.extra.items():
        if value:
            article.format_fields[key] = value


def _page_metadata(doc: Document):
    """What the text parser reads in the page's whole visible text (its header lines, datelines and
    footers, which the main-text extractor leaves out), for the fields the page does not state."""
    if not doc.page_text:
        return None
    from ..extract.metadata import extract_metadata

    try:
        return extract_metadata(doc.page_text)
    except Exception:  # the fallback must never cost the article
        return None


def _merge_date(article: Article, doc: Document) -> None:
    from ..extract.metadata import find_dates

    value = doc.published.strip()
    day = at = None
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)\s*(Z|[+-]\d{2}:?\d{2})?)?", value)
    if m:
        day = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
        if m.group(4):
            zone = m.group(5) or ""
            zone = "+00:00" if zone == "Z" else (zone[:3] + ":" + zone[3:] if zone and ":" not in zone else zone)
            at = f"{day}T{m.group(4)}{zone}"
    else:
        hits = find_dates(value, with_time=True)
        if hits:
            day, at = hits[0].date, hits[0].iso
    if not day or not _plausible(day):
        article.warnings.append(f"{doc.format}: unreadable publication date {value!r}")
        return
    text_date = article.published
    article.published, article.published_at = day, at
    article.published_source = doc.published_source or doc.format
    for cand in article.date_candidates:
        if cand.accepted and cand.value[:10] != day:
            cand.accepted = False
            cand.reason = f"overridden by the {article.published_source} date ({day})"
    article.date_candidates.insert(0, DateCandidate(
        value=at or day, source=article.published_source, text=doc.published_text or value, accepted=True,
        reason=f"stated by the {doc.format} file ({article.published_source})"))
    if text_date and text_date != day:
        article.warnings.append(f"the text says {text_date}; the {article.published_source} metadata says {day}")


def _plausible(day: str) -> bool:
    from datetime import date

    try:
        d = date.fromisoformat(day)
    except ValueError:
        return False
    return 1800 <= d.year <= 2200


def _merge_companies(article: Article, doc: Document, gazetteer) -> None:
    """Companies the format lists (Factiva's CO codes): kept on the record with their code."""
    by_name = {c.name.casefold(): c for c in article.companies}
    for code, name in doc.companies:
        canonical = _canonical_company(name, gazetteer) or name
        hit = by_name.get(canonical.casefold())
        if hit:
            if code and code not in hit.aliases:
                hit.aliases.append(code)
            continue
        c = Company(name=canonical, mentions=0, aliases=[a for a in (code,) if a], known=canonical != name,
                    rule=doc.format)
        article.companies.append(c)
        by_name[canonical.casefold()] = c


def _canonical_company(name: str, gazetteer) -> str | None:
    from ..extract.companies import find_mentions

    try:
        hits = find_mentions(name, gazetteer)
    except Exception:  # the gazetteer's matcher is for running text; a label it cannot read is kept as written
        return None
    return hits[0].name if hits else None
