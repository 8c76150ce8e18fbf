"""Did you mean: a company, outlet or speaker filter that names nothing in the index, and the
names close to it that do (edit distance over names and aliases, surnames for speakers).

The search commands print these lines on stderr when a search finds nothing and exit 0: a miss
should point at the fix, not look like an answer.
"""

from __future__ import annotations

import difflib
import re

#: words before a name that are not part of it ("Mr Feldstein" is Feldstein)
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord",
                        "lady", "rev", "gen", "col", "capt", "sen", "rep", "gov", "president"})


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def close_names(typed: str, names, *, limit: int = 3, cutoff: float = 0.75) -> list[str]:
    """Names (as stored) close to what was typed: the same words, a prefix, or a small edit distance.

    >>> close_names("Hikvison", ["Hikvision", "Dahua", "Huawei"])
    ['Hikvision']
    >>> close_names("sense", ["SenseTime", "Sensetime Group", "Megvii"])
    ['SenseTime', 'Sensetime Group']
    >>> close_names("Quokka", ["Hikvision", "Dahua"])
    []
    """
    by_key: dict[str, str] = {}
    for n in names:
        if n:
            by_key.setdefault(_key(n), n)
    want = _key(typed)
    if not want:
        return []
    out = [by_key[k] for k in by_key if len(want) >= 3 and any(w.startswith(want) for w in [k, *k.split()])]
    out += [by_key[k] for k in difflib.get_close_matches(want, list(by_key), n=limit, cutoff=cutoff)]
    return list(dict.fromkeys(out))[:limit]


def _matches(typed: str, names) -> bool:
    want = _key(typed)
    return any(_key(n) == want for n in names if n)


def company_suggestions(ix, typed: str, canonical: str) -> list[str] | None:
    """None when the company is in the index (under its name or an alias); else the close names."""
    rows = ix.company_counts()
    names = [r["name"] for r in rows]
    aliases = {a: r["name"] for r in rows for a in r.get("aliases") or []}
    if _matches(canonical, names) or _matches(typed, names) or _matches(typed, aliases):
        return None
    hits = close_names(typed, [*names, *aliases])
    return list(dict.fromkeys(aliases.get(h, h) for h in hits))


def outlet_suggestions(ix, typed: str, canonical: str) -> list[str] | None:
    """None when the outlet is in the index; else the close outlet names."""
    names = [r["outlet"] for r in ix.outlet_counts()]
    if _matches(canonical, names) or _matches(typed, names):
        return None
    return close_names(typed, names)


def _speakers(ix) -> list[str]:
    from .backends import as_backend

    backend, owned = as_backend(ix)
    try:
        return backend.speakers()
    finally:
        if owned:
            backend.close()


def speaker_suggestions(ix, typed: str) -> list[str] | None:
    """None when some speaker's name holds the typed words in order; else speakers close to it
    (by the whole name, or by a surname: "Mr Feldstein" and "Feldstien" find Steven Feldstein)."""
    words = [w for w in _key(typed).split() if w not in HONORIFICS]
    speakers = _speakers(ix)
    if words and any(f" {' '.join(words)} " in f" {_key(s)} " for s in speakers):
        return None
    if not words:
        return close_names(typed, speakers)
    by_surname: dict[str, list[str]] = {}
    for s in speakers:
        parts = _key(s).split()
        if parts:
            by_surname.setdefault(parts[-1], []).append(s)
    hits = close_names(" ".join(words), speakers)
    for w in words:
        for surname in difflib.get_close_matches(w, list(by_surname), n=3, cutoff=0.8):
            hits.extend(by_surname[surname])
    return list(dict.fromkeys(hits))[:5]


def suggestion_lines(ix, filters, kind: str) -> list[str]:
    """One line per company, outlet or speaker filter that names nothing in the index."""
    lines = []
    checks = []
    if filters.company:
        checks.append(("company", filters.company_input or filters.company,
                       company_suggestions(ix, filters.company_input or filters.company, filters.company)))
    if filters.outlet:
        checks.append(("outlet", filters.outlet_input or filters.outlet,
                       outlet_suggestions(ix, filters.outlet_input or filters.outlet, filters.outlet)))
    if filters.speaker and kind == "claims":
        checks.append(("speaker", filters.speaker_input or filters.speaker, speaker_suggestions(ix, filters.speaker)))
    for what, typed, hits in checks:
        if hits is None:
            continue
        line = f"No {what} named {typed!r} in the index"
        lines.append(f"{line}; did you mean: {', '.join(hits)}?" if hits else f"{line}.")
    return lines
