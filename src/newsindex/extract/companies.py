"""Companies named in a body, under one canonical name.

STUB (foundation): replaced by the companies layer (issue 3). Keep the signatures.
"""

from __future__ import annotations

from ..records import Company, Mention


class Gazetteer:
    """Canonical companies and their aliases, compiled for matching."""

    def __init__(self, entries: list[dict] | None = None):
        self.entries = entries or []

    @classmethod
    def default(cls, extra_path=None) -> "Gazetteer":
        return cls()

    def canonical(self, name: str) -> str | None:
        """The canonical name for any alias (for --company filters), or None."""
        return None


def find_mentions(body: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    return []


def companies_in_span(mentions: list[Mention], start: int, end: int) -> list[str]:
    """Canonical names of the mentions inside body[start:end], in order of first mention."""
    seen: list[str] = []
    for m in mentions:
        if m.start >= start and m.end <= end and m.name not in seen:
            seen.append(m.name)
    return seen


def summarise(mentions: list[Mention]) -> list[Company]:
    by_name: dict[str, Company] = {}
    for m in mentions:
        c = by_name.setdefault(m.name, Company(name=m.name, mentions=0, kind=m.kind, rule=m.rule))
        c.mentions += 1
        if m.alias not in c.aliases:
            c.aliases.append(m.alias)
        c.spans.append([m.start, m.end])
    return list(by_name.values())
