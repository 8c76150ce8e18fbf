"""The compiled vocabulary of the figures layer: ``data/figures.toml`` made into regexes once.

Window sizes and the small number helpers live here too, so the reader and the context code
share one copy. Word lists become patterns through ``extract.patterns.alternation``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ... import data
from ..patterns import SPACE_OR_HYPHEN, alternation

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
    cur_tight: frozenset
    move_before: re.Pattern
    down_words: frozenset
    up_words: frozenset
    between_words: frozenset
    loss_words: frozenset
    cents: re.Pattern
    cents_codes: dict
    pence_attached: re.Pattern
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
    year_nouns: frozenset
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
    side_opener: re.Pattern
    backed_after: re.Pattern


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
    article_re = rf"{alternation(nw['article'])}(?=\s+(?:{alternation(scale_words)})\b)"
    # A number as written ("1,000,000", "7.5", "2019"), never the tail of a longer one. The first
    # digit comes first so that the regex engine can skip to digits quickly.
    # Indian grouping ("18,99,500", "1,30,699") before the international one
    rest = r"(?:\d?(?:,\d\d)+,\d{3}(?!\d)|\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?(?!\d)"
    all_words = [w.lower() for w in [*t["vague"], *t["fractions"], *words]]
    core = re.compile(
        rf"""
        (?P<num>\d(?<![\d.,]\d)(?:
            # something other than digits, spaces or commas touches it on the left ("$5", "RM 4")
            (?<=[^\d\s,;(]\d){rest} | (?<=[^\d\s,;(][ \t]\d){rest}
            # or something may follow it: not a comma, a bracket, a line end or another number
            | {rest}(?![,;)\n]|[ \t]\d|[ \t]?\Z)))
        | (?P<words>(?i:\b(?:{alternation(all_words, factor=True)}|{article_re})\b))
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
        ambiguous[sym] = (base, amb[base]["default"], amb[base].get("variants", {}), amb[base].get("countries", {}))
    quals = t["qualifiers"]["forms"]
    d = t["direction"]
    moves = [w for w in d["down"] + d["up"] if w not in ("up", "down", "loss", "losses", "cut", "cuts")]
    cents = {k: v for k, v in t["cents"].items() if k != "attached_pence"}
    nf = t["not_figure"]
    months = alternation(nf["months"])
    ft = t["fraction_traps"]
    pop = t["population"]
    return _Rules(
        core=core,
        # the same on lowercased text: no IGNORECASE, so the word trie runs several times faster
        core_lower=re.compile(core.pattern.replace("(?i:", "(?:"), re.VERBOSE),
        cur_prefix=re.compile(rf"(?<![A-Za-z])(?P<cur>{alternation(t['currency_prefix'])})(?P<sp>[ \t]?)$"),
        cur_prefix_codes=t["currency_prefix"],
        cur_prefix_ends=frozenset(c[-1] for c in t["currency_prefix"]),
        cur_tight=frozenset(t["currency_tight"]["forms"]),
        move_before=re.compile(
            rf"(?<![A-Za-z])(?i:{alternation(moves)})(?:[ \t]+(?i:by|of|some|about|around|nearly|almost|roughly|a\s+further|another))?[ \t]+$"),
        down_words=frozenset(d["down"]),
        up_words=frozenset(d["up"]),
        between_words=frozenset(d["between"]),
        loss_words=frozenset(d["loss"]),
        cents=re.compile(rf"[ \t]+(?P<c>{alternation(cents)})\b"),
        cents_codes=cents,
        pence_attached=re.compile(rf"{re.escape(t['cents']['attached_pence'])}(?![A-Za-z0-9])"),
        scale_word=re.compile(rf"(?:[ \t\n]+|[ \t]*-[ \t]*)(?P<s>(?i:{alternation(scale_words)}))\b"),
        scale_suffix=re.compile(rf"(?P<s>{alternation(suffix)})(?![A-Za-z0-9])|[ \t](?P<sp>{alternation(spaced)})\b"),
        scale_values=scale_values,
        money_only_suffix=frozenset(t["scale"]["money_only_suffix"]),
        percent=re.compile(rf"[ \t]?%|(?:[ \t\n]+|-)?(?i:{alternation(t['percent']['forms'][1:], space=SPACE_OR_HYPHEN)})\b"),
        points=re.compile(rf"(?:[ \t\n]+|-)(?i:{alternation(t['percent']['points'], space=SPACE_OR_HYPHEN)})\b"),
        cur_suffix=re.compile(rf"[ \t\n]+(?P<c>{alternation(t['currency_suffix'])})\b"),
        cur_suffix_codes=t["currency_suffix"],
        cur_follows=re.compile(rf"[A-Za-z]{{0,3}}[ \t]+(?:{alternation(t['currency_suffix'])})\b"),
        unit=re.compile(rf"(?:[ \t\n]+|[ \t]*-[ \t]*)(?P<u>(?i:{alternation(unit_of, space=SPACE_OR_HYPHEN)}))(?![A-Za-z0-9])"),
        unit_attached=re.compile(rf"(?P<u>{alternation(attached)})(?![A-Za-z0-9])"),
        unit_of=unit_of,
        range_before=re.compile(r"(?<![A-Za-z])(?P<b>(?i:between|from))\s+$"),
        connector=re.compile(r"\s*(?:(?P<dash>[-–—])|(?P<to>to|through)\b|(?P<and>and)\b)\s*"),
        words={k.lower(): v for k, v in words.items()},
        small=frozenset(nw["small"]),
        articles=frozenset(nw["article"]),
        vague={k.lower(): v for k, v in t["vague"].items()},
        fractions={k.lower(): v for k, v in t["fractions"].items()},
        change_in=re.compile(rf"[ \t]+(?i:{alternation(t['percent']['change_nouns'])})[ \t]+in\b"),
        of=re.compile(r"[ \t]+of\b"),
        fraction_after_ok=re.compile(r"\s+of\b"),
        fraction_time=re.compile(rf"\s+of\s+(?:the\s+|a\s+|this\s+|that\s+|last\s+|next\s+)?(?:(?i:{alternation(ft['time_nouns'])})\b|\d{{4}}\b)"),
        fraction_before_bad=re.compile(rf"(?<![A-Za-z])(?i:{alternation(ft['before'])})\s+$"),
        qualifier_words=frozenset(q.lower() for q in quals),
        not_before=re.compile("|".join(f"(?:{p})" for p in nf["before"]), re.IGNORECASE),
        not_after=re.compile("|".join(f"(?:{p})" for p in nf["after"]), re.IGNORECASE),
        months=frozenset(m.lower() for m in nf["months"]),
        qualifier_len=max(len(q.split()) for q in quals),
        month_after=re.compile(rf"^[ \t]+(?:{months})\b"),
        year_range=tuple(nf["year_range"]),
        year_nouns=frozenset(nf["year_nouns"]),
        token=re.compile(r"[ \t\n]+(?P<w>[A-Za-z0-9][A-Za-z0-9’'&+.,-]*[A-Za-z0-9]|[A-Za-z0-9])"),
        irregular=frozenset(w.lower() for w in t["count"]["irregular_plurals"]),
        not_plural=frozenset(w.lower() for w in t["count"]["not_plural"]),
        stop=frozenset(w.lower() for w in t["count"]["stop"]),
        max_modifiers=int(t["count"]["max_modifiers"]),
        # matched on lowercased text: a trie without IGNORECASE is several times faster
        cue=re.compile(rf"(?<![a-z])(?=[a-z])(?:{alternation(cue_metric, factor=True)})(?![a-z])"),
        cue_metric=cue_metric,
        weak_cues=frozenset(c.lower() for c in t["metric_weak_cues"]["cues"]),
        metric_units={name: frozenset(m["units"]) for name, m in metrics.items()},
        subject_metrics={k.lower(): v for k, v in t["subject_metrics"].items()},
        pop_nouns=frozenset(pop["people_nouns"]),
        pop_before=re.compile(rf"(?<![A-Za-z])(?i:{alternation(pop['before'])})\s+$"),
        pop_after=re.compile(rf"\s+(?i:{alternation(pop['after'])})\b"),
        ambiguous=ambiguous,
        partitive=re.compile(r"[ \t]+(?:of|out\s+of)[ \t]+(?:the|its|their|these|those|our)\b", re.IGNORECASE),
        conversion_gap=re.compile(rf"[^.;()\n]{{0,60}}\(\s*(?:(?i:{alternation(quals)})\s+)?$"),
        side_opener=re.compile(rf"(?<![A-Za-z])(?i:{alternation(t['side_clause']['openers'], space=SPACE_OR_HYPHEN)})(?![A-Za-z])"),
        backed_after=re.compile(rf"-(?i:{alternation(t['side_clause']['backed'])})\b"),
        clause_break=re.compile(r"[,;:()\[\]—–]|\s-\s|\n"),
    )
