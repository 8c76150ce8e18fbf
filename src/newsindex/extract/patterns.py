"""The one builder of word-list patterns for every extractor.

Extraction rules are data: lists of words and phrases in ``data/*.toml`` ("said", "according to",
"Getty Images", "per cent", thousands of company aliases). ``alternation`` turns such a list into
one regular-expression group that matches exactly those words, the longest first, with every
special character escaped. It is the only place the extractors build such alternations.

Options, each a decision about the words, not about regex syntax:

* ``space``: what a space inside a word matches (``r"\\s+"``: any run of spaces; ``r"[\\s-]+"``:
  spaces or a hyphen, "per cent" / "per-cent"). By default a space is a space.
* ``stems``: a trailing ``*`` matches any word ending ("comment*": "comments", "commented").
* ``lower``: the words are lower-cased first (for lists matched with re.IGNORECASE, or lists of
  verbs that must not match their capitalised homographs: "States").
* ``factor``: one branch per shared prefix (a trie) instead of one per word; the same matches,
  but a regex engine tries one first character instead of thousands: for long lists.
* ``gate`` (with ``factor``): ``(first_chars, not_before)``, a character class every word opens with
  and a look-behind class; the pattern then starts with the class (the engine skips to it) and
  checks "not after ``not_before``" behind it. The same matches as ``(?<!not_before)`` before it.

A word may also be given as a sequence of regex atoms, one per character (a company alias whose
letters match either case and whose spaces match a hyphen or a line break); the atoms are used as
they are.

>>> alternation(["said", "according to", "says"], space=r"\\s+")
'(?:according\\\\s+to|said|says)'
>>> alternation(["ten", "tens", "two"], factor=True)
'(?:t(?:en(?:s|)|wo))'
>>> alternation([])
'(?!)'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

#: a pattern that matches nothing (the alternation of no words)
NOTHING = r"(?!)"
#: ``space`` values: a space in a word matches any run of spaces; or also a hyphen ("per-cent");
#: or a run of spaces and tabs on one line
SPACES = r"\s+"
SPACE_OR_HYPHEN = r"[\s-]+"
BLANKS = r"[ \t]+"

Word = str | Sequence[str]


def alternation(
    words: Iterable[Word],
    *,
    space: str | None = None,
    stems: bool = False,
    lower: bool = False,
    factor: bool = False,
    gate: tuple[str, str] | None = None,
) -> str:
    """One non-capturing group matching any of ``words``, the longest first (see the module doc)."""
    seqs: dict[tuple[str, ...], str] = {}  # atoms -> the word as sorted (longest first, then alphabetical)
    for w in words:
        if isinstance(w, str):
            if lower:
                w = w.lower()
            atoms = _atoms(w, space, stems)
            key = w
        else:
            atoms = tuple(w)
            key = "".join(atoms)
        if atoms:
            seqs.setdefault(atoms, key)
    if not seqs:
        return NOTHING
    if factor:
        return "(?:" + _trie(seqs, gate) + ")"
    if gate is not None:
        raise ValueError("gate needs factor=True")
    ordered = sorted(seqs.items(), key=lambda kv: (-len(kv[1]), kv[1]))
    return "(?:" + "|".join("".join(atoms) for atoms, _ in ordered) + ")"


def _atoms(word: str, space: str | None, stems: bool) -> tuple[str, ...]:
    """One atom per character; a run of spaces is one ``space`` atom; a final ``*`` a word ending."""
    star = stems and word.endswith("*") and len(word) > 1
    if star:
        word = word[:-1]
    out: list[str] = []
    for ch in word:
        if space is not None and ch.isspace():
            if out and out[-1] == space:
                continue
            out.append(space)
        else:
            out.append(re.escape(ch))
    if space is not None:
        while out and out[0] == space:
            out.pop(0)
        while out and out[-1] == space:
            out.pop()
    if star and out:
        out.append(r"[\w-]*")
    return tuple(out)


def _trie(seqs: dict[tuple[str, ...], str], gate: tuple[str, str] | None) -> str:
    """The atom sequences as a trie: at each node the deeper branches first and the end of a word
    last, so the longest word wins (and the engine backtracks to shorter ones in turn)."""
    root: dict = {}
    for atoms in seqs:
        node = root
        for a in atoms:
            node = node.setdefault(a, {})
        node[""] = {}
    depth_cache: dict[int, int] = {}

    def depth(node: dict) -> int:
        k = id(node)
        if k not in depth_cache:
            depth_cache[k] = 1 + max((depth(c) for a, c in node.items() if a), default=0)
        return depth_cache[k]

    def kids(node: dict) -> list:
        return sorted(((a, c) for a, c in node.items() if a), key=lambda ac: -depth(ac[1]))

    def emit(node: dict) -> str:
        alts = [a + emit(c) for a, c in kids(node)]
        if "" in node:
            alts.append("")
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    if gate is not None:
        first, not_before = gate
        if "" in root:
            raise ValueError("a gated word list cannot hold the empty word")
        return f"{first}(?<!{not_before}.)(?:" + "|".join(f"(?<={a})" + emit(c) for a, c in kids(root)) + ")"
    return emit(root)
