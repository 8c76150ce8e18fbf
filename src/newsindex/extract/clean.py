"""Paragraphs of a copied news page, and which of them are boilerplate.

The rules are data (``data/boilerplate.toml``). Two layers:

* ``classify_line(text)`` looks at one line or paragraph alone: ads, navigation,
  credits, captions with an inline credit, copyright, sponsor and disclaimer footers,
  correction notes, contributor lines, newsletter promos, stray one-word lines.
* ``mark_context(paras, ...)`` looks at neighbours: a caption directly above a credit
  line, the summary bullets under "Key Points", subheads and embedded video titles
  (short standalone lines without terminal punctuation), related-article questions,
  pull quotes that repeat the body and their attribution, the author's bio at the end.

``split_paragraphs`` turns raw text into paragraphs, each one line of text: it joins
hard-wrapped lines and keeps one-paragraph-per-line text apart. ``clean_body`` is the
whole pipeline for callers who only want the body (metadata.extract_metadata also
removes the header, title and byline).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .. import data
from .patterns import alternation

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"

#: characters stripped from both ends of every line besides whitespace (BOM, zero-width)
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


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


@dataclass(frozen=True)
class Rule:
    kind: str
    regex: re.Pattern
    #: literal strings one of which every match contains (see ``_needs``), or None: always search
    needs: tuple[tuple[str, ...], ...] | None = None
    folded: bool = False  # needs are tested against fold(line) (a case-insensitive pattern)
    #: a pattern anchored at both ends matches no line longer than this (None: no such bound)
    max_len: int | None = None
    #: a pattern anchored at the start: the characters (as the line's are tested) a match can
    #: start with; None when any
    first: frozenset[str] | None = None
    #: an unanchored pattern: strings one of which every match starts with (the pattern is then
    #: tried only where they occur); None when unknown
    lead: tuple[str, ...] | None = None


@lru_cache(maxsize=1)
def table() -> dict:
    return data.load("boilerplate")


def _expand(pattern: str) -> str:
    return pattern.replace("{agency}", alternation(table()["photo"]["agencies"])).replace("{month}", _MONTHS).replace("{weekday}", _WEEKDAYS)


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The context-free rules of boilerplate.toml, compiled, in file order."""
    out = []
    for r in table()["rule"]:
        flags = 0 if r.get("case") else re.I
        for p in r["patterns"]:
            rx = re.compile(_expand(p), flags)
            out.append(Rule(r["kind"], rx, _needs(rx), bool(rx.flags & re.I), _max_len(rx), _first_chars(rx), _leads(rx)))
    return tuple(out)


# --- a literal prefilter for the rules -------------------------------------------------
# Most lines match no rule, and searching ~90 patterns in every paragraph is slow. A
# pattern's parse tree tells which literal strings every match must contain (one of
# "newsletter", or one of "via"/"for", ...); a plain ``in`` test on the line rules the
# pattern out. It never rules out a pattern that would match, so the first matching rule
# is the same as without it. Case-insensitive patterns are tested against ``fold(line)``,
# which maps every character to the one re.IGNORECASE equates it with (tests check this).

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

def _ctx(key: str):
    return table()["context"][key]


def classify_line(text: str) -> str | None:
    """The boilerplate kind of one line or paragraph on its own, or None for body text.

    >>> classify_line("Advertisement")
    'ad'
    >>> classify_line("Jane Roe | Bloomberg | Getty Images")
    'credit'
    >>> classify_line("Officials said the plan would cut costs by a third.") is None
    True
    """
    return classify_rule(text)[0]


def classify_rule(text: str) -> tuple[str | None, str]:
    """Like classify_line, and the pattern that matched."""
    s = text.strip().strip(_INVISIBLE).strip()
    if not s:
        return "blank", ""
    if len(s) > _ctx("classify_max_chars"):
        return None, ""  # no boilerplate line is this long: body text
    folded = s.lower() if s.isascii() else fold(s)
    for rx, needs, lead, is_folded, kind, label in _plan(len(s), s[0]):
        line = folded if is_folded else s
        if needs is not None and not _passes(needs, line):
            continue
        if (_search_at(rx, s, line, lead) if lead else rx.search(s)):
            return kind, label
    return None, ""


@lru_cache(maxsize=1)
def _bounds() -> tuple[int, ...]:
    return tuple(sorted({r.max_len for r in rules() if r.max_len is not None}))


def _plan(size: int, first: str) -> tuple:
    """The rules that can match a line of ``size`` characters starting with ``first``, in file
    order, as flat tuples."""
    return _plan_for(bisect_left(_bounds(), size), first)


@lru_cache(maxsize=4096)
def _plan_for(rank: int, first: str) -> tuple:
    bounds = _bounds()
    least = bounds[rank] if rank < len(bounds) else None  # the rules bounded below this are out
    folded = fold(first)
    return tuple(
        (r.regex, r.needs, r.lead, r.folded, r.kind, r.regex.pattern[:80])
        for r in rules()
        if (r.max_len is None or (least is not None and r.max_len >= least))
        and (r.first is None or (folded if r.folded else first) in r.first)
    )


# ---------------------------------------------------------------------------------------
# line shapes


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


# ---------------------------------------------------------------------------------------
# classification


def classify_all(paras: list[Para]) -> None:
    """Set ``kind`` on every paragraph the context-free rules catch (others stay None)."""
    for p in paras:
        if p.kind is None:
            kind, rule = classify_rule(p.text)
            if kind:
                p.kind, p.rule = kind, rule


def mark_captions(paras: list[Para]) -> None:
    """A paragraph directly above a credit line (no blank line between) is its caption."""
    limit = _ctx("caption_max_words")
    for a, b in zip(paras, paras[1:]):
        if a.kind is None and b.kind == "credit" and b.first == a.last + 1 and a.words <= limit:
            a.kind, a.rule = "caption", "line above a credit"


def mark_summary(paras: list[Para], start: int = 0) -> None:
    """Bullets under a "Key Points" heading, or right under the headline, are the summary."""
    in_summary = False
    seen_body = False
    for i, p in enumerate(paras):
        if i < start:
            continue
        if p.kind == "keypoints":
            in_summary = True
            continue
        if is_bullet(p.text):
            if p.kind is None and (in_summary or not seen_body):
                p.kind, p.rule = "summary", "summary bullet"
            continue
        if p.kind is None and (p.words > _ctx("subhead_max_words") or ends_sentence(p.text)):
            seen_body = True
        in_summary = False


def mark_context(paras: list[Para], start: int = 0, author: str | None = None) -> None:
    """Contextual rules over the body candidates from ``start`` on."""
    mark_summary(paras, start)
    body = [p for p in paras[start:] if p.kind is None]
    _mark_pull_quotes(body)
    body = [p for p in body if p.kind is None]
    _mark_bio(body, author)
    body = [p for p in body if p.kind is None]
    _mark_short_lines(body)


def _mark_short_lines(body: list[Para]) -> None:
    sub_max = _ctx("subhead_max_words")
    q_min, q_max = _ctx("question_min_words"), _ctx("question_max_words")
    for i, p in enumerate(body):
        if is_bullet(p.text):
            continue
        s = p.text
        if p.words <= sub_max and not ends_sentence(s):
            p.kind, p.rule = "subhead", "short line without terminal punctuation"
        elif (
            i > 0
            and s.endswith("?")
            and q_min <= p.words <= q_max
            and s[0] not in "\"“‘'"
            and not re.search(r"[.!?]\s", s[:-1])
        ):
            p.kind, p.rule = "related", "standalone question between paragraphs"


def _mark_pull_quotes(body: list[Para]) -> None:
    min_words = _ctx("pullquote_min_words")
    attr_max = _ctx("attribution_max_words")
    max_words = _ctx("pullquote_max_words")
    norms: list[str] = []
    everything = ""
    same: Counter = Counter()
    for i, p in enumerate(body):
        # a pull quote is a lone sentence without a full stop, or one in quotation marks
        if not min_words <= p.words <= max_words or is_bullet(p.text):
            continue
        if ends_sentence(p.text) and p.text[0] not in "\"“‘'":
            continue
        if not norms:
            norms = [normalise(q.text) for q in body]
            everything, same = "\x00".join(norms), Counter(norms)
        n = norms[i]
        # found more often than the paragraphs identical to it: inside a longer one
        if n and everything.count(n) > same[n]:
            p.kind, p.rule = "pullquote", "repeats a body paragraph"
            if i + 1 < len(body):
                nxt = body[i + 1]
                if nxt.first == p.last + 1 and nxt.words <= attr_max and not ends_sentence(nxt.text):
                    nxt.kind, nxt.rule = "attribution", "attribution of a pull quote"


@lru_cache(maxsize=1)
def _bio_res() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in _ctx("bio_patterns"))


def _mark_bio(body: list[Para], author: str | None) -> None:
    limit = _ctx("bio_max_words")
    names = [a.strip() for a in (author or "").split(";") if a.strip()]
    for p in body[-2:]:
        if p.words > limit:
            continue
        if any(r.search(p.text) for r in _bio_res()) or any(
            p.text.startswith(n + " ") and re.match(r"\s*(is|was|has|covers|writes)\b", p.text[len(n):]) for n in names
        ):
            p.kind, p.rule = "bio", "author's bio at the end"


def body_text(paras: list[Para]) -> str:
    """The body: the paragraphs still unclassified, separated by one blank line."""
    return "\n\n".join(p.text for p in paras if p.kind is None)


def clean_body(text: str) -> str:
    """Raw text -> body without boilerplate (no header/title handling; see extract_metadata)."""
    paras = split_paragraphs(text)
    classify_all(paras)
    mark_captions(paras)
    mark_context(paras)
    return body_text(paras)
