"""How company names are written: normalised keys, and aliases as regex atoms.

An alias is matched as one regex atom per character (letters of either case, a space or hyphen
matching any run of spaces, a hyphen or a line break, either apostrophe), so thousands of aliases
share one trie (``patterns.alternation(..., factor=True)``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..patterns import alternation

# Spaces and hyphens in an alias match any run of spaces, a hyphen or a line break.
_SEP = r"(?:[ \t\u00a0]*[-\u2010\u2011][ \t\u00a0]*\n?[ \t\u00a0]*|\s+)"
_APOS = "['\u2019]"


def _norm(name: str) -> str:
    """Written form with apostrophes unified and spaces, hyphens and soft hyphens collapsed.

    >>> _norm("  Megvii\u2019s-Face  ID. ")
    "Megvii's Face ID"
    """
    s = name.replace("\u2019", "'").replace("\u00ad", "")
    s = _SPACES_RE.sub(" ", s).strip(" \t\n,;:")
    return s if _INITIALS_END_RE.search(s) else s.rstrip(".")  # keep "S.A.", drop "Inc."


_SPACES_RE = re.compile(r"[\s\-\u2010\u2011]+")
_INITIALS_END_RE = re.compile(r"\.[A-Za-z]\.$")


@lru_cache(maxsize=8192)  # the same names recur across an article and a corpus
def _key(name: str) -> str:
    """Lookup key: the normalised form, case-folded."""
    return _norm(name).casefold()


def _phrases(words, fold: bool = False) -> str:
    """One trie pattern for a word list (suffixes, places, nouns); spaces match like alias spaces."""
    return alternation([_atoms(w, fold) for w in words if w.strip()], factor=True)


def _gated_phrases(words, fold: bool, not_before: str) -> str | None:
    """``(?<!not_before)`` + ``_phrases(words, fold)``, written so that a search can skip to
    the words' first characters: a character class first, then the look-behind, then each
    branch of the trie checks its first character behind it. The same matches; None when the
    rewrite does not apply (a word that opens with a hyphen; for ``\\w``, a first character
    that is not a word character, where ``\\b`` means something else)."""
    words = [w for w in words if w.strip()]
    chars: set[str] = set()
    for w in words:
        ch = w.strip()[0]
        if ch.isspace() or ch in "-\u2010\u2011":
            return None
        if ch in "'\u2019":
            chars |= {"'", "\u2019"}
        elif fold and ch.lower() != ch.upper() and len(ch.lower()) == 1 and len(ch.upper()) == 1:
            chars |= {ch.lower(), ch.upper()}
        else:
            chars.add(ch)
    if not words or (not_before == r"\w" and not all(re.fullmatch(r"\w", c) for c in chars)):
        return None
    first = "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"
    return alternation([_atoms(w, fold) for w in words], factor=True, gate=(first, not_before))


def _atoms(alias: str, fold: bool = True) -> list[str]:
    """One regex atom per character of the alias (so aliases can share a trie)."""
    atoms: list[str] = []
    for ch in alias.strip():
        if ch.isspace() or ch in "-\u2010\u2011":
            if atoms and atoms[-1] == _SEP:
                continue
            atoms.append(_SEP)
        elif ch in "'\u2019":
            atoms.append(_APOS)
        elif fold and ch.lower() != ch.upper():
            lo, up = ch.lower(), ch.upper()
            atoms.append(f"[{re.escape(up)}{re.escape(lo)}]" if len(lo) == 1 and len(up) == 1 else re.escape(ch))
        else:
            atoms.append(re.escape(ch))
    return atoms

