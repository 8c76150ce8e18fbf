"""Paragraphs of raw text, one line each, and the shapes of a line (bullet, finished sentence)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .classify import _INVISIBLE, _ctx

@dataclass
class Para:
    """One paragraph of the source: its text (one line) and the source lines it came from."""

    text: str
    first: int  # 0-based index of its first source line
    last: int  # 0-based index of its last source line
    kind: str | None = None  # None: body; else the boilerplate kind that removed it
    rule: str = ""  # the pattern or contextual rule that decided the kind

    @property
    def words(self) -> int:
        """Word count, exact up to 100 (every threshold is lower), 101 beyond.

        Several passes ask for it: counted once per text (kept with the very string it counted,
        so a paragraph whose text is replaced is counted again)."""
        text = self.text
        seen = self.__dict__.get("_words")
        if seen is not None and seen[0] is text:
            return seen[1]
        n = len(text.split(None, 100))
        self.__dict__["_words"] = (text, n)
        return n


def is_bullet(text: str) -> bool:
    """A list item: a bullet character and a space, then text.

    >>> is_bullet("  • Expo attracted buyers")
    True
    >>> is_bullet("-5 per cent")
    False
    """
    s = text.lstrip()
    return len(s) > 2 and s[0] in _ctx("bullets") and s[1] in " \t\u00a0"


def strip_closing(text: str) -> str:
    return text.rstrip().rstrip(_ctx("closing")).rstrip()


def ends_sentence(text: str) -> bool:
    """True when the text ends with terminal punctuation (closing quotes allowed after it).

    A closing double quote alone also ends a sentence: ``he called the impact “minimal”``.

    >>> ends_sentence('He said so.”')
    True
    >>> ends_sentence("All about face")
    False
    """
    s = text.rstrip()
    if not s:
        return False
    if s[-1] in _ctx("terminal"):
        return True
    if s[-1] in "”\"»":
        return True
    core = strip_closing(s)
    return bool(core) and core[-1] in _ctx("terminal")


@lru_cache(maxsize=1)
def _sentence_res() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.I) for p in _ctx("story_sentences"))


def is_story_sentence(text: str) -> bool:
    """A line of the story written without its full stop (reported speech in the past tense):
    never a subhead or a headline, whatever its length.

    >>> is_story_sentence("Jane Doe, the Acme chief executive, said that the company would grow")
    True
    >>> is_story_sentence("Acme boss says growth comes first")
    False
    >>> is_story_sentence("Acme said to weigh sale of its chip unit")
    False
    """
    return any(rx.search(text) for rx in _sentence_res())


_NORM_RE = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    """Lower case, words only, single spaces (for comparing a pull quote with the body)."""
    return " ".join(_NORM_RE.sub(" ", text.casefold()).split())


# ---------------------------------------------------------------------------------------
# paragraphs


def _clean_line(line: str) -> str:
    return line.strip().strip(_INVISIBLE).strip()


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Text wrapped at a fixed width, paragraphs separated by blank lines.

    True when blank lines exist and most non-final lines of multi-line blocks reach
    close to the longest line's length (and that length is a terminal's, <= 120).
    """
    blocks: list[list[str]] = [[]]
    for ln in lines:
        if ln:
            blocks[-1].append(ln)
        elif blocks[-1]:
            blocks.append([])
    multi = [b for b in blocks if len(b) >= 2]
    if len(multi) < 2:
        return False
    inner = [ln for b in multi for ln in b[:-1]]
    width = max(len(ln) for ln in inner)
    if width > 120 or width < 40:
        return False
    near = sum(1 for ln in inner if len(ln) >= 0.75 * width)
    return near >= 0.6 * len(inner) and len(inner) >= 4


def _continues(prev: str, nxt: str) -> bool:
    """Does line ``nxt`` continue the paragraph ``prev`` (a soft-wrapped line)?"""
    if not prev or not nxt or is_bullet(nxt):
        return False
    if ends_sentence(prev):
        return False
    first = nxt[0]
    if first.islower():
        return True
    return prev.endswith((",", "-", "&", "/", "(")) and not prev.endswith((" -", "--"))


def _join(prev: str, nxt: str) -> str:
    if prev.endswith("-") and not prev.endswith(" -") and nxt[:1].islower():
        return prev + nxt
    return prev + " " + nxt


def split_paragraphs(text: str) -> list[Para]:
    """Paragraphs of raw text, one line each.

    Blank lines separate paragraphs; so does a line break after a finished sentence
    (one paragraph per line). A line that continues an unfinished one (it starts in
    lower case) is joined to it; in text hard-wrapped at a fixed width, every line of
    a blank-separated block is joined.

    >>> [p.text for p in split_paragraphs("Title\\nFirst para.\\nSecond para is\\nwrapped here.")]
    ['Title', 'First para.', 'Second para is wrapped here.']
    """
    raw = text.splitlines()
    lines = [_clean_line(ln) for ln in raw]
    wrapped = _is_hard_wrapped(lines)
    limit = _ctx("paragraph_max_chars")
    paras: list[Para] = []
    prev_blank = True
    size = 0  # length of the paragraph being built
    for i, ln in enumerate(lines):
        if not ln:
            prev_blank = True
            continue
        if paras and not prev_blank and size < limit:
            p = paras[-1]
            if (wrapped and not is_bullet(ln)) or _continues(p.text, ln):
                p.text = _join(p.text, ln)
                p.last = i
                size = len(p.text)
                continue
        paras.append(Para(ln, i, i))
        size = len(ln)
        prev_blank = False
    return paras
