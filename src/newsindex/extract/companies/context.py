"""Discovery by corporate context: names the gazetteer lacks, found by what is said around them.

Each rule is a pattern whose name slot is a run of capitalised words; the companies layer
(``companies.discovery``) trims the run, drops places, people, outlets and institutions, and
keeps the rest as a discovered company. The rules, each with its ``rule`` name:

* ``ticker``      — a name before an exchange ticker: "Qantas Airways (ASX: QAN)", "(NYSE:F)";
* ``shares``      — "shares of X", "shares in X", "a stake in X", "X shares rose";
* ``possessive``  — "X's chief executive", "X's shares", "X's net profit";
* ``title``       — "X chief executive Jane Doe", "X CEO", "X boss", "a X analyst";
* ``statement``   — "X said in a statement", "X said in a filing", "X told the stock exchange";
* ``corporate``   — a corporate verb after X: "X reported a net profit", "X laid off",
  "X posted", "X agreed to buy", "acquired by X", "X announced" plus a corporate object;
* ``industry``    — a name ending in an industry word: "Tata Motors", "Foo Securities",
  "Bar Pharmaceuticals" (a first word that is an ordinary English word is not enough:
  "Clean Energy" is not a company);
* ``said_it``     — "X said it would", "X said on Tuesday that it has agreed" (a person is not "it");
* ``web``         — a name written as its web address: "Compare.com";
* ``bank_of``     — "Royal Bank of Canada", "Commonwealth Bank of Australia"; a central
  bank ("Bank of Canada", "Reserve Bank of India") is not a company.

The word lists are in ``data/companies.toml`` ([context]).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..patterns import BLANKS, alternation

# a capitalised word (as companies.filters._CAP) and a run of them (with "&", "of", "and" inside)
# a full stop ends a word of the run only after an initial or an abbreviation ("R.J.", "Co."): a
# run never runs on into the next sentence
CAP = (r"[A-Z](?:[A-Za-z0-9]{0,30}(?:[&.\-'\u2019][A-Za-z0-9]{1,30}){0,3}"
       r"(?:(?<=\b[A-Z])\.|(?<=\bCo)\.|(?<=\bInc)\.|(?<=\bCorp)\.|(?<=\bLtd)\.|(?<=\bBros)\.|(?<=\bSt)\.)?|&[A-Z])")
RUN = rf"{CAP}(?:[ \t]+(?:{CAP}|&|of(?=[ \t]+[A-Z]))){{0,5}}"


_AFTER_CHARS = frozenset(",('\u2019")
_NEXT_WORD_RE = re.compile(r"[ \t]+([A-Za-z-]+)")


@dataclass
class Hit:
    start: int
    end: int
    rule: str
    sector: str | None = None


class ContextRules:
    """The rules compiled from the [context] table."""

    def __init__(self, table: dict, common_words: frozenset[str]):
        t = table
        self.common = common_words
        ex = alternation(t.get("exchanges", []), space=BLANKS)
        poss = alternation(t.get("possessed", []), space=BLANKS)
        titles = alternation(t.get("titles", []), space=BLANKS)
        stmt = alternation(t.get("statements", []), space=BLANKS)
        verbs = alternation(t.get("corporate_verbs", []), space=BLANKS)
        by = alternation(t.get("acquired_by", []), space=BLANKS)
        ind = alternation(t.get("industry_words", []), space=BLANKS)
        # what follows a name (matched where a run of capitalised words, or a shorter part of it, ends)
        self.after_re = re.compile(
            rf"(?P<ticker>(?:,[ \t]*(?:Inc|Corp|Ltd|Co|plc|PLC)\.?)?[ \t]*\([ \t]*(?:{ex})[ \t]*:[ \t]*"
            rf"[A-Z0-9][A-Z0-9.\-]{{0,9}}[ \t]*[,;)])"
            rf"|(?P<shares>(?:['\u2019]s)?[ \t]+(?:shares|stock)[ \t]+(?:rose|fell|jumped|climbed|slumped|dropped|"
            rf"surged|tumbled|gained|slid|were|closed|have|had|plunged|soared|traded|ended)\b)"
            rf"|(?P<possessive>['\u2019]s[ \t]+(?:[a-z-]+[ \t]+){{0,2}}?(?:{poss})\b)"
            rf"|(?P<title>[ \t]+(?:{titles})[ \t]+(?:[A-Z][a-z]+[ \t]+)?[A-Z][a-z'\u2019-]+)"
            rf"|(?P<analyst>[ \t]+(?:analyst|analysts|economist|strategist)\b)"
            rf"|(?P<statement>[ \t]+(?:said|says|announced|confirmed|added)(?:[ \t]+on[ \t]+[A-Z][a-z]+)?[ \t]+(?:{stmt})\b)"
            rf"|(?P<corporate>(?:[ \t]+(?:on|last|this)[ \t]+[A-Z]?[a-z]+)?[ \t]+(?:{verbs})\b)"
            rf"|(?P<said_it>[ \t]+(?:said|says)(?:[ \t]+(?:on[ \t]+)?[A-Z][a-z]+)?(?:[ \t]+that)?[ \t]+it[ \t]+"
            rf"(?:would|will|has|had|was|is|expects|expected|plans|planned|intends|aims|reported|posted|made|"
            rf"sold|bought|agreed|could|did|does|sees|saw|remains|remained|continues|hopes)\b)"
        )
        self.web_re = re.compile(r"(?<![\w.@/])[A-Z][A-Za-z0-9-]{1,30}\.com\b(?![.\w/])")
        # what comes before a name (searched in a short window ending where the run starts)
        self.before_re = re.compile(
            rf"(?:\b(?P<shares>(?i:shares|stock|stake|stakes|holding|investment|shareholding)[ \t]+(?:of|in))"
            rf"|\b(?P<corporate>(?i:{by}))|\b(?P<article>a|an|the))[ \t]+$")
        self.run_re = re.compile(RUN)
        # the first word of every "after" phrase: after_re is tried only where one follows
        self.after_first = {p.split()[0] for k in ("titles", "statements", "corporate_verbs") for p in t.get(k, [])}
        self.after_first |= {"said", "says", "announced", "confirmed", "added", "shares", "stock", "analyst",
                             "analysts", "economist", "strategist", "on", "last", "this"}
        # the last word of every "before" phrase: the window is searched only after one of them
        self.before_last = {w.split()[-1] for w in t.get("acquired_by", [])} | {"of", "in", "a", "an", "the"}
        self.before_last |= {w.capitalize() for w in self.before_last}
        self.ind_last = {w.split()[-1] for w in t.get("industry_words", [])}
        self.inner_re = re.compile(
            r"(?P<shares>(?:Shares|Stock|Stakes?|Shareholdings?)[ \t]+(?:of|in)[ \t]+)(?=[A-Z])")
        self.word_end_re = re.compile(r"(?<=[\w.&'\u2019])(?=[ \t])")
        self.industry_re = re.compile(rf"[ \t](?:{ind})(?![\w&])")
        self.bank_of_re = re.compile(rf"Bank[ \t]+of[ \t]+{CAP}")
        lists = t.get("lists", {})
        self.central = {w.casefold() for w in lists.get("central_banks", [])}
        self.not_bank_words = {w.casefold() for w in lists.get("not_bank_words", [])}
        self.sectors = {k.casefold(): v for k, v in t.get("industry_sectors", {}).items()}
        self.strong_industry = set(t.get("strong_industry_words", []))

    def find(self, text: str) -> list[Hit]:
        """One pass over the runs of capitalised words; each run (and each shorter start of it)
        is checked against what follows and what precedes it."""
        out: list[Hit] = []
        after, before = self.after_re.match, self.before_re.search
        next_word, first_words = _NEXT_WORD_RE.match, self.after_first
        for r in self.run_re.finditer(text):
            rs, re_ = r.start(), r.end()
            run = text[rs:re_]
            inner = self.inner_re.match(text, rs, re_) if run[:1] == "S" else None  # "Shares of Foo"
            b = None
            if inner is not None:
                rs = inner.end()
                b = inner
                run = text[rs:re_]
            else:
                sp = text.rfind(" ", max(0, rs - 16), rs - 1)
                if text[sp + 1:rs].strip() in self.before_last:  # only then the window search
                    b = before(text, max(0, rs - 40), rs)
            ends = [re_]
            if " " in run or "\t" in run:
                ends += [m.start() for m in self.word_end_re.finditer(text, rs, re_)][::-1]
            if text[re_ - 2:re_] in ("'s", "\u2019s"):
                ends.insert(0, re_ - 2)  # "Foo's chief executive"
            found = False
            for e in ends:
                ch = text[e:e + 1]
                if ch in " \t":
                    w = next_word(text, e)
                    if (w is None or w.group(1) not in first_words) and text[e:e + 3].lstrip(" \t")[:1] != "(":
                        continue
                elif ch not in _AFTER_CHARS:
                    continue
                a = after(text, e)
                if a is None:
                    continue
                rule = a.lastgroup
                if rule == "analyst":
                    if b is None or b.lastgroup != "article":
                        continue
                    rule = "title"
                out.append(Hit(rs, e, rule))
                found = True
                break
            if not found and b is not None and b.lastgroup != "article":
                out.append(Hit(rs, re_, "shares" if b.lastgroup == "shares" else "corporate"))
            words_in_run = run.split()
            m = self.industry_re.search(text, rs, re_) if len(words_in_run) > 1 and not self.ind_last.isdisjoint(words_in_run) else None
            if m is not None and text[m.end():re_].strip():
                m = None  # "Foo Securities Exchange": the name runs on
            if m is not None:
                words = text[rs:m.end()].split()
                first = words[0].casefold().rstrip(".")
                before_ind = words[-2].casefold() if len(words) > 1 else ""
                strong = m.group().strip() in self.strong_industry
                if before_ind in self.not_bank_words:
                    pass  # "Central Bank", "African Development Bank", "Clean Energy"
                elif strong or not (len(words) == 2 and first in self.common):
                    out.append(Hit(rs, m.end(), "industry", self.sectors.get(words[-1].casefold())))
            m = self.bank_of_re.search(text, rs, re_) if "Bank" in words_in_run else None
            if m is not None:
                name = " ".join(text[rs:re_].split())
                head = name.split(" Bank of ")[0].split() if " Bank of " in name else []
                if name.casefold() in self.central or (head and head[-1].casefold() in self.not_bank_words):
                    continue  # "Bank of Canada", "Reserve Bank of India": central banks
                if not head and any(name.casefold().startswith(c + " ") for c in self.central):
                    continue  # "Bank of England Governor"
                out.append(Hit(rs, re_, "bank_of", "bank"))
        for m in self.web_re.finditer(text) if ".com" in text else ():  # every web name holds ".com"
            out.append(Hit(m.start(), m.end(), "web"))
        return out
