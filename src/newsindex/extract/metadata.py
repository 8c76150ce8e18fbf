"""Article metadata from raw text: title, outlet, author, dates, url, and the clean body.

STUB (foundation): replaced by the metadata layer (issue 2). Keep the signature.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import DateCandidate


@dataclass
class Metadata:
    body: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    published_at: str | None = None
    published_source: str | None = None  # "header" or "text" (the sidecar is merged later)
    url: str | None = None
    warnings: list[str] = field(default_factory=list)
    date_candidates: list[DateCandidate] = field(default_factory=list)


def extract_metadata(text: str) -> Metadata:
    lines = [ln.strip() for ln in text.splitlines()]
    nonempty = [ln for ln in lines if ln]
    title = nonempty[0].lstrip("# ").strip() if nonempty else None
    body = "\n\n".join(nonempty[1:])
    return Metadata(body=body, title=title)
