"""What a format reader gives for one article: plain body text and the metadata the format states."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass
class Document:
    """One article read from a file of some format (a page, a record, one article of an export)."""

    body: str  # plain text, paragraphs separated by blank lines
    format: str  # html, warc, nexis, lexisnexis, factiva, csv, json, jsonl
    part: int | None = None  # 1-based position in a multi-article file; None for one-article files
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO 8601 date or timestamp
    published_source: str | None = None  # json-ld, opengraph, meta, htmldate, nexis, factiva, record, ...
    published_text: str | None = None  # the date as the format wrote it
    outlets: list[str] = field(default_factory=list)  # publisher / site names, URL last, best first
    url: str | None = None
    language: str | None = None
    fetched: str | None = None  # when the page was fetched or crawled (never the publication date)
    source_id: str | None = None  # the format's own id of the article (Factiva AN, a record's id)
    companies: list[tuple[str, str]] = field(default_factory=list)  # (code, name) the format lists
    extra: dict = field(default_factory=dict)  # other labelled fields (section, length, load_date, ...)
    warnings: list[str] = field(default_factory=list)
    page_text: str | None = None  # a page's whole visible text, read for what its metadata does not state

    def text(self) -> str:
        """The document as the text parser reads it: a labelled title line, then the body."""
        head = f"Title: {_one_line(self.title)}\n\n" if self.title and _one_line(self.title) else ""
        return head + self.body

    def content_hash(self) -> str:
        """A hash of what the article says (title and body), for ids of articles without a source id."""
        return hashlib.sha256(f"{self.title or ''}\0{self.body}".encode("utf-8", "replace")).hexdigest()


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def paragraphs(lines) -> str:
    """Lines or paragraphs -> body text with one blank line between paragraphs (blank ones dropped).

    >>> paragraphs(["First  line.", "", "  Second. "])
    'First line.\\n\\nSecond.'
    """
    out = [" ".join(line.split()) for line in lines]
    return "\n\n".join(p for p in out if p)


def split_authors(value) -> list[str]:
    """A byline value (a string, a list, dicts with a name) -> names.

    >>> split_authors("Mina Okafor and Tom Reyes")
    ['Mina Okafor', 'Tom Reyes']
    >>> split_authors([{"name": "A Person"}, "B Person; C Person"])
    ['A Person', 'B Person', 'C Person']
    """
    import re

    if value is None:
        return []
    if isinstance(value, dict):
        value = value.get("name") or ""
    if isinstance(value, (list, tuple)):
        out: list[str] = []
        for v in value:
            for name in split_authors(v):
                if name not in out:
                    out.append(name)
        return out
    text = " ".join(str(value).split())
    text = re.sub(r"(?i)^by\s+", "", text)
    parts = re.split(r"\s*(?:;|\||,\s*and\s+|\band\b|&|,)\s*", text)
    return [p.strip(" .") for p in parts if p.strip(" .") and not p.strip().lower().startswith(("http://", "https://"))]
