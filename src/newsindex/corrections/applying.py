"""Applying entries to a parsed article: re-anchoring by text, changing the records, reporting what cannot be placed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Entry


def select(entries: list[Entry], article, ids_in_file: set[str] | None = None) -> list[Entry]:
    """The entries (of the article's file) that speak for this article. A file of one article:
    all of them. A file of several: those made for its id, and those whose id is no longer in the
    file made for its part (an article edited in place gets a new id)."""
    if article.part is None:
        return list(entries)
    ids = ids_in_file or set()
    return [e for e in entries
            if e.article_id == article.id or (e.article_id not in ids and e.part == article.part)]


def _ws_pattern(text: str) -> re.Pattern:
    return re.compile(r"\s+".join(re.escape(w) for w in text.split()))


def anchor(body: str, entry: Entry) -> tuple[int, int] | None:
    """Where the entry's text is in `body` now: its recorded span if it still holds the text,
    else the occurrence whose context matches best, nearest the old place (white space may
    differ); None when the text is gone.

    >>> e = Entry("correction", 1, "a:f1", "x.txt", span=(10, 14), text="$4bn", before="Sales: ", after=".")
    >>> anchor("Intro. Sales: $4bn. Cost: $4bn.", e)
    (14, 18)
    """
    text, (old_start, old_end) = entry.text or "", entry.span or (0, 0)
    if not text:
        return None
    if body[old_start:old_end] == text:
        return old_start, old_end
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(text), body)]
    if not spans and text.split():
        spans = [(m.start(), m.end()) for m in _ws_pattern(text).finditer(body)]
    if not spans:
        return None

    def score(span):
        s, e = span
        fits = int(bool(entry.before) and body[:s].endswith(entry.before)) + \
            int(bool(entry.after) and body[e:].startswith(entry.after))
        return (-fits, abs(s - old_start))

    return min(spans, key=score)


def _record_at(records: list, start: int, end: int):
    """The record whose span is [start, end), else the one overlapping it most (None: none does)."""
    for r in records:
        if (r.start, r.end) == (start, end):
            return r
    best, most = None, 0
    for r in records:
        overlap = min(r.end, end) - max(r.start, start)
        if overlap > most:
            best, most = r, overlap
    return best


def _short(text: str | None, n: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n - 1] + "…"


@dataclass
class Outcome:
    """What applying the entries of one article did: placed entries, and those that could not be placed."""

    placed: list[Entry] = field(default_factory=list)
    unplaced: list[tuple[Entry, str]] = field(default_factory=list)

    def messages(self, path: str) -> list[str]:
        """One line per entry that could not be placed (the build reports them after the file's name)."""
        return [f"{e.label} in {path}: {why} (kept in the file)" for e, why in self.unplaced]


def _change_companies(current: list[str], ops: list[str]) -> list[str]:
    """+Name / -Name applied to a list of names (case-insensitive; order kept).

    >>> _change_companies(["Acme", "Quokka"], ["-acme", "+Wombat", "+Quokka"])
    ['Quokka', 'Wombat']
    """
    out = list(current)
    for op in ops:
        sign, name = op[0], op[1:]
        present = [n for n in out if n.casefold() == name.casefold()]
        if sign == "-":
            out = [n for n in out if n.casefold() != name.casefold()]
        elif not present:
            out.append(name)
    return out


def _set_article(article, name: str, value) -> tuple:
    if name == "published":
        old = article.published_at or article.published
        if "T" in value:
            article.published_at, article.published = value, value[:10]
        else:
            article.published, article.published_at = value, None
        article.published_source = "correction"
        return old, value
    old = getattr(article, name)
    setattr(article, name, value)
    return old, value


def _correct(article, rec, entry: Entry) -> None:
    fields = {}
    for name, value in entry.changes.items():
        if rec is article:
            old, new = _set_article(article, name, value)
        elif name == "companies":
            old, new = list(rec.companies), _change_companies(rec.companies, value)
            rec.companies = new
        elif name == "not_a_claim":
            article.claims = [c for c in article.claims if c is not rec]
            article.corrected.append({**entry.stamp(), "fields": {"not_a_claim": {"from": rec.id, "to": True}},
                                      "record": rec.id, "text": rec.text})
            continue
        else:
            old, new = getattr(rec, name), value
            setattr(rec, name, value)
        fields[name] = {"from": old, "to": new}
    if fields:
        rec.corrected.append({**entry.stamp(), "fields": fields})


def apply(article, entries: list[Entry]) -> Outcome:
    """Apply the entries of one article to it (in place): corrections in file order, then reviews
    (the last review of a record is its review). A claim or figure is found by its text."""
    outcome = Outcome()
    ordered = [e for e in entries if e.table == "correction"] + [e for e in entries if e.table == "review"]
    for entry in ordered:
        if entry.kind == "article":
            rec = article
        else:
            records = article.claims if entry.kind == "claim" else article.figures
            at = anchor(article.body or "", entry)
            if at is None:
                outcome.unplaced.append((entry, f"its text is no longer in the article: “{_short(entry.text)}”"))
                continue
            rec = _record_at(records, *at)
            if rec is None:
                if entry.changes.get("not_a_claim"):  # no claim there any more: nothing to remove
                    outcome.placed.append(entry)
                    continue
                outcome.unplaced.append((entry, f"no {entry.kind} is found at its text any more: “{_short(entry.text)}”"))
                continue
        if entry.table == "review":
            rec.review = {"status": entry.status, **entry.stamp()}
        else:
            _correct(article, rec, entry)
        outcome.placed.append(entry)
    return outcome


def review_rows(article) -> list[tuple[str, str, str, str]]:
    """(record id, article id, kind letter, status) of every reviewed record of the article."""
    rows = [(article.id, article.id, "a", article.review["status"])] if article.review else []
    for kind, records in (("c", article.claims), ("f", article.figures)):
        rows += [(r.id, article.id, kind, r.review["status"]) for r in records if r.review]
    return rows


def describe(corrected: list[dict] | None) -> str:
    """A record's corrections in one line (the CSV cell, the tables):
    ``speaker: Mina Hart → Quokka Robotics (alice, 2026-12-01: the company said it)``.

    >>> describe([{"by": "al", "at": "2026-12-01T22:50:00Z", "note": None,
    ...            "fields": {"companies": {"from": ["A"], "to": ["A", "B"]}}}])
    'companies: A → A, B (al, 2026-12-01)'
    """
    parts = []
    for c in corrected or []:
        changes = "; ".join(f"not a claim: {v.get('from')}" if name == "not_a_claim" else
                            f"{name}: {_shown(v.get('from'))} → {_shown(v.get('to'))}"
                            for name, v in (c.get("fields") or {}).items())
        who = ", ".join(x for x in (c.get("by"), (c.get("at") or "")[:10], ) if x)
        note = f": {c['note']}" if c.get("note") else ""
        parts.append(f"{changes} ({who}{note})")
    return " | ".join(parts)


def _shown(v) -> str:
    if isinstance(v, list):
        return ", ".join(str(x) for x in v) or "none"
    if v is None:
        return "none"
    if v is True:
        return "yes"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)
