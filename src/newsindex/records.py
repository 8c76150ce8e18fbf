"""The record dataclasses: the public contract of docs/records.md.

Every key of the contract is a field here; extra fields (provenance: spans and
rule names) are allowed by the contract ("add keys freely"). ``to_dict()`` is
the one way a record becomes JSON-ready data.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

SCHEMA_VERSION = 1

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _fields_dict(record) -> dict:
    """The record's fields as a dict, lists copied (one level down too: Company.spans).

    What ``dataclasses.asdict`` gives for these flat records, without its recursive deep
    copy (the index serialises tens of records per article).
    """
    cls = type(record)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    out = {}
    for name in names:
        value = getattr(record, name)
        if isinstance(value, list):
            value = [list(v) if isinstance(v, (list, tuple)) else v for v in value]
        out[name] = value
    return out


@dataclass
class Mention:
    """One place in the body where a company is named (not part of the JSON contract)."""

    name: str  # canonical name
    alias: str  # the surface form as written
    start: int  # character offsets in body
    end: int
    rule: str = "gazetteer"  # or "suffix", "list", ...
    kind: str = "company"  # company / product / investor / research / discovered
    parent: str | None = None  # the owner's canonical name (Face++ -> Megvii); companies layer
    sector: str | None = None  # "bank", "airline", ... when known (gazetteer or discovery); coreference


@dataclass
class Company:
    name: str
    mentions: int
    aliases: list[str] = field(default_factory=list)
    kind: str = "company"
    known: bool = True  # False for names discovered in the text, not in the gazetteer
    spans: list[list[int]] = field(default_factory=list)  # [[start, end], ...] in body
    rule: str = "gazetteer"

    def to_dict(self) -> dict:
        return _fields_dict(self)


@dataclass
class Figure:
    id: str
    text: str
    value: float | int
    unit: str
    qualifier: str | None = None
    subject: str | None = None
    metric: str | None = None
    companies: list[str] = field(default_factory=list)
    sentence: str = ""
    paragraph: int = 0
    # provenance and extras
    start: int = 0  # span of `text` in body
    end: int = 0
    rule: str = ""
    low: float | int | None = None  # ranges: "20 to 30 years"
    high: float | int | None = None
    vague: bool = False  # "tens of millions"
    group: str | None = None  # conversions of each other share a group key
    converted_from: str | None = None  # id of the figure this one converts
    currency_source: str | None = None  # money: symbol / outlet / dateline / document / default
    direction: str | None = None  # "up" / "down": the movement its clause states (a loss is "down")
    corrected: list[dict] = field(default_factory=list)  # corrections.toml entries applied: {by, at, note, fields}
    review: dict | None = None  # the last review: {status: verified/disputed, by, at, note}

    def to_dict(self) -> dict:
        return _fields_dict(self)


@dataclass
class Claim:
    id: str
    text: str
    speaker: str | None = None
    verb: str | None = None
    quote: bool = False
    companies: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    paragraph: int = 0
    # provenance
    start: int = 0  # span of `text` in body
    end: int = 0
    rule: str = ""
    speaker_text: str | None = None  # the speaker as written, before resolution
    speaker_role: str | None = None  # claims layer: the speaker's role as written ("Hikvision senior vice-president")
    corrected: list[dict] = field(default_factory=list)  # corrections.toml entries applied: {by, at, note, fields}
    review: dict | None = None  # the last review: {status: verified/disputed, by, at, note}

    def to_dict(self) -> dict:
        return _fields_dict(self)


@dataclass
class DateCandidate:
    """A date the metadata layer considered for `published`, kept for `explain`."""

    value: str  # YYYY-MM-DD or full ISO timestamp
    source: str  # sources / header / text / caption / body / copyright / url
    text: str  # the line or phrase it came from
    accepted: bool
    reason: str  # why it was taken or rejected

    def to_dict(self) -> dict:
        return _fields_dict(self)


@dataclass
class Article:
    id: str
    path: str
    sha256: str
    body: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    published_at: str | None = None
    published_source: str | None = None
    url: str | None = None
    companies: list[Company] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    schema: int = SCHEMA_VERSION
    date_candidates: list[DateCandidate] = field(default_factory=list)
    # the file format it was read from (newsindex.formats) and that format's provenance
    format: str = "text"  # text, html, warc, nexis, lexisnexis, factiva, records
    part: int | None = None  # 1-based position in a multi-article file
    source_id: str | None = None  # the format's own id of the article (Factiva AN, a record's id, a WARC record id)
    fetched: str | None = None  # when the page was fetched or crawled (never the publication date)
    language: str | None = None
    format_fields: dict = field(default_factory=dict)  # other labelled fields of the format (section, length, ...)
    site: str | None = None  # the site carrying another outlet's copy (agency stories)
    authors: list[str] = field(default_factory=list)  # by-line order; `author` is the first
    updated: str | None = None  # an update date stated in the text, YYYY-MM-DD
    corrected: list[dict] = field(default_factory=list)  # corrections.toml entries applied (newsindex.corrections)
    review: dict | None = None  # the last review of the article

    def to_dict(self) -> dict:
        """The contract's keys, in the contract's order, then the extras."""
        return {
            "schema": self.schema,
            "id": self.id,
            "path": self.path,
            "sha256": self.sha256,
            "title": self.title,
            "outlet": self.outlet,
            "author": self.author,
            "published": self.published,
            "published_at": self.published_at,
            "published_source": self.published_source,
            "url": self.url,
            "body": self.body,
            "companies": [c.to_dict() for c in self.companies],
            "claims": [c.to_dict() for c in self.claims],
            "figures": [f.to_dict() for f in self.figures],
            "warnings": list(self.warnings),
            "site": self.site,
            "authors": list(self.authors),
            "updated": self.updated,
            "date_candidates": [d.to_dict() for d in self.date_candidates],
            "format": self.format,
            "part": self.part,
            "source_id": self.source_id,
            "fetched": self.fetched,
            "language": self.language,
            "format_fields": dict(self.format_fields),
            "corrected": [dict(c) for c in self.corrected],
            "review": dict(self.review) if self.review else None,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Article":
        """Inverse of to_dict (used by the index, which stores records as JSON)."""
        d = dict(d)
        d["companies"] = [Company(**c) for c in d.get("companies", [])]
        d["claims"] = [Claim(**c) for c in d.get("claims", [])]
        d["figures"] = [Figure(**f) for f in d.get("figures", [])]
        d["date_candidates"] = [DateCandidate(**c) for c in d.get("date_candidates", [])]
        return cls(**d)
