"""A literal prefilter for the boilerplate rules.

Most lines match no rule, and searching ~90 patterns in every paragraph is slow. A pattern's parse
tree tells which literal strings every match must contain (one of "newsletter", or one of
"via"/"for", ...); a plain ``in`` test on the line rules the pattern out. It never rules out a
pattern that would match, so the first matching rule is the same as without it (tests check this
against searching every pattern: tests/test_parse_equivalence.py). Case-insensitive patterns are
tested against ``fold(line)``, which maps every character to the one re.IGNORECASE equates it with.

This module reads ``re``'s private parser (``re._parser``; ``sre_parse`` before Python 3.11): an
unfamiliar parse tree only turns the prefilter off for that pattern.
"""

from __future__ import annotations

import re

try:  # Python >= 3.11
    from re import _constants as _sre_c, _parser as _sre_p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_p  # type: ignore[no-redef]

#: characters that lower() does not map onto the ASCII letter re.IGNORECASE equates them with
_FOLD_CHARS = "\u0130\u0131\u017f\u212a"
_FOLD = str.maketrans(dict(zip(_FOLD_CHARS, "iisk")))


def fold(text: str) -> str:
    """The text as the literal prefilter of case-insensitive rules sees it."""
    if any(c in text for c in _FOLD_CHARS):
        text = text.translate(_FOLD)
    return text.lower()


def _literal_char(code: int, ignore_case: bool) -> str | None:
    """The character a LITERAL node stands for, as fold() writes it; None if not safe to test."""
    c = chr(code)
    if not ignore_case or c.isascii():
        return c.lower() if ignore_case else c
    # a non-ASCII literal under IGNORECASE: only caseless symbols (©, —, ›) are tested
    return c if (not c.isalpha() and c.lower() == c == c.upper()) else None


def _best(cands: list[set[str]]) -> set[str] | None:
    """The most selective of several required sets: the longest shortest string, then the fewest."""
    return max(cands, key=lambda c: (min(map(len, c)), -len(c))) if cands else None


def _required(items, ignore_case: bool) -> list[set[str]]:
    """Sets of strings such that every match of the parsed sequence contains one of each set."""
    c = _sre_c
    cands: list[set[str]] = []
    run = ""
    for op, av in items:
        if op is c.LITERAL:
            ch = _literal_char(av, ignore_case)
            if ch is not None:
                run += ch
                continue
        if run:
            cands.append({run})
            run = ""
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if not (add_flags | del_flags) & c.SRE_FLAG_IGNORECASE:
                cands.extend(_required(sub, ignore_case))
        elif op is c.BRANCH:
            alts = [_best(_required(sub, ignore_case)) for sub in av[1]]
            if all(alts):
                cands.append(set().union(*alts))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            cands.extend(_required(av[2], ignore_case))
    if run:
        cands.append({run})
    return cands


def _needs(rx: re.Pattern) -> tuple[tuple[str, ...], ...] | None:
    """The prefilter of a pattern: sets of strings, the smallest first (cheapest to test).

    A pattern anchored at the start of the line gets one character at most (a scan as fast
    as memchr): its search tries only at the start, and mostly fails at once.
    """
    try:
        tree = _sre_p.parse(rx.pattern, rx.flags)
        sets = _required(tree, bool(rx.flags & re.I))
    except Exception:  # an unfamiliar parse tree: no prefilter, the pattern is always searched
        return None
    if len(tree) and tree[0] == (_sre_c.AT, _sre_c.AT_BEGINNING):
        # anchored at the start, the search fails at once, mostly: one cheap test at most
        single = [x for x in sets if len(x) == 1 and len(next(iter(x))) == 1]
        sets = single[:1]
    # sets of short words ("a", "do", " ") are in nearly every line, and a set of dozens of
    # names costs dozens of scans: neither is worth testing
    unique = {
        tuple(sorted(x)) for x in sets
        if len(x) <= 8 and not all(len(n) <= 2 and n.replace(" ", "a").isalnum() for n in x)
    }
    return tuple(sorted(unique, key=lambda x: (len(x), -min(map(len, x)), x))) or None


def _max_len(rx: re.Pattern) -> int | None:
    """The longest line a pattern of the form ``^...$`` can match, if its width is bounded."""
    try:
        tree = _sre_p.parse(rx.pattern, rx.flags)
        if len(tree) < 2 or tree[0] != (_sre_c.AT, _sre_c.AT_BEGINNING) or tree[-1] != (_sre_c.AT, _sre_c.AT_END):
            return None
        hi = tree.getwidth()[1]
    except Exception:
        return None
    return hi + 1 if hi < 1_000_000 else None  # + 1: "$" also matches before a final newline


def _first_chars(rx: re.Pattern) -> frozenset[str] | None:
    """The characters a match of a ``^...`` pattern can start with (as fold() writes them for a
    case-insensitive pattern), or None when any character can start one or the tree is unfamiliar."""
    try:
        tree = _sre_p.parse(rx.pattern, rx.flags)
        if not len(tree) or tree[0] != (_sre_c.AT, _sre_c.AT_BEGINNING):
            return None
        found = _first(list(tree)[1:], bool(rx.flags & re.I))
    except Exception:
        return None
    return frozenset(found) if found else None


def _first(items: list, ignore_case: bool) -> set[str] | None:
    """First characters of a match of the sequence; None: any (or it can match nothing)."""
    c = _sre_c
    out: set[str] = set()
    for i, (op, av) in enumerate(items):
        rest = items[i + 1 :]
        if op is c.LITERAL:
            ch = _literal_char(av, ignore_case)
            return None if ch is None else out | {ch}
        if op is c.IN:
            chars = _in_chars(av, ignore_case)
            return None if chars is None else out | chars
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero width: the next item starts the match (a superset is safe)
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if (add_flags | del_flags) & c.SRE_FLAG_IGNORECASE:
                return None
            got = _first(list(sub) + rest, ignore_case)
            return None if got is None else out | got
        if op is c.BRANCH:
            for alt in av[1]:
                got = _first(list(alt) + rest, ignore_case)
                if got is None:
                    return None
                out |= got
            return out
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            lo, _hi, sub = av
            got = _first(list(sub), ignore_case)
            if got is None:
                return None
            out |= got
            if lo >= 1 and sub.getwidth()[0] > 0:
                return out
            continue  # the repeat may match nothing: what follows can start the match too
        return None  # any other construct: give up
    return None  # the whole sequence can match nothing


def _leads(rx: re.Pattern) -> tuple[str, ...] | None:
    """For a pattern not anchored at the start: the strings every match starts with, or None."""
    try:
        tree = _sre_p.parse(rx.pattern, rx.flags)
        if len(tree) and tree[0] == (_sre_c.AT, _sre_c.AT_BEGINNING):
            return None
        found = _lead(list(tree), bool(rx.flags & re.I))
    except Exception:
        return None
    return tuple(sorted(found)) if found else None


def _lead(items: list, ignore_case: bool) -> set[str] | None:
    c = _sre_c
    i = 0
    while i < len(items) and items[i][0] in (c.AT, c.ASSERT, c.ASSERT_NOT):
        i += 1  # zero width: "\b", a look-behind
    run = ""
    while i < len(items) and items[i][0] is c.LITERAL:
        ch = _literal_char(items[i][1], ignore_case)
        if ch is None:
            break
        run += ch
        i += 1
    if run:
        return {run}
    if i == len(items):
        return None
    op, av = items[i]
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if (add_flags | del_flags) & c.SRE_FLAG_IGNORECASE else _lead(list(sub), ignore_case)
    if op is c.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            got = _lead(list(alt), ignore_case)
            if not got:
                return None
            out |= got
        return out
    return None


def _search_at(rx: re.Pattern, s: str, line: str, leads: tuple[str, ...]) -> bool:
    """rx.search(s) is not None, trying rx only where a lead string starts in ``line``
    (``s`` itself, or its fold: the same length, character for character)."""
    if len(line) != len(s):
        return rx.search(s) is not None
    match = rx.match
    for lead in leads:
        i = line.find(lead)
        while i >= 0:
            if match(s, i):
                return True
            i = line.find(lead, i + 1)
    return False


def _in_chars(items, ignore_case: bool) -> set[str] | None:
    """The characters of a character class, or None (a negated or category class, or a wide range)."""
    c = _sre_c
    out: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            codes = [av]
        elif op is c.RANGE and av[1] - av[0] <= 256:
            codes = range(av[0], av[1] + 1)
        else:
            return None
        for code in codes:
            ch = _literal_char(code, ignore_case)
            if ch is None:
                return None
            out.add(ch)
    return out


def _passes(needs: tuple[tuple[str, ...], ...], line: str) -> bool:
    """Does the line contain one string of every set?"""
    for alternatives in needs:
        for n in alternatives:
            if n in line:
                break
        else:
            return False
    return True
