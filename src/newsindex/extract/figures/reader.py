"""Reading numbers: the scanner that finds each number core and reads it outwards into a hit
(currency, scale, unit or counted noun, qualifier, range). See the package docstring."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .currency import Hint, document_code
from .rules import (
    _GAP, _HALF_A, _OPENERS, _WORD_BEFORE, DETERMINERS, MAX_DIGITS, REACH, WINDOW,
    _norm, _to_number, rules,
)
from ..patterns import alternation

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
    currency_source: str | None = None  # money: symbol / outlet / dateline / document / default
    direction: str | None = None  # "down" for a signed negative ("-0.2%")


#: a model number inside a noun phrase: "737", "737s", "8", "A350s" (after a capitalised name)
_MODEL = re.compile(r"[A-Z]?\d{1,4}[A-Za-z]{0,2}s?")


_MODELS = re.compile(r"[A-Z]?\d{2,4}s")


@lru_cache(maxsize=8)
def _prefix_code_re(codes: tuple[str, ...]) -> re.Pattern:
    """A currency prefix ("$", "US$", ...) at the start of a string, compiled once."""
    return re.compile(alternation(codes))


class _Reader:
    """Reads the figures of one body, left to right."""

    def __init__(self, body: str, hint: Hint | None = None):
        self.body = body
        self.hint = hint
        self.r = rules()
        low = body.lower()
        # scanning the lowercased text is faster; lower() can change lengths ("İ"), then not
        self.scan = (self.r.core_lower, low) if len(low) == len(body) else (self.r.core, body)
        self._codes: dict[str, tuple[str, str]] = {}

    # -- the document decides what "$" and "¥" mean
    def code_for(self, written: str, table: dict) -> tuple[str, str]:
        """(ISO code, currency_source) of a currency as written."""
        if written not in self.r.ambiguous:
            return table[written], "symbol"
        base, default, variants, countries = self.r.ambiguous[written]
        if base not in self._codes:
            self._codes[base] = document_code(self.body, base, default, variants, countries, self.hint)
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
            code, source = self.code_for(cur.group("c"), self.r.cur_suffix_codes)
            return _Hit(m.start(), after_of + cur.end(), mag, code, "money", "vague", low=mag, high=mag * 10, vague=True,
                        currency_source=source)
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
        prev_name = False
        for n in range(limit + 1):
            t = r.token.match(self.body, pos, pos + WINDOW)
            if not t:
                break
            w = t.group("w")
            if self.is_plural(w) and not (w[0].isupper() and self.model_follows(t.end())):
                head = self.plural_chain(t)
                break
            lw = w.lower()
            if allow_numbers and lw in ("most", "more", "least", "top", "biggest", "largest"):
                pos = t.end()
                continue
            if lw in r.stop:
                break
            if n and prev_name and _MODELS.fullmatch(w):
                head = (lw, t.end())  # "10 Boeing 737s", "10 Airbus A350s"
                break
            if w[0].isdigit() and not allow_numbers:
                # a model number after a name: "nine Boeing Max 8 aircraft"
                if n == 0 or not prev_name or not _MODEL.fullmatch(w):
                    break
            if "'" in w or "’" in w:
                break
            prev_name = w[0].isupper() or w[0].isdigit()
            if "'" in w or "’" in w:
                break
            pos = t.end()
        return head

    def model_follows(self, i: int) -> bool:
        """A model number comes next: "Airbus A350s", "Boeing 737s" (the name is not the head)."""
        t = self.r.token.match(self.body, i, i + 12)
        return bool(t and t.group("w")[-2:-1].isdigit() and _MODEL.fullmatch(t.group("w")))

    def currency_before(self, start: int):
        """(code, start of the currency, currency_source, tight) when a currency prefix touches the
        number; ``tight`` for a single-letter currency ("R250m") that needs a scale or separators."""
        last = self.body[max(0, start - 2):start].rstrip(" \t")[-1:]
        if not last or last not in self.r.cur_prefix_ends:
            return None
        m = self.r.cur_prefix.search(self.before(start, 8))
        if not m:
            return None
        written = m.group("cur")
        tight = written in self.r.cur_tight
        if tight and m.group("sp"):
            return None  # "R 5", "N 3": a letter, not a currency
        code, source = self.code_for(written, self.r.cur_prefix_codes)
        return code, start - len(m.group()), source, tight

    def subunit(self, written: str, pos: int):
        """(code, currency_source, end) of cents or pence after a number: "52 cents", "10.6p"."""
        r = self.r
        m = r.cents.match(self.body, pos, pos + 24)
        if m:
            code = r.cents_codes[m.group("c")]
            if code in r.ambiguous:
                return (*self.code_for(code, r.cur_prefix_codes), m.end())
            return code, "symbol", m.end()
        m = r.pence_attached.match(self.body, pos, pos + 2)
        if m and ("." in written or len(written) <= 2):
            return "GBP", "symbol", m.end()
        return None

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
        source = cur[2] if cur else None

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
        if cur and cur[3] and not (scaled or "," in written):
            return None  # "N95 masks", "R2": a letter before a number, not rand or naira
        value = _to_number(base * mult)

        rule = "money"
        if code is None:
            cm = r.cur_suffix.match(body, pos, pos + WINDOW)
            if cm:
                code, source = self.code_for(cm.group("c"), r.cur_suffix_codes)
                pos = cm.end()
            elif not scaled and not is_word and (sub := self.subunit(written, pos)):
                code, source, pos = sub
                value, rule = _to_number(base / 100), "money_cents"
        if code is not None:
            hit = _Hit(fstart, pos, value, code, "money", rule, scaled=scaled, currency_source=source)
        elif (pm := r.points.match(body, pos, pos + WINDOW)):
            hit = _Hit(fstart, pm.end(), value, "percentage_point", "percent", "percent", scaled=scaled)
        elif (pm := r.percent.match(body, pos, pos + WINDOW)):
            hit = _Hit(fstart, pm.end(), value, "percent", "percent", "percent", scaled=scaled)
            if fstart == start and start > 0 and body[start - 1] in "-−" and (start == 1 or body[start - 2] in " \t\n("):
                hit.start, hit.value, hit.direction = start - 1, -value, "down"  # "-0.2%" in a results table
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
        return not (hit.scaled or hit.qualifier) or (not hit.scaled and hit.subject in self.r.year_nouns)

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
        # "from 3,000 to 4,500 people", "rose 10.6p to 338.2p": two figures, not a range; a bare
        # first number takes the second's unit ("from 5 to 10 per cent")
        pair = bool(c.group("to")) and (opener == "from" or bool(r.move_before.search(self.before(x.start, 40))))
        if pair and not x.bare:
            return None
        if c.group("dash") and x.kind == "count" and not x.bare:
            return None
        m = r.core.match(self.body, c.end())
        if not m or self.kind(m) not in ("num", "word"):
            # a currency before the second number: "$3bn-$4bn"
            cm = _prefix_code_re(tuple(r.cur_prefix_codes)).match(self.body[c.end():c.end() + 6])
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
        if pair:
            return _Hit(x.start, x.end, low, y.unit, x_kind, y.rule, None, y.subject, scaled=y.scaled,
                        currency_source=y.currency_source)
        if low > y.value:
            return None
        return _Hit(x.start, y.end, low, y.unit, x_kind, "range", None, y.subject,
                    low=low, high=y.value, scaled=y.scaled, currency_source=y.currency_source or x.currency_source)

    def unscaled(self, y: _Hit) -> Decimal:
        """The number as written in a range's second half (before its scale)."""
        m = self.r.core.search(self.body, y.start, y.end)
        if m.group("num") is None:
            return Decimal(self.r.words.get(_norm(m.group()), 1))
        return Decimal(m.group().replace(",", ""))


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
