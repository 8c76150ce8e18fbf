"""Figures: numbers that report something, normalised.

A figure is a number with a unit a reader would quote: money (``US$7.5 billion`` -> 7500000000
USD), a percentage (``46 per cent``, ``nearly half``), a count of things (``28 Chinese technology
firms``), or a measured quantity (``110,000-square-metre``, ``20 to 30 years``). Years, dates,
times, ordinals, codes, rankings ("top 10") and the denominators of rates ("per 1,000 people")
are not figures.

How it works: one scanner regex finds every number *core* (digits, a number word, a vague
phrase such as "tens of millions", or a fraction word such as "two-thirds"). Each core is read
outwards with small anchored regexes over bounded windows (so the work is linear in the text and
no pattern can backtrack catastrophically): the currency before it, the scale, percent sign,
currency word, unit or counted noun after it, the qualifier before it, and a second number when
it is a range. Every word list and trap pattern comes from ``data/figures.toml``.

Decisions worth knowing:

* ``text`` is the figure as written *without* its qualifier (``more than 1.8m people`` gives text
  ``1.8m people`` and qualifier ``more than``); a count's text runs to its counted noun.
* A bare number with no currency, unit, scale or counted noun is not a figure.
* "one" and "two" count things only with a scale or a unit ("two million people", "one
  millisecond"): "one of the largest", "two people familiar with the matter" are idioms.
* A partitive count keeps the whole phrase: "eight of the top 10 most surveilled cities" is one
  figure (8, cities); the ranking "top 10" inside it is not a figure of its own.
* Denominators of rates ("per 1,000 people", "for every six people") and odds ("1 in 5") are
  not figures; the numerator of a rate is ("50 CCTV cameras per 1,000 people" -> 50 cameras).
* Rankings and names are not figures: "top 10", "Big 5", "G20", "Windows 10", "No. 3".
* A 4-digit number from 1800 to 2100 with no currency, percent sign, scale or qualifier is a
  year ("in 2015", "2019 National Defence Authorisation Act"); "over 2000 people" is a count.
* ``metric`` comes from cue words (data) in the figure's clause: the nearest before it, else
  the nearest after it (never after a count); weak cues ("worth", "round") lose to any other.
  A count's subject can decide first ("cameras"), and "its 1.4 billion people" is a population.
  ``subject`` of money or a bare count without a noun defaults to its metric ("valuation").
* Vague amounts ("tens of millions of cameras") get value = low = the order of magnitude,
  high = ten times it, and ``vague=True``.
* A money figure directly followed, in the same clause, by another currency in parentheses is a
  conversion: both share ``group``; the second has ``converted_from`` = the first's id and takes
  the first's qualifier and metric when it has none of its own.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .. import data
from ..records import Figure, Mention
from .companies import companies_in_span, mentions_in_span
from .sentences import Span, sentences

#: characters of context read on either side of a number (keeps the scan linear)
WINDOW = 60
#: how far a number may be from the letter or symbol that makes it a figure
REACH = WINDOW + 20
_GAP = re.compile(rf"[^A-Za-z%$£€¥₹₩₽₱฿²]{{{2 * REACH + 1},}}")
#: how far a clause reaches from its figure, either side
CLAUSE_REACH = 300
#: a longer run of digits is an id, not a quantity (and would be slow to convert)
MAX_DIGITS = 24
_OPENERS = "([{\"'“‘—–-"
_HALF_A = re.compile(r"(?<![A-Za-z])(?i:half)[ \t]+$")
_WORD_BEFORE = re.compile(r"(?<![\w’'])([A-Za-z][\w&’'.-]*)[ \t]+$")
#: skipped at the start of a noun phrase when looking for its head
DETERMINERS = frozenset(["the", "all", "its", "their", "his", "her", "our", "these", "those", "a", "an"])


def _alt(forms, *, spaces=False) -> str:
    """A regex alternation of literal forms, longest first.

    With ``spaces=True`` a space inside a form also matches a hyphen or several spaces
    ("per cent" matches "per-cent", "square metre" matches "square-metre").

    >>> _alt(["a", "ab", "b c"], spaces=True)
    'b[\\\\s-]+c|ab|a'
    """
    out = []
    for f in sorted(set(forms), key=lambda s: (-len(s), s)):
        if spaces:
            out.append(r"[\s-]+".join(re.escape(p) for p in f.split(" ")))
        else:
            out.append(re.escape(f))
    return "|".join(out)


def _trie(words) -> str:
    """A regex matching any of ``words``, factored by common prefixes (fast on long texts),
    longest alternative first.

    >>> _trie(["ten", "tens", "two"])
    't(?:en(?:s)?|wo)'
    """
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        inner = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return f"(?:{inner})?"
        return inner

    return build(root)


def _norm(written: str) -> str:
    """The key of a written number word: lowercased, runs of spaces made one.

    >>> _norm("Tens  of   millions")
    'tens of millions'
    """
    return re.sub(r"\s+", " ", written.lower())


def _to_number(d: Decimal) -> int | float:
    """Decimal -> int when whole, else float.

    >>> _to_number(Decimal("7.5") * 1000), _to_number(Decimal("13.5"))
    (7500, 13.5)
    """
    return int(d) if d == d.to_integral_value() else float(d)


@dataclass
class _Rules:
    """The compiled form of data/figures.toml."""

    core: re.Pattern
    core_lower: re.Pattern
    cur_prefix: re.Pattern
    cur_prefix_codes: dict
    cur_prefix_ends: frozenset
    scale_word: re.Pattern
    scale_suffix: re.Pattern
    scale_values: dict
    money_only_suffix: frozenset
    percent: re.Pattern
    points: re.Pattern
    cur_suffix: re.Pattern
    cur_suffix_codes: dict
    cur_follows: re.Pattern
    unit: re.Pattern
    unit_attached: re.Pattern
    unit_of: dict
    range_before: re.Pattern
    connector: re.Pattern
    words: dict
    small: frozenset
    articles: frozenset
    vague: dict
    fractions: dict
    change_in: re.Pattern
    of: re.Pattern
    fraction_after_ok: re.Pattern
    fraction_time: re.Pattern
    fraction_before_bad: re.Pattern
    not_before: re.Pattern
    qualifier_words: frozenset
    not_after: re.Pattern
    months: frozenset
    qualifier_len: int
    month_after: re.Pattern
    year_range: tuple
    token: re.Pattern
    irregular: frozenset
    not_plural: frozenset
    stop: frozenset
    max_modifiers: int
    cue: re.Pattern
    cue_metric: dict
    weak_cues: frozenset
    metric_units: dict
    subject_metrics: dict
    pop_nouns: frozenset
    pop_before: re.Pattern
    pop_after: re.Pattern
    ambiguous: dict
    partitive: re.Pattern
    conversion_gap: re.Pattern
    clause_break: re.Pattern


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """Compile the figures table once."""
    t = data.load("figures")
    nw = t["number_words"]
    words: dict[str, int] = {}
    for group in ("ones", "teens", "tens"):
        words.update(nw[group])
    compound = [f"{tens}-{one}" for tens in nw["tens"] for one in nw["ones"]]
    compound += [f"{tens} {one}" for tens in nw["tens"] for one in nw["ones"]]
    for c in compound:
        a, b = re.split(r"[- ]", c)
        words[c] = nw["tens"][a] + nw["ones"][b]
    scale_words = t["scale"]["word"]
    articles = "|".join(re.escape(a) for a in nw["article"])
    article_re = rf"(?:{articles})(?=\s+(?:{_alt(scale_words)})\b)"
    # A number as written ("1,000,000", "7.5", "2019"), never the tail of a longer one. The first
    # digit comes first so that the regex engine can skip to digits quickly.
    rest = r"(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?(?!\d)"
    all_words = [w.lower() for w in [*t["vague"], *t["fractions"], *words]]
    core = re.compile(
        rf"""
        (?P<num>\d(?<![\d.,]\d)(?:
            # something other than digits, spaces or commas touches it on the left ("$5", "RM 4")
            (?<=[^\d\s,;(]\d){rest} | (?<=[^\d\s,;(][ \t]\d){rest}
            # or something may follow it: not a comma, a bracket, a line end or another number
            | {rest}(?![,;)\n]|[ \t]\d|[ \t]?\Z)))
        | (?P<words>(?i:\b(?:{_trie(all_words)}|{article_re})\b))
        """,
        re.VERBOSE,
    )
    suffix = {k: v for k, v in t["scale"]["suffix"].items() if k != "spaced"}
    spaced = t["scale"]["suffix"]["spaced"]
    scale_values = {**{k.lower(): v for k, v in scale_words.items()}, **suffix}
    units = t["units"]
    unit_of = {}
    attached = []
    for u in units:
        for f in u["forms"] + u.get("attached", []):
            unit_of[re.sub(r"[\s-]+", " ", f.lower())] = (u["unit"], u["rule"])
        attached += u.get("attached", [])
    metrics = t["metrics"]
    cue_metric = {}
    for name, m in metrics.items():
        for c in m["cues"]:
            cue_metric.setdefault(c.lower(), name)
    amb = t["ambiguous"]
    ambiguous = {}
    for sym, spec in amb.items():
        base = spec.get("same_as", sym)
        ambiguous[sym] = (base, amb[base]["default"], amb[base]["variants"])
    quals = t["qualifiers"]["forms"]
    nf = t["not_figure"]
    months = _alt(nf["months"])
    ft = t["fraction_traps"]
    pop = t["population"]
    return _Rules(
        core=core,
        # the same on lowercased text: no IGNORECASE, so the word trie runs several times faster
        core_lower=re.compile(core.pattern.replace("(?i:", "(?:"), re.VERBOSE),
        cur_prefix=re.compile(rf"(?<![A-Za-z])(?P<cur>{_alt(t['currency_prefix'])})(?P<sp>[ \t]?)$"),
        cur_prefix_codes=t["currency_prefix"],
        cur_prefix_ends=frozenset(c[-1] for c in t["currency_prefix"]),
        scale_word=re.compile(rf"(?:[ \t\n]+|[ \t]*-[ \t]*)(?P<s>(?i:{_alt(scale_words)}))\b"),
        scale_suffix=re.compile(rf"(?P<s>{_alt(suffix)})(?![A-Za-z0-9])|[ \t](?P<sp>{_alt(spaced)})\b"),
        scale_values=scale_values,
        money_only_suffix=frozenset(t["scale"]["money_only_suffix"]),
        percent=re.compile(rf"[ \t]?%|(?:[ \t\n]+|-)?(?i:{_alt(t['percent']['forms'][1:], spaces=True)})\b"),
        points=re.compile(rf"(?:[ \t\n]+|-)(?i:{_alt(t['percent']['points'], spaces=True)})\b"),
        cur_suffix=re.compile(rf"[ \t\n]+(?P<c>{_alt(t['currency_suffix'])})\b"),
        cur_suffix_codes=t["currency_suffix"],
        cur_follows=re.compile(rf"[A-Za-z]{{0,3}}[ \t]+(?:{_alt(t['currency_suffix'])})\b"),
        unit=re.compile(rf"(?:[ \t\n]+|[ \t]*-[ \t]*)(?P<u>(?i:{_alt(unit_of, spaces=True)}))(?![A-Za-z0-9])"),
        unit_attached=re.compile(rf"(?P<u>{_alt(attached)})(?![A-Za-z0-9])"),
        unit_of=unit_of,
        range_before=re.compile(r"(?<![A-Za-z])(?P<b>(?i:between|from))\s+$"),
        connector=re.compile(r"\s*(?:(?P<dash>[-–—])|(?P<to>to|through)\b|(?P<and>and)\b)\s*"),
        words={k.lower(): v for k, v in words.items()},
        small=frozenset(nw["small"]),
        articles=frozenset(nw["article"]),
        vague={k.lower(): v for k, v in t["vague"].items()},
        fractions={k.lower(): v for k, v in t["fractions"].items()},
        change_in=re.compile(rf"[ \t]+(?i:{_alt(t['percent']['change_nouns'])})[ \t]+in\b"),
        of=re.compile(r"[ \t]+of\b"),
        fraction_after_ok=re.compile(r"\s+of\b"),
        fraction_time=re.compile(rf"\s+of\s+(?:the\s+|a\s+|this\s+|that\s+|last\s+|next\s+)?(?:(?i:{_alt(ft['time_nouns'])})\b|\d{{4}}\b)"),
        fraction_before_bad=re.compile(rf"(?<![A-Za-z])(?i:{_alt(ft['before'])})\s+$"),
        qualifier_words=frozenset(q.lower() for q in quals),
        not_before=re.compile("|".join(f"(?:{p})" for p in nf["before"]), re.IGNORECASE),
        not_after=re.compile("|".join(f"(?:{p})" for p in nf["after"]), re.IGNORECASE),
        months=frozenset(m.lower() for m in nf["months"]),
        qualifier_len=max(len(q.split()) for q in quals),
        month_after=re.compile(rf"^[ \t]+(?:{months})\b"),
        year_range=tuple(nf["year_range"]),
        token=re.compile(r"[ \t\n]+(?P<w>[A-Za-z0-9][A-Za-z0-9’'&+.,-]*[A-Za-z0-9]|[A-Za-z0-9])"),
        irregular=frozenset(w.lower() for w in t["count"]["irregular_plurals"]),
        not_plural=frozenset(w.lower() for w in t["count"]["not_plural"]),
        stop=frozenset(w.lower() for w in t["count"]["stop"]),
        max_modifiers=int(t["count"]["max_modifiers"]),
        # matched on lowercased text: a trie without IGNORECASE is several times faster
        cue=re.compile(rf"(?<![a-z])(?=[a-z])(?:{_trie(cue_metric)})(?![a-z])"),
        cue_metric=cue_metric,
        weak_cues=frozenset(c.lower() for c in t["metric_weak_cues"]["cues"]),
        metric_units={name: frozenset(m["units"]) for name, m in metrics.items()},
        subject_metrics={k.lower(): v for k, v in t["subject_metrics"].items()},
        pop_nouns=frozenset(pop["people_nouns"]),
        pop_before=re.compile(rf"(?<![A-Za-z])(?i:{_alt(pop['before'])})\s+$"),
        pop_after=re.compile(rf"\s+(?i:{_alt(pop['after'])})\b"),
        ambiguous=ambiguous,
        partitive=re.compile(r"[ \t]+(?:of|out\s+of)[ \t]+(?:the|its|their|these|those|our)\b", re.IGNORECASE),
        conversion_gap=re.compile(rf"[^.;()\n]{{0,60}}\(\s*(?:(?i:{_alt(quals)})\s+)?$"),
        clause_break=re.compile(r"[,;:()\[\]—–]|\s-\s|\n"),
    )


# --------------------------------------------------------------------------- reading a number


@dataclass
class _Hit:
    """A figure found in the text, before ids, sentences and metrics are attached."""

    start: int
    end: int
    value: int | float
    unit: str
    kind: str  # money / percent / count / unit
    rule: str
    qualifier: str | None = None
    subject: str | None = None
    low: int | float | None = None
    high: int | float | None = None
    vague: bool = False
    scaled: bool = False  # a scale word or suffix was written ("1.5 billion")
    bare: bool = False  # no currency, unit, scale or noun: only kept as the low end of a range


def _document_code(body: str, symbol: str, default: str, variants: dict) -> str:
    """What a bare symbol means in this document: the default ("$" is USD) unless the document
    writes one other variant explicitly and never the default's ("S$2 billion ... $500 million"
    in a Singapore paper), at least half as often as the bare symbol. A bare-symbol conversion
    in brackets ("HK$3 billion ($385 million)") shows the bare symbol is the default.

    >>> _document_code("It earned S$2bn and spent $5m.", "$", "USD", {"USD": ["US$"], "SGD": ["S$"]})
    'SGD'
    >>> _document_code("It earned S$2bn ($1.5bn).", "$", "USD", {"USD": ["US$"], "SGD": ["S$"]})
    'USD'
    >>> _document_code("Shares: HK$42. Sales $4bn, profit $3m, costs $1m.", "$", "USD", {"HKD": ["HK$"]})
    'USD'
    """
    counts = {}
    for code, forms in variants.items():
        # most variants are not written at all: a substring test saves scanning the body
        written = any(f in body for f in forms)
        counts[code] = len(re.findall(rf"(?<![A-Za-z])(?:{_alt(forms)})(?![A-Za-z])", body)) if written else 0
    others = sorted(((n, c) for c, n in counts.items() if n and c != default), reverse=True)
    if counts.get(default) or not others:
        return default
    if re.search(rf"\(\s*(?:[a-z]+\s+)?(?<![A-Za-z]){re.escape(symbol)}\s?\d", body):
        return default  # "970 billion yen ($8.9 billion)": the bare symbol converts, so it is the default
    bare = len(re.findall(rf"(?<![A-Za-z.]){re.escape(symbol)}\s?\d", body))
    if others[0][0] * 2 < bare:
        return default  # one "HK$42.50" share price among many "$" sums: wire style, "$" is USD
    return others[0][1]


class _Reader:
    """Reads the figures of one body, left to right."""

    def __init__(self, body: str):
        self.body = body
        self.r = rules()
        low = body.lower()
        # scanning the lowercased text is faster; lower() can change lengths ("İ"), then not
        self.scan = (self.r.core_lower, low) if len(low) == len(body) else (self.r.core, body)
        self._codes: dict[str, str] = {}

    # -- the document decides what "$" and "¥" mean
    def code_for(self, written: str, table: dict) -> str:
        code = table[written]
        sym = written if written in self.r.ambiguous else None
        if sym is None:
            return code
        base, default, variants = self.r.ambiguous[sym]
        if base not in self._codes:
            self._codes[base] = _document_code(self.body, base, default, variants)
        return self._codes[base]

    def before(self, i: int, n: int = WINDOW) -> str:
        """The n characters before offset i (anchored searches stay cheap on short windows)."""
        return self.body[max(0, i - n):i]

    def after(self, i: int) -> str:
        return self.body[i:i + WINDOW]

    def words_before(self, i: int, n: int = 3) -> list[str]:
        """Up to n words right before offset i, lowercased, opening brackets and quotes dropped
        ("(about $55m)" -> ["about"]); empty when something other than a space touches i."""
        window = self.before(i, 30)
        if not window or window[-1] not in " \t\n":
            return []
        words = window.split()[-n:]
        if words:
            words[0] = words[0].lstrip(_OPENERS)
        return [w.lower() for w in words]

    def qualifier_at(self, i: int) -> str | None:
        """The hedge written right before offset i: "more than", "nearly", "an estimated"."""
        words = self.words_before(i, self.r.qualifier_len)
        for k in range(len(words), 0, -1):
            phrase = " ".join(words[-k:]).lstrip(_OPENERS)
            if phrase in self.r.qualifier_words:
                return phrase
        return None

    # -- the scan
    def figures(self) -> list[_Hit]:
        out: list[_Hit] = []
        core, text = self.scan
        for lo, hi in _regions(self.body):
            pos = lo
            while True:
                m = core.search(text, pos, hi)
                if not m:
                    break
                hit = self.read(m)
                if hit is not None and not hit.bare:
                    out.append(hit)
                    pos = hit.end
                else:
                    pos = m.end()
        return out

    def kind(self, m: re.Match) -> str:
        """num / vague ("tens of millions") / frac ("two-thirds") / word ("eight")."""
        if m.group("num") is not None:
            return "num"
        key = _norm(m.group())
        return "vague" if key in self.r.vague else "frac" if key in self.r.fractions else "word"

    def read(self, m: re.Match) -> _Hit | None:
        kind = self.kind(m)
        if kind == "vague":
            return self.read_vague(m)
        if kind == "frac":
            return self.read_fraction(m)
        return self.read_number(m.start(), m.end(), m.group(), is_word=(kind == "word"))

    def read_vague(self, m: re.Match) -> _Hit | None:
        """ "tens of millions of cameras": vague, needs "of" and a counted noun or a currency."""
        mag = self.r.vague[_norm(m.group())]
        tail = self.r.of.match(self.body, m.end(), m.end() + WINDOW)
        if not tail:
            return None
        after_of = tail.end()
        cur = self.r.cur_suffix.match(self.after(after_of))
        if cur:  # "billions of dollars"
            code = self.code_for(cur.group("c"), self.r.cur_suffix_codes)
            return _Hit(m.start(), after_of + cur.end(), mag, code, "money", "vague", low=mag, high=mag * 10, vague=True)
        head = self.count_head(after_of)
        if head is None:
            return None
        subject, end = head
        return _Hit(m.start(), end, mag, "count", "count", "vague", self.qualifier_at(m.start()), subject,
                    low=mag, high=mag * 10, vague=True)

    def read_fraction(self, m: re.Match) -> _Hit | None:
        """ "nearly half of all AI applications"; never "second half", "half an hour"."""
        r = self.r
        after = self.after(m.end())
        if not r.fraction_after_ok.match(after) or r.fraction_time.match(after):
            return None
        if r.fraction_before_bad.search(self.before(m.start(), 14)):
            return None
        num, den = r.fractions[_norm(m.group())]
        value = (100 * num) // den if (100 * num) % den == 0 else round(100 * num / den, 4)
        subject = self.of_subject(m.end())
        return _Hit(m.start(), m.end(), value, "percent", "percent", "percent_word", self.qualifier_at(m.start()), subject)

    def of_subject(self, i: int) -> str | None:
        """What a percentage is of: "of its revenues" -> revenues; "drop in crime" -> crime."""
        m = self.r.of.match(self.body, i, i + WINDOW) or self.r.change_in.match(self.body, i, i + WINDOW)
        if not m:
            return None
        return self.phrase_head(m.end())

    def phrase_head(self, pos: int) -> str | None:
        """The head of the noun phrase starting at pos, lowercased: its first plural noun ("all
        AI applications use video" -> applications), else its last word ("the global facial
        recognition business in 2018" -> business). Determiners are skipped."""
        last = None
        for _ in range(6):
            t = self.r.token.match(self.body, pos, pos + WINDOW)
            if not t:
                break
            w = t.group("w")
            lw = w.lower()
            if self.is_plural(w):
                return self.plural_chain(t)[0]
            if last is None and (lw in DETERMINERS or not w.isalpha()):
                pos = t.end()  # "the", "all", "AI-enabled", "the company's"
                continue
            if lw in self.r.stop or not w.isalpha() or lw.endswith(("ly", "ed")):
                break
            last = lw
            pos = t.end()
        return last

    def plural_chain(self, t: re.Match) -> tuple[str, int]:
        """From a plural token, the last of the plurals that follow it ("electronics makers")."""
        head = (t.group("w").lower(), t.end())
        while (t := self.r.token.match(self.body, head[1], head[1] + WINDOW)) and self.is_plural(t.group("w")):
            head = (t.group("w").lower(), t.end())
        return head

    def is_plural(self, w: str) -> bool:
        lw = w.lower()
        if lw in self.r.irregular:
            return True
        if "'" in w or "’" in w or lw in self.r.not_plural or lw in self.r.stop:
            return False
        if not re.fullmatch(r"[A-Za-z][A-Za-z-]*[A-Za-z]", w) or not lw.endswith("s"):
            return False
        if w[:-1].isupper() and len(w) > 2:  # "GPUs"
            return True
        return len(lw) > 3 and not lw.endswith(("ss", "sis", "ous", "'s"))

    def count_head(self, i: int, *, modifiers: int | None = None, allow_numbers: bool = False):
        """The counted noun after a number: (subject, end) or None.

        Up to ``max_modifiers`` words may come first ("28 Chinese technology firms"); consecutive
        plurals make one head ("20 electronics makers" -> makers).
        """
        r = self.r
        limit = r.max_modifiers if modifiers is None else modifiers
        pos = i
        head = None
        for n in range(limit + 1):
            t = r.token.match(self.body, pos, pos + WINDOW)
            if not t:
                break
            w = t.group("w")
            if self.is_plural(w):
                head = self.plural_chain(t)
                break
            lw = w.lower()
            if allow_numbers and lw in ("most", "more", "least", "top", "biggest", "largest"):
                pos = t.end()
                continue
            if lw in r.stop:
                break
            if w[0].isdigit() and not allow_numbers:
                break
            if "'" in w or "’" in w:
                break
            pos = t.end()
        return head

    def currency_before(self, start: int):
        """(code, start of the currency) when a currency prefix touches the number."""
        last = self.body[max(0, start - 2):start].rstrip(" \t")[-1:]
        if not last or last not in self.r.cur_prefix_ends:
            return None
        m = self.r.cur_prefix.search(self.before(start, 8))
        if not m:
            return None
        return self.code_for(m.group("cur"), self.r.cur_prefix_codes), start - len(m.group())

    def read_scale(self, i: int, *, money: bool):
        """(multiplier, end) of the scale words or suffix at i."""
        r = self.r
        mult = 1
        end = i
        scaled = False
        m = r.scale_suffix.match(self.body, i, i + WINDOW)
        if m:
            s = m.group("s") or m.group("sp")
            if m.group("s") and s in r.money_only_suffix and not money:
                return None
            return r.scale_values[s], i + m.end() - i, True
        for _ in range(2):  # "hundred thousand", "two hundred million"
            m = r.scale_word.match(self.body, end, end + WINDOW)
            if not m:
                break
            mult *= r.scale_values[m.group("s").lower()]
            end = m.end()
            scaled = True
        return mult, end, scaled

    def read_number(self, start: int, end: int, written: str, *, is_word: bool, in_range: bool = False) -> _Hit | None:
        r = self.r
        body = self.body
        if end - start > MAX_DIGITS:
            return None  # a serial number or a run of digits, not a quantity
        after = self.after(end)
        if r.not_after.match(after) or r.month_after.match(after):
            return None
        prev = self.words_before(start, 1)
        if prev and prev[0].rstrip(".") in r.months:
            return None  # "Oct 7", "Feb. 14"
        if not is_word and start > 0:
            prev = body[start - 1]
            prev2 = body[start - 2] if start > 1 else ""
            if prev in "#/@_\\" or (prev in "-." and prev2.isalpha()):
                return None
        cur = None if is_word else self.currency_before(start)
        if cur is None and not is_word and start > 0 and (body[start - 1].isalpha() or body[start - 1] in "$¥£€₹₩"):
            return None  # "RC195B4D37A0", "WiC405", "x86", "H.264", an unknown "Z$5"
        fstart = cur[1] if cur else start
        code = cur[0] if cur else None

        if is_word:
            base = Decimal(r.words.get(_norm(written), 1))
            half = _HALF_A.search(self.before(start, 8)) if _norm(written) in r.articles else None
            if half:  # "half a million customers"
                base, fstart = Decimal("0.5"), start - len(half.group())
        else:
            try:
                base = Decimal(written.replace(",", ""))
            except InvalidOperation:  # pragma: no cover - the core regex only yields digits
                return None
        scale = self.read_scale(end, money=code is not None or self.currency_follows(end))
        if scale is None:
            return None
        mult, pos, scaled = scale
        value = _to_number(base * mult)

        if code is None:
            cm = r.cur_suffix.match(body, pos, pos + WINDOW)
            if cm:
                code = self.code_for(cm.group("c"), r.cur_suffix_codes)
                pos = cm.end()
        if code is not None:
            hit = _Hit(fstart, pos, value, code, "money", "money", scaled=scaled)
        elif (pm := r.points.match(body, pos, pos + WINDOW)):
            hit = _Hit(fstart, pm.end(), value, "percentage_point", "percent", "percent", scaled=scaled)
        elif (pm := r.percent.match(body, pos, pos + WINDOW)):
            hit = _Hit(fstart, pm.end(), value, "percent", "percent", "percent", scaled=scaled)
            hit.subject = self.of_subject(pm.end())
        elif (um := (r.unit_attached.match(body, pos, pos + 8) if pos == end else None) or r.unit.match(body, pos, pos + WINDOW)):
            unit, rule = r.unit_of[re.sub(r"[\s-]+", " ", um.group("u").lower())]
            hit = _Hit(fstart, um.end(), value, unit, "unit", rule, scaled=scaled)
        else:
            if pos == end and pos < len(body) and body[pos].isalnum():
                return None  # "5G", "14th", "1970s", "7am"
            # "one", "two" count nothing without a scale: "one of the largest", "two people familiar"
            small = is_word and written.lower() in r.small and not scaled
            rule = "number_word" if is_word else "count"
            if not small and (head := self.count_head(pos)) is not None:
                hit = _Hit(fstart, head[1], value, "count", "count", rule, subject=head[0], scaled=scaled)
            elif not small and (part := self.partitive(pos)) is not None:
                hit = _Hit(fstart, part[1], value, "count", "count", "partitive", subject=part[0], scaled=scaled)
            elif scaled:  # "the number is expected to reach 2.76 billion"
                hit = _Hit(fstart, pos, value, "count", "count", rule, scaled=True)
            else:  # a bare number: only the low end of a range ("20 to 30 years") can use it
                hit = _Hit(fstart, pos, value, "count", "count", rule, bare=True)

        if in_range:
            return hit
        hit = self.read_range(hit) or hit
        if hit.bare:
            return None
        hit.qualifier = self.qualifier_at(fstart)
        if cur is None and hit.kind in ("count", "unit"):
            if not is_word and self.is_year(written, hit):
                return None  # "in 2015", "2019 National Defence Authorisation Act"; not "over 2000 people"
            if r.not_before.search(self.before(start, 24)) or self.after_capitalised(start):
                return None
        return hit

    def currency_follows(self, end: int) -> bool:
        """True when a currency word comes after the scale: "1.5bn yuan" lets "b"-like suffixes count."""
        return bool(self.r.cur_follows.match(self.body, end, end + WINDOW))

    def is_year(self, written: str, hit: _Hit) -> bool:
        lo, hi = self.r.year_range
        if not re.fullmatch(r"\d{4}", written) or not lo <= int(written) <= hi:
            return False
        return not (hit.scaled or hit.qualifier)

    def after_capitalised(self, start: int) -> bool:
        """A bare number right after a capitalised name is part of the name: "Windows 10
        devices", "Security China 2018 exhibition", "iPhone 11 models". Function words and
        hedges that merely open a sentence ("Only 20 people", "Roughly 30 firms") do not count."""
        m = _WORD_BEFORE.search(self.before(start, 40))
        if not m or not any(c.isupper() for c in m.group(1)):
            return False
        lw = m.group(1).lower()
        return not (lw in self.r.stop or lw in self.r.qualifier_words or lw.endswith("ly"))

    def partitive(self, i: int):
        """ "eight of the top 10 most surveilled cities" -> (cities, end)."""
        m = self.r.partitive.match(self.body, i, i + WINDOW)
        if not m:
            return None
        return self.count_head(m.end(), modifiers=4, allow_numbers=True)

    def read_range(self, x: _Hit) -> _Hit | None:
        """ "20 to 30 years", "$3bn-$4bn", "between 5 and 10 per cent"; None when not a range."""
        r = self.r
        c = r.connector.match(self.body, x.end, x.end + 12)
        if not c:
            return None
        before = r.range_before.search(self.before(x.start, 12))
        opener = before.group("b").lower() if before else None
        if c.group("and") and opener != "between":
            return None
        if c.group("to") and not x.bare and opener == "from":
            return None  # "from four milliseconds to one millisecond": two figures
        if c.group("dash") and x.kind == "count" and not x.bare:
            return None
        m = r.core.match(self.body, c.end())
        if not m or self.kind(m) not in ("num", "word"):
            # a currency before the second number: "$3bn-$4bn"
            cm = re.match(r"(?:%s)" % _alt(r.cur_prefix_codes), self.body[c.end():c.end() + 6])
            if not cm:
                return None
            m = r.core.match(self.body, c.end() + cm.end())
            if not m or m.group("num") is None:
                return None
        y = self.read_number(m.start(), m.end(), m.group(), is_word=m.group("num") is None, in_range=True)
        if y is None or y.bare:
            return None
        if x.bare:
            x_unit, x_kind = y.unit, y.kind
        else:
            x_unit, x_kind = x.unit, x.kind
            if (x_kind, x_unit) != (y.kind, y.unit):
                return None
        if x_kind == "count" and x.bare and not (y.subject or y.scaled):
            return None
        low = x.value
        if y.scaled and not x.scaled and x.value:
            mult = Decimal(str(y.value)) / Decimal(str(self.unscaled(y)))
            low = _to_number(Decimal(str(x.value)) * mult)
        if low > y.value:
            return None
        return _Hit(x.start, y.end, low, y.unit, x_kind, "range", None, y.subject,
                    low=low, high=y.value, scaled=y.scaled)

    def unscaled(self, y: _Hit) -> Decimal:
        """The number as written in a range's second half (before its scale)."""
        m = self.r.core.search(self.body, y.start, y.end)
        if m.group("num") is None:
            return Decimal(self.r.words.get(_norm(m.group()), 1))
        return Decimal(m.group().replace(",", ""))


# --------------------------------------------------------------------------- context


def _clause(body: str, sent: Span, start: int, end: int) -> tuple[int, int]:
    """The clause of sentence ``sent`` around body[start:end] (split at commas, dashes,
    brackets...), at most CLAUSE_REACH characters either side."""
    brk = rules().clause_break
    lo = max(sent.start, start - CLAUSE_REACH)
    hi = min(sent.end, end + CLAUSE_REACH)
    for m in brk.finditer(body, lo, start):
        lo = m.end()
    m = brk.search(body, end, hi)
    return lo, (m.start() if m else hi)


def _regions(body: str) -> list[tuple[int, int]]:
    """Stretches of body worth scanning: a figure needs a letter or a symbol near its number,
    so the middle of a long run without any ("1, 2, 3, ...") is skipped.

    >>> _regions("x" + " 1" * 200), _regions(" 1" * 200)
    ([(0, 81)], [])
    """
    out = []
    pos = 0
    for gap in _GAP.finditer(body):
        a = 0 if gap.start() == 0 else gap.start() + REACH
        b = len(body) if gap.end() == len(body) else gap.end() - REACH
        if a > pos:
            out.append((pos, a))
        pos = b
    if pos < len(body):
        out.append((pos, len(body)))
    return out


def _metric(body: str, hit: _Hit, clause: tuple[int, int]) -> str | None:
    r = rules()
    if hit.kind == "count" and hit.subject in r.subject_metrics:
        return r.subject_metrics[hit.subject]
    if hit.kind == "count" and hit.subject in r.pop_nouns:
        if r.pop_before.search(body[max(0, hit.start - WINDOW):hit.start]) or r.pop_after.match(body, hit.end, hit.end + WINDOW):
            return "population"
    best: dict[tuple, tuple] = {}
    lo, hi = clause
    for m in r.cue.finditer(body[lo:hi].lower()):
        start, end = lo + m.start(), lo + m.end()
        if start < hit.end and end > hit.start:
            continue
        cue = m.group()
        metric = r.cue_metric[cue]
        if hit.kind not in r.metric_units[metric]:
            continue
        weak = cue in r.weak_cues
        if end <= hit.start:
            key, dist = (weak, 0), hit.start - end
        elif hit.kind == "count":
            continue  # what follows a count is what the counted things did, not what they are
        else:
            key, dist = (weak, 1), start - hit.end
        if key not in best or dist < best[key][0]:
            best[key] = (dist, metric)
    for key in sorted(best):
        return best[key][1]
    return None


def _companies(mentions: list[Mention], sent: Span, clause: tuple[int, int], at: int) -> list[str]:
    names = companies_in_span(mentions, sent.start, sent.end)
    near = mentions_in_span(mentions, clause[0], at)
    if near:
        lead = max(near, key=lambda m: m.end).name
        if lead in names:
            names.remove(lead)
            names.insert(0, lead)
    return names


def extract_figures(body: str, article_id: str, mentions: list[Mention]) -> list[Figure]:
    """Every figure in ``body``, in body order, with ids ``<article_id>:f<n>`` from 1.

    >>> [(f.text, f.value, f.unit, f.qualifier) for f in extract_figures(
    ...     "It raised more than US$1.5bn, up 46 per cent.", "a", [])]
    [('US$1.5bn', 1500000000, 'USD', 'more than'), ('46 per cent', 46, 'percent', None)]
    """
    hits = sorted(_Reader(body).figures(), key=lambda h: h.start)
    if not hits:
        return []
    if any(a.start > b.start for a, b in zip(mentions, mentions[1:])):
        mentions = sorted(mentions, key=lambda m: m.start)  # the span lookups bisect
    sents = sentences(body)
    starts = [s.start for s in sents]
    figures: list[Figure] = []
    for n, h in enumerate(hits, 1):
        k = bisect_right(starts, h.start) - 1
        sent = sents[k] if k >= 0 and sents[k].end >= h.start else Span(h.start, h.end, 0, body[h.start:h.end])
        clause = _clause(body, sent, h.start, h.end)
        metric = _metric(body, h, clause)
        subject = h.subject
        if subject is None and metric is not None and h.kind in ("money", "count"):
            subject = metric
        figures.append(Figure(
            id=f"{article_id}:f{n}", text=body[h.start:h.end], value=h.value, unit=h.unit,
            qualifier=h.qualifier, subject=subject, metric=metric,
            companies=_companies(mentions, sent, clause, h.start), sentence=sent.text,
            paragraph=sent.paragraph, start=h.start, end=h.end, rule=h.rule, low=h.low, high=h.high,
            vague=h.vague,
        ))
    _link_conversions(body, article_id, hits, figures)
    return figures


def _link_conversions(body: str, article_id: str, hits: list[_Hit], figures: list[Figure]) -> None:
    """ "Rmb480 million ($71.4 million)": the second converts the first; both share a group."""
    r = rules()
    groups = 0
    for i in range(len(figures) - 1):
        a, b = figures[i], figures[i + 1]
        if hits[i].kind != "money" or hits[i + 1].kind != "money" or a.unit == b.unit or a.group:
            continue
        if not r.conversion_gap.fullmatch(body, a.end, b.start):
            continue
        groups += 1
        a.group = b.group = f"{article_id}:g{groups}"
        b.converted_from = a.id
        if b.qualifier is None:
            b.qualifier = a.qualifier
        if b.metric is None:
            b.metric, b.subject = a.metric, b.subject or a.subject
